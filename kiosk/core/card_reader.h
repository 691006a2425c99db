#pragma once
// The ID card reader as the app and screens see it. The concrete driver
// (drivers/idcard: SamCardReader) is created by the composition root in
// kiosk/app; screens and flows only ever hold a CardReader&.
//
// Threads: start() and stop() are called by the owner (the UI thread in the
// app). Every callback runs on the reader's own thread: forward to the UI
// with RunQueue::post (postingTo() below does exactly that) and never block
// in a callback. After stop() returns no callback runs any more.
//
// Events: one onCardRead per placement of a card (no repeats while it stays
// on the reader); onCardRemoved when it is lifted (or the reader vanished
// while a card was on it); onError when a placed card could not be read
// after the driver's retries (usually a card lifted mid-read: show "hold the
// card still"; the driver tries again by itself on the next placement or
// poll). Expected failures are values here, never exceptions.
#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/id_card.h"
#include "kiosk/core/run_queue.h"
#include "kiosk/core/strings.h"

namespace kiosk {

enum class ReaderHealthState { Ok, NoDevice, Error };

struct ReaderHealth {
    ReaderHealthState state = ReaderHealthState::NoDevice;
    std::string reason;  // English, for maintainers and logs; never personal data

    friend bool operator==(const ReaderHealth&, const ReaderHealth&) = default;
};

enum class CardReadError {
    ReadFailed,   // the card did not answer reliably (often: moved or lifted mid-read)
    InvalidData,  // read, but the content is not a valid card (bad ID number, bad dates)
};

// i18n keys of the message for the resident / the corner indicator.
inline const char* cardReadErrorKey(CardReadError error) {
    switch (error) {
        case CardReadError::ReadFailed:
            return i18nKey("idcard.error.hold_still");
        case CardReadError::InvalidData:
            return i18nKey("idcard.error.invalid");
    }
    return i18nKey("idcard.error.hold_still");
}
inline const char* readerHealthKey(ReaderHealthState state) {
    switch (state) {
        case ReaderHealthState::Ok:
            return i18nKey("idcard.health.ok");
        case ReaderHealthState::NoDevice:
            return i18nKey("idcard.health.no_device");
        case ReaderHealthState::Error:
            return i18nKey("idcard.health.error");
    }
    return i18nKey("idcard.health.error");
}

class CardReader {
public:
    struct Callbacks {
        std::function<void(IdCard)> onCardRead;
        std::function<void()> onCardRemoved;
        std::function<void(CardReadError)> onError;
        std::function<void(const ReaderHealth&)> onHealthChanged;
    };

    virtual ~CardReader() = default;
    // Starts the reader's thread. Call once. Empty callbacks are allowed.
    virtual void start(Callbacks callbacks) = 0;
    // Stops and joins the thread; safe to call twice and from the destructor.
    virtual void stop() = 0;
    // The current health; any thread.
    virtual ReaderHealth health() const = 0;
};

// Wraps callbacks so that each one runs on the UI thread via `queue` (the
// queue must outlive the reader's thread, i.e. stop the reader first).
inline CardReader::Callbacks postingTo(RunQueue& queue, CardReader::Callbacks ui) {
    auto shared = std::make_shared<CardReader::Callbacks>(std::move(ui));
    CardReader::Callbacks out;
    out.onCardRead = [&queue, shared](IdCard card) {
        if (!shared->onCardRead) return;
        auto boxed = std::make_shared<IdCard>(std::move(card));
        queue.post([shared, boxed] { shared->onCardRead(std::move(*boxed)); });
    };
    out.onCardRemoved = [&queue, shared] {
        if (shared->onCardRemoved) queue.post([shared] { shared->onCardRemoved(); });
    };
    out.onError = [&queue, shared](CardReadError e) {
        if (shared->onError) queue.post([shared, e] { shared->onError(e); });
    };
    out.onHealthChanged = [&queue, shared](const ReaderHealth& h) {
        if (shared->onHealthChanged) queue.post([shared, h] { shared->onHealthChanged(h); });
    };
    return out;
}

}  // namespace kiosk

#pragma once
// A receipt to print (or, when the printer cannot, to show on screen with
// its QR code): what a flow hands over after an application, a booking or a
// balance check. Receipts carry references, not personal data: no name, no
// full ID number (callers pass masked values). drivers/printer turns one
// into ESC/POS bytes.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk {

struct Receipt {
    std::string title;                                     // printed large, bold, centred
    std::vector<std::pair<std::string, std::string>> rows;  // "label: value" lines
    std::string qrPayload;                                 // empty: no QR code
    std::string qrCaption;
    std::string footer;
};

// The QR on the slip of a submission still waiting on this kiosk (queued
// offline, or refused by the centre): "KQ1." and the submission's
// idempotency key, a random UUID, nothing personal. Only this kiosk's outbox
// knows the key; scanned here later (progress lookup), it tells what became
// of the submission, and once the centre answered, shows the answer.
inline constexpr std::string_view kQueuedSlipPrefix = "KQ1.";
inline std::string queuedSlipCode(std::string_view idempotencyKey) {
    return std::string(kQueuedSlipPrefix) + std::string(idempotencyKey);
}

// Where the last print request of the session stands (SessionFlow::printState).
enum class PrintState { Idle, Printing, Printed, Failed };

}  // namespace kiosk

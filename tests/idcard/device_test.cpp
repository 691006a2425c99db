// The real driver (SamCardReader) against the emulator over a real
// pseudo-terminal: one event per placement, every fault mode, reconnects.
#include <gtest/gtest.h>

#include "idcard_test_support.h"
#include "kiosk/core/id_number.h"
#include "kiosk/core/log.h"

using namespace kiosk;
using namespace kiosk::idcard;
using namespace idcard_test;

namespace {

class IdcardDevice : public ::testing::Test {
protected:
    void SetUp() override {
        EmulatorOptions options;
        options.linkPath = (dir.path / "reader").string();
        auto started = IdCardEmulator::start(options);
        ASSERT_TRUE(started) << started.error();
        emu = std::move(started.value());
    }
    void startReader(SamReaderConfig config) {
        reader = std::make_unique<SamCardReader>(std::move(config));
        reader->start(recorder.callbacks());
    }
    void startReader() { startReader(fastConfig(emu->devicePath())); }
    void TearDown() override {
        if (reader) reader->stop();
    }
    // Lets the driver poll a few more times (to prove nothing more happens).
    void letItPoll(int polls = 5) {
        int base = emu->counters().finds;
        ASSERT_TRUE(emu->waitFor([&](const auto& c) { return c.finds >= base + polls; }, kGuard));
    }
    size_t cardsRead() { return recorder.snapshot().cards.size(); }
    bool waitCards(size_t n) {
        return recorder.waitFor([n](const Recorder::Record& r) { return r.cards.size() >= n; });
    }

    TempDir dir;
    std::unique_ptr<IdCardEmulator> emu;
    Recorder recorder;
    std::unique_ptr<SamCardReader> reader;
};

}  // namespace

TEST_F(IdcardDevice, NoCardMeansNoEventsAndHealthOk) {
    startReader();
    letItPoll(5);
    auto r = recorder.snapshot();
    EXPECT_TRUE(r.cards.empty());
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.removed, 0);
    EXPECT_TRUE(healthIs(r, ReaderHealthState::Ok));
    EXPECT_EQ(reader->health().state, ReaderHealthState::Ok);
}

TEST_F(IdcardDevice, OneEventPerPlacementAndAgainAfterLiftAndPlace) {
    startReader();
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    letItPoll(5);
    EXPECT_EQ(cardsRead(), 1u) << "no repeats while the card stays";
    {
        auto card = recorder.snapshot().cards.at(0);
        EXPECT_EQ(card.kind, CardKind::Resident);
        EXPECT_EQ(card.name.reveal(), "王晓明");
        EXPECT_EQ(card.idNumber.reveal(), "330106199003070014");
        EXPECT_EQ(card.nation.reveal(), "汉");
        EXPECT_EQ(card.photoWlt.reveal().size(), 1024u);
        EXPECT_FALSE(card.photo) << "no vendor decoder: the UI shows a placeholder";
    }
    emu->liftCard();
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return r.removed == 1; }));
    EXPECT_EQ(cardsRead(), 1u);
    emu->placeCard(profile("resident_rare_name.json"));
    ASSERT_TRUE(waitCards(2));
    EXPECT_EQ(recorder.snapshot().cards.at(1).name.reveal(), "刘䶮");
    letItPoll(3);
    EXPECT_EQ(cardsRead(), 2u);
    EXPECT_TRUE(recorder.snapshot().errors.empty());
}

TEST_F(IdcardDevice, ReadsEveryCardKind) {
    startReader();
    struct Case {
        const char* file;
        CardKind kind;
    };
    const Case cases[] = {{"resident.json", CardKind::Resident},
                          {"resident_expired.json", CardKind::Resident},
                          {"resident_long_term.json", CardKind::Resident},
                          {"permit_j.json", CardKind::HkMacaoTaiwanPermit},
                          {"foreign_i.json", CardKind::ForeignPermanent2017},
                          {"foreign_y.json", CardKind::ForeignPermanent2023}};
    size_t n = 0;
    for (const auto& c : cases) {
        auto p = profile(c.file);
        emu->placeCard(p);
        ASSERT_TRUE(waitCards(++n)) << c.file;
        auto card = recorder.snapshot().cards.back();
        EXPECT_EQ(card.kind, c.kind) << c.file;
        EXPECT_EQ(card.idNumber, p.card.idNumber) << c.file;
        EXPECT_EQ(card.name, p.card.name) << c.file;
        EXPECT_EQ(card.englishName, p.card.englishName) << c.file;
        EXPECT_EQ(card.validTo, p.card.validTo) << c.file;
        emu->liftCard();
        ASSERT_TRUE(recorder.waitFor([n](const auto& r) { return r.removed == static_cast<int>(n); })) << c.file;
    }
    auto cards = recorder.snapshot().cards;
    EXPECT_TRUE(cards[1].isExpired(std::chrono::year{2025} / 12 / 1));
    EXPECT_TRUE(cards[2].longTerm());
    EXPECT_FALSE(cards[2].isExpired(std::chrono::year{2099} / 1 / 1));
}

TEST_F(IdcardDevice, CardPlacedAfterSomePolls) {
    emu->placeCardAfterPolls(profile("permit_j.json"), 6);
    startReader();
    ASSERT_TRUE(waitCards(1));
    EXPECT_GE(emu->counters().finds, 7);
    EXPECT_EQ(recorder.snapshot().cards[0].passNumber.reveal(), "H12345678");
}

TEST_F(IdcardDevice, BadChecksumOnTheReadIsRetried) {
    startReader();
    emu->corruptNextReadResponses(1);
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_GE(reader->stats().corruptFrames, 1);
    EXPECT_GE(reader->stats().retries, 1);
    EXPECT_GE(emu->counters().reads, 2);
    EXPECT_TRUE(recorder.snapshot().errors.empty());
}

TEST_F(IdcardDevice, BadChecksumsOnAnyResponseAreRetried) {
    startReader();
    letItPoll(2);
    emu->corruptNextResponses(2);
    emu->placeCard(profile("foreign_y.json"));
    ASSERT_TRUE(waitCards(1));
    letItPoll(3);
    EXPECT_EQ(cardsRead(), 1u);
    EXPECT_GE(reader->stats().corruptFrames, 2);
}

TEST_F(IdcardDevice, ResponsesSplitIntoSmallChunks) {
    emu->setChunking(7, std::chrono::milliseconds(1));
    startReader();
    emu->placeCard(profile("foreign_i.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_EQ(recorder.snapshot().cards[0].englishName.reveal(), "SMITH, JOHN WILLIAM");
}

TEST_F(IdcardDevice, GarbageBeforeFrames) {
    emu->garbageBeforeNextResponses(12, 40);
    startReader();
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_TRUE(recorder.snapshot().errors.empty());
    EXPECT_EQ(recorder.snapshot().cards[0].idNumber.reveal(), "330106199003070014");
}

TEST_F(IdcardDevice, ReadFailureIsRetried) {
    startReader();
    emu->failNextReads(2);
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_TRUE(recorder.snapshot().errors.empty());
    EXPECT_GE(emu->counters().reads, 3);
}

TEST_F(IdcardDevice, PersistentReadFailureReportsOnceThenRecovers) {
    startReader();
    emu->failNextReads(1000);
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return !r.errors.empty(); }));
    int reads = emu->counters().reads;
    ASSERT_TRUE(emu->waitFor([&](const auto& c) { return c.reads >= reads + 6; }, kGuard))
        << "the driver keeps trying while the card stays";
    auto r = recorder.snapshot();
    EXPECT_EQ(r.errors.size(), 1u) << "one error per placement";
    EXPECT_EQ(r.errors[0], CardReadError::ReadFailed);
    EXPECT_TRUE(r.cards.empty());
    emu->failNextReads(0);  // the resident held the card still
    ASSERT_TRUE(waitCards(1));
}

TEST_F(IdcardDevice, CardLiftedMidReadGetsAnErrorAndIsReadWhenPlacedAgain) {
    startReader();
    emu->liftDuringNextRead();
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return !r.errors.empty(); }));
    EXPECT_EQ(recorder.snapshot().errors[0], CardReadError::ReadFailed);
    EXPECT_TRUE(recorder.snapshot().cards.empty());
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_EQ(recorder.snapshot().errors.size(), 1u);
}

TEST_F(IdcardDevice, SlowReaderAtRealWireTiming) {
    // 57600 baud: the 1295-byte read response takes about 225 ms on the wire
    // and arrives in many small pieces. The driver's read timeout scales with
    // its configured baud.
    emu.reset();
    EmulatorOptions options;
    options.linkPath = (dir.path / "slow").string();
    options.baud = 57600;
    options.wireTiming = true;
    auto started = IdCardEmulator::start(options);
    ASSERT_TRUE(started) << started.error();
    emu = std::move(started.value());
    auto config = fastConfig(emu->devicePath());
    config.baud = 57600;
    config.readTimeout = std::chrono::milliseconds(100);  // less than the wire time: the driver must add it
    startReader(config);
    emu->placeCard(profile("resident_long_term.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_TRUE(recorder.snapshot().cards[0].longTerm());
    EXPECT_EQ(reader->stats().retries, 0);
}

TEST_F(IdcardDevice, UnplugAndReplugReconnects) {
    startReader();
    emu->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    emu->unplug();
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::NoDevice); }));
    EXPECT_EQ(recorder.snapshot().removed, 1) << "a vanished reader cannot vouch for the card";
    EXPECT_EQ(reader->health().state, ReaderHealthState::NoDevice);
    ASSERT_TRUE(emu->replug());
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::Ok); }));
    ASSERT_TRUE(waitCards(2)) << "the card still on the reader is read again after the reconnect";
    EXPECT_GE(reader->stats().opens, 2);
}

TEST_F(IdcardDevice, StartsBeforeTheDeviceExists) {
    std::string path = (dir.path / "later").string();
    startReader(fastConfig(path));
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::NoDevice); }));
    EmulatorOptions options;
    options.linkPath = path;
    auto late = IdCardEmulator::start(options);
    ASSERT_TRUE(late);
    late.value()->placeCard(profile("resident.json"));
    ASSERT_TRUE(waitCards(1));
    EXPECT_EQ(reader->health().state, ReaderHealthState::Ok);
}

TEST_F(IdcardDevice, SilentReaderIsAnErrorUntilItAnswers) {
    emu->setSilent(true);
    startReader();
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::Error); }));
    EXPECT_EQ(reader->health().reason, "reader not responding");
    emu->setSilent(false);
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::Ok); }));
}

TEST_F(IdcardDevice, StopIsPromptAndFinal) {
    startReader();
    letItPoll(2);
    reader->stop();
    emu->placeCard(profile("resident.json"));
    int finds = emu->counters().finds;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(emu->counters().finds, finds);
    EXPECT_TRUE(recorder.snapshot().cards.empty());
    reader->stop();  // twice is fine
}

TEST_F(IdcardDevice, CallbacksCanBeRoutedThroughTheRunQueue) {
    RunQueue queue;
    std::vector<std::string> seen;
    CardReader::Callbacks ui;
    ui.onCardRead = [&](IdCard card) { seen.push_back(card.name.reveal()); };
    ui.onCardRemoved = [&] { seen.push_back("removed"); };
    reader = std::make_unique<SamCardReader>(fastConfig(emu->devicePath()));
    reader->start(postingTo(queue, ui));
    emu->placeCard(profile("resident.json"));
    auto deadline = std::chrono::steady_clock::now() + kGuard;
    while (seen.empty() && std::chrono::steady_clock::now() < deadline) {
        queue.drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    reader->stop();
    queue.drain();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen[0], "王晓明");
}

TEST_F(IdcardDevice, PersonalDataNeverReachesTheLog) {
    auto previous = spdlog::default_logger()->level();
    spdlog::default_logger()->set_level(spdlog::level::trace);
    LogCapture* capture = startLogCapture();
    auto p = profile("resident.json");
    startReader();
    emu->failNextReads(1);
    emu->corruptNextResponses(1);
    emu->placeCard(p);
    ASSERT_TRUE(waitCards(1));
    KLOG_INFO("test: read card of {} ({})", recorder.snapshot().cards[0].name, recorder.snapshot().cards[0].idNumber);
    emu->liftCard();
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return r.removed == 1; }));
    emu->unplug();
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return healthIs(r, ReaderHealthState::NoDevice); }));
    reader->stop();
    std::string log = stopLogCapture(capture);
    spdlog::default_logger()->set_level(previous);

    EXPECT_NE(log.find("idcard: card read"), std::string::npos) << log;
    EXPECT_NE(log.find("[redacted]"), std::string::npos);
    for (const std::string& secret :
         {p.card.name.reveal(), p.card.idNumber.reveal(), maskIdentifier(p.card.idNumber.reveal()),
          p.card.address.reveal(), p.card.birthDate.reveal(), std::string("19900307"), std::string("文三路")})
        EXPECT_EQ(log.find(secret), std::string::npos) << "leaked: " << secret << "\n" << log;
}

// The benchmark, reported (not asserted: no timed tests): card
// placed -> onCardRead with the emulator at 115200 baud and real wire timing,
// the driver at its default poll interval. Goal <= 250 ms.
TEST_F(IdcardDevice, ReportsPlacementToEventLatencyAtWireTiming) {
    emu.reset();
    EmulatorOptions options;
    options.linkPath = (dir.path / "timed").string();
    options.wireTiming = true;
    auto started = IdCardEmulator::start(options);
    ASSERT_TRUE(started);
    emu = std::move(started.value());
    auto config = fastConfig(emu->devicePath());
    config.pollInterval = SamReaderConfig{}.pollInterval;
    startReader(config);
    auto p = profile("resident.json");
    std::vector<long> ms;
    for (int i = 0; i < 3; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        emu->placeCard(p);
        ASSERT_TRUE(waitCards(static_cast<size_t>(i + 1)));
        ms.push_back(static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()));
        emu->liftCard();
        ASSERT_TRUE(recorder.waitFor([i](const auto& r) { return r.removed == i + 1; }));
    }
    std::sort(ms.begin(), ms.end());
    RecordProperty("placement_to_event_ms_median", static_cast<int>(ms[1]));
    std::printf("idcard latency, card placed -> event (115200 baud, wire timing, poll %lld ms): %ld / %ld / %ld ms\n",
                static_cast<long long>(config.pollInterval.count()), ms[0], ms[1], ms[2]);
}

// The kiosk as a resident meets it, rendered offscreen and driven by taps.
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cmath>
#include <atomic>
#include <thread>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {
KioskConfig testConfig() {
    KioskConfig cfg;
    cfg.voice.enabled = false;  // the voice has its own tests
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    cfg.session.inactivitySeconds = 60;
    cfg.session.warningSeconds = 15;
    return cfg;
}
}  // namespace

TEST_F(UiTest, AttractScreenRendersChineseText) {
    startApp(testConfig());
    Image shot = screenshot();
    ASSERT_EQ(shot.width, 1920);
    ASSERT_EQ(shot.height, 1080);
    // Not blank: a real screen has text, a card drawing and buttons.
    size_t ink = inkPixels(shot, app->theme().background);
    EXPECT_GT(ink, shot.width * shot.height / 50) << "screenshot is (nearly) blank";
    // The title band holds rendered glyphs.
    EXPECT_GT(inkPixels(shot, app->theme().background, 0, 100, 1920, 220), 3000u);

    // Every character of every UI string is in the atlas: none would fall
    // back to a placeholder box.
    ImFont* font = app->theme().fonts.body;
    std::string all = app->strings().allText();
    const char* p = all.c_str();
    while (*p) {
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        if (c < 0x20) continue;  // line breaks are layout, not glyphs
        ASSERT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr) << "no glyph for U+" << std::hex << c;
    }
}

TEST_F(UiTest, ChineseGlyphsDrawAsGlyphsNotPlaceholders) {
    startApp(testConfig());
    ImFont* font = app->theme().fonts.title;
    EXPECT_EQ(font->FallbackChar, 0x25A1) << "missing characters must show as a visible box, not '?'";
    // Compare the rasterised pixels of real glyphs with the placeholder box.
    unsigned char* atlas = nullptr;
    int aw = 0, ah = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&atlas, &aw, &ah);
    auto bitmap = [&](const ImFontGlyph* g) {
        std::vector<unsigned char> px;
        for (int y = static_cast<int>(g->V0 * ah); y < static_cast<int>(g->V1 * ah); ++y)
            for (int x = static_cast<int>(g->U0 * aw); x < static_cast<int>(g->U1 * aw); ++x) px.push_back(atlas[y * aw + x]);
        return px;
    };
    const ImFontGlyph* box = font->FindGlyphNoFallback(0x25A1);
    ASSERT_NE(box, nullptr);
    auto boxPixels = bitmap(box);
    for (ImWchar c : {0x6C11, 0x653F, 0x8BF7, 0x8865}) {  // 民 政 请 补
        const ImFontGlyph* g = font->FindGlyphNoFallback(c);
        ASSERT_NE(g, nullptr) << std::hex << c;
        auto px = bitmap(g);
        size_t ink = std::count_if(px.begin(), px.end(), [](unsigned char a) { return a > 128; });
        EXPECT_GT(ink, 100u) << "glyph U+" << std::hex << c << " is empty";
        EXPECT_NE(px, boxPixels) << "glyph U+" << std::hex << c << " looks like the placeholder";
    }
}

TEST_F(UiTest, RareCharactersAreAddedToTheAtlasAtRunTime) {
    startApp(testConfig());
    ImWchar rare = 0x4DAE;  // 䶮, outside the common range
    ASSERT_EQ(app->theme().fonts.body->FindGlyphNoFallback(rare), nullptr);
    app->requireGlyphs("刘䶮");
    frames(1);
    EXPECT_NE(app->theme().fonts.body->FindGlyphNoFallback(rare), nullptr);
}

TEST_F(UiTest, ResidentWalksThroughAndTimesOut) {
    startApp(testConfig());
    Image attractZh = screenshot();

    tap("attract.start");
    ASSERT_EQ(app->flow().current(), ScreenId::Identify);
    tap("identify.key_in");
    ASSERT_EQ(app->flow().current(), ScreenId::IdEntry);

    // A wrong check digit is refused with a message, and nothing is identified.
    for (char c : std::string("110105194912310021")) tap(std::string("id_entry.key.") + c);
    tap("id_entry.confirm");
    EXPECT_EQ(app->flow().current(), ScreenId::IdEntry);
    EXPECT_EQ(app->flow().lastEntryError(), IdNumberError::BadCheckDigit);
    tap("id_entry.key.delete");
    tap("id_entry.key.X");
    tap("id_entry.confirm");
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    ASSERT_TRUE(app->flow().data().identity);

    // Switch language on the menu; the screen changes with it.
    Image menuZh = screenshot();
    tap("header.language");
    EXPECT_EQ(app->flow().language(), Language::En);
    Image menuEn = screenshot();
    EXPECT_GT(differingPixels(menuZh, menuEn), 5000u);

    // Walk away. After the idle time a countdown covers the screen...
    clock.advance(std::chrono::seconds(61));
    frames(1);
    EXPECT_TRUE(hasTarget("timeout.continue"));
    Image warning = screenshot();
    EXPECT_GT(differingPixels(menuEn, warning), warning.width * warning.height / 3);
    // ...and when it runs out the session ends: attract screen, data gone.
    clock.advance(std::chrono::seconds(15));
    frames(2);
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_TRUE(app->flow().data().empty());
    EXPECT_EQ(app->flow().language(), Language::ZhCN);
    EXPECT_LT(differingPixels(attractZh, screenshot()), 100u) << "back at the same attract screen";
}

TEST_F(UiTest, ATouchDuringTheCountdownKeepsTheSession) {
    startApp(testConfig());
    tap("attract.start");
    clock.advance(std::chrono::seconds(65));
    frames(1);
    ASSERT_TRUE(hasTarget("timeout.continue"));
    tap("timeout.continue");
    EXPECT_EQ(app->flow().current(), ScreenId::Identify) << "the tap keeps the session and presses nothing beneath";
    clock.advance(std::chrono::seconds(30));
    frames(1);
    EXPECT_FALSE(hasTarget("timeout.continue"));
    EXPECT_EQ(app->flow().current(), ScreenId::Identify);
}

TEST_F(UiTest, SwitchedOffServiceShowsAsUnavailable) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    cfg.service(ServiceId::Marriage).enabled = false;
    startApp(cfg);
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    ASSERT_TRUE(hasTarget("menu.marriage"));
    EXPECT_FALSE(app->targets().at("menu.marriage").enabled);
    tap("menu.marriage");
    EXPECT_EQ(app->flow().current(), ScreenId::Menu);
    tap("menu.balances");
    EXPECT_EQ(app->flow().current(), ScreenId::BalancesList);
    tap("header.home");
    EXPECT_EQ(app->flow().current(), ScreenId::Menu);
    tap("menu.exit");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_TRUE(app->flow().data().empty());
}

TEST_F(UiTest, EveryTargetIsOnScreenAndAtLeast15mmInBothOrientations) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}}) {
        startApp(cfg, w, h);
        // Pixels per millimetre of the configured screen (21.5" by default).
        const double pxPerMm = std::hypot(w, h) / (cfg.display.diagonalInches * 25.4);
        auto check = [&](const char* screen) {
            ASSERT_FALSE(app->targets().empty()) << screen;
            for (auto& [id, r] : app->targets()) {
                EXPECT_GE(r.min.x, 0) << screen << " " << id;
                EXPECT_GE(r.min.y, 0) << screen << " " << id;
                EXPECT_LE(r.max.x, w) << screen << " " << id;
                EXPECT_LE(r.max.y, h) << screen << " " << id;
                EXPECT_GE((r.max.x - r.min.x) / pxPerMm, 15.0) << screen << " " << id << " too narrow";
                EXPECT_GE((r.max.y - r.min.y) / pxPerMm, 15.0) << screen << " " << id << " too low";
            }
        };
        check("attract");
        tap("attract.start");
        check("identify");
        tap("identify.key_in");
        check("id_entry");
        tap("header.back");
        tap("identify.demo_card");
        waitForScreen(ScreenId::Menu);
        check("menu");
        tap("menu.status");
        check("status");
        tap("status.scan");
        check("status_scan");
        // Every service has its own flow now (no ServiceIntro from the menu):
        // Done is where a flow's result leads.
        app->flow().showResult(ScreenId::Done);
        frames(2);
        check("done");
        app.reset();
    }
}

TEST_F(UiTest, APostFromAnotherThreadWakesTheSleepingLoop) {
    startApp(testConfig());
    std::atomic<bool> ran{false};
    std::thread worker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        app->runQueue().post([&] { ran = true; });
    });
    // The loop first renders what start-up left pending, then sleeps: on the
    // attract screen it would sleep for a full minute unless the post wakes it.
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 50 && !ran; ++i) app->run(1);
    auto waited = std::chrono::steady_clock::now() - start;
    worker.join();
    EXPECT_TRUE(ran.load());
    EXPECT_LT(waited, std::chrono::seconds(30)) << "the loop slept through the post";
}

TEST_F(UiTest, LargeTextIsOfferedAtTheStartAndApplies) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    float normalBody = app->theme().fonts.body->FontSize;
    // The identify screen carries the offer as part of the page: the
    // screen's own buttons stay usable beside it.
    frames(1);
    ASSERT_TRUE(app->flow().largeTextOfferPending());
    ASSERT_TRUE(hasTarget("a11y.offer.accept"));
    ASSERT_TRUE(hasTarget("identify.demo_card"));
    EXPECT_FALSE(app->flow().pendingConfirmation().has_value());
    tap("a11y.offer.accept");
    frames(1);
    EXPECT_TRUE(app->flow().accessibility().largeText);
    EXPECT_NEAR(app->theme().fonts.body->FontSize, normalBody * 1.5f, 1.0f);
    EXPECT_FALSE(app->flow().largeTextOfferPending());
    // Large text gives twice the time: 61 s is no longer enough to warn.
    clock.advance(std::chrono::seconds(61));
    frames(1);
    EXPECT_FALSE(hasTarget("timeout.continue"));
    // The next resident starts with the standard presentation.
    tap("header.home");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    frames(1);
    EXPECT_FALSE(app->flow().accessibility().largeText);
    EXPECT_NEAR(app->theme().fonts.body->FontSize, normalBody, 0.5f);
}

TEST_F(UiTest, HighContrastSwitchChangesTheWholeScreen) {
    startApp(testConfig());
    tap("attract.start");
    Image standard = screenshot();
    tap("a11y.contrast");
    EXPECT_TRUE(app->flow().accessibility().highContrast);
    Image contrast = screenshot();
    // Most of the screen was light grey and is now black.
    EXPECT_GT(inkPixels(contrast, Theme::standard().background), contrast.width * contrast.height / 2);
    EXPECT_LT(inkPixels(contrast, Theme::highContrast().background), contrast.width * contrast.height / 2);
    EXPECT_GT(differingPixels(standard, contrast), standard.width * standard.height / 2);
}

TEST_F(UiTest, ADemoCardOnTheEmulatedReaderGreetsTheResidentByName) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    tap("identify.demo_card");  // lays the card on the emulator; the real driver reads it
    waitForScreen(ScreenId::Menu);
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    const auto& id = app->flow().data().identity;
    ASSERT_TRUE(id);
    EXPECT_EQ(id->source, IdentitySource::IdCard);
    EXPECT_EQ(id->name.reveal(), "赵堃");
    EXPECT_TRUE(isValidIdNumber(id->idNumber.reveal()));
}

TEST_F(UiTest, AnExpiredCardIsReadButRefusedWithAMessage) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    app->cardDevices().placeDemoCard("resident_expired.json");
    for (int i = 0; i < 500 && !app->flow().cardMessageKey(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        frames(1);
    }
    ASSERT_NE(app->flow().cardMessageKey(), nullptr);
    EXPECT_STREQ(app->flow().cardMessageKey(), "identify.card_expired");
    EXPECT_EQ(app->flow().current(), ScreenId::Identify);
    EXPECT_FALSE(app->flow().data().identity);
}

// #15: the card's expiry is judged against the trusted time floor
// (kiosk/core/time_floor.h), not the bare wall clock.
TEST_F(UiTest, ClockJumpAnExpiredCardIsStillRefusedWithTheClockAt1970) {
    // An RTC reset: the wall clock reads 1970, the card expired in 2019. By
    // the wall clock alone it was valid for decades yet.
    clock.setWallEpochSeconds(0);
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    app->cardDevices().placeDemoCard("resident_expired.json");
    waitUntil([&] { return app->flow().cardMessageKey() != nullptr || app->flow().data().identity.has_value(); });
    ASSERT_NE(app->flow().cardMessageKey(), nullptr) << "the expired card was taken";
    EXPECT_STREQ(app->flow().cardMessageKey(), "identify.card_expired");
    EXPECT_FALSE(app->flow().data().identity);
}

TEST_F(UiTest, ClockJumpACardExpiredOnlyByAClockSetForwardSaysTheClockMayBeWrongUntilTheCentreIsHeard) {
    // The card is valid to 2040-05-01; the clock was set forward to 2045.
    clock.setWallNow(std::chrono::system_clock::time_point(std::chrono::seconds(2'366'841'600)));  // 2045-01-01
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    app->cardDevices().placeDemoCard("resident.json");
    waitUntil([&] { return app->flow().cardMessageKey() != nullptr || app->flow().data().identity.has_value(); });
    ASSERT_NE(app->flow().cardMessageKey(), nullptr) << "by the wall clock the card expired";
    EXPECT_STREQ(app->flow().cardMessageKey(), "identify.card_expired_clock") << "not a silent or plain refusal";
    EXPECT_FALSE(app->flow().data().identity);
    // The centre's time is heard (the fleet agent's heartbeat answer): the
    // clock is known to be ahead, and the same card is taken.
    app->timeFloor().noteServerTime(std::chrono::system_clock::now());
    app->cardDevices().placeDemoCard("resident.json");  // lifted and laid again: a new presentation
    waitForScreen(ScreenId::Menu);
    EXPECT_EQ(app->flow().current(), ScreenId::Menu);
    EXPECT_TRUE(app->flow().data().identity);
}

TEST_F(UiTest, AnUnpluggedReaderShowsInTheCornerAndRecovers) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    tap("attract.start");
    auto waitFor = [&](ReaderHealthState state) {
        for (int i = 0; i < 500 && app->readerHealth().state != state; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            frames(1);
        }
        return app->readerHealth().state == state;
    };
    ASSERT_TRUE(waitFor(ReaderHealthState::Ok));
    Image ok = screenshot();
    app->cardDevices().demoEmulator()->unplug();
    ASSERT_TRUE(waitFor(ReaderHealthState::NoDevice));
    Image alert = screenshot();
    // The pill sits in the header's status area, left of its buttons.
    const int y1 = static_cast<int>(
        Layout::forDisplay(ImVec2(static_cast<float>(alert.width), static_cast<float>(alert.height))).headerHeight);
    EXPECT_GT(differingPixels(ok, alert), 1000u);
    EXPECT_GT(inkPixels(alert, app->theme().surface, 0, 0, alert.width, y1), inkPixels(ok, app->theme().surface, 0, 0, alert.width, y1));
    app->cardDevices().demoEmulator()->replug();
    EXPECT_TRUE(waitFor(ReaderHealthState::Ok));
}

TEST_F(UiTest, ARareCharacterNameFromACardIsDrawnWithItsOwnGlyph) {
    KioskConfig cfg = testConfig();
    cfg.demo = true;
    startApp(cfg);
    const ImWchar rare = 0x4DAE;  // 䶮
    ASSERT_EQ(app->theme().fonts.body->FindGlyphNoFallback(rare), nullptr) << "not in the start-up atlas";
    tap("attract.start");
    app->cardDevices().placeDemoCard("resident_rare_name.json");
    waitForScreen(ScreenId::Menu);
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    ASSERT_NE(app->flow().data().identity->name.reveal().find("䶮"), std::string::npos);
    // The card's characters joined the atlas in every size, so the greeting
    // draws the real glyph rather than the placeholder box.
    for (ImFont* font : {app->theme().fonts.body, app->theme().fonts.button, app->theme().fonts.title}) {
        const ImFontGlyph* g = font->FindGlyphNoFallback(rare);
        ASSERT_NE(g, nullptr);
        EXPECT_NE(g, font->FindGlyphNoFallback(0x25A1));
    }
}

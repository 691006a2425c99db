#include "kiosk/app/app.h"

#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <imgui_internal.h>  // ImTextCharToUtf8
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app/assets.h"
#include "kiosk/app/maintenance_probe.h"  // maintenance
#include "kiosk/app/systemd_notify.h"  // updates
#include "kiosk/core/json_read.h"
#include "kiosk/core/log.h"
#include "kiosk/core/speakable.h"
#include "screens/flows/maintenance_flow.h"  // maintenance
#include "screens/flows/service_flows.h"
#include "screens/flows/staff_flow.h"
#include "screens/voice_prompts.h"

namespace kiosk {
namespace {

// How long this process has existed, from /proc (includes exec and dynamic
// loading, which a timer started in main() would miss).
double processAgeMs() {
    std::ifstream stat("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), {});
    auto close = content.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream fields(content.substr(close + 2));
    std::string field;
    unsigned long long startTicks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22) startTicks = std::stoull(field);
    std::ifstream uptimeFile("/proc/uptime");
    double uptime = 0;
    uptimeFile >> uptime;
    return (uptime - static_cast<double>(startTicks) / sysconf(_SC_CLK_TCK)) * 1000.0;
}

bool isInput(const SDL_Event& e) {
    switch (e.type) {
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
        case SDL_MOUSEMOTION:
        case SDL_MOUSEWHEEL:
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
        case SDL_KEYDOWN:
        case SDL_KEYUP:
        case SDL_TEXTINPUT: return true;
        default: return false;
    }
}

}  // namespace

App::App(const KioskConfig& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      timeFloor_(clock),
      flow_(config_),
      inactivity_(clock, std::chrono::seconds(config.session.inactivitySeconds),
                  std::chrono::seconds(config.session.warningSeconds)) {
    flow_.setClock(clock_);
    flow_.setTimeFloor(timeFloor_);
    registerScreens(host_);
}

App::~App() {
    fleet_.stop();       // fleet: no more remote commands
    flow_.maintenance().setProbe(nullptr);  // maintenance: its worker and camera watch end
    maintenance_.reset();
    cards_.stop();       // no more card callbacks into a dying app
    documents_.stop();   // nor scanned pages
    codes_.stop();       // nor scanned codes
    printer_.stop();     // nor print results
    data_.stop();        // nor sync results
    runQueue_.drain();   // ...and none left queued
    flow_.endSession();  // wipe whatever a session still held
    voice_.shutdown();   // before SDL goes away
    fonts_.releaseTexture();
    platform_.close();
}

std::optional<std::string> App::start(const std::string& assetsDir, const PlatformOptions& options) {
    // What needs no GL (string tables, fontconfig, the font's mapping, the
    // atlas cache file read and checksummed) runs on a worker while this
    // thread creates the window and GL context (~90 ms loading Mesa), #17.
    // The worker alone touches strings_ and fonts_ until it is joined; it is
    // joined on every path, and its error comes first, as when it ran here.
    const float scale = Layout::forDisplay(ImVec2(static_cast<float>(options.width), static_cast<float>(options.height)),
                                           applied_.largeText)
                            .textScale();  // a fullscreen window may differ: the atlas then reads its own file
    std::optional<std::string> prepared;
    std::thread prepare([&] {
        prepared = [&]() -> std::optional<std::string> {
            if (auto err = loadStringTables(assetsDir, strings_)) return err;
            auto face = findCjkFont();
            if (!face) return face.error();
            if (auto err = fonts_.open(face.value())) return err;
            fonts_.setBaseText(strings_.allText());
            fonts_.setCacheDir(defaultFontCacheDir());  // the built atlas is kept between starts (#17)
            if (!fonts_.cacheDir().empty()) fonts_.preload(readAtlasCache(atlasCacheFile(fonts_.cacheDir(), scale)));
            return std::nullopt;
        }();
    });
    auto opened = platform_.open(options);
    prepare.join();
    if (prepared) return prepared;
    if (opened) return opened;
    theme_.apply(ImGui::GetStyle());
    runQueue_.setWaker([this] { platform_.wake(); });
    voice_.start(config_.voice);
    data_.start(config_, clock_, runQueue_);
    flow_.setCentral(data_.api());
    flow_.setStaffDesk(data_.staffDesk());
    CardReader::Callbacks ui;
    ui.onCardRead = [this](IdCard card) { cardRead(std::move(card)); };
    ui.onError = [this](CardReadError error) {
        // A card lifted mid-read: say what to do; the driver retries by itself.
        if (flow_.current() == ScreenId::Identify) flow_.refuseCard(cardReadErrorKey(error));
        flow_.maintenance().cardError(cardReadErrorKey(error));  // maintenance: the card test shows it
    };
    ui.onHealthChanged = [this](const ReaderHealth& health) { readerHealth_ = health; };
    if (config_.demo) {
        if (auto err = cards_.startDemo(assetsDir, runQueue_, std::move(ui))) KLOG_WARN("{}", *err);
    } else if (!config_.idcard.device.empty()) {
        cards_.startReader(config_.idcard, runQueue_, std::move(ui));
    } else {
        readerHealth_.state = ReaderHealthState::Ok;  // no reader configured: nothing to warn about
    }
    if (auto err = documents_.start(config_, assetsDir, runQueue_)) KLOG_WARN("{}", *err);
    flow_.services().assistance.setDocumentCapture(documents_.available() ? &documents_ : nullptr);
    // The OCR engines load when a resident opens the assistance service
    // (AssistanceFlow::begin), screens before the first scan, not here: the
    // idle kiosk does without their ~45 MB (#17).
    printer_.start(config_, runQueue_);
    if (auto err = codes_.start(config_.codes, clock_, runQueue_, [this](ScannedCode code) { codeScanned(std::move(code)); }))
        KLOG_WARN("{}", *err);
    std::vector<CodePublicKey> codeKeys;
    for (const std::string& key : config_.codes.publicKeys)
        if (auto decoded = decodeCodePublicKey(key)) codeKeys.push_back(decoded.value());  // checked by parseConfig
    flow_.setCodeKeys(std::move(codeKeys));
    fleet_.start(*this);  // fleet: heartbeat, remote config, commands (fleet_link.h)
    // maintenance: the maintenance screens' door to the devices; the stored
    // touch calibration applies from the first touch.
    maintenance_ = std::make_unique<AppMaintenanceProbe>(*this);
    flow_.maintenance().setProbe(maintenance_.get());
    touch_ = maintenance_->displaySettings().touch;
    return std::nullopt;
}

void App::run(int maxFrames, bool continuous) {
    const uint64_t stopAt = frames_ + static_cast<uint64_t>(std::max(maxFrames, 0));
    while (!quit_) {
        waitForEvents(continuous);
        if (quit_) break;
        frame();
        frameHeartbeat();  // updates: systemd watchdog + health report (systemd_notify.h)
        if (maxFrames > 0 && frames_ >= stopAt) break;
    }
}

void App::waitForEvents(bool continuous) {
    int timeoutMs;
    if (continuous || redrawFrames_ > 0) timeoutMs = 0;
    else if (flow_.current() != ScreenId::Attract)
        timeoutMs = static_cast<int>(std::clamp<long long>(inactivity_.untilNextChange().count(), 1, 60'000));
    // The attract screen changes only on events (a touch, a card, a code, a
    // fleet notice: SDL or the run queue wakes the loop); the connection and
    // device pills are in the header it does not have. A frame a minute
    // keeps the systemd watchdog (WatchdogSec=180) fed (#17).
    else timeoutMs = 60'000;
    // A stored application waits for the centre's answer: look in the outbox
    // once a second (the receipt turns into the application number).
    if (flow_.services().assistance.awaitingAcknowledgement()) timeoutMs = std::min(timeoutMs, 1000);
    SDL_Event event;
    if (!platform_.waitEvent(&event, timeoutMs)) return;
    handleEvent(event);
    while (SDL_PollEvent(&event)) handleEvent(event);
}

void App::handleEvent(const SDL_Event& event) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) quit_ = true;
    if (isInput(event)) inactivity_.touch();
    // Render a few frames after any event: ImGui settles hover/active state
    // over two frames, and a wake from the run queue may change a model.
    redrawFrames_ = std::max(redrawFrames_, 3);
}

ImVec2 App::touchPoint(ImVec2 raw) const {
    // maintenance: the calibration screen measures the panel itself, so it
    // sees raw positions (a second round must not compound the first).
    if (touch_.identity() || flow_.maintenance().capturingTouch() || raw.x <= -FLT_MAX / 2) return raw;
    return ImVec2(touch_.mapX(raw.x), touch_.mapY(raw.y));
}

void App::applyAccessibility() {
    const Accessibility& a = flow_.accessibility();
    if (a.highContrast != applied_.highContrast || frames_ == 0) {
        Fonts fonts = theme_.fonts;
        theme_ = a.highContrast ? Theme::highContrast() : Theme::standard();
        theme_.fonts = fonts;
        theme_.apply(ImGui::GetStyle());
    }
    if (a.largeText != applied_.largeText) {
        // Large text reads more slowly: twice the time before the warning.
        int factor = a.largeText ? 2 : 1;
        inactivity_.setLimits(std::chrono::seconds(config_.session.inactivitySeconds * factor),
                              std::chrono::seconds(config_.session.warningSeconds * factor));
    }
    applied_ = a;
}

void App::speakPrompts(bool countdownShowing) {
    if (!voice_.enabled()) return;
    voice_.setVolume(flow_.accessibility().volume);
    auto now = std::make_pair(flow_.current(), flow_.language());
    bool entered = !spokenFor_ || *spokenFor_ != now;
    bool replay = flow_.replayRequests() != spokenReplays_;
    spokenReplays_ = flow_.replayRequests();
    // The idle attract screen stays quiet; it speaks only when someone
    // switches its language (somebody is there).
    bool idleAttract = now.first == ScreenId::Attract && (!spokenFor_ || spokenFor_->second == now.second);
    const char* key = nullptr;
    if (countdownShowing && !spokeCountdown_) key = timeoutPromptKey();
    else if ((entered && !idleAttract) || replay) key = voicePromptKey(now.first);
    spokeCountdown_ = countdownShowing;
    spokenFor_ = now;
    // A screen's details (the balances) follow its prompt, and are spoken
    // again when they arrive later (a reply from the centre).
    Personal details = spokenDetails(flow_, strings_);
    const bool newDetails = !details.empty() && details != spokenDetails_;
    spokenDetails_ = details;
    if (!key) {
        if (entered && idleAttract) voice_.stop();
        if (newDetails && !countdownShowing) voice_.say(now.second, speakable(details.reveal(), now.second));
        return;
    }
    std::string text = strings_.get(now.second, key);
    if (!details.empty() && key != timeoutPromptKey()) text += " " + details.reveal();
    voice_.say(now.second, speakable(text, now.second));
    secureWipe(text);
}

void App::codeScanned(ScannedCode code) {
    // maintenance: on its screens a code is the code test's (or ignored).
    if (flow_.maintenance().takeCode(code)) {
        inactivity_.touch();
        code.text.wipe();
        return;
    }
    // A staff card starts a staff sign-in where no resident is busy (the
    // attract and identify screens, the PIN screen itself).
    const ScreenId current = flow_.current();
    const bool residentBusy = current != ScreenId::Attract && current != ScreenId::Identify && current != ScreenId::StaffPin;
    if (!residentBusy && flow_.staff().takeCode(code.text.reveal())) {
        inactivity_.touch();
    } else if (ServiceFlow* service = flow_.currentServiceFlow()) {
        // The screen on show takes the code (a receipt, a booking); every
        // other screen ignores it.
        if (service->takeCode(code)) inactivity_.touch();
    }
    code.text.wipe();
}

void App::showDemoStaffCard(StaffRole role) {
    // The demo central service issues the demo staff cards (signed with its
    // key); the card is shown to the emulated camera like a real one.
    CentralApi* api = flow_.central();
    if (!config_.demo || !api) return;
    api->query("GET", "/api/v1/demo/staff-cards", Personal(), [this, role](CentralReply reply) {
        if (!reply.ok()) {
            KLOG_WARN("demo: no staff cards from the central service (status {})", reply.status);
            return;
        }
        auto cards = jsonr::parse(reply.body.reveal());  // a central answer: type-checked reads (#13)
        const char* wanted = role == StaffRole::Maintainer ? "maintainer" : "staff";
        if (!cards || !cards->is_array()) return;
        for (const auto& card : *cards)
            if (jsonr::strOr(card, "role", "") == wanted) {
                if (auto err = codes_.showCodeToDemoCamera(jsonr::strOr(card, "code", ""))) KLOG_WARN("{}", *err);
                return;
            }
    });
}

void App::cardRead(IdCard card) {
    // maintenance: on its screens a card is the card test's (or ignored),
    // never the start of a resident session.
    if (flow_.maintenance().takeCard(card)) {
        inactivity_.touch();
        card.wipe();
        return;
    }
    // A card on the reader starts a session from the attract screen too.
    if (flow_.current() == ScreenId::Attract) flow_.start();
    // A service screen that asks for a card (a household member, the second
    // party) takes it; other screens ignore cards.
    if (ServiceFlow* service = flow_.currentServiceFlow()) {
        inactivity_.touch();
        fonts_.require(card.name.reveal());
        service->takeCard(card);
        card.wipe();
        return;
    }
    if (flow_.current() != ScreenId::Identify && flow_.current() != ScreenId::IdEntry) return;
    inactivity_.touch();
    // Judged against the trusted time floor (kiosk/core/time_floor.h), not
    // the bare wall clock: with the RTC at 1970 every expired card passed.
    // Unknown (the clock set back, the centre not heard yet): the card is
    // valid at the newest time the kiosk trusts, and is taken.
    switch (flow_.timeFloor().judgeCard(card)) {
        case TimeFloor::Expiry::Expired: flow_.refuseCard(i18nKey("identify.card_expired")); return;
        case TimeFloor::Expiry::ExpiredByWallOnly:
            // Only this kiosk's unconfirmed clock says so: it may be set forward.
            flow_.refuseCard(i18nKey("identify.card_expired_clock"));
            return;
        case TimeFloor::Expiry::Valid:
        case TimeFloor::Expiry::Unknown: break;
    }
    fonts_.require(card.name.reveal());  // rare characters in names (䶮 堃 玥)
    Identity identity;
    identity.source = IdentitySource::IdCard;
    identity.name = std::move(card.name);
    identity.idNumber = std::move(card.idNumber);
    card.wipe();
    flow_.identify(std::move(identity));
}

std::optional<int> App::updateSession() {
    if (flow_.current() == ScreenId::Attract) return std::nullopt;
    switch (inactivity_.phase()) {
        case InactivityTimer::Phase::Active: return std::nullopt;
        case InactivityTimer::Phase::Warning: return inactivity_.secondsLeft();
        case InactivityTimer::Phase::Expired:
            KLOG_INFO("session ended after {} s without a touch", config_.session.inactivitySeconds + config_.session.warningSeconds);
            flow_.endSession();
            return std::nullopt;
    }
    return std::nullopt;
}

void App::frame(const ScriptedPointer* scripted, Image* capture) {
    runQueue_.drain();
    std::optional<int> countdown = updateSession();
    applyAccessibility();
    if (flow_.demoCardRequests() != seenDemoCardRequests_) {
        seenDemoCardRequests_ = flow_.demoCardRequests();
        cards_.placeDemoCard();
    }
    printer_.pump(flow_);
    codes_.pumpDemo(flow_, printer_);
    if (flow_.current() == ScreenId::Attract) documents_.releaseEngines();  // nobody scans here (#17)
    if (int n = flow_.staff().demoCardRequests(); n != seenStaffCardRequests_) {
        seenStaffCardRequests_ = n;
        showDemoStaffCard(flow_.staff().demoCardRole());
    }
    // marriage: the demo second party's card, laid on the same emulated reader.
    if (int n = flow_.services().marriage.partnerDemoRequests(); n != seenPartnerCardRequests_) {
        seenPartnerCardRequests_ = n;
        cards_.placeDemoCard("resident_partner.json");
    }

    ImGuiIO& io = ImGui::GetIO();
    int w = platform_.width(), h = platform_.height();
    Layout layout = Layout::forDisplay(ImVec2(static_cast<float>(w), static_cast<float>(h)), applied_.largeText);
    fonts_.setScale(layout.textScale());
    if (fonts_.rebuildIfNeeded()) theme_.fonts = fonts_.fonts();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (scripted) {
        io.MousePos = scripted->pos;
        io.MouseDown[0] = scripted->down;
        if (scripted->down) inactivity_.touch();
    }
    // maintenance: touches land where the calibrated panel says (a scripted
    // pointer stands for the panel's report, like SDL's mouse state).
    io.MousePos = touchPoint(io.MousePos);
    ImGui::NewFrame();

    ScreenId before = flow_.current();
    targets_.clear();
    layoutRecord_.clearFrame();
    UiContext ui{flow_, strings_, theme_, layout, targets_, countdown};
    ui.record = &layoutRecord_;
    if (readerHealth_.state != ReaderHealthState::Ok) ui.deviceAlerts.push_back(readerHealthKey(readerHealth_.state));
    for (const char* key : data_.alerts()) ui.deviceAlerts.push_back(key);
    for (const char* key : printer_.alerts()) ui.deviceAlerts.push_back(key);
    for (const char* key : documents_.alerts()) ui.deviceAlerts.push_back(key);
    for (const char* key : codes_.alerts()) ui.deviceAlerts.push_back(key);
    deviceAlerts_ = ui.deviceAlerts;
    host_.draw(ui);
    // Characters drawn without a glyph (a name on a card, text from the
    // centre) join the atlas for the next frame, which comes right away.
    for (ImWchar c : layoutRecord_.missingGlyphs) {
        char utf8[5] = {};
        ImTextCharToUtf8(utf8, c);
        if (fonts_.require(utf8)) redrawFrames_ = std::max(redrawFrames_, 2);
    }
    ImGui::Render();
    const float clear[3] = {theme_.background.r / 255.f, theme_.background.g / 255.f, theme_.background.b / 255.f};
    platform_.present(clear, capture);

    if (flow_.current() != before) {
        if (before == ScreenId::Attract) inactivity_.touch();  // a new session starts its clock
        redrawFrames_ = std::max(redrawFrames_, 2);
    }
    if (redrawFrames_ > 0) --redrawFrames_;
    speakPrompts(countdown.has_value());
    if (++frames_ == 1)
        KLOG_INFO("first frame after {:.0f} ms (font atlas {:.0f} ms, {})", processAgeMs(), fonts_.lastBuildMs(),
                  fonts_.lastSource() == AtlasSource::Cache ? "cached" : "rasterised");
}

}  // namespace kiosk

#pragma once
// The kiosk application: the composition root where the concrete parts meet
// (window, fonts, screens, session flow, run queue) and the frame loop.
//
// The frame loop (one clear loop, as in Dear ImGui's examples):
//   wait for an event or a deadline  ->  drain the run queue  ->  check the
//   inactivity timer  ->  rebuild the font atlas if new characters arrived
//   ->  ImGui frame: the screen host draws the current screen  ->  present.
// It renders only when something changed or a countdown ticks, and sleeps in
// SDL_WaitEventTimeout otherwise, so an idle kiosk uses almost no CPU.
//
// UI thread only, except runQueue().post(), which any thread may call.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/card_devices.h"
#include "kiosk/app/document_devices.h"
#include "kiosk/app/code_devices.h"
#include "kiosk/app/data_link.h"
#include "kiosk/app/fleet_link.h"  // fleet
#include "kiosk/app/fonts.h"
#include "kiosk/app/platform.h"
#include "kiosk/app/printer_device.h"
#include "kiosk/app/voice.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/time_floor.h"
#include "kiosk/core/config.h"
#include "kiosk/core/inactivity.h"
#include "kiosk/core/maintenance.h"  // maintenance
#include "kiosk/core/run_queue.h"
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"
#include "screens/screen_host.h"
#include "screens/theme.h"

namespace kiosk {

class AppMaintenanceProbe;  // maintenance (maintenance_probe.h)

// Input that a test or the tour feeds straight into ImGui's IO: pushed SDL
// mouse events do not click in the 1.86 backend (it polls SDL_GetMouseState).
struct ScriptedPointer {
    ImVec2 pos;
    bool down = false;
};

class App {
public:
    App(const KioskConfig& config, const Clock& clock);
    App(const App&) = delete;
    App& operator=(const App&) = delete;
    ~App();

    // Loads strings and fonts and opens the window. Returns an error message.
    std::optional<std::string> start(const std::string& assetsDir, const PlatformOptions& platform);

    // The frame loop; returns when the window is closed, or after `maxFrames`
    // more frames if positive. `continuous` renders without waiting (benchmarks).
    void run(int maxFrames = -1, bool continuous = false);
    // One frame, optionally with scripted input and a read-back of the pixels.
    void frame(const ScriptedPointer* scripted = nullptr, Image* capture = nullptr);

    // Adds characters (a name read from a card) to the font atlas before the
    // next frame.
    void requireGlyphs(std::string_view text) { fonts_.require(text); }

    SessionFlow& flow() { return flow_; }
    KioskConfig& config() { return config_; }
    // The trusted lower bound on now (time_floor.h): the fleet agent notes the
    // centre's time in it; tests note server times to model a heard centre.
    TimeFloor& timeFloor() { return timeFloor_; }
    RunQueue& runQueue() { return runQueue_; }
    const TargetMap& targets() const { return targets_; }
    // What the last frame drew (texts only with keepLayoutTexts(true): the
    // tour and tests; they may hold personal data).
    const LayoutRecord& layoutRecord() const { return layoutRecord_; }
    void keepLayoutTexts(bool keep) { layoutRecord_.keepTexts = keep; }
    const Strings& strings() const { return strings_; }
    const Theme& theme() const { return theme_; }
    FontLibrary& fonts() { return fonts_; }
    Platform& platform() { return platform_; }
    InactivityTimer& inactivity() { return inactivity_; }
    const VoiceGuide& voice() const { return voice_; }
    CardDevices& cardDevices() { return cards_; }
    DocumentDevices& documentDevices() { return documents_; }
    CodeDevices& codeDevices() { return codes_; }
    PrinterDevice& printerDevice() { return printer_; }
    DataLink& dataLink() { return data_; }
    const ReaderHealth& readerHealth() const { return readerHealth_; }
    // The device alerts of the last frame (i18n keys; pills in the header), for tests.
    const std::vector<const char*>& deviceAlerts() const { return deviceAlerts_; }
    uint64_t framesRendered() const { return frames_; }
    // fleet: ends the frame loop so that main() exits for a restart (kRestartExitCode).
    void requestRestart() { restart_ = quit_ = true; }
    bool restartRequested() const { return restart_; }
    FleetLink& fleet() { return fleet_; }
    // maintenance: the touch calibration applied to every touch (set by
    // maintenance mode, stored in the data dir), and where a touch the panel
    // reports at `raw` lands (raw while the calibration screen measures).
    const TouchCalibration& touchCalibration() const { return touch_; }
    void setTouchCalibration(const TouchCalibration& calibration) { touch_ = calibration; }
    ImVec2 touchPoint(ImVec2 raw) const;

private:
    void waitForEvents(bool continuous);
    void handleEvent(const SDL_Event& event);
    std::optional<int> updateSession();
    void applyAccessibility();
    void speakPrompts(bool countdownShowing);
    void cardRead(IdCard card);
    void codeScanned(ScannedCode code);
    void showDemoStaffCard(StaffRole role);

    KioskConfig config_;
    const Clock& clock_;
    // The trusted lower bound on now for expiries (ID cards, signed codes);
    // the fleet agent feeds it the centre's time (fleet_link.cpp).
    TimeFloor timeFloor_;
    Strings strings_;
    Theme theme_;
    FontLibrary fonts_;
    Platform platform_;
    SessionFlow flow_;
    ScreenHost host_;
    RunQueue runQueue_;
    InactivityTimer inactivity_;
    VoiceGuide voice_;
    CardDevices cards_;
    DocumentDevices documents_;
    CodeDevices codes_;
    PrinterDevice printer_;
    DataLink data_;
    ReaderHealth readerHealth_;
    std::vector<const char*> deviceAlerts_;  // drawn in the last frame
    int seenDemoCardRequests_ = 0;
    int seenPartnerCardRequests_ = 0;  // marriage: the second party's demo card
    int seenStaffCardRequests_ = 0;    // staff: the demo staff cards
    // What was last spoken for, so a prompt plays once per screen entry.
    std::optional<std::pair<ScreenId, Language>> spokenFor_;
    int spokenReplays_ = 0;
    bool spokeCountdown_ = false;
    Personal spokenDetails_;  // the details last spoken (balances: personal)
    Accessibility applied_;   // the accessibility state the theme and timer were set for
    TargetMap targets_;
    LayoutRecord layoutRecord_;
    int redrawFrames_ = 2;  // frames still to render after the last change
    uint64_t frames_ = 0;
    bool quit_ = false;
    bool restart_ = false;  // fleet
    FleetLink fleet_;       // fleet: the fleet agent's host (fleet_link.h)
    std::unique_ptr<AppMaintenanceProbe> maintenance_;  // maintenance: the maintenance screens' probe
    TouchCalibration touch_;                            // maintenance
};

}  // namespace kiosk

#pragma once
// Maintenance mode (issue #9): a signed-in maintainer, from the staff home,
// checks the kiosk's devices, its network and queue, exports redacted logs,
// turns and calibrates the screen and switches services on or off. A plain
// model like the service flows (no ImGui), owned by the session, but not a
// ServiceFlow: it has no ServiceId and no resident in it.
//
//   StaffHome --maintainer--> MaintOverview -> MaintCardTest | MaintCodeTest |
//       MaintScannerTest | MaintPrinterTest | MaintExport | MaintDisplay
//       (-> MaintCalibrate) | MaintServices
//   "Done", Home and the inactivity timeout end the session (and the sign-in).
//
// The kiosk's parts are reached only through MaintenanceProbe
// (kiosk/core/maintenance.h), set by the app; replies arrive on the UI
// thread and are dropped when the session ended meanwhile. Every action is
// audited through the StaffDesk, with details that never hold personal data.
//
// UI thread only.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/id_card.h"
#include "kiosk/core/maintenance.h"
#include "kiosk/core/personal.h"
#include "kiosk/core/scanned_code.h"
#include "kiosk/core/staff_desk.h"
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"

namespace kiosk {

class MaintenanceFlow {
public:
    // Calibration targets, as fractions of the display (corners, then the centre).
    static constexpr int kCalibrationTargets = 5;
    struct Fraction {
        float x, y;
    };
    static Fraction calibrationTarget(int index);

    explicit MaintenanceFlow(SessionFlow& session) : session_(session) {}
    MaintenanceFlow(const MaintenanceFlow&) = delete;
    MaintenanceFlow& operator=(const MaintenanceFlow&) = delete;

    void setProbe(MaintenanceProbe* probe) { probe_ = probe; }
    MaintenanceProbe* probe() const { return probe_; }
    bool owns(ScreenId screen) const;

    // Shows the overview for a maintainer; refused (false, nothing changes)
    // for any other role or without a probe.
    bool begin(const StaffMember& maintainer);
    bool active() const { return maintainer_.has_value(); }
    const std::optional<StaffMember>& maintainer() const { return maintainer_; }
    // "Done": leaves maintenance; the session (and the staff sign-in) ends.
    void done();
    // The session leaves `screen` by Back (tests stop, results are dropped).
    void leaving(ScreenId screen);
    // The session ends: everything goes, pending replies are ignored.
    void wipe();

    // --- overview -------------------------------------------------------
    enum class Load { Idle, Loading, Ready };
    Load statusLoad() const { return statusLoad_; }
    const MaintenanceStatus& status() const { return status_; }
    void refresh();
    void openCardTest();
    void openCodeTest();
    void openScannerTest();
    void openPrinterTest();
    void openExport();
    void openDisplay();
    void openServices();
    bool demo() const { return session_.demo(); }

    // --- card test --------------------------------------------------------
    struct CardResult {
        CardKind kind = CardKind::Resident;
        Personal maskedNumber;      // 330106********1210: masked, still wiped on leaving
        std::int64_t readAtMs = 0;  // Unix ms
        std::int64_t afterMs = 0;   // since the test started
        bool expired = false;
    };
    // A card read by the reader while a maintenance screen shows. Taken
    // (true) on every maintenance screen so that a card on the reader never
    // starts a resident session underneath; only the card test keeps anything.
    bool takeCard(const IdCard& card);
    void cardError(const char* messageKey);  // the reader's "hold still" / "invalid"
    const std::optional<CardResult>& cardResult() const { return cardResult_; }
    const char* cardErrorKey() const { return cardErrorKey_; }
    void useDemoCard();

    // --- code test ------------------------------------------------------
    struct CodeResult {
        CodeReading reading;
        CodeSource source = CodeSource::Camera;
        double decodeMs = -1;  // the decoder's time (camera only; -1: the scanner decoded it)
        std::int64_t readAtMs = 0;
    };
    // A code from any source while a maintenance screen shows (taken, like cards).
    bool takeCode(const ScannedCode& code);
    const std::optional<CodeResult>& codeResult() const { return codeResult_; }
    bool cameraAvailable() const { return cameraWatched_; }
    const PageImage& cameraFrame() const { return cameraFrame_; }
    int cameraFrames() const { return cameraFrames_; }
    void showDemoCode();
    const char* codeMessageKey() const { return codeMessageKey_; }

    // --- scanner test ---------------------------------------------------
    enum class Test { Idle, Running, Passed, Failed };
    Test scanState() const { return scanState_; }
    const std::optional<ScanTest>& scanned() const { return scanned_; }
    const std::string& scanErrorKey() const { return scanError_; }  // an i18n key ("" = none)
    void scanPage();
    Load scannersLoad() const { return scannersLoad_; }
    const std::vector<ScannerInfo>& scanners() const { return scanners_; }
    const std::string& scannersErrorKey() const { return scannersError_; }  // an i18n key ("" = none)
    void listScanners();

    // --- printer test ---------------------------------------------------
    Test printState() const { return printState_; }
    const std::optional<PrintTest>& printed() const { return printed_; }
    // The test receipt in the session's language: the kiosk id, the time,
    // the versions and a QR code (testReceiptCode); no personal data.
    Receipt testReceipt(const Strings& strings) const;
    void printTestReceipt(Receipt receipt);
    static std::string testReceiptCode(const std::string& kioskId, std::chrono::system_clock::time_point now);

    // --- log export -----------------------------------------------------
    Load targetsLoad() const { return targetsLoad_; }
    const std::vector<ExportTarget>& targets() const { return targets_; }
    Test exportState() const { return exportState_; }
    const std::optional<ExportOutcome>& exported() const { return exported_; }
    void reloadTargets();
    void exportTo(size_t targetIndex);

    // --- display --------------------------------------------------------
    Orientation orientation() const;
    bool rotatesAtOnce() const { return probe_ && probe_->rotatesAtOnce(); }
    void setOrientation(Orientation orientation);
    // The i18n key of the last display change's outcome (nullptr: none yet).
    const char* displayMessageKey() const { return displayMessageKey_; }
    TouchCalibration calibration() const;
    void startCalibration();  // MaintDisplay -> MaintCalibrate
    // Calibration screen: the target to tap now (-1: finished), a tap at
    // the raw panel position for it, in window pixels.
    int calibrationIndex() const { return calibrationIndex_; }
    // While true the app hands the raw panel positions to the screen (the
    // stored calibration is not applied, or a second round would compound).
    bool capturingTouch() const;
    void calibrationTap(float tapX, float tapY, float targetX, float targetY, float displayW, float displayH);
    const std::optional<TouchCalibration>& calibrationFit() const { return fit_; }
    float calibrationResidual() const { return residual_; }
    bool calibrationFailed() const { return calibrationIndex_ < 0 && !fit_; }
    void restartCalibration();  // another round on the calibration screen
    void saveCalibration();     // stores the fit, back to MaintDisplay
    void resetCalibration();    // identity, stored
    void cancelCalibration();   // back to MaintDisplay, nothing changes

    // --- services -------------------------------------------------------
    bool serviceEnabled(ServiceId id) const { return session_.serviceEnabled(id); }
    void toggleService(ServiceId id);

private:
    void audit(std::string action, std::string detail = {});
    // A reply asked for now still belongs to this maintenance visit when it arrives.
    template <typename F>
    auto guarded(F f);
    void stopCamera();
    void clearTests();

    SessionFlow& session_;
    MaintenanceProbe* probe_ = nullptr;
    std::optional<StaffMember> maintainer_;
    int visit_ = 0;  // bumped on begin/wipe: older replies are dropped

    Load statusLoad_ = Load::Idle;
    MaintenanceStatus status_;

    std::chrono::steady_clock::time_point cardTestStarted_{};
    std::optional<CardResult> cardResult_;
    const char* cardErrorKey_ = nullptr;

    std::optional<CodeResult> codeResult_;
    bool cameraWatched_ = false;
    PageImage cameraFrame_;
    int cameraFrames_ = 0;
    double lastDecodeMs_ = -1;
    const char* codeMessageKey_ = nullptr;

    Test scanState_ = Test::Idle;
    std::optional<ScanTest> scanned_;
    std::string scanError_;
    Load scannersLoad_ = Load::Idle;
    std::vector<ScannerInfo> scanners_;
    std::string scannersError_;

    Test printState_ = Test::Idle;
    std::optional<PrintTest> printed_;

    Load targetsLoad_ = Load::Idle;
    std::vector<ExportTarget> targets_;
    Test exportState_ = Test::Idle;
    std::optional<ExportOutcome> exported_;

    const char* displayMessageKey_ = nullptr;
    int calibrationIndex_ = 0;
    std::vector<CalibrationPoint> points_;
    std::optional<TouchCalibration> fit_;
    float residual_ = 0;
};

}  // namespace kiosk

#include "screens/views/maint_overview_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

std::string networkText(const UiContext& ui, const MaintenanceStatus& s, bool* warn) {
    *warn = false;
    if (!s.centralConfigured) return ui.tr("maint.network.not_configured");
    if (!s.contacted) return ui.tr("maint.network.not_yet");
    *warn = !s.online;
    return ui.tr(s.online ? "maint.network.online" : "maint.network.offline");
}

}  // namespace

const char* MaintOverviewScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.overview.title"); }

void MaintOverviewScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;

    Rect content;
    const int tapped = bottomButtons(ui,
                                     {{"maint.open.export", ui.tr("maint.overview.export")},
                                      {"maint.open.display", ui.tr("maint.overview.display")},
                                      {"maint.open.services", ui.tr("maint.overview.services")},
                                      {"maint.refresh", ui.tr("maint.overview.refresh")},
                                      {"maint.done", ui.tr("maint.overview.done"), true, ButtonKind::Primary}},
                                     &content);
    switch (tapped) {
        case 0:
            flow.openExport();
            return;
        case 1:
            flow.openDisplay();
            return;
        case 2:
            flow.openServices();
            return;
        case 3:
            flow.refresh();
            break;
        case 4:
            flow.done();
            return;
        default:
            break;
    }

    // Devices: a 2x2 grid of tiles, each its own test button; the status
    // rows beside them (landscape) or above them (portrait).
    Rect info = content;
    const Rect tiles = l.portrait ? info.takeBottom(std::min(content.height() * 0.45f, 2 * (l.minTarget * 1.6f) + gap), gap)
                                  : info.takeRight(content.width() * 0.56f - gap, gap);

    const MaintenanceStatus& st = flow.status();
    if (flow.statusLoad() != MaintenanceFlow::Load::Ready) {
        notice(ui, ui.tr("maint.overview.loading"), info.min, info.width(), NoticeKind::Info);
    } else {
        std::vector<InfoRow> rows;
        rows.push_back({ui.tr("maint.row.kiosk"), st.kioskId});
        std::string versions = st.version + " · " + st.deployment;
        if (st.schemaVersion > 0) versions += " · db " + std::to_string(st.schemaVersion);
        rows.push_back({ui.tr("maint.row.versions"), versions});
        bool netWarn = false;
        std::string net = networkText(ui, st, &netWarn);
        if (st.fleetMaintenance) net += " · " + std::string(ui.tr("maint.network.fleet_maintenance"));
        rows.push_back({ui.tr("maint.row.network"), net, netWarn});
        rows.push_back({ui.tr("maint.row.last_sync"),
                        st.lastSyncMs > 0 ? localDateTime(st.lastSyncMs) : std::string(ui.tr("maint.never"))});
        rows.push_back({ui.tr("maint.row.last_error"),
                        st.lastError.empty() ? std::string(ui.tr("maint.none")) : st.lastError, !st.lastError.empty()});
        rows.push_back({ui.tr("maint.row.queue"),
                        st.queueDepth < 0
                            ? std::string(ui.tr("maint.queue.no_store"))
                            : Strings::format(ui.tr("maint.queue.value"), {{"pending", std::to_string(st.queueDepth)},
                                                                           {"rejected", std::to_string(st.rejected)}}),
                        st.rejected > 0});
        rows.push_back({ui.tr("maint.row.disk"),
                        st.diskFreeMB < 0
                            ? std::string(ui.tr("maint.unknown"))
                            : Strings::format(ui.tr("maint.disk.value"), {{"free", std::to_string(st.diskFreeMB)},
                                                                          {"total", std::to_string(st.diskTotalMB)}}),
                        st.diskFreeMB >= 0 && st.diskFreeMB < 200});
        rows.push_back({ui.tr("maint.row.store"), ui.tr(storeHealthKey(st.store)),
                        st.store != StoreHealthState::Ok && st.store != StoreHealthState::None});
        infoRows(ui, rows, info.min, info.size());
    }

    struct Device {
        const char* target;
        const char* nameKey;
        const DeviceRow* row;
    };
    const Device devices[] = {{"maint.test.card", "maint.device.card", &st.cardReader},
                              {"maint.test.code", "maint.device.code", &st.codes},
                              {"maint.test.scanner", "maint.device.scanner", &st.scanner},
                              {"maint.test.printer", "maint.device.printer", &st.printer}};
    const std::vector<Rect> cells = grid(tiles, 4, 2, gap);
    for (int i = 0; i < 4; ++i) {
        const Device& d = devices[i];
        const Rect& cell = cells[static_cast<size_t>(i)];
        const bool ready = flow.statusLoad() == MaintenanceFlow::Load::Ready;
        const char* state = ready ? ui.tr(deviceStateKey(d.row->state)) : ui.tr("maint.overview.loading_short");
        const bool ok = !ready || d.row->state == "ok";
        if (!deviceTile(ui, d.target, ui.tr(d.nameKey), state, ok, ready ? d.row->detail : std::string(), cell.min,
                        cell.size()))
            continue;
        switch (i) {
            case 0:
                flow.openCardTest();
                return;
            case 1:
                flow.openCodeTest();
                return;
            case 2:
                flow.openScannerTest();
                return;
            default:
                flow.openPrinterTest();
                return;
        }
    }
}

}  // namespace kiosk

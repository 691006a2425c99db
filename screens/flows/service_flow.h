#pragma once
// The contract between the session and one resident service (balances,
// assistance, marriage, status). A service flow is a plain model like the
// session flow: it holds what the resident entered for the service, moves
// between its own screens through the session (so Home, Back and the
// inactivity wipe work the same everywhere), and talks to the central
// service only through CentralApi, whose replies arrive on the UI thread.
//
// Adding a service flow: a class deriving from ServiceFlow in
// screens/flows/, a member in ServiceFlows (service_flows.h), its screens in
// ScreenId (session_flow.h) and screens/registry.cpp.
//
// UI thread only.
#include <vector>

#include "kiosk/core/id_card.h"
#include "kiosk/core/scanned_code.h"
#include "kiosk/core/services.h"
#include "screens/flows/session_flow.h"

namespace kiosk {

class ServiceFlow {
public:
    explicit ServiceFlow(SessionFlow& session) : session_(session) {}
    virtual ~ServiceFlow() = default;
    ServiceFlow(const ServiceFlow&) = delete;
    ServiceFlow& operator=(const ServiceFlow&) = delete;

    virtual ServiceId service() const = 0;
    // Chosen from the menu: start afresh and show the first screen.
    virtual void begin() = 0;
    virtual bool owns(ScreenId screen) const = 0;
    // The step bar while one of its screens shows (labels are i18n keys);
    // an empty bar keeps the session's steps.
    virtual StepBar steps(ScreenId /*current*/) const { return {}; }
    // A card laid on the reader while one of its screens shows (a household
    // member, the second party). Returns true when taken.
    virtual bool takeCard(IdCard& /*card*/) { return false; }
    // A code scanned while one of its screens shows (a receipt, a booking).
    virtual bool takeCode(const ScannedCode& /*code*/) { return false; }
    // Entries that leaving (Home) would throw away, e.g. a wizard half
    // filled in: the session then asks before it leaves.
    virtual bool hasUnsavedWork() const { return false; }
    // The session ends: every personal value leaves memory, pending replies
    // are ignored.
    virtual void wipe() = 0;

protected:
    SessionFlow& session_;
};

}  // namespace kiosk

#pragma once
// The resident services' flows, owned by the session (so that ending the
// session wipes them all). One member per service flow.
#include "screens/flows/assistance_flow.h"
#include "screens/flows/balances_flow.h"
#include "screens/flows/marriage_flow.h"
#include "screens/flows/status_flow.h"

namespace kiosk {

struct ServiceFlows {
    explicit ServiceFlows(SessionFlow& session) : balances(session), assistance(session), marriage(session), status(session) {}

    BalancesFlow balances;
    AssistanceFlow assistance;
    MarriageFlow marriage;
    StatusFlow status;

    ServiceFlow* forService(ServiceId id);  // null: the service has no flow yet
    ServiceFlow* owning(ScreenId screen);   // null: a session screen
    void wipeAll();

private:
    std::vector<ServiceFlow*> all() { return {&balances, &assistance, &marriage, &status}; }
};

}  // namespace kiosk

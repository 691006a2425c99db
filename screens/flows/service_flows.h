#pragma once
// The resident services' flows, owned by the session (so that ending the
// session wipes them all). One member per service flow.
#include "screens/flows/balances_flow.h"

namespace kiosk {

struct ServiceFlows {
    explicit ServiceFlows(SessionFlow& session) : balances(session) {}

    BalancesFlow balances;

    ServiceFlow* forService(ServiceId id);  // null: the service has no flow yet
    ServiceFlow* owning(ScreenId screen);   // null: a session screen
    void wipeAll();

private:
    std::vector<ServiceFlow*> all() { return {&balances}; }
};

}  // namespace kiosk

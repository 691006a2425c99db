#include "screens/flows/service_flows.h"

namespace kiosk {

ServiceFlow* ServiceFlows::forService(ServiceId id) {
    for (ServiceFlow* f : all())
        if (f->service() == id) return f;
    return nullptr;
}

ServiceFlow* ServiceFlows::owning(ScreenId screen) {
    for (ServiceFlow* f : all())
        if (f->owns(screen)) return f;
    return nullptr;
}

void ServiceFlows::wipeAll() {
    for (ServiceFlow* f : all()) f->wipe();
}

}  // namespace kiosk

// Every screen of the kiosk, one line each.
#include "screens/screen_host.h"
#include "screens/views/attract_screen.h"
#include "screens/views/balance_detail_screen.h"
#include "screens/views/balances_screen.h"
#include "screens/views/done_screen.h"
#include "screens/views/id_entry_screen.h"
#include "screens/views/identify_screen.h"
#include "screens/views/menu_screen.h"
#include "screens/views/service_intro_screen.h"

namespace kiosk {

void registerScreens(ScreenHost& host) {
    host.add<AttractScreen>();
    host.add<IdentifyScreen>();
    host.add<IdEntryScreen>();
    host.add<MenuScreen>();
    host.add<ServiceIntroScreen>();
    host.add<DoneScreen>();
    // balances
    host.add<BalancesScreen>();
    host.add<BalanceDetailScreen>();
    // assistance
    // marriage
    // status
}

}  // namespace kiosk

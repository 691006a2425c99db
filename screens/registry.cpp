// Every screen of the kiosk, one line each.
#include "screens/screen_host.h"
#include "screens/views/assist_assets_screen.h"
#include "screens/views/assist_consent_screen.h"
#include "screens/views/assist_documents_screen.h"
#include "screens/views/assist_household_screen.h"
#include "screens/views/assist_income_screen.h"
#include "screens/views/assist_reason_screen.h"
#include "screens/views/assist_receipt_screen.h"
#include "screens/views/assist_review_screen.h"
#include "screens/views/assist_sign_screen.h"
#include "screens/views/assist_type_screen.h"
#include "screens/views/attract_screen.h"
#include "screens/views/balance_detail_screen.h"
#include "screens/views/balances_screen.h"
#include "screens/views/done_screen.h"
#include "screens/views/id_entry_screen.h"
#include "screens/views/identify_screen.h"
#include "screens/views/marriage_booking_screen.h"
#include "screens/views/marriage_cancel_screen.h"
#include "screens/views/marriage_confirm_screen.h"
#include "screens/views/marriage_date_screen.h"
#include "screens/views/marriage_lookup_screen.h"
#include "screens/views/marriage_office_screen.h"
#include "screens/views/marriage_partner_screen.h"
#include "screens/views/marriage_partner_number_screen.h"
#include "screens/views/marriage_phone_screen.h"
#include "screens/views/marriage_result_screen.h"
#include "screens/views/marriage_slot_screen.h"
#include "screens/views/marriage_start_screen.h"
#include "screens/views/menu_screen.h"
#include "screens/views/status_detail_screen.h"
#include "screens/views/status_list_screen.h"
#include "screens/views/status_scan_screen.h"
#include "screens/views/status_start_screen.h"
#include "screens/views/maint_calibrate_screen.h"
#include "screens/views/maint_card_screen.h"
#include "screens/views/maint_code_screen.h"
#include "screens/views/maint_display_screen.h"
#include "screens/views/maint_export_screen.h"
#include "screens/views/maint_overview_screen.h"
#include "screens/views/maint_printer_screen.h"
#include "screens/views/maint_scanner_screen.h"
#include "screens/views/maint_services_screen.h"
#include "screens/views/staff_home_screen.h"
#include "screens/views/staff_outbox_screen.h"
#include "screens/views/staff_pin_screen.h"
#include "screens/views/staff_receipts_screen.h"

namespace kiosk {

void registerScreens(ScreenHost& host) {
    host.add<AttractScreen>();
    host.add<IdentifyScreen>();
    host.add<IdEntryScreen>();
    host.add<MenuScreen>();
    host.add<DoneScreen>();
    // balances
    host.add<BalancesScreen>();
    host.add<BalanceDetailScreen>();
    // assistance
    host.add<AssistTypeScreen>();
    host.add<AssistHouseholdScreen>();
    host.add<AssistIncomeScreen>();
    host.add<AssistAssetsScreen>();
    host.add<AssistReasonScreen>();
    host.add<AssistDocumentsScreen>();
    host.add<AssistConsentScreen>();
    host.add<AssistSignScreen>();
    host.add<AssistReviewScreen>();
    host.add<AssistReceiptScreen>();
    // marriage
    host.add<MarriageStartScreen>();
    host.add<MarriagePartnerScreen>();
    host.add<MarriagePartnerNumberScreen>();
    host.add<MarriageOfficeScreen>();
    host.add<MarriageDateScreen>();
    host.add<MarriageSlotScreen>();
    host.add<MarriagePhoneScreen>();
    host.add<MarriageConfirmScreen>();
    host.add<MarriageResultScreen>();
    host.add<MarriageLookupScreen>();
    host.add<MarriageBookingScreen>();
    host.add<MarriageCancelScreen>();
    // status
    host.add<StatusStartScreen>();
    host.add<StatusScanScreen>();
    host.add<StatusListScreen>();
    host.add<StatusDetailScreen>();
    // staff
    host.add<StaffPinScreen>();
    host.add<StaffHomeScreen>();
    host.add<StaffOutboxScreen>();
    host.add<StaffReceiptsScreen>();
    // maintenance
    host.add<MaintOverviewScreen>();
    host.add<MaintCardScreen>();
    host.add<MaintCodeScreen>();
    host.add<MaintScannerScreen>();
    host.add<MaintPrinterScreen>();
    host.add<MaintExportScreen>();
    host.add<MaintDisplayScreen>();
    host.add<MaintCalibrateScreen>();
    host.add<MaintServicesScreen>();
}

}  // namespace kiosk

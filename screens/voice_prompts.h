#pragma once
// The spoken prompt of each screen: an i18n key per screen, so every prompt
// exists in every language (the i18n test) and can be synthesised by a test.
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"

namespace kiosk {

inline const char* voicePromptKey(ScreenId id) {
    switch (id) {
        case ScreenId::Attract: return i18nKey("voice.attract");
        case ScreenId::Identify: return i18nKey("voice.identify");
        case ScreenId::IdEntry: return i18nKey("voice.id_entry");
        case ScreenId::Menu: return i18nKey("voice.menu");
        case ScreenId::Done: return i18nKey("voice.done");
        case ScreenId::BalancesList: return i18nKey("voice.balances");
        case ScreenId::BalanceDetail: return i18nKey("voice.balance_detail");
        case ScreenId::AssistType: return i18nKey("voice.assist_type");
        case ScreenId::AssistHousehold: return i18nKey("voice.assist_household");
        case ScreenId::AssistIncome: return i18nKey("voice.assist_income");
        case ScreenId::AssistAssets: return i18nKey("voice.assist_assets");
        case ScreenId::AssistReason: return i18nKey("voice.assist_reason");
        case ScreenId::AssistDocuments: return i18nKey("voice.assist_documents");
        case ScreenId::AssistConsent: return i18nKey("voice.assist_consent");
        case ScreenId::AssistSign: return i18nKey("voice.assist_sign");
        case ScreenId::AssistReview: return i18nKey("voice.assist_review");
        case ScreenId::AssistReceipt: return i18nKey("voice.assist_receipt");
        // marriage
        case ScreenId::MarriageStart: return i18nKey("voice.marriage");
        case ScreenId::MarriagePartner: return i18nKey("voice.marriage_partner");
        case ScreenId::MarriagePartnerNumber: return i18nKey("voice.marriage_partner_number");
        case ScreenId::MarriageOffice: return i18nKey("voice.marriage_office");
        case ScreenId::MarriageDate: return i18nKey("voice.marriage_date");
        case ScreenId::MarriageSlot: return i18nKey("voice.marriage_slot");
        case ScreenId::MarriagePhone: return i18nKey("voice.marriage_phone");
        case ScreenId::MarriageConfirm: return i18nKey("voice.marriage_confirm");
        case ScreenId::MarriageResult: return i18nKey("voice.marriage_result");
        case ScreenId::MarriageLookup: return i18nKey("voice.marriage_lookup");
        case ScreenId::MarriageBooking: return i18nKey("voice.marriage_booking");
        case ScreenId::MarriageCancel: return i18nKey("voice.marriage_cancel");
        case ScreenId::StatusStart: return i18nKey("voice.status");
        case ScreenId::StatusScan: return i18nKey("voice.status_scan");
        case ScreenId::StatusList: return i18nKey("voice.status_list");
        case ScreenId::StatusDetail: return i18nKey("voice.status_detail");
        // staff
        case ScreenId::StaffPin: return i18nKey("voice.staff_pin");
        case ScreenId::StaffHome: return i18nKey("voice.staff_home");
        case ScreenId::StaffOutbox: return i18nKey("voice.staff_outbox");
        case ScreenId::StaffReceipts: return i18nKey("voice.staff_receipts");
        // maintenance
        case ScreenId::MaintOverview: return i18nKey("voice.maint_overview");
        case ScreenId::MaintCardTest: return i18nKey("voice.maint_card");
        case ScreenId::MaintCodeTest: return i18nKey("voice.maint_code");
        case ScreenId::MaintScannerTest: return i18nKey("voice.maint_scanner");
        case ScreenId::MaintPrinterTest: return i18nKey("voice.maint_printer");
        case ScreenId::MaintExport: return i18nKey("voice.maint_export");
        case ScreenId::MaintDisplay: return i18nKey("voice.maint_display");
        case ScreenId::MaintCalibrate: return i18nKey("voice.maint_calibrate");
        case ScreenId::MaintServices: return i18nKey("voice.maint_services");
        case ScreenId::Count: break;
    }
    return i18nKey("voice.attract");
}

// What a screen shows that a resident who listens needs too (each balance
// with its amount), in the session's language; empty for most screens.
// Personal: wipe it once spoken.
Personal spokenDetails(const SessionFlow& flow, const Strings& strings);

// Spoken when the inactivity countdown appears.
inline const char* timeoutPromptKey() { return i18nKey("voice.timeout"); }

}  // namespace kiosk

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
        case ScreenId::ServiceIntro: return i18nKey("voice.service");
        case ScreenId::Done: return i18nKey("voice.done");
        case ScreenId::BalancesList: return i18nKey("voice.balances");
        case ScreenId::BalanceDetail: return i18nKey("voice.balance_detail");
        case ScreenId::Count: break;
    }
    return i18nKey("voice.attract");
}

// Spoken when the inactivity countdown appears.
inline const char* timeoutPromptKey() { return i18nKey("voice.timeout"); }

}  // namespace kiosk

#include "screens/voice_prompts.h"

#include "kiosk/core/balances.h"
#include "screens/flows/service_flows.h"

namespace kiosk {
namespace {

std::string kindName(const Strings& strings, Language lang, const SubsidyBalance& b) {
    std::string key = "balances.kind." + b.kind;
    return strings.has(lang, key) ? strings.get(lang, key) : b.name;
}

std::string amount(const Strings& strings, Language lang, double value, const std::string& unit) {
    return Strings::format(strings.get(lang, unit == "points" ? i18nKey("balances.points") : i18nKey("balances.yuan")),
                           {{"amount", formatAmount(value, unit)}});
}

}  // namespace

Personal spokenDetails(const SessionFlow& flow, const Strings& strings) {
    const Language lang = flow.language();
    const BalancesFlow& balances = flow.services().balances;
    std::string out;
    const bool shown = balances.state() == BalancesFlow::State::Online || balances.state() == BalancesFlow::State::Snapshot;
    if (flow.current() == ScreenId::BalancesList && shown) {
        if (balances.state() == BalancesFlow::State::Snapshot) out += strings.get(lang, i18nKey("balances.snapshot_short"));
        for (const SubsidyBalance& b : balances.balances().balances)
            out += " " + Strings::format(strings.get(lang, i18nKey("voice.balances.item")),
                                         {{"name", kindName(strings, lang, b)}, {"balance", amount(strings, lang, b.balance, b.unit)}});
    } else if (flow.current() == ScreenId::BalanceDetail && balances.selected()) {
        const SubsidyBalance& b = *balances.selected();
        out = Strings::format(strings.get(lang, i18nKey("voice.balance_detail.item")),
                              {{"name", kindName(strings, lang, b)},
                               {"balance", amount(strings, lang, b.balance, b.unit)},
                               {"credit", amount(strings, lang, b.monthlyCredit, b.unit)}});
    }
    return Personal(std::move(out));
}

}  // namespace kiosk

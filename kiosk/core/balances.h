#pragma once
// Subsidy balances (services.md, "Subsidy balances"): what the central
// service answers to POST /api/v1/balances/query, parsed into plain values.
// The values are personal: they live in the session and are wiped with it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

struct SubsidyTransaction {
    std::string date;      // YYYY-MM-DD
    std::string merchant;  // merchant or service, as the centre names it (Chinese)
    double amount = 0;     // negative: spent; positive: credited
};

struct SubsidyBalance {
    std::string kind;   // "chongyang-points", "aixin-card", ... (i18n: "balances.kind.<kind>")
    std::string name;   // the centre's Chinese name, shown when the kind is unknown to this kiosk
    std::string unit;   // "points" or "yuan"
    double balance = 0;
    double monthlyCredit = 0;
    std::optional<std::string> expires;  // YYYY-MM-DD
    std::vector<SubsidyTransaction> transactions;  // newest first
};

struct SubsidyBalances {
    std::vector<SubsidyBalance> balances;
    std::string asOf;  // the centre's time of the answer (ISO 8601)
    void wipe();       // drops the values (they describe a person)
};

// Parses the centre's answer. Error: a message for the log (never personal).
Result<SubsidyBalances, std::string> parseBalances(std::string_view json);
// The request body for a person.
std::string balancesQueryBody(std::string_view idNumber);

// "1,234.50" for yuan; points without ".00" when they are whole.
std::string formatAmount(double amount, std::string_view unit);

}  // namespace kiosk

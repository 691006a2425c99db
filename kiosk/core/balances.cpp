#include "kiosk/core/balances.h"

#include <nlohmann/json.hpp>

#include "kiosk/core/json_read.h"

#include <cmath>
#include <cstdio>

namespace kiosk {

void SubsidyBalances::wipe() {
    for (auto& b : balances) {
        for (auto& t : b.transactions) t = {};
        b = {};
    }
    balances.clear();
    asOf.clear();
}

Result<SubsidyBalances, std::string> parseBalances(std::string_view text) {
    using nlohmann::json;
    json doc = jsonr::parse(text).value_or(json());
    if (!doc.is_object() || !doc.contains("balances") || !doc["balances"].is_array())
        return std::string("balances: the answer is not a balances document");
    SubsidyBalances out;
    if (doc.contains("asOf") && doc["asOf"].is_string()) out.asOf = doc["asOf"].get<std::string>();
    for (const json& b : doc["balances"]) {
        if (!b.is_object() || !b.contains("kind") || !b["kind"].is_string() || !b.contains("balance") ||
            !b["balance"].is_number())
            return std::string("balances: an entry lacks its kind or balance");
        SubsidyBalance item;
        item.kind = b["kind"].get<std::string>();
        item.name = jsonr::strOr(b, "name", item.kind);  // a central answer: no throwing reads (#13)
        item.unit = jsonr::strOr(b, "unit", "yuan");
        item.balance = b["balance"].get<double>();
        item.monthlyCredit = b.contains("monthlyCredit") && b["monthlyCredit"].is_number() ? b["monthlyCredit"].get<double>() : 0;
        if (b.contains("expires") && b["expires"].is_string()) item.expires = b["expires"].get<std::string>();
        if (b.contains("transactions") && b["transactions"].is_array())
            for (const json& t : b["transactions"])
                if (t.is_object() && t.contains("amount") && t["amount"].is_number())
                    item.transactions.push_back(
                        {jsonr::strOr(t, "date", ""), jsonr::strOr(t, "merchant", ""), t["amount"].get<double>()});
        out.balances.push_back(std::move(item));
    }
    return out;
}

std::string balancesQueryBody(std::string_view idNumber) {
    return nlohmann::json{{"idNumber", std::string(idNumber)}}.dump();
}

std::string formatAmount(double amount, std::string_view unit) {
    const bool points = unit == "points";
    const bool negative = amount < 0;
    const long long cents = std::llround(std::fabs(amount) * 100);
    std::string whole = std::to_string(cents / 100);
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<size_t>(i), ",");
    std::string out = (negative ? "-" : "") + whole;
    if (!points || cents % 100 != 0) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%02lld", cents % 100);
        out += frac;
    }
    return out;
}

}  // namespace kiosk

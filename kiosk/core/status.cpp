#include "kiosk/core/status.h"

#include <nlohmann/json.hpp>

#include "kiosk/core/json_read.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

using nlohmann::json;

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<StatusItem, std::string> itemFrom(const json& j) {
    if (!j.is_object()) return std::string("status: an item is not an object");
    StatusItem item;
    const std::string kind = text(j, "kind");
    item.reference = text(j, "reference");
    item.status = text(j, "status");
    if (item.reference.empty()) return std::string("status: an item lacks its reference");
    if (kind == "assistance-application") {
        item.kind = StatusItem::Kind::Application;
        item.type = text(j, "type");
        item.final = jsonr::boolean(j, "final").value_or(false);  // a central answer: no throwing reads (#13)
        if (auto it = j.find("steps"); it != j.end() && it->is_array())
            for (const json& s : *it)
                if (s.is_object() && !text(s, "step").empty()) item.steps.push_back({text(s, "step"), text(s, "at")});
        // An answer without steps still says where the application stands.
        if (item.steps.empty() && !item.status.empty()) item.steps.push_back({item.status, ""});
        if (item.status.empty() && !item.steps.empty()) item.status = item.steps.back().step;
        if (item.status.empty()) return std::string("status: an application lacks its status");
        return item;
    }
    if (kind == "marriage-booking") {
        item.kind = StatusItem::Kind::Booking;
        item.officeId = text(j, "officeId");
        item.date = text(j, "date");
        item.slot = text(j, "slot");
        item.code = text(j, "code");
        if (item.status.empty()) return std::string("status: a booking lacks its status");
        return item;
    }
    return std::string("status: an item of an unknown kind");
}

}  // namespace

Result<StatusItem, std::string> parseStatusItem(std::string_view body) {
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) return std::string("status: the answer is not JSON");
    return itemFrom(doc);
}

Result<std::vector<StatusItem>, std::string> parseStatusItems(std::string_view body) {
    json doc = json::parse(body, nullptr, false);
    if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array())
        return std::string("status: the answer is not a list of items");
    std::vector<StatusItem> items;
    for (const json& j : doc["items"]) {
        auto item = itemFrom(j);
        if (!item) return item.error();
        items.push_back(std::move(item.value()));
    }
    return items;
}

std::string statusLookupBody(std::string_view code) { return json{{"code", std::string(code)}}.dump(); }

std::string statusByPersonBody(std::string_view idNumber) {
    return json{{"idNumber", std::string(idNumber)}}.dump();
}

const char* codeRefusalKey(SignedCodeError error) {
    switch (error) {
        case SignedCodeError::Malformed: return i18nKey("codes.error.malformed");
        case SignedCodeError::UnsupportedVersion: return i18nKey("codes.error.unsupported_version");
        case SignedCodeError::UnknownKey: return i18nKey("codes.error.unknown_key");
        case SignedCodeError::BadSignature: return i18nKey("codes.error.tampered");
        case SignedCodeError::Expired: return i18nKey("codes.error.expired");
        case SignedCodeError::ClockWrong: return i18nKey("codes.error.clock_wrong");
    }
    return i18nKey("codes.error.malformed");
}

const char* codeRefusalKeyForProblem(std::string_view problemJson) {
    json doc = json::parse(problemJson, nullptr, false);
    if (!doc.is_object()) return nullptr;
    const std::string type = text(doc, "type");
    const std::string prefix = "urn:civil-kiosk:problem:code-";
    if (type.rfind(prefix, 0) != 0) return nullptr;
    const std::string slug = type.substr(prefix.size());
    // The centre names the same outcomes as signedCodeErrorName().
    for (SignedCodeError e : {SignedCodeError::Malformed, SignedCodeError::UnsupportedVersion, SignedCodeError::UnknownKey,
                              SignedCodeError::BadSignature, SignedCodeError::Expired, SignedCodeError::ClockWrong})
        if (slug == signedCodeErrorName(e)) return codeRefusalKey(e);
    return i18nKey("codes.error.malformed");
}

std::vector<CodePublicKey> parseCodeSigningKeys(std::string_view body) {
    std::vector<CodePublicKey> keys;
    json doc = json::parse(body, nullptr, false);
    if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) return keys;
    for (const json& k : doc["keys"]) {
        if (!k.is_object() || text(k, "alg") != "Ed25519") continue;
        if (auto key = decodeCodePublicKey(text(k, "publicKey"))) keys.push_back(key.value());
    }
    return keys;
}

std::optional<std::string> officeName(std::string_view officesJson, std::string_view officeId) {
    json doc = json::parse(officesJson, nullptr, false);
    if (!doc.is_object() || !doc.contains("offices") || !doc["offices"].is_array()) return std::nullopt;
    for (const json& o : doc["offices"])
        if (o.is_object() && text(o, "id") == officeId && !text(o, "name").empty()) return text(o, "name");
    return std::nullopt;
}

std::string statusDate(std::string_view isoTime) { return std::string(isoTime.substr(0, 10)); }

}  // namespace kiosk

#include "central/json_schema.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "kiosk/core/json_read.h"  // depthWithin

namespace kiosk::central {

extern const char* const kOpenApiJson;  // generated from central/api/openapi.yaml

namespace {

using json = nlohmann::json;

const std::set<std::string> kKeywords = {
    "type",      "nullable", "required", "properties", "additionalProperties", "items",   "enum",
    "minLength", "maxLength", "pattern", "minimum",    "maximum",              "minItems", "maxItems",
    "format",    "$ref",      "description", "example", "default", "allOf", "oneOf"};

// std::regex matches recursively: long subjects could exhaust the stack, so a
// string with a pattern is refused beyond this length before matching.
constexpr size_t kMaxPatternSubject = 4096;

std::string escapePointer(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool isDate(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        return false;
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}.ok();
}

bool isDateTime(const std::string& s) {
    static const std::regex kDateTime(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
    return s.size() < 64 && isDate(s.substr(0, 10)) && std::regex_match(s, kDateTime);
}

const char* typeName(const std::string& type) {
    if (type == "object") return "an object";
    if (type == "array") return "an array";
    if (type == "string") return "a string";
    if (type == "integer") return "an integer";
    if (type == "number") return "a number";
    if (type == "boolean") return "a boolean";
    return "of an unknown type";
}

bool hasType(const json& v, const std::string& type) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "boolean") return v.is_boolean();
    if (type == "number") return v.is_number();
    if (type == "integer") {
        if (v.is_number_integer()) return true;
        if (!v.is_number_float()) return false;
        double d = v.get<double>();
        return std::isfinite(d) && std::floor(d) == d;
    }
    return false;
}

std::string where(const std::string& path) { return path.empty() ? std::string("(body)") : path; }

}  // namespace

OpenApiSchemas::OpenApiSchemas(json document) : doc_(std::move(document)) {
    if (!doc_.is_object() || !doc_.contains("paths") || !doc_["paths"].is_object())
        throw std::invalid_argument("not an OpenAPI document (no paths)");
    for (const auto& [method, path] : jsonBodyOperations()) prepare(*requestBody(method, path), 0);
    for (const auto& [tmpl, ops] : doc_["paths"].items())
        for (const auto& [method, op] : ops.items())
            if (op.is_object() && op.contains("responses"))
                for (const auto& [status, response] : op["responses"].items())
                    for (const char* media : {"application/json", "application/problem+json"})
                        if (const json* s = responseBody(method, tmpl, status == "default" ? 0 : std::atoi(status.c_str()), media))
                            prepare(*s, 0);
}

const OpenApiSchemas& OpenApiSchemas::builtin() {
    static const OpenApiSchemas schemas(json::parse(kOpenApiJson));
    return schemas;
}

const json* OpenApiSchemas::requestBody(std::string_view method, std::string_view pathTemplate) const {
    const json& paths = doc_["paths"];
    auto p = paths.find(std::string(pathTemplate));
    if (p == paths.end() || !p->is_object()) return nullptr;
    auto op = p->find(std::string(method));
    if (op == p->end() || !op->contains("requestBody")) return nullptr;
    const json& body = (*op)["requestBody"];
    auto content = body.find("content");
    if (content == body.end() || !content->contains("application/json")) return nullptr;
    const json& media = (*content)["application/json"];
    auto schema = media.find("schema");
    return schema == media.end() ? nullptr : &*schema;
}

std::optional<std::string> OpenApiSchemas::operationFor(std::string_view method, std::string_view path) const {
    for (const auto& [tmpl, ops] : doc_["paths"].items()) {
        if (!ops.is_object() || !ops.contains(std::string(method))) continue;
        // Segment by segment; a {parameter} matches one non-empty segment.
        size_t t = 0, p = 0;
        bool same = true;
        while (same && t < tmpl.size() && p < path.size()) {
            size_t tEnd = tmpl.find('/', t + 1), pEnd = path.find('/', p + 1);
            if (tEnd == std::string::npos) tEnd = tmpl.size();
            if (pEnd == std::string_view::npos) pEnd = path.size();
            std::string_view ts(tmpl.data() + t, tEnd - t), ps(path.data() + p, pEnd - p);
            same = ts == ps || (ts.size() > 3 && ts[1] == '{' && ts.back() == '}' && ps.size() > 1);
            t = tEnd;
            p = pEnd;
        }
        if (same && t == tmpl.size() && p == path.size()) return tmpl;
    }
    return std::nullopt;
}

const json* OpenApiSchemas::response(std::string_view method, std::string_view pathTemplate, int status) const {
    const json& paths = doc_["paths"];
    auto p = paths.find(std::string(pathTemplate));
    if (p == paths.end() || !p->is_object()) return nullptr;
    auto op = p->find(std::string(method));
    if (op == p->end() || !op->contains("responses")) return nullptr;
    const json& responses = (*op)["responses"];
    auto r = status == 0 ? responses.end() : responses.find(std::to_string(status));
    if (r == responses.end()) r = responses.find("default");
    if (r == responses.end()) return nullptr;
    const json* found = &*r;
    if (found->contains("$ref")) {
        constexpr std::string_view kPrefix = "#/components/responses/";
        const std::string ref = (*found)["$ref"].get<std::string>();
        if (ref.rfind(kPrefix, 0) != 0) return nullptr;
        const json& shared = doc_.at("components").at("responses");
        auto it = shared.find(ref.substr(kPrefix.size()));
        if (it == shared.end()) return nullptr;
        found = &*it;
    }
    return found;
}

const json* OpenApiSchemas::responseBody(std::string_view method, std::string_view pathTemplate, int status,
                                         std::string_view mediaType) const {
    const json* found = response(method, pathTemplate, status);
    if (!found) return nullptr;
    auto content = found->find("content");
    if (content == found->end() || !content->contains(std::string(mediaType))) return nullptr;
    const json& media = (*content)[std::string(mediaType)];
    auto schema = media.find("schema");
    return schema == media.end() ? nullptr : &*schema;
}

std::optional<std::string> OpenApiSchemas::checkResponse(std::string_view method, std::string_view path, int status,
                                                         std::string_view contentType, std::string_view body) const {
    auto tmpl = operationFor(method, path);
    if (!tmpl) return std::nullopt;
    const std::string operation = std::string(method) + " " + *tmpl;
    const json* found = response(method, *tmpl, status);
    if (!found) return "status " + std::to_string(status) + " is not in the contract for " + operation;
    const json* content = found->contains("content") ? &(*found)["content"] : nullptr;
    if (body.empty()) {
        if (content && !content->empty())
            return "no body, where the contract for " + operation + " " + std::to_string(status) + " gives " +
                   content->begin().key();
        return std::nullopt;
    }
    std::string mediaType(contentType.substr(0, contentType.find(';')));
    while (!mediaType.empty() && mediaType.back() == ' ') mediaType.pop_back();
    std::transform(mediaType.begin(), mediaType.end(), mediaType.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!content || !content->contains(mediaType))
        return (mediaType.empty() ? std::string("a body without a Content-Type") : "a " + mediaType + " body") +
               " is not in the contract for " + operation + " " + std::to_string(status);
    if (mediaType != "application/json" && mediaType != "application/problem+json") return std::nullopt;
    const json* schema = responseBody(method, *tmpl, status, mediaType);
    if (!schema) return std::nullopt;
    json value = json::parse(body, nullptr, false);
    if (value.is_discarded()) return "the body is not JSON";
    return validate(*schema, value);
}

std::vector<std::pair<std::string, std::string>> OpenApiSchemas::operations() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [path, ops] : doc_["paths"].items())
        if (ops.is_object())
            for (const auto& [method, op] : ops.items())
                if (op.is_object() && op.contains("responses")) out.emplace_back(method, path);
    return out;
}

std::vector<std::pair<std::string, std::string>> OpenApiSchemas::jsonBodyOperations() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [path, ops] : doc_["paths"].items()) {
        if (!ops.is_object()) continue;
        for (const auto& [method, op] : ops.items())
            if (requestBody(method, path)) out.emplace_back(method, path);
    }
    return out;
}

const json& OpenApiSchemas::resolve(const json& schema) const {
    const json* s = &schema;
    for (int hops = 0; s->is_object() && s->contains("$ref"); ++hops) {
        const std::string ref = (*s)["$ref"].get<std::string>();
        constexpr std::string_view kPrefix = "#/components/schemas/";
        if (hops > 16 || ref.rfind(kPrefix, 0) != 0) throw std::invalid_argument("unsupported $ref " + ref);
        const json& schemas = doc_.at("components").at("schemas");
        auto it = schemas.find(ref.substr(kPrefix.size()));
        if (it == schemas.end()) throw std::invalid_argument("unresolved $ref " + ref);
        s = &*it;
    }
    return *s;
}

void OpenApiSchemas::prepare(const json& schema, int depth) {
    if (depth > 32) return;  // recursive schemas: checked once is enough
    if (!schema.is_object()) throw std::invalid_argument("a schema is not an object");
    for (const auto& [key, value] : schema.items())
        if (!kKeywords.count(key)) throw std::invalid_argument("unsupported schema keyword " + key);
    const json& s = resolve(schema);
    if (&s != &schema) return prepare(s, depth + 1);
    if (s.contains("pattern")) {
        const std::string p = s["pattern"].get<std::string>();
        if (!patterns_.count(p)) patterns_.emplace(p, std::regex(p, std::regex::ECMAScript));  // throws on a bad one
    }
    if (s.contains("properties"))
        for (const auto& [name, sub] : s["properties"].items()) prepare(sub, depth + 1);
    if (s.contains("additionalProperties") && s["additionalProperties"].is_object())
        prepare(s["additionalProperties"], depth + 1);
    if (s.contains("items")) prepare(s["items"], depth + 1);
    for (const char* combined : {"allOf", "oneOf"})
        if (s.contains(combined))
            for (const auto& sub : s[combined]) prepare(sub, depth + 1);
}

ParsedBody OpenApiSchemas::parseBody(std::string_view text, size_t maxBytes, const json* schema) const {
    ParsedBody out;
    if (text.size() > maxBytes)
        out.problem = BodyProblem{413, "body-too-large", "The request body is too large",
                                  "at most " + std::to_string(maxBytes) + " bytes here"};
    else if (!jsonr::depthWithin(text, kMaxJsonDepth))
        out.problem = BodyProblem{400, "malformed-body", "The body nests too deeply",
                                  "at most " + std::to_string(kMaxJsonDepth) + " levels of arrays and objects"};
    else if (out.value = json::parse(text, nullptr, false); out.value.is_discarded() || !out.value.is_object())
        out.problem = BodyProblem{400, "malformed-body", "The body is not a JSON object", {}};
    else if (auto error = schema ? validate(*schema, out.value) : std::nullopt)
        out.problem = BodyProblem{400, "invalid-body", "The body does not match the API contract", *error};
    if (out.problem) out.value = nullptr;
    return out;
}

std::optional<std::string> OpenApiSchemas::validate(const json& schema, const json& value) const {
    std::string path;
    return check(schema, value, path, 0);
}

std::optional<std::string> OpenApiSchemas::check(const json& schema, const json& value, std::string& path,
                                                 int depth) const {
    if (depth > 64) return where(path) + ": nested too deeply";
    const json& s = resolve(schema);
    if (value.is_null() && s.value("nullable", false)) return std::nullopt;
    if (auto all = s.find("allOf"); all != s.end())
        for (const auto& sub : *all)
            if (auto err = check(sub, value, path, depth + 1)) return err;
    if (auto one = s.find("oneOf"); one != s.end()) {
        size_t matches = 0;
        for (const auto& sub : *one) {
            std::string scratch = path;
            matches += check(sub, value, scratch, depth + 1) ? 0 : 1;
        }
        if (matches != 1)
            return where(path) + ": must match exactly one of " + std::to_string(one->size()) + " schemas (matches " +
                   std::to_string(matches) + ")";
    }
    if (auto t = s.find("type"); t != s.end() && !hasType(value, t->get<std::string>()))
        return where(path) + ": must be " + typeName(t->get<std::string>());
    if (auto e = s.find("enum"); e != s.end()) {
        bool found = false;
        std::string names;
        for (const auto& option : *e) {
            found = found || option == value;
            if (!names.empty()) names += ", ";
            names += option.is_string() ? option.get<std::string>() : option.dump();
        }
        if (!found) return where(path) + ": must be one of " + names;
    }
    if (value.is_string()) {
        const auto& str = value.get_ref<const std::string&>();
        size_t n = codePoints(str);
        if (s.contains("minLength") && n < s["minLength"].get<size_t>())
            return where(path) + ": must be at least " + std::to_string(s["minLength"].get<size_t>()) + " characters";
        if (s.contains("maxLength") && n > s["maxLength"].get<size_t>())
            return where(path) + ": must be at most " + std::to_string(s["maxLength"].get<size_t>()) + " characters";
        if (auto p = s.find("pattern"); p != s.end()) {
            if (str.size() > kMaxPatternSubject) return where(path) + ": is too long";
            if (!std::regex_search(str, patterns_.at(p->get<std::string>())))
                return where(path) + ": must match " + p->get<std::string>();
        }
        const std::string format = s.value("format", "");
        if (format == "date" && !isDate(str)) return where(path) + ": must be a date (YYYY-MM-DD)";
        if (format == "date-time" && !isDateTime(str)) return where(path) + ": must be a date-time (RFC 3339)";
    }
    if (value.is_number()) {
        double v = value.get<double>();
        if (s.contains("minimum") && v < s["minimum"].get<double>())
            return where(path) + ": must be at least " + s["minimum"].dump();
        if (s.contains("maximum") && v > s["maximum"].get<double>())
            return where(path) + ": must be at most " + s["maximum"].dump();
    }
    if (value.is_array()) {
        if (s.contains("minItems") && value.size() < s["minItems"].get<size_t>())
            return where(path) + ": must have at least " + s["minItems"].dump() + " items";
        if (s.contains("maxItems") && value.size() > s["maxItems"].get<size_t>())
            return where(path) + ": must have at most " + s["maxItems"].dump() + " items";
        if (auto items = s.find("items"); items != s.end()) {
            for (size_t i = 0; i < value.size(); ++i) {
                size_t mark = path.size();
                path += "/" + std::to_string(i);
                if (auto err = check(*items, value[i], path, depth + 1)) return err;
                path.resize(mark);
            }
        }
    }
    if (value.is_object()) {
        const json* props = s.contains("properties") ? &s["properties"] : nullptr;
        const json* extra = s.contains("additionalProperties") ? &s["additionalProperties"] : nullptr;
        for (const auto& [name, member] : value.items()) {
            size_t mark = path.size();
            path += "/" + escapePointer(name);
            if (props && props->contains(name)) {
                if (auto err = check((*props)[name], member, path, depth + 1)) return err;
            } else if (extra && extra->is_boolean() && !extra->get<bool>()) {
                return path + ": is not allowed";
            } else if (extra && extra->is_object()) {
                if (auto err = check(*extra, member, path, depth + 1)) return err;
            }
            path.resize(mark);
        }
        // After the members present: a wrong type is named before a missing neighbour.
        if (auto req = s.find("required"); req != s.end())
            for (const auto& name : *req)
                if (!value.contains(name.get<std::string>()))
                    return path + "/" + escapePointer(name.get<std::string>()) + ": is required";
    }
    return std::nullopt;
}

}  // namespace kiosk::central

// central/json_schema.h: the request body validator, keyword by keyword
// (each accepted and refused, with the field named by its JSON pointer),
// parseBody's order of checks (depth before parsing, with brackets in strings not counted), and the contract built into
// kiosk-central (every POST/PUT it serves has a complete schema).
#include "central/json_schema.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using json = nlohmann::json;
using kiosk::central::OpenApiSchemas;

// A document with one operation whose body schema is `schema`, and `schemas` as components.
json documentWith(const json& schema, const json& schemas = json::object()) {
    return {{"openapi", "3.0.3"},
            {"paths", {{"/t", {{"post", {{"requestBody", {{"content", {{"application/json", {{"schema", schema}}}}}}}}}}}}},
            {"components", {{"schemas", schemas}}}};
}

// The validator's verdict on `value`: "" when valid.
std::string verdict(const json& schema, const json& value, const json& schemas = json::object()) {
    OpenApiSchemas doc(documentWith(schema, schemas));
    auto error = doc.validate(*doc.requestBody("post", "/t"), value);
    return error.value_or("");
}

TEST(JsonSchema, Type) {
    for (const auto& [type, good, bad] : std::vector<std::tuple<std::string, json, json>>{
             {"string", "x", 5},
             {"integer", 5, 5.5},
             {"number", 5.5, "5"},
             {"boolean", true, "yes"},
             {"object", json::object(), json::array()},
             {"array", json::array(), json::object()}}) {
        EXPECT_EQ(verdict({{"type", type}}, good), "") << type;
        EXPECT_NE(verdict({{"type", type}}, bad), "") << type;
    }
    EXPECT_EQ(verdict({{"type", "integer"}}, 5.0), "");  // JSON Schema: 5.0 is an integer
    EXPECT_EQ(verdict({{"type", "string"}}, 5), "(body): must be a string");
    EXPECT_EQ(verdict({{"type", "string"}, {"nullable", true}}, nullptr), "");
    EXPECT_NE(verdict({{"type", "string"}}, nullptr), "");
}

TEST(JsonSchema, RequiredPropertiesAndAdditionalProperties) {
    json schema{{"type", "object"},
                {"required", {"type"}},
                {"properties", {{"type", {{"type", "string"}}}, {"consent", {{"type", "boolean"}}}}}};
    EXPECT_EQ(verdict(schema, {{"type", "dibao"}}), "");
    EXPECT_EQ(verdict(schema, json::object()), "/type: is required");
    EXPECT_EQ(verdict(schema, {{"type", 5}}), "/type: must be a string");
    EXPECT_EQ(verdict(schema, {{"type", "dibao"}, {"consent", "yes"}}), "/consent: must be a boolean");
    // A wrong type is named before a missing neighbour.
    EXPECT_EQ(verdict(schema, {{"consent", "yes"}}), "/consent: must be a boolean");
    EXPECT_EQ(verdict(schema, {{"type", "x"}, {"other", 1}}), "");  // additional members allowed by default
    schema["additionalProperties"] = false;
    EXPECT_EQ(verdict(schema, {{"type", "x"}, {"other", 1}}), "/other: is not allowed");
    schema["additionalProperties"] = {{"type", "integer"}};
    EXPECT_EQ(verdict(schema, {{"type", "x"}, {"other", 1}}), "");
    EXPECT_EQ(verdict(schema, {{"type", "x"}, {"a/b", "no"}}), "/a~1b: must be an integer");
}

TEST(JsonSchema, ItemsAndArrayBounds) {
    json schema{{"type", "array"}, {"minItems", 1}, {"maxItems", 2}, {"items", {{"type", "string"}}}};
    EXPECT_EQ(verdict(schema, {"a"}), "");
    EXPECT_EQ(verdict(schema, json::array()), "(body): must have at least 1 items");
    EXPECT_EQ(verdict(schema, {"a", "b", "c"}), "(body): must have at most 2 items");
    EXPECT_EQ(verdict(schema, {"a", 3}), "/1: must be a string");
}

TEST(JsonSchema, EnumLengthsAndPattern) {
    EXPECT_EQ(verdict({{"enum", {"dibao", "tekun"}}}, "tekun"), "");
    EXPECT_EQ(verdict({{"enum", {"dibao", "tekun"}}}, "other"), "(body): must be one of dibao, tekun");
    json text{{"type", "string"}, {"minLength", 2}, {"maxLength", 3}};
    EXPECT_EQ(verdict(text, "王芳"), "");  // code points, not bytes
    EXPECT_EQ(verdict(text, "王芳王芳"), "(body): must be at most 3 characters");
    EXPECT_EQ(verdict(text, "a"), "(body): must be at least 2 characters");
    json id{{"type", "string"}, {"pattern", "^[0-9]{17}[0-9Xx]$"}};
    EXPECT_EQ(verdict(id, "33010619900307001X"), "");
    EXPECT_EQ(verdict(id, "3301061990030700"), "(body): must match ^[0-9]{17}[0-9Xx]$");
    EXPECT_EQ(verdict(id, std::string(100'000, '1')), "(body): is too long");  // not handed to std::regex
}

TEST(JsonSchema, MinimumMaximumAndFormats) {
    json n{{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
    EXPECT_EQ(verdict(n, 0.5), "");
    EXPECT_EQ(verdict(n, -1), "(body): must be at least 0");
    EXPECT_EQ(verdict(n, 2), "(body): must be at most 1");
    json date{{"type", "string"}, {"format", "date"}};
    EXPECT_EQ(verdict(date, "2026-02-28"), "");
    EXPECT_NE(verdict(date, "2026-02-30"), "");
    EXPECT_NE(verdict(date, "2026-2-3"), "");
    json stamp{{"type", "string"}, {"format", "date-time"}};
    EXPECT_EQ(verdict(stamp, "2026-12-03T09:00:00+08:00"), "");
    EXPECT_NE(verdict(stamp, "yesterday"), "");
}

TEST(JsonSchema, RefsToComponentSchemas) {
    json schemas{{"IdNumber", {{"type", "string"}, {"pattern", "^[0-9]{17}[0-9Xx]$"}}},
                 {"Person", {{"type", "object"}, {"required", {"idNumber"}}, {"properties", {{"idNumber", {{"$ref", "#/components/schemas/IdNumber"}}}}}}}};
    json schema{{"type", "object"},
                {"properties", {{"household", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Person"}}}}}}}};
    EXPECT_EQ(verdict(schema, {{"household", {{{"idNumber", "330106199003070014"}}}}}, schemas), "");
    EXPECT_EQ(verdict(schema, {{"household", {{{"idNumber", 330106199003070014LL}}}}}, schemas),
              "/household/0/idNumber: must be a string");
    EXPECT_THROW(OpenApiSchemas(documentWith({{"$ref", "#/components/schemas/Missing"}})), std::invalid_argument);
}

TEST(JsonSchema, AKeywordTheValidatorDoesNotKnowIsRefusedAtLoad) {
    EXPECT_THROW(OpenApiSchemas(documentWith({{"type", "object"}, {"anyOf", json::array()}})), std::invalid_argument);
    EXPECT_THROW(OpenApiSchemas(documentWith({{"type", "string"}, {"pattern", "(["}})), std::exception);
}

TEST(JsonSchema, ParseBodyChecksSizeThenDepthThenSyntaxThenSchema) {
    const auto& api = OpenApiSchemas::builtin();
    const json* schema = api.requestBody("post", "/api/v1/assistance-applications");
    ASSERT_NE(schema, nullptr);
    EXPECT_EQ(api.parseBody(std::string(2000, ' '), 1000, schema).problem->status, 413);
    auto deep = api.parseBody(std::string(100'000, '[') + std::string(100'000, ']'), 1'000'000, schema);
    EXPECT_EQ(deep.problem->status, 400);
    EXPECT_EQ(deep.problem->slug, "malformed-body");
    std::string quoted = R"({"type": ")" + std::string(200, '[') + R"("})";
    EXPECT_EQ(api.parseBody(quoted, 1'000'000, schema).problem->slug, "invalid-body");  // brackets in a string
    EXPECT_EQ(api.parseBody("{", 1000, schema).problem->slug, "malformed-body");
    EXPECT_EQ(api.parseBody("[]", 1000, schema).problem->slug, "malformed-body");
    auto wrong = api.parseBody(R"({"type": 5})", 1000, schema);
    EXPECT_EQ(wrong.problem->slug, "invalid-body");
    EXPECT_EQ(wrong.problem->detail, "/type: must be a string");
    auto good = api.parseBody(
        R"({"type": "dibao", "applicant": {"name": "x", "idNumber": "330106199003070014"}, "consent": true})", 100'000,
        schema);
    EXPECT_FALSE(good.problem) << good.problem->detail;
    EXPECT_EQ(good.value["type"], "dibao");
}

// The contract in kiosk-central: it loads (every keyword supported, every
// $ref resolved), and every JSON request body is an object schema.
TEST(JsonSchema, TheBuiltInContractHasASchemaForEveryJsonBody) {
    const auto& api = OpenApiSchemas::builtin();
    auto ops = api.jsonBodyOperations();
    EXPECT_GE(ops.size(), 15u);
    for (const auto& [method, path] : ops) {
        const json* schema = api.requestBody(method, path);
        ASSERT_NE(schema, nullptr) << method << " " << path;
        EXPECT_TRUE(api.validate(*schema, json::array()).has_value()) << method << " " << path << " accepts an array";
    }
    for (const char* path : {"/api/v1/kiosks/{kioskId}/heartbeat", "/api/v1/marriage-bookings", "/admin/updates",
                             "/admin/kiosks/{kioskId}/commands", "/admin/faults", "/admin/config"})
        EXPECT_NE(api.requestBody("post", path), nullptr) << path;
    EXPECT_EQ(api.validate(*api.requestBody("post", "/admin/updates"), {{"commit", std::string(63, 'a')}}).value_or(""),
              "/commit: must match ^[0-9a-f]{64}$");
}

}  // namespace

TEST(JsonSchema, AllOfAndOneOf) {
    const json a{{"type", "object"}, {"required", {"a"}}};
    const json b{{"type", "object"}, {"required", {"b"}}};
    EXPECT_EQ(verdict({{"allOf", {a, b}}}, {{"a", 1}, {"b", 2}}), "");
    EXPECT_EQ(verdict({{"allOf", {a, b}}}, {{"a", 1}}), "/b: is required");
    EXPECT_EQ(verdict({{"oneOf", {a, b}}}, {{"a", 1}}), "");
    EXPECT_NE(verdict({{"oneOf", {a, b}}}, {{"a", 1}, {"b", 2}}), "");  // both: not exactly one
    EXPECT_NE(verdict({{"oneOf", {a, b}}}, json::object()), "");         // neither
}

// The response contract test's checker (kiosk-central runs it on every answer
// when KIOSK_CENTRAL_CONTRACT_LOG is set; tests/data/test_support.h sets it and
// fails a test for each answer that breaks the contract).
TEST(JsonSchema, ResponsesAreCheckedAgainstTheirOperationAndStatus) {
    const auto& api = OpenApiSchemas::builtin();
    EXPECT_EQ(api.operationFor("get", "/api/v1/offices/o-1/slots"), "/api/v1/offices/{officeId}/slots");
    EXPECT_EQ(api.operationFor("post", "/api/v1/kiosks/k-1/commands/7/result"),
              "/api/v1/kiosks/{kioskId}/commands/{commandId}/result");
    EXPECT_EQ(api.operationFor("get", "/api/v1/offices//slots"), std::nullopt);
    EXPECT_EQ(api.operationFor("delete", "/api/v1/offices"), std::nullopt);

    const std::string path = "/api/v1/assistance-applications";
    const json receipt{{"reference", "SA-20260101-000001"}, {"status", "submitted"},
                       {"submittedAt", "2026-01-01T08:00:00+08:00"}, {"receiptCode", "K1.A.x.1.sig"}};
    EXPECT_EQ(api.checkResponse("post", path, 201, "application/json; charset=utf-8", receipt.dump()), std::nullopt);
    json wrong = receipt;
    wrong["reference"] = 17;
    EXPECT_EQ(api.checkResponse("post", path, 201, "application/json", wrong.dump()), "/reference: must be a string");
    EXPECT_EQ(api.checkResponse("post", path, 201, "application/json", "{not json"), "the body is not JSON");
    // A status of its own, or "default": both the Problem document.
    const json problem{{"type", "urn:civil-kiosk:problem:x"}, {"title", "X"}, {"status", 503}};
    EXPECT_EQ(api.checkResponse("post", path, 503, "application/problem+json", problem.dump()), std::nullopt);
    EXPECT_EQ(api.checkResponse("post", path, 422, "application/problem+json", R"({"title": "X"})"), "/type: is required");
    // A media type the contract does not give for the status is a violation,
    // and so is a body where it gives none, or none where it gives one.
    EXPECT_EQ(api.checkResponse("post", path, 201, "text/html", "<html>"),
              "a text/html body is not in the contract for post /api/v1/assistance-applications 201");
    EXPECT_EQ(api.checkResponse("post", path, 500, "application/json", problem.dump()),
              "a application/json body is not in the contract for post /api/v1/assistance-applications 500");
    EXPECT_EQ(api.checkResponse("get", "/api/v1/catalog", 304, "", ""), std::nullopt);
    EXPECT_NE(api.checkResponse("get", "/api/v1/catalog", 304, "application/json", "{}"), std::nullopt);
    EXPECT_NE(api.checkResponse("post", path, 201, "application/json", ""), std::nullopt);
    // Pages are HTML; their body is not judged further.
    EXPECT_EQ(api.checkResponse("get", "/admin/login", 200, "text/html; charset=utf-8", "<html>"), std::nullopt);
    // Paths the contract does not describe are not judged (unknown paths, /ostree/ files).
    EXPECT_EQ(api.checkResponse("get", "/api/v1/nowhere", 200, "application/json", "[]"), std::nullopt);
}

// A status an operation answers must be in the contract: listed, or
// covered by "default". Before, one that was neither went unjudged.
TEST(JsonSchema, AStatusTheContractDoesNotListIsAViolation) {
    const json doc = json::parse(R"({"paths": {"/x": {"get": {"responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}}}}})");
    const OpenApiSchemas api(doc);
    EXPECT_EQ(api.checkResponse("get", "/x", 200, "application/json", "{}"), std::nullopt);
    EXPECT_EQ(api.checkResponse("get", "/x", 401, "application/problem+json", "{}"),
              "status 401 is not in the contract for get /x");
}

// Any request can meet an error the operation does not list (401, 500, a 503
// outage): every operation has a "default" Problem answer for them.
TEST(JsonSchema, EveryOperationOfTheContractHasADefaultProblemAnswer) {
    const auto& api = OpenApiSchemas::builtin();
    const json problem{{"type", "urn:civil-kiosk:problem:internal"}, {"title", "Internal error"}, {"status", 500}};
    for (const auto& [method, tmpl] : api.operations())
        EXPECT_EQ(api.checkResponse(method, tmpl, 500, "application/problem+json", problem.dump()), std::nullopt)
            << method << " " << tmpl;
}

#pragma once
// Request body checks for kiosk-central, driven by central/api/openapi.yaml
// (converted to JSON at build time and embedded: central/api/embed_openapi.py).
//
// - parseBody() scans the raw text's nesting (kiosk/core/json_read.h) before
//   nlohmann parses it: a body of 100k nested arrays must never reach the
//   (recursive) parser or dump().
// - OpenApiSchemas: the document's request body schemas and a validator for
//   exactly the JSON-Schema keywords the document uses: type (with nullable),
//   required, properties, additionalProperties (bool or schema), items, enum,
//   minLength/maxLength (code points), pattern, minimum/maximum,
//   minItems/maxItems, format (date, date-time), allOf, oneOf (exactly one)
//   and $ref to #/components/schemas; response schemas too (checkResponse). Descriptive keywords (description, example,
//   default) are ignored. A keyword the validator does not know makes the
//   constructor throw, so the contract cannot silently say more than is checked.
//
// Errors are values: "<JSON pointer>: <what is wrong>", e.g.
// "/household/0/idNumber: must be a string"; the first error found is reported.
// Thread safety: const after construction (compiled patterns are built in
// the constructor), so one instance serves every worker thread.
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosk::central {

// A request body refused before its handler runs: 413 (too large), or 400
// (nested too deeply, not JSON, or not matching the schema: detail names the field).
struct BodyProblem {
    int status;
    std::string slug;
    std::string title;
    std::string detail;
};
struct ParsedBody {
    nlohmann::json value;               // the parsed body when problem is empty
    std::optional<BodyProblem> problem;
};
// Arrays and objects nest at most this deep in any request body.
constexpr std::size_t kMaxJsonDepth = 32;

class OpenApiSchemas {
public:
    // `document` is an OpenAPI 3.0 document as JSON. Throws std::invalid_argument
    // on an unresolvable $ref, a bad pattern or a keyword the validator does not support.
    explicit OpenApiSchemas(nlohmann::json document);
    // Not copyable: requestBody() hands out pointers into the document.
    OpenApiSchemas(const OpenApiSchemas&) = delete;
    OpenApiSchemas& operator=(const OpenApiSchemas&) = delete;
    // The document built into this program (central/api/openapi.yaml).
    static const OpenApiSchemas& builtin();

    // The application/json request body schema of an operation, e.g.
    // ("post", "/api/v1/kiosks/{kioskId}/heartbeat"); nullptr when it has none.
    const nlohmann::json* requestBody(std::string_view method, std::string_view pathTemplate) const;
    // The path template of the operation `path` is for, e.g. ("get",
    // "/api/v1/offices/o-1/slots") -> "/api/v1/offices/{officeId}/slots".
    std::optional<std::string> operationFor(std::string_view method, std::string_view path) const;
    // The answer's schema for `status` (its own entry, else "default"; 0 =
    // "default") and media type (application/json, application/problem+json);
    // nullptr when the contract gives none.
    const nlohmann::json* responseBody(std::string_view method, std::string_view pathTemplate, int status,
                                       std::string_view mediaType) const;
    // An answer checked against the contract (the response contract test):
    // nullopt when it conforms. For an operation the contract describes, the
    // status must be listed (or covered by "default"), a body's media type
    // must be one the contract gives for that status (no body: the contract
    // gives none) and a JSON body must match its schema. Answers for paths
    // the contract does not describe (unknown paths, /ostree/ files) are not judged.
    std::optional<std::string> checkResponse(std::string_view method, std::string_view path, int status,
                                             std::string_view contentType, std::string_view body) const;
    // Every (method, path template) the contract describes.
    std::vector<std::pair<std::string, std::string>> operations() const;
    // Every (method, path template) with an application/json request body.
    std::vector<std::pair<std::string, std::string>> jsonBodyOperations() const;

    // Size, then depth (before parsing), then JSON syntax, then `schema` (null: any JSON object).
    ParsedBody parseBody(std::string_view text, size_t maxBytes, const nlohmann::json* schema) const;

    // nullopt when `value` satisfies `schema` (a schema object of this document).
    std::optional<std::string> validate(const nlohmann::json& schema, const nlohmann::json& value) const;

private:
    // The operation's response object for `status` (its own entry, else
    // "default"; 0 = "default"), a $ref to components/responses resolved; nullptr when none.
    const nlohmann::json* response(std::string_view method, std::string_view pathTemplate, int status) const;
    std::optional<std::string> check(const nlohmann::json& schema, const nlohmann::json& value, std::string& path,
                                     int depth) const;
    const nlohmann::json& resolve(const nlohmann::json& schema) const;
    void prepare(const nlohmann::json& schema, int depth);

    nlohmann::json doc_;
    std::map<std::string, std::regex> patterns_;  // pattern text -> compiled
};

}  // namespace kiosk::central

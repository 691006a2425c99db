#include "central/server.h"

#include <httplib.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <thread>
#include <variant>

#include "central/admin_auth.h"
#include "central/fleet.h"  // fleet: kiosks table, pushed configs, the fleet page
#include "central/http_server.h"
#include "central/json_schema.h"
#include "central/key_file.h"
#include "central/problem.h"
#include "central/schema.h"
#include "central/seed.h"
#include "central/staff_api.h"
#include "kiosk/core/id_card.h"  // formatDate
#include "kiosk/core/id_number.h"
#include "kiosk/core/log.h"
#include "kiosk/core/staff.h"  // randomHex

namespace kiosk::central {
namespace {

using json = nlohmann::json;
using namespace std::chrono;


struct Reply {
    int status = 200;
    std::string body;
    std::string contentType = kJson;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Marks an answer made wrong on purpose (a fault) for the contract check; removed before sending.
constexpr const char* kFaultHeader = "X-Kiosk-Central-Fault";

Reply jsonReply(int status, const json& j) { return Reply{status, j.dump(), kJson, {}}; }

Reply problem(int status, const std::string& slug, const std::string& title, const std::string& detail = {}) {
    json extra = json::object();
    if (!detail.empty()) extra["detail"] = detail;
    return Reply{status, problemDocument(status, slug, title, std::move(extra)).dump(), kProblemJson, {}};
}

void send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    for (const auto& [k, v] : r.headers) res.set_header(k, v);
    res.set_content(r.body, r.contentType);
}

std::string sha256Hex(std::string_view data) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

std::string etagOf(const std::string& body) {
    // Appended rather than "\"" + ...: GCC 12 at -O3 warns a false -Wrestrict
    // on operator+(const char*, std::string&&) (GCC bug 105329).
    std::string tag = "\"";
    tag.append(sha256Hex(body), 0, 32);
    tag += '"';
    return tag;
}

// A 32-byte secret in a 0600 file, made when missing. Throws.
std::array<std::uint8_t, 32> loadOrCreateSecret(const std::string& path, const std::function<void(std::uint8_t*)>& make) {
    std::array<std::uint8_t, 32> secret{};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        bool ok = ::read(fd, secret.data(), secret.size()) == 32;
        ::close(fd);
        if (!ok) throw std::runtime_error("key file " + path + " does not hold 32 bytes");
        return secret;
    }
    make(secret.data());
    // Written aside, then renamed into place: a start killed between making
    // the file and writing it left an empty key file no later start took.
    writeKeyFile(path, std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
    return secret;
}

// "<retired Unix seconds> <keyId> <public key>" lines of a signing key's .retired file.
std::vector<std::pair<std::int64_t, CodePublicKey>> retiredKeys(const std::string& signingKeyFile) {
    std::vector<std::pair<std::int64_t, CodePublicKey>> out;
    std::ifstream in(signingKeyFile + ".retired");
    std::int64_t at = 0;
    std::string keyId, text;
    while (in >> at >> keyId >> text) {
        auto key = decodeCodePublicKey(text);
        if (!key) throw std::runtime_error("bad public key in " + signingKeyFile + ".retired");
        out.emplace_back(at, key.value());
    }
    return out;
}

bool fileDatabase(const std::string& path) {
    return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0 && !isPostgresUrl(path);
}

std::optional<sys_days> parseDate(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
    year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

// China Standard Time (UTC+8, no DST): the halls' calendar day.
sys_days localDay(std::int64_t ms) { return floor<days>(sys_time<milliseconds>(milliseconds(ms) + hours(8))); }

std::string isoTime(std::int64_t ms) {
    auto t = sys_time<milliseconds>(milliseconds(ms)) + hours(8);
    auto d = floor<days>(t);
    hh_mm_ss hms{floor<seconds>(t - d)};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", formatDate(year_month_day{d}).c_str(), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

// Age in whole years on `day` from an ID number's birth date (digits 7-14).
int ageOn(const std::string& id, sys_days day) {
    auto birth = parseDate(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2));
    if (!birth) return -1;
    year_month_day b{*birth}, t{day};
    int age = static_cast<int>(t.year()) - static_cast<int>(b.year());
    if (t.month() < b.month() || (t.month() == b.month() && t.day() < b.day())) --age;
    return age;
}

bool isMale(const std::string& id) { return ((id[16] - '0') % 2) == 1; }

const char* kStatusSteps[] = {"submitted", "accepted", "under-review", "home-visit", "public-notice"};

// An Idempotency-Key in progress is one server's claim: a random token and
// the time it was claimed (created_ms). The primary key (kiosk_id, key) lets
// one claim in, however many servers race; only the claim's holder completes
// or releases it. A claim older than kClaimTimeoutMs may be taken over: its
// server was killed, or is so slow that the kiosk gave up (the kiosk's
// request timeout, offline-cache/http_client.h); if that server finishes
// after all, its completion finds the claim gone and rolls back.
constexpr std::int64_t kClaimTimeoutMs = 30'000;
constexpr const char kFindIdem[] =
    "SELECT fingerprint, state, status, content_type, body, created_ms FROM idempotency WHERE kiosk_id = ? AND key = ?";
constexpr const char kReserveIdem[] =
    "INSERT INTO idempotency(kiosk_id, key, fingerprint, state, created_ms, claim) VALUES(?, ?, ?, 0, ?, ?)"
    " ON CONFLICT(kiosk_id, key) DO NOTHING";
constexpr const char kTakeOverIdem[] =
    "UPDATE idempotency SET claim = ?, created_ms = ? WHERE kiosk_id = ? AND key = ? AND state = 0 AND created_ms = ?";
constexpr const char kCompleteIdem[] =
    "UPDATE idempotency SET state = 1, status = ?, content_type = ?, body = ? WHERE kiosk_id = ? AND key = ?"
    " AND state = 0 AND claim = ?";
constexpr const char kReleaseIdem[] = "DELETE FROM idempotency WHERE kiosk_id = ? AND key = ? AND state = 0 AND claim = ?";
// Retention: a completed key older than the cutoff is forgotten (the one at
// hand at once, all of them in a sweep at most once a minute of server time).
constexpr const char kExpireIdem[] =
    "DELETE FROM idempotency WHERE kiosk_id = ? AND key = ? AND state = 1 AND created_ms < ?";
constexpr const char kSweepIdem[] = "DELETE FROM idempotency WHERE state = 1 AND created_ms < ?";
// A SQLite file has one server: when it starts nothing is in progress, so
// the keys a killed server left claimed are released at once. (On
// PostgreSQL other servers' claims are live: they expire instead.)
constexpr const char kReleaseAllIdem[] = "DELETE FROM idempotency WHERE state = 0";
// updates: the release each kiosk should run (kiosk_id "*" = every kiosk
// without its own row), set by POST /admin/updates (tools/kioskctl publish).
// The staff tables (directory, audit log, sessions, lockouts): central/staff_api.h.
// The demo staff cards are made from the directory.
constexpr const char kSelectStaff[] = "SELECT number, name, role, pin_hash FROM staff ORDER BY number";
// What a database was made for: a demo database (demo staff with published
// PINs) must not be served without --demo. The tables: central/schema.cpp.
constexpr const char kSelectMeta[] = "SELECT value FROM meta WHERE key = ?";
constexpr const char kInsertMeta[] =
    "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
constexpr const char kCountKioskDocuments[] = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM documents WHERE kiosk_id = ? AND id <> ?";
constexpr const char kBookingByReference[] = "SELECT 1 FROM bookings WHERE reference = ?";
// Per-kiosk document quota: a kiosk's scans are bounded on the central's disk.
constexpr std::int64_t kMaxDocumentBytes = 10 * 1024 * 1024;
constexpr std::int64_t kMaxDocumentsPerKiosk = 2000;
constexpr std::int64_t kMaxDocumentBytesPerKiosk = 1024LL * 1024 * 1024;
// Body limits (bytes) per endpoint; httplib refuses anything above kMaxRequest.
constexpr size_t kMaxRequest = 12 * 1024 * 1024;
constexpr size_t kSmallBody = 16 * 1024;
constexpr size_t kHeartbeatBody = 64 * 1024;
constexpr size_t kAuditBody = 4 * 1024;
constexpr size_t kApplicationBody = 2 * 1024 * 1024;  // with the signature PNG
constexpr size_t kCommandResultBody = 1024 * 1024;    // upload-logs
// updates.rollback: a maintainer-signed request (kiosk/remote/signed_command.h)
// the centre relays as it is, as the offer's available.rollback; kiosks verify it.
constexpr const char kSelectUpdate[] =
    "SELECT ref, commit_id, url, rollback FROM updates WHERE kiosk_id IN (?, '*') ORDER BY kiosk_id = '*' LIMIT 1";
constexpr const char kUpsertUpdate[] =
    "INSERT INTO updates(kiosk_id, ref, commit_id, url, published_ms, rollback) VALUES(?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(kiosk_id) DO UPDATE SET ref = excluded.ref, commit_id = excluded.commit_id,"
    " url = excluded.url, published_ms = excluded.published_ms, rollback = excluded.rollback";

}  // namespace

struct CentralServer::Impl {
    ServerOptions options;
    std::unique_ptr<Sql> store;  // SQLite or PostgreSQL (central/sql.h)
    Sql& db;
    std::mutex dbMutex;
    std::mutex faultMutex;
    std::mutex contractLogMutex;  // ServerOptions::contractLog lines
    FaultSettings faults;
    std::mt19937_64 rng;
    std::atomic<std::int64_t> timeOffsetMs{0};
    std::int64_t startedMs = 0;
    std::int64_t lastIdemSweepMs = 0;  // under dbMutex
    const CodeSigningKey* signer = nullptr;
    std::unique_ptr<StaffApi> staff;  // issue #13: staff sign-in, sessions, audit (central/staff_api.h)
    std::vector<CodePublicKey> verifyKeys;  // the signer's and the retired ones still in their grace period
    std::array<std::uint8_t, 32> digestKey{};
    const OpenApiSchemas& schemas = OpenApiSchemas::builtin();
    std::shared_ptr<AdminAuth> adminAuth;

    // Counters for /admin/stats.
    std::atomic<int> requests{0}, processed{0}, replays{0}, conflicts{0}, mismatches{0}, injectedErrors{0},
        injectedUnavailable{0}, drops{0}, garbage{0}, inflight{0};

    explicit Impl(ServerOptions o) : options(std::move(o)), store(Sql::open(options.databasePath)), db(*store), faults(options.faults) {
        rng.seed(options.seed);
    }

    std::int64_t nowMs() const {
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() + timeOffsetMs.load();
    }

    // ---- faults -------------------------------------------------------------
    enum class Fault { None, Error, Unavailable };
    Fault preFault() {
        std::lock_guard lock(faultMutex);
        std::int64_t now = nowMs();
        bool outage = faults.unavailableUntilMs > now;
        if (faults.outageEverySeconds > 0 && faults.outageLengthSeconds > 0) {
            std::int64_t phase = ((now - startedMs) / 1000) % faults.outageEverySeconds;
            outage = outage || phase < faults.outageLengthSeconds;
        }
        if (outage) return Fault::Unavailable;
        if (faults.errorNext > 0) {
            --faults.errorNext;
            return Fault::Error;
        }
        if (faults.errorRate > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < faults.errorRate) return Fault::Error;
        return Fault::None;
    }
    enum class PostFault { None, Drop, Garbage };
    PostFault postFault() {
        std::lock_guard lock(faultMutex);
        if (faults.dropNext > 0) {
            --faults.dropNext;
            return PostFault::Drop;
        }
        if (faults.garbageNext > 0) {
            --faults.garbageNext;
            return PostFault::Garbage;
        }
        if (faults.dropRate > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < faults.dropRate) return PostFault::Drop;
        return PostFault::None;
    }
    // latencyMs before a request is processed, or (ackDelayMs) after a write committed.
    void latency(int FaultSettings::*which = &FaultSettings::latencyMs) {
        int ms;
        {
            std::lock_guard lock(faultMutex);
            ms = faults.*which;
        }
        if (ms > 0) std::this_thread::sleep_for(milliseconds(ms));
    }

    json faultsJson() {
        std::lock_guard lock(faultMutex);
        return json{{"latencyMs", faults.latencyMs},
                    {"ackDelayMs", faults.ackDelayMs},
                    {"errorRate", faults.errorRate},
                    {"dropRate", faults.dropRate},
                    {"errorNext", faults.errorNext},
                    {"dropNext", faults.dropNext},
                    {"garbageNext", faults.garbageNext},
                    {"unavailableForMs", std::max<std::int64_t>(0, faults.unavailableUntilMs - nowMs())},
                    {"outageEverySeconds", faults.outageEverySeconds},
                    {"outageLengthSeconds", faults.outageLengthSeconds}};
    }

    void applyFaults(const json& j) {
        std::lock_guard lock(faultMutex);
        faults.latencyMs = j.value("latencyMs", faults.latencyMs);
        faults.ackDelayMs = j.value("ackDelayMs", faults.ackDelayMs);
        faults.errorRate = j.value("errorRate", faults.errorRate);
        faults.dropRate = j.value("dropRate", faults.dropRate);
        faults.errorNext = j.value("errorNext", faults.errorNext);
        faults.dropNext = j.value("dropNext", faults.dropNext);
        faults.garbageNext = j.value("garbageNext", faults.garbageNext);
        faults.outageEverySeconds = j.value("outageEverySeconds", faults.outageEverySeconds);
        faults.outageLengthSeconds = j.value("outageLengthSeconds", faults.outageLengthSeconds);
        if (j.contains("unavailableForMs")) faults.unavailableUntilMs = nowMs() + j["unavailableForMs"].get<std::int64_t>();
        if (j.value("reset", false)) faults = FaultSettings{};
    }

    // ---- auth -----------------------------------------------------------------
    std::optional<std::string> authenticate(const httplib::Request& req) {
        std::string auth = req.get_header_value("Authorization");
        if (auth.rfind("Bearer ", 0) != 0) return std::nullopt;
        std::string token = auth.substr(7);
        for (const auto& [id, t] : options.kioskTokens)
            if (t.size() == token.size() && sodium_memcmp(t.data(), token.data(), t.size()) == 0) return id;
        return std::nullopt;
    }

    // Keyed digest of an ID number (HMAC-SHA256 with the server's digest key):
    // a stolen database does not reveal who applied or booked by hashing the
    // (small) space of valid ID numbers.
    std::string digestOf(const std::string& idNumber) const {
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, digestKey.data(), digestKey.size());
        crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(idNumber.data()), idNumber.size());
        crypto_auth_hmacsha256_final(&st, mac);
        char hex[sizeof mac * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
        return hex;
    }

    // In the set-up transaction: the keys must be the ones the database was
    // set up with. A server sharing it with its own fresh key files would
    // sign receipts the others refuse and digest ID numbers so that nobody
    // finds their applications. A signing key rotated since (the stored one
    // is in this server's .retired list) is taken as the new one.
    void checkKeysAgainst(Sql& db, const std::string& signerId) {
        auto stored = [&db](const char* key) {
            auto rows = db.query(kSelectMeta, {std::string(key)});
            return rows.empty() ? std::string() : rows.front().s(0);
        };
        const std::string digestCheck = digestOf("kiosk-central digest key check");
        const std::string storedDigest = stored("digest_key_check"), storedSigner = stored("signing_key_id");
        if (!storedDigest.empty() && storedDigest != digestCheck)
            throw std::runtime_error("the database " + options.databasePath +
                                     " was set up with another ID-number digest key: give every kiosk-central "
                                     "sharing it the same --digest-key file");
        if (!storedSigner.empty() && storedSigner != signerId) {
            bool rotated = false;
            if (!options.signingKeyFile.empty())
                for (const auto& [at, key] : retiredKeys(options.signingKeyFile)) rotated = rotated || codeKeyId(key) == storedSigner;
            if (!rotated)
                throw std::runtime_error("the database " + options.databasePath + " was set up with the code signing key " +
                                         storedSigner + ", not " + signerId +
                                         ": give every kiosk-central sharing it the same --signing-key file");
        }
        db.run(kInsertMeta, {std::string("digest_key_check"), digestCheck});
        db.run(kInsertMeta, {std::string("signing_key_id"), signerId});
    }

    // ---- the request pipeline ---------------------------------------------
    // How an endpoint's body is checked before its handler sees it.
    struct BodyRule {
        size_t maxBytes = 0;
        const json* schema = nullptr;  // openapi.yaml's request body schema
        bool isJson = true;            // false: raw bytes (documents), size only
    };
    // The rule for an operation of openapi.yaml; a POST/PUT without a schema
    // there is a programming error, found at start-up.
    BodyRule bodyRule(const char* method, const char* pathTemplate, size_t maxBytes) const {
        const json* schema = schemas.requestBody(method, pathTemplate);
        if (!schema)
            throw std::logic_error(std::string("openapi.yaml has no JSON request body for ") + method + " " + pathTemplate);
        return {maxBytes, schema, true};
    }
    static std::optional<Reply> checkBody(const OpenApiSchemas& schemas, const httplib::Request& req,
                                          const BodyRule& rule, json& out) {
        if (!rule.isJson) {
            if (req.body.size() > rule.maxBytes)
                return problem(413, "body-too-large", "The request body is too large",
                               "at most " + std::to_string(rule.maxBytes) + " bytes here");
            return std::nullopt;
        }
        auto parsed = schemas.parseBody(req.body, rule.maxBytes, rule.schema);
        if (parsed.problem) return problem(parsed.problem->status, parsed.problem->slug, parsed.problem->title, parsed.problem->detail);
        out = std::move(parsed.value);
        return std::nullopt;
    }

    struct Ctx {
        std::string kioskId;
        const httplib::Request* req;
        json body;  // parsed JSON (null for non-JSON bodies)
    };
    using Handler = std::function<Reply(Ctx&)>;

    // Auth, 503 windows and injected errors, for every /api/v1 request.
    std::optional<Reply> gate(const httplib::Request& req, Ctx& ctx) {
        ++requests;
        switch (preFault()) {
        case Fault::Unavailable: {
            ++injectedUnavailable;
            Reply r = problem(503, "unavailable", "Service unavailable (maintenance window)");
            r.headers.emplace_back("Retry-After", "1");
            return r;
        }
        case Fault::Error: ++injectedErrors; return problem(500, "internal", "Internal error (injected)");
        case Fault::None: break;
        }
        auto kiosk = authenticate(req);
        if (!kiosk) {
            Reply r = problem(401, "unauthenticated", "A valid kiosk bearer token is required");
            r.headers.emplace_back("WWW-Authenticate", "Bearer");
            return r;
        }
        ctx.kioskId = *kiosk;
        ctx.req = &req;
        return std::nullopt;
    }

    // GET, and POSTs that change nothing (queries with a body: `body`).
    httplib::Server::Handler read(Handler h, std::optional<BodyRule> body = std::nullopt) {
        return [this, h, body](const httplib::Request& req, httplib::Response& res) {
            Ctx ctx;
            if (auto g = gate(req, ctx)) return send(res, *g);
            if (body)
                if (auto bad = checkBody(schemas, req, *body, ctx.body)) return send(res, *bad);
            latency();
            std::lock_guard lock(dbMutex);
            send(res, h(ctx));
        };
    }

    // Under dbMutex: forgets this key if it is past retention, and sweeps all
    // expired keys at most once a minute (server time).
    void expireIdempotencyKeys(const std::string& kioskId, const std::string& key) {
        std::int64_t now = nowMs();
        std::int64_t cutoff = now - std::max(1, options.idempotencyRetentionDays) * 86'400'000LL;
        db.run(kExpireIdem, {kioskId, key, cutoff});
        if (now - lastIdemSweepMs >= 60'000) {
            lastIdemSweepMs = now;
            db.run(kSweepIdem, {cutoff});
        }
    }

    static Reply inProgress() {
        Reply r = problem(409, "request-in-progress", "A request with this Idempotency-Key is still being processed");
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }

    // Under dbMutex: this key's stored answer (a replay, 422 for another
    // body, 409 while another request holds it), or a new claim on it (its
    // token). Several servers on one database may race here: the insert and
    // the take-over are each one statement that only one of them wins.
    std::variant<Reply, std::string> claimKey(const std::string& kioskId, const std::string& key,
                                              const std::string& fingerprint) {
        const std::string claim = randomHex(16);
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::int64_t now = nowMs();
            auto rows = db.query(kFindIdem, {kioskId, key});
            if (rows.empty()) {
                if (db.run(kReserveIdem, {kioskId, key, fingerprint, now, claim}) == 1) return claim;
                continue;  // another server claimed it just now: read what it wrote
            }
            const auto& row = rows.front();
            if (row.s(0) != fingerprint) {
                ++mismatches;
                return problem(422, "idempotency-key-reused", "This Idempotency-Key was used with a different request");
            }
            if (row.i(1) == 1) {
                ++replays;
                return Reply{static_cast<int>(row.i(2)), row.s(4), row.s(3), {{"Idempotent-Replayed", "true"}}};
            }
            if (now - row.i(5) < kClaimTimeoutMs) break;
            if (db.run(kTakeOverIdem, {claim, now, kioskId, key, row.i(5)}) == 1) {
                KLOG_WARN("central: took over an Idempotency-Key claimed {} ms ago", now - row.i(5));
                return claim;
            }
        }
        ++conflicts;
        return inProgress();
    }

    // POST/PUT: the idempotency semantics, then the handler in one transaction
    // with the stored response, then the post-processing faults.
    httplib::Server::Handler write(Handler h, BodyRule body) {
        return [this, h, body](const httplib::Request& req, httplib::Response& res) {
            Ctx ctx;
            if (auto g = gate(req, ctx)) return send(res, *g);
            std::string key = req.get_header_value("Idempotency-Key");
            // Visible ASCII only: anything else is not a key a kiosk makes, and
            // PostgreSQL's TEXT refuses bytes that are not UTF-8 (a 500 the
            // kiosk would retry for ever).
            const bool visibleAscii =
                std::all_of(key.begin(), key.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
            if (key.empty() || key.size() > 255 || !visibleAscii)
                return send(res, problem(400, "idempotency-key-missing",
                                         "An Idempotency-Key header of 1 to 255 visible ASCII characters is required"));
            if (auto bad = checkBody(schemas, req, body, ctx.body)) return send(res, *bad);
            std::string fingerprint = sha256Hex(req.method + " " + req.path + "\n" + req.body);
            std::string claim;
            {
                std::lock_guard lock(dbMutex);
                expireIdempotencyKeys(ctx.kioskId, key);
                auto answered = claimKey(ctx.kioskId, key, fingerprint);
                if (auto* r = std::get_if<Reply>(&answered)) return send(res, *r);
                claim = std::get<std::string>(answered);
            }
            ++inflight;
            latency();
            Reply reply;
            {
                std::lock_guard lock(dbMutex);
                try {
                    Transaction tx(db);
                    reply = h(ctx);
                    if (reply.status >= 500) throw std::runtime_error("handler failed");
                    if (db.run(kCompleteIdem, {static_cast<std::int64_t>(reply.status), reply.contentType,
                                               Blob{reply.body}, ctx.kioskId, key, claim}) != 1) {
                        // Taken over (this took longer than kClaimTimeoutMs): the
                        // other server's answer is the one; ours is undone.
                        --inflight;
                        ++conflicts;
                        return send(res, inProgress());
                    }
                    tx.commit();
                    ++processed;
                } catch (const std::exception& e) {
                    try {
                        db.run(kReleaseIdem, {ctx.kioskId, key, claim});
                    } catch (const std::exception& again) {  // e.g. the database is gone: the claim expires
                        KLOG_ERROR("central: cannot release an Idempotency-Key: {}", again.what());
                    }
                    --inflight;
                    KLOG_ERROR("central: {} {} failed: {}", req.method, req.path, e.what());
                    return send(res, problem(500, "internal", "Internal error"));
                }
            }
            --inflight;
            // Committed, not yet answered: a server killed now loses the ack.
            latency(&FaultSettings::ackDelayMs);
            switch (postFault()) {
            case PostFault::Drop: {
                ++drops;
                // Processed and stored, but the client never sees the end of
                // the answer: the "lost ack" that must not cause a duplicate.
                auto body = std::make_shared<std::string>(reply.body);
                res.status = reply.status;
                res.set_content_provider(body->size(), reply.contentType,
                                         [body](size_t, size_t, httplib::DataSink& sink) {
                                             sink.write(body->data(), body->size() / 2);
                                             return false;
                                         });
                return;
            }
            case PostFault::Garbage:
                ++garbage;
                res.status = 200;
                res.set_content("<html>proxy says hello", "text/html");
                res.set_header(kFaultHeader, "garbage");  // not judged by the contract check, and not sent
                return;
            case PostFault::None: break;
            }
            send(res, reply);
        };
    }

    // ---- domain -----------------------------------------------------------------
    std::string applicationReference(std::int64_t id, std::int64_t createdMs) {
        std::string d = formatDate(year_month_day{localDay(createdMs)});
        d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
        char buf[40];
        std::snprintf(buf, sizeof buf, "SA-%s-%06lld", d.c_str(), static_cast<long long>(id));
        return buf;
    }

    json applicationStatus(const Sql::Row& row) {
        // columns: id, reference, type, created_ms
        std::int64_t created = row.i(3);
        std::int64_t stepMs = std::max(1, options.statusStepSeconds) * 1000LL;
        std::int64_t reached = std::min<std::int64_t>(5, (nowMs() - created) / stepMs);
        json steps = json::array();
        for (int k = 0; k <= reached; ++k) {
            std::string name = k < 5 ? kStatusSteps[k] : (row.i(0) % 7 == 3 ? "rejected" : "approved");
            steps.push_back({{"step", name}, {"at", isoTime(created + k * stepMs)}});
        }
        return json{{"kind", "assistance-application"},
                    {"reference", row.s(1)},
                    {"type", row.s(2)},
                    {"status", steps.back()["step"]},
                    {"final", reached == 5},
                    {"steps", steps}};
    }

    json bookingJson(const Sql::Row& row) {
        // columns: reference, office_id, date, slot, status, created_ms
        json j{{"kind", "marriage-booking"}, {"reference", row.s(0)}, {"officeId", row.s(1)}, {"date", row.s(2)},
               {"slot", row.s(3)},           {"status", row.s(4)}};
        if (row.s(4) == "confirmed") {
            auto day = parseDate(row.s(2));
            std::int64_t expiry = day ? duration_cast<seconds>((*day + days(1)).time_since_epoch()).count() : 0;
            j["code"] = signer->sign({CodeKind::MarriageBooking, row.s(0), expiry, {}});
        }
        return j;
    }

    // "MB-" and 10 random digits, the first not 0 (what the kiosk's keypad
    // takes, leading zeros and all): not the row number, so not found by counting.
    std::string newBookingReference() {
        for (;;) {
            std::uint64_t n = 0;
            randombytes_buf(&n, sizeof n);
            char ref[24];
            std::snprintf(ref, sizeof ref, "MB-%llu", static_cast<unsigned long long>(1'000'000'000ULL + n % 9'000'000'000ULL));
            if (db.query(kBookingByReference, {std::string(ref)}).empty()) return ref;
        }
    }

    // Takes a slot if it has room; false otherwise. One statement: on
    // PostgreSQL the UPDATE locks the row and re-checks booked < capacity
    // after any other server's booking of it commits, so two servers never
    // book the last place twice.
    bool takeSlot(const std::string& office, const std::string& date, const std::string& slot) {
        return db.run("UPDATE slots SET booked = booked + 1 WHERE office_id = ? AND date = ? AND slot = ? AND booked < capacity",
                      {office, date, slot}) == 1;
    }
    void releaseSlot(const std::string& office, const std::string& date, const std::string& slot) {
        db.run("UPDATE slots SET booked = booked - 1 WHERE office_id = ? AND date = ? AND slot = ? AND booked > 0",
               {office, date, slot});
    }

    std::optional<Reply> checkParty(const json& p, const char* which, sys_days onDay) {
        // The name is optional: a second party's number keyed in at a kiosk
        // comes without one (both originals are checked at the office).
        if (!p.is_object() || !p.contains("idNumber") || !p["idNumber"].is_string() ||
            (p.contains("name") && !p["name"].is_string()))
            return problem(400, "invalid-party", std::string(which) + ": idNumber is required (name, if given, a string)");
        std::string id = normalizeIdNumber(p["idNumber"].get<std::string>());
        if (!isValidIdNumber(id)) return problem(400, "invalid-id-number", std::string(which) + ": invalid ID number");
        int minAge = isMale(id) ? 22 : 20;
        if (ageOn(id, onDay) < minAge)
            return problem(422, "under-marriage-age", std::string(which) + " is under the legal marriage age");
        return std::nullopt;
    }
};

CentralServer::CentralServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    if (sodium_init() < 0) std::abort();
    auto& o = impl_->options;
    if (o.kioskTokens.empty()) {
        if (!o.demo)
            throw std::runtime_error(
                "no kiosk credentials: give each kiosk with --kiosk ID:TOKEN (or --kiosks-file FILE); "
                "--demo runs with the demo data and the demo kiosk kiosk-demo-01:demo-token instead");
        o.kioskTokens = {{"kiosk-demo-01", "demo-token"}};
    }
    const bool persistent = fileDatabase(o.databasePath);
    if (persistent) {
        // The central's database holds personal data: owner only, whatever the umask.
        if (::chmod(o.databasePath.c_str(), S_IRUSR | S_IWUSR) != 0)
            throw std::runtime_error("cannot restrict the database file " + o.databasePath + " to its owner");
        if (o.signingKeyFile.empty()) o.signingKeyFile = o.databasePath + ".signing-key";
        if (o.digestKeyFile.empty()) o.digestKeyFile = o.databasePath + ".digest-key";
    }
    // Several servers share a PostgreSQL database: each must sign and digest
    // with the same keys, so they are files given to every one of them.
    if (isPostgresUrl(o.databasePath) && (o.signingKeyFile.empty() || o.digestKeyFile.empty()))
        throw std::runtime_error("with a PostgreSQL database give --signing-key FILE and --digest-key FILE "
                                 "(the same files on every kiosk-central sharing it)");
    // The code signing key: a 32-byte seed in a 0600 file, created if missing
    // (kept across restarts: printed receipts and staff cards stay valid).
    if (!o.signingKeyFile.empty()) {
        auto seed = loadOrCreateSecret(o.signingKeyFile, [](std::uint8_t* out) {
            auto fresh = CodeSigningKey::generate().seed();
            std::copy(fresh.begin(), fresh.end(), out);
            sodium_memzero(fresh.data(), fresh.size());
        });
        signingKey_ = std::make_unique<CodeSigningKey>(CodeSigningKey::fromSeed(seed));
        sodium_memzero(seed.data(), seed.size());
    } else {
        signingKey_ = std::make_unique<CodeSigningKey>(CodeSigningKey::generate());
    }
    impl_->signer = signingKey_.get();
    impl_->verifyKeys.push_back(signingKey_->publicKey());
    if (!o.signingKeyFile.empty()) {
        std::int64_t cutoff = impl_->nowMs() / 1000 - std::int64_t{std::max(0, o.retiredKeyDays)} * 86400;
        for (const auto& [retiredAt, key] : retiredKeys(o.signingKeyFile))
            if (retiredAt >= cutoff) impl_->verifyKeys.push_back(key);
    }
    if (!o.digestKeyFile.empty())
        impl_->digestKey = loadOrCreateSecret(o.digestKeyFile, [](std::uint8_t* out) { randombytes_buf(out, 32); });
    else
        randombytes_buf(impl_->digestKey.data(), impl_->digestKey.size());
    impl_->startedMs = impl_->nowMs();
    {
        // Migrations, the demo gate and the demo data in one transaction
        // under the schema lock: servers starting together on one PostgreSQL
        // database set it up once, and a server killed while it made a new
        // database leaves nothing half made ("table idempotency already
        // exists", or a file without its meta row taken for a demo database).
        auto& db = impl_->db;
        Transaction tx(db);
        tx.lockSchema();
        const Migrated schema = migrateSchema(db);
        if (schema.from == 0) {
            if (o.demo) {
                seedDemoData(db, localDay(impl_->nowMs()), o.slotDays, o.slotCapacity, o.seed);
                db.run(kInsertMeta, {std::string("demo"), std::string("1")});
            }
        } else {
            // Databases from before the meta table were always seeded for the demo.
            auto meta = db.query(kSelectMeta, {std::string("demo")});
            bool demoData = meta.empty() || meta.front().s(0) == "1";
            if (!o.demo && demoData)
                throw std::runtime_error("the database " + o.databasePath +
                                         " holds the demo data (demo staff with published PINs): "
                                         "run with --demo, or start from a new database");
            // The other way round, --demo would seed demo staff into a real directory.
            if (o.demo && !demoData)
                throw std::runtime_error("the database " + o.databasePath +
                                         " was made without --demo: it does not take the demo data");
        }
        if (!o.demo) db.run(kInsertMeta, {std::string("demo"), std::string("0")});
        if (db.dialect() == Sql::Dialect::SQLite) db.exec(kReleaseAllIdem);
        if (o.demo && db.query("SELECT 1 FROM staff LIMIT 1").empty()) seedDemoStaff(db);
        impl_->checkKeysAgainst(db, codeKeyId(signingKey_->publicKey()));
        tx.commit();
        impl_->staff = std::make_unique<StaffApi>(
            db, *impl_->signer, [i = impl_.get()] { return i->nowMs(); }, isoTime);
    }

    // Connections are bounded (http_server.h): idle and slow clients are
    // closed, so a few of them cannot hold every pool thread.
    ConnectionLimits limits;
    limits.threads = o.threads;
    limits.maxRequestBytes = kMaxRequest + 64 * 1024;  // the body and a head
    tls_ = !o.certFile.empty() && !o.keyFile.empty();
    http_ = makeHttpServer(limits, o.certFile, o.keyFile);
    if (tls_ && !http_->is_valid())
        throw std::runtime_error("cannot use the TLS certificate " + o.certFile + " with the key " + o.keyFile +
                                 " (unreadable, not PEM, or not a matching pair)");
    auto& svr = *http_;
    auto& m = *impl_;
    svr.set_payload_max_length(kMaxRequest);
    m.adminAuth = std::make_shared<AdminAuth>(o.adminToken, o.host, o.adminHosts, tls_);
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, problem(500, "internal", "Internal error"));
    });
    // httplib's own refusals (no route, a body over the limit, a request it
    // cannot parse) come without a body: every error is a problem document.
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status == 404) return send(res, problem(404, "not-found", "No such resource"));
        if (res.status == 413) return send(res, problem(413, "body-too-large", "The request body is too large"));
        send(res, problem(res.status, "bad-request", "The request could not be read"));
    });
    svr.set_post_routing_handler([&m](const httplib::Request& req, httplib::Response& res) {
        if (res.has_header(kFaultHeader)) {  // a wrong answer on purpose (the garbage fault)
            res.headers.erase(kFaultHeader);
            return;
        }
        if (m.options.contractLog.empty()) return;
        if (res.content_provider_) return;  // an answer cut off on purpose (the drop fault)
        std::string method = req.method;
        std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
        auto bad = m.schemas.checkResponse(method, req.path, res.status, res.get_header_value("Content-Type"), res.body);
        if (!bad) return;
        std::string line = req.method + " " + req.path + " " + std::to_string(res.status) + ": " + *bad + "\n";
        KLOG_ERROR("central: an answer breaks the contract: {}", line);
        std::lock_guard lock(m.contractLogMutex);
        int fd = ::open(m.options.contractLog.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0 || ::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            KLOG_ERROR("central: cannot append to {}", m.options.contractLog);
        if (fd >= 0) ::close(fd);
    });

    // ---- probes for a load balancer (no credentials, no faults injected) -------
    svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        send(res, jsonReply(200, {{"status", "ok"}}));
    });
    svr.Get("/readyz", [&m](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        const char* store = m.db.dialect() == Sql::Dialect::PostgreSQL ? "postgresql" : "sqlite";
        try {
            std::lock_guard lock(m.dbMutex);
            m.db.query("SELECT 1");
        } catch (const std::exception& e) {
            KLOG_WARN("central: not ready: {}", e.what());
            Reply r = problem(503, "not-ready", "The database does not answer");
            r.headers.emplace_back("Retry-After", "1");
            return send(res, r);
        }
        send(res, jsonReply(200, {{"status", "ready"}, {"store", store}}));
    });

    // ---- reference data --------------------------------------------------------
    svr.Get("/api/v1/catalog", m.read([&m](Impl::Ctx& c) {
        std::string body = catalogJson();
        std::string tag = etagOf(body);
        if (c.req->get_header_value("If-None-Match") == tag) return Reply{304, "", kJson, {{"ETag", tag}}};
        return Reply{200, body, kJson, {{"ETag", tag}}};
    }));
    svr.Get("/api/v1/offices", m.read([&m](Impl::Ctx& c) {
        json offices = json::array();
        for (const auto& r : m.db.query("SELECT id, name_zh, district_zh, address, phone FROM offices ORDER BY position, id"))
            offices.push_back({{"id", r.s(0)}, {"name", r.s(1)}, {"district", r.s(2)}, {"address", r.s(3)}, {"phone", r.s(4)}});
        std::string body = json{{"offices", offices}}.dump();
        std::string tag = etagOf(body);
        if (c.req->get_header_value("If-None-Match") == tag) return Reply{304, "", kJson, {{"ETag", tag}}};
        return Reply{200, body, kJson, {{"ETag", tag}}};
    }));
    svr.Get(R"(/api/v1/offices/([a-z0-9-]+)/slots)", m.read([&m](Impl::Ctx& c) {
        std::string office = c.req->matches[1];
        if (m.db.query("SELECT 1 FROM offices WHERE id = ?", {office}).empty())
            return problem(404, "not-found", "No such office");
        auto from = c.req->has_param("from") ? parseDate(c.req->get_param_value("from")) : localDay(m.nowMs());
        int n = c.req->has_param("days") ? std::atoi(c.req->get_param_value("days").c_str()) : 14;
        if (!from || n < 1 || n > 92) return problem(400, "invalid-query", "from must be YYYY-MM-DD and days 1..92");
        json slots = json::array();
        for (const auto& r : m.db.query("SELECT date, slot, capacity, booked FROM slots WHERE office_id = ? AND date >= ?"
                                        " AND date < ? ORDER BY date, slot",
                                        {office, formatDate(year_month_day{*from}), formatDate(year_month_day{*from + days(n)})}))
            slots.push_back({{"date", r.s(0)}, {"slot", r.s(1)}, {"capacity", r.i(2)}, {"available", r.i(2) - r.i(3)}});
        std::string body = json{{"officeId", office}, {"slots", slots}}.dump();
        std::string tag = etagOf(body);
        if (c.req->get_header_value("If-None-Match") == tag) return Reply{304, "", kJson, {{"ETag", tag}}};
        return Reply{200, body, kJson, {{"ETag", tag}}};
    }));
    // The current key first, then retired ones still in their grace period.
    svr.Get("/api/v1/keys/code-signing", m.read([&m](Impl::Ctx&) {
        json keys = json::array();
        for (const auto& pk : m.verifyKeys)
            keys.push_back({{"keyId", codeKeyId(pk)}, {"alg", "Ed25519"}, {"publicKey", encodeCodePublicKey(pk)}});
        return jsonReply(200, {{"keys", keys}});
    }));

    // ---- staff: the directory, the audit log, demo staff cards -----------------
    // issue #13: the PIN is checked here; kiosks get per-kiosk verifiers and
    // a key they keep in memory; audit entries must match a session.
    auto staffReply = [](const StaffAnswer& a) {
        return Reply{a.status, a.body.dump(), a.problem ? kProblemJson : kJson, {}};
    };
    svr.Get("/api/v1/staff", m.read([&m, staffReply](Impl::Ctx& c) {
        Reply r = staffReply(m.staff->directory(c.kioskId));
        std::string tag = etagOf(r.body);
        if (c.req->get_header_value("If-None-Match") == tag) return Reply{304, "", kJson, {{"ETag", tag}}};
        r.headers.emplace_back("ETag", tag);
        return r;
    }));
    svr.Get("/api/v1/staff/offline-key", m.read([&m, staffReply](Impl::Ctx& c) {
        Reply r = staffReply(m.staff->offlineKey(c.kioskId));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }));
    // read(), not write(): a sign-in is not replayed from an Idempotency-Key
    // store, so the PIN is never fingerprinted or kept.
    svr.Post("/api/v1/staff/sign-in", m.read([&m, staffReply](Impl::Ctx& c) {
        return staffReply(m.staff->signIn(c.kioskId, c.body));
    }, m.bodyRule("post", "/api/v1/staff/sign-in", kSmallBody)));
    svr.Post("/api/v1/staff/lockouts", m.write([&m, staffReply](Impl::Ctx& c) {
        return staffReply(m.staff->lockout(c.kioskId, c.body));
    }, m.bodyRule("post", "/api/v1/staff/lockouts", kSmallBody)));
    svr.Post("/api/v1/audit-entries", m.write([&m, staffReply](Impl::Ctx& c) {
        return staffReply(m.staff->auditEntry(c.kioskId, c.body));
    }, m.bodyRule("post", "/api/v1/audit-entries", kAuditBody)));
    svr.Get("/api/v1/audit-entries", m.read([&m, staffReply](Impl::Ctx& c) {
        std::string kiosk = c.req->has_param("kiosk") ? c.req->get_param_value("kiosk") : c.kioskId;
        if (kiosk != c.kioskId) return problem(403, "wrong-kiosk", "A kiosk may only read its own audit entries");
        int limit = c.req->has_param("limit") ? std::atoi(c.req->get_param_value("limit").c_str()) : 100;
        if (limit < 1 || limit > 1000) return problem(400, "invalid-query", "limit must be 1..1000");
        return staffReply(m.staff->auditEntries(kiosk, limit));
    }));
    // Demo only (--demo): the staff cards of the seeded staff, for the demo
    // kiosk's emulated camera and for kioskctl. A bureau's platform issues
    // cards its own way.
    if (o.demo) svr.Get("/api/v1/demo/staff-cards", m.read([&m](Impl::Ctx&) {
        std::int64_t expiry = m.nowMs() / 1000 + 365 * 86400;
        json cards = json::array();
        for (const auto& r : m.db.query(kSelectStaff))
            cards.push_back({{"number", r.s(0)},
                             {"role", r.s(2)},
                             {"code", m.signer->sign({CodeKind::StaffCard, r.s(0), expiry, {}})}});
        return jsonReply(200, cards);
    }));

    // ---- balances (POST: the ID number travels in the body, never in the URL) --
    svr.Post("/api/v1/balances/query", m.read([&m](Impl::Ctx& c) {
        std::string id = normalizeIdNumber(c.body["idNumber"].get<std::string>());
        if (!isValidIdNumber(id)) return problem(400, "invalid-id-number", "Invalid ID number");
        if (m.db.query("SELECT 1 FROM residents WHERE id_number = ?", {id}).empty())
            return problem(404, "not-found", "No subsidy records for this person");
        json balances = json::array();
        for (const auto& b : m.db.query("SELECT id, kind, name_zh, unit, balance_cents, monthly_credit_cents, expires"
                                        " FROM balances WHERE id_number = ? ORDER BY id",
                                        {id})) {
            json tx = json::array();
            for (const auto& t : m.db.query("SELECT date, merchant, amount_cents FROM transactions WHERE balance_id = ?"
                                            " ORDER BY date DESC LIMIT 10",
                                            {b.i(0)}))
                tx.push_back({{"date", t.s(0)}, {"merchant", t.s(1)}, {"amount", static_cast<double>(t.i(2)) / 100.0}});
            json item{{"kind", b.s(1)},
                      {"name", b.s(2)},
                      {"unit", b.s(3)},
                      {"balance", static_cast<double>(b.i(4)) / 100.0},
                      {"monthlyCredit", static_cast<double>(b.i(5)) / 100.0},
                      {"transactions", tx}};
            if (!b.null(6)) item["expires"] = b.s(6);
            balances.push_back(item);
        }
        return jsonReply(200, {{"asOf", isoTime(m.nowMs())}, {"balances", balances}});
    }, m.bodyRule("post", "/api/v1/balances/query", kSmallBody)));

    // ---- documents and assistance applications --------------------------------
    auto putDocument = [&m](Impl::Ctx& c) {
        std::string ct = c.req->get_header_value("Content-Type");
        if (ct != "image/png" && ct != "image/jpeg" && ct != "application/pdf")
            return problem(415, "unsupported-media-type", "Documents are PNG, JPEG or PDF");
        if (c.req->body.empty()) return problem(400, "empty-document", "Empty document");
        std::string id = c.req->matches[1];
        auto used = m.db.query(kCountKioskDocuments, {c.kioskId, id}).front();
        if (used.i(0) >= kMaxDocumentsPerKiosk ||
            used.i(1) + static_cast<std::int64_t>(c.req->body.size()) > kMaxDocumentBytesPerKiosk)
            return problem(413, "document-quota-exceeded", "This kiosk has stored as many documents as it may");
        std::string digest = sha256Hex(c.req->body);
        m.db.run("INSERT INTO documents(kiosk_id, id, content_type, size, sha256, data, created_ms)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(kiosk_id, id) DO UPDATE SET content_type = excluded.content_type,"
                 " size = excluded.size, sha256 = excluded.sha256, data = excluded.data, created_ms = excluded.created_ms",
                 {c.kioskId, id, ct, static_cast<std::int64_t>(c.req->body.size()), digest, Blob{c.req->body},
                  m.nowMs()});
        return jsonReply(201, {{"documentId", id}, {"size", c.req->body.size()}, {"sha256", digest}});
    };
    svr.Put(R"(/api/v1/documents/([A-Za-z0-9-]{8,64}))",
            m.write(putDocument, Impl::BodyRule{static_cast<size_t>(kMaxDocumentBytes), nullptr, false}));

    svr.Post("/api/v1/assistance-applications", m.write([&m](Impl::Ctx& c) {
        const json& b = c.body;
        // Types and shapes were checked against the contract (AssistanceApplication); the rules are here.
        std::string type = b["type"].get<std::string>();
        const json& a = b["applicant"];
        std::string id = normalizeIdNumber(a["idNumber"].get<std::string>());
        if (!isValidIdNumber(id)) return problem(400, "invalid-id-number", "/applicant/idNumber: invalid ID number");
        if (a["name"].get<std::string>().empty()) return problem(400, "invalid-applicant", "/applicant/name: is empty");
        if (!b["consent"].get<bool>()) return problem(400, "consent-missing", "The resident's consent is required");
        for (size_t i = 0; b.contains("household") && i < b["household"].size(); ++i)
            if (!isValidIdNumber(normalizeIdNumber(b["household"][i]["idNumber"].get<std::string>())))
                return problem(400, "invalid-id-number", "/household/" + std::to_string(i) + "/idNumber: invalid ID number");
        for (const auto& d : b.value("documents", json::array()))
            if (m.db.query("SELECT 1 FROM documents WHERE kiosk_id = ? AND id = ?", {c.kioskId, d.get<std::string>()})
                    .empty())
                return problem(422, "document-missing", "A referenced document has not been uploaded");
        std::int64_t now = m.nowMs();
        std::int64_t rowId =
            m.db.query("INSERT INTO applications(kiosk_id, type, applicant_digest, client_ref, body, created_ms)"
                       " VALUES(?, ?, ?, ?, ?, ?) RETURNING id",
                       {c.kioskId, type, m.digestOf(id), b.value("clientReference", ""), b.dump(), now})
                .front()
                .i(0);
        std::string ref = m.applicationReference(rowId, now);
        m.db.run("UPDATE applications SET reference = ? WHERE id = ?", {ref, rowId});
        std::int64_t expiry = now / 1000 + 2 * 365 * 86400;
        std::string code = m.signer->sign({CodeKind::ApplicationReceipt, ref, expiry, {}});
        return jsonReply(201, {{"reference", ref},
                               {"status", "submitted"},
                               {"submittedAt", isoTime(now)},
                               {"receiptCode", code}});
    }, m.bodyRule("post", "/api/v1/assistance-applications", kApplicationBody)));

    // ---- marriage bookings -------------------------------------------------------
    svr.Post("/api/v1/marriage-bookings", m.write([&m](Impl::Ctx& c) {
        const json& b = c.body;
        std::string office = b["officeId"].get<std::string>();
        if (m.db.query("SELECT 1 FROM offices WHERE id = ?", {office}).empty())
            return problem(422, "unknown-office", "No such registration office");
        auto day = parseDate(b["date"].get<std::string>());
        if (!day) return problem(400, "invalid-date", "/date: must be YYYY-MM-DD");
        if (*day <= localDay(m.nowMs())) return problem(422, "date-in-past", "Bookings start tomorrow");
        if (auto p = m.checkParty(b["partyA"], "partyA", *day)) return *p;
        if (auto p = m.checkParty(b["partyB"], "partyB", *day)) return *p;
        std::string idA = normalizeIdNumber(b["partyA"]["idNumber"].get<std::string>());
        std::string idB = normalizeIdNumber(b["partyB"]["idNumber"].get<std::string>());
        if (idA == idB) return problem(400, "invalid-party", "The two parties must be different people");
        std::vector<std::pair<std::string, std::string>> wanted{{b["date"].get<std::string>(), b["slot"].get<std::string>()}};
        for (const auto& f : b.value("fallbacks", json::array()))
            wanted.emplace_back(f["date"].get<std::string>(), f["slot"].get<std::string>());
        std::int64_t now = m.nowMs();
        for (const auto& [date, slot] : wanted) {
            auto d = parseDate(date);
            if (!d || *d <= localDay(now) || !m.takeSlot(office, date, slot)) continue;
            std::int64_t rowId =
                m.db.query("INSERT INTO bookings(kiosk_id, office_id, date, slot, status, party_a, party_b, created_ms,"
                           " updated_ms) VALUES(?, ?, ?, ?, 'confirmed', ?, ?, ?, ?) RETURNING id",
                           {c.kioskId, office, date, slot, m.digestOf(idA), m.digestOf(idB), now, now})
                    .front()
                    .i(0);
            m.db.run("UPDATE bookings SET reference = ? WHERE id = ?", {m.newBookingReference(), rowId});
            auto row = m.db.query("SELECT reference, office_id, date, slot, status FROM bookings WHERE id = ?", {rowId});
            return jsonReply(201, m.bookingJson(row.front()));
        }
        // A business answer, not an error: the queued request is declined.
        return jsonReply(201, {{"kind", "marriage-booking"}, {"status", "declined"}, {"reason", "fully-booked"}});
    }, m.bodyRule("post", "/api/v1/marriage-bookings", kSmallBody)));

    auto bookingByRef = [&m](const std::string& ref) {
        return m.db.query("SELECT reference, office_id, date, slot, status, party_a, party_b FROM bookings"
                          " WHERE reference = ?",
                          {ref});
    };
    auto isParty = [&m](const Sql::Row& row, const json& body) {
        std::string id = normalizeIdNumber(body["idNumber"].get<std::string>());
        std::string digest = m.digestOf(id);
        return isValidIdNumber(id) && (digest == row.s(5) || digest == row.s(6));
    };
    // Scoped: the reference and a party's ID number; not a party looks like no booking (no probing).
    svr.Post(R"(/api/v1/marriage-bookings/(MB-[0-9]+)/lookup)", m.read([&m, bookingByRef, isParty](Impl::Ctx& c) {
        auto rows = bookingByRef(c.req->matches[1]);
        if (rows.empty() || !isParty(rows.front(), c.body)) return problem(404, "not-found", "No such booking");
        return jsonReply(200, m.bookingJson(rows.front()));
    }, m.bodyRule("post", "/api/v1/marriage-bookings/{reference}/lookup", kSmallBody)));
    svr.Post(R"(/api/v1/marriage-bookings/(MB-[0-9]+)/change)", m.write([&m, bookingByRef, isParty](Impl::Ctx& c) {
        auto rows = bookingByRef(c.req->matches[1]);
        if (rows.empty()) return problem(404, "not-found", "No such booking");
        const auto& row = rows.front();
        if (!isParty(row, c.body)) return problem(403, "not-a-party", "Only a party to the booking can change it");
        if (row.s(4) != "confirmed") return problem(409, "booking-not-active", "The booking is not active");
        std::string date = c.body["date"].get<std::string>(), slot = c.body["slot"].get<std::string>();
        auto d = parseDate(date);
        if (!d || *d <= localDay(m.nowMs())) return problem(422, "invalid-date", "Choose a date from tomorrow on");
        if (!m.takeSlot(row.s(1), date, slot)) return problem(409, "slot-full", "That time slot is fully booked");
        m.releaseSlot(row.s(1), row.s(2), row.s(3));
        m.db.run("UPDATE bookings SET date = ?, slot = ?, updated_ms = ? WHERE reference = ?",
                 {date, slot, m.nowMs(), row.s(0)});
        return jsonReply(200, m.bookingJson(bookingByRef(row.s(0)).front()));
    }, m.bodyRule("post", "/api/v1/marriage-bookings/{reference}/change", kSmallBody)));
    svr.Post(R"(/api/v1/marriage-bookings/(MB-[0-9]+)/cancel)", m.write([&m, bookingByRef, isParty](Impl::Ctx& c) {
        auto rows = bookingByRef(c.req->matches[1]);
        if (rows.empty()) return problem(404, "not-found", "No such booking");
        const auto& row = rows.front();
        if (!isParty(row, c.body)) return problem(403, "not-a-party", "Only a party to the booking can cancel it");
        if (row.s(4) == "confirmed") {
            m.releaseSlot(row.s(1), row.s(2), row.s(3));
            m.db.run("UPDATE bookings SET status = 'cancelled', updated_ms = ? WHERE reference = ?", {m.nowMs(), row.s(0)});
        }
        return jsonReply(200, m.bookingJson(bookingByRef(row.s(0)).front()));
    }, m.bodyRule("post", "/api/v1/marriage-bookings/{reference}/cancel", kSmallBody)));

    // ---- status lookup ---------------------------------------------------------------
    svr.Post("/api/v1/status/lookup", m.read([&m, bookingByRef](Impl::Ctx& c) {
        // Codes signed before a key rotation verify with the retired key.
        auto code = verifySignedCode(c.body["code"].get<std::string>(), m.verifyKeys,
                                     system_clock::time_point(milliseconds(m.nowMs())));
        if (!code)
            return problem(422, std::string("code-") + signedCodeErrorName(code.error()), "The code is not valid");
        if (code.value().kind == CodeKind::StaffCard)
            return problem(422, "code-not-a-receipt", "A staff card has no status to look up");
        if (code.value().kind == CodeKind::MarriageBooking) {
            auto rows = bookingByRef(code.value().id);
            if (rows.empty()) return problem(404, "not-found", "No such booking");
            return jsonReply(200, m.bookingJson(rows.front()));
        }
        auto rows = m.db.query("SELECT id, reference, type, created_ms FROM applications WHERE reference = ?",
                               {code.value().id});
        if (rows.empty()) return problem(404, "not-found", "No such application");
        return jsonReply(200, m.applicationStatus(rows.front()));
    }, m.bodyRule("post", "/api/v1/status/lookup", kSmallBody)));
    svr.Post("/api/v1/status/by-person", m.read([&m](Impl::Ctx& c) {
        std::string id = normalizeIdNumber(c.body["idNumber"].get<std::string>());
        if (!isValidIdNumber(id)) return problem(400, "invalid-id-number", "Invalid ID number");
        std::string digest = m.digestOf(id);
        json items = json::array();
        for (const auto& r : m.db.query("SELECT id, reference, type, created_ms FROM applications WHERE applicant_digest = ?"
                                        " ORDER BY id",
                                        {digest}))
            items.push_back(m.applicationStatus(r));
        for (const auto& r : m.db.query("SELECT reference, office_id, date, slot, status FROM bookings"
                                        " WHERE party_a = ? OR party_b = ? ORDER BY id",
                                        {digest, digest}))
            items.push_back(m.bookingJson(r));
        return jsonReply(200, {{"items", items}});
    }, m.bodyRule("post", "/api/v1/status/by-person", kSmallBody)));

    // ---- kiosk fleet endpoints (thin: the fleet issue builds on them) ----------------
    auto ownKiosk = [](Impl::Ctx& c) { return c.req->matches[1] == c.kioskId; };
    svr.Post(R"(/api/v1/kiosks/([A-Za-z0-9-]+)/heartbeat)", m.read([&m, ownKiosk](Impl::Ctx& c) {
        if (!ownKiosk(c)) return problem(403, "wrong-kiosk", "A kiosk may only report for itself");
        // Depth and size were bounded before parsing: dump() here is safe.
        const json& body = c.body;
        m.db.run("INSERT INTO heartbeats(kiosk_id, last_ms, body) VALUES(?, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET"
                 " last_ms = excluded.last_ms, body = excluded.body",
                 {c.kioskId, m.nowMs(), body.dump()});
        recordHeartbeat(m.db, c.kioskId, m.nowMs(), body.dump());  // fleet: the kiosks table
        auto pending = m.db.query("SELECT COUNT(*) FROM commands WHERE kiosk_id = ? AND state = 'queued'", {c.kioskId});
        return jsonReply(200, {{"serverTime", isoTime(m.nowMs())}, {"commandsPending", pending.front().i(0)}});
    }, m.bodyRule("post", "/api/v1/kiosks/{kioskId}/heartbeat", kHeartbeatBody)));
    svr.Get(R"(/api/v1/kiosks/([A-Za-z0-9-]+)/config)", m.read([&m, ownKiosk](Impl::Ctx& c) {
        if (!ownKiosk(c)) return problem(403, "wrong-kiosk", "A kiosk may only read its own config");
        json config{{"kioskId", c.kioskId}, {"version", 1}, {"settings", json::object()}};
        // fleet: the signed overlay a maintainer pushed (the kiosk verifies it).
        if (auto pushed = pushedConfig(m.db, c.kioskId)) {
            config["signed"] = json::parse(*pushed, nullptr, false);
            config["version"] = config["signed"].value("version", 1);
        }
        std::string body = config.dump();
        std::string tag = etagOf(body);
        if (c.req->get_header_value("If-None-Match") == tag) return Reply{304, "", kJson, {{"ETag", tag}}};
        return Reply{200, body, kJson, {{"ETag", tag}}};
    }));
    svr.Get(R"(/api/v1/kiosks/([A-Za-z0-9-]+)/commands)", m.read([&m, ownKiosk](Impl::Ctx& c) {
        if (!ownKiosk(c)) return problem(403, "wrong-kiosk", "A kiosk may only read its own commands");
        json items = json::array();
        for (const auto& r : m.db.query("SELECT id, command, args FROM commands WHERE kiosk_id = ? AND state = 'queued'"
                                        " ORDER BY id",
                                        {c.kioskId}))
            items.push_back({{"id", r.i(0)}, {"command", r.s(1)}, {"args", json::parse(r.s(2), nullptr, false)}});
        return jsonReply(200, {{"commands", items}});
    }));
    svr.Post(R"(/api/v1/kiosks/([A-Za-z0-9-]+)/commands/([0-9]{1,18})/result)", m.write([&m, ownKiosk](Impl::Ctx& c) {
        if (!ownKiosk(c)) return problem(403, "wrong-kiosk", "A kiosk may only answer its own commands");
        if (m.db.run("UPDATE commands SET state = ?, result = ? WHERE id = ? AND kiosk_id = ?",
                     {c.body["ok"].get<bool>() ? std::string("done") : std::string("failed"), c.body.dump(),
                      static_cast<std::int64_t>(std::stoll(c.req->matches[2])), c.kioskId}) == 0)
            return problem(404, "not-found", "No such command");
        return jsonReply(200, {{"recorded", true}});
    }, m.bodyRule("post", "/api/v1/kiosks/{kioskId}/commands/{commandId}/result", kCommandResultBody)));
    svr.Get(R"(/api/v1/kiosks/([A-Za-z0-9-]+)/updates)", m.read([&m, ownKiosk](Impl::Ctx& c) {
        if (!ownKiosk(c)) return problem(403, "wrong-kiosk", "A kiosk may only read its own updates");
        auto rows = m.db.query(kSelectUpdate, {c.kioskId});
        if (rows.empty()) return jsonReply(200, {{"channel", "stable"}, {"available", nullptr}});
        const auto& r = rows.front();
        std::string channel = r.s(0).substr(r.s(0).rfind('/') + 1);
        json available{{"ref", r.s(0)}, {"commit", r.s(1)}, {"url", r.s(2)}};
        if (!r.s(3).empty()) available["rollback"] = json::parse(r.s(3), nullptr, false);
        return jsonReply(200, {{"channel", channel}, {"available", available}});
    }));
    // updates: the OSTree repository as static files (any HTTP server or CDN would do).
    if (!o.ostreeRepoDir.empty() && !svr.set_mount_point("/ostree", o.ostreeRepoDir))
        throw std::runtime_error("cannot serve the OSTree repository " + o.ostreeRepoDir);

    // ---- admin (the admin token, central/admin_auth.h): faults, time, stats, fleet commands ----
    m.adminAuth->registerSignIn(svr);
    // `rule`: the body is checked against openapi.yaml (admin paths) before `h` sees it.
    using AdminHandler = std::function<Reply(const httplib::Request&, const json&)>;
    auto admin = [&m](AdminHandler h, std::optional<Impl::BodyRule> rule = std::nullopt) {
        return [&m, h, rule](const httplib::Request& req, httplib::Response& res) {
            if (auto refusal = m.adminAuth->check(req)) return AdminAuth::refuse(res, *refusal);
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Cache-Control", "no-store");
            json body;
            if (rule)
                if (auto bad = Impl::checkBody(m.schemas, req, *rule, body)) return send(res, *bad);
            send(res, h(req, body));
        };
    };
    constexpr size_t kAdminBody = 64 * 1024;
    svr.Get("/admin/faults", admin([&m](const httplib::Request&, const json&) { return jsonReply(200, m.faultsJson()); }));
    svr.Post("/admin/faults", admin([&m](const httplib::Request&, const json& j) {
        m.applyFaults(j);
        KLOG_INFO("central: faults now {}", m.faultsJson().dump());
        return jsonReply(200, m.faultsJson());
    }, m.bodyRule("post", "/admin/faults", kAdminBody)));
    svr.Post("/admin/time", admin([&m](const httplib::Request&, const json& j) {
        m.timeOffsetMs += j.value("advanceSeconds", std::int64_t{0}) * 1000;
        return jsonReply(200, {{"now", isoTime(m.nowMs())}, {"offsetMs", m.timeOffsetMs.load()}});
    }, m.bodyRule("post", "/admin/time", kAdminBody)));
    svr.Get("/admin/stats", admin([&m](const httplib::Request&, const json&) {
        std::lock_guard lock(m.dbMutex);
        auto one = [&m](const char* q) { return m.db.query(q).front().i(0); };
        return jsonReply(200, {{"requests", m.requests.load()},
                               {"processed", m.processed.load()},
                               {"replays", m.replays.load()},
                               {"conflicts", m.conflicts.load()},
                               {"mismatches", m.mismatches.load()},
                               {"injectedErrors", m.injectedErrors.load()},
                               {"injectedUnavailable", m.injectedUnavailable.load()},
                               {"drops", m.drops.load()},
                               {"garbage", m.garbage.load()},
                               {"inflight", m.inflight.load()},
                               {"applications", one("SELECT COUNT(*) FROM applications")},
                               {"distinctClientReferences",
                                one("SELECT COUNT(DISTINCT client_ref) FROM applications WHERE client_ref <> ''")},
                               {"documents", one("SELECT COUNT(*) FROM documents")},
                               {"bookings", one("SELECT COUNT(*) FROM bookings")},
                               {"idempotencyKeys", one("SELECT COUNT(*) FROM idempotency")}});
    }));
    // updates: name the release kiosks should run: {ref, commit, url, kiosks?: [id]} (no kiosks = all);
    // the commit (64 hex), ref, url and kiosk ids are checked against the contract.
    svr.Post("/admin/updates", admin([&m](const httplib::Request&, const json& j) {
        std::vector<std::string> kiosks{"*"};
        if (j.contains("kiosks")) kiosks = j["kiosks"].get<std::vector<std::string>>();
        std::lock_guard lock(m.dbMutex);
        // A release for everyone replaces the per-kiosk ones (a canary rollout is over).
        if (kiosks.front() == "*") m.db.run("DELETE FROM updates WHERE kiosk_id <> '*'");
        // A rollback request (optional) travels as the maintainer signed it.
        const std::string rollback = j.contains("rollback") ? j["rollback"].dump() : std::string();
        for (const auto& k : kiosks)
            m.db.run(kUpsertUpdate, {k, j.value("ref", std::string("kiosk/stable")), j["commit"].get<std::string>(),
                                     j.value("url", std::string("/ostree")), m.nowMs(), rollback});
        return jsonReply(200, {{"published", j["commit"]}, {"kiosks", kiosks}});
    }, m.bodyRule("post", "/admin/updates", kAdminBody)));
    // fleet: the maintainer's page and its JSON API (central/fleet.h).
    registerFleetAdmin(svr, FleetContext{m.db, m.dbMutex, [&m] { return m.nowMs(); }, o.kioskTokens, m.adminAuth, m.schemas});
    svr.Post(R"(/admin/kiosks/([A-Za-z0-9-]{1,64})/commands)", admin([&m](const httplib::Request& req, const json& j) {
        std::lock_guard lock(m.dbMutex);
        auto id = m.db.query("INSERT INTO commands(kiosk_id, command, args, state, created_ms)"
                             " VALUES(?, ?, ?, 'queued', ?) RETURNING id",
                             {std::string(req.matches[1]), j["command"].get<std::string>(),
                              j.value("args", json::object()).dump(), m.nowMs()});
        return jsonReply(201, {{"id", id.front().i(0)}});
    }, m.bodyRule("post", "/admin/kiosks/{kioskId}/commands", kAdminBody)));
}

CentralServer::~CentralServer() = default;

int CentralServer::bind() {
    auto& o = impl_->options;
    if (o.port == 0) return http_->bind_to_any_port(o.host.c_str());
    return http_->bind_to_port(o.host.c_str(), o.port) ? o.port : -1;
}

bool CentralServer::run() { return http_->listen_after_bind(); }

void CentralServer::stop() {
    // httplib only stops a server that is listening: a stop (SIGTERM) that
    // came between bind() and run() would be lost and run() never return.
    for (int i = 0; i < 5000 && !http_->is_running(); ++i) std::this_thread::sleep_for(milliseconds(1));
    http_->stop();
}

std::size_t CentralServer::kioskCount() const { return impl_->options.kioskTokens.size(); }

std::string CentralServer::rotateSigningKey(const std::string& file) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium did not initialise");
    std::array<std::uint8_t, 32> seed{};
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && ::read(fd, seed.data(), seed.size()) == 32;
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("no signing key to rotate in " + file + " (32 bytes)");
    CodePublicKey old = CodeSigningKey::fromSeed(seed).publicKey();
    sodium_memzero(seed.data(), seed.size());
    // The retired public key first: if anything below fails, the old key is
    // still the signer and also listed, which is harmless.
    std::string line = std::to_string(std::time(nullptr)) + " " + codeKeyId(old) + " " + encodeCodePublicKey(old) + "\n";
    fd = ::open((file + ".retired").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    ok = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("cannot append to " + file + ".retired");
    CodeSigningKey fresh = CodeSigningKey::generate();
    seed = fresh.seed();
    try {
        writeKeyFile(file, std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()));
    } catch (const std::runtime_error&) {
        sodium_memzero(seed.data(), seed.size());
        throw std::runtime_error("cannot write the new signing key " + file);
    }
    sodium_memzero(seed.data(), seed.size());
    return codeKeyId(fresh.publicKey());
}

std::string CentralServer::residentList() {
    std::lock_guard lock(impl_->dbMutex);
    std::string out;
    for (const auto& r : impl_->db.query("SELECT id_number, name FROM residents ORDER BY position, id_number"))
        out += r.s(0) + " " + r.s(1) + "\n";
    return out;
}

}  // namespace kiosk::central

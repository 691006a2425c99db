// kiosk-central under a fleet's load (issue #16), reported as numbers (never
// pass/fail): N kiosk threads for S seconds each send what kiosks send
// (new applications, retries of one already sent, bookings, slot and
// catalog reads) over kept-alive connections, against
//   1. one kiosk-central on a SQLite file (the embedded default), and
//   2. two kiosk-central processes on one PostgreSQL database, the kiosks
//      split between them (as behind a load balancer),
// side by side in one run: throughput, p50/p99 latency, errors, and whether
// every application key was stored exactly once. Run by tools/bench-central.
// Usage: central_bench --dir DIR [--pg postgresql:///postgres?host=...] [--kiosks 16] [--seconds 10]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/id_number.h"
#include "offline-cache/http_client.h"
#include "tests/data/test_support.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using kiosk::testing::CentralProcess;

struct Result {
    std::string name;
    long requests = 0, errors = 0;
    double seconds = 0, p50 = 0, p99 = 0;
    long keysSent = 0, applicationsStored = 0;
};

struct Kiosk {
    std::vector<double> latenciesMs;
    long errors = 0, keys = 0;
};

void runKiosk(int id, const std::string& url, Clock::time_point end, Kiosk& out) {
    kiosk::offline::HttpClient http({});
    const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer demo-token"},
                                                                {"Content-Type", "application/json"}};
    auto make = [](const std::string& first17) { return first17 + *kiosk::idCheckCharacter(first17); };
    static const std::string idA = make("33010919850911107"), idB = make("33011019900504108");
    const std::string date = [] {
        auto d = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(7);
        std::chrono::year_month_day ymd{d};
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()));
        return std::string(buf);
    }();
    std::string lastKey, lastBody;
    for (long n = 0; Clock::now() < end; ++n) {
        kiosk::offline::HttpRequest req;
        std::string body;
        auto headers = auth;
        switch (n % 10) {
        case 6:  // a retry of the last application (the lost-ack case): a replay
            req.method = "POST";
            req.url = url + "/api/v1/assistance-applications";
            body = lastBody;
            headers.emplace_back("Idempotency-Key", lastKey);
            break;
        case 7:
            req.url = url + "/api/v1/offices/xihu/slots?days=14";
            break;
        case 8:
            req.method = "POST";
            req.url = url + "/api/v1/marriage-bookings";
            body = json{{"officeId", "xihu"},
                        {"date", date},
                        {"slot", "09:00-10:00"},
                        {"partyA", {{"name", "刘志强"}, {"idNumber", idA}}},
                        {"partyB", {{"name", "陈静"}, {"idNumber", idB}}},
                        {"phone", "13900000000"}}
                       .dump();
            headers.emplace_back("Idempotency-Key", "b-" + std::to_string(id) + "-" + std::to_string(n));
            break;
        case 9:
            req.url = url + "/api/v1/catalog";
            break;
        default:
            req.method = "POST";
            req.url = url + "/api/v1/assistance-applications";
            lastKey = "a-" + std::to_string(id) + "-" + std::to_string(n);
            lastBody = json{{"type", "linshi"},
                            {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                            {"consent", true},
                            {"clientReference", lastKey}}
                           .dump();
            body = lastBody;
            headers.emplace_back("Idempotency-Key", lastKey);
            ++out.keys;
        }
        req.headers = std::move(headers);
        if (req.method == "POST") req.body = &body;
        auto start = Clock::now();
        auto r = http.perform(req);
        out.latenciesMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (r.transportError || r.status < 200 || r.status >= 300) ++out.errors;
    }
}

Result load(const std::string& name, const std::vector<CentralProcess*>& servers, int kiosks, int seconds) {
    std::vector<Kiosk> results(static_cast<size_t>(kiosks));
    std::vector<std::thread> threads;
    auto start = Clock::now();
    auto end = start + std::chrono::seconds(seconds);
    for (int k = 0; k < kiosks; ++k)
        threads.emplace_back(runKiosk, k, servers[static_cast<size_t>(k) % servers.size()]->url(), end,
                             std::ref(results[static_cast<size_t>(k)]));
    for (auto& t : threads) t.join();
    Result r;
    r.name = name;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& k : results) {
        all.insert(all.end(), k.latenciesMs.begin(), k.latenciesMs.end());
        r.errors += k.errors;
        r.keysSent += k.keys;
    }
    std::sort(all.begin(), all.end());
    r.requests = static_cast<long>(all.size());
    if (!all.empty()) {
        r.p50 = all[all.size() / 2];
        r.p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    }
    r.applicationsStored = servers.front()->stats()["applications"].get<long>();
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir, pg;
    int kiosks = 16, seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--dir") dir = argv[i + 1];
        else if (a == "--pg") pg = argv[i + 1];
        else if (a == "--kiosks") kiosks = std::atoi(argv[i + 1]);
        else if (a == "--seconds") seconds = std::atoi(argv[i + 1]);
    }
    if (dir.empty() || kiosks < 1 || seconds < 1) {
        std::fprintf(stderr, "usage: central_bench --dir DIR [--pg URI] [--kiosks 16] [--seconds 10]\n");
        return 2;
    }
    std::vector<Result> results;
    {
        CentralProcess sqlite({"--db", dir + "/central.db"});
        if (sqlite.port() <= 0) return 1;
        results.push_back(load("SQLite, 1 server", {&sqlite}, kiosks, seconds));
    }
    if (!pg.empty()) {
        ::setenv("KIOSK_TEST_CENTRAL_DB", pg.c_str(), 1);
        const std::string db = kiosk::testing::freshPostgresDatabase();
        if (db.empty()) return 1;
        const std::vector<std::string> args{"--db", db, "--signing-key", dir + "/pg-signing", "--digest-key",
                                            dir + "/pg-digest"};
        CentralProcess a(args), b(args);
        if (a.port() <= 0 || b.port() <= 0) return 1;
        results.push_back(load("PostgreSQL, 2 servers", {&a, &b}, kiosks, seconds));
    }
    std::printf("\n%d kiosks, %d s each store\n\n", kiosks, seconds);
    std::printf("| store | requests/s | p50 | p99 | errors | applications stored / keys sent |\n|---|---|---|---|---|---|\n");
    for (const auto& r : results)
        std::printf("| %s | %.0f | %.1f ms | %.1f ms | %ld of %ld | %ld / %ld |\n", r.name.c_str(),
                    static_cast<double>(r.requests) / r.seconds, r.p50, r.p99, r.errors, r.requests,
                    r.applicationsStored, r.keysSent);
    return 0;
}

// kiosk-central under a fleet's load (issue #16), reported as numbers (never
// pass/fail): N kiosk threads for S seconds each send what kiosks send
// (new applications, retries of one already sent, bookings, slot and
// catalog reads) over kept-alive connections, against
//   1. one kiosk-central on a SQLite file (the embedded default), and
//   2. two kiosk-central processes on one PostgreSQL database, the kiosks
//      split between them (as behind a load balancer),
// side by side in one run: throughput, p50/p99 latency, errors, and whether
// every application key was stored exactly once. Run by tools/bench-central.
//
// --fleet N (issue #15's fleet load test) paces the load instead: N kiosks,
// each with its own credentials, heart-beat every 60 s and submit at a hall's
// rate (--per-hour, default 6 applications a kiosk an hour), all compressed in
// time by --compress (default 10: a heartbeat every 6 s). Shared by 32 sender
// threads; reported: p50/p99 per kind, errors, how far sends fell behind their
// schedule (the server not keeping up), and the server's peak RSS.
// Usage: central_bench --dir DIR [--pg postgresql:///postgres?host=...] [--kiosks 16] [--seconds 10]
//        central_bench --dir DIR [--pg URI] --fleet 2000 [--compress 10] [--per-hour 6] [--seconds 30]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <queue>
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

// ---- the fleet load test ------------------------------------------------------

struct FleetPlan {
    int kiosks = 2000;
    double compress = 10;
    double perHour = 6;
    int seconds = 30;
    int senders = 32;
};

std::string fleetKioskId(int k) { return "fleet-" + std::to_string(10000 + k).substr(1); }
std::string fleetToken(int k) { return "fleet-token-" + std::to_string(k * 7919 + 13); }

// The --kiosks-file for the plan's kiosks.
std::string writeFleetKiosks(const std::string& dir, int kiosks) {
    const std::string path = dir + "/fleet-kiosks";
    std::ofstream out(path);
    for (int k = 0; k < kiosks; ++k) out << fleetKioskId(k) << ':' << fleetToken(k) << '\n';
    return path;
}

struct FleetSender {
    std::vector<double> heartbeatMs, submitMs, lagMs;
    long errors = 0, keys = 0;
};

// One sender thread: the kiosks k with k % senders == index, each due for a
// heartbeat every period and for a submission every submitPeriod, phases
// spread evenly so that the fleet does not beat in step.
void runFleetSender(int index, const FleetPlan& plan, const std::string& url, Clock::time_point start,
                    FleetSender& out) {
    using namespace std::chrono;
    kiosk::offline::HttpClient http({});
    const auto period = duration_cast<Clock::duration>(duration<double>(60.0 / plan.compress));
    const auto submitPeriod = duration_cast<Clock::duration>(duration<double>(3600.0 / plan.perHour / plan.compress));
    const auto end = start + seconds(plan.seconds);
    struct Due {
        Clock::time_point at;
        int kiosk;
        bool submit;
        bool operator>(const Due& o) const { return at > o.at; }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    for (int k = index; k < plan.kiosks; k += plan.senders) {
        const double phase = static_cast<double>(k) / plan.kiosks;
        due.push({start + duration_cast<Clock::duration>(period * phase), k, false});
        due.push({start + duration_cast<Clock::duration>(submitPeriod * phase), k, true});
    }
    long n = 0;
    while (!due.empty() && due.top().at < end) {
        Due d = due.top();
        due.pop();
        std::this_thread::sleep_until(d.at);
        out.lagMs.push_back(duration<double, std::milli>(Clock::now() - d.at).count());
        const std::string id = fleetKioskId(d.kiosk);
        kiosk::offline::HttpRequest req;
        req.method = "POST";
        req.headers = {{"Authorization", "Bearer " + fleetToken(d.kiosk)},
                       {"X-Kiosk-Id", id},
                       {"Content-Type", "application/json"}};
        std::string body;
        if (d.submit) {
            const std::string key = id + "-" + std::to_string(++n) + "-" + std::to_string(index);
            req.url = url + "/api/v1/assistance-applications";
            body = json{{"type", "linshi"},
                        {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                        {"consent", true},
                        {"clientReference", key}}
                       .dump();
            req.headers.emplace_back("Idempotency-Key", key);
            ++out.keys;
        } else {
            req.url = url + "/api/v1/kiosks/" + id + "/heartbeat";
            body = json{{"kioskId", id},   {"version", "bench"},  {"uptimeSeconds", 3600}, {"queueDepth", 0},
                        {"health", "ok"},  {"online", true},      {"heartbeatMs", 60000},  {"uiResponsive", true},
                        {"diskFreeMB", 9000}, {"diskTotalMB", 16000}}
                       .dump();
        }
        req.body = &body;
        const auto sent = Clock::now();
        auto r = http.perform(req);
        (d.submit ? out.submitMs : out.heartbeatMs).push_back(duration<double, std::milli>(Clock::now() - sent).count());
        if (r.transportError || r.status < 200 || r.status >= 300) ++out.errors;
        due.push({d.at + (d.submit ? submitPeriod : period), d.kiosk, d.submit});
    }
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(static_cast<double>(v.size()) * p))];
}

// kB from /proc/<pid>/status ("VmHWM": the peak resident set).
long procStatusKb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field) + 1);
    return 0;
}

void fleetLoad(const std::string& name, const std::vector<CentralProcess*>& servers, const FleetPlan& plan) {
    std::vector<FleetSender> senders(static_cast<size_t>(plan.senders));
    std::vector<std::thread> threads;
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    for (int i = 0; i < plan.senders; ++i)
        threads.emplace_back(runFleetSender, i, std::cref(plan), servers[static_cast<size_t>(i) % servers.size()]->url(),
                             start, std::ref(senders[static_cast<size_t>(i)]));
    for (auto& t : threads) t.join();
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> hb, sub, lag;
    long errors = 0, keys = 0;
    for (auto& s : senders) {
        hb.insert(hb.end(), s.heartbeatMs.begin(), s.heartbeatMs.end());
        sub.insert(sub.end(), s.submitMs.begin(), s.submitMs.end());
        lag.insert(lag.end(), s.lagMs.begin(), s.lagMs.end());
        errors += s.errors;
        keys += s.keys;
    }
    long rssMb = 0;
    for (auto* server : servers) rssMb = std::max(rssMb, procStatusKb(server->pid(), "VmHWM:") / 1024);
    const long stored = servers.front()->stats()["applications"].get<long>();
    std::printf("| %s | %.0f / %.0f | %.1f / %.1f ms | %.1f / %.1f ms | %.1f ms | %ld of %zu | %ld / %ld | %ld MB |\n",
                name.c_str(), static_cast<double>(hb.size()) / secs, static_cast<double>(sub.size()) / secs,
                percentile(hb, 0.5), percentile(hb, 0.99), percentile(sub, 0.5), percentile(sub, 0.99),
                percentile(lag, 0.99), errors, hb.size() + sub.size(), stored, keys, rssMb);
}

int runFleet(const std::string& dir, const std::string& pg, const FleetPlan& plan) {
    const std::string kiosksFile = writeFleetKiosks(dir, plan.kiosks);
    std::printf("\n%d kiosks, a heartbeat every %.1f s and %.1f applications a kiosk an hour, compressed %.0fx (%.0f heartbeats/s "
                "and %.1f applications/s due), %d s, %d sender threads\n\n",
                plan.kiosks, 60.0 / plan.compress, plan.perHour, plan.compress, plan.kiosks * plan.compress / 60.0,
                plan.kiosks * plan.perHour * plan.compress / 3600.0, plan.seconds, plan.senders);
    std::printf("| store | heartbeats/s / applications/s | heartbeat p50 / p99 | application p50 / p99 | schedule lag p99 | "
                "errors | applications stored / sent | server peak RSS |\n|---|---|---|---|---|---|---|---|\n");
    {
        CentralProcess sqlite({"--db", dir + "/fleet.db", "--kiosks-file", kiosksFile});
        if (sqlite.port() <= 0) return 1;
        fleetLoad("SQLite, 1 server", {&sqlite}, plan);
    }
    if (!pg.empty()) {
        ::setenv("KIOSK_TEST_CENTRAL_DB", pg.c_str(), 1);
        const std::string db = kiosk::testing::freshPostgresDatabase();
        if (db.empty()) return 1;
        const std::vector<std::string> args{"--db", db, "--kiosks-file", kiosksFile, "--signing-key", dir + "/fleet-signing",
                                            "--digest-key", dir + "/fleet-digest"};
        CentralProcess a(args), b(args);
        if (a.port() <= 0 || b.port() <= 0) return 1;
        fleetLoad("PostgreSQL, 2 servers", {&a, &b}, plan);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir, pg;
    int kiosks = 16, seconds = 10, fleet = 0;
    FleetPlan plan;
    bool secondsGiven = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--dir") dir = argv[i + 1];
        else if (a == "--pg") pg = argv[i + 1];
        else if (a == "--kiosks") kiosks = std::atoi(argv[i + 1]);
        else if (a == "--seconds") seconds = std::atoi(argv[i + 1]), secondsGiven = true;
        else if (a == "--fleet") fleet = std::atoi(argv[i + 1]);
        else if (a == "--compress") plan.compress = std::atof(argv[i + 1]);
        else if (a == "--per-hour") plan.perHour = std::atof(argv[i + 1]);
    }
    if (fleet > 0) {
        plan.kiosks = fleet;
        if (secondsGiven) plan.seconds = seconds;
        if (dir.empty() || plan.compress <= 0 || plan.perHour <= 0 || plan.seconds < 1) {
            std::fprintf(stderr, "usage: central_bench --dir DIR [--pg URI] --fleet N [--compress 10] [--per-hour 6] [--seconds 30]\n");
            return 2;
        }
        return runFleet(dir, pg, plan);
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

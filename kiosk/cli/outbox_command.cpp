// kiosk-cli outbox list|stats|retry ID: the outbox as maintainers and hall
// staff see it. Shows metadata only (state, kind, attempts, errors): bodies
// hold personal data and are never printed.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "kiosk/cli/command.h"
#include "kiosk/core/clock.h"
#include "offline-cache/store.h"

namespace kiosk::cli {
namespace {

struct OutboxOptions {
    std::string db = "/var/lib/kiosk/kiosk.db";
    std::string keyFile = "/var/lib/kiosk/data.key";
    long long retryId = 0;
};

std::string timeText(std::int64_t ms) {
    if (ms <= 0) return "-";
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::unique_ptr<offline::Store> openStore(const OutboxOptions& o, const Clock& clock) {
    auto store = offline::Store::open({o.db, o.keyFile}, clock);
    if (!store) {
        std::fprintf(stderr, "outbox: cannot open the store (%s): %s\n", offline::storeErrorName(store.error().code),
                     store.error().message.c_str());
        exitCode() = 1;
        return nullptr;
    }
    return std::move(store.value());
}

}  // namespace

void addOutboxCommand(CLI::App& cli) {
    auto o = std::make_shared<OutboxOptions>();
    auto* cmd = cli.add_subcommand("outbox", "List, count or retry the submissions waiting for the central service");
    cmd->add_option("--db", o->db, "Store database")->capture_default_str();
    cmd->add_option("--key-file", o->keyFile, "At-rest key file")->capture_default_str();
    cmd->require_subcommand(1);
    cmd->fallthrough();  // `outbox list --db X` as well as `outbox --db X list`

    cmd->add_subcommand("list", "One line per item (no personal data)")->callback([o] {
        SystemClock clock;
        auto store = openStore(*o, clock);
        if (!store) return;
        auto items = store->list(100000);
        if (!items) {
            std::fprintf(stderr, "outbox: %s\n", items.error().message.c_str());
            exitCode() = 1;
            return;
        }
        std::printf("%-6s %-12s %-24s %-5s %-4s %-19s %-19s %s\n", "ID", "STATE", "KIND", "TRIES", "HTTP", "CREATED",
                    "NEXT ATTEMPT", "LAST ERROR / KEY");
        for (const auto& it : items.value()) {
            bool waiting = it.state == offline::OutboxState::Pending;
            std::printf("%-6lld %-12s %-24s %-5d %-4d %-19s %-19s %s\n", static_cast<long long>(it.id),
                        offline::outboxStateName(it.state), it.kind.c_str(), it.attempts, it.httpStatus,
                        timeText(it.createdMs).c_str(), waiting ? timeText(it.nextAttemptMs).c_str() : "-",
                        it.lastError.empty() ? it.idempotencyKey.c_str() : it.lastError.c_str());
        }
    });
    cmd->add_subcommand("stats", "Counts per state")->callback([o] {
        SystemClock clock;
        auto store = openStore(*o, clock);
        if (!store) return;
        auto s = store->stats();
        if (!s) {
            std::fprintf(stderr, "outbox: %s\n", s.error().message.c_str());
            exitCode() = 1;
            return;
        }
        const auto& v = s.value();
        std::printf("pending %d\nsending %d\nacknowledged %d\nrejected %d\noldest_pending %s\n", v.pending, v.sending,
                    v.acknowledged, v.rejected, timeText(v.oldestPendingCreatedMs.value_or(0)).c_str());
        auto h = store->health();
        if (h.recoveredFromCorruption) std::printf("recovered_from_corruption %s\n", h.corruptFileMovedTo.c_str());
    });
    auto* retry = cmd->add_subcommand("retry", "Send a rejected item again (after staff fixed the cause)");
    retry->add_option("ID", o->retryId, "Item id from `outbox list`")->required();
    retry->callback([o] {
        SystemClock clock;
        auto store = openStore(*o, clock);
        if (!store) return;
        auto s = store->retry(o->retryId);
        if (!s) {
            std::fprintf(stderr, "outbox: %s\n", s.error().message.c_str());
            exitCode() = 1;
            return;
        }
        std::printf("item %lld queued again\n", o->retryId);
    });
}

}  // namespace kiosk::cli

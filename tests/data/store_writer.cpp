// store_writer DB KEY: enqueues submissions into the store for ever, single
// items and three-item chains in turn, and prints one line per submission the
// moment enqueue()/enqueueChain() has returned ok (that is when the kiosk tells
// a resident "received"):
//   ok <item id> <idempotency key> <kind>
// durability_test.cpp kills it with SIGKILL at random moments and checks
// that every printed submission survived and no chain is half there.
#include <cstdio>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "offline-cache/store.h"

using namespace kiosk;
using namespace kiosk::offline;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_writer DB KEY\n");
        return 2;
    }
    SystemClock clock;
    auto store = Store::open({argv[1], argv[2]}, clock);
    if (!store.ok()) {
        std::fprintf(stderr, "store_writer: cannot open the store\n");
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    const std::string body(600, 'x');  // about an application's size
    for (long n = 0;; ++n) {
        if (n % 4 == 3) {
            std::vector<OutboxRequest> chain;
            for (int i = 0; i < 3; ++i)
                chain.push_back({"chain-" + std::to_string(n) + "-" + std::to_string(i), "POST", "/api/v1/documents",
                                 "application/json", Personal(body)});
            auto r = store.value()->enqueueChain(std::move(chain));
            if (!r.ok()) return 1;
            for (const auto& item : r.value())
                std::printf("ok %lld %s chain-%ld\n", static_cast<long long>(item.id), item.idempotencyKey.c_str(), n);
        } else {
            auto r = store.value()->enqueue(
                {"single-" + std::to_string(n), "POST", "/api/v1/assistance-applications", "application/json", Personal(body)});
            if (!r.ok()) return 1;
            std::printf("ok %lld %s single-%ld\n", static_cast<long long>(r.value().id), r.value().idempotencyKey.c_str(), n);
        }
        std::fflush(stdout);
    }
}

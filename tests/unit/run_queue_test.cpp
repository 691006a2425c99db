#include "kiosk/core/run_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace kiosk;

TEST(RunQueue, RunsTasksInOrderOnDrain) {
    RunQueue q;
    std::vector<int> seen;
    q.post([&] { seen.push_back(1); });
    q.post([&] { seen.push_back(2); });
    EXPECT_TRUE(seen.empty());  // nothing runs until the UI thread drains
    EXPECT_EQ(q.drain(), 2u);
    EXPECT_EQ(seen, (std::vector<int>{1, 2}));
    EXPECT_TRUE(q.empty());
}

TEST(RunQueue, TasksPostedWhileDrainingWaitForTheNextDrain) {
    RunQueue q;
    int runs = 0;
    q.post([&] { ++runs; q.post([&] { ++runs; }); });
    EXPECT_EQ(q.drain(), 1u);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(q.drain(), 1u);
    EXPECT_EQ(runs, 2);
}

TEST(RunQueue, WakesTheLoopForEveryPostFromAnyThread) {
    RunQueue q;
    std::atomic<int> wakes{0};
    q.setWaker([&] { ++wakes; });
    int total = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 250; ++i) q.post([&] { ++total; });
        });
    for (auto& th : threads) th.join();
    q.drain();
    EXPECT_EQ(total, 1000);
    EXPECT_EQ(wakes.load(), 1000);
}

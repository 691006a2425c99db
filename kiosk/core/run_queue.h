#pragma once
// The main-thread run queue: device threads, the sync engine and workers hand
// results to the UI thread by posting a task. The frame loop drains the queue
// once per frame, before ImGui::NewFrame(), so tasks run between frames and
// may change models freely.
//
// post() is safe from any thread and never blocks on the UI. The waker (set
// once by the app, e.g. pushing an SDL user event) is called after each post
// so a sleeping frame loop wakes up.
#include <functional>
#include <mutex>
#include <vector>

namespace kiosk {

class RunQueue {
public:
    using Task = std::function<void()>;

    void setWaker(std::function<void()> waker);
    void post(Task task);
    // Runs every task queued so far, in order; tasks posted while draining
    // wait for the next drain. Returns how many ran. UI thread only.
    size_t drain();
    bool empty() const;

private:
    mutable std::mutex mutex_;
    std::vector<Task> tasks_;
    std::function<void()> waker_;
};

}  // namespace kiosk

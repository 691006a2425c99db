#include "kiosk/core/run_queue.h"

namespace kiosk {

void RunQueue::setWaker(std::function<void()> waker) {
    std::lock_guard lock(mutex_);
    waker_ = std::move(waker);
}

void RunQueue::post(Task task) {
    std::function<void()> waker;
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
        waker = waker_;
    }
    if (waker) waker();
}

size_t RunQueue::drain() {
    std::vector<Task> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(tasks_);
    }
    for (auto& task : batch) task();
    return batch.size();
}

bool RunQueue::empty() const {
    std::lock_guard lock(mutex_);
    return tasks_.empty();
}

}  // namespace kiosk

#include "ui/worker/background_priority.h"

#include <tbb/task_scheduler_observer.h>

#include <atomic>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dl {
namespace {

// Nice 5: about a third of the UI thread's CPU weight. Enough for the scheduler to let the UI
// thread in promptly; on an idle core training still runs at full speed.
constexpr int kTrainingNice = 5;

/// Lowers each TBB worker's priority as it enters the scheduler.
class NiceWorkers : public tbb::task_scheduler_observer {
  public:
    NiceWorkers() { observe(true); }
    void on_scheduler_entry(bool isWorker) override {
        if (isWorker) lowerCurrentThreadPriority();
    }
};

// The observer lives (and observes) for the rest of the process and is never destroyed. TBB's
// workers are not joined at exit and keep a reference to the observer's proxy, so an observer
// destroyed at exit (a function-local static) unhooks itself and leaves that proxy to nobody:
// LeakSanitizer reported 40 bytes from tbb::detail::r1::observe. Held here it stays reachable and
// is never torn down under running workers.
std::atomic<NiceWorkers*> niceWorkers{nullptr};

}  // namespace

void lowerCurrentThreadPriority() {
#ifdef __linux__
    // On Linux nice is per thread (a thread is a task), addressed by its kernel thread id.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    if (getpriority(PRIO_PROCESS, tid) < kTrainingNice)
        setpriority(PRIO_PROCESS, tid, kTrainingNice);
#endif
}

void lowerTbbWorkerPriority() {
    static const bool started = [] {
        niceWorkers.store(new NiceWorkers, std::memory_order_release);
        return true;
    }();
    (void)started;
}

}  // namespace dl

// Training threads yield the CPU to the interface: TBB workers and the training thread run at
// a lower priority, the UI thread keeps its own.
#include <QtTest>

#include <tbb/parallel_for.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tests/gui/gui_test_helpers.h"
#include "ui/worker/background_priority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

#ifdef __linux__
int currentNice() {
    return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}
#endif

}  // namespace

class TestBackgroundPriority : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { QVERIFY(dl::test::isolateSettings()); }

    void tbbWorkersAreLoweredAndTheCallerIsNot() {
#ifndef __linux__
        QSKIP("thread priorities are only adjusted on Linux");
#else
        const int before = currentNice();
        QVERIFY2(before < 5, "the test must start at a normal priority");
        dl::lowerTbbWorkerPriority();
        dl::lowerTbbWorkerPriority();  // idempotent
        std::mutex m;
        std::set<int> workerNice;
        std::atomic<bool> sawWorker{false};
        const auto caller = std::this_thread::get_id();
        // Enough blocking-free work that the pool's workers join in.
        tbb::parallel_for(0, 4000, [&](int) {
            volatile double x = 0;
            for (int k = 0; k < 20000; ++k) x = x + k;
            if (std::this_thread::get_id() == caller) return;
            sawWorker = true;
            std::lock_guard lock(m);
            workerNice.insert(currentNice());
        });
        QCOMPARE(currentNice(), before);
        if (std::thread::hardware_concurrency() < 2 || !sawWorker)
            QSKIP("no TBB worker thread joined on this machine");
        for (int n : workerNice) QVERIFY2(n >= 5, qPrintable(QString("worker nice %1").arg(n)));
#endif
    }

    void lowerCurrentThreadOnlyTouchesThatThread() {
#ifndef __linux__
        QSKIP("thread priorities are only adjusted on Linux");
#else
        const int before = currentNice();
        int inThread = -100;
        std::thread t([&] {
            dl::lowerCurrentThreadPriority();
            inThread = currentNice();
        });
        t.join();
        QVERIFY(inThread >= 5);
        QCOMPARE(currentNice(), before);
#endif
    }
};

QTEST_GUILESS_MAIN(TestBackgroundPriority)
#include "test_background_priority.moc"

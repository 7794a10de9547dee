#include "ui/worker/sweep_runner.h"

#include <QMetaObject>

#include <exception>

namespace dl {

SweepRunner::SweepRunner(QObject* parent) : QObject(parent) {}

SweepRunner::~SweepRunner() {
    cancel();
    join();
}

void SweepRunner::join() {
    if (thread_.joinable()) thread_.join();
}

bool SweepRunner::start(const ExperimentConfig& config, std::vector<SweepGrid> grids) {
    if (running_) return false;
    join();  // the previous job's thread has posted its last signal already
    grids_ = std::move(grids);
    results_.assign(grids_.size(), {});
    cancel_ = false;
    running_ = true;
    thread_ = std::thread([this, config] { run(config); });
    return true;
}

void SweepRunner::cancel() {
    cancel_ = true;
}

// Background thread: results_ is only written here until finished() is posted, and the UI
// thread reads it only after that.
void SweepRunner::run(ExperimentConfig config) {
    int total = 0, before = 0;
    for (const SweepGrid& g : grids_) total += g.size();
    QString error;
    bool cancelled = false;
    try {
        for (size_t i = 0; i < grids_.size() && !cancel_; ++i) {
            auto progress = [this, i, before, total](const SweepPoint& p, int done, int) {
                QMetaObject::invokeMethod(
                    this,
                    [this, g = int(i), p, d = before + done, total] {
                        Q_EMIT progressed(g, p, d, total);
                    },
                    Qt::QueuedConnection);
            };
            results_[i] = runRateSweep(config, grids_[i], progress, &cancel_);
            cancelled = cancelled || results_[i].cancelled;
            before += grids_[i].size();
        }
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    cancelled = cancelled || cancel_;
    QMetaObject::invokeMethod(
        this,
        [this, error, cancelled] {
            running_ = false;
            if (!error.isEmpty()) Q_EMIT failed(error);
            Q_EMIT finished(cancelled || !error.isEmpty());
        },
        Qt::QueuedConnection);
}

}  // namespace dl

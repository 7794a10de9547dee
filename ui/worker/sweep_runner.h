#pragma once
// Runs rate sweeps (core/training/rate_sweep.h) in a background thread for the Tuning tab: progress
// and results come back on the UI thread as signals; cancel stops it between points.
#include <QObject>
#include <QString>

#include <atomic>
#include <thread>
#include <vector>

#include "core/training/rate_sweep.h"

namespace dl {

/// One background job: one or more grids (a 1-D sweep of several sites is one grid per site),
/// run one after another.
class SweepRunner : public QObject {
    Q_OBJECT
  public:
    explicit SweepRunner(QObject* parent = nullptr);
    /// Cancels and waits for the thread.
    ~SweepRunner() override;

    /// Starts the job; false (and nothing started) while a job is running.
    bool start(const ExperimentConfig& config, std::vector<SweepGrid> grids);
    /// Asks the running job to stop; finished() still follows, with cancelled set.
    void cancel();
    bool isRunning() const { return running_; }
    /// The finished job's results, one per grid (complete once finished() was emitted).
    const std::vector<SweepResult>& results() const { return results_; }
    const std::vector<SweepGrid>& grids() const { return grids_; }

  Q_SIGNALS:
    /// A point of grid `grid` finished: `done` of `total` points over the whole job.
    void progressed(int grid, const dl::SweepPoint& point, int done, int total);
    void finished(bool cancelled);
    void failed(const QString& message);

  private:
    void run(ExperimentConfig config);
    void join();
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    bool running_ = false;
    std::vector<SweepGrid> grids_;
    std::vector<SweepResult> results_;
};

}  // namespace dl

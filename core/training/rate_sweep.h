#pragma once
// A grid search over drop rates: one full training run per rate (or per pair of rates on two
// sites), every run from the same seed, data and initial weights. The CLI's `sweep` wraps it;
// the GUI can run it in a background thread with progress and cancel.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/training/epoch_record.h"

namespace dl {

/// One swept site and the rates it takes.
struct SweepAxis {
    std::string site;
    std::vector<double> rates;
};

/// The grid: one axis, or two (every pair, `first` varying slowest).
struct SweepGrid {
    SweepAxis first;
    std::optional<SweepAxis> second;
    int size() const { return int(first.rates.size() * (second ? second->rates.size() : 1)); }
};

/// How one grid point ended.
enum class SweepStatus { Done, Diverged, Cancelled };

/// One grid point and its final deterministic metrics (accuracies only for classification).
struct SweepPoint {
    int index = 0;  ///< position in the grid (row of the CSV)
    double rate = 0.0;
    std::optional<double> rate2;  ///< set when the grid has a second axis
    SweepStatus status = SweepStatus::Cancelled;
    SplitMetrics train, val, test;
    double seconds = 0.0;  ///< wall time of this point's training
};

/// Called once per finished point (from a worker thread, never two calls at once), with the
/// number of points finished so far and the grid size. Completion order varies with
/// scheduling; the results do not.
using SweepProgress = std::function<void(const SweepPoint& finished, int done, int total)>;

/// What runRateSweep returns: the points in grid order, and what kind of task they scored.
struct SweepResult {
    std::vector<SweepPoint> points;
    bool classification = false;
    bool cancelled = false;  ///< true if `cancel` stopped any point
};

/// Checks the grid against the config (sites exist and differ, rates in [0, 1), at least one
/// rate per axis, a concrete site's starting rate > 0); throws InputError naming the problem.
void checkSweepGrid(const ExperimentConfig& config, const SweepGrid& grid);

/// Checks the grid, loads the data once, and trains one run per grid point, in parallel over
/// points in the current TBB arena (each run's results are independent of the thread count).
/// A point whose loss stops being finite is marked Diverged; once `cancel` is set, points not
/// yet finished are returned as Cancelled. The config's seed and epochs are used as they are.
SweepResult runRateSweep(const ExperimentConfig& config, const SweepGrid& grid,
                         const SweepProgress& progress = {},
                         const std::atomic<bool>* cancel = nullptr);

/// The sweep as CSV: site,rate[,site2,rate2],train_loss,val_loss,test_loss
/// [,train_acc,val_acc,test_acc]; metrics of a point that did not finish are "nan".
std::string sweepCsv(const SweepGrid& grid, const SweepResult& result);

/// Parses "0,0.1,0.5" into rates; throws InputError naming `what` (e.g. "--rates").
std::vector<double> parseRateList(const std::string& text, const std::string& what);

}  // namespace dl

#pragma once
// One epoch's figures: plain values, so the UI's snapshots and views can hold a run's history
// without compiling against the network, its layers or TBB.
#include <map>
#include <string>

namespace dl {

/// Metrics of one data split (accuracy only for classification).
struct SplitMetrics {
    double loss = 0.0;
    double accuracy = 0.0;
};

/// One row of RUN.json's history.
struct EpochRecord {
    int epoch = 0;
    SplitMetrics train;  ///< on the training split, deterministic (eval-mode) pass
    SplitMetrics val;
    double trainBatchLoss = 0.0;  ///< mean loss of the epoch's training batches (with dropout)
    std::map<std::string, double> rates;  ///< drop rate of every site during the epoch
};

}  // namespace dl

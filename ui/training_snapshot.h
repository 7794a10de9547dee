#pragma once
// What the worker publishes to the UI: an immutable picture of the run at one
// moment. The UI only ever reads snapshots, never the live model.
#include <QMetaType>

#include <memory>
#include <string>
#include <vector>

#include "core/trainer.h"

namespace dl {

/// The mask one dropout site drew in the last training step.
struct SiteMaskView {
    std::string id;
    std::string variant;
    double rate = 0.0;
    Matrix mask;  ///< [batch, units] multipliers (0 = dropped)
};

/// One published state of the training run.
struct TrainingSnapshot {
    long step = 0;              ///< completed steps
    int epoch = 0;              ///< completed epochs
    int stepInEpoch = 0;
    int stepsPerEpoch = 1;
    double lastBatchLoss = 0.0;
    double stepsPerSecond = 0.0;
    bool running = false;
    bool classification = true;
    std::vector<EpochRecord> history;
    std::vector<SiteMaskView> masks;
    std::string error;  ///< non-empty when training stopped on an error (e.g. divergence)
};

using SnapshotPtr = std::shared_ptr<const TrainingSnapshot>;

}  // namespace dl

Q_DECLARE_METATYPE(dl::SnapshotPtr)

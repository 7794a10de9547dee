#pragma once
// RUN.json: the full config, the per-epoch history, final test metrics and the
// trained weights, so a run can be predicted from with nothing else.
#include <nlohmann/json.hpp>

#include <string>

#include "core/training/trainer.h"
#include "datasets/standardizer.h"

namespace dl {

/// Builds the RUN.json document of a finished (or stopped) run.
nlohmann::json makeRunRecord(Trainer& trainer, const SplitMetrics& final, double seconds);

/// A trained model read back from RUN.json: everything predict needs.
struct LoadedRun {
    ExperimentConfig config;
    Network network{{}};
    bool classification = false;
    std::vector<int> inputShape;
    int outputs = 0;
    int trainSize = 0;
    std::vector<std::string> classNames;
    Standardizer standardizer;
};

/// Reads RUN.json; throws InputError naming the file and field on anything malformed.
LoadedRun loadRun(const std::string& path);

/// One epoch's history object: epoch, train_loss, val_loss, [train_acc, val_acc], rates.
nlohmann::json epochToJson(const EpochRecord& r, bool classification);

/// The trained weights as a JSON array, one entry per parameter, in network order.
nlohmann::json weightsToJson(Network& net);
/// Loads weights written by weightsToJson; throws InputError on any shape mismatch.
void weightsFromJson(Network& net, const nlohmann::json& j, const std::string& source);

}  // namespace dl

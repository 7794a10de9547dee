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
    /// The input columns' names in model order (model.input_names); empty for images,
    /// sequences and runs written before the names were recorded: inputs go by position.
    std::vector<std::string> inputNames;
    Standardizer standardizer;
};

/// The most outputs a RUN.json's model may have (as many as a data set may have classes).
inline constexpr int kMaxRunOutputs = 1000;

/// Reads RUN.json; throws InputError naming the file and field on anything malformed: a model
/// section out of range (input_shape, outputs, class_names, input_names, standardizer), a
/// network beyond the size limits of buildNetwork, or a weight that is not a finite float.
LoadedRun loadRun(const std::string& path);

/// Throws InputError naming `path` (the RUN.json) when `data`, built anew from the run's config,
/// no longer matches the model it trained: another sample shape, task or number of classes or
/// targets (the data file or generator changed since).
void checkDataMatchesRun(const LoadedRun& run, const Dataset& data, const std::string& path);

/// One epoch's history object: epoch, train_loss, val_loss, [train_acc, val_acc], rates.
nlohmann::json epochToJson(const EpochRecord& r, bool classification);

/// The trained weights as a JSON array, one entry per parameter, in network order.
nlohmann::json weightsToJson(Network& net);
/// Loads weights written by weightsToJson; throws InputError on any shape mismatch.
void weightsFromJson(Network& net, const nlohmann::json& j, const std::string& source);

}  // namespace dl

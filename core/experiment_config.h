#pragma once
// The experiment file: data, network with its dropout sites, loss, optimiser,
// training and inference settings. docs/config.md documents every field.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset_spec.h"
#include "dropout_spec.h"
#include "optimizer.h"

namespace dl {

/// One entry of network.layers: a hidden layer and the dropout site after it.
struct LayerSpec {
    std::string type = "dense";
    int units = 64;
    std::string activation = "relu";
    std::string init = "he";
    std::optional<DropoutSpec> dropout;
};

/// training: how long and in which batches.
struct TrainingSpec {
    int epochs = 100;
    int batchSize = 32;
};

/// inference: how predictions are made after training.
struct InferenceSpec {
    std::string mode = "deterministic";  ///< deterministic | mc | mc-average
    int samples = 50;                    ///< T, the number of MC passes
};

/// A whole experiment, defaults filled in.
struct ExperimentConfig {
    std::string name = "experiment";
    std::string description;
    std::uint64_t seed = 1;
    DatasetSpec dataset;
    std::optional<DropoutSpec> inputDropout;
    std::vector<LayerSpec> layers;
    std::string outputInit = "xavier";
    std::string loss = "auto";  ///< auto | cross_entropy | mse
    OptimizerSpec optimizer;
    TrainingSpec training;
    InferenceSpec inference;

    /// Parses and validates; throws InputError naming the field.
    static ExperimentConfig fromJson(const nlohmann::json& j);
    nlohmann::json toJson() const;
    /// "cross_entropy" or "mse", resolving "auto" from the data set kind.
    std::string resolvedLoss(bool classification) const;
};

/// Reads a config from a JSON file path or a built-in preset name; errors name the file.
ExperimentConfig loadExperiment(const std::string& fileOrPreset);
/// Parses JSON text; `source` names it in error messages.
ExperimentConfig parseExperiment(const std::string& text, const std::string& source);
/// Names of the built-in presets.
std::vector<std::string> presetNames();
/// The JSON text of a built-in preset, or empty if there is none by that name.
std::string presetText(const std::string& name);

}  // namespace dl

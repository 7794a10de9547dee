#pragma once
// The experiment file: data, network with its dropout sites, loss, optimiser,
// training and inference settings. docs/config.md documents every field.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dropout/dropout_spec.h"
#include "core/model/recurrent_options.h"
#include "core/training/optimizer.h"
#include "datasets/dataset_spec.h"

namespace dl {

/// One entry of network.layers: a hidden layer and the dropout site after it.
struct LayerSpec {
    std::string type = "dense";
    int units = 64;
    std::string activation = "relu";
    std::string init = "he";
    std::optional<DropoutSpec> dropout;
    // Spatial layers (conv2d, maxpool2d, avgpool2d, globalavgpool, flatten): spatial_layer_spec.h.
    int filters = 16;            ///< conv2d: output channels
    int kernel = 3;              ///< conv2d: the kernel is kernel × kernel
    int stride = 1;              ///< conv2d; pools (their default is `size`)
    int padding = 0;             ///< conv2d: zeros added on each side
    int size = 2;                ///< maxpool2d, avgpool2d: the window is size × size
    RecurrentOptions recurrent;  ///< lstm, gru (recurrent_layer_spec.h); units and init as above
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
    std::string sharing = "function";    ///< MC masks: function (one per pass) | per-input
    double lengthScale = 0.0;  ///< prior length-scale l for the model precision τ (0: no τ)
    double lambda = 1e-4;      ///< weight decay λ in τ = (1 − rate)·l² / (2·N·λ)
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
    /// Sets the configured rate of the site with this id (any layer kind); false if none.
    bool setSiteRate(const std::string& id, double rate);
    /// The site with this id (input, dense, conv or a recurrent layer's), or null.
    DropoutSpec* findSite(const std::string& id);
    const DropoutSpec* findSite(const std::string& id) const;
    /// The ids of every dropout site, in network order.
    std::vector<std::string> siteIds() const;
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

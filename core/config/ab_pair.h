#pragma once
// A/B comparison: a second training run on the same data, seed and initial
// weights, driven in lock-step with the main one.
#include <optional>

#include "core/config/experiment_config.h"

namespace dl {

/// B's config by default: A's network with every dropout site removed.
ExperimentConfig withoutDropout(ExperimentConfig config);

/// The default partner of A. A recurrent net whose input or recurrent sites use variational
/// masks gets the same net with naive (per-timestep) masks, and vice versa (the RNN lesson);
/// any other net is compared without dropout if it has any, else with dropout 0.5 after every
/// layer.
ExperimentConfig abPartner(const ExperimentConfig& a);

/// A recurrent experiment with its mask variant flipped between variational and naive (also
/// the per-timestep `dropout` on return_sequences outputs: variational ↔ element); nothing if
/// the config has no variational or naive recurrent site.
std::optional<ExperimentConfig> withFlippedRecurrentMasks(ExperimentConfig config);

/// True when the config has at least one dropout site.
bool hasDropout(const ExperimentConfig& config);

/// True when the network has an lstm or gru layer.
bool isRecurrent(const ExperimentConfig& config);

}  // namespace dl

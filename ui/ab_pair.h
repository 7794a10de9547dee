#pragma once
// A/B comparison: a second training run on the same data, seed and initial
// weights, driven in lock-step with the main one.
#include "core/experiment_config.h"

namespace dl {

/// B's config by default: A's network with every dropout site removed.
ExperimentConfig withoutDropout(ExperimentConfig config);

/// The default partner of A: without dropout if A has any, else dropout 0.5 after every layer.
ExperimentConfig abPartner(const ExperimentConfig& a);

/// True when the config has at least one dropout site.
bool hasDropout(const ExperimentConfig& config);

}  // namespace dl

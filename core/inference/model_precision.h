#pragma once
// The model precision τ of Gal & Ghahramani (2016): the observation noise that MC
// dropout implies, added to the predictive variance of a regression.
#include "core/config/experiment_config.h"
#include "core/model/network.h"

namespace dl {

/// τ = (1 − r̄)·l² / (2·N·λ), with r̄ the mean drop rate over the network's sites,
/// N the training-set size; returns 1/τ, or 0 when length_scale is 0 (off).
double inverseModelPrecision(const InferenceSpec& spec, Network& net, int trainSize);

}  // namespace dl

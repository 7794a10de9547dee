#pragma once
// Weight initialisation schemes, drawn from the counter RNG so they depend only on the seed.
#include <cstdint>
#include <string>

#include "base/matrix.h"

namespace dl {

/// he: N(0, 2/fan_in); xavier: U(±sqrt(6/(fan_in+fan_out))); uniform: PyTorch's
/// default U(±1/sqrt(fan_in)) for weights and biases (used by the benchmarks).
enum class InitScheme { He, Xavier, Uniform };

InitScheme initFromName(const std::string& name);
std::string initName(InitScheme s);

/// Fills w (fan_out × fan_in) and b (1 × fan_out) for layer `layerIndex`.
void initializeDense(InitScheme s, Matrix& w, Matrix& b, int fanIn, int fanOut, std::uint64_t seed,
                     std::uint32_t layerIndex);

}  // namespace dl

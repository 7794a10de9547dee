#pragma once
// Turns the network section of a config into layers, for a given input shape and output size.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/model/network.h"

namespace dl {

/// The most parameters a network may hold: 2^28 (1 GiB of floats; Adam keeps three more copies).
inline constexpr std::int64_t kMaxParameters = std::int64_t(1) << 28;
/// The most activation values one batch may hold over all layers (the input, every layer's
/// output, dropout masks, recurrent caches): 2^28 (1 GiB of floats).
inline constexpr std::int64_t kMaxActivationValues = std::int64_t(1) << 28;
/// The most values of one conv layer's patch matrix (C·kernel² × output positions, one per
/// thread): 2^25 (128 MiB of floats).
inline constexpr std::int64_t kMaxPatchValues = std::int64_t(1) << 25;

/// a·b and a + b for non-negative counts, saturating at INT64_MAX instead of overflowing.
std::int64_t saturatingMul(std::int64_t a, std::int64_t b);
std::int64_t saturatingAdd(std::int64_t a, std::int64_t b);

/// The running size of a network being built, in 64-bit saturating arithmetic, checked against
/// the limits above before each layer is allocated. Errors are one sentence naming the layer's
/// JSON path and field.
class ModelBudget {
  public:
    /// batchRows: the rows of one training batch (the activation limit is per batch).
    ModelBudget(std::int64_t batchRows, const std::vector<int>& inputShape);
    /// A layer at `field` (e.g. "network.layers[1].units") is about to add `count` parameters.
    void addParameters(std::int64_t count, const std::string& field, const std::string& remedy);
    /// A layer at `path` is about to keep `perSample` activation values per sample.
    void addActivations(std::int64_t perSample, const std::string& path);
    std::int64_t parameters() const { return parameters_; }
    std::int64_t activationsPerSample() const { return activations_; }

  private:
    std::int64_t rows_;
    std::int64_t parameters_ = 0;
    std::int64_t activations_ = 0;
};

/// The number of values in a shape, 64-bit and saturating (no overflow, no throw).
std::int64_t shapeValues(const std::vector<int>& shape);

/// The activation values one sample keeps in `net` (its input and every layer's output).
std::int64_t activationValuesPerSample(Network& net);

/// Builds and initialises the network: [input dropout] → (layer → [dropout])* → dense output.
/// Layers are dense or spatial (conv2d, pools, flatten); a dense layer after feature maps
/// reads them flattened in C, H, W order (rows are stored that way), so no flatten is needed.
/// Recurrent layers (lstm, gru) take {T, F} sequences; a dense layer after a return_sequences
/// one reads its [T, H] states flattened.
/// Dropout sites are numbered in order (the RNG's site index); layers by position.
/// Before any layer is allocated its parameters and activations are checked against
/// kMaxParameters and kMaxActivationValues (for a batch of `batchRows` rows; 0: the config's
/// training.batch_size, and at least 64, the smallest block of a prediction); InputError names
/// the field.
Network buildNetwork(const ExperimentConfig& config, const std::vector<int>& inputShape,
                     int outputs, std::int64_t batchRows = 0);

}  // namespace dl

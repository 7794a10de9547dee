#pragma once
// The interface every network layer implements (dense, dropout, conv, pool,
// recurrent). Layers work on whole batches, one sample per row, and
// parallelise inside over fixed row chunks.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/input_error.h"
#include "base/matrix.h"
#include "core/layers/activation.h"

namespace dl {

class DropoutSite;

/// Train: masks drawn, caches kept for backward. Eval: deterministic (weight
/// scaling). MonteCarlo: masks drawn as in training, no backward.
enum class Mode { Train, Eval, MonteCarlo };

/// What a forward pass needs to know beyond its input.
struct PassContext {
    Mode mode = Mode::Eval;
    std::uint64_t seed = 0;
    std::uint64_t step = 0;     ///< training step, or MC pass-batch index
    std::uint32_t rowBase = 0;  ///< global index of row 0 (the RNG's "sample")
    bool recordMasks = false;   ///< dropout sites keep a copy of the mask for display
    /// Rows that share one mask draw: 1 normally; N in MC "function" mode, where T stacked
    /// copies of N inputs form T passes and every input of a pass sees the same mask.
    std::uint32_t shareRows = 1;
};

/// The RNG "sample" index of batch row r: rows of one share group draw the same mask.
inline std::uint32_t maskSample(const PassContext& ctx, long r) {
    return static_cast<std::uint32_t>((ctx.rowBase + r) / (ctx.shareRows ? ctx.shareRows : 1));
}

/// A trainable tensor with its gradient (same shape) and whether L2 / max-norm apply.
struct Param {
    std::string name;
    Matrix value;
    Matrix grad;
    bool isWeight = true;  ///< weights get weight decay and max-norm; biases do not
};

/// Every kind of layer a network holds, so code that walks a network switches on a value
/// instead of casting or comparing strings.
enum class LayerKind {
    Dense,
    Dropout,
    ConcreteDropout,
    Conv2D,
    MaxPool2D,
    AvgPool2D,
    GlobalAvgPool,
    Flatten,
    LSTM,
    GRU
};

/// The kind's name as experiment files and messages write it ("dense", "maxpool2d", ...).
constexpr std::string_view kindName(LayerKind k) {
    switch (k) {
        case LayerKind::Dense:
            return "dense";
        case LayerKind::Dropout:
            return "dropout";
        case LayerKind::ConcreteDropout:
            return "concrete-dropout";
        case LayerKind::Conv2D:
            return "conv2d";
        case LayerKind::MaxPool2D:
            return "maxpool2d";
        case LayerKind::AvgPool2D:
            return "avgpool2d";
        case LayerKind::GlobalAvgPool:
            return "globalavgpool";
        case LayerKind::Flatten:
            return "flatten";
        case LayerKind::LSTM:
            return "lstm";
        case LayerKind::GRU:
            return "gru";
    }
    return "?";
}

/// One stage of a network.
class Layer {
  public:
    virtual ~Layer() = default;
    virtual LayerKind layerKind() const = 0;
    std::string kind() const { return std::string(kindName(layerKind())); }
    /// The activation applied after the layer's affine map (dense and conv layers only).
    virtual std::optional<Activation> appliedActivation() const { return std::nullopt; }
    virtual std::unique_ptr<Layer> clone() const = 0;
    /// Shape of one output sample (row), e.g. {64} or {16, 28, 28}.
    virtual std::vector<int> outputShape() const = 0;
    /// Computes out from in (both batch × features). In Train mode it may keep caches for
    /// backward; Eval and MonteCarlo passes must not disturb what a Train pass kept.
    virtual void forward(const Matrix& in, Matrix& out, const PassContext& ctx) = 0;
    /// Given dL/dout, sets dL/din (when dIn is not null) and writes the param grads.
    virtual void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) = 0;
    virtual std::vector<Param*> params() { return {}; }
    /// The dropout sites this layer applies (a dropout layer has one, an LSTM up to two).
    virtual std::vector<DropoutSite*> sites() { return {}; }
};

/// "{16, 28, 28}": a shape as written in error messages.
inline std::string shapeText(const std::vector<int>& shape) {
    std::string out = "{";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "}";
}

/// Number of values in one sample of the given shape, computed in 64 bits; throws InputError
/// when a dimension is negative or the count does not fit an int.
inline int shapeSize(const std::vector<int>& shape) {
    std::int64_t n = 1;
    for (int d : shape) {
        if (d < 0)
            throw InputError("the sample shape " + shapeText(shape) + " has a negative size.");
        if (__builtin_mul_overflow(n, std::int64_t(d), &n) || n > std::numeric_limits<int>::max())
            throw InputError("the sample shape " + shapeText(shape) + " holds more than " +
                             std::to_string(std::numeric_limits<int>::max()) + " values.");
    }
    return static_cast<int>(n);
}

}  // namespace dl

#pragma once
// The interface every network layer implements (dense, dropout, and later
// conv, pool, recurrent). Layers work on whole batches, one sample per row,
// and parallelise inside over fixed row chunks.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datasets/dataset.h"

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

/// One stage of a network.
class Layer {
  public:
    virtual ~Layer() = default;
    virtual std::string kind() const = 0;
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

/// Number of values in one sample of the given shape.
inline int shapeSize(const std::vector<int>& shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
}

}  // namespace dl

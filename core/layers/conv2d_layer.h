#pragma once
// 2-D convolution over C×H×W samples (each row of the batch is one sample,
// flattened CHW row-major), with bias and a fused activation like DenseLayer.
#include "core/kernels/thread_scratch.h"
#include "core/layers/activation.h"
#include "core/layers/conv_geometry.h"
#include "core/layers/layer.h"
#include "core/model/initializer.h"

namespace dl {

/// A convolution layer: out[f] = act(Σ_c W[f, c] ⋆ in[c] + b[f]), computed as im2col + one GEMM
/// per sample (the result is already the sample's output row); samples split into fixed chunks.
/// Backward rebuilds each sample's patches instead of caching them from forward.
/// W is stored [filters, C·k·k] (PyTorch's [out, in, kh, kw] flattened), b is [1, filters].
class Conv2DLayer : public Layer {
  public:
    Conv2DLayer(ConvGeometry geometry, int filters, Activation act);
    /// fan_in = C·k·k, fan_out = filters·k·k (PyTorch's conventions).
    void initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex);

    LayerKind layerKind() const override { return LayerKind::Conv2D; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Conv2DLayer>(*this); }
    std::vector<int> outputShape() const override;
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;
    std::vector<Param*> params() override { return {&weight_, &bias_}; }

    const ConvGeometry& geometry() const { return geom_; }
    int filters() const { return static_cast<int>(weight_.value.rows()); }
    Activation activation() const { return act_; }
    std::optional<Activation> appliedActivation() const override { return act_; }
    Param& weight() { return weight_; }
    Param& bias() { return bias_; }

  private:
    /// Per-thread buffers, reused across steps.
    struct Scratch {
        Matrix col;          ///< patchSize × outPositions: one sample's patch matrix
        Matrix maps;         ///< filters × outPositions: one sample's pre-activation gradient
        Matrix dcol;         ///< patchSize × outPositions: one sample's patch-matrix gradient
        Eigen::MatrixXf dw;  ///< filters × patchSize: the chunk's weight gradient, column-major
    };
    long chunkRows(long rows) const;
    Scratch& scratch();
    void forwardChunk(const Matrix& in, Matrix& out, long r0, long r1);
    void backwardChunk(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn,
                       long r0, long r1, long chunk);

    ConvGeometry geom_;
    Activation act_;
    Param weight_;
    Param bias_;
    std::vector<Matrix> partialW_;  ///< per-chunk weight gradients, summed in chunk order
    std::vector<Matrix> partialB_;  ///< per-chunk bias gradients
    ThreadScratch<Scratch> scratch_;
};

}  // namespace dl

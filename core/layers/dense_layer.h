#pragma once
// Fully connected layer: out = act(in · Wᵀ + b), W stored [out, in] as in PyTorch.
#include "core/kernels/thread_scratch.h"
#include "core/layers/activation.h"
#include "core/layers/layer.h"
#include "core/model/initializer.h"

namespace dl {

/// A dense (linear) layer with a fused activation.
class DenseLayer : public Layer {
  public:
    DenseLayer(int inputs, int units, Activation act);
    void initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex);

    LayerKind layerKind() const override { return LayerKind::Dense; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<DenseLayer>(*this); }
    std::vector<int> outputShape() const override { return {units()}; }
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;
    std::vector<Param*> params() override { return {&weight_, &bias_}; }

    int inputs() const { return static_cast<int>(weight_.value.cols()); }
    int units() const { return static_cast<int>(weight_.value.rows()); }
    Activation activation() const { return act_; }
    std::optional<Activation> appliedActivation() const override { return act_; }
    Param& weight() { return weight_; }
    Param& bias() { return bias_; }

  private:
    Activation act_;
    Param weight_;
    Param bias_;
    Matrix dz_;  ///< gradient at the pre-activation, reused between steps
    ThreadScratch<Eigen::MatrixXf> columnScratch_;  ///< a forward block's column-major result
};

}  // namespace dl

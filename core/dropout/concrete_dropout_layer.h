#pragma once
// Concrete dropout (Gal, Hron & Kendall 2017): a relaxed Bernoulli mask with a
// trainable drop rate p = sigmoid(θ), learned with the weights by gradient descent.
#include <algorithm>

#include "core/dropout/dropout_site.h"
#include "core/layers/layer.h"

namespace dl {

/// A dense dropout site whose rate is a parameter. Mask: z = σ((θ + log u − log(1−u))/t),
/// multiplier (1 − z)/(1 − p). Its regulariser (weights of the next layer and the
/// rate's entropy) is added by regularize(), called once per step after backward.
class ConcreteDropoutLayer : public Layer {
  public:
    ConcreteDropoutLayer(DropoutSpec spec, std::uint32_t siteIndex, std::vector<int> shape);

    LayerKind layerKind() const override { return LayerKind::ConcreteDropout; }
    std::unique_ptr<Layer> clone() const override;
    std::vector<int> outputShape() const override { return shape_; }
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;
    std::vector<Param*> params() override { return {&logit_}; }
    std::vector<DropoutSite*> sites() override { return {&site_}; }

    /// The learned drop rate p = sigmoid(θ).
    double learnedRate() const;
    /// Restarts learning from `rate` (sets θ = logit(rate)), e.g. when the user sets the rate.
    void resetRate(double rate);
    /// Copies the learned rate into the site (what RUN.json and the GUI read); called after
    /// every optimiser step so the reported rate is the one the next step will use.
    void syncRate() { site_.setRate(std::min(0.99, learnedRate())); }
    /// Adds the regulariser's gradients: wr·‖W‖²/(1 − p) on the next layer's weights and
    /// dr·K·(p log p + (1 − p) log(1 − p)) on θ; wr = l²/N and dr = 2/N unless set explicitly.
    void regularize(Param& nextWeight, int trainSize);
    /// The regulariser's value (for tests).
    double regularizerValue(const Param& nextWeight, int trainSize) const;

  private:
    void drawRelaxed(const PassContext& ctx, long rows, Matrix& z, Matrix& mask) const;
    DropoutSite site_;
    std::vector<int> shape_;
    Param logit_;
    Matrix z_;  ///< relaxed drop indicators of the last training pass
    Matrix mcZ_, mcMask_;
};

/// Builds the layer for a dense-shaped site: ConcreteDropoutLayer for "concrete", else
/// DropoutLayer.
std::unique_ptr<Layer> makeSiteLayer(const DropoutSpec& spec, std::uint32_t siteIndex,
                                     const std::vector<int>& shape);

}  // namespace dl

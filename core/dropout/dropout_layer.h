#pragma once
// A dropout site on a dense activation: draws a mask per step (train, MC) or
// applies the test-time rule (eval), and keeps the last training mask for display.
#include "base/counter_rng.h"
#include "core/dropout/dropout_site.h"
#include "core/dropout/spatial_masks.h"
#include "core/kernels/thread_scratch.h"
#include "core/layers/layer.h"

namespace dl {

/// Dropout on [batch, units] activations or [batch, C·H·W] feature maps: element-wise
/// (Bernoulli), Gaussian, and on feature maps also channel and block (spatial_masks.h); on
/// {T, units} sequences also variational (one draw per unit shared by all timesteps).
class DropoutLayer : public Layer {
  public:
    /// siteIndex keys the RNG stream; shape is one sample's shape.
    DropoutLayer(DropoutSpec spec, std::uint32_t siteIndex, std::vector<int> shape);

    LayerKind layerKind() const override { return LayerKind::Dropout; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<DropoutLayer>(*this); }
    std::vector<int> outputShape() const override { return shape_; }
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;

    std::vector<DropoutSite*> sites() override { return {&site_}; }
    DropoutSite& site() { return site_; }
    const DropoutSpec& spec() const { return site_.spec(); }
    double rate() const { return site_.rate(); }
    /// Takes effect from the next forward pass; throws InputError outside [0, 1).
    void setRate(double rate) { site_.setRate(rate); }
    /// The multipliers of the last training step, [batch, units] (units = C·H·W on maps).
    const Matrix& lastMask() const { return site_.lastMask(); }
    /// A Train pass of a channel site whose maps the next layer scales as it reads them
    /// (Network pairs it with a max-pool): draws and keeps the per-(sample, channel)
    /// multipliers, the same as forward would, without applying them. Null when the site is
    /// not channel dropout, has rate 0, or the pass is not Train: run forward instead.
    const Matrix* keepChannelScales(long rows, const PassContext& ctx);
    /// Draws the mask a pass with this context would use (rows = batch).
    void drawMask(Matrix& mask, long rows, const PassContext& ctx) const;

  private:
    /// What drawing one pass's masks needs: the site's stream and its rate-derived constants.
    struct MaskDraw {
        CounterRng rng;
        float rate, keepScale;
        double sigma;  ///< Gaussian: std of the multiplier
    };
    MaskDraw maskDraw(const PassContext& ctx) const;
    /// Fills one row's multipliers (rate > 0).
    void maskRow(const MaskDraw& d, std::uint32_t sample, float* m) const;
    /// Train/MC pass of channel dropout, with one multiplier per (sample, channel).
    void forwardChannels(const Matrix& in, Matrix& out, const PassContext& ctx);

    DropoutSite site_;
    std::vector<int> shape_;
    ThreadScratch<Eigen::RowVectorXf> rowScratch_;  ///< Monte-Carlo passes: one row's mask
};

}  // namespace dl

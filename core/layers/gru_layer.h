#pragma once
// GRU with PyTorch's gate order and equations, recurrent dropout and zoneout.
#include "core/layers/recurrent_layer.h"

namespace dl {

/// Gated recurrent unit (gates r, z, n as in PyTorch):
///   r = σ(W_ir·x̃ₜ + b_ir + W_hr·h̃ₜ₋₁ + b_hr),  z = σ(W_iz·x̃ₜ + b_iz + W_hz·h̃ₜ₋₁ + b_hz)
///   n = tanh(W_in·x̃ₜ + b_in + r⊙(W_hn·h̃ₜ₋₁ + b_hn)),  ĥₜ = (1 − z)⊙n + z⊙hₜ₋₁
/// with x̃ₜ = xₜ⊙z_x and h̃ₜ₋₁ = hₜ₋₁⊙z_h: the masked state feeds the matrix products only, the
/// interpolation z⊙hₜ₋₁ uses the unmasked state. h₋₁ = 0. Without zoneout hₜ = ĥₜ; with it
/// hₜ = hₜ₋₁ + u⊙(ĥₜ − hₜ₋₁).
class GruLayer : public RecurrentLayer {
  public:
    GruLayer(RecurrentShape shape, const RecurrentOptions& options, std::uint32_t firstSiteIndex)
        : RecurrentLayer(shape, 3, options, firstSiteIndex) {}

    LayerKind layerKind() const override { return LayerKind::GRU; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<GruLayer>(*this); }

  protected:
    // aux1 holds W_hn·h̃ₜ₋₁ + b_hn (aux2 is unused).
    void stepsForward(Chunk& c) override;
    void stepsBackward(Chunk& c, ChunkGrads& g) override;
    bool separateRecurrentGrad() const override { return true; }

  private:
    void activateGates(Chunk& c, int t, const Matrix& hidden);
    void gateGrads(Chunk& c, ChunkGrads& g, int t, const Matrix& dHat) const;

    /// Per-thread buffers (reused across calls): the recurrent products of one step, and the
    /// carries of backpropagation through time.
    struct Work {
        Matrix hidden, dh, dHat;
    };
    ThreadScratch<Work> work_;
};

}  // namespace dl

#pragma once
// LSTM with PyTorch's gate order and equations, recurrent dropout and zoneout.
#include "core/layers/recurrent_layer.h"

namespace dl {

/// Long short-term memory (gates i, f, g, o as in PyTorch):
///   gates = W_ih·x̃ₜ + b_ih + W_hh·h̃ₜ₋₁ + b_hh;  i, f, o = σ(·), g = tanh(·)
///   c̃ₜ = f⊙cₜ₋₁ + i⊙g;  ĥₜ = o⊙tanh(c̃ₜ)
/// with x̃ₜ = xₜ⊙z_x, h̃ₜ₋₁ = hₜ₋₁⊙z_h (the masked state feeds the gates only) and h₋₁ = c₋₁ = 0.
/// Without zoneout cₜ = c̃ₜ, hₜ = ĥₜ; with it cₜ = cₜ₋₁ + u⊙(c̃ₜ − cₜ₋₁) and likewise hₜ, one
/// update mask u per (timestep, unit) shared by cell and state (Krueger et al. 2016).
class LstmLayer : public RecurrentLayer {
  public:
    LstmLayer(RecurrentShape shape, const RecurrentOptions& options, std::uint32_t firstSiteIndex)
        : RecurrentLayer(shape, 4, options, firstSiteIndex) {}

    LayerKind layerKind() const override { return LayerKind::LSTM; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LstmLayer>(*this); }

  protected:
    // aux1 holds cₜ, aux2 holds tanh(c̃ₜ).
    void stepsForward(Chunk& c) override;
    void stepsBackward(Chunk& c, ChunkGrads& g) override;
    bool separateRecurrentGrad() const override { return false; }

  private:
    void activateGates(Chunk& c, int t) const;
    void gateGrads(Chunk& c, ChunkGrads& g, int t, const Matrix& dHat, const Matrix& dCell) const;

    /// Per-thread carries of backpropagation through time (reused across calls).
    struct Carry {
        Matrix dh, dc, dHat, dCell;
    };
    ThreadScratch<Carry> carry_;
};

}  // namespace dl

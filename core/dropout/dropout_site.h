#pragma once
// The state of one dropout site, whatever layer holds it (a dropout layer, or an
// LSTM's input/recurrent masks): its spec, RNG index, mask shape and last mask.
#include <string>
#include <vector>

#include "base/matrix.h"
#include "core/dropout/dropout_spec.h"

namespace dl {

/// One place in the network where a mask is applied. Rate changes take effect
/// from the next forward pass; the last training mask is kept for display.
class DropoutSite {
  public:
    DropoutSite(DropoutSpec spec, std::uint32_t index, std::vector<int> maskShape);

    const DropoutSpec& spec() const { return spec_; }
    const std::string& id() const { return spec_.id; }
    std::uint32_t index() const { return index_; }  ///< the RNG's site key
    double rate() const { return spec_.rate; }
    /// Throws InputError outside [0, 1).
    void setRate(double rate);
    void setScaling(Scaling s) { spec_.scaling = s; }
    void setVariant(Variant v) { spec_.variant = v; }
    /// Shape of one sample's mask, e.g. {units}, {C, H, W}, {T, units}; [out, in] for weights.
    const std::vector<int>& maskShape() const { return maskShape_; }
    /// The multipliers of the last training step, one row per sample, row-major over maskShape.
    /// A compact mask (below) is expanded here, on first look.
    const Matrix& lastMask() const;
    /// For writing the last mask in full.
    Matrix& lastMaskRef();
    /// For writing the last mask compactly: one multiplier per (sample, unit), each shared by
    /// `spread` consecutive values (channel dropout: unit = channel, spread = H·W). Saves
    /// writing and re-reading a full-size mask every step when nobody looks at it.
    Matrix& compactMaskRef(int spread);
    /// The compact form of the last mask, or null when it was written in full.
    const Matrix* compactMask() const { return spread_ > 0 ? &compact_ : nullptr; }

  private:
    DropoutSpec spec_;
    std::uint32_t index_;
    std::vector<int> maskShape_;
    mutable Matrix lastMask_;  ///< the full mask; a cache of compact_ when spread_ > 0
    Matrix compact_;
    int spread_ = 0;                ///< > 0: the last mask is compact_
    mutable bool expanded_ = true;  ///< lastMask_ is up to date
};

}  // namespace dl

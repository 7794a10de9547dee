#pragma once
// The model behind one "Masks over time" raster: one sequence's multipliers at one recurrent
// (or sequence) dropout site, as timesteps × units.
#include <string>
#include <vector>

#include "ui/worker/training_snapshot.h"

namespace dl {

/// One site's [T, width] mask for one sequence of the batch (width = units, × gates if untied).
class MaskRaster {
  public:
    MaskRaster() = default;
    /// Row `sequence` of the site's [batch, T·width] mask; empty if the row does not exist.
    MaskRaster(const SiteMaskView& site, int sequence);

    int timesteps() const { return timesteps_; }
    int units() const { return units_; }
    bool empty() const { return values_.empty(); }
    /// The multiplier of unit u at timestep t (zoneout: 1 updated, 0 held its state).
    float multiplier(int t, int u) const { return values_[std::size_t(t) * units_ + u]; }
    /// True for zoneout, whose 0s mean "kept its previous value", not "dropped".
    bool isZoneout() const { return variant_ == "zoneout"; }
    /// Fraction of cells that are 0 (dropped, or held for zoneout).
    double zeroFraction() const;
    /// True when every unit has the same multiplier at every timestep (variational masks).
    bool constantOverTime() const;
    const std::string& siteId() const { return id_; }
    const std::string& variant() const { return variant_; }
    double rate() const { return rate_; }
    int sequence() const { return sequence_; }

  private:
    std::string id_, variant_;
    double rate_ = 0;
    int sequence_ = 0, timesteps_ = 0, units_ = 0;
    std::vector<float> values_;
};

/// True for a site whose per-sequence mask is {T, width}: an lstm/gru input, recurrent or zoneout
/// site, or a dropout site over a return_sequences output.
bool isSequenceSite(const SiteMaskView& site);

/// The rasters of every sequence site of a snapshot for one sequence of its batch.
std::vector<MaskRaster> sequenceRasters(const TrainingSnapshot& s, int sequence);

}  // namespace dl

#pragma once
// Masks of the recurrent dropout variants. A sequence's mask is a [T, width] block of
// multipliers, timestep-major (value (t, u) at t·width + u), drawn from the site's CounterRng
// keyed by (sample, unit), so it never depends on threads or chunking.
#include <cstdint>
#include <optional>
#include <vector>

#include "base/counter_rng.h"
#include "core/dropout/dropout_site.h"
#include "core/layers/layer.h"
#include "core/model/recurrent_options.h"

namespace dl {

/// Variational (Gal & Ghahramani 2016): one draw per unit (unit = u), the same at every timestep;
/// kept units get keepScale, dropped ones 0.
void variationalMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width,
                        float rate, float keepScale, float* row);

/// Naive: a fresh draw at every timestep (unit = t·width + u).
void naiveMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width, float rate,
                  float keepScale, float* row);

/// Zoneout (Krueger et al. 2016): 1 where the unit updates, 0 where it holds its previous value
/// (probability rate); a fresh draw at every timestep (unit = t·width + u).
void zoneoutMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width,
                    float rate, float* row);

/// Fills rows [r0, r1) of a recurrent site's [batch, T·width] multipliers (`rows` points at row
/// r0; width = maskShape()[1]). Train and MonteCarlo passes draw; Eval gives the test-time
/// value: 1 for inverted Bernoulli masks, 1 − rate for classic ones and for zoneout (where it
/// is the probability of updating, so the state follows its expectation).
void fillRecurrentMask(const DropoutSite& site, const PassContext& ctx, long r0, long r1,
                       float* rows);

/// The dropout sites one recurrent layer owns: on its input xₜ, on its recurrent state hₜ₋₁,
/// and zoneout on its state. Mask shapes are {T, groups·inputs}, {T, groups·units} and
/// {T, units}; groups is the gate count for untied masks (gate g's mask in columns g·width…).
class RecurrentSites {
  public:
    RecurrentSites(const RecurrentOptions& o, int timesteps, int inputs, int units, int gates,
                   std::uint32_t firstIndex);

    DropoutSite* input() { return input_ ? &*input_ : nullptr; }
    DropoutSite* recurrent() { return recurrent_ ? &*recurrent_ : nullptr; }
    DropoutSite* zoneout() { return zoneout_ ? &*zoneout_ : nullptr; }
    const DropoutSite* input() const { return input_ ? &*input_ : nullptr; }
    const DropoutSite* recurrent() const { return recurrent_ ? &*recurrent_ : nullptr; }
    const DropoutSite* zoneout() const { return zoneout_ ? &*zoneout_ : nullptr; }
    /// In network order: input, recurrent, zoneout (those present).
    std::vector<DropoutSite*> all();
    int inputGroups() const { return inputGroups_; }  ///< masks on xₜ: gates if untied, else 1
    int recurrentGroups() const { return recurrentGroups_; }  ///< masks on hₜ₋₁

  private:
    std::optional<DropoutSite> input_, recurrent_, zoneout_;
    int inputGroups_ = 1, recurrentGroups_ = 1;
};

}  // namespace dl

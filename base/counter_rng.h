#pragma once
// Counter-based random numbers (Random123 Philox4x32-10): every draw is a pure
// function of (seed, purpose, site, step, sample, unit), so results do not
// depend on thread count or task order.
#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace dl {

/// What a random draw is for; part of the key so streams never overlap.
enum class Purpose : std::uint32_t {
    Init = 1,
    Shuffle = 2,
    Mask = 3,
    Data = 4,
    Split = 5,
    McMask = 6,
    Noise = 7,
};

/// A stream of random numbers for one (seed, purpose, site, step); indexed by
/// (sample, unit). Cheap to construct; all methods are const and thread-safe.
class CounterRng {
  public:
    CounterRng(std::uint64_t seed, Purpose purpose, std::uint32_t site, std::uint64_t step)
        : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
          step_(static_cast<std::uint32_t>(step)),
          tag_((static_cast<std::uint32_t>(purpose) << 24) | (site & 0xFFFFFFu)),
          stepHigh_(static_cast<std::uint32_t>(step >> 32)) {}

    /// Four raw 32-bit words for (sample, block); block = unit / 4.
    std::array<std::uint32_t, 4> bits(std::uint32_t sample, std::uint32_t block) const {
        r123::Philox4x32::ctr_type ctr = {{block ^ (stepHigh_ << 24), sample, step_, tag_}};
        auto out = r123::Philox4x32()(ctr, key_);
        return {out[0], out[1], out[2], out[3]};
    }

    /// Uniform in [0, 1) with 24 bits of resolution (exact in float).
    static float toUnit(std::uint32_t word) { return static_cast<float>(word >> 8) * 0x1.0p-24f; }

    /// One uniform value in [0, 1) for (sample, unit).
    float uniform(std::uint32_t sample, std::uint32_t unit) const {
        return toUnit(bits(sample, unit / 4)[unit % 4]);
    }

    /// Fills out[0..n) with uniforms for one sample: unit i gets uniform(sample, i).
    void fillUniform(std::uint32_t sample, float* out, std::uint32_t n) const {
        std::uint32_t i = 0;
        for (; i + 4 <= n; i += 4) {
            auto w = bits(sample, i / 4);
            for (int k = 0; k < 4; ++k) out[i + k] = toUnit(w[k]);
        }
        if (i < n) {
            auto w = bits(sample, i / 4);
            for (int k = 0; i < n; ++i, ++k) out[i] = toUnit(w[k]);
        }
    }

    /// Fills out[0..n) with one sample's Bernoulli mask: unit i gets `keep` when
    /// uniform(sample, i) ≥ rate, else 0. By-value rate and keep let the test vectorise into a
    /// blend (a branch per unit mispredicts half the time at rate 0.5).
    void fillMask(std::uint32_t sample, float* out, std::uint32_t n, float rate, float keep) const {
        fillUniform(sample, out, n);
        for (std::uint32_t i = 0; i < n; ++i) out[i] = out[i] >= rate ? keep : 0.0f;
    }

    /// Standard normal for (sample, unit), Box–Muller on two words of the unit's own block.
    double normal(std::uint32_t sample, std::uint32_t unit) const {
        auto w = bits(sample, unit);  // one block per unit: two words used
        double u1 = (static_cast<double>(w[0]) + 1.0) * 0x1.0p-32;  // (0, 1]
        double u2 = static_cast<double>(w[1]) * 0x1.0p-32;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    /// Uniform double in [0, 1) with 53 bits, for (sample, unit); one block per unit.
    double uniformDouble(std::uint32_t sample, std::uint32_t unit) const {
        auto w = bits(sample, unit);
        std::uint64_t v = (static_cast<std::uint64_t>(w[2]) << 21) ^ (w[3] >> 11);
        return static_cast<double>(v & ((1ull << 53) - 1)) * 0x1.0p-53;
    }

  private:
    r123::Philox4x32::key_type key_;
    std::uint32_t step_;
    std::uint32_t tag_;
    std::uint32_t stepHigh_;
};

}  // namespace dl

#include "core/dropout/recurrent_masks.h"

#include <algorithm>

namespace dl {
namespace {

float keepScaleOf(const DropoutSpec& s) {
    return s.scaling == Scaling::Inverted ? 1.0f / (1.0f - float(s.rate)) : 1.0f;
}

// The value every multiplier takes in an Eval pass (or when the rate is 0 in training).
float testTimeValue(const DropoutSpec& s, Mode mode) {
    if (mode != Mode::Eval) return 1.0f;
    const bool scaled = s.variant == Variant::Zoneout || s.scaling == Scaling::Classic;
    return scaled ? 1.0f - float(s.rate) : 1.0f;
}

}  // namespace

void variationalMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width,
                        float rate, float keepScale, float* row) {
    rng.fillMask(sample, row, std::uint32_t(width), rate, keepScale);
    for (int t = 1; t < timesteps; ++t) std::copy(row, row + width, row + t * width);
}

void naiveMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width, float rate,
                  float keepScale, float* row) {
    const int n = timesteps * width;
    rng.fillMask(sample, row, std::uint32_t(n), rate, keepScale);
}

void zoneoutMaskRow(const CounterRng& rng, std::uint32_t sample, int timesteps, int width,
                    float rate, float* row) {
    naiveMaskRow(rng, sample, timesteps, width, rate, 1.0f, row);
}

void fillRecurrentMask(const DropoutSite& site, const PassContext& ctx, long r0, long r1,
                       float* rows) {
    const DropoutSpec& s = site.spec();
    const int timesteps = site.maskShape()[0], width = site.maskShape()[1];
    const long cols = long(timesteps) * width;
    const float rate = float(s.rate);
    if (ctx.mode == Mode::Eval || rate == 0.0f) {
        std::fill(rows, rows + (r1 - r0) * cols, testTimeValue(s, ctx.mode));
        return;
    }
    const Purpose purpose = ctx.mode == Mode::MonteCarlo ? Purpose::McMask : Purpose::Mask;
    const CounterRng rng(ctx.seed, purpose, site.index(), ctx.step);
    const float keep = keepScaleOf(s);
    for (long r = r0; r < r1; ++r) {
        float* row = rows + (r - r0) * cols;
        const std::uint32_t sample = maskSample(ctx, r);
        switch (s.variant) {
            case Variant::Variational:
                variationalMaskRow(rng, sample, timesteps, width, rate, keep, row);
                break;
            case Variant::Zoneout:
                zoneoutMaskRow(rng, sample, timesteps, width, rate, row);
                break;
            default:  // naive; the config only lets recurrent variants reach here
                naiveMaskRow(rng, sample, timesteps, width, rate, keep, row);
                break;
        }
    }
}

RecurrentSites::RecurrentSites(const RecurrentOptions& o, int timesteps, int inputs, int units,
                               int gates, std::uint32_t firstIndex) {
    std::uint32_t index = firstIndex;
    if (o.inputDropout) {
        inputGroups_ = o.inputUntied ? gates : 1;
        input_.emplace(*o.inputDropout, index++,
                       std::vector<int>{timesteps, inputGroups_ * inputs});
    }
    if (o.recurrentDropout) {
        recurrentGroups_ = o.recurrentUntied ? gates : 1;
        recurrent_.emplace(*o.recurrentDropout, index++,
                           std::vector<int>{timesteps, recurrentGroups_ * units});
    }
    if (o.zoneout) zoneout_.emplace(*o.zoneout, index++, std::vector<int>{timesteps, units});
}

std::vector<DropoutSite*> RecurrentSites::all() {
    std::vector<DropoutSite*> out;
    for (DropoutSite* s : {input(), recurrent(), zoneout()})
        if (s) out.push_back(s);
    return out;
}

}  // namespace dl

#pragma once
// How a site's drop rate changes over training: a pure function of time t
// (epochs or steps) and the configured target rate. docs/schedules.md has the formulas.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dl {

class JsonReader;

/// One site's rate schedule. `target` below is the site's configured "rate".
///   constant:   r = target
///   ramp:       r = start + (target − start)·min(1, t/length)            (warm-up)
///   curriculum: r = target·(1 − exp(−γ·t))  (Morerio et al. 2017: keep θ(t) = (1−θ̄)e^{−γt} + θ̄, θ̄
///   = 1 − target) anneal:     r = floor + (target − floor)·exp(−decay·t) step:       r =
///   max(floor, target·factor^⌊t/every⌋) cosine:     r = target + (start − target)·(1 +
///   cos(π·min(1, t/length)))/2 adaptive:   starts at target; changed from validation feedback (see
///   RateAdaptation)
struct RateSchedule {
    std::string kind = "constant";
    std::string unit = "epoch";  ///< what t counts: "epoch" (completed epochs) or "step"
    double start = 0.0;
    double length = 20.0;
    double gamma = 0.1;
    double floor = 0.0;
    double decay = 0.05;
    double every = 10.0;
    double factor = 0.5;
    // adaptive controller
    int adaptEvery = 5;  ///< look at the losses every K epochs
    double up = 0.05;    ///< rate step when overfitting
    double down = 0.05;  ///< rate step when underfitting
    double minRate = 0.0;
    double maxRate = 0.8;
    double tolerance = 0.002;  ///< relative change below which a loss counts as stalled

    double rateAt(double target, double t) const;
    bool isTimeVarying() const { return kind != "constant" && kind != "adaptive"; }
    static RateSchedule fromJson(JsonReader& r);
    nlohmann::json toJson() const;
};

/// The kinds fromJson accepts.
const std::vector<std::string>& scheduleKinds();

}  // namespace dl

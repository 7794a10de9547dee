#include "core/dropout/rate_schedule.h"

#include <algorithm>
#include <cmath>

#include "base/json_reader.h"

namespace dl {

const std::vector<std::string>& scheduleKinds() {
    static const std::vector<std::string> kinds = {"constant", "ramp",   "curriculum", "anneal",
                                                   "step",     "cosine", "adaptive"};
    return kinds;
}

double RateSchedule::rateAt(double target, double t) const {
    t = std::max(0.0, t);
    double r = target;
    if (kind == "ramp") {
        r = start + (target - start) * std::min(1.0, t / length);
    } else if (kind == "curriculum") {
        r = target * (1.0 - std::exp(-gamma * t));
    } else if (kind == "anneal") {
        r = floor + (target - floor) * std::exp(-decay * t);
    } else if (kind == "step") {
        r = std::max(floor, target * std::pow(factor, std::floor(t / every)));
    } else if (kind == "cosine") {
        const double u = std::min(1.0, t / length);
        r = target + (start - target) * 0.5 * (1.0 + std::cos(3.141592653589793 * u));
    }
    return std::clamp(r, 0.0, 0.99);
}

namespace {

// The fields each kind reads besides "kind"; a field of another kind is an error, so a typo
// such as a "gamma" on a ramp is not silently ignored.
const std::vector<std::string>& fieldsOf(const std::string& kind) {
    static const std::vector<std::string> none,
        ramp = {"unit", "start", "length"}, curriculum = {"unit", "gamma"},
        anneal = {"unit", "floor", "decay"}, step = {"unit", "floor", "every", "factor"},
        adaptive = {"adapt_every", "up", "down", "min", "max", "tolerance"};
    if (kind == "ramp" || kind == "cosine") return ramp;
    if (kind == "curriculum") return curriculum;
    if (kind == "anneal") return anneal;
    if (kind == "step") return step;
    if (kind == "adaptive") return adaptive;
    return none;
}

void rejectFieldsOfOtherKinds(JsonReader& r, const std::string& kind) {
    const auto& own = fieldsOf(kind);
    for (const char* f : {"unit", "start", "length", "gamma", "floor", "decay", "every", "factor",
                          "adapt_every", "up", "down", "min", "max", "tolerance"})
        if (r.has(f) && std::find(own.begin(), own.end(), f) == own.end())
            r.fail(f, "does not apply to schedule kind \"" + kind + "\"");
}

void readTimeFields(JsonReader& r, RateSchedule& s) {
    s.unit = r.choice("unit", {"epoch", "step"}, "epoch");
    s.start = checkRange(r, "start", r.number("start", s.start), 0.0, 1.0, false);
    s.length = r.number("length", s.length);
    if (s.length <= 0) r.fail("length", "expected a duration > 0");
    s.gamma = r.number("gamma", s.gamma);
    if (s.gamma <= 0) r.fail("gamma", "expected a speed > 0");
    s.floor = checkRange(r, "floor", r.number("floor", s.floor), 0.0, 1.0, false);
    s.decay = r.number("decay", s.decay);
    if (s.decay < 0) r.fail("decay", "expected a value ≥ 0");
    s.every = r.number("every", s.every);
    if (s.every <= 0) r.fail("every", "expected a period > 0");
    s.factor = checkRange(r, "factor", r.number("factor", s.factor), 0.0, 1.0, true);
}

void readAdaptiveFields(JsonReader& r, RateSchedule& s) {
    s.adaptEvery = r.integer("adapt_every", s.adaptEvery);
    if (s.adaptEvery < 1) r.fail("adapt_every", "expected a whole number of epochs ≥ 1");
    s.up = checkRange(r, "up", r.number("up", s.up), 0.0, 1.0, false);
    s.down = checkRange(r, "down", r.number("down", s.down), 0.0, 1.0, false);
    s.minRate = checkRange(r, "min", r.number("min", s.minRate), 0.0, 1.0, false);
    s.maxRate = checkRange(r, "max", r.number("max", s.maxRate), 0.0, 1.0, false);
    if (s.minRate > s.maxRate) r.fail("min", "expected min ≤ max");
    s.tolerance = r.number("tolerance", s.tolerance);
    if (s.tolerance < 0) r.fail("tolerance", "expected a value ≥ 0");
}

}  // namespace

RateSchedule RateSchedule::fromJson(JsonReader& r) {
    RateSchedule s;
    s.kind = r.choice("kind", scheduleKinds(), "constant");
    rejectFieldsOfOtherKinds(r, s.kind);
    readTimeFields(r, s);
    readAdaptiveFields(r, s);
    r.rejectUnknown();
    return s;
}

nlohmann::json RateSchedule::toJson() const {
    nlohmann::json j = {{"kind", kind}};
    if (isTimeVarying()) j["unit"] = unit;
    if (kind == "ramp" || kind == "cosine") j.update({{"start", start}, {"length", length}});
    if (kind == "curriculum") j["gamma"] = gamma;
    if (kind == "anneal") j.update({{"floor", floor}, {"decay", decay}});
    if (kind == "step") j.update({{"floor", floor}, {"every", every}, {"factor", factor}});
    if (kind == "adaptive")
        j.update({{"adapt_every", adaptEvery},
                  {"up", up},
                  {"down", down},
                  {"min", minRate},
                  {"max", maxRate},
                  {"tolerance", tolerance}});
    return j;
}

}  // namespace dl

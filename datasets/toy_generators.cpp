#include "datasets/toy_generators.h"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "base/counter_rng.h"

namespace dl {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr double kPi = 3.141592653589793;
constexpr double kSpiralTurns = 1.25;  // full turns each spiral arm makes from r = 0 to r = 1
constexpr double kXorMargin = 0.1;     // clean XOR points keep this distance from the axes
constexpr double kInnerCircle = 0.5;   // radius of the inner circle (outer is 1)

using Point = std::array<double, 2>;

void requireArgument(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("toy generator: ") + what);
}

// The unit draws of one sample: u0, u1 uniform in [0, 1), e1, e2 standard normal. normal(i, k)
// and uniformDouble(i, k) read disjoint words of one Philox block, so all four are independent.
struct Draws {
    double u0, u1, e1, e2;
};

Draws drawsFor(const CounterRng& rng, int sample) {
    auto i = static_cast<std::uint32_t>(sample);
    return {rng.uniformDouble(i, 0), rng.uniformDouble(i, 1), rng.normal(i, 1), rng.normal(i, 2)};
}

Dataset emptyClassification(const char* name, int samples, int classes, int features) {
    Dataset d;
    d.name = name;
    d.x = Matrix::Zero(samples, features);
    d.y = Matrix::Zero(samples, 1);
    d.numClasses = classes;
    d.sampleShape = {features};
    for (int c = 0; c < classes; ++c) d.classNames.push_back("class " + std::to_string(c));
    return d;
}

// Builds a balanced 2-D classification set; point(draws, cls, k) places the k-th row of class cls.
template <class PointFn>
Dataset makeClassified2d(const char* name, int samples, int classes, std::uint64_t seed,
                         PointFn point) {
    requireArgument(samples >= 1, "samples must be at least 1");
    requireArgument(classes >= 2, "at least two classes are needed");
    CounterRng rng(seed, Purpose::Data, 0, 0);
    Dataset d = emptyClassification(name, samples, classes, 2);
    std::vector<int> counts = balancedClassCounts(samples, classes);
    int i = 0;
    for (int c = 0; c < classes; ++c) {
        for (int k = 0; k < counts[c]; ++k, ++i) {
            Point p = point(drawsFor(rng, i), c, k);
            d.x(i, 0) = static_cast<float>(p[0]);
            d.x(i, 1) = static_cast<float>(p[1]);
            d.y(i, 0) = static_cast<float>(c);
        }
    }
    return d;
}

// Maps u in [0, 1) onto [range.lo, gap.lo) ∪ (gap.hi, range.hi], uniformly by length.
double outsideGap(double u, Interval range, Interval gap) {
    double left = gap.lo - range.lo;
    double v = u * (left + (range.hi - gap.hi));
    return v < left ? range.lo + v : range.hi - (v - left);
}

// Rounds to float, nudging the value off the gap if rounding moved it onto the gap's edge.
float floatOutsideGap(double x, Interval gap) {
    auto f = static_cast<float>(x);
    const float away = std::numeric_limits<float>::infinity();
    if (f >= gap.lo && f <= gap.hi) f = std::nextafter(f, x < gap.lo ? -away : away);
    return f;
}

}  // namespace

std::vector<int> balancedClassCounts(int samples, int classes) {
    std::vector<int> counts(classes, samples / classes);
    for (int c = 0; c < samples % classes; ++c) ++counts[c];
    return counts;
}

Dataset makeSpiral(int samples, int arms, double noise, std::uint64_t seed) {
    return makeClassified2d("spiral", samples, arms, seed, [&](const Draws& r, int c, int) {
        double radius = r.u0;
        double angle = kTwoPi * (double(c) / arms + kSpiralTurns * radius) + noise * r.e1;
        return Point{radius * std::cos(angle), radius * std::sin(angle)};
    });
}

Dataset makeMoons(int samples, double noise, std::uint64_t seed) {
    return makeClassified2d("moons", samples, 2, seed, [&](const Draws& r, int c, int) {
        double t = kPi * r.u0;
        Point p =
            c == 0 ? Point{std::cos(t), std::sin(t)} : Point{1 - std::cos(t), 0.5 - std::sin(t)};
        return Point{p[0] - 0.5 + noise * r.e1, p[1] - 0.25 + noise * r.e2};
    });
}

Dataset makeCircles(int samples, double noise, std::uint64_t seed) {
    return makeClassified2d("circles", samples, 2, seed, [&](const Draws& r, int c, int) {
        double radius = c == 0 ? 1.0 : kInnerCircle;
        double t = kTwoPi * r.u0;
        return Point{radius * std::cos(t) + noise * r.e1, radius * std::sin(t) + noise * r.e2};
    });
}

Dataset makeXor(int samples, double noise, std::uint64_t seed) {
    return makeClassified2d("xor", samples, 2, seed, [&](const Draws& r, int c, int k) {
        // Class 1 alternates quadrants I and III, class 0 quadrants IV and II.
        double sx = k % 2 == 0 ? 1.0 : -1.0;
        double sy = c == 1 ? sx : -sx;
        double ax = kXorMargin + (1 - kXorMargin) * r.u0;
        double ay = kXorMargin + (1 - kXorMargin) * r.u1;
        return Point{sx * ax + noise * r.e1, sy * ay + noise * r.e2};
    });
}

Dataset makeBlobs(int samples, int classes, double noise, std::uint64_t seed) {
    return makeClassified2d("blobs", samples, classes, seed, [&](const Draws& r, int c, int) {
        double t = kTwoPi * c / classes;
        return Point{std::cos(t) + noise * r.e1, std::sin(t) + noise * r.e2};
    });
}

double sineGapFunction(double x) {
    return std::sin(x);
}

Dataset makeSineGap(int samples, Interval range, Interval gap, double noise, std::uint64_t seed) {
    requireArgument(samples >= 1, "samples must be at least 1");
    requireArgument(range.lo <= gap.lo && gap.lo < gap.hi && gap.hi <= range.hi &&
                        gap.length() < range.length(),
                    "the gap must lie inside the range and leave part of it");
    CounterRng rng(seed, Purpose::Data, 0, 0);
    Dataset d;
    d.name = "sine-gap";
    d.x.resize(samples, 1);
    d.y.resize(samples, 1);
    d.sampleShape = {1};
    for (int i = 0; i < samples; ++i) {
        Draws r = drawsFor(rng, i);
        float x = floatOutsideGap(outsideGap(r.u0, range, gap), gap);
        d.x(i, 0) = x;
        d.y(i, 0) = static_cast<float>(sineGapFunction(x) + noise * r.e1);
    }
    return d;
}

}  // namespace dl

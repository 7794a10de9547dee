#include "datasets/shape_images.h"

#include <algorithm>
#include <cmath>

#include "base/counter_rng.h"
#include "datasets/toy_generators.h"

namespace dl {
namespace {

constexpr int kClasses = 4;
constexpr double kCentreLo = 5.0, kCentreSpan = 5.0;  // centres in [5, 10) on both axes
constexpr double kSizeLo = 2.5, kSizeSpan = 2.5;      // half-size in [2.5, 5)
constexpr std::uint32_t kNoiseUnit0 = 8;              // noise of pixel k uses unit 8 + k

// The placement of one sample: centre, half-size, and (bars) orientation.
struct Placement {
    double cx, cy, r;
    bool vertical;
};

Placement placementFor(const CounterRng& rng, std::uint32_t i) {
    return {kCentreLo + kCentreSpan * rng.uniformDouble(i, 0),
            kCentreLo + kCentreSpan * rng.uniformDouble(i, 1),
            kSizeLo + kSizeSpan * rng.uniformDouble(i, 2), rng.uniformDouble(i, 3) < 0.5};
}

// True where the shape of class `cls` covers the pixel whose centre is (x, y).
bool covers(int cls, const Placement& p, double x, double y) {
    const double dx = x - p.cx, dy = y - p.cy;
    switch (cls) {
        case 0:
            return std::abs(std::max(std::abs(dx), std::abs(dy)) - p.r) < 0.5;
        case 1:
            return std::abs(std::hypot(dx, dy) - p.r) < 0.6;
        case 2:
            return (std::abs(dx) < 0.75 && std::abs(dy) <= p.r) ||
                   (std::abs(dy) < 0.75 && std::abs(dx) <= p.r);
        default: {
            const double along = p.vertical ? dy : dx, across = p.vertical ? dx : dy;
            return std::abs(across) < 1.25 && std::abs(along) <= p.r;
        }
    }
}

void drawSample(const CounterRng& rng, std::uint32_t i, int cls, double noise, float* px) {
    const Placement p = placementFor(rng, i);
    for (int y = 0; y < kShapeImageSize; ++y) {
        for (int x = 0; x < kShapeImageSize; ++x) {
            const int k = y * kShapeImageSize + x;
            double v = covers(cls, p, x + 0.5, y + 0.5) ? 1.0 : 0.0;
            if (noise > 0) v += noise * rng.normal(i, kNoiseUnit0 + k);
            px[k] = static_cast<float>(std::clamp(v, 0.0, 1.0));
        }
    }
}

}  // namespace

Dataset makeShapes(int samples, double noise, std::uint64_t seed) {
    Dataset d;
    d.name = "shapes";
    d.numClasses = kClasses;
    d.classNames = {"square", "circle", "cross", "bar"};
    d.sampleShape = {1, kShapeImageSize, kShapeImageSize};
    d.x.resize(samples, kShapeImageSize * kShapeImageSize);
    d.y.resize(samples, 1);
    CounterRng rng(seed, Purpose::Data, 0, 0);
    const std::vector<int> counts = balancedClassCounts(samples, kClasses);
    int i = 0;
    for (int c = 0; c < kClasses; ++c) {
        for (int k = 0; k < counts[c]; ++k, ++i) {
            drawSample(rng, std::uint32_t(i), c, noise, d.x.row(i).data());
            d.y(i, 0) = float(c);
        }
    }
    return d;
}

}  // namespace dl

#include "datasets/workload_generators.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "datasets/splitmix64.h"

namespace dl {
namespace {

constexpr double kPi = 3.141592653589793;
constexpr int kSide = 28, kBlock = 4, kBlocksPerRow = kSide / kBlock;
constexpr int kPixels = kSide * kSide, kBlocks = kBlocksPerRow * kBlocksPerRow;
constexpr int kPixelClasses = 10;

// The formulas hold for any row count; the grid needs two points for its spacing.
void requireSamples(int samples, const char* kind) {
    if (samples < 2)
        throw std::invalid_argument(std::string(kind) + ": samples must be at least 2");
}

Dataset classificationSet(const char* name, int samples, int classes, std::vector<int> shape) {
    Dataset d;
    d.name = name;
    d.numClasses = classes;
    d.sampleShape = std::move(shape);
    int values = 1;
    for (int s : d.sampleShape) values *= s;
    d.x.resize(samples, values);
    d.y.resize(samples, 1);
    for (int c = 0; c < classes; ++c) d.classNames.push_back("class " + std::to_string(c));
    return d;
}

}  // namespace

Dataset makeW1Spiral(int samples) {
    requireSamples(samples, "w1-spiral");
    Dataset d = classificationSet("w1-spiral", samples, 2, {2});
    for (int i = 0; i < samples; ++i) {
        const int c = i % 2;
        const double t = double(i / 2) / 500.0;
        const double theta = 2.0 * kPi * t + kPi * c + 0.2 * splitmix::gauss(1, std::uint64_t(i));
        d.x(i, 0) = float(t * std::cos(theta));
        d.x(i, 1) = float(t * std::sin(theta));
        d.y(i, 0) = float(c);
    }
    return d;
}

Dataset makeW2Pixels(int samples) {
    requireSamples(samples, "w2-pixels");
    Dataset d = classificationSet("w2-pixels", samples, kPixelClasses, {1, kSide, kSide});
    double tmpl[kPixelClasses][kBlocks];
    for (int c = 0; c < kPixelClasses; ++c)
        for (int b = 0; b < kBlocks; ++b)
            tmpl[c][b] = splitmix::u01(5, std::uint64_t(kBlocks * c + b)) < 0.5 ? 1.0 : 0.0;
    for (int i = 0; i < samples; ++i) {
        const int y = int(std::floor(10.0 * splitmix::u01(3, std::uint64_t(i))));
        d.y(i, 0) = float(y);
        for (int k = 0; k < kPixels; ++k) {
            const int b = kBlocksPerRow * (k / kSide / kBlock) + (k % kSide) / kBlock;
            const double noise = splitmix::u01(2, std::uint64_t(kPixels) * i + k);
            d.x(i, k) = float(0.5 * noise + 0.5 * tmpl[y][b]);
        }
    }
    return d;
}

Dataset makeW5Grid(int samples) {
    requireSamples(samples, "w5-grid");
    Dataset d;
    d.name = "w5-grid";
    d.sampleShape = {1};
    d.x.resize(samples, 1);
    for (int j = 0; j < samples; ++j) d.x(j, 0) = float(-3.0 + 6.0 * j / double(samples - 1));
    d.y = d.x;
    return d;
}

}  // namespace dl

#include "datasets/sequence_generators.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "base/counter_rng.h"
#include "datasets/splitmix64.h"
#include "datasets/toy_generators.h"

namespace dl {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr int kW4Length = 50;
constexpr std::uint32_t kNoiseUnit0 = 16;  // noise of step t uses unit kNoiseUnit0 + t

void requireArgument(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("sequence generator: ") + what);
}

Dataset emptySequences(const char* name, int samples, int length) {
    Dataset d;
    d.name = name;
    d.x.resize(samples, length);
    d.y.resize(samples, 1);
    d.sampleShape = {length, 1};
    return d;
}

double lerp(double lo, double hi, double u) {
    return lo + (hi - lo) * u;
}

}  // namespace

Dataset makeSineForecast(int samples, int length, double noise, std::uint64_t seed) {
    requireArgument(samples >= 1 && length >= 1, "samples and length must be at least 1");
    const CounterRng rng(seed, Purpose::Data, 0, 0);
    Dataset d = emptySequences("sine-forecast", samples, length);
    for (int i = 0; i < samples; ++i) {
        const auto s = std::uint32_t(i);
        double a[2], f[2], phi[2];
        for (int k = 0; k < 2; ++k) {
            a[k] = lerp(0.3, 0.6, rng.uniformDouble(s, 3 * k));
            f[k] = lerp(0.02, 0.12, rng.uniformDouble(s, 3 * k + 1));
            phi[k] = kTwoPi * rng.uniformDouble(s, 3 * k + 2);
        }
        auto value = [&](int t) {
            const double clean = a[0] * std::sin(kTwoPi * f[0] * t + phi[0]) +
                                 a[1] * std::sin(kTwoPi * f[1] * t + phi[1]);
            return float(clean + noise * rng.normal(s, kNoiseUnit0 + std::uint32_t(t)));
        };
        for (int t = 0; t < length; ++t) d.x(i, t) = value(t);
        d.y(i, 0) = value(length);
    }
    return d;
}

double sequenceClassFrequency(int c, int classes) {
    return 0.05 + 0.15 * double(c) / double(classes - 1);
}

Dataset makeSequenceClass(int samples, int classes, int length, double noise, std::uint64_t seed) {
    requireArgument(samples >= 1 && length >= 1, "samples and length must be at least 1");
    requireArgument(classes >= 2, "at least two classes are needed");
    const CounterRng rng(seed, Purpose::Data, 0, 0);
    Dataset d = emptySequences("sequence-class", samples, length);
    d.numClasses = classes;
    for (int c = 0; c < classes; ++c) {
        char name[32];
        std::snprintf(name, sizeof name, "f=%.3f", sequenceClassFrequency(c, classes));
        d.classNames.emplace_back(name);
    }
    const std::vector<int> counts = balancedClassCounts(samples, classes);
    for (int c = 0, i = 0; c < classes; ++c)
        for (int k = 0; k < counts[c]; ++k, ++i) {
            const auto s = std::uint32_t(i);
            const double f = sequenceClassFrequency(c, classes);
            const double amp = lerp(0.5, 1.5, rng.uniformDouble(s, 0));
            const double phi = kTwoPi * rng.uniformDouble(s, 1);
            for (int t = 0; t < length; ++t)
                d.x(i, t) = float(amp * std::sin(kTwoPi * f * t + phi) +
                                  noise * rng.normal(s, kNoiseUnit0 + std::uint32_t(t)));
            d.y(i, 0) = float(c);
        }
    return d;
}

Dataset makeW4Sines(int samples) {
    requireArgument(samples >= 1, "samples must be at least 1");
    Dataset d = emptySequences("w4-sines", samples, kW4Length);
    for (int i = 0; i < samples; ++i) {
        const double f = 0.02 + 0.08 * splitmix::u01(4, 2 * std::uint64_t(i));
        const double phi = kTwoPi * splitmix::u01(4, 2 * std::uint64_t(i) + 1);
        for (int t = 0; t < kW4Length; ++t) d.x(i, t) = float(std::sin(kTwoPi * f * t + phi));
        d.y(i, 0) = float(std::sin(kTwoPi * f * kW4Length + phi));
    }
    return d;
}

}  // namespace dl

// Sequence data sets: w4-sines reproduces D4's checksums (docs/benchmarks.md) exactly;
// sine-forecast and sequence-class have their shapes, formulas, balance and determinism; the spec
// reads, rejects and round-trips `length`.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "datasets/sequence_generators.h"
#include "datasets/splitmix64.h"
#include "tests/support/text_assertions.h"

using namespace dl;

namespace {

constexpr double kTwoPi = 6.283185307179586;

DatasetSpec spec(const char* text) {
    return DatasetSpec::fromJson(nlohmann::json::parse(text), "dataset");
}

double sumOf(const Matrix& m) {
    double s = 0.0;
    for (long i = 0; i < m.size(); ++i) s += m.data()[i];
    return s;
}

bool sameBits(const Matrix& a, const Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

std::string specError(const char* text) {
    try {
        spec(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

using dl::test::contains;

// `value` printed with a printf format, as the peers print their checksums.
std::string printed(const char* format, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

TEST(SequenceDatasets, W4SinesMatchTheWorkloadChecksums) {
    // DATA W4 n=4096 sum_x=37.831772 sum_y=-52.890969 x_first=0.436733902
    //        x_last=0.577260256 y_first=-0.957949638 y_last=0.870236814
    const Dataset d = makeDataset(spec(R"({"kind": "w4-sines"})"), 123);
    ASSERT_EQ(d.size(), 4096);
    EXPECT_EQ(d.sampleShape, std::vector<int>({50, 1}));
    ASSERT_EQ(d.x.cols(), 50);
    EXPECT_EQ(printed("%.6f", sumOf(d.x)), "37.831772");
    EXPECT_EQ(printed("%.6f", sumOf(d.y)), "-52.890969");
    EXPECT_EQ(printed("%.9g", d.x(0, 0)), "0.436733902");
    EXPECT_EQ(printed("%.9g", d.x(4095, 49)), "0.577260256");
    EXPECT_EQ(printed("%.9g", d.y(0, 0)), "-0.957949638");
    EXPECT_EQ(printed("%.9g", d.y(4095, 0)), "0.870236814");
    EXPECT_TRUE(sameBits(d.x, makeDataset(spec(R"({"kind": "w4-sines"})"), 7).x));  // no seed
}

TEST(SequenceDatasets, SplitmixMatchesTheReference) {
    // splitmix64(0) is the first output of the SplitMix64 reference generator seeded with 0.
    EXPECT_EQ(splitmix::next(0), 0xE220A8397B1DCDAFull);
    EXPECT_TRUE(splitmix::u01(4, 0) >= 0.0 && splitmix::u01(4, 0) < 1.0);
}

TEST(SequenceDatasets, SineForecastFollowsItsFormula) {
    const Dataset clean = makeSineForecast(50, 30, 0.0, 3);
    EXPECT_EQ(clean.sampleShape, std::vector<int>({30, 1}));
    ASSERT_EQ(clean.x.cols(), 30);
    ASSERT_EQ(clean.y.cols(), 1);
    EXPECT_EQ(clean.numClasses, 0);
    EXPECT_LE(clean.x.cwiseAbs().maxCoeff(), 1.2f);
    // The same seed with noise is the clean set plus noise·ε.
    const Dataset noisy = makeSineForecast(50, 30, 0.1, 3);
    ASSERT_TRUE(noisy.x.rows() == clean.x.rows() && noisy.x.cols() == clean.x.cols());
    const double resid = (noisy.x - clean.x).cwiseAbs().mean();
    EXPECT_TRUE(resid > 0.05 && resid < 0.12) << resid;  // E|0.1·ε| = 0.08
    EXPECT_TRUE(sameBits(noisy.x, makeSineForecast(50, 30, 0.1, 3).x));
    EXPECT_FALSE(sameBits(noisy.x, makeSineForecast(50, 30, 0.1, 4).x));
    // The target continues the sequence smoothly: |y − x[T−1]| is bounded by the slope.
    for (int i = 0; i < clean.size(); ++i)
        EXPECT_LE(std::abs(clean.y(i, 0) - clean.x(i, 29)), 2 * 0.6 * kTwoPi * 0.12 + 1e-5)
            << "sequence " << i;
}

TEST(SequenceDatasets, SequenceClassHasItsFrequencies) {
    const Dataset d = makeSequenceClass(300, 3, 40, 0.0, 5);
    EXPECT_EQ(d.numClasses, 3);
    EXPECT_EQ(d.sampleShape, std::vector<int>({40, 1}));
    ASSERT_EQ(d.x.cols(), 40);
    EXPECT_EQ(d.classNames, std::vector<std::string>({"f=0.050", "f=0.125", "f=0.200"}));
    std::vector<int> counts(3, 0);
    for (int i = 0; i < d.size(); ++i) {
        SCOPED_TRACE("sequence " + std::to_string(i));
        const int c = int(d.y(i, 0));
        ASSERT_TRUE(c >= 0 && c < 3) << "class " << c;
        ++counts[c];
        // A pure sine of frequency f satisfies x[t+1] + x[t−1] = 2 cos(2πf) x[t].
        const double k = 2.0 * std::cos(kTwoPi * sequenceClassFrequency(c, 3));
        for (int t = 1; t + 1 < 40; ++t)
            EXPECT_LT(std::abs(d.x(i, t + 1) + d.x(i, t - 1) - k * d.x(i, t)), 1e-5) << "t = " << t;
    }
    EXPECT_EQ(counts, std::vector<int>({100, 100, 100}));
}

TEST(SequenceDatasets, SpecReadsLengthAndRejectsIt) {
    DatasetSpec s = spec(R"({"kind": "sine-forecast", "length": 20, "noise": 0.2})");
    EXPECT_EQ(s.length, 20);
    EXPECT_TRUE(DatasetSpec::fromJson(s.toJson(), "dataset") == s) << s.toJson().dump();
    EXPECT_EQ(makeDataset(s, 1).sampleShape, std::vector<int>({20, 1}));
    DatasetSpec c = spec(R"({"kind": "sequence-class", "classes": 4, "length": 16})");
    EXPECT_EQ(makeDataset(c, 1).numClasses, 4);
    EXPECT_TRUE(DatasetSpec::fromJson(c.toJson(), "dataset") == c) << c.toJson().dump();
    EXPECT_DOUBLE_EQ(spec(R"({"kind": "sine-forecast"})").noiseLevel(), 0.1);
    const std::string spiral = specError(R"({"kind": "spiral", "length": 20})");
    EXPECT_TRUE(contains(spiral, "dataset.length: does not apply to kind \"spiral\"")) << spiral;
    const std::string w4 = specError(R"({"kind": "w4-sines", "noise": 0.1})");
    EXPECT_TRUE(contains(w4, "dataset.noise")) << w4;
    const std::string one = specError(R"({"kind": "sine-forecast", "length": 1})");
    EXPECT_TRUE(contains(one, "dataset.length")) << one;
}

}  // namespace

// Spatial dropout on C×H×W feature maps: channel masks (constant over H×W, independent across
// samples and channels, drop fraction ≈ rate, expectation ≈ 1) and DropBlock (dropped
// fraction ≈ rate for several block sizes, contiguous squares, per-sample renormalisation);
// backward uses the mask; element dropout still works on maps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "core/dropout/dropout_layer.h"
#include "core/dropout/spatial_masks.h"
#include "tests/support/matrix_assertions.h"

using namespace dl;

namespace {

constexpr int kRows = 300, kC = 16, kH = 12, kW = 12, kP = kH * kW;

DropoutLayer mapSite(Variant v, double rate, int block = 3, Scaling s = Scaling::Inverted,
                     std::vector<int> shape = {kC, kH, kW}) {
    DropoutSpec spec;
    spec.id = "maps";
    spec.variant = v;
    spec.rate = rate;
    spec.scaling = s;
    spec.blockSize = block;
    return DropoutLayer(spec, 2, std::move(shape));
}

Matrix trainMask(DropoutLayer& d, std::uint64_t step = 1, long rows = kRows) {
    Matrix x = Matrix::Ones(rows, shapeSize(d.outputShape())), out;
    d.forward(x, out, PassContext{Mode::Train, 21, step, 0, true});
    return d.lastMask();
}

// Expected dropped fraction of DropBlock: position p is kept only if none of the k(p) seeds
// whose block covers it fires, so E = mean_p [1 − (1 − γ)^k(p)].
double expectedBlockDrop(double rate, int b, int h, int w) {
    const double gamma = dropBlockGamma(rate, b, h, w);
    double sum = 0.0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int ky = std::min(y, h - b) - std::max(0, y - b + 1) + 1;
            const int kx = std::min(x, w - b) - std::max(0, x - b + 1) + 1;
            sum += 1.0 - std::pow(1.0 - gamma, ky * kx);
        }
    return sum / (h * w);
}

// True if the zero at (y, x) of a map lies in some all-zero b×b square inside the map.
bool inZeroSquare(const float* map, int h, int w, int b, int y, int x) {
    for (int top = std::max(0, y - b + 1); top <= std::min(y, h - b); ++top)
        for (int left = std::max(0, x - b + 1); left <= std::min(x, w - b); ++left) {
            bool all = true;
            for (int i = 0; i < b && all; ++i)
                for (int j = 0; j < b && all; ++j) all = map[(top + i) * w + left + j] == 0.0f;
            if (all) return true;
        }
    return false;
}

// "0.1" → "0_1": a rate as part of a test name.
std::string rateName(double rate) {
    std::string s = std::to_string(rate);
    s.erase(s.find_last_not_of('0') + 1);
    std::replace(s.begin(), s.end(), '.', '_');
    return s;
}

}  // namespace

TEST(ChannelDropout, MaskConstantOverPositions) {
    auto d = mapSite(Variant::Channel, 0.3);
    Matrix m = trainMask(d);
    ASSERT_EQ(m.cols(), long(kC * kP));
    for (long r = 0; r < m.rows(); ++r)
        for (int c = 0; c < kC; ++c) {
            SCOPED_TRACE("row " + std::to_string(r) + " channel " + std::to_string(c));
            auto map = m.row(r).segment(c * kP, kP);
            ASSERT_TRUE((map.array() == map(0)).all());
            ASSERT_TRUE(map(0) == 0.0f || map(0) == 1.0f / 0.7f) << map(0);
        }
}

namespace {
class ChannelDropFraction : public ::testing::TestWithParam<double> {};
}  // namespace

TEST_P(ChannelDropFraction, AndExpectation) {
    const double rate = GetParam();
    auto d = mapSite(Variant::Channel, rate);
    Matrix m = trainMask(d);
    const double n = double(kRows) * kC;  // independent draws: one per (sample, channel)
    const double dropped = double((m.array() == 0.0f).count()) / m.size();
    EXPECT_LT(std::abs(dropped - rate), 5 * std::sqrt(rate * (1 - rate) / n))
        << "dropped " << dropped;
    const double sigmaMean = std::sqrt(rate / (1 - rate) / n);
    EXPECT_LT(std::abs(m.mean() - 1.0), 5 * sigmaMean);
}

INSTANTIATE_TEST_SUITE_P(ChannelDropout, ChannelDropFraction, ::testing::Values(0.1, 0.2, 0.5, 0.8),
                         [](const ::testing::TestParamInfo<double>& info) {
                             return "rate" + rateName(info.param);
                         });

TEST(ChannelDropout, DrawsIndependent) {
    // P(both dropped) for neighbouring channels of a sample, and for the same channel of
    // neighbouring samples, is rate² within 5σ; and masks are not copies of each other.
    const double rate = 0.5;
    auto d = mapSite(Variant::Channel, rate);
    Matrix m = trainMask(d);
    auto dropped = [&](long r, int c) { return m(r, c * kP) == 0.0f; };
    long bothChannels = 0, bothSamples = 0, pairsC = 0, pairsS = 0;
    for (long r = 0; r < kRows; ++r)
        for (int c = 0; c < kC; ++c) {
            if (c + 1 < kC) pairsC++, bothChannels += dropped(r, c) && dropped(r, c + 1);
            if (r + 1 < kRows) pairsS++, bothSamples += dropped(r, c) && dropped(r + 1, c);
        }
    const double p2 = rate * rate;
    EXPECT_LT(std::abs(double(bothChannels) / pairsC - p2), 5 * std::sqrt(p2 * (1 - p2) / pairsC));
    EXPECT_LT(std::abs(double(bothSamples) / pairsS - p2), 5 * std::sqrt(p2 * (1 - p2) / pairsS));
    EXPECT_TRUE(m.row(0) != m.row(1));
    EXPECT_TRUE(m != trainMask(d, 2));  // a new step draws a new mask
}

TEST(ChannelDropout, BackwardAndEval) {
    auto d = mapSite(Variant::Channel, 0.4);
    Matrix x = Matrix::Random(20, kC * kP), out, dIn;
    d.forward(x, out, PassContext{Mode::Train, 21, 4, 0, true});
    EXPECT_TRUE(test::sameMatrix(out, Matrix((x.array() * d.lastMask().array()).matrix())));
    Matrix g = Matrix::Random(20, kC * kP);
    d.backward(x, out, g, &dIn);
    EXPECT_TRUE(test::sameMatrix(dIn, Matrix((g.array() * d.lastMask().array()).matrix())));
    d.forward(x, out, PassContext{Mode::Eval, 21, 4, 0, false});
    EXPECT_TRUE(test::sameMatrix(out, x));  // inverted: identity at test time
    auto classic = mapSite(Variant::Channel, 0.4, 3, Scaling::Classic);
    Matrix cm = trainMask(classic, 4, 20);
    EXPECT_TRUE(((cm.array() == 0.0f) || (cm.array() == 1.0f)).all());
    classic.forward(x, out, PassContext{Mode::Eval, 21, 4, 0, false});
    EXPECT_TRUE(out.isApprox(x * 0.6f));
}

TEST(ChannelDropout, CompactMaskMatchesFullDraw) {
    // Training keeps one multiplier per (sample, channel); what it applies and what
    // lastMask() expands to must be the full mask drawMask() gives for the same pass.
    auto d = mapSite(Variant::Channel, 0.5);
    const PassContext train{Mode::Train, 21, 6, 0, true};
    Matrix x = Matrix::Random(30, kC * kP), out, dIn, full, mc, mcOut;
    d.forward(x, out, train);
    ASSERT_NE(d.site().compactMask(), nullptr);
    EXPECT_EQ(d.site().compactMask()->cols(), long(kC));
    d.drawMask(full, 30, train);
    EXPECT_TRUE((full.array() == 0.0f).any());
    EXPECT_TRUE(test::sameMatrix(out, Matrix((x.array() * full.array()).matrix())));
    // A Monte-Carlo pass in between draws its own masks and leaves training's alone.
    const PassContext mcPass{Mode::MonteCarlo, 21, 3, 0, false};
    d.forward(x, mcOut, mcPass);
    d.drawMask(mc, 30, mcPass);
    EXPECT_TRUE(test::sameMatrix(mcOut, Matrix((x.array() * mc.array()).matrix())));
    EXPECT_TRUE(mc != full);
    Matrix g = Matrix::Random(30, kC * kP);
    d.backward(x, out, g, &dIn);  // nobody has looked at the full mask yet
    EXPECT_TRUE(test::sameMatrix(dIn, Matrix((g.array() * full.array()).matrix())));
    EXPECT_TRUE(test::sameMatrix(d.lastMask(), full));
}

TEST(ElementDropout, WorksOnMaps) {
    auto d = mapSite(Variant::Element, 0.3);
    Matrix m = trainMask(d);
    const double dropped = double((m.array() == 0.0f).count()) / m.size();
    EXPECT_LT(std::abs(dropped - 0.3), 5 * std::sqrt(0.21 / m.size()));
    long constantMaps = 0;  // with 144 independent draws a whole map is never constant
    for (long r = 0; r < 20; ++r)
        for (int c = 0; c < kC; ++c)
            constantMaps += (m.row(r).segment(c * kP, kP).array() == m(r, c * kP)).all();
    EXPECT_EQ(constantMaps, 0L);
}

namespace {
class BlockDropFraction : public ::testing::TestWithParam<std::tuple<int, double>> {};
}  // namespace

TEST_P(BlockDropFraction, MatchesTheSamplingRule) {
    // Tolerances: the measured fraction must match the exact expectation of the sampling
    // rule (expectedBlockDrop) within 0.01, and Ghiasi's γ, which ignores overlapping
    // blocks, must put it within 25 % of the rate (it is always somewhat below the rate).
    const auto [block, rate] = GetParam();
    auto d = mapSite(Variant::Block, rate, block);
    Matrix m = trainMask(d, 5, 1000);
    const double dropped = double((m.array() == 0.0f).count()) / m.size();
    const double expected = expectedBlockDrop(rate, block, kH, kW);
    EXPECT_LT(std::abs(dropped - expected), 0.01)
        << "dropped " << dropped << ", expected " << expected;
    EXPECT_LE(std::abs(dropped - rate), 0.25 * rate)
        << "dropped " << dropped << " for rate " << rate;
}

INSTANTIATE_TEST_SUITE_P(DropBlock, BlockDropFraction,
                         ::testing::Combine(::testing::Values(1, 3, 5, 7),
                                            ::testing::Values(0.1, 0.3)),
                         [](const ::testing::TestParamInfo<std::tuple<int, double>>& info) {
                             return "b" + std::to_string(std::get<0>(info.param)) + "_r" +
                                    rateName(std::get<1>(info.param));
                         });

TEST(DropBlock, BlocksAreContiguousSquares) {
    for (int b : {2, 3, 5}) {
        SCOPED_TRACE("block " + std::to_string(b));
        auto d = mapSite(Variant::Block, 0.3, b);
        Matrix m = trainMask(d, 6, 50);
        long zeros = 0;
        for (long r = 0; r < m.rows(); ++r)
            for (int c = 0; c < kC; ++c) {
                const float* map = m.row(r).data() + c * kP;
                for (int y = 0; y < kH; ++y)
                    for (int x = 0; x < kW; ++x) {
                        if (map[y * kW + x] != 0.0f) continue;
                        ++zeros;
                        ASSERT_TRUE(inZeroSquare(map, kH, kW, b, y, x))
                            << "stray zero at row " << r << " channel " << c << " (" << y << ", "
                            << x << ")";
                    }
            }
        EXPECT_GT(zeros, 0);
    }
}

TEST(DropBlock, RenormalisesPerSample) {
    auto d = mapSite(Variant::Block, 0.3, 3);
    Matrix m = trainMask(d, 7, 100);
    for (long r = 0; r < m.rows(); ++r) {
        SCOPED_TRACE("row " + std::to_string(r));
        const long kept = (m.row(r).array() != 0.0f).count();
        ASSERT_GT(kept, 0);
        const float scale = float(m.cols()) / float(kept);  // count / count_kept
        ASSERT_TRUE(((m.row(r).array() == 0.0f) || (m.row(r).array() == scale)).all());
        ASSERT_LT(std::abs(m.row(r).mean() - 1.0f), 1e-5f);
    }
}

TEST(DropBlock, BackwardUsesMask) {
    auto d = mapSite(Variant::Block, 0.25, 3);
    Matrix x = Matrix::Random(10, kC * kP), out, dIn;
    d.forward(x, out, PassContext{Mode::Train, 21, 8, 0, true});
    Matrix g = Matrix::Random(10, kC * kP);
    d.backward(x, out, g, &dIn);
    EXPECT_TRUE(test::sameMatrix(dIn, Matrix((g.array() * d.lastMask().array()).matrix())));
    EXPECT_TRUE((d.lastMask().array() == 0.0f).any());
}

TEST(DropBlock, BlockSizeClippedToMap) {
    // A block larger than the 4×4 map becomes 4×4: γ = rate and a seed drops the whole map.
    EXPECT_EQ(clippedBlockSize(10, MapDims{2, 4, 4}), 4);
    EXPECT_DOUBLE_EQ(dropBlockGamma(0.3, 4, 4, 4), 0.3);
    auto d = mapSite(Variant::Block, 0.3, 10, Scaling::Inverted, {kC, 4, 4});
    Matrix m = trainMask(d, 9, 200);
    for (long r = 0; r < m.rows(); ++r)
        for (int c = 0; c < kC; ++c) {
            auto map = m.row(r).segment(c * 16, 16);
            ASSERT_TRUE((map.array() == map(0)).all()) << "row " << r << " channel " << c;
        }
    const double dropped = double((m.array() == 0.0f).count()) / m.size();
    EXPECT_LT(std::abs(dropped - 0.3), 5 * std::sqrt(0.21 / (200.0 * kC)));
}

TEST(DropBlock, GammaFollowsThePaper) {
    // γ = rate/b² · HW/((H−b+1)(W−b+1)): 0.1/9 · 144/100 for b = 3 on 12×12.
    EXPECT_LT(std::abs(dropBlockGamma(0.1, 3, 12, 12) - 0.1 / 9 * 144 / 100), 1e-12);
    EXPECT_DOUBLE_EQ(dropBlockGamma(0.2, 1, 5, 7), 0.2);  // b = 1 is element dropout's rate
}

TEST(ChannelDropout, MonteCarloMasksAreSpatialToo) {
    auto d = mapSite(Variant::Channel, 0.5);
    Matrix mc;
    d.drawMask(mc, 10, PassContext{Mode::MonteCarlo, 21, 1, 0, false});
    for (long r = 0; r < 10; ++r)
        for (int c = 0; c < kC; ++c)
            ASSERT_TRUE((mc.row(r).segment(c * kP, kP).array() == mc(r, c * kP)).all())
                << "row " << r << " channel " << c;
}

// Mask statistics and sharing rules of dense dropout sites: drop fraction,
// expectation preservation for both scalings, Gaussian moments, backward uses
// the forward mask, masks change per step and repeat per key.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "base/input_error.h"
#include "core/dropout/dropout_layer.h"
#include "tests/support/matrix_assertions.h"

using namespace dl;

namespace {

constexpr long kRows = 200, kCols = 500;

DropoutLayer site(double rate, Scaling s = Scaling::Inverted, Variant v = Variant::Element) {
    return DropoutLayer(DropoutSpec{"s", v, rate, s}, 4, {int(kCols)});
}

Matrix trainMask(DropoutLayer& d, std::uint64_t step, std::uint64_t seed = 9) {
    Matrix x = Matrix::Ones(kRows, kCols), out;
    d.forward(x, out, PassContext{Mode::Train, seed, step, 0, true});
    return d.lastMask();
}

// Matrix::Random draws from std::rand: every test starts from the same state, so a case
// fails (or passes) the same way when it runs alone.
class DropoutMasks : public ::testing::Test {
  protected:
    void SetUp() override { std::srand(1); }
};

class DropFraction : public ::testing::TestWithParam<double> {};

}  // namespace

TEST_P(DropFraction, WithinFiveSigma) {
    const double rate = GetParam();
    auto d = site(rate);
    Matrix m = trainMask(d, 1);
    ASSERT_EQ(m.size(), kRows * kCols);
    const double n = double(m.size());
    const double dropped = double((m.array() == 0.0f).count()) / n;
    const double sigma = std::sqrt(rate * (1 - rate) / n);
    EXPECT_LT(std::abs(dropped - rate), 5 * sigma) << "dropped " << dropped;
}

INSTANTIATE_TEST_SUITE_P(DropoutMasks, DropFraction, ::testing::Values(0.1, 0.3, 0.5, 0.8),
                         [](const auto& info) {
                             return "rate" + std::to_string(std::lround(info.param * 100)) + "pct";
                         });

TEST_F(DropoutMasks, InvertedKeepsExpectation) {
    auto d = site(0.4);
    Matrix m = trainMask(d, 2);
    // Kept units carry exactly 1/(1-rate); the mean multiplier is 1 within 5σ.
    EXPECT_TRUE(((m.array() == 0.0f) || (m.array() == 1.0f / 0.6f)).all());
    const double sigma = std::sqrt(0.4 / 0.6 / double(m.size()));
    EXPECT_LT(std::abs(m.mean() - 1.0), 5 * sigma);
    Matrix x = Matrix::Random(kRows, kCols), out;
    d.forward(x, out, PassContext{Mode::Eval, 9, 2, 0, false});
    EXPECT_TRUE(test::sameMatrix(out, x));  // identity at test time
}

TEST_F(DropoutMasks, ClassicScalesAtTest) {
    auto d = site(0.25, Scaling::Classic);
    Matrix m = trainMask(d, 3);
    EXPECT_TRUE(((m.array() == 0.0f) || (m.array() == 1.0f)).all());  // no scaling in training
    // E[train output] = 0.75·x, and the test rule gives exactly 0.75·x.
    Matrix x = Matrix::Constant(kRows, kCols, 2.0f), out;
    d.forward(x, out, PassContext{Mode::Eval, 9, 3, 0, false});
    EXPECT_TRUE(test::sameMatrix(out, Matrix::Constant(kRows, kCols, 1.5f)));
    const double sigma = 2.0 * std::sqrt(0.25 * 0.75 / double(m.size()));
    EXPECT_LT(std::abs((m.array() * 2.0f).mean() - 1.5), 5 * sigma);
}

TEST_F(DropoutMasks, ClassicAndInvertedDrawTheSameUnits) {
    auto inv = site(0.3, Scaling::Inverted);
    auto cls = site(0.3, Scaling::Classic);
    Matrix a = trainMask(inv, 5), b = trainMask(cls, 5);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_TRUE(((a.array() == 0.0f) == (b.array() == 0.0f)).all());
    EXPECT_TRUE(a.isApprox(b / 0.7f));
}

TEST_F(DropoutMasks, GaussianMoments) {
    const double rate = 0.3;
    auto d = site(rate, Scaling::Inverted, Variant::Gaussian);
    Matrix m = trainMask(d, 6);
    const double n = double(m.size());
    const double mean = m.mean();
    const double var = (m.array() - mean).square().sum() / (n - 1);
    const double expectedVar = rate / (1 - rate);
    EXPECT_LT(std::abs(mean - 1.0), 5 * std::sqrt(expectedVar / n));
    EXPECT_LT(std::abs(var - expectedVar), 0.02);
    Matrix x = Matrix::Random(10, kCols), out;
    d.forward(x, out, PassContext{Mode::Eval, 9, 6, 0, false});
    EXPECT_TRUE(test::sameMatrix(out, x));
}

TEST_F(DropoutMasks, BackwardUsesForwardMask) {
    auto d = site(0.5);
    Matrix x = Matrix::Random(kRows, kCols), out, dIn;
    d.forward(x, out, PassContext{Mode::Train, 9, 7, 0, true});
    Matrix dOut = Matrix::Random(kRows, kCols);
    d.backward(x, out, dOut, &dIn);
    ASSERT_EQ(d.lastMask().size(), kRows * kCols);
    EXPECT_TRUE(test::sameMatrix(dIn, Matrix((dOut.array() * d.lastMask().array()).matrix())));
    EXPECT_TRUE(test::sameMatrix(out, Matrix((x.array() * d.lastMask().array()).matrix())));
}

TEST_F(DropoutMasks, MasksChangePerStepAndRepeatPerKey) {
    auto d = site(0.5);
    Matrix a = trainMask(d, 10), b = trainMask(d, 11), a2 = trainMask(d, 10);
    ASSERT_EQ(a.size(), kRows * kCols);
    EXPECT_FALSE(test::sameMatrix(a, b));
    EXPECT_TRUE(test::sameMatrix(a, a2));
    Matrix otherSeed = trainMask(d, 10, 1234);
    EXPECT_FALSE(test::sameMatrix(a, otherSeed));
    // Rows are independent: no two rows share a mask.
    EXPECT_TRUE(a.row(0) != a.row(1));
}

TEST_F(DropoutMasks, MonteCarloUsesItsOwnStream) {
    auto d = site(0.5);
    Matrix train = trainMask(d, 12);
    Matrix mc;
    d.drawMask(mc, kRows, PassContext{Mode::MonteCarlo, 9, 12, 0, false});
    ASSERT_EQ(mc.rows(), kRows);
    ASSERT_EQ(mc.cols(), kCols);
    EXPECT_FALSE(test::sameMatrix(mc, train));
    EXPECT_TRUE(((mc.array() == 0.0f) || (mc.array() == 2.0f)).all());
}

TEST_F(DropoutMasks, RateZeroIsIdentity) {
    auto d = site(0.0);
    Matrix x = Matrix::Random(kRows, kCols), out;
    d.forward(x, out, PassContext{Mode::Train, 9, 1, 0, true});
    EXPECT_TRUE(test::sameMatrix(out, x));
    d.forward(x, out, PassContext{Mode::MonteCarlo, 9, 1, 0, false});
    EXPECT_TRUE(test::sameMatrix(out, x));
}

TEST_F(DropoutMasks, RateOutsideRangeIsRejected) {
    EXPECT_THROW(site(1.0), InputError);
    EXPECT_THROW(site(-0.1), InputError);
    auto d = site(0.2);
    EXPECT_THROW(d.setRate(1.0), InputError);
    EXPECT_EQ(d.rate(), 0.2);
    try {
        d.setRate(1.5);
        ADD_FAILURE() << "setRate(1.5) did not throw";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("[0, 1)"), std::string::npos) << e.what();
    }
}

// MC dropout inference and calibration: rate 0 is deterministic, the MC mean of a linear net
// converges to weight scaling, entropy / mutual information / variation ratio match hand
// computations, mask sharing does what it says, results do not depend on the thread count,
// and ECE separates a calibrated from a miscalibrated predictor.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/inference/calibration.h"
#include "core/inference/mc_inference.h"
#include "core/inference/model_precision.h"
#include "core/model/model_builder.h"
#include "core/training/loss.h"
#include "tests/support/test_helpers.h"

using namespace dl;

namespace {

// An MLP on `inputs` features with two hidden layers, each followed by element dropout.
Network mlp(int inputs, int outputs, double rate, const std::string& activation,
            const std::string& variant = "element") {
    auto j = test::minimalConfigJson();
    j["network"]["layers"] = nlohmann::json::array();
    for (int i = 0; i < 2; ++i)
        j["network"]["layers"].push_back(
            {{"type", "dense"},
             {"units", 24},
             {"activation", activation},
             {"dropout", {{"variant", variant}, {"rate", rate}, {"scaling", "inverted"}}}});
    return buildNetwork(ExperimentConfig::fromJson(j), {inputs}, outputs);
}

Matrix deterministic(Network& net, const Matrix& x) {
    std::vector<Matrix> scratch;
    return net.infer(x, PassContext{Mode::Eval, 1, 0, 0, false}, scratch);
}

McOptions options(int samples, MaskSharing sharing = MaskSharing::Function) {
    McOptions o;
    o.samples = samples;
    o.sharing = sharing;
    o.seed = 11;
    return o;
}

double entropy2(double p) {
    return -(p * std::log(p) + (1 - p) * std::log(1 - p));
}

}  // namespace

TEST(McInference, RateZeroIsDeterministic) {
    Network reg = mlp(3, 2, 0.0, "tanh");
    const Matrix x = Matrix::Random(20, 3);
    const McResult r = mcPredict(reg, x, options(16), false);
    EXPECT_EQ(r.std.cwiseAbs().maxCoeff(), 0.0f);
    EXPECT_LT((r.mean - deterministic(reg, x)).cwiseAbs().maxCoeff(), 1e-5f);

    Network cls = mlp(3, 3, 0.0, "relu");
    const McResult c = mcPredict(cls, x, options(16), true);
    EXPECT_LT((c.mean - softmax(deterministic(cls, x))).cwiseAbs().maxCoeff(), 1e-5f);
    EXPECT_LT(c.mutualInfo.cwiseAbs().maxCoeff(), 1e-5f);  // every pass is the same network
    EXPECT_EQ(c.variationRatio.cwiseAbs().maxCoeff(), 0.0f);
}

TEST(McInference, LinearNetMcMeanConvergesToWeightScaling) {
    // With no nonlinearity E[output] over inverted-dropout masks is exactly the weight-scaled
    // output, so the MC mean must come within a few standard errors (σ/√T) of it.
    Network net = mlp(2, 2, 0.5, "linear");
    const Matrix x = Matrix::Random(6, 2) * 2.0f;
    const int T = 20000;
    const McResult r = mcPredict(net, x, options(T), false);
    const Matrix det = deterministic(net, x);
    EXPECT_GT(r.std.minCoeff(), 1e-3f);  // the passes really differ
    for (Eigen::Index i = 0; i < det.rows(); ++i)
        for (Eigen::Index k = 0; k < det.cols(); ++k) {
            const double se = r.std(i, k) / std::sqrt(double(T));
            EXPECT_LT(std::abs(r.mean(i, k) - det(i, k)), 5 * se + 1e-5)
                << "row " << i << " output " << k << ": MC " << r.mean(i, k) << ", weight scaling "
                << det(i, k) << ", se " << se;
        }
    // With a nonlinearity the two differ by more than sampling error somewhere (the test
    // above could not pass by accident of a too-loose tolerance).
    Network reluNet = mlp(2, 2, 0.5, "relu");
    const McResult t = mcPredict(reluNet, x, options(T), false);
    const Matrix dt = deterministic(reluNet, x);
    double worst = 0;
    for (Eigen::Index i = 0; i < dt.rows(); ++i)
        for (Eigen::Index k = 0; k < dt.cols(); ++k)
            worst = std::max(
                worst, std::abs(t.mean(i, k) - dt(i, k)) / (t.std(i, k) / std::sqrt(double(T))));
    EXPECT_GT(worst, 5);
}

TEST(McSummary, EntropyMutualInfoAndVariationRatioByHand) {
    // Input 0: two passes that disagree completely; input 1: two identical passes.
    Matrix p1(2, 2), p2(2, 2);
    p1 << 0.9f, 0.1f, 0.7f, 0.3f;
    p2 << 0.1f, 0.9f, 0.7f, 0.3f;
    const McResult r = summarisePasses({p1, p2}, true, 0.0, 0);
    EXPECT_LT(std::abs(r.entropy(0) - std::log(2.0)), 1e-5);
    EXPECT_LT(std::abs(r.mutualInfo(0) - (std::log(2.0) - entropy2(0.9))), 1e-5);
    EXPECT_LT(std::abs(r.variationRatio(0) - 0.5), 1e-6);
    EXPECT_LT(std::abs(r.winnerStd(0) - std::sqrt(0.32)), 1e-5);  // (0.9, 0.1), T−1 divisor
    EXPECT_LT(std::abs(r.entropy(1) - entropy2(0.7)), 1e-5);
    EXPECT_LT(std::abs(r.mutualInfo(1)), 1e-6);
    EXPECT_EQ(r.variationRatio(1), 0.0f);
    // Three classes, three passes voting 0, 0, 2: variation ratio 1 − 2/3.
    Matrix a(1, 3), b(1, 3), c(1, 3);
    a << 0.6f, 0.3f, 0.1f;
    b << 0.5f, 0.2f, 0.3f;
    c << 0.2f, 0.2f, 0.6f;
    const McResult v = summarisePasses({a, b, c}, true, 0.0, 0);
    EXPECT_LT(std::abs(v.variationRatio(0) - 1.0 / 3.0), 1e-6);
    const double h = -(13.0 / 30 * std::log(13.0 / 30) + 7.0 / 30 * std::log(7.0 / 30) +
                       1.0 / 3 * std::log(1.0 / 3));
    EXPECT_LT(std::abs(v.entropy(0) - h), 1e-5);
}

TEST(McSummary, RegressionVarianceAddsInverseTau) {
    Matrix p1(1, 1), p2(1, 1);
    p1 << 1.0f;
    p2 << 3.0f;
    const McResult r = summarisePasses({p1, p2}, false, 0.5, 1);
    EXPECT_LT(std::abs(r.mean(0, 0) - 2.0f), 1e-6);
    EXPECT_LT(std::abs(r.std(0, 0) - std::sqrt(2.0 + 0.5)), 1e-5);  // var 2 (T−1) + 1/τ
    EXPECT_EQ(int(r.passes.size()), 1);
    InferenceSpec spec;
    spec.lengthScale = 1.0;
    spec.lambda = 1e-4;
    Network net = mlp(1, 1, 0.5, "tanh");
    // τ = (1 − 0.5)·1² / (2·100·1e-4) = 25.
    EXPECT_LT(std::abs(inverseModelPrecision(spec, net, 100) - 1.0 / 25), 1e-9);
    spec.lengthScale = 0;
    EXPECT_EQ(inverseModelPrecision(spec, net, 100), 0.0);
}

TEST(McInference, FunctionSharingUsesOneMaskPerPass) {
    // Identical input rows: under function sharing every row of a pass sees the same
    // network (equal outputs); per-input gives each row its own mask.
    Network net = mlp(2, 1, 0.5, "relu");
    const Matrix x = Matrix::Ones(16, 2) * 0.7f;
    const auto fn = mcPasses(net, x, options(5, MaskSharing::Function), false);
    const auto per = mcPasses(net, x, options(5, MaskSharing::PerInput), false);
    ASSERT_EQ(fn.size(), 5u);
    ASSERT_EQ(per.size(), 5u);
    int perRowsDiffer = 0;
    for (int t = 0; t < 5; ++t) {
        for (Eigen::Index i = 1; i < x.rows(); ++i) {
            EXPECT_FLOAT_EQ(fn[t](i, 0), fn[t](0, 0)) << "pass " << t << " row " << i;
            perRowsDiffer += per[t](i, 0) != per[t](0, 0);
        }
    }
    EXPECT_GT(perRowsDiffer, 5 * 10);
    EXPECT_NE(fn[0](0, 0), fn[1](0, 0));  // different passes, different masks
}

TEST(McInference, ResultsAreBitIdenticalAcrossThreadCounts) {
    Network net = mlp(2, 3, 0.3, "relu");
    const Matrix x = Matrix::Random(3000, 2);
    std::vector<McResult> results;
    for (int threads : {1, 2, 4}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        for (MaskSharing s : {MaskSharing::Function, MaskSharing::PerInput})
            results.push_back(mcPredict(net, x, options(40, s), true));
    }
    for (size_t i = 2; i < results.size(); ++i) {
        SCOPED_TRACE("result " + std::to_string(i) + " against result " + std::to_string(i % 2));
        const McResult &a = results[i % 2], &b = results[i];
        EXPECT_TRUE(a.mean == b.mean);
        EXPECT_TRUE(a.std == b.std);
        EXPECT_TRUE(a.entropy == b.entropy);
        EXPECT_TRUE(a.mutualInfo == b.mutualInfo);
    }
}

TEST(Calibration, EceIsZeroWhenCalibratedAndLargeWhenNot) {
    // Five confidence levels, each with exactly that fraction of correct labels.
    const double levels[] = {0.55, 0.65, 0.75, 0.85, 0.95};
    const int per = 1000;
    Matrix probs(5 * per, 2), y(5 * per, 1);
    for (int l = 0; l < 5; ++l)
        for (int i = 0; i < per; ++i) {
            const int row = l * per + i;
            probs(row, 0) = float(levels[l]);
            probs(row, 1) = float(1 - levels[l]);
            y(row, 0) = i < std::lround(levels[l] * per) ? 0.0f : 1.0f;
        }
    const auto good = calibrateClassification(probs, y);
    EXPECT_LT(good.ece, 1e-6);
    EXPECT_LT(std::abs(good.accuracy - 0.75), 1e-9);
    long counted = 0;
    for (const auto& b : good.bins) counted += b.count;
    EXPECT_EQ(counted, long(5 * per));
    // Overconfident: 95% sure, right 60% of the time.
    for (int row = 0; row < 5 * per; ++row) {
        probs(row, 0) = 0.95f;
        probs(row, 1) = 0.05f;
        y(row, 0) = row % 5 < 3 ? 0.0f : 1.0f;
    }
    const auto bad = calibrateClassification(probs, y);
    EXPECT_LT(std::abs(bad.ece - 0.35), 1e-4);
    EXPECT_GT(bad.nll, good.nll);
}

TEST(Calibration, RegressionCoverageCountsTargetsWithinTwoSigma) {
    Matrix mean = Matrix::Zero(4, 1), std = Matrix::Ones(4, 1), y(4, 1);
    y << 0.5f, -1.9f, 2.5f, -3.0f;
    const auto c = calibrateRegression(mean, std, y);
    EXPECT_LT(std::abs(c.coverage2 - 0.5), 1e-9);
}

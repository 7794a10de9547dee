// Concrete dropout (Gal, Hron & Kendall 2017): the logit's gradient against central
// differences with the relaxed-Bernoulli noise held fixed, the regulariser's value and
// gradients with their documented defaults, the learned rate reported every epoch, and the
// paper's headline trend: with 10× more training data the learned rate is lower. The layer's
// own gradients (its logit's data term and its input gradient) go through the shared checker
// of tests/support/gradient_check.h.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "core/dropout/concrete_dropout_layer.h"
#include "core/layers/dense_layer.h"
#include "core/model/network.h"
#include "core/training/loss.h"
#include "tests/support/gradient_check.h"
#include "tests/support/test_helpers.h"

using namespace dl;
using nlohmann::json;

namespace {

DropoutSpec concreteSpec(double rate, double weightRegularizer = -1) {
    DropoutSpec s;
    s.weightRegularizer = weightRegularizer;
    s.id = "c1";
    s.variant = Variant::Concrete;
    s.rate = rate;
    return s;
}

// 3 → 6 (tanh) → concrete → 2: the concrete layer is layer 1, the output's W is layer 2's.
Network concreteNet(double rate, double weightRegularizer = -1) {
    Network net({3});
    auto d1 = std::make_unique<DenseLayer>(3, 6, Activation::Tanh);
    d1->initialize(InitScheme::Xavier, 5, 0);
    net.add(std::move(d1));
    net.add(std::make_unique<ConcreteDropoutLayer>(concreteSpec(rate, weightRegularizer), 0,
                                                   std::vector<int>{6}));
    auto out = std::make_unique<DenseLayer>(6, 2, Activation::Linear);
    out->initialize(InitScheme::Xavier, 5, 2);
    net.add(std::move(out));
    return net;
}

ConcreteDropoutLayer& concreteOf(Network& net) {
    return dynamic_cast<ConcreteDropoutLayer&>(net.layer(1));
}

Param& logitOf(Network& net) {
    return *concreteOf(net).params().front();
}
Param& nextWeightOf(Network& net) {
    return *net.layer(2).params().front();
}

// Data loss plus the concrete regulariser, with the masks of key (seed 11, step 3): the same
// uniform noise u at every call, so the loss is a smooth function of the logit.
double objective(Network& net, const Matrix& x, const Matrix& y, int n) {
    PassContext ctx{Mode::Train, 11, 3, 0, false};
    const double data = computeLoss(LossKind::Mse, net.forward(x, ctx), y, nullptr).meanLoss();
    return data + concreteOf(net).regularizerValue(nextWeightOf(net), n);
}

// Analytic gradient of `objective` with respect to one value, against central differences.
std::pair<double, double> gradients(Network& net, const Matrix& x, const Matrix& y, int n, Param& p,
                                    Eigen::Index i, double h) {
    PassContext ctx{Mode::Train, 11, 3, 0, false};
    Matrix g;
    computeLoss(LossKind::Mse, net.forward(x, ctx), y, &g);
    net.backward(g);
    net.applyRegularizers(n);
    const double analytic = p.grad.data()[i];
    const float keep = p.value.data()[i];
    p.value.data()[i] = keep + float(h);
    const double up = objective(net, x, y, n);
    p.value.data()[i] = keep - float(h);
    const double down = objective(net, x, y, n);
    p.value.data()[i] = keep;
    return {analytic, (up - down) / (2 * h)};
}

// The learned rate of the last concrete site after `steps` steps on `samples` sine-gap points.
double learnedRate(int samples, int steps) {
    json j = {{"seed", 3},
              {"dataset", {{"kind", "sine-gap"}, {"samples", samples}, {"noise", 0.3}}},
              {"network",
               {{"layers",
                 {{{"units", 32}, {"dropout", {{"variant", "concrete"}, {"rate", 0.2}}}},
                  {{"units", 32}, {"dropout", {{"variant", "concrete"}, {"rate", 0.2}}}}}}}},
              {"optimizer", {{"lr", 0.01}}},
              {"training", {{"batch_size", 32}}}};
    auto trainer = makeTrainer(ExperimentConfig::fromJson(j));
    for (int s = 0; s < steps; ++s) trainer->step();
    return trainer->network().site("layer2")->rate();
}

}  // namespace

TEST(ConcreteDropout, LogitGradientMatchesDifferences) {
    const Dataset d = test::randomDataset(12, 3, 0, 4);
    for (double rate : {0.1, 0.3, 0.6}) {
        SCOPED_TRACE("rate " + std::to_string(rate));
        Network net = concreteNet(rate);
        const auto [analytic, numeric] = gradients(net, d.x, d.y, 50, logitOf(net), 0, 1e-3);
        const double err = std::abs(analytic - numeric) / std::max(1e-3, std::abs(numeric));
        EXPECT_LT(err, 1e-2) << "analytic " << analytic << ", numeric " << numeric;
        EXPECT_GT(std::abs(numeric), 1e-4);  // the check is not vacuous
    }
}

TEST(ConcreteDropout, LayerGradientsMatchDifferences) {
    // The layer alone, without its regulariser: the logit's data term and dL/din, with the
    // relaxed-Bernoulli noise of the fixed key (seed 11, step 3). Smooth in both, so a step of
    // 1e-3 keeps every relative error near 1e-4 and the tolerance can be tight.
    for (double rate : {0.1, 0.3, 0.6}) {
        SCOPED_TRACE("rate " + std::to_string(rate));
        ConcreteDropoutLayer layer(concreteSpec(rate), 0, {6});
        const Dataset d = test::randomDataset(12, 6, 0, 6);
        const auto report = test::checkLayerGradients(
            layer, d.x, PassContext{Mode::Train, 11, 3, 0, false}, {1e-3, 1e-3});
        EXPECT_TRUE(test::gradientsMatch(report, 2e-3));
    }
}

TEST(ConcreteDropout, NextWeightGradientIncludesTheRegulariser) {
    const Dataset d = test::randomDataset(12, 3, 0, 5);
    Network net = concreteNet(0.3, 0.05);
    // A large explicit weight regulariser, so its share of the gradient is visible.
    for (Eigen::Index i : {0, 5, 11}) {
        const auto [analytic, numeric] = gradients(net, d.x, d.y, 1, nextWeightOf(net), i, 1e-3);
        EXPECT_LT(std::abs(analytic - numeric), 2e-3 + 1e-2 * std::abs(numeric))
            << "W[" << i << "]: analytic " << analytic << ", numeric " << numeric;
    }
}

TEST(ConcreteDropout, RegulariserDefaults) {
    // wr = l²/N with l = 1e-4, dr = 2/N, temperature 0.1.
    const DropoutSpec s = concreteSpec(0.25);
    EXPECT_EQ(s.temperature, 0.1);
    EXPECT_EQ(s.lengthScale, 1e-4);
    Network net = concreteNet(0.25);
    const int n = 40;
    const double p = concreteOf(net).learnedRate(), k = 6;
    const double w2 = nextWeightOf(net).value.cast<double>().squaredNorm();
    const double expected =
        1e-8 / n * w2 / (1 - p) + 2.0 / n * k * (p * std::log(p) + (1 - p) * std::log(1 - p));
    EXPECT_LT(std::abs(p - 0.25), 1e-6);
    EXPECT_LT(std::abs(concreteOf(net).regularizerValue(nextWeightOf(net), n) - expected), 1e-9);
}

TEST(ConcreteDropout, BadConcreteFieldsAreErrors) {
    for (const json& bad : {json{{"weight_regularizer", -1}}, json{{"temperature", 0}},
                            json{{"rate", 0}}, json{{"schedule", {{"kind", "ramp"}}}}}) {
        SCOPED_TRACE(bad.dump());
        json j = test::minimalConfigJson();
        j["network"]["layers"][0]["dropout"] = {{"variant", "concrete"}, {"rate", 0.3}};
        j["network"]["layers"][0]["dropout"].update(bad);
        EXPECT_THROW(ExperimentConfig::fromJson(j), InputError);
    }
}

TEST(ConcreteDropout, HistoryReportsTheLearnedRate) {
    json j = test::minimalConfigJson();
    j["network"]["layers"][0]["dropout"] = {{"variant", "concrete"}, {"rate", 0.3}};
    j["training"]["epochs"] = 3;
    auto trainer = makeTrainer(ExperimentConfig::fromJson(j));
    auto& layer = dynamic_cast<ConcreteDropoutLayer&>(trainer->network().layer(1));
    for (int e = 0; e < 3; ++e) {
        SCOPED_TRACE("epoch " + std::to_string(e));
        trainer->run(1);
        ASSERT_EQ(trainer->history().size(), std::size_t(e + 1));
        EXPECT_EQ(trainer->history().back().rates.at("layer1"), layer.learnedRate());
    }
    EXPECT_NE(trainer->history().back().rates.at("layer1"), 0.3);  // it learned something
}

TEST(ConcreteDropout, SettingTheRateRestartsLearningThere) {
    json j = test::minimalConfigJson();
    j["network"]["layers"][0]["dropout"] = {{"variant", "concrete"}, {"rate", 0.3}};
    auto trainer = makeTrainer(ExperimentConfig::fromJson(j));
    trainer->run(1);
    ASSERT_TRUE(trainer->setSiteRate("layer1", 0.6));
    auto& layer = dynamic_cast<ConcreteDropoutLayer&>(trainer->network().layer(1));
    EXPECT_LT(std::abs(layer.learnedRate() - 0.6), 1e-6);
    trainer->step();
    EXPECT_LT(std::abs(layer.learnedRate() - 0.6), 0.05);  // one step moves it a little
}

TEST(ConcreteDropout, MoreDataLearnsALowerRate) {
    const auto start = std::chrono::steady_clock::now();
    const double small = learnedRate(100, 2500), large = learnedRate(1000, 2500);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("learned rate of layer2: %.4f with 100 samples, %.4f with 1000 (%.1f s)\n", small,
                large, secs);
    EXPECT_LT(large, small);
}

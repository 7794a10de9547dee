// Gradient checks by central differences (tests/support/gradient_check.h): every activation,
// both losses, and a whole network whose dropout masks are frozen by a fixed (seed, step) key;
// each check covers every parameter gradient and the gradient of the network's input.
#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>

#include "core/dropout/dropout_layer.h"
#include "core/layers/dense_layer.h"
#include "core/model/network.h"
#include "core/training/loss.h"
#include "tests/support/gradient_check.h"
#include "tests/support/test_helpers.h"

using namespace dl;

namespace {

// Every pass uses the masks of key (seed 11, step 3).
const PassContext kEval{Mode::Eval, 11, 3, 0, false};
const PassContext kTrain{Mode::Train, 11, 3, 0, false};
const test::GradientCheckOptions kOptions{2e-3};

Network smallNet(Activation act, bool dropout, int outputs) {
    Network net({3});
    auto d1 = std::make_unique<DenseLayer>(3, 5, act);
    d1->initialize(InitScheme::Xavier, 5, 0);
    net.add(std::move(d1));
    if (dropout)
        net.add(std::make_unique<DropoutLayer>(
            DropoutSpec{"h1", Variant::Element, 0.4, Scaling::Inverted}, 0, std::vector<int>{5}));
    auto d2 = std::make_unique<DenseLayer>(5, 4, act);
    d2->initialize(InitScheme::Xavier, 5, 1);
    net.add(std::move(d2));
    if (dropout)
        net.add(std::make_unique<DropoutLayer>(
            DropoutSpec{"h2", Variant::Gaussian, 0.3, Scaling::Inverted}, 1, std::vector<int>{4}));
    auto out = std::make_unique<DenseLayer>(4, outputs, Activation::Linear);
    out->initialize(InitScheme::Xavier, 5, 2);
    net.add(std::move(out));
    return net;
}

struct ActivationCase {
    const char* name;
    Activation act;
    friend std::ostream& operator<<(std::ostream& os, const ActivationCase& c) {
        return os << c.name;
    }
};

class ActivationGradients : public ::testing::TestWithParam<ActivationCase> {};

}  // namespace

TEST_P(ActivationGradients, WithCrossEntropy) {
    Network net = smallNet(GetParam().act, false, 3);
    Dataset d = test::randomDataset(6, 3, 3, 1);
    const auto report =
        test::checkNetworkGradients(net, d.x, d.y, LossKind::CrossEntropy, kEval, kOptions);
    EXPECT_TRUE(test::gradientsMatch(report, 2e-2));
}

INSTANTIATE_TEST_SUITE_P(Gradients, ActivationGradients,
                         ::testing::Values(ActivationCase{"relu", Activation::ReLU},
                                           ActivationCase{"tanh", Activation::Tanh},
                                           ActivationCase{"sigmoid", Activation::Sigmoid},
                                           ActivationCase{"linear", Activation::Linear}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Gradients, MseLoss) {
    Network net = smallNet(Activation::Tanh, false, 2);
    Dataset d = test::randomDataset(6, 3, 0, 2);
    const auto report = test::checkNetworkGradients(net, d.x, d.y, LossKind::Mse, kEval, kOptions);
    EXPECT_TRUE(test::gradientsMatch(report, 2e-2));
}

TEST(Gradients, WholeNetWithFrozenMasks) {
    // Train mode: masks drawn from the fixed key are the same at every evaluation.
    Network net = smallNet(Activation::Tanh, true, 3);
    Dataset d = test::randomDataset(8, 3, 3, 3);
    const auto report =
        test::checkNetworkGradients(net, d.x, d.y, LossKind::CrossEntropy, kTrain, kOptions);
    EXPECT_TRUE(test::gradientsMatch(report, 2e-2));
}

TEST(Gradients, LossGradientMatchesDifferences) {
    Matrix out(2, 3);
    out << 0.2f, -1.0f, 0.5f, 1.5f, 0.1f, -0.3f;
    Matrix y(2, 1);
    y << 2, 0;
    Matrix g;
    computeLoss(LossKind::CrossEntropy, out, y, &g);
    // The loss's input is the network output; |g| ≤ 1/N = 0.5, so a relative error below
    // 1e-3 is also an absolute error below 1e-3.
    auto loss = [&] { return computeLoss(LossKind::CrossEntropy, out, y, nullptr).meanLoss(); };
    const auto report = test::compareWithDifferences(loss, {{"input", &out, g}});
    EXPECT_TRUE(test::gradientsMatch(report, 1e-3));
}

TEST(Gradients, CrossEntropyValue) {
    Matrix out = Matrix::Zero(1, 4);
    Matrix y(1, 1);
    y << 1;
    // Uniform logits: loss = ln 4.
    EXPECT_LE(
        std::abs(computeLoss(LossKind::CrossEntropy, out, y, nullptr).meanLoss() - std::log(4.0)),
        1e-6);
}

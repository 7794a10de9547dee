// LSTM and GRU layers: output shapes (many-to-one, many-to-many, stacked), a hand-checked
// two-step sequence, agreement with a plain reference implementation (with masks and zoneout),
// gradient checks through time by central differences on every parameter and the input (also
// with frozen masks, untied masks and zoneout), PyTorch's default init, and bit-identical
// training at 1, 2 and 4 threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "core/config/experiment_setup.h"
#include "core/layers/gru_layer.h"
#include "core/layers/lstm_layer.h"
#include "core/model/model_builder.h"
#include "tests/support/gradient_check.h"
#include "tests/support/matrix_assertions.h"
#include "tests/support/recurrent_reference.h"

using namespace dl;

namespace {

const PassContext kTrain{Mode::Train, 17, 5, 0, true};

// The same smooth pattern every call.
Matrix pattern(long rows, long cols, float phase = 0.0f) {
    Matrix m(rows, cols);
    for (long i = 0; i < m.size(); ++i) m.data()[i] = 0.8f * std::sin(0.37f * float(i) + phase);
    return m;
}

DropoutSpec site(const char* id, Variant v, double rate) {
    DropoutSpec s;
    s.id = id;
    s.variant = v;
    s.rate = rate;
    return s;
}

// Options with every kind of site: variational input and recurrent masks, zoneout.
RecurrentOptions allSites(bool untied, bool sequences) {
    RecurrentOptions o;
    o.returnSequences = sequences;
    o.inputDropout = site("in", Variant::Variational, 0.3);
    o.recurrentDropout = site("rec", Variant::Naive, 0.25);
    o.zoneout = site("zone", Variant::Zoneout, 0.2);
    o.inputUntied = o.recurrentUntied = untied;
    return o;
}

template <class L>
L makeLayer(RecurrentShape s, const RecurrentOptions& o = {},
            InitScheme init = InitScheme::Uniform) {
    L layer(s, o, 0);
    layer.initialize(init, 3, 0);
    return layer;
}

// Central differences (step 4e-3) of L = Σ out ⊙ R, R a fixed pattern, on every parameter
// and input value against backward's gradients. The relative error is |numeric − analytic| /
// max(1e-2, |numeric| + |analytic|); below 9.9e-3 it implies the bound this suite has always
// held, |numeric − analytic| < 2e-2·(1e-2 + |analytic|).
::testing::AssertionResult gradientsMatchDifferences(RecurrentLayer& l, const Matrix& x) {
    Matrix out;
    l.forward(x, out, kTrain);
    const Matrix r = pattern(out.rows(), out.cols(), 1.3f);
    test::GradientCheckOptions options;
    options.step = 4e-3;
    options.floor = 1e-2;
    const test::GradientReport report = test::checkLayerGradients(l, x, kTrain, options, &r);
    std::printf("worst relative error %.2e\n", report.worst());
    return test::gradientsMatch(report, 9.9e-3);
}

// The first state where the layer's output and the reference differ by 2e-5 or more.
template <class L>
::testing::AssertionResult matchesReference(L& layer, const Matrix& x, const PassContext& ctx,
                                            bool useMasks) {
    Matrix out;
    layer.forward(x, out, ctx);
    const test::ReferenceParams p(layer);
    const int t = layer.shape().timesteps, h = layer.shape().units;
    auto& s = layer.recurrentSites();
    for (long r = 0; r < x.rows(); ++r) {
        // The layer's masks for row r, as the reference takes them.
        test::ReferenceMasks m;
        if (useMasks) {
            if (s.input()) m.zx = s.input()->lastMask().row(r).data(), m.xGroups = s.inputGroups();
            if (s.recurrent())
                m.zh = s.recurrent()->lastMask().row(r).data(), m.hGroups = s.recurrentGroups();
            if (s.zoneout()) m.u = s.zoneout()->lastMask().row(r).data();
        }
        const auto states = layer.kind() == "lstm" ? test::referenceLstm(p, x.row(r).data(), t, m)
                                                   : test::referenceGru(p, x.row(r).data(), t, m);
        for (int k = 0; k < t; ++k) {
            if (!layer.returnSequences() && k < t - 1) continue;
            const long col0 = layer.returnSequences() ? long(k) * h : 0;
            for (int j = 0; j < h; ++j)
                if (!(std::abs(out(r, col0 + j) - states[k][j]) < 2e-5))
                    return ::testing::AssertionFailure()
                           << "row " << r << " t " << k << " unit " << j << ": layer "
                           << out(r, col0 + j) << ", reference " << states[k][j];
        }
    }
    return ::testing::AssertionSuccess();
}

// Sets every parameter of a 1-feature, 1-unit layer to the listed per-gate values.
void setTinyParams(RecurrentLayer& l, std::vector<float> wih, std::vector<float> whh,
                   std::vector<float> bih, std::vector<float> bhh) {
    for (int g = 0; g < l.gates(); ++g) {
        l.weightIh().value(g, 0) = wih[g];
        l.weightHh().value(g, 0) = whh[g];
        l.biasIh().value(0, g) = bih[g];
        l.biasHh().value(0, g) = bhh[g];
    }
}

ExperimentConfig stackedConfig() {
    return ExperimentConfig::fromJson(nlohmann::json::parse(R"({
      "name": "stacked", "seed": 9,
      "dataset": {"kind": "sine-forecast", "samples": 400, "length": 12},
      "network": {"layers": [
        {"type": "lstm", "units": 24, "return_sequences": true,
         "input_dropout": {"rate": 0.2}, "recurrent_dropout": {"rate": 0.3},
         "dropout": {"variant": "variational", "rate": 0.2}},
        {"type": "gru", "units": 16, "recurrent_dropout": {"variant": "naive", "rate": 0.2,
         "untied": true}, "zoneout": {"rate": 0.1}},
        {"type": "dense", "units": 8, "activation": "tanh"}]},
      "optimizer": {"kind": "adam", "lr": 0.003},
      "training": {"epochs": 1, "batch_size": 72}
    })"));
}

std::vector<float> trainAndCollect(const ExperimentConfig& c, int threads, int steps) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    auto trainer = makeTrainer(c);
    for (int i = 0; i < steps; ++i) trainer->step();
    std::vector<float> all;
    for (Param* p : trainer->network().params())
        all.insert(all.end(), p->value.data(), p->value.data() + p->value.size());
    Matrix pred = trainer->predict(trainer->data().val.x);
    all.insert(all.end(), pred.data(), pred.data() + pred.size());
    return all;
}

RecurrentOptions sequencesOnly() {
    RecurrentOptions o;
    o.returnSequences = true;
    return o;
}

}  // namespace

TEST(RecurrentLayers, OutputShapes) {
    auto last = makeLayer<LstmLayer>({7, 3, 5});
    EXPECT_EQ(last.outputShape(), std::vector<int>({5}));
    Matrix out;
    last.forward(pattern(20, 21), out, kTrain);
    EXPECT_EQ(out.rows(), 20L);
    EXPECT_EQ(out.cols(), 5L);
    auto all = makeLayer<GruLayer>({7, 3, 5}, sequencesOnly());
    EXPECT_EQ(all.outputShape(), std::vector<int>({7, 5}));
    all.forward(pattern(20, 21), out, kTrain);
    EXPECT_EQ(out.cols(), 35L);
    EXPECT_EQ(last.params().size(), std::size_t(4));
    EXPECT_EQ(last.weightIh().value.rows(), 20L);  // 4 gates × 5 units
    EXPECT_EQ(all.weightHh().value.rows(), 15L);   // 3 gates × 5 units
}

TEST(RecurrentLayers, LastStateIsTheLastOfTheSequence) {
    auto all = makeLayer<LstmLayer>({6, 2, 4}, sequencesOnly());
    auto last = makeLayer<LstmLayer>({6, 2, 4});
    Matrix x = pattern(9, 12), a, b;
    all.forward(x, a, kTrain);
    last.forward(x, b, kTrain);
    EXPECT_TRUE(test::sameMatrix(a.rightCols(4), b));
}

TEST(RecurrentLayers, StackedNetworkShapes) {
    Network net = buildNetwork(stackedConfig(), {12, 1}, 1);
    EXPECT_EQ(net.layer(0).kind(), "lstm");
    EXPECT_EQ(net.layer(0).outputShape(), std::vector<int>({12, 24}));
    EXPECT_EQ(net.layer(1).kind(), "dropout");
    EXPECT_EQ(net.layer(2).kind(), "gru");
    EXPECT_EQ(net.layer(2).outputShape(), std::vector<int>({16}));
    EXPECT_EQ(net.outputShape(), std::vector<int>({1}));
    std::vector<std::string> ids;
    for (DropoutSite* s : net.sites()) ids.push_back(s->id());
    EXPECT_EQ(ids, std::vector<std::string>({"layer1-input", "layer1-recurrent", "layer1",
                                             "layer2-recurrent", "layer2-zoneout"}));
    EXPECT_EQ(net.site("layer2-recurrent")->maskShape(), std::vector<int>({12, 48}));  // untied
    EXPECT_EQ(net.site("layer1")->maskShape(), std::vector<int>({12, 24}));
}

TEST(RecurrentLayers, HandCheckedLstmSteps) {
    // x = (1, −0.5); per gate (i, f, g, o): W_ih, W_hh, b_ih, b_hh below. By hand:
    // t = 0: pre = (0.6, −0.1, 0.3, 0.3), c₀ = σ(0.6)·tanh(0.3) = 0.188088,
    // h₀ = σ(0.3)·tanh(c₀); t = 1: pre = W_ih·x₁ + b_ih + W_hh·h₀ + b_hh,
    // c₁ = σ(f)c₀ + σ(i)tanh(g), h₁ = σ(o)tanh(c₁).
    auto l = makeLayer<LstmLayer>({2, 1, 1}, sequencesOnly());
    setTinyParams(l, {0.5f, -0.4f, 0.3f, 0.2f}, {0.1f, 0.2f, -0.3f, 0.4f},
                  {0.1f, 0.0f, -0.1f, 0.2f}, {0.0f, 0.3f, 0.1f, -0.1f});
    Matrix x(1, 2), out;
    x << 1.0f, -0.5f;
    l.forward(x, out, PassContext{});
    EXPECT_LT(std::abs(out(0, 0) - 0.1067893076), 1e-6) << out(0, 0);
    EXPECT_LT(std::abs(out(0, 1) - 0.0174856683), 1e-6) << out(0, 1);
}

TEST(RecurrentLayers, HandCheckedGruSteps) {
    // Gates (r, z, n); t = 0: r = σ(0.6), z = σ(−0.1), n = tanh(0.2 + r·0.1), h₀ = (1 − z)·n.
    auto l = makeLayer<GruLayer>({2, 1, 1}, sequencesOnly());
    setTinyParams(l, {0.5f, -0.4f, 0.3f}, {0.1f, 0.2f, -0.3f}, {0.1f, 0.0f, -0.1f},
                  {0.0f, 0.3f, 0.1f});
    Matrix x(1, 2), out;
    x << 1.0f, -0.5f;
    l.forward(x, out, PassContext{});
    EXPECT_LT(std::abs(out(0, 0) - 0.1357391118), 1e-6) << out(0, 0);
    EXPECT_LT(std::abs(out(0, 1) - 0.0041460716), 1e-6) << out(0, 1);
}

namespace {

// (kind, untied, return_sequences)
using ReferenceCase = std::tuple<std::string, bool, bool>;
class RecurrentReference : public ::testing::TestWithParam<ReferenceCase> {};

// (kind, sites: 0 none, 1 all sites tied, 2 all sites untied, return_sequences)
using GradientCase = std::tuple<std::string, int, bool>;
class RecurrentGradients : public ::testing::TestWithParam<GradientCase> {};

std::string sitesName(int sitesKind) {
    return sitesKind == 0 ? "_no_sites" : sitesKind == 1 ? "_tied_sites" : "_untied_sites";
}

}  // namespace

TEST_P(RecurrentReference, MatchesThePlainEquations) {
    const auto& [kind, untied, sequences] = GetParam();
    const RecurrentShape shape{6, 3, 5};
    const Matrix x = pattern(37, 18);  // three chunks, the last one short
    RecurrentOptions plainOptions;
    plainOptions.returnSequences = sequences;
    if (kind == "lstm") {
        auto l = makeLayer<LstmLayer>(shape, allSites(untied, sequences));
        EXPECT_TRUE(matchesReference(l, x, kTrain, true)) << "with masks and zoneout";
        auto plain = makeLayer<LstmLayer>(shape, plainOptions);
        EXPECT_TRUE(matchesReference(plain, x, PassContext{}, false)) << "without sites";
    } else {
        auto l = makeLayer<GruLayer>(shape, allSites(untied, sequences));
        EXPECT_TRUE(matchesReference(l, x, kTrain, true)) << "with masks and zoneout";
        auto plain = makeLayer<GruLayer>(shape, plainOptions);
        EXPECT_TRUE(matchesReference(plain, x, PassContext{}, false)) << "without sites";
    }
}

INSTANTIATE_TEST_SUITE_P(RecurrentLayers, RecurrentReference,
                         ::testing::Combine(::testing::Values("lstm", "gru"), ::testing::Bool(),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<ReferenceCase>& info) {
                             return std::get<0>(info.param) +
                                    (std::get<1>(info.param) ? "_untied" : "_tied") +
                                    (std::get<2>(info.param) ? "_sequences" : "_last");
                         });

TEST_P(RecurrentGradients, ThroughTime) {
    // Train-mode masks are a pure function of (seed, step), so every difference quotient
    // sees the same (frozen) masks as the analytic gradient.
    const auto& [kind, sitesKind, sequences] = GetParam();
    const RecurrentShape shape{5, 3, 4};
    RecurrentOptions o;
    o.returnSequences = sequences;
    if (sitesKind) o = allSites(sitesKind == 2, sequences);
    const Matrix x = pattern(19, 15, 0.4f);
    if (kind == "lstm") {
        auto l = makeLayer<LstmLayer>(shape, o, InitScheme::Xavier);
        EXPECT_TRUE(gradientsMatchDifferences(l, x));
    } else {
        auto l = makeLayer<GruLayer>(shape, o, InitScheme::Xavier);
        EXPECT_TRUE(gradientsMatchDifferences(l, x));
    }
}

INSTANTIATE_TEST_SUITE_P(RecurrentLayers, RecurrentGradients,
                         ::testing::Combine(::testing::Values("lstm", "gru"),
                                            ::testing::Values(0, 1, 2), ::testing::Bool()),
                         [](const ::testing::TestParamInfo<GradientCase>& info) {
                             return std::get<0>(info.param) + sitesName(std::get<1>(info.param)) +
                                    (std::get<2>(info.param) ? "_sequences" : "_last");
                         });

TEST(RecurrentLayers, PytorchDefaultInit) {
    auto l = makeLayer<LstmLayer>({3, 2, 64});
    const float bound = 1.0f / 8.0f;  // 1/√H
    for (Param* p : l.params()) {
        SCOPED_TRACE(p->name);
        EXPECT_LE(p->value.cwiseAbs().maxCoeff(), bound);
        EXPECT_GT(p->value.cwiseAbs().maxCoeff(), 0.9f * bound);
        EXPECT_LT(std::abs(p->value.mean()), 0.02f);
    }
    EXPECT_TRUE(l.weightIh().value != Matrix(l.weightHh().value.leftCols(2)));
    auto x = makeLayer<GruLayer>({3, 2, 64}, {}, InitScheme::Xavier);
    EXPECT_EQ(x.biasIh().value.cwiseAbs().maxCoeff(), 0.0f);
    EXPECT_LE(x.weightHh().value.cwiseAbs().maxCoeff(), std::sqrt(6.0f / 128.0f));
}

TEST(RecurrentLayers, EvalAndMonteCarloLeaveTrainingCachesAlone) {
    auto l = makeLayer<LstmLayer>({4, 2, 6}, allSites(false, true));
    Matrix x = pattern(20, 8), out, dA, dB, scratch;
    l.forward(x, out, kTrain);
    const Matrix mask = l.recurrentSites().input()->lastMask();
    const Matrix r = pattern(out.rows(), out.cols(), 2.0f);
    l.backward(x, out, r, &dA);
    const Matrix gradA = l.weightHh().grad;
    l.forward(pattern(50, 8, 1.0f), scratch, PassContext{Mode::Eval, 17, 5, 0, false});
    l.forward(pattern(33, 8, 2.0f), scratch, PassContext{Mode::MonteCarlo, 17, 9, 0, false});
    EXPECT_TRUE(test::sameMatrix(l.recurrentSites().input()->lastMask(), mask));
    l.backward(x, out, r, &dB);
    EXPECT_TRUE(test::sameMatrix(dB, dA));
    EXPECT_TRUE(test::sameMatrix(l.weightHh().grad, gradA));
}

TEST(RecurrentLayers, BitIdenticalAcrossThreads) {
    const ExperimentConfig c = stackedConfig();
    const auto one = trainAndCollect(c, 1, 12);
    EXPECT_TRUE(trainAndCollect(c, 2, 12) == one) << "2 threads";
    EXPECT_TRUE(trainAndCollect(c, 4, 12) == one) << "4 threads";
    EXPECT_TRUE(trainAndCollect(c, 1, 12) == one) << "1 thread again, same process";
}

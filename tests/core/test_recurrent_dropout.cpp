// Recurrent dropout sites: variational masks are the same at every timestep of a sequence and
// differ across sequences and steps; naive masks differ across timesteps; drop fractions match
// the rate within 5σ; zoneout holds units with probability = rate in training and follows the
// expectation at test; MC passes draw masks; a variational dropout layer after a
// return_sequences layer shares its mask over time; the config rejects misplaced variants.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/layers/gru_layer.h"
#include "core/layers/lstm_layer.h"
#include "core/model/model_builder.h"
#include "tests/support/matrix_assertions.h"
#include "tests/support/recurrent_reference.h"

using namespace dl;

namespace {

constexpr int kT = 20, kF = 3, kH = 32, kRows = 200;

// A site spec (DropoutSpec's other fields keep their defaults).
DropoutSpec spec(const char* id, Variant v, double rate, Scaling scaling = Scaling::Inverted) {
    DropoutSpec s;
    s.id = id;
    s.variant = v;
    s.rate = rate;
    s.scaling = scaling;
    return s;
}

using SiteOf = DropoutSite* (RecurrentSites::*)();
const SiteOf kInput = &RecurrentSites::input, kRecurrent = &RecurrentSites::recurrent;

Matrix pattern(long rows, long cols) {
    Matrix m(rows, cols);
    for (long i = 0; i < m.size(); ++i) m.data()[i] = 0.8f * std::sin(0.41f * float(i));
    return m;
}

RecurrentOptions withSites(Variant v, double rate, double zoneout = 0.0, bool untied = false) {
    RecurrentOptions o;
    o.returnSequences = true;
    o.inputDropout = spec("in", v, rate);
    o.recurrentDropout = spec("rec", v, rate);
    if (zoneout > 0) o.zoneout = spec("zone", Variant::Zoneout, zoneout);
    o.inputUntied = o.recurrentUntied = untied;
    return o;
}

LstmLayer lstm(const RecurrentOptions& o) {
    LstmLayer l({kT, kF, kH}, o, 0);
    l.initialize(InitScheme::Uniform, 5, 0);
    return l;
}

Matrix trainMasks(LstmLayer& l, SiteOf which, std::uint64_t step = 1, long rows = kRows) {
    Matrix out;
    l.forward(pattern(rows, kT * kF), out, PassContext{Mode::Train, 21, step, 0, true});
    return (l.recurrentSites().*which)()->lastMask();
}

// Row r's mask at timestep t ([T, width] per row).
Eigen::RowVectorXf atStep(const Matrix& m, long r, int t) {
    const long width = m.cols() / kT;
    return m.row(r).segment(t * width, width);
}

double zeroFraction(const Matrix& m) {
    return double((m.array() == 0.0f).count()) / m.size();
}

// Success if a measured fraction is within 5σ of the probability p over `draws` draws.
::testing::AssertionResult withinFiveSigma(double got, double p, double draws) {
    if (std::abs(got - p) < 5 * std::sqrt(p * (1 - p) / draws))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "fraction " << got << ", expected " << p << " ± 5σ";
}

// The InputError message of parsing `layer` as the only layer (sequence data), or "".
std::string configError(const std::string& layer, const std::string& dataset) {
    nlohmann::json j = {
        {"name", "t"},
        {"dataset", {{"kind", dataset}, {"samples", 100}}},
        {"network", {{"layers", nlohmann::json::array({nlohmann::json::parse(layer)})}}}};
    try {
        ExperimentConfig c = ExperimentConfig::fromJson(j);
        buildNetwork(c, dataset == "spiral" ? std::vector<int>{2} : std::vector<int>{50, 1}, 1);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST(RecurrentDropout, VariationalMaskConstantOverTime) {
    auto l = lstm(withSites(Variant::Variational, 0.3));
    for (SiteOf which : {kInput, kRecurrent}) {
        SCOPED_TRACE(which == kInput ? "input site" : "recurrent site");
        const Matrix m = trainMasks(l, which);
        ASSERT_EQ(m.rows(), long(kRows));
        for (long r = 0; r < m.rows(); ++r)
            for (int t = 1; t < kT; ++t)
                ASSERT_TRUE(atStep(m, r, t) == atStep(m, r, 0)) << "row " << r << " t " << t;
        EXPECT_TRUE(((m.array() == 0.0f) || (m.array() == 1.0f / 0.7f)).all());
        long sameRows = 0;
        for (long r = 1; r < m.rows(); ++r) sameRows += atStep(m, r, 0) == atStep(m, r - 1, 0);
        // Other sequences draw other masks: 32-unit masks never coincide; the 3-feature
        // input's do with probability (0.7² + 0.3²)³ ≈ 0.2.
        EXPECT_LT(sameRows, (m.cols() / kT > 8 ? 3 : kRows / 2));
        EXPECT_TRUE(trainMasks(l, which, 2) != m);  // a new step draws a new mask
    }
    const Matrix zx = trainMasks(l, kInput);
    EXPECT_TRUE(zx != trainMasks(l, kRecurrent).leftCols(zx.cols()));
}

TEST(RecurrentDropout, VariationalDropFraction) {
    auto l = lstm(withSites(Variant::Variational, 0.25));
    const Matrix m = trainMasks(l, kRecurrent);
    EXPECT_TRUE(withinFiveSigma(zeroFraction(m), 0.25, double(kRows) * kH));  // per (row, unit)
    EXPECT_LT(std::abs(m.mean() - 1.0), 0.05);  // inverted: expectation 1
}

TEST(RecurrentDropout, NaiveMasksDifferAcrossTimesteps) {
    const double rate = 0.3;
    auto l = lstm(withSites(Variant::Naive, rate));
    const Matrix m = trainMasks(l, kRecurrent);
    EXPECT_TRUE(withinFiveSigma(zeroFraction(m), rate, double(kRows) * kT * kH));
    long changed = 0, pairs = 0;
    for (long r = 0; r < m.rows(); ++r)
        for (int t = 1; t < kT; ++t) {
            const auto a = atStep(m, r, t), b = atStep(m, r, t - 1);
            changed += (a.array() != b.array()).count();
            pairs += a.size();
        }
    EXPECT_TRUE(withinFiveSigma(double(changed) / pairs, 2 * rate * (1 - rate), double(pairs)));
}

TEST(RecurrentDropout, UntiedMasksPerGate) {
    auto l = lstm(withSites(Variant::Variational, 0.5, 0.0, true));
    const Matrix m = trainMasks(l, kRecurrent);
    EXPECT_EQ(l.recurrentSites().recurrent()->maskShape(), std::vector<int>({kT, 4 * kH}));
    const auto step0 = atStep(m, 0, 0);
    EXPECT_TRUE(step0.segment(0, kH) != step0.segment(kH, kH));  // gates differ
    EXPECT_TRUE(atStep(m, 0, kT - 1) == step0);                  // still one mask per sequence
}

TEST(RecurrentDropout, ZoneoutHoldsWithProbabilityRate) {
    const double rate = 0.35;
    RecurrentOptions o;
    o.returnSequences = true;
    o.zoneout = spec("zone", Variant::Zoneout, rate);
    auto l = lstm(o);
    Matrix out;
    l.forward(pattern(kRows, kT * kF), out, PassContext{Mode::Train, 21, 3, 0, true});
    const Matrix& u = l.recurrentSites().zoneout()->lastMask();
    EXPECT_TRUE(((u.array() == 0.0f) || (u.array() == 1.0f)).all());  // 1 update, 0 hold
    EXPECT_TRUE(withinFiveSigma(zeroFraction(u), rate, double(kRows) * kT * kH));
    long held = 0, changedWhereUpdated = 0;
    for (long r = 0; r < kRows; ++r)
        for (int t = 1; t < kT; ++t)
            for (int j = 0; j < kH; ++j) {
                const float now = out(r, t * kH + j), before = out(r, (t - 1) * kH + j);
                if (u(r, t * kH + j) == 0.0f) {
                    // A held unit keeps its value exactly.
                    ASSERT_EQ(now, before) << "row " << r << " t " << t << " unit " << j;
                    ++held;
                } else {
                    changedWhereUpdated += now != before;
                }
            }
    EXPECT_GT(held, 0);
    EXPECT_GT(changedWhereUpdated, 0);
}

TEST(RecurrentDropout, ZoneoutUsesTheExpectationAtTest) {
    // Eval: hₜ = rate·hₜ₋₁ + (1 − rate)·ĥₜ (and the same for the cell), checked against the
    // reference LSTM with update multiplier 1 − rate everywhere.
    const double rate = 0.2;
    auto l = lstm(withSites(Variant::Variational, 0.3, rate));
    const Matrix x = pattern(25, kT * kF);
    Matrix out;
    l.forward(x, out, PassContext{Mode::Eval, 21, 3, 0, false});
    const test::ReferenceParams p(l);
    std::vector<float> update(kT * kH, float(1.0 - rate));
    for (long r = 0; r < x.rows(); ++r) {
        test::ReferenceMasks m;  // inverted Bernoulli masks are the identity at test time
        m.u = update.data();
        const auto states = test::referenceLstm(p, x.row(r).data(), kT, m);
        for (int t = 0; t < kT; ++t)
            for (int j = 0; j < kH; ++j)
                ASSERT_LT(std::abs(out(r, t * kH + j) - states[t][j]), 2e-5)
                    << "row " << r << " t " << t << " unit " << j << ": layer "
                    << out(r, t * kH + j) << ", reference " << states[t][j];
    }
}

TEST(RecurrentDropout, GruZoneoutHoldsToo) {
    RecurrentOptions o;
    o.returnSequences = true;
    o.zoneout = spec("zone", Variant::Zoneout, 0.5);
    GruLayer l({kT, kF, 8}, o, 0);
    l.initialize(InitScheme::Uniform, 5, 0);
    Matrix out;
    l.forward(pattern(30, kT * kF), out, PassContext{Mode::Train, 21, 3, 0, true});
    const Matrix& u = l.recurrentSites().zoneout()->lastMask();
    long held = 0;
    for (long r = 0; r < 30; ++r)
        for (int t = 1; t < kT; ++t)
            for (int j = 0; j < 8; ++j)
                if (u(r, t * 8 + j) == 0.0f) {
                    ASSERT_EQ(out(r, t * 8 + j), out(r, (t - 1) * 8 + j))
                        << "row " << r << " t " << t << " unit " << j;
                    ++held;
                }
    EXPECT_GT(held, 0);  // the check above really ran
}

TEST(RecurrentDropout, MonteCarloDrawsMasks) {
    auto l = lstm(withSites(Variant::Variational, 0.5));
    const Matrix x = pattern(10, kT * kF);
    Matrix eval, mc1, mc2, mc1again;
    l.forward(x, eval, PassContext{Mode::Eval, 21, 0, 0, false});
    l.forward(x, mc1, PassContext{Mode::MonteCarlo, 21, 0, 0, false});
    l.forward(x, mc2, PassContext{Mode::MonteCarlo, 21, 1, 0, false});
    l.forward(x, mc1again, PassContext{Mode::MonteCarlo, 21, 0, 0, false});
    EXPECT_TRUE(mc1 != eval);
    EXPECT_TRUE(mc1 != mc2);
    EXPECT_TRUE(test::sameMatrix(mc1again, mc1));  // deterministic for a (seed, step)
    // Function sharing: rows of one share group see the same masks, so equal inputs give
    // equal outputs.
    Matrix same(4, kT * kF), shared;
    for (int r = 0; r < 4; ++r) same.row(r) = x.row(0);
    l.forward(same, shared, PassContext{Mode::MonteCarlo, 21, 0, 0, false, 4});
    for (int r = 1; r < 4; ++r)
        EXPECT_TRUE(test::sameMatrix(shared.row(r), shared.row(0))) << "row " << r;
}

TEST(RecurrentDropout, ClassicScalingScalesAtTest) {
    RecurrentOptions o;
    o.inputDropout = spec("in", Variant::Variational, 0.4, Scaling::Classic);
    auto l = lstm(o);
    Matrix out;
    l.forward(pattern(8, kT * kF), out, PassContext{Mode::Train, 21, 1, 0, true});
    const Matrix& m = l.recurrentSites().input()->lastMask();
    EXPECT_TRUE(((m.array() == 0.0f) || (m.array() == 1.0f)).all());
    Matrix scaledIn = pattern(8, kT * kF) * 0.6f, a, b;
    RecurrentOptions none;
    LstmLayer plain({kT, kF, kH}, none, 0);
    plain.initialize(InitScheme::Uniform, 5, 0);
    l.forward(pattern(8, kT * kF), a, PassContext{});
    plain.forward(scaledIn, b, PassContext{});
    EXPECT_TRUE(a.isApprox(b, 1e-5f));
}

TEST(RecurrentDropout, VariationalDropoutLayerOnSequences) {
    auto c = ExperimentConfig::fromJson(nlohmann::json::parse(R"({
      "dataset": {"kind": "sine-forecast", "samples": 100, "length": 10},
      "network": {"layers": [{"type": "lstm", "units": 6, "return_sequences": true,
                              "dropout": {"id": "between", "variant": "variational",
                                          "rate": 0.5}},
                             {"type": "lstm", "units": 4}]}})"));
    Network net = buildNetwork(c, {10, 1}, 1);
    net.forward(pattern(30, 10), PassContext{Mode::Train, 3, 1, 0, true});
    const Matrix& m = net.site("between")->lastMask();
    EXPECT_EQ(net.site("between")->maskShape(), std::vector<int>({10, 6}));
    for (long r = 0; r < m.rows(); ++r)
        for (int t = 1; t < 10; ++t)
            ASSERT_TRUE(m.row(r).segment(t * 6, 6) == m.row(r).segment(0, 6))
                << "row " << r << " t " << t;
    EXPECT_EQ(net.site("between")->lastMask().minCoeff(), 0.0f);
}

namespace {

// One misplaced site or field: the layer JSON, the data set kind and the message expected.
struct MisplacedVariant {
    std::string name, layer, dataset, expected;
};

std::ostream& operator<<(std::ostream& os, const MisplacedVariant& v) {
    return os << v.name << ": " << v.layer;
}

class ConfigRejects : public ::testing::TestWithParam<MisplacedVariant> {};

}  // namespace

TEST_P(ConfigRejects, MisplacedVariant) {
    const MisplacedVariant& v = GetParam();
    const std::string err = configError(v.layer, v.dataset);
    EXPECT_NE(err.find(v.expected), std::string::npos) << "got: " << err;
}

INSTANTIATE_TEST_SUITE_P(
    RecurrentDropout, ConfigRejects,
    ::testing::Values(
        MisplacedVariant{"variational on a dense site",
                         R"({"type": "dense", "units": 4, "dropout": {"variant": "variational"}})",
                         "sine-forecast",
                         "network.layers[0].dropout.variant: \"variational\" needs sequences"},
        MisplacedVariant{"naive on a dense site",
                         R"({"type": "dense", "units": 4, "dropout": {"variant": "naive"}})",
                         "sine-forecast",
                         "network.layers[0].dropout.variant: \"naive\" needs sequences"},
        MisplacedVariant{
            "zoneout as a variant",
            R"({"type": "dense", "units": 4, "dropout": {"variant": "zoneout"}})", "sine-forecast",
            "network.layers[0].dropout.variant: \"zoneout\" is not a dropout variant here"},
        MisplacedVariant{
            "element on a recurrent site",
            R"({"type": "lstm", "units": 4, "recurrent_dropout": {"variant": "element"}})",
            "sine-forecast",
            "network.layers[0].recurrent_dropout.variant: \"element\" is not a recurrent "
            "variant"},
        MisplacedVariant{
            "gaussian on an input site",
            R"({"type": "gru", "units": 4, "input_dropout": {"variant": "gaussian"}})",
            "sine-forecast",
            "network.layers[0].input_dropout.variant: \"gaussian\" is not a recurrent variant"},
        MisplacedVariant{"variational on a last-state output",
                         R"({"type": "lstm", "units": 4, "dropout": {"variant": "variational"}})",
                         "sine-forecast",
                         "network.layers[0].dropout.variant: \"variational\" needs sequences"},
        MisplacedVariant{
            "zoneout with a variant",
            R"({"type": "lstm", "units": 4, "zoneout": {"variant": "naive", "rate": 0.1}})",
            "sine-forecast", "network.layers[0].zoneout.variant: zoneout has no variants"},
        MisplacedVariant{"zoneout without a rate",
                         R"({"type": "lstm", "units": 4, "zoneout": {"id": "z"}})", "sine-forecast",
                         "network.layers[0].zoneout.rate: this field is required"},
        MisplacedVariant{
            "zoneout with scaling",
            R"({"type": "lstm", "units": 4, "zoneout": {"rate": 0.1, "scaling": "classic"}})",
            "sine-forecast", "network.layers[0].zoneout.scaling: zoneout holds or updates"},
        MisplacedVariant{"untied on a dense site",
                         R"({"type": "dense", "units": 4, "dropout": {"untied": true}})",
                         "sine-forecast", "network.layers[0].dropout.untied: unknown field"},
        MisplacedVariant{"activation on an lstm",
                         R"({"type": "lstm", "units": 4, "activation": "relu"})", "sine-forecast",
                         "network.layers[0].activation: unknown field"},
        MisplacedVariant{"rate out of range",
                         R"({"type": "lstm", "units": 4, "input_dropout": {"rate": 1.0}})",
                         "sine-forecast",
                         "network.layers[0].input_dropout.rate: expected a drop rate in [0, 1)"},
        MisplacedVariant{
            "lstm on 2-D points", R"({"type": "lstm", "units": 4})", "spiral",
            "network.layers[0]: an lstm layer needs sequences of shape {timesteps, features}"},
        MisplacedVariant{
            "duplicate site ids",
            R"({"type": "lstm", "units": 4, "input_dropout": {"id": "a"}, "recurrent_dropout": {"id": "a"}})",
            "sine-forecast", "two dropout sites share the id \"a\""}),
    [](const ::testing::TestParamInfo<MisplacedVariant>& info) {
        std::string name = info.param.name;
        for (char& ch : name)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return name;
    });

TEST(RecurrentDropout, ConfigRoundTrips) {
    const char* text = R"({
      "name": "rt", "dataset": {"kind": "sine-forecast", "samples": 100, "length": 8},
      "network": {"layers": [
        {"type": "lstm", "units": 6, "return_sequences": true, "init": "xavier",
         "input_dropout": {"variant": "naive", "rate": 0.1, "untied": true},
         "recurrent_dropout": {"rate": 0.2}, "zoneout": {"rate": 0.05},
         "dropout": {"variant": "variational", "rate": 0.3}},
        {"type": "gru", "units": 3}]}})";
    const ExperimentConfig c = ExperimentConfig::fromJson(nlohmann::json::parse(text));
    const auto& o = c.layers[0].recurrent;
    EXPECT_TRUE(o.returnSequences && o.inputUntied && !o.recurrentUntied);
    ASSERT_TRUE(o.inputDropout && o.recurrentDropout && o.zoneout);
    EXPECT_EQ(o.inputDropout->variant, Variant::Naive);
    EXPECT_EQ(o.recurrentDropout->variant, Variant::Variational);  // the default variant
    EXPECT_EQ(o.recurrentDropout->id, "layer1-recurrent");
    EXPECT_DOUBLE_EQ(o.zoneout->rate, 0.05);
    EXPECT_EQ(c.layers[1].init, "uniform");  // PyTorch's default
    const nlohmann::json j = c.toJson();
    EXPECT_EQ(ExperimentConfig::fromJson(j).toJson(), j);
    EXPECT_EQ(j["network"]["layers"][0]["zoneout"],
              nlohmann::json::parse(R"({"id": "layer1-zoneout", "rate": 0.05})"));
}

TEST(RecurrentDropout, DescriptionsAndNames) {
    for (Variant v : {Variant::Variational, Variant::Naive, Variant::Zoneout}) {
        SCOPED_TRACE(variantName(v));
        EXPECT_EQ(variantFromName(variantName(v)), v);
        EXPECT_FALSE(variantDescription(v).empty());
        EXPECT_TRUE(isRecurrentVariant(v));
    }
    EXPECT_FALSE(isRecurrentVariant(Variant::Element));
}

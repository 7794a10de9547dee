// Recurrent dropout sites: variational masks are the same at every timestep of a sequence and
// differ across sequences and steps; naive masks differ across timesteps; drop fractions match
// the rate within 5σ; zoneout holds units with probability = rate in training and follows the
// expectation at test; MC passes draw masks; a variational dropout layer after a
// return_sequences layer shares its mask over time; the config rejects misplaced variants.
#include <QtTest>

#include "core/config_error.h"
#include "core/experiment_config.h"
#include "core/gru_layer.h"
#include "core/lstm_layer.h"
#include "core/model_builder.h"
#include "recurrent_reference.h"

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

void expectFraction(double got, double p, double draws) {
    QVERIFY2(std::abs(got - p) < 5 * std::sqrt(p * (1 - p) / draws),
             qPrintable(QString("fraction %1, expected %2 ± 5σ").arg(got).arg(p)));
}

// The InputError message of parsing `layer` as the only layer (sequence data), or "".
QString configError(const char* layer, const char* dataset = "sine-forecast") {
    nlohmann::json j = {
        {"name", "t"},
        {"dataset", {{"kind", dataset}, {"samples", 100}}},
        {"network", {{"layers", nlohmann::json::array({nlohmann::json::parse(layer)})}}}};
    try {
        ExperimentConfig c = ExperimentConfig::fromJson(j);
        buildNetwork(
            c, std::string(dataset) == "spiral" ? std::vector<int>{2} : std::vector<int>{50, 1}, 1);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class RecurrentDropoutTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void variationalMaskConstantOverTime() {
        auto l = lstm(withSites(Variant::Variational, 0.3));
        for (SiteOf which : {kInput, kRecurrent}) {
            const Matrix m = trainMasks(l, which);
            QCOMPARE(m.rows(), long(kRows));
            for (long r = 0; r < m.rows(); ++r)
                for (int t = 1; t < kT; ++t) QVERIFY(atStep(m, r, t) == atStep(m, r, 0));
            QVERIFY(((m.array() == 0.0f) || (m.array() == 1.0f / 0.7f)).all());
            long sameRows = 0;
            for (long r = 1; r < m.rows(); ++r) sameRows += atStep(m, r, 0) == atStep(m, r - 1, 0);
            // Other sequences draw other masks: 32-unit masks never coincide; the 3-feature
            // input's do with probability (0.7² + 0.3²)³ ≈ 0.2.
            QVERIFY(sameRows < (m.cols() / kT > 8 ? 3 : kRows / 2));
            QVERIFY(trainMasks(l, which, 2) != m);  // a new step draws a new mask
        }
        const Matrix zx = trainMasks(l, kInput);
        QVERIFY(zx != trainMasks(l, kRecurrent).leftCols(zx.cols()));
    }
    void variationalDropFraction() {
        auto l = lstm(withSites(Variant::Variational, 0.25));
        const Matrix m = trainMasks(l, kRecurrent);
        expectFraction(zeroFraction(m), 0.25, double(kRows) * kH);  // one draw per (row, unit)
        QVERIFY(std::abs(m.mean() - 1.0) < 0.05);                   // inverted: expectation 1
    }
    void naiveMasksDifferAcrossTimesteps() {
        const double rate = 0.3;
        auto l = lstm(withSites(Variant::Naive, rate));
        const Matrix m = trainMasks(l, kRecurrent);
        expectFraction(zeroFraction(m), rate, double(kRows) * kT * kH);
        long changed = 0, pairs = 0;
        for (long r = 0; r < m.rows(); ++r)
            for (int t = 1; t < kT; ++t) {
                const auto a = atStep(m, r, t), b = atStep(m, r, t - 1);
                changed += (a.array() != b.array()).count();
                pairs += a.size();
            }
        expectFraction(double(changed) / pairs, 2 * rate * (1 - rate), double(pairs));
    }
    void untiedMasksPerGate() {
        auto l = lstm(withSites(Variant::Variational, 0.5, 0.0, true));
        const Matrix m = trainMasks(l, kRecurrent);
        QCOMPARE(l.recurrentSites().recurrent()->maskShape(), std::vector<int>({kT, 4 * kH}));
        const auto step0 = atStep(m, 0, 0);
        QVERIFY(step0.segment(0, kH) != step0.segment(kH, kH));  // gates differ
        QVERIFY(atStep(m, 0, kT - 1) == step0);                  // still one mask per sequence
    }
    void zoneoutHoldsWithProbabilityRate() {
        const double rate = 0.35;
        RecurrentOptions o;
        o.returnSequences = true;
        o.zoneout = spec("zone", Variant::Zoneout, rate);
        auto l = lstm(o);
        Matrix out;
        l.forward(pattern(kRows, kT * kF), out, PassContext{Mode::Train, 21, 3, 0, true});
        const Matrix& u = l.recurrentSites().zoneout()->lastMask();
        QVERIFY(((u.array() == 0.0f) || (u.array() == 1.0f)).all());  // 1 update, 0 hold
        expectFraction(zeroFraction(u), rate, double(kRows) * kT * kH);
        long held = 0, changedWhereUpdated = 0;
        for (long r = 0; r < kRows; ++r)
            for (int t = 1; t < kT; ++t)
                for (int j = 0; j < kH; ++j) {
                    const float now = out(r, t * kH + j), before = out(r, (t - 1) * kH + j);
                    if (u(r, t * kH + j) == 0.0f) {
                        QCOMPARE(now, before);  // a held unit keeps its value exactly
                        ++held;
                    } else {
                        changedWhereUpdated += now != before;
                    }
                }
        QVERIFY(held > 0 && changedWhereUpdated > 0);
    }
    void zoneoutUsesTheExpectationAtTest() {
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
                    QVERIFY(std::abs(out(r, t * kH + j) - states[t][j]) < 2e-5);
        }
    }
    void gruZoneoutHoldsToo() {
        RecurrentOptions o;
        o.returnSequences = true;
        o.zoneout = spec("zone", Variant::Zoneout, 0.5);
        GruLayer l({kT, kF, 8}, o, 0);
        l.initialize(InitScheme::Uniform, 5, 0);
        Matrix out;
        l.forward(pattern(30, kT * kF), out, PassContext{Mode::Train, 21, 3, 0, true});
        const Matrix& u = l.recurrentSites().zoneout()->lastMask();
        for (long r = 0; r < 30; ++r)
            for (int t = 1; t < kT; ++t)
                for (int j = 0; j < 8; ++j)
                    if (u(r, t * 8 + j) == 0.0f)
                        QCOMPARE(out(r, t * 8 + j), out(r, (t - 1) * 8 + j));
    }
    void monteCarloDrawsMasks() {
        auto l = lstm(withSites(Variant::Variational, 0.5));
        const Matrix x = pattern(10, kT * kF);
        Matrix eval, mc1, mc2, mc1again;
        l.forward(x, eval, PassContext{Mode::Eval, 21, 0, 0, false});
        l.forward(x, mc1, PassContext{Mode::MonteCarlo, 21, 0, 0, false});
        l.forward(x, mc2, PassContext{Mode::MonteCarlo, 21, 1, 0, false});
        l.forward(x, mc1again, PassContext{Mode::MonteCarlo, 21, 0, 0, false});
        QVERIFY(mc1 != eval);
        QVERIFY(mc1 != mc2);
        QCOMPARE(mc1again, mc1);  // deterministic for a (seed, step)
        // Function sharing: rows of one share group see the same masks, so equal inputs give
        // equal outputs.
        Matrix same(4, kT * kF), shared;
        for (int r = 0; r < 4; ++r) same.row(r) = x.row(0);
        l.forward(same, shared, PassContext{Mode::MonteCarlo, 21, 0, 0, false, 4});
        for (int r = 1; r < 4; ++r) QCOMPARE(Matrix(shared.row(r)), Matrix(shared.row(0)));
    }
    void classicScalingScalesAtTest() {
        RecurrentOptions o;
        o.inputDropout = spec("in", Variant::Variational, 0.4, Scaling::Classic);
        auto l = lstm(o);
        Matrix out;
        l.forward(pattern(8, kT * kF), out, PassContext{Mode::Train, 21, 1, 0, true});
        const Matrix& m = l.recurrentSites().input()->lastMask();
        QVERIFY(((m.array() == 0.0f) || (m.array() == 1.0f)).all());
        Matrix scaledIn = pattern(8, kT * kF) * 0.6f, a, b;
        RecurrentOptions none;
        LstmLayer plain({kT, kF, kH}, none, 0);
        plain.initialize(InitScheme::Uniform, 5, 0);
        l.forward(pattern(8, kT * kF), a, PassContext{});
        plain.forward(scaledIn, b, PassContext{});
        QVERIFY(a.isApprox(b, 1e-5f));
    }
    void variationalDropoutLayerOnSequences() {
        auto c = ExperimentConfig::fromJson(nlohmann::json::parse(R"({
          "dataset": {"kind": "sine-forecast", "samples": 100, "length": 10},
          "network": {"layers": [{"type": "lstm", "units": 6, "return_sequences": true,
                                  "dropout": {"id": "between", "variant": "variational",
                                              "rate": 0.5}},
                                 {"type": "lstm", "units": 4}]}})"));
        Network net = buildNetwork(c, {10, 1}, 1);
        net.forward(pattern(30, 10), PassContext{Mode::Train, 3, 1, 0, true});
        const Matrix& m = net.site("between")->lastMask();
        QCOMPARE(net.site("between")->maskShape(), std::vector<int>({10, 6}));
        for (long r = 0; r < m.rows(); ++r)
            for (int t = 1; t < 10; ++t)
                QVERIFY(m.row(r).segment(t * 6, 6) == m.row(r).segment(0, 6));
        QVERIFY(net.site("between")->lastMask().minCoeff() == 0.0f);
    }
    void configRejectsMisplacedVariants_data() {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("expected");
        QTest::newRow("variational on a dense site")
            << R"({"type": "dense", "units": 4, "dropout": {"variant": "variational"}})"
            << "sine-forecast"
            << "network.layers[0].dropout.variant: \"variational\" needs sequences";
        QTest::newRow("naive on a dense site")
            << R"({"type": "dense", "units": 4, "dropout": {"variant": "naive"}})"
            << "sine-forecast"
            << "network.layers[0].dropout.variant: \"naive\" needs sequences";
        QTest::newRow("zoneout as a variant")
            << R"({"type": "dense", "units": 4, "dropout": {"variant": "zoneout"}})"
            << "sine-forecast"
            << "network.layers[0].dropout.variant: \"zoneout\" is not a dropout variant here";
        QTest::newRow("element on a recurrent site")
            << R"({"type": "lstm", "units": 4, "recurrent_dropout": {"variant": "element"}})"
            << "sine-forecast"
            << "network.layers[0].recurrent_dropout.variant: \"element\" is not a recurrent "
               "variant";
        QTest::newRow("gaussian on an input site")
            << R"({"type": "gru", "units": 4, "input_dropout": {"variant": "gaussian"}})"
            << "sine-forecast"
            << "network.layers[0].input_dropout.variant: \"gaussian\" is not a recurrent variant";
        QTest::newRow("variational on a last-state output")
            << R"({"type": "lstm", "units": 4, "dropout": {"variant": "variational"}})"
            << "sine-forecast"
            << "network.layers[0].dropout.variant: \"variational\" needs sequences";
        QTest::newRow("zoneout with a variant")
            << R"({"type": "lstm", "units": 4, "zoneout": {"variant": "naive", "rate": 0.1}})"
            << "sine-forecast"
            << "network.layers[0].zoneout.variant: zoneout has no variants";
        QTest::newRow("zoneout without a rate")
            << R"({"type": "lstm", "units": 4, "zoneout": {"id": "z"}})"
            << "sine-forecast"
            << "network.layers[0].zoneout.rate: this field is required";
        QTest::newRow("zoneout with scaling")
            << R"({"type": "lstm", "units": 4, "zoneout": {"rate": 0.1, "scaling": "classic"}})"
            << "sine-forecast"
            << "network.layers[0].zoneout.scaling: zoneout holds or updates";
        QTest::newRow("untied on a dense site")
            << R"({"type": "dense", "units": 4, "dropout": {"untied": true}})"
            << "sine-forecast"
            << "network.layers[0].dropout.untied: unknown field";
        QTest::newRow("activation on an lstm")
            << R"({"type": "lstm", "units": 4, "activation": "relu"})"
            << "sine-forecast"
            << "network.layers[0].activation: unknown field";
        QTest::newRow("rate out of range")
            << R"({"type": "lstm", "units": 4, "input_dropout": {"rate": 1.0}})"
            << "sine-forecast"
            << "network.layers[0].input_dropout.rate: expected a drop rate in [0, 1)";
        QTest::newRow("lstm on 2-D points")
            << R"({"type": "lstm", "units": 4})"
            << "spiral"
            << "network.layers[0]: an lstm layer needs sequences of shape {timesteps, features}";
        QTest::newRow("duplicate site ids")
            << R"({"type": "lstm", "units": 4, "input_dropout": {"id": "a"}, "recurrent_dropout": {"id": "a"}})"
            << "sine-forecast"
            << "two dropout sites share the id \"a\"";
    }
    void configRejectsMisplacedVariants() {
        QFETCH(QString, layer);
        QFETCH(QString, dataset);
        QFETCH(QString, expected);
        const QString err = configError(qPrintable(layer), qPrintable(dataset));
        QVERIFY2(err.contains(expected), qPrintable("got: " + err));
    }
    void configRoundTrips() {
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
        QVERIFY(o.returnSequences && o.inputUntied && !o.recurrentUntied);
        QCOMPARE(o.inputDropout->variant, Variant::Naive);
        QCOMPARE(o.recurrentDropout->variant, Variant::Variational);  // the default variant
        QCOMPARE(o.recurrentDropout->id, std::string("layer1-recurrent"));
        QCOMPARE(o.zoneout->rate, 0.05);
        QCOMPARE(c.layers[1].init, std::string("uniform"));  // PyTorch's default
        const nlohmann::json j = c.toJson();
        QCOMPARE(ExperimentConfig::fromJson(j).toJson(), j);
        QCOMPARE(j["network"]["layers"][0]["zoneout"],
                 nlohmann::json::parse(R"({"id": "layer1-zoneout", "rate": 0.05})"));
    }
    void descriptionsAndNames() {
        for (Variant v : {Variant::Variational, Variant::Naive, Variant::Zoneout}) {
            QCOMPARE(variantFromName(variantName(v)), v);
            QVERIFY(!variantDescription(v).empty());
            QVERIFY(isRecurrentVariant(v));
        }
        QVERIFY(!isRecurrentVariant(Variant::Element));
    }
};

QTEST_APPLESS_MAIN(RecurrentDropoutTest)
#include "test_recurrent_dropout.moc"

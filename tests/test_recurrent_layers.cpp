// LSTM and GRU layers: output shapes (many-to-one, many-to-many, stacked), a hand-checked
// two-step sequence, agreement with a plain reference implementation (with masks and zoneout),
// gradient checks through time by central differences (also with frozen masks, untied masks
// and zoneout), PyTorch's default init, and bit-identical training at 1, 2 and 4 threads.
#include <QtTest>

#include <tbb/global_control.h>

#include "core/experiment_setup.h"
#include "core/gru_layer.h"
#include "core/lstm_layer.h"
#include "core/model_builder.h"
#include "recurrent_reference.h"

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

double weightedSum(Layer& l, const Matrix& x, const Matrix& r, const PassContext& ctx) {
    Matrix out;
    l.forward(x, out, ctx);
    return (out.cast<double>().array() * r.cast<double>().array()).sum();
}

// Central differences on every parameter and input value against backward's gradients.
void checkGradients(RecurrentLayer& l, const Matrix& x0) {
    Matrix x = x0, out, dIn;
    l.forward(x, out, kTrain);
    const Matrix r = pattern(out.rows(), out.cols(), 1.3f);
    l.backward(x, out, r, &dIn);
    const float eps = 4e-3f;
    double worst = 0.0;
    auto check = [&](float& v, double analytic, const char* what) {
        const float keep = v;
        v = keep + eps;
        const double up = weightedSum(l, x, r, kTrain);
        v = keep - eps;
        const double down = weightedSum(l, x, r, kTrain);
        v = keep;
        const double numeric = (up - down) / (2.0 * eps);
        const double err = std::abs(numeric - analytic) / (1e-2 + std::abs(analytic));
        worst = std::max(worst, err);
        QVERIFY2(err < 2e-2,
                 qPrintable(
                     QString("%1: numeric %2, analytic %3").arg(what).arg(numeric).arg(analytic)));
    };
    for (Param* p : l.params())
        for (long i = 0; i < p->value.size(); ++i)
            check(p->value.data()[i], p->grad.data()[i], p->name.c_str());
    for (long i = 0; i < x.size(); ++i) check(x.data()[i], dIn.data()[i], "input");
    qInfo("worst relative error %.2e", worst);
}

// The layer's masks for row `r`, as the reference takes them.
test::ReferenceMasks masksOf(RecurrentLayer& l, long r) {
    test::ReferenceMasks m;
    auto& s = l.recurrentSites();
    if (s.input()) m.zx = s.input()->lastMask().row(r).data(), m.xGroups = s.inputGroups();
    if (s.recurrent())
        m.zh = s.recurrent()->lastMask().row(r).data(), m.hGroups = s.recurrentGroups();
    if (s.zoneout()) m.u = s.zoneout()->lastMask().row(r).data();
    return m;
}

template <class L>
void compareWithReference(L& layer, const Matrix& x, const PassContext& ctx, bool useMasks,
                          std::vector<float>* evalUpdate = nullptr) {
    Matrix out;
    layer.forward(x, out, ctx);
    const test::ReferenceParams p(layer);
    const int t = layer.shape().timesteps, h = layer.shape().units;
    for (long r = 0; r < x.rows(); ++r) {
        test::ReferenceMasks m = useMasks ? masksOf(layer, r) : test::ReferenceMasks{};
        if (evalUpdate) m.u = evalUpdate->data();
        const auto states = layer.kind() == "lstm" ? test::referenceLstm(p, x.row(r).data(), t, m)
                                                   : test::referenceGru(p, x.row(r).data(), t, m);
        for (int k = 0; k < t; ++k) {
            if (!layer.returnSequences() && k < t - 1) continue;
            const long col0 = layer.returnSequences() ? long(k) * h : 0;
            for (int j = 0; j < h; ++j)
                QVERIFY2(std::abs(out(r, col0 + j) - states[k][j]) < 2e-5,
                         qPrintable(QString("row %1 t %2 unit %3").arg(r).arg(k).arg(j)));
        }
    }
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

}  // namespace

class RecurrentLayersTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void outputShapes() {
        auto last = makeLayer<LstmLayer>({7, 3, 5});
        QCOMPARE(last.outputShape(), std::vector<int>({5}));
        Matrix out;
        last.forward(pattern(20, 21), out, kTrain);
        QCOMPARE(out.rows(), 20L);
        QCOMPARE(out.cols(), 5L);
        RecurrentOptions seq;
        seq.returnSequences = true;
        auto all = makeLayer<GruLayer>({7, 3, 5}, seq);
        QCOMPARE(all.outputShape(), std::vector<int>({7, 5}));
        all.forward(pattern(20, 21), out, kTrain);
        QCOMPARE(out.cols(), 35L);
        QCOMPARE(last.params().size(), std::size_t(4));
        QCOMPARE(last.weightIh().value.rows(), 20L);  // 4 gates × 5 units
        QCOMPARE(all.weightHh().value.rows(), 15L);   // 3 gates × 5 units
    }
    void lastStateIsTheLastOfTheSequence() {
        RecurrentOptions seq;
        seq.returnSequences = true;
        auto all = makeLayer<LstmLayer>({6, 2, 4}, seq);
        auto last = makeLayer<LstmLayer>({6, 2, 4});
        Matrix x = pattern(9, 12), a, b;
        all.forward(x, a, kTrain);
        last.forward(x, b, kTrain);
        QCOMPARE(Matrix(a.rightCols(4)), b);
    }
    void stackedNetworkShapes() {
        Network net = buildNetwork(stackedConfig(), {12, 1}, 1);
        QCOMPARE(net.layer(0).kind(), std::string("lstm"));
        QCOMPARE(net.layer(0).outputShape(), std::vector<int>({12, 24}));
        QCOMPARE(net.layer(1).kind(), std::string("dropout"));
        QCOMPARE(net.layer(2).kind(), std::string("gru"));
        QCOMPARE(net.layer(2).outputShape(), std::vector<int>({16}));
        QCOMPARE(net.outputShape(), std::vector<int>({1}));
        std::vector<std::string> ids;
        for (DropoutSite* s : net.sites()) ids.push_back(s->id());
        QCOMPARE(ids, std::vector<std::string>({"layer1-input", "layer1-recurrent", "layer1",
                                                "layer2-recurrent", "layer2-zoneout"}));
        QCOMPARE(net.site("layer2-recurrent")->maskShape(), std::vector<int>({12, 48}));  // untied
        QCOMPARE(net.site("layer1")->maskShape(), std::vector<int>({12, 24}));
    }
    void handCheckedLstmSteps() {
        // x = (1, −0.5); per gate (i, f, g, o): W_ih, W_hh, b_ih, b_hh below. By hand:
        // t = 0: pre = (0.6, −0.1, 0.3, 0.3), c₀ = σ(0.6)·tanh(0.3) = 0.188088, h₀ =
        // σ(0.3)·tanh(c₀) t = 1: pre = W_ih·x₁ + b_ih + W_hh·h₀ + b_hh, c₁ = σ(f)c₀ + σ(i)tanh(g),
        // h₁ = σ(o)tanh(c₁).
        auto l = makeLayer<LstmLayer>({2, 1, 1}, [] {
            RecurrentOptions o;
            o.returnSequences = true;
            return o;
        }());
        setTinyParams(l, {0.5f, -0.4f, 0.3f, 0.2f}, {0.1f, 0.2f, -0.3f, 0.4f},
                      {0.1f, 0.0f, -0.1f, 0.2f}, {0.0f, 0.3f, 0.1f, -0.1f});
        Matrix x(1, 2), out;
        x << 1.0f, -0.5f;
        l.forward(x, out, PassContext{});
        QVERIFY(std::abs(out(0, 0) - 0.1067893076) < 1e-6);
        QVERIFY(std::abs(out(0, 1) - 0.0174856683) < 1e-6);
    }
    void handCheckedGruSteps() {
        // Gates (r, z, n); t = 0: r = σ(0.6), z = σ(−0.1), n = tanh(0.2 + r·0.1), h₀ = (1 − z)·n.
        auto l = makeLayer<GruLayer>({2, 1, 1}, [] {
            RecurrentOptions o;
            o.returnSequences = true;
            return o;
        }());
        setTinyParams(l, {0.5f, -0.4f, 0.3f}, {0.1f, 0.2f, -0.3f}, {0.1f, 0.0f, -0.1f},
                      {0.0f, 0.3f, 0.1f});
        Matrix x(1, 2), out;
        x << 1.0f, -0.5f;
        l.forward(x, out, PassContext{});
        QVERIFY(std::abs(out(0, 0) - 0.1357391118) < 1e-6);
        QVERIFY(std::abs(out(0, 1) - 0.0041460716) < 1e-6);
    }
    void matchesReference_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("untied");
        QTest::addColumn<bool>("sequences");
        for (const char* k : {"lstm", "gru"})
            for (bool u : {false, true})
                for (bool s : {false, true})
                    QTest::newRow(qPrintable(QString("%1 untied=%2 seq=%3").arg(k).arg(u).arg(s)))
                        << QString(k) << u << s;
    }
    void matchesReference() {
        QFETCH(QString, kind);
        QFETCH(bool, untied);
        QFETCH(bool, sequences);
        const RecurrentShape shape{6, 3, 5};
        const Matrix x = pattern(37, 18);  // three chunks, the last one short
        if (kind == "lstm") {
            auto l = makeLayer<LstmLayer>(shape, allSites(untied, sequences));
            compareWithReference(l, x, kTrain, true);
            auto plain = makeLayer<LstmLayer>(shape, RecurrentOptions{sequences});
            compareWithReference(plain, x, PassContext{}, false);
        } else {
            auto l = makeLayer<GruLayer>(shape, allSites(untied, sequences));
            compareWithReference(l, x, kTrain, true);
            auto plain = makeLayer<GruLayer>(shape, RecurrentOptions{sequences});
            compareWithReference(plain, x, PassContext{}, false);
        }
    }
    void gradientsThroughTime_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("sitesKind");  // 0 none, 1 all sites tied, 2 all sites untied
        QTest::addColumn<bool>("sequences");
        for (const char* k : {"lstm", "gru"})
            for (int s : {0, 1, 2})
                for (bool seq : {false, true})
                    QTest::newRow(qPrintable(QString("%1 sites=%2 seq=%3").arg(k).arg(s).arg(seq)))
                        << QString(k) << s << seq;
    }
    void gradientsThroughTime() {
        // Train-mode masks are a pure function of (seed, step), so every difference quotient
        // sees the same (frozen) masks as the analytic gradient.
        QFETCH(QString, kind);
        QFETCH(int, sitesKind);
        QFETCH(bool, sequences);
        const RecurrentShape shape{5, 3, 4};
        RecurrentOptions o =
            sitesKind ? allSites(sitesKind == 2, sequences) : RecurrentOptions{sequences};
        const Matrix x = pattern(19, 15, 0.4f);
        if (kind == "lstm") {
            auto l = makeLayer<LstmLayer>(shape, o, InitScheme::Xavier);
            checkGradients(l, x);
        } else {
            auto l = makeLayer<GruLayer>(shape, o, InitScheme::Xavier);
            checkGradients(l, x);
        }
    }
    void pytorchDefaultInit() {
        auto l = makeLayer<LstmLayer>({3, 2, 64});
        const float bound = 1.0f / 8.0f;  // 1/√H
        for (Param* p : l.params()) {
            QVERIFY(p->value.cwiseAbs().maxCoeff() <= bound);
            QVERIFY(p->value.cwiseAbs().maxCoeff() > 0.9f * bound);
            QVERIFY(std::abs(p->value.mean()) < 0.02f);
        }
        QVERIFY(l.weightIh().value != Matrix(l.weightHh().value.leftCols(2)));
        auto x = makeLayer<GruLayer>({3, 2, 64}, {}, InitScheme::Xavier);
        QCOMPARE(x.biasIh().value.cwiseAbs().maxCoeff(), 0.0f);
        QVERIFY(x.weightHh().value.cwiseAbs().maxCoeff() <= std::sqrt(6.0f / 128.0f));
    }
    void evalAndMonteCarloLeaveTrainingCachesAlone() {
        auto l = makeLayer<LstmLayer>({4, 2, 6}, allSites(false, true));
        Matrix x = pattern(20, 8), out, dA, dB, scratch;
        l.forward(x, out, kTrain);
        const Matrix mask = l.recurrentSites().input()->lastMask();
        const Matrix r = pattern(out.rows(), out.cols(), 2.0f);
        l.backward(x, out, r, &dA);
        const Matrix gradA = l.weightHh().grad;
        l.forward(pattern(50, 8, 1.0f), scratch, PassContext{Mode::Eval, 17, 5, 0, false});
        l.forward(pattern(33, 8, 2.0f), scratch, PassContext{Mode::MonteCarlo, 17, 9, 0, false});
        QCOMPARE(l.recurrentSites().input()->lastMask(), mask);
        l.backward(x, out, r, &dB);
        QCOMPARE(dB, dA);
        QCOMPARE(l.weightHh().grad, gradA);
    }
    void bitIdenticalAcrossThreads() {
        const ExperimentConfig c = stackedConfig();
        const auto one = trainAndCollect(c, 1, 12);
        QVERIFY(trainAndCollect(c, 2, 12) == one);
        QVERIFY(trainAndCollect(c, 4, 12) == one);
        QVERIFY(trainAndCollect(c, 1, 12) == one);  // and again in the same process
    }
};

QTEST_APPLESS_MAIN(RecurrentLayersTest)
#include "test_recurrent_layers.moc"

// Sequence data sets: w4-sines reproduces WORKLOADS.md's D4 checksums exactly; sine-forecast and
// sequence-class have their shapes, formulas, balance and determinism; the spec reads, rejects
// and round-trips `length`.
#include <QtTest>

#include <cmath>
#include <cstring>

#include "core/config_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "datasets/sequence_generators.h"
#include "datasets/splitmix64.h"

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

QString specError(const char* text) {
    try {
        spec(text);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class SequenceDatasetsTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void w4SinesMatchTheWorkloadChecksums() {
        // DATA W4 n=4096 sum_x=37.831772 sum_y=-52.890969 x_first=0.436733902
        //        x_last=0.577260256 y_first=-0.957949638 y_last=0.870236814
        const Dataset d = makeDataset(spec(R"({"kind": "w4-sines"})"), 123);
        QCOMPARE(d.size(), 4096);
        QCOMPARE(d.sampleShape, std::vector<int>({50, 1}));
        QCOMPARE(QString::asprintf("%.6f", sumOf(d.x)), QString("37.831772"));
        QCOMPARE(QString::asprintf("%.6f", sumOf(d.y)), QString("-52.890969"));
        QCOMPARE(QString::asprintf("%.9g", d.x(0, 0)), QString("0.436733902"));
        QCOMPARE(QString::asprintf("%.9g", d.x(4095, 49)), QString("0.577260256"));
        QCOMPARE(QString::asprintf("%.9g", d.y(0, 0)), QString("-0.957949638"));
        QCOMPARE(QString::asprintf("%.9g", d.y(4095, 0)), QString("0.870236814"));
        QVERIFY(sameBits(d.x, makeDataset(spec(R"({"kind": "w4-sines"})"), 7).x));  // no seed
    }
    void splitmixMatchesTheReference() {
        // splitmix64(0) is the first output of the SplitMix64 reference generator seeded with 0.
        QCOMPARE(splitmix::next(0), 0xE220A8397B1DCDAFull);
        QVERIFY(splitmix::u01(4, 0) >= 0.0 && splitmix::u01(4, 0) < 1.0);
    }
    void sineForecastFollowsItsFormula() {
        const Dataset clean = makeSineForecast(50, 30, 0.0, 3);
        QCOMPARE(clean.sampleShape, std::vector<int>({30, 1}));
        QCOMPARE(clean.x.cols(), 30L);
        QCOMPARE(clean.y.cols(), 1L);
        QCOMPARE(clean.numClasses, 0);
        QVERIFY(clean.x.cwiseAbs().maxCoeff() <= 1.2f);
        // The same seed with noise is the clean set plus noise·ε.
        const Dataset noisy = makeSineForecast(50, 30, 0.1, 3);
        const double resid = (noisy.x - clean.x).cwiseAbs().mean();
        QVERIFY(resid > 0.05 && resid < 0.12);  // E|0.1·ε| = 0.08
        QVERIFY(sameBits(noisy.x, makeSineForecast(50, 30, 0.1, 3).x));
        QVERIFY(!sameBits(noisy.x, makeSineForecast(50, 30, 0.1, 4).x));
        // The target continues the sequence smoothly: |y − x[T−1]| is bounded by the slope.
        for (int i = 0; i < clean.size(); ++i)
            QVERIFY(std::abs(clean.y(i, 0) - clean.x(i, 29)) <= 2 * 0.6 * kTwoPi * 0.12 + 1e-5);
    }
    void sequenceClassHasItsFrequencies() {
        const Dataset d = makeSequenceClass(300, 3, 40, 0.0, 5);
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.sampleShape, std::vector<int>({40, 1}));
        QCOMPARE(d.classNames, std::vector<std::string>({"f=0.050", "f=0.125", "f=0.200"}));
        std::vector<int> counts(3, 0);
        for (int i = 0; i < d.size(); ++i) {
            const int c = int(d.y(i, 0));
            ++counts[c];
            // A pure sine of frequency f satisfies x[t+1] + x[t−1] = 2 cos(2πf) x[t].
            const double k = 2.0 * std::cos(kTwoPi * sequenceClassFrequency(c, 3));
            for (int t = 1; t + 1 < 40; ++t)
                QVERIFY(std::abs(d.x(i, t + 1) + d.x(i, t - 1) - k * d.x(i, t)) < 1e-5);
        }
        QCOMPARE(counts, std::vector<int>({100, 100, 100}));
    }
    void specReadsLengthAndRejectsIt() {
        DatasetSpec s = spec(R"({"kind": "sine-forecast", "length": 20, "noise": 0.2})");
        QCOMPARE(s.length, 20);
        QCOMPARE(DatasetSpec::fromJson(s.toJson(), "dataset"), s);
        QCOMPARE(makeDataset(s, 1).sampleShape, std::vector<int>({20, 1}));
        DatasetSpec c = spec(R"({"kind": "sequence-class", "classes": 4, "length": 16})");
        QCOMPARE(makeDataset(c, 1).numClasses, 4);
        QCOMPARE(DatasetSpec::fromJson(c.toJson(), "dataset"), c);
        QCOMPARE(spec(R"({"kind": "sine-forecast"})").noiseLevel(), 0.1);
        QVERIFY(specError(R"({"kind": "spiral", "length": 20})")
                    .contains("dataset.length: does not apply to kind \"spiral\""));
        QVERIFY(specError(R"({"kind": "w4-sines", "noise": 0.1})").contains("dataset.noise"));
        QVERIFY(specError(R"({"kind": "sine-forecast", "length": 1})").contains("dataset.length"));
    }
};

QTEST_APPLESS_MAIN(SequenceDatasetsTest)
#include "test_sequence_datasets.moc"

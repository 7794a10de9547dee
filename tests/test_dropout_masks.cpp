// Mask statistics and sharing rules of dense dropout sites: drop fraction,
// expectation preservation for both scalings, Gaussian moments, backward uses
// the forward mask, masks change per step and repeat per key.
#include <QtTest>

#include "core/config_error.h"
#include "core/dropout_layer.h"

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

}  // namespace

class DropoutMaskTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void dropFractionWithinFiveSigma_data() {
        QTest::addColumn<double>("rate");
        for (double r : {0.1, 0.3, 0.5, 0.8}) QTest::newRow(qPrintable(QString::number(r))) << r;
    }
    void dropFractionWithinFiveSigma() {
        QFETCH(double, rate);
        auto d = site(rate);
        Matrix m = trainMask(d, 1);
        const double n = double(m.size());
        const double dropped = double((m.array() == 0.0f).count()) / n;
        const double sigma = std::sqrt(rate * (1 - rate) / n);
        QVERIFY2(std::abs(dropped - rate) < 5 * sigma,
                 qPrintable(QString("dropped %1").arg(dropped)));
    }
    void invertedKeepsExpectation() {
        auto d = site(0.4);
        Matrix m = trainMask(d, 2);
        // Kept units carry exactly 1/(1-rate); the mean multiplier is 1 within 5σ.
        QVERIFY(((m.array() == 0.0f) || (m.array() == 1.0f / 0.6f)).all());
        const double sigma = std::sqrt(0.4 / 0.6 / double(m.size()));
        QVERIFY(std::abs(m.mean() - 1.0) < 5 * sigma);
        Matrix x = Matrix::Random(kRows, kCols), out;
        d.forward(x, out, PassContext{Mode::Eval, 9, 2, 0, false});
        QCOMPARE(out, x);  // identity at test time
    }
    void classicScalesAtTest() {
        auto d = site(0.25, Scaling::Classic);
        Matrix m = trainMask(d, 3);
        QVERIFY(((m.array() == 0.0f) || (m.array() == 1.0f)).all());  // no scaling in training
        // E[train output] = 0.75·x, and the test rule gives exactly 0.75·x.
        Matrix x = Matrix::Constant(kRows, kCols, 2.0f), out;
        d.forward(x, out, PassContext{Mode::Eval, 9, 3, 0, false});
        QVERIFY((out.array() == 1.5f).all());
        const double sigma = 2.0 * std::sqrt(0.25 * 0.75 / double(m.size()));
        QVERIFY(std::abs((m.array() * 2.0f).mean() - 1.5) < 5 * sigma);
    }
    void classicAndInvertedDrawTheSameUnits() {
        auto inv = site(0.3, Scaling::Inverted);
        auto cls = site(0.3, Scaling::Classic);
        Matrix a = trainMask(inv, 5), b = trainMask(cls, 5);
        QVERIFY(((a.array() == 0.0f) == (b.array() == 0.0f)).all());
        QVERIFY(a.isApprox(b / 0.7f));
    }
    void gaussianMoments() {
        const double rate = 0.3;
        auto d = site(rate, Scaling::Inverted, Variant::Gaussian);
        Matrix m = trainMask(d, 6);
        const double n = double(m.size());
        const double mean = m.mean();
        const double var = (m.array() - mean).square().sum() / (n - 1);
        const double expectedVar = rate / (1 - rate);
        QVERIFY(std::abs(mean - 1.0) < 5 * std::sqrt(expectedVar / n));
        QVERIFY(std::abs(var - expectedVar) < 0.02);
        Matrix x = Matrix::Random(10, kCols), out;
        d.forward(x, out, PassContext{Mode::Eval, 9, 6, 0, false});
        QCOMPARE(out, x);
    }
    void backwardUsesForwardMask() {
        auto d = site(0.5);
        Matrix x = Matrix::Random(kRows, kCols), out, dIn;
        d.forward(x, out, PassContext{Mode::Train, 9, 7, 0, true});
        Matrix dOut = Matrix::Random(kRows, kCols);
        d.backward(x, out, dOut, &dIn);
        QCOMPARE(dIn, Matrix((dOut.array() * d.lastMask().array()).matrix()));
        QCOMPARE(out, Matrix((x.array() * d.lastMask().array()).matrix()));
    }
    void masksChangePerStepAndRepeatPerKey() {
        auto d = site(0.5);
        Matrix a = trainMask(d, 10), b = trainMask(d, 11), a2 = trainMask(d, 10);
        QVERIFY(a != b);
        QCOMPARE(a, a2);
        Matrix otherSeed = trainMask(d, 10, 1234);
        QVERIFY(a != otherSeed);
        // Rows are independent: no two rows share a mask.
        QVERIFY(a.row(0) != a.row(1));
    }
    void monteCarloUsesItsOwnStream() {
        auto d = site(0.5);
        Matrix train = trainMask(d, 12);
        Matrix mc;
        d.drawMask(mc, kRows, PassContext{Mode::MonteCarlo, 9, 12, 0, false});
        QVERIFY(mc != train);
        QVERIFY(((mc.array() == 0.0f) || (mc.array() == 2.0f)).all());
    }
    void rateZeroIsIdentity() {
        auto d = site(0.0);
        Matrix x = Matrix::Random(kRows, kCols), out;
        d.forward(x, out, PassContext{Mode::Train, 9, 1, 0, true});
        QCOMPARE(out, x);
        d.forward(x, out, PassContext{Mode::MonteCarlo, 9, 1, 0, false});
        QCOMPARE(out, x);
    }
    void rateOutsideRangeIsRejected() {
        QVERIFY_THROWS_EXCEPTION(InputError, site(1.0));
        QVERIFY_THROWS_EXCEPTION(InputError, site(-0.1));
        auto d = site(0.2);
        QVERIFY_THROWS_EXCEPTION(InputError, d.setRate(1.0));
        QCOMPARE(d.rate(), 0.2);
        try {
            d.setRate(1.5);
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("[0, 1)"));
        }
    }
};

QTEST_APPLESS_MAIN(DropoutMaskTest)
#include "test_dropout_masks.moc"

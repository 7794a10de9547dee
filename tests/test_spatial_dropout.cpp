// Spatial dropout on C×H×W feature maps: channel masks (constant over H×W, independent across
// samples and channels, drop fraction ≈ rate, expectation ≈ 1) and DropBlock (dropped
// fraction ≈ rate for several block sizes, contiguous squares, per-sample renormalisation);
// backward uses the mask; element dropout still works on maps.
#include <QtTest>

#include "core/dropout_layer.h"
#include "core/spatial_masks.h"

using namespace dl;

namespace {

constexpr int kRows = 300, kC = 16, kH = 12, kW = 12, kP = kH * kW;

DropoutLayer mapSite(Variant v, double rate, int block = 3, Scaling s = Scaling::Inverted,
                     std::vector<int> shape = {kC, kH, kW}) {
    DropoutSpec spec{"maps", v, rate, s};
    spec.blockSize = block;
    return DropoutLayer(spec, 2, std::move(shape));
}

Matrix trainMask(DropoutLayer& d, std::uint64_t step = 1, long rows = kRows) {
    Matrix x = Matrix::Ones(rows, shapeSize(d.outputShape())), out;
    d.forward(x, out, PassContext{Mode::Train, 21, step, 0, true});
    return d.lastMask();
}

// Expected dropped fraction of DropBlock: position p is kept only if none of the k(p) seeds
// whose block covers it fires, so E = mean_p [1 − (1 − γ)^k(p)].
double expectedBlockDrop(double rate, int b, int h, int w) {
    const double gamma = dropBlockGamma(rate, b, h, w);
    double sum = 0.0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int ky = std::min(y, h - b) - std::max(0, y - b + 1) + 1;
            const int kx = std::min(x, w - b) - std::max(0, x - b + 1) + 1;
            sum += 1.0 - std::pow(1.0 - gamma, ky * kx);
        }
    return sum / (h * w);
}

// True if the zero at (y, x) of a map lies in some all-zero b×b square inside the map.
bool inZeroSquare(const float* map, int h, int w, int b, int y, int x) {
    for (int top = std::max(0, y - b + 1); top <= std::min(y, h - b); ++top)
        for (int left = std::max(0, x - b + 1); left <= std::min(x, w - b); ++left) {
            bool all = true;
            for (int i = 0; i < b && all; ++i)
                for (int j = 0; j < b && all; ++j) all = map[(top + i) * w + left + j] == 0.0f;
            if (all) return true;
        }
    return false;
}

}  // namespace

class SpatialDropoutTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void channelMaskConstantOverPositions() {
        auto d = mapSite(Variant::Channel, 0.3);
        Matrix m = trainMask(d);
        QCOMPARE(m.cols(), long(kC * kP));
        for (long r = 0; r < m.rows(); ++r)
            for (int c = 0; c < kC; ++c) {
                auto map = m.row(r).segment(c * kP, kP);
                QVERIFY((map.array() == map(0)).all());
                QVERIFY(map(0) == 0.0f || map(0) == 1.0f / 0.7f);
            }
    }
    void channelDropFractionAndExpectation_data() {
        QTest::addColumn<double>("rate");
        for (double r : {0.1, 0.2, 0.5, 0.8}) QTest::newRow(qPrintable(QString::number(r))) << r;
    }
    void channelDropFractionAndExpectation() {
        QFETCH(double, rate);
        auto d = mapSite(Variant::Channel, rate);
        Matrix m = trainMask(d);
        const double n = double(kRows) * kC;  // independent draws: one per (sample, channel)
        const double dropped = double((m.array() == 0.0f).count()) / m.size();
        QVERIFY2(std::abs(dropped - rate) < 5 * std::sqrt(rate * (1 - rate) / n),
                 qPrintable(QString("dropped %1").arg(dropped)));
        const double sigmaMean = std::sqrt(rate / (1 - rate) / n);
        QVERIFY(std::abs(m.mean() - 1.0) < 5 * sigmaMean);
    }
    void channelDrawsIndependent() {
        // P(both dropped) for neighbouring channels of a sample, and for the same channel of
        // neighbouring samples, is rate² within 5σ; and masks are not copies of each other.
        const double rate = 0.5;
        auto d = mapSite(Variant::Channel, rate);
        Matrix m = trainMask(d);
        auto dropped = [&](long r, int c) { return m(r, c * kP) == 0.0f; };
        long bothChannels = 0, bothSamples = 0, pairsC = 0, pairsS = 0;
        for (long r = 0; r < kRows; ++r)
            for (int c = 0; c < kC; ++c) {
                if (c + 1 < kC) pairsC++, bothChannels += dropped(r, c) && dropped(r, c + 1);
                if (r + 1 < kRows) pairsS++, bothSamples += dropped(r, c) && dropped(r + 1, c);
            }
        const double p2 = rate * rate;
        QVERIFY(std::abs(double(bothChannels) / pairsC - p2) <
                5 * std::sqrt(p2 * (1 - p2) / pairsC));
        QVERIFY(std::abs(double(bothSamples) / pairsS - p2) <
                5 * std::sqrt(p2 * (1 - p2) / pairsS));
        QVERIFY(m.row(0) != m.row(1));
        QVERIFY(m != trainMask(d, 2));  // a new step draws a new mask
    }
    void channelBackwardAndEval() {
        auto d = mapSite(Variant::Channel, 0.4);
        Matrix x = Matrix::Random(20, kC * kP), out, dIn;
        d.forward(x, out, PassContext{Mode::Train, 21, 4, 0, true});
        QCOMPARE(out, Matrix((x.array() * d.lastMask().array()).matrix()));
        Matrix g = Matrix::Random(20, kC * kP);
        d.backward(x, out, g, &dIn);
        QCOMPARE(dIn, Matrix((g.array() * d.lastMask().array()).matrix()));
        d.forward(x, out, PassContext{Mode::Eval, 21, 4, 0, false});
        QCOMPARE(out, x);  // inverted: identity at test time
        auto classic = mapSite(Variant::Channel, 0.4, 3, Scaling::Classic);
        Matrix cm = trainMask(classic, 4, 20);
        QVERIFY(((cm.array() == 0.0f) || (cm.array() == 1.0f)).all());
        classic.forward(x, out, PassContext{Mode::Eval, 21, 4, 0, false});
        QVERIFY(out.isApprox(x * 0.6f));
    }
    void channelCompactMaskMatchesFullDraw() {
        // Training keeps one multiplier per (sample, channel); what it applies and what
        // lastMask() expands to must be the full mask drawMask() gives for the same pass.
        auto d = mapSite(Variant::Channel, 0.5);
        const PassContext train{Mode::Train, 21, 6, 0, true};
        Matrix x = Matrix::Random(30, kC * kP), out, dIn, full, mc, mcOut;
        d.forward(x, out, train);
        QVERIFY(d.site().compactMask() != nullptr);
        QCOMPARE(d.site().compactMask()->cols(), long(kC));
        d.drawMask(full, 30, train);
        QVERIFY((full.array() == 0.0f).any());
        QCOMPARE(out, Matrix((x.array() * full.array()).matrix()));
        // A Monte-Carlo pass in between draws its own masks and leaves training's alone.
        const PassContext mcPass{Mode::MonteCarlo, 21, 3, 0, false};
        d.forward(x, mcOut, mcPass);
        d.drawMask(mc, 30, mcPass);
        QCOMPARE(mcOut, Matrix((x.array() * mc.array()).matrix()));
        QVERIFY(mc != full);
        Matrix g = Matrix::Random(30, kC * kP);
        d.backward(x, out, g, &dIn);  // nobody has looked at the full mask yet
        QCOMPARE(dIn, Matrix((g.array() * full.array()).matrix()));
        QCOMPARE(d.lastMask(), full);
    }
    void elementVariantOnMaps() {
        auto d = mapSite(Variant::Element, 0.3);
        Matrix m = trainMask(d);
        const double dropped = double((m.array() == 0.0f).count()) / m.size();
        QVERIFY(std::abs(dropped - 0.3) < 5 * std::sqrt(0.21 / m.size()));
        long constantMaps = 0;  // with 144 independent draws a whole map is never constant
        for (long r = 0; r < 20; ++r)
            for (int c = 0; c < kC; ++c)
                constantMaps += (m.row(r).segment(c * kP, kP).array() == m(r, c * kP)).all();
        QCOMPARE(constantMaps, 0L);
    }
    void blockDropFraction_data() {
        QTest::addColumn<int>("block");
        QTest::addColumn<double>("rate");
        for (int b : {1, 3, 5, 7})
            for (double r : {0.1, 0.3})
                QTest::newRow(qPrintable(QString("b%1 r%2").arg(b).arg(r))) << b << r;
    }
    void blockDropFraction() {
        // Tolerances: the measured fraction must match the exact expectation of the sampling
        // rule (expectedBlockDrop) within 0.01, and Ghiasi's γ, which ignores overlapping
        // blocks, must put it within 25 % of the rate (it is always somewhat below the rate).
        QFETCH(int, block);
        QFETCH(double, rate);
        auto d = mapSite(Variant::Block, rate, block);
        Matrix m = trainMask(d, 5, 1000);
        const double dropped = double((m.array() == 0.0f).count()) / m.size();
        const double expected = expectedBlockDrop(rate, block, kH, kW);
        QVERIFY2(std::abs(dropped - expected) < 0.01,
                 qPrintable(QString("dropped %1, expected %2").arg(dropped).arg(expected)));
        QVERIFY2(std::abs(dropped - rate) <= 0.25 * rate,
                 qPrintable(QString("dropped %1 for rate %2").arg(dropped).arg(rate)));
    }
    void blocksAreContiguousSquares() {
        for (int b : {2, 3, 5}) {
            auto d = mapSite(Variant::Block, 0.3, b);
            Matrix m = trainMask(d, 6, 50);
            long zeros = 0;
            for (long r = 0; r < m.rows(); ++r)
                for (int c = 0; c < kC; ++c) {
                    const float* map = m.row(r).data() + c * kP;
                    for (int y = 0; y < kH; ++y)
                        for (int x = 0; x < kW; ++x) {
                            if (map[y * kW + x] != 0.0f) continue;
                            ++zeros;
                            QVERIFY2(inZeroSquare(map, kH, kW, b, y, x),
                                     qPrintable(QString("block %1: stray zero").arg(b)));
                        }
                }
            QVERIFY(zeros > 0);
        }
    }
    void blockRenormalisesPerSample() {
        auto d = mapSite(Variant::Block, 0.3, 3);
        Matrix m = trainMask(d, 7, 100);
        for (long r = 0; r < m.rows(); ++r) {
            const long kept = (m.row(r).array() != 0.0f).count();
            QVERIFY(kept > 0);
            const float scale = float(m.cols()) / float(kept);  // count / count_kept
            QVERIFY(((m.row(r).array() == 0.0f) || (m.row(r).array() == scale)).all());
            QVERIFY(std::abs(m.row(r).mean() - 1.0f) < 1e-5f);
        }
    }
    void blockBackwardUsesMask() {
        auto d = mapSite(Variant::Block, 0.25, 3);
        Matrix x = Matrix::Random(10, kC * kP), out, dIn;
        d.forward(x, out, PassContext{Mode::Train, 21, 8, 0, true});
        Matrix g = Matrix::Random(10, kC * kP);
        d.backward(x, out, g, &dIn);
        QCOMPARE(dIn, Matrix((g.array() * d.lastMask().array()).matrix()));
        QVERIFY((d.lastMask().array() == 0.0f).any());
    }
    void blockSizeClippedToMap() {
        // A block larger than the 4×4 map becomes 4×4: γ = rate and a seed drops the whole map.
        QCOMPARE(clippedBlockSize(10, MapDims{2, 4, 4}), 4);
        QCOMPARE(dropBlockGamma(0.3, 4, 4, 4), 0.3);
        auto d = mapSite(Variant::Block, 0.3, 10, Scaling::Inverted, {kC, 4, 4});
        Matrix m = trainMask(d, 9, 200);
        for (long r = 0; r < m.rows(); ++r)
            for (int c = 0; c < kC; ++c) {
                auto map = m.row(r).segment(c * 16, 16);
                QVERIFY((map.array() == map(0)).all());
            }
        const double dropped = double((m.array() == 0.0f).count()) / m.size();
        QVERIFY(std::abs(dropped - 0.3) < 5 * std::sqrt(0.21 / (200.0 * kC)));
    }
    void gammaFollowsThePaper() {
        // γ = rate/b² · HW/((H−b+1)(W−b+1)): 0.1/9 · 144/100 for b = 3 on 12×12.
        QVERIFY(std::abs(dropBlockGamma(0.1, 3, 12, 12) - 0.1 / 9 * 144 / 100) < 1e-12);
        QCOMPARE(dropBlockGamma(0.2, 1, 5, 7), 0.2);  // b = 1 is element dropout's rate
    }
    void monteCarloMasksAreSpatialToo() {
        auto d = mapSite(Variant::Channel, 0.5);
        Matrix mc;
        d.drawMask(mc, 10, PassContext{Mode::MonteCarlo, 21, 1, 0, false});
        for (long r = 0; r < 10; ++r)
            for (int c = 0; c < kC; ++c)
                QVERIFY((mc.row(r).segment(c * kP, kP).array() == mc(r, c * kP)).all());
    }
};

QTEST_APPLESS_MAIN(SpatialDropoutTest)
#include "test_spatial_dropout.moc"

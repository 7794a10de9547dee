// `dropoutlab-cli bench` through the real binary, checking behaviour, never speed: each
// workload prints one line in the PyTorch peers' format (../shared/peers/WORKLOADS.md), bad
// options fail with one sentence and exit 2, --data-check reproduces the peers' checksums, and
// W1 learns under --sanity. In process: the data sets D1, D2 and G5 have the specified shapes
// and statistics, and Trainer::trainBatch counts steps without ending epochs.
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include "core/experiment_config.h"
#include "core/trainer.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "test_helpers.h"

using namespace dl;

namespace {

struct CliResult {
    int code = -1;
    QString out, err;
};

CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(DL_CLI_PATH), args);
    CliResult r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(300000)) return r;
    if (p.exitStatus() != QProcess::NormalExit) return r;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QStringList linesStartingWith(const QString& text, const QString& prefix) {
    QStringList out;
    for (const QString& line : text.split('\n'))
        if (line.startsWith(prefix)) out << line;
    return out;
}

Dataset dataOf(const char* kind) {
    return makeDataset(DatasetSpec::fromJson({{"kind", kind}}, "dataset"), 1);
}

// The peers' --data-check output (WORKLOADS.md, "Checksums").
const char* const kPeerDataLines[] = {
    "DATA W1 n=1000 sum_x=-1.390602 sum_y=500.000000 x_first=0 x_last=0.15925011 y_first=0 "
    "y_last=1",
    "DATA W2/W3 n=8192 sum_x=3201875.774233 sum_y=36298.000000 x_first=0.452532589 "
    "x_last=0.31899032 y_first=3 y_last=3",
    "DATA W2/W3 class_counts=896,802,860,811,800,769,839,830,811,774",
    "DATA W4 n=4096 sum_x=37.831772 sum_y=-52.890969 x_first=0.436733902 x_last=0.577260256 "
    "y_first=-0.957949638 y_last=0.870236814",
    "DATA W5 n=1000 sum_x=0.000000 sum_y=0.000000 x_first=-3 x_last=3 y_first=-3 y_last=3",
};

}  // namespace

class BenchTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void everyWorkloadPrintsOneLineInThePeersFormat() {
        const CliResult r = runCli({"bench", "--steps", "2", "--warmup", "1", "--threads", "2"});
        QCOMPARE(r.code, 0);
        const QString num = R"([0-9]+\.[0-9]+)";
        const QString tail = R"( finite=1( [a-z_]+=[^ ]+)* impl=dropoutlab$)";
        const QStringList patterns = {
            "^W1 toy-mlp steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num + tail,
            "^W2 mnist-mlp steps_per_s=" + num + " samples_per_s=" + num + " steps=2 secs=" + num +
                " loss=" + num + tail,
            "^W3 cnn-spatial steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num + tail,
            "^W4 lstm-variational steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num +
                tail,
            "^W5 mc-predict ms=" + num + " reps=2 secs=" + num + " mean_std=" + num + tail,
        };
        const QStringList lines = linesStartingWith(r.out, "W");
        QCOMPARE(lines.size(), 5);
        for (int k = 0; k < 5; ++k)
            QVERIFY2(QRegularExpression(patterns[k]).match(lines[k]).hasMatch(),
                     qPrintable(lines[k]));
        QVERIFY(lines[1].contains(QRegularExpression(" gemm_fraction=[0-9.]+ ")));
        QVERIFY(r.out.contains(QRegularExpression(R"(\n# gemm sgemm n=\d+ .*gflops=[0-9.]+)")));
        QVERIFY(r.out.contains(QRegularExpression(R"(\n# peak_rss_mb=[0-9.]+)")));
        for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts))
            QVERIFY2(line.startsWith('#') || line.startsWith('W'), qPrintable(line));
    }
    void onlyTakesBothSpellings() {
        const CliResult r = runCli({"bench", "--only", "5,W1", "--steps", "1", "--warmup", "0"});
        QCOMPARE(r.code, 0);
        const QStringList lines = linesStartingWith(r.out, "W");
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].startsWith("W1 toy-mlp "));
        QVERIFY(lines[1].startsWith("W5 mc-predict "));
    }
    void unknownWorkloadIsOneSentenceAndExit2() {
        for (const QString& only : {QString("W6"), QString("W1,mlp"), QString("W1,")}) {
            const CliResult r = runCli({"bench", "--only", only});
            QCOMPARE(r.code, 2);
            QVERIFY(linesStartingWith(r.out, "W").isEmpty());
            const QString err = r.err.trimmed();
            QVERIFY2(err.startsWith("dropoutlab-cli: --only: unknown workload"), qPrintable(err));
            QVERIFY(!err.contains('\n'));
            QVERIFY(err.endsWith('.'));
        }
    }
    void badCountsAreRejected() {
        QCOMPARE(runCli({"bench", "--steps", "0"}).code, 2);
        QCOMPARE(runCli({"bench", "--threads", "0"}).code, 2);
        QCOMPARE(runCli({"bench", "--warmup", "-1"}).code, 2);
    }
    void dataCheckReproducesThePeersChecksums() {
        const CliResult r = runCli({"bench", "--data-check"});
        QCOMPARE(r.code, 0);
        const QStringList lines = linesStartingWith(r.out, "DATA ");
        QCOMPARE(lines.size(), 5);
        for (int k = 0; k < 5; ++k) QCOMPARE(lines[k], QString(kPeerDataLines[k]));
    }
    void w1LearnsUnderSanity() {
        const CliResult r = runCli({"bench", "--sanity", "--only", "W1"});
        QCOMPARE(r.code, 0);
        const QStringList lines = linesStartingWith(r.out, "SANITY W1 toy-mlp steps=3000 ");
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains(" decreased=1 ok=1 "), qPrintable(lines[0]));
    }
    void spiralIsD1() {
        const Dataset d = dataOf("w1-spiral");
        QCOMPARE(d.size(), 1000);
        QCOMPARE(d.sampleShape, std::vector<int>({2}));
        QCOMPARE(d.numClasses, 2);
        for (int i = 0; i < d.size(); ++i) {
            QCOMPARE(int(d.y(i, 0)), i % 2);  // classes alternate
            const double radius = std::hypot(double(d.x(i, 0)), double(d.x(i, 1)));
            QVERIFY(std::abs(radius - (i / 2) / 500.0) < 1e-6);  // radius t = ⌊i/2⌋/500
        }
    }
    void pixelsAreD2() {
        const Dataset d = dataOf("w2-pixels");
        QCOMPARE(d.size(), 8192);
        QCOMPARE(d.sampleShape, std::vector<int>({1, 28, 28}));
        QCOMPARE(d.numClasses, 10);
        // Every pixel is 0.5·noise + 0.5·template: in [0, 0.5) or [0.5, 1), constant per 4×4 block.
        QVERIFY(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() < 1.0f);
        for (int i : {0, 4095, 8191})
            for (int k = 0; k < 784; ++k) {
                const int corner = (k / 28 / 4 * 4) * 28 + (k % 28) / 4 * 4;
                QCOMPARE(d.x(i, k) >= 0.5f, d.x(i, corner) >= 0.5f);
            }
    }
    void gridIsG5() {
        const Dataset d = dataOf("w5-grid");
        QCOMPARE(d.size(), 1000);
        QCOMPARE(d.sampleShape, std::vector<int>({1}));
        QCOMPARE(d.numClasses, 0);
        QCOMPARE(d.x(0, 0), -3.0f);
        QCOMPARE(d.x(999, 0), 3.0f);
        QCOMPARE(d.x(500, 0), float(-3.0 + 6.0 * 500 / 999.0));
        QVERIFY(d.y == d.x);
    }
    void trainBatchCountsStepsWithoutEndingEpochs() {
        auto trainer = makeTrainerFor(test::minimalConfigJson());
        const Matrix& x = trainer->data().train.x;
        const Matrix& y = trainer->data().train.y;
        for (int s = 0; s < 3 * trainer->stepsPerEpoch(); ++s)
            QVERIFY(std::isfinite(trainer->trainBatch(x.topRows(16), y.topRows(16))));
        QCOMPARE(trainer->globalStep(), long(3 * trainer->stepsPerEpoch()));
        QCOMPARE(trainer->epoch(), 0);
        QVERIFY(trainer->history().empty());
    }

  private:
    static std::unique_ptr<Trainer> makeTrainerFor(const nlohmann::json& j) {
        const ExperimentConfig c = ExperimentConfig::fromJson(j);
        return std::make_unique<Trainer>(c, loadDataSplit(c.dataset, c.seed));
    }
};

QTEST_GUILESS_MAIN(BenchTest)
#include "test_bench.moc"

// `dropoutlab-cli sweep` end to end and core/rate_sweep underneath it: the CSV's columns and
// rows, byte-identical CSVs for the same command run twice and at 1 and 2 threads, every point
// trained from the same data and initial weights, cancel, bad grids (one sentence, exit 2,
// nothing written), and a curriculum run's RUN.json rates against Morerio's formula.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>

#include "core/config_error.h"
#include "core/experiment_config.h"
#include "core/experiment_setup.h"
#include "core/rate_sweep.h"
#include "test_helpers.h"

using namespace dl;
using nlohmann::json;

namespace {

struct CliResult {
    int code = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList& args, int timeoutMs = 300000) {
    QProcess p;
    p.start(QStringLiteral(DL_CLI_PATH), args);
    CliResult r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "(did not start or timed out)";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

// Small and quick: spiral, input dropout and one hidden layer's dropout, 4 epochs.
json sweepConfig() {
    json j = test::minimalConfigJson();
    j["network"]["input_dropout"] = {{"rate", 0.1}};
    j["training"] = {{"epochs", 4}, {"batch_size", 16}};
    return j;
}

}  // namespace

class RateSweepTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString config_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        config_ = dir_.filePath("sweep.json");
        QVERIFY(writeFile(config_, QByteArray::fromStdString(sweepConfig().dump())));
    }

    void csvHasOneRowPerPair() {
        const QString out = dir_.filePath("grid.csv");
        const CliResult r =
            runCli({"sweep", "--config", config_, "--site", "layer1", "--rates", "0,0.5", "--site2",
                    "input", "--rates2", "0,0.2,0.4", "--threads", "2", "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(readAll(out)).trimmed().split('\n');
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0], QString("site,rate,site2,rate2,train_loss,val_loss,test_loss,"
                                   "train_acc,val_acc,test_acc"));
        QCOMPARE(lines[1].section(',', 0, 3), QString("layer1,0,input,0"));
        QCOMPARE(lines[3].section(',', 0, 3), QString("layer1,0,input,0.4"));
        QCOMPARE(lines[6].section(',', 0, 3), QString("layer1,0.5,input,0.4"));
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList cells = lines[i].split(',');
            QCOMPARE(cells.size(), 10);
            for (int c = 4; c < 10; ++c) {
                bool ok = false;
                const double v = cells[c].toDouble(&ok);
                QVERIFY2(ok && std::isfinite(v), qPrintable(lines[i]));
            }
        }
        QVERIFY(lines[1] != lines[6]);  // the rates made a difference
    }

    void sameCsvTwiceAndAtAnyThreadCount() {
        QByteArray first;
        for (const char* threads : {"1", "2", "2"}) {
            const QString out =
                dir_.filePath(QString("det-%1-%2.csv").arg(threads).arg(first.size()));
            const CliResult r =
                runCli({"sweep", "--config", config_, "--site", "layer1", "--rates", "0,0.25,0.5",
                        "--threads", threads, "--quiet", "--out", out});
            QVERIFY2(r.code == 0, r.err.constData());
            const QByteArray csv = readAll(out);
            QVERIFY(csv.startsWith("site,rate,train_loss"));
            if (first.isEmpty())
                first = csv;
            else
                QCOMPARE(csv, first);
        }
    }

    void csvGoesToStdoutWithoutOut() {
        const CliResult r = runCli({"sweep", "--config", config_, "--site", "input", "--rates",
                                    "0.3", "--epochs", "1", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("site,rate,train_loss"), r.out.constData());
        QCOMPARE(r.out.count('\n'), 2);
        QVERIFY2(r.err.contains("point 1/1"), r.err.constData());  // progress on stderr
    }

    void everyPointStartsFromTheSameRun() {
        // A rate equal to the config's own gives exactly the metrics of a plain training run.
        const ExperimentConfig c = ExperimentConfig::fromJson(sweepConfig());
        auto trainer = makeTrainer(c);
        trainer->run(c.training.epochs);
        const SweepGrid grid{{"layer1", {0.2, 0.5}}, std::nullopt};
        const SweepResult res = runRateSweep(c, grid);
        QCOMPARE(res.points.size(), std::size_t(2));
        QVERIFY(res.classification && !res.cancelled);
        QCOMPARE(res.points[1].rate, 0.5);
        QVERIFY(res.points[1].val.loss == trainer->history().back().val.loss);
        QVERIFY(res.points[1].test.loss == trainer->evaluate(trainer->data().test).loss);
        QVERIFY(res.points[0].val.loss != res.points[1].val.loss);
    }

    void cancelStopsThePoints() {
        const ExperimentConfig c = ExperimentConfig::fromJson(sweepConfig());
        std::atomic<bool> cancel{true};
        int calls = 0;
        const SweepResult res = runRateSweep(
            c, {{"layer1", {0.1, 0.2, 0.3}}, std::nullopt},
            [&](const SweepPoint&, int done, int total) {
                ++calls;
                QCOMPARE(total, 3);
                QVERIFY(done >= 1 && done <= 3);
            },
            &cancel);
        QVERIFY(res.cancelled);
        QCOMPARE(calls, 3);
        for (const auto& p : res.points) QVERIFY(p.status == SweepStatus::Cancelled);
        QVERIFY(sweepCsv({{"layer1", {0.1, 0.2, 0.3}}, std::nullopt}, res).find(",nan") !=
                std::string::npos);
    }

    void badGridsFailWithOneSentence_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown site")
            << QStringList{"--site", "fc9", "--rates", "0.1"} << "\"fc9\"";
        QTest::newRow("rate 1") << QStringList{"--site", "layer1", "--rates", "0,1"} << "--rates";
        QTest::newRow("negative rate")
            << QStringList{"--site", "layer1", "--rates", "-0.1"} << "[0, 1)";
        QTest::newRow("not a number")
            << QStringList{"--site", "layer1", "--rates", "0,abc"} << "abc";
        QTest::newRow("empty item")
            << QStringList{"--site", "layer1", "--rates", "0,,0.2"} << "--rates";
        QTest::newRow("bad site2")
            << QStringList{"--site", "layer1", "--rates", "0", "--site2", "nope", "--rates2", "0.1"}
            << "--site2";
        QTest::newRow("rate2 1.5") << QStringList{"--site",  "layer1", "--rates",  "0",
                                                  "--site2", "input",  "--rates2", "1.5"}
                                   << "--rates2";
        QTest::newRow("same site") << QStringList{"--site",  "layer1", "--rates",  "0",
                                                  "--site2", "layer1", "--rates2", "0.1"}
                                   << "different";
        QTest::newRow("site2 alone")
            << QStringList{"--site", "layer1", "--rates", "0", "--site2", "input"} << "--rates2";
    }
    void badGridsFailWithOneSentence() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString out = dir.filePath("never.csv");
        const CliResult r = runCli(QStringList{"sweep", "--config", config_, "--out", out} + args);
        QCOMPARE(r.code, 2);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith("dropoutlab-cli: ") && err.endsWith(".\n") && err.count('\n') == 1,
                 qPrintable(err));
        QVERIFY2(err.contains(mentions), qPrintable(err));
        QVERIFY(!err.contains("unexpected error"));
        QVERIFY(!QRegularExpression("[.!?]\\s+[A-Z]").match(err).hasMatch());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }

    void curriculumRunRecordsTheFormula() {
        // RUN.json's rates of epoch e are those of t = e − 1 completed epochs (unit "epoch"),
        // and of t = the epoch's first step (unit "step").
        const double gamma = 0.3, target = 0.6;
        json j = sweepConfig();
        j["network"]["layers"][0]["dropout"] = {
            {"rate", target}, {"schedule", {{"kind", "curriculum"}, {"gamma", gamma}}}};
        j["network"]["input_dropout"] = {
            {"rate", 0.2},
            {"schedule", {{"kind", "curriculum"}, {"unit", "step"}, {"gamma", 0.01}}}};
        j["training"]["epochs"] = 8;
        const QString config = dir_.filePath("curriculum.json"), run = dir_.filePath("run.json");
        QVERIFY(writeFile(config, QByteArray::fromStdString(j.dump())));
        const CliResult r = runCli({"train", "--config", config, "--quiet", "--out", run});
        QVERIFY2(r.code == 0, r.err.constData());
        const json rec = json::parse(readAll(run).toStdString());
        const auto& h = rec.at("history");
        QCOMPARE(h.size(), std::size_t(8));
        const int trainSize = rec["model"]["train_size"], steps = (trainSize + 15) / 16;
        for (const auto& e : h) {
            const int epoch = e["epoch"];
            const double keep = target * std::exp(-gamma * (epoch - 1)) + (1 - target);
            QVERIFY(std::abs(e["rates"]["layer1"].get<double>() - (1.0 - keep)) < 1e-15);
            const double t = double((epoch - 1) * steps);
            QVERIFY(std::abs(e["rates"]["input"].get<double>() - 0.2 * (1 - std::exp(-0.01 * t))) <
                    1e-15);
        }
        QCOMPARE(h[0]["rates"]["layer1"].get<double>(), 0.0);
    }
};

QTEST_GUILESS_MAIN(RateSweepTest)
#include "test_rate_sweep.moc"

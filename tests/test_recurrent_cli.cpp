// The recurrent presets from the command line: `masks --config sine-lstm-variational` reports
// the recurrent sites with shape [batch, timesteps, units] and masks constant over time (and
// sine-lstm-naive's vary over time); `train` records every recurrent site's rate per epoch.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode;
    QByteArray err;
};

Run runCli(const QStringList& args) {
    QProcess p;
    p.start(DL_CLI_PATH, args);
    p.waitForFinished(300000);
    return {p.exitCode(), p.readAllStandardError()};
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonArray masksOf(const QString& preset, const QString& out) {
    Run r = runCli({"masks", "--config", preset, "--steps", "2", "--threads", "2", "--out", out});
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return readJson(out)["steps"].toArray();
}

// How many (sequence, timestep > 0, unit) values differ from the same unit at timestep 0.
long changesOverTime(const QJsonObject& site) {
    const QJsonArray shape = site["shape"].toArray(), mask = site["mask"].toArray();
    const int b = shape[0].toInt(), t = shape[1].toInt(), u = shape[2].toInt();
    long changes = 0;
    for (int s = 0; s < b; ++s)
        for (int k = 1; k < t; ++k)
            for (int j = 0; j < u; ++j)
                changes += mask[(s * t + k) * u + j].toDouble() != mask[s * t * u + j].toDouble();
    return changes;
}

}  // namespace

class RecurrentCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

  private Q_SLOTS:
    void variationalMasksAreConstantOverTime() {
        const QJsonArray steps = masksOf("sine-lstm-variational", dir_.filePath("var.json"));
        QCOMPARE(steps.size(), 2);
        QStringList ids;
        for (const auto& st : steps) {
            const QJsonArray sites = st.toObject()["sites"].toArray();
            QCOMPARE(sites.size(), 2);  // input and recurrent state
            for (const auto& v : sites) {
                const QJsonObject s = v.toObject();
                QCOMPARE(s["variant"].toString(), QString("variational"));
                QCOMPARE(s["rate"].toDouble(), 0.25);
                const QJsonArray shape = s["shape"].toArray();
                QCOMPARE(shape.size(), 3);  // [batch, timesteps, units]
                QCOMPARE(shape[1].toInt(), 50);
                QCOMPARE(s["mask"].toArray().size(),
                         shape[0].toInt() * shape[1].toInt() * shape[2].toInt());
                QCOMPARE(changesOverTime(s), 0L);
                ids << s["id"].toString();
            }
        }
        const QJsonArray first = steps[0].toObject()["sites"].toArray();
        QCOMPARE(first[0].toObject()["shape"].toArray()[2].toInt(), 1);   // x: 1 feature
        QCOMPARE(first[1].toObject()["shape"].toArray()[2].toInt(), 64);  // h: 64 units
        const QJsonArray second = steps[1].toObject()["sites"].toArray();
        QVERIFY(first[1].toObject()["mask"] != second[1].toObject()["mask"]);  // new step
    }
    void naiveMasksChangeOverTime() {
        const QJsonArray steps = masksOf("sine-lstm-naive", dir_.filePath("naive.json"));
        QCOMPARE(steps.size(), 2);
        const QJsonArray sites = steps[0].toObject()["sites"].toArray();
        QCOMPARE(sites.size(), 2);
        for (const auto& v : sites) {
            QCOMPARE(v.toObject()["variant"].toString(), QString("naive"));
            QVERIFY(changesOverTime(v.toObject()) > 0);
        }
    }
    void trainRecordsRecurrentRates() {
        const QString out = dir_.filePath("run.json");
        Run r = runCli({"train", "--config", "sine-lstm-variational", "--epochs", "1", "--threads",
                        "2", "--quiet", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject run = readJson(out);
        const QJsonObject rates = run["history"].toArray()[0].toObject()["rates"].toObject();
        QCOMPARE(rates.keys(), QStringList({"lstm-input", "lstm-recurrent"}));
        QVERIFY(run["history"].toArray()[0].toObject()["val_loss"].toDouble() > 0);
    }
};

QTEST_GUILESS_MAIN(RecurrentCliTest)
#include "test_recurrent_cli.moc"

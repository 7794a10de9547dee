// `dropoutlab-cli masks` end to end: the JSON follows the contract's format, a conv site's
// channel mask is one value per (sample, channel) over all H×W positions, a dense site has
// shape [batch, units], and a bad config writes nothing.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const char* kConfig = R"({
  "name": "masks-test", "seed": 4,
  "dataset": {"kind": "shapes", "samples": 120},
  "network": {"layers": [
    {"type": "conv2d", "filters": 4, "kernel": 3, "padding": 1,
     "dropout": {"id": "maps", "variant": "channel", "rate": 0.5}},
    {"type": "maxpool2d", "size": 2},
    {"type": "conv2d", "filters": 3, "kernel": 3,
     "dropout": {"id": "blocks", "variant": "block", "rate": 0.3, "block_size": 2}},
    {"type": "dense", "units": 6, "dropout": {"id": "fc", "rate": 0.25}}]},
  "training": {"epochs": 1, "batch_size": 10}
})";

struct Run {
    int exitCode;
    QByteArray err;
};

Run runCli(const QStringList& args) {
    QProcess p;
    p.start(DL_CLI_PATH, args);
    p.waitForFinished(120000);
    return {p.exitCode(), p.readAllStandardError()};
}

}  // namespace

class CliMasksTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

  private Q_SLOTS:
    void writesMasksInTheContractFormat() {
        const QString config = dir_.filePath("config.json"), out = dir_.filePath("masks.json");
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kConfig);
        f.close();
        Run r =
            runCli({"masks", "--config", config, "--steps", "2", "--threads", "2", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile m(out);
        QVERIFY(m.open(QIODevice::ReadOnly));
        const QJsonArray steps = QJsonDocument::fromJson(m.readAll()).object()["steps"].toArray();
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps[1].toObject()["step"].toInt(), 2);
        const QJsonArray sites = steps[0].toObject()["sites"].toArray();
        QCOMPARE(sites.size(), 3);

        const QJsonObject maps = sites[0].toObject();
        QCOMPARE(maps["id"].toString(), QString("maps"));
        QCOMPARE(maps["variant"].toString(), QString("channel"));
        QCOMPARE(maps["rate"].toDouble(), 0.5);
        QCOMPARE(maps["shape"].toArray(), (QJsonArray{10, 4, 16, 16}));
        const QJsonArray mask = maps["mask"].toArray();
        QCOMPARE(mask.size(), 10 * 4 * 256);
        int dropped = 0;
        for (int s = 0; s < 10; ++s)
            for (int c = 0; c < 4; ++c) {
                const double first = mask[(s * 4 + c) * 256].toDouble();
                QVERIFY(first == 0.0 || first == 2.0);
                dropped += first == 0.0;
                for (int p = 1; p < 256; ++p)
                    QCOMPARE(mask[(s * 4 + c) * 256 + p].toDouble(), first);
            }
        QVERIFY(dropped > 0 && dropped < 40);

        QCOMPARE(sites[1].toObject()["shape"].toArray(), (QJsonArray{10, 3, 6, 6}));
        QCOMPARE(sites[1].toObject()["variant"].toString(), QString("block"));
        const QJsonObject fc = sites[2].toObject();
        QCOMPARE(fc["shape"].toArray(), (QJsonArray{10, 6}));
        QCOMPARE(fc["mask"].toArray().size(), 60);
    }
    void badConfigWritesNothing() {
        const QString out = dir_.filePath("none.json");
        Run r = runCli({"masks", "--config", dir_.filePath("missing.json"), "--out", out});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("missing.json"), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_APPLESS_MAIN(CliMasksTest)
#include "test_cli_masks.moc"

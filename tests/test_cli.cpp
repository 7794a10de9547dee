// `dropoutlab-cli train` and `presets` end to end, through the real binary: bad input fails
// with one sentence on stderr naming the file or field and writes nothing; a diverging run
// stops cleanly; RUN.json has the contract's sections and is the same at 1 and 2 threads;
// --seed and --epochs override the file; every built-in preset trains one epoch.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>

#include "core/experiment_config.h"
#include "test_helpers.h"

using nlohmann::json;

namespace {

struct CliResult {
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList& args, int timeoutMs = 120000) {
    QProcess p;
    p.start(QStringLiteral(DL_CLI_PATH), args);
    CliResult r;
    if (!p.waitForStarted(10000)) return r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "(timed out)";
        return r;
    }
    r.status = p.exitStatus();
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(text) == text.size();
}

json readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return json();
    return json::parse(f.readAll().toStdString(), nullptr, false);
}

// Every entry of a folder, hidden ones included (a leftover "run.json.tmp1234" shows up here).
QStringList entries(const QString& dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

// The contract's error: one line, "dropoutlab-cli: <one sentence>." Returns why not, or "".
QString errorShapeProblem(const QByteArray& err) {
    const QString s = QString::fromUtf8(err);
    if (!s.endsWith('\n') || s.count('\n') != 1) return "stderr is not exactly one line";
    const QString line = s.trimmed();
    if (!line.startsWith("dropoutlab-cli: ")) return "stderr does not start with the program name";
    if (!line.endsWith('.')) return "the sentence does not end with a full stop";
    if (line.contains("unexpected error")) return "bad input reached the unexpected-error path";
    return {};
}

// True if the line holds more than one sentence (a full stop followed by a capitalised word).
bool hasSecondSentence(const QByteArray& err) {
    static const QRegularExpression re(QStringLiteral("[.!?]\\s+[A-Z]"));
    return re.match(QString::fromUtf8(err)).hasMatch();
}

bool allFinite(const json& entry, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (!entry.contains(k) || !entry[k].is_number() || !std::isfinite(entry[k].get<double>()))
            return false;
    return true;
}

// The site ids a written config declares: every object under "network" with an "id" (dense and
// conv layers' "dropout", "input_dropout", recurrent layers' "recurrent_dropout", "zoneout", …).
void collectSiteIds(const json& j, std::set<std::string>& ids) {
    if (j.is_object() && j.contains("id") && j["id"].is_string())
        ids.insert(j["id"].get<std::string>());
    if (j.is_structured())
        for (const auto& v : j) collectSiteIds(v, ids);
}

std::set<std::string> siteIds(const json& config) {
    std::set<std::string> ids;
    collectSiteIds(config.at("network"), ids);
    return ids;
}

std::set<std::string> keysOf(const json& obj) {
    std::set<std::string> keys;
    for (const auto& [k, v] : obj.items()) keys.insert(k);
    return keys;
}

// A quick experiment on a regression set that SGD with a huge learning rate blows up.
json divergingConfig() {
    json c = dl::test::minimalConfigJson();
    c["dataset"] = {{"kind", "sine-gap"}, {"samples", 200}};
    c["optimizer"] = {{"kind", "sgd"}, {"lr", 1e6}};
    return c;
}

}  // namespace

class CliTest : public QObject {
    Q_OBJECT
    QTemporaryDir runs_;  // RUN.json files shared by the spiral-dropout tests
    QString runA_, runB_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(runs_.isValid());
        QVERIFY2(QFile::exists(DL_CLI_PATH), DL_CLI_PATH);
        runA_ = runs_.filePath("a.json");
        runB_ = runs_.filePath("b.json");
        for (const auto& [threads, out] : {std::pair{"1", runA_}, std::pair{"2", runB_}}) {
            CliResult r = runCli({"train", "--config", "spiral-dropout", "--epochs", "20",
                                  "--threads", threads, "--quiet", "--out", out});
            QCOMPARE(r.status, QProcess::NormalExit);
            QVERIFY2(r.code == 0, r.err.constData());
        }
    }

    // ---- bad input: non-zero exit, one sentence naming the file/field, nothing written ----

    void badInputFailsCleanly_data() {
        QTest::addColumn<QByteArray>("config");  // written to DIR/config.json unless empty
        QTest::addColumn<QString>("configArg");  // --config value; DIR/ is the temp folder
        QTest::addColumn<QStringList>("extraArgs");
        QTest::addColumn<QString>("outArg");        // --out value
        QTest::addColumn<QStringList>("mentions");  // substrings the sentence must hold

        const QString cfg = "DIR/config.json", out = "DIR/run.json";
        auto mutated = [](auto&& edit) {
            json c = dl::test::minimalConfigJson();
            edit(c);
            return QByteArray::fromStdString(c.dump(2));
        };
        auto row = [&](const char* name, const QByteArray& config, const QStringList& mentions,
                       const QStringList& extra = {}, const QString& configArg = {},
                       const QString& outArg = {}) {
            QTest::newRow(name) << config << (configArg.isEmpty() ? cfg : configArg) << extra
                                << (outArg.isEmpty() ? out : outArg) << mentions;
        };

        row("malformed JSON", R"({"name": "t", "seed": 7,, "dataset": {}})",
            {cfg, "not valid JSON"});
        row("unknown top-level field", mutated([](json& c) { c["bogus"] = 1; }),
            {cfg, "bogus", "unknown field"});
        row("unknown dropout field",
            mutated([](json& c) { c["network"]["layers"][0]["dropout"]["dropuot"] = 0.5; }),
            {cfg, "network.layers[0].dropout.dropuot", "unknown field"});
        row("unknown layer field",
            mutated([](json& c) { c["network"]["layers"][0]["dropuot"] = 0.5; }),
            {cfg, "network.layers[0].dropuot", "unknown field"});
        row("unknown optimizer field", mutated([](json& c) {
                c["optimizer"] = {{"kind", "adam"}, {"learning_rate", 0.1}};
            }),
            {cfg, "optimizer.learning_rate", "unknown field"});
        row("drop rate 1.0",
            mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = 1.0; }),
            {cfg, "network.layers[0].dropout.rate", "[0, 1)"});
        row("drop rate -0.1",
            mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = -0.1; }),
            {cfg, "network.layers[0].dropout.rate", "[0, 1)", "-0.1"});
        row("input drop rate 1.0", mutated([](json& c) {
                c["network"]["input_dropout"] = {{"rate", 1.0}};
            }),
            {cfg, "network.input_dropout.rate", "[0, 1)"});
        row("drop rate as text",
            mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = "0.5"; }),
            {cfg, "network.layers[0].dropout.rate", "expected a number"});
        row("zero units", mutated([](json& c) { c["network"]["layers"][0]["units"] = 0; }),
            {cfg, "network.layers[0].units", "≥ 1"});
        row("no layers field", mutated([](json& c) { c["network"].erase("layers"); }),
            {cfg, "network.layers", "required"});
        row("unknown optimizer kind", mutated([](json& c) {
                c["optimizer"] = {{"kind", "rmsprop"}};
            }),
            {cfg, "optimizer.kind", "\"sgd\"", "\"adam\"", "rmsprop"});
        row("duplicate site ids", mutated([](json& c) {
                c["network"]["layers"][0]["dropout"]["id"] = "same";
                c["network"]["input_dropout"] = {{"id", "same"}, {"rate", 0.1}};
            }),
            {cfg, "\"same\"", "unique"});
        row("csv with only a header", mutated([](json& c) {
                c["dataset"] = {{"kind", "csv"}, {"path", "DIR/header-only.csv"}, {"target", "y"}};
            }),
            {"header-only.csv", "no data rows"});
        row("too few samples", mutated([](json& c) { c["dataset"]["samples"] = 5; }),
            {cfg, "dataset.samples", "≥ 10"});
        row("split leaves validation empty", mutated([](json& c) {
                c["dataset"]["samples"] = 10;
                c["dataset"]["split"] = {{"train", 0.9}, {"val", 0.05}};
            }),
            {"dataset", "validation set", "empty"});
        row("missing config file", QByteArray(), {"DIR/missing.json", "no such file"}, {},
            "DIR/missing.json");
        row("unknown preset", QByteArray(),
            {"no-such-preset", "no built-in preset", "spiral-dropout"}, {}, "no-such-preset");
        row("--epochs 0", mutated([](json&) {}), {"--epochs", "≥ 1"}, {"--epochs", "0"});
        row("--epochs not a number", mutated([](json&) {}), {"--epochs", "abc"},
            {"--epochs", "abc"});
        row("--out in a missing folder", mutated([](json&) {}), {"DIR/no/such/folder/run.json"}, {},
            {}, "DIR/no/such/folder/run.json");
    }

    void badInputFailsCleanly() {
        QFETCH(QByteArray, config);
        QFETCH(QString, configArg);
        QFETCH(QStringList, extraArgs);
        QFETCH(QString, outArg);
        QFETCH(QStringList, mentions);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto inDir = [&](QString s) { return s.replace("DIR", dir.path()); };
        QVERIFY(writeFile(dir.filePath("header-only.csv"), "x1,x2,y\n"));
        if (!config.isEmpty())
            QVERIFY(
                writeFile(dir.filePath("config.json"), inDir(QString::fromUtf8(config)).toUtf8()));
        const QStringList before = entries(dir.path());

        QStringList args = {"train", "--config", inDir(configArg), "--out", inDir(outArg)};
        args << "--threads"
             << "2"
             << "--quiet";
        args += extraArgs;
        const CliResult r = runCli(args);

        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.code != 0, r.out.constData());
        const QString problem = errorShapeProblem(r.err);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + ": " + QString::fromUtf8(r.err)));
        QVERIFY2(!hasSecondSentence(r.err), r.err.constData());
        const QString err = QString::fromUtf8(r.err);
        for (const QString& m : mentions)
            QVERIFY2(err.contains(inDir(m)), qPrintable("\"" + inDir(m) + "\" not in: " + err));
        QVERIFY2(!QFile::exists(inDir(outArg)), "the --out file was written");
        QCOMPARE(entries(dir.path()), before);  // no RUN.json, no leftover temporary file
    }

    // ---- a run whose loss stops being finite ----

    void divergingRunWritesNothing() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString config = dir.filePath("diverge.json"), out = dir.filePath("run.json");
        QVERIFY(writeFile(config, QByteArray::fromStdString(divergingConfig().dump())));
        const QStringList before = entries(dir.path());

        const CliResult r = runCli({"train", "--config", config, "--threads", "2", "--out", out});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY(r.code != 0);
        const QString problem = errorShapeProblem(r.err);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + ": " + QString::fromUtf8(r.err)));
        QVERIFY2(r.err.contains("diverged"), r.err.constData());
        QVERIFY2(!r.out.contains("final"), r.out.constData());
        QVERIFY(!QFile::exists(out));
        QCOMPARE(entries(dir.path()), before);
        QVERIFY2(r.err.contains("nothing was written"), r.err.constData());
        QVERIFY2(!hasSecondSentence(r.err), r.err.constData());
    }

    void divergingRunKeepsAnOlderRunFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString config = dir.filePath("diverge.json"), out = dir.filePath("run.json");
        QVERIFY(writeFile(config, QByteArray::fromStdString(divergingConfig().dump())));
        const QByteArray old = "{\"an\": \"earlier run\"}\n";
        QVERIFY(writeFile(out, old));
        const QStringList before = entries(dir.path());

        const CliResult r =
            runCli({"train", "--config", config, "--threads", "2", "--quiet", "--out", out});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("diverged"), r.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), old);
        QCOMPARE(entries(dir.path()), before);
    }

    // ---- RUN.json ----

    void threadCountDoesNotChangeTheRun() {
        const json a = readJson(runA_), b = readJson(runB_);
        QVERIFY(a.is_object() && b.is_object());
        QVERIFY(a.at("history").is_array());
        QCOMPARE(a.at("history").size(), std::size_t(20));
        QVERIFY2(a.at("history") == b.at("history"), "history differs between 1 and 2 threads");
        QVERIFY2(a.at("weights") == b.at("weights"), "weights differ between 1 and 2 threads");
        QCOMPARE(a.at("final").at("test_loss").get<double>(),
                 b.at("final").at("test_loss").get<double>());
        QCOMPARE(a.at("final").at("test_acc").get<double>(),
                 b.at("final").at("test_acc").get<double>());
    }

    void runJsonHasTheContractSections() {
        const json run = readJson(runA_);
        QVERIFY(run.is_object());
        QCOMPARE(run.value("format", ""), std::string("dropoutlab-run/1"));

        // config: the whole experiment, defaults filled in, overrides applied.
        const json& c = run.at("config");
        QCOMPARE(c.at("name").get<std::string>(), std::string("spiral-dropout"));
        QCOMPARE(c.at("training").at("epochs").get<int>(), 20);  // --epochs 20
        QCOMPARE(c.at("training").at("batch_size").get<int>(), 32);
        const json& opt = c.at("optimizer");
        QCOMPARE(opt.at("kind").get<std::string>(), std::string("adam"));
        for (const char* k :
             {"lr", "momentum", "beta1", "beta2", "eps", "weight_decay", "max_norm"})
            QVERIFY2(opt.contains(k) && opt[k].is_number(), k);
        QCOMPARE(c.at("loss").get<std::string>(), std::string("auto"));
        QCOMPARE(c.at("inference").at("mode").get<std::string>(), std::string("deterministic"));
        QVERIFY(c.at("inference").contains("samples"));
        QCOMPARE(c.at("network").at("output").at("init").get<std::string>(), std::string("xavier"));
        const json& layers = c.at("network").at("layers");
        QCOMPARE(layers.size(), std::size_t(2));
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const json& d = layers[i].at("dropout");
            QCOMPARE(d.at("id").get<std::string>(), "layer" + std::to_string(i + 1));
            QCOMPARE(d.at("variant").get<std::string>(), std::string("element"));
            QCOMPARE(d.at("rate").get<double>(), 0.5);
            QCOMPARE(d.at("scaling").get<std::string>(), std::string("inverted"));
            QCOMPARE(layers[i].at("init").get<std::string>(), std::string("he"));
        }
        QVERIFY(c.at("dataset").at("split").contains("train"));
        // The written config is itself a valid experiment.
        QVERIFY(dl::ExperimentConfig::fromJson(c).toJson() == c);

        // history: one object per epoch, in order, with every site's rate.
        const json& h = run.at("history");
        QCOMPARE(h.size(), std::size_t(20));
        for (std::size_t e = 0; e < h.size(); ++e) {
            const json& r = h[e];
            QCOMPARE(r.at("epoch").get<int>(), int(e + 1));
            QVERIFY2(allFinite(r, {"train_loss", "val_loss", "train_acc", "val_acc"}),
                     r.dump().c_str());
            for (const char* k : {"train_acc", "val_acc"})
                QVERIFY(r[k].get<double>() >= 0.0 && r[k].get<double>() <= 1.0);
            QCOMPARE(keysOf(r.at("rates")), (std::set<std::string>{"layer1", "layer2"}));
            QCOMPARE(r["rates"]["layer1"].get<double>(), 0.5);
            QCOMPARE(r["rates"]["layer2"].get<double>(), 0.5);
        }
        QVERIFY2(h.back()["train_loss"].get<double>() < h.front()["train_loss"].get<double>(),
                 "the loss did not go down in 20 epochs");

        // final: the same metrics on the test split.
        const json& f = run.at("final");
        QVERIFY(allFinite(f, {"test_loss", "test_acc"}));
        QCOMPARE(f.at("epochs").get<int>(), 20);

        // weights: every parameter with its shape, enough to predict with.
        const json& w = run.at("weights");
        QVERIFY(w.is_array());
        QCOMPARE(w.size(), std::size_t(6));  // W and b of 2→64, 64→64, 64→2
        std::size_t total = 0;
        for (const json& p : w) {
            const auto shape = p.at("shape").get<std::vector<long>>();
            QCOMPARE(shape.size(), std::size_t(2));
            QCOMPARE(p.at("data").size(), std::size_t(shape[0] * shape[1]));
            QVERIFY(p.contains("layer") && p.contains("name"));
            total += p["data"].size();
        }
        QCOMPARE(total, std::size_t(2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2));
    }

    // A CSV named relative to the experiment file is found beside it, from any working folder.
    void relativeDataPathsFollowTheConfigFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkdir("data"));
        QFile csv(dir.filePath("data/points.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("x1,x2,y\n");
        for (int i = 0; i < 60; ++i)
            csv.write(QByteArray::number(i % 7) + "," + QByteArray::number(i % 5) + "," +
                      QByteArray::number(i % 2) + "\n");
        csv.close();
        json c = dl::test::minimalConfigJson();
        c["dataset"] = {{"kind", "csv"}, {"path", "data/points.csv"}, {"target", "y"}};
        QFile cfg(dir.filePath("experiment.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(QByteArray::fromStdString(c.dump()));
        cfg.close();
        QVERIFY(!QFile::exists("data/points.csv"));  // not beside the test's working folder
        const std::string loaded = dl::loadExperiment(cfg.fileName().toStdString()).dataset.path;
        QCOMPARE(QFileInfo(QString::fromStdString(loaded)).canonicalFilePath(),
                 QFileInfo(csv).canonicalFilePath());
        CliResult r = runCli(
            {"train", "--config", cfg.fileName(), "--quiet", "--out", dir.filePath("run.json")});
        QVERIFY2(r.code == 0, r.err.constData());
    }
    void seedAndEpochsOverrideTheFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto train = [&](const QString& seed, const QString& out) {
            CliResult r = runCli({"train", "--config", "spiral-dropout", "--epochs", "3", "--seed",
                                  seed, "--threads", "2", "--quiet", "--out", dir.filePath(out)});
            return r.status == QProcess::NormalExit && r.code == 0 ? readJson(dir.filePath(out))
                                                                   : json();
        };
        const json same = train("1", "seed1.json"), other = train("5", "seed5.json");
        QVERIFY(same.is_object() && other.is_object());
        QCOMPARE(other.at("config").at("seed").get<std::uint64_t>(), std::uint64_t(5));
        QCOMPARE(other.at("config").at("training").at("epochs").get<int>(), 3);
        QCOMPARE(other.at("history").size(), std::size_t(3));
        QCOMPARE(other.at("final").at("epochs").get<int>(), 3);
        // The preset's own seed (1) reproduces the first 3 epochs of the 20-epoch run...
        const json twenty = readJson(runA_);
        for (int e = 0; e < 3; ++e) QVERIFY(same["history"][e] == twenty.at("history")[e]);
        // ...and another seed gives another run.
        QVERIFY(other["history"][0]["train_loss"] != same["history"][0]["train_loss"]);
        QVERIFY(other.at("weights") != same.at("weights"));
    }

    void missingOrUnknownCommandIsNamed_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("nothing") << QStringList{} << "a command is required first";
        QTest::newRow("options only") << QStringList{"--threads", "2"}
                                      << "a command is required first";
        QTest::newRow("misspelt") << QStringList{"trian", "--epochs", "3"}
                                  << "unknown command \"trian\"";
    }
    void missingOrUnknownCommandIsNamed() {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const CliResult r = runCli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY(r.code != 0);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains('\n'), qPrintable(err));  // one sentence
        QVERIFY2(err.contains(says), qPrintable(err));
        for (const char* command : {"train", "predict", "mc-curve", "bench", "sweep", "presets"})
            QVERIFY2(err.contains(command), qPrintable(err));
    }

    // ---- presets ----

    void presetsListsTheBuiltIns() {
        const CliResult r = runCli({"presets"});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        QStringList names;
        for (const QString& line : QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts)) {
            const QStringList cols = line.split('\t');
            QVERIFY2(cols.size() == 2 && !cols[1].trimmed().isEmpty(), qPrintable(line));
            names << cols[0];
        }
        for (const char* want :
             {"spiral-dropout", "spiral-no-dropout", "spiral-small-data", "sine-gap"})
            QVERIFY2(names.contains(want), want);
        QStringList builtIn;
        for (const auto& n : dl::presetNames()) builtIn << QString::fromStdString(n);
        QCOMPARE(names, builtIn);
    }

    void everyPresetTrainsOneEpoch_data() {
        QTest::addColumn<QString>("preset");
        for (const auto& n : dl::presetNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }

    void everyPresetTrainsOneEpoch() {
        QFETCH(QString, preset);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Presets on big data sets (Fashion-MNIST: 70 000 images, ~40 s an epoch here) train on
        // a copy that keeps their network but only the first 1000 samples.
        json text = json::parse(dl::presetText(preset.toStdString()));
        QString configArg = preset;
        const int samples = text.at("dataset").value("samples", 600);
        if (samples == 0 || samples > 5000) {
            text["dataset"]["samples"] = 1000;
            configArg = dir.filePath(preset + "-1000.json");
            QVERIFY(writeFile(configArg, QByteArray::fromStdString(text.dump())));
        }
        const QString out = dir.filePath("run.json");
        const CliResult r = runCli({"train", "--config", configArg, "--epochs", "1", "--threads",
                                    "2", "--quiet", "--out", out});
        QCOMPARE(r.status, QProcess::NormalExit);
        if (r.code != 0 && r.err.contains("not installed"))
            QSKIP(r.err.constData());  // e.g. Fashion-MNIST missing on this machine
        QVERIFY2(r.code == 0, r.err.constData());

        const json run = readJson(out);
        QVERIFY(run.is_object());
        QCOMPARE(run.at("config").at("name").get<std::string>(), preset.toStdString());
        QCOMPARE(run.at("history").size(), std::size_t(1));
        const json& e = run["history"][0];
        QCOMPARE(e.at("epoch").get<int>(), 1);
        QVERIFY2(allFinite(e, {"train_loss", "val_loss"}), e.dump().c_str());
        QCOMPARE(keysOf(e.at("rates")), siteIds(run["config"]));
        const bool cls = run.at("model").at("classification").get<bool>();
        QCOMPARE(e.contains("train_acc") && e.contains("val_acc"), cls);
        QCOMPARE(run.at("final").contains("test_acc"), cls);
        QVERIFY(allFinite(run.at("final"), {"test_loss"}));
        QVERIFY(!run.at("weights").empty());
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"

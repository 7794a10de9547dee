// The explorer window through its widgets: the builder yields the expected config,
// a rate change reaches the worker, A/B runs two histories, --screenshot writes a picture.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "core/config/experiment_config.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/panels/dataset_panel.h"
#include "ui/panels/dropout_editor.h"
#include "ui/panels/layer_row.h"
#include "ui/panels/network_builder.h"
#include "ui/shell/main_window.h"
#include "ui/worker/training_controller.h"

using namespace dl;
using dl::test::waitUntil;

class MainWindowTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");
    }
    void builderYieldsTheExpectedConfig() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        NetworkBuilder& b = w.networkBuilder();
        QCOMPARE(b.layerCount(), 2);
        b.addLayer();
        b.row(2)->unitsBox()->setValue(17);
        b.row(2)->dropout()->enabledBox()->setChecked(true);
        b.row(2)->dropout()->rateBox()->setValue(0.3);
        b.inputDropout()->enabledBox()->setChecked(true);
        b.inputDropout()->rateBox()->setValue(0.2);
        b.moveLayer(b.row(2), -2);  // to the front
        ExperimentConfig c = w.currentConfig();
        QCOMPARE(int(c.layers.size()), 3);
        QCOMPARE(c.layers[0].units, 17);
        QVERIFY(c.layers[0].dropout);
        QCOMPARE(c.layers[0].dropout->rate, 0.3);
        QCOMPARE(c.layers[0].dropout->id, std::string("layer1"));
        QCOMPARE(c.layers[1].dropout->id, std::string("layer2"));
        QVERIFY(c.inputDropout);
        QCOMPARE(c.inputDropout->rate, 0.2);
        b.removeLayer(b.row(0));
        QCOMPARE(int(w.currentConfig().layers.size()), 2);
        QSignalSpy schedule(&b, &NetworkBuilder::scheduleRequested);
        b.row(1)->dropout()->scheduleButton()->click();
        QCOMPARE(schedule.count(), 1);
        QCOMPARE(schedule.at(0).at(0).toString(), QString("layer2"));
    }
    // The data panel hands every preset's data spec back unchanged; a samples box with a floor
    // of 10 once turned Fashion-MNIST's 0 ("all images") into 10 images and an empty split.
    void dataPanelRoundTripsEveryPreset() {
        DatasetPanel panel;
        for (const std::string& name : presetNames()) {
            const ExperimentConfig preset = loadExperiment(name);
            panel.setConfig(preset);
            ExperimentConfig c = preset;
            c.dataset = DatasetSpec{};
            panel.applyTo(c);
            QVERIFY2(c.dataset.toJson() == preset.dataset.toJson(), name.c_str());
        }
        panel.setConfig(loadExperiment("fashion-cnn-spatial"));
        QCOMPARE(panel.samplesBox()->text(), QString("all"));
        panel.setConfig(loadExperiment("spiral-dropout"));
        QCOMPARE(panel.samplesBox()->minimum(), 10);
        QVERIFY(panel.samplesBox()->specialValueText().isEmpty());
    }
    void builderEditsConvAndRecurrentLayers() {
        MainWindow w;
        w.loadExperiment(loadExperiment("shapes-cnn-spatial"));
        NetworkBuilder& b = w.networkBuilder();
        ExperimentConfig c = w.currentConfig();
        QCOMPARE(c.layers[0].type, std::string("conv2d"));
        QCOMPARE(c.layers[0].filters, 8);
        QCOMPARE(c.layers[0].dropout->id, std::string("conv1"));  // ids from the file are kept
        QCOMPARE(c.layers[0].dropout->variant, Variant::Channel);
        b.row(0)->dropout()->variantBox()->setCurrentText("block");
        QCOMPARE(w.currentConfig().layers[0].dropout->variant, Variant::Block);
        QCOMPARE(w.currentConfig().layers[1].type, std::string("maxpool2d"));

        w.loadExperiment(loadExperiment("sine-lstm-variational"));
        QCOMPARE(b.row(0)->typeBox()->currentText(), QString("lstm"));
        b.row(0)->recurrentSite()->variantBox()->setCurrentText("naive");
        b.row(0)->zoneoutSite()->enabledBox()->setChecked(true);
        b.row(0)->zoneoutSite()->rateBox()->setValue(0.1);
        c = w.currentConfig();
        const RecurrentOptions& r = c.layers[0].recurrent;
        QCOMPARE(r.recurrentDropout->variant, Variant::Naive);
        QCOMPARE(r.inputDropout->variant, Variant::Variational);
        QVERIFY(r.zoneout);
        QCOMPARE(r.zoneout->rate, 0.1);
        QCOMPARE(r.zoneout->id, std::string("lstm-zoneout"));  // named after the layer's sites

        b.addLayer("gru");  // queued replacement: the row is rebuilt after the event loop runs
        b.row(1)->typeBox()->setCurrentText("dense");
        QVERIFY(waitUntil([&] {
            return b.row(1)->typeBox()->currentText() == "dense" &&
                   w.currentConfig().layers[1].type == "dense";
        }));
        QCOMPARE(w.currentConfig().layers[1].units, 32);
    }
    void sliderRateReachesTheWorker() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        QVERIFY(waitUntil([&] { return w.controller().latest() != nullptr; }));
        w.networkBuilder().row(0)->dropout()->rateBox()->setValue(0.1);
        w.stepAll(1);
        QVERIFY(waitUntil([&] { return w.controller().latest()->step == 1; }));
        auto s = w.controller().latest();
        QVERIFY(s && !s->masks.empty());
        QCOMPARE(s->masks[0].rate, 0.1);
        const double dropped =
            double((s->masks[0].mask.array() == 0.0f).count()) / s->masks[0].mask.size();
        QVERIFY(dropped < 0.2);
    }
    void statusBarSaysWhenStepsGoPastThePlan() {
        MainWindow w;
        ExperimentConfig c = loadExperiment("spiral-dropout");
        c.training.epochs = 1;
        w.loadExperiment(c);
        QVERIFY(waitUntil([&] { return w.controller().latest() != nullptr; }));
        w.stepAll(100);  // several epochs of the spiral's ~13 steps each
        QVERIFY(waitUntil([&] { return w.reachedStep(100); }));
        auto statusText = [&] {
            QStringList all;
            for (QLabel* l : w.statusBar()->findChildren<QLabel*>()) all << l->text();
            return all.join(" | ");
        };
        QVERIFY(waitUntil([&] { return statusText().contains("planned"); }));
        QVERIFY2(!statusText().contains("/1 "), qPrintable(statusText()));
    }
    void abModeRunsTwoHistories() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        w.setAbMode(true);
        QVERIFY(w.controllerB());
        QVERIFY(waitUntil([&] { return w.controller().latest() && w.controllerB()->latest(); }));
        const int steps = 2 * w.controller().latest()->stepsPerEpoch;
        w.stepAll(steps);
        QVERIFY(waitUntil([&] { return w.reachedStep(steps); }));
        auto a = w.controller().latest(), b = w.controllerB()->latest();
        QVERIFY(a && b);
        QCOMPARE(int(a->history.size()), 2);
        QCOMPARE(int(b->history.size()), 2);
        QVERIFY(!a->masks.empty());
        QVERIFY(b->masks.empty());  // B is the same network without dropout
        QVERIFY(a->history.back().train.loss != b->history.back().train.loss);
    }
    void screenshotModeWritesANonBlankPng() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath("shot.png");
        const QString gui = DL_GUI_PATH;  // tests/CMakeLists.txt: a build dependency too
        QVERIFY2(QFileInfo(gui).isExecutable(),
                 qPrintable(gui + " is missing: build the dropoutlab target first"));
        QProcess p;
        // The app's QSettings (organisation "DropoutLab") live under XDG_CONFIG_HOME: an empty
        // folder of the test's own, so the user's remembered window never reaches the picture
        // and nothing the app saves reaches the user.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
        p.setProcessEnvironment(env);
        p.start(gui, {"--preset", "spiral-dropout", "--screenshot", png, "--train-steps", "50"});
        QVERIFY2(p.waitForFinished(120000), qPrintable(p.errorString()));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QImage img(png);
        QVERIFY(!img.isNull());
        QVERIFY(img.width() >= 800 && img.height() >= 600);
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 50, "the picture looks blank");
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"

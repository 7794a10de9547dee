#include "ui/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/config/ab_pair.h"
#include "core/config/site_variant.h"
#include "ui/canvas/network_view.h"
#include "ui/canvas/output_view.h"
#include "ui/panels/data_preview.h"
#include "ui/panels/dataset_panel.h"
#include "ui/panels/network_builder.h"
#include "ui/panels/schedule_dialog.h"
#include "ui/panels/schedule_editor.h"
#include "ui/panels/training_panel.h"
#include "ui/plots/metric_chart.h"
#include "ui/plots/rates_chart.h"
#include "ui/shell/app_theme.h"
#include "ui/views/confusion_view.h"
#include "ui/views/feature_maps_view.h"
#include "ui/views/image_grid_view.h"
#include "ui/views/mask_raster_view.h"
#include "ui/views/sequence_view.h"
#include "ui/views/snapshot_view.h"
#include "ui/views/tuning_view.h"
#include "ui/views/uncertainty_tab.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

const QColor kTrain(0x1f, 0x77, 0xb4);  // blue
const QColor kVal(0xe6, 0x55, 0x0d);    // orange

QScrollArea* scrolled(QWidget* w) {
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

QList<QPointF> curve(const TrainingSnapshot& s, bool val, bool accuracy) {
    QList<QPointF> pts;
    pts.reserve(int(s.history.size()));
    for (const auto& r : s.history) {
        const SplitMetrics& m = val ? r.val : r.train;
        pts.append({double(r.epoch), accuracy ? m.accuracy : m.loss});
    }
    return pts;
}

// Four decimals, or four digits in exponent form for a loss on its way to diverging (1e+40
// written out in full would push everything else off the status bar).
QString lossText(double loss) {
    return std::abs(loss) < 1e6 ? QString::number(loss, 'f', 4) : QString::number(loss, 'g', 4);
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("Dropout Lab");
    controller_ = new TrainingController(this);
    buildViews();
    buildPanels();
    buildActions();
    addView(new UncertaintyTab);
    addView(new SequenceView);
    addView(new MaskRasterView);
    statusLabel_ = new QLabel(this);
    rateLabel_ = new QLabel(this);
    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(rateLabel_);
    connect(controller_, &TrainingController::snapshotUpdated, this, &MainWindow::onSnapshot);
    connectErrors(controller_);
    addView(new ImageGridView);
    addView(new ConfusionView);
    addView(new FeatureMapsView);
    auto* tuning = new TuningView;
    addView(tuning);
    connect(tuning, &TuningView::applyRatesRequested, this, &MainWindow::applyRates);
    // A variant switched live from a view: keep the builder's picture of the network in step.
    connect(controller_, &TrainingController::siteVariantChanged, this,
            [this](const QString& id, const QString& v) {
                setConfigSiteVariant(config_, id.toStdString(), variantFromName(v.toStdString()));
                builder_->setConfig(config_);
                restartIfDiverged();
            });
    resize(1280, 800);
    restoreSettings();
}

void MainWindow::connectErrors(TrainingController* c) {
    connect(c, &TrainingController::errorOccurred, this, [this](const QString& m) {
        restartSent_ = false;  // a restart that failed to load sends no snapshot
        statusBar()->showMessage(m, 15000);
        if (isVisible() && !qEnvironmentVariableIsSet("DL_NO_DIALOGS"))
            QMessageBox::warning(this, "Dropout Lab", m);
    });
}

MainWindow::~MainWindow() {
    controller_->shutdown();
    if (controllerB_) controllerB_->shutdown();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    saveSettings();
    controller_->shutdown();
    if (controllerB_) controllerB_->shutdown();
    e->accept();
}

void MainWindow::saveSettings() {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    s.setValue("view/logScale", logAction_->isChecked());
}

void MainWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    logAction_->setChecked(s.value("view/logScale", false).toBool());
}

void MainWindow::buildActions() {
    auto* bar = addToolBar("Training");
    bar->setObjectName("trainingToolbar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    playAction_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), "Play");
    playAction_->setShortcut(Qt::Key_Space);
    playAction_->setToolTip("Play / pause training (Space)");
    connect(playAction_, &QAction::triggered, this, [this] {
        const bool run = !controller_->isRunning();
        for (auto* c : {controller_, controllerB_})
            if (c) run ? c->play() : c->pause();
    });
    stepAction_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), "Step");
    stepAction_->setShortcut(Qt::Key_S);
    stepAction_->setToolTip("Train on one mini-batch and show its dropout masks (S)");
    connect(stepAction_, &QAction::triggered, this, [this] { stepAll(1); });
    epochAction_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), "Epoch");
    epochAction_->setShortcut(Qt::Key_E);
    epochAction_->setToolTip("Train to the end of the current epoch (E)");
    connect(epochAction_, &QAction::triggered, this, [this] {
        for (auto* c : {controller_, controllerB_})
            if (c) c->stepEpoch();
    });
    resetAction_ = bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), "Reset");
    resetAction_->setShortcut(Qt::Key_R);
    resetAction_->setToolTip("Start again from the same seed: an identical rerun (R)");
    connect(resetAction_, &QAction::triggered, this, [this] {
        for (auto* c : {controller_, controllerB_})
            if (c) c->reset();
    });
    bar->addSeparator();
    abAction_ = bar->addAction("A/B compare");
    abAction_->setCheckable(true);
    abAction_->setToolTip(
        "Train a second copy side by side on the same data, seed and initial "
        "weights: B is the current network without dropout (or with 0.5 "
        "dropout if A has none). A recurrent net with variational masks is compared with "
        "naive per-timestep masks, and vice versa.");
    connect(abAction_, &QAction::toggled, this, &MainWindow::setAbMode);
    logAction_ = bar->addAction("Log scale");
    logAction_->setCheckable(true);
    logAction_->setToolTip("Show the loss on a logarithmic axis");
    connect(logAction_, &QAction::toggled, this, [this](bool on) { lossChart_->setLogScale(on); });
    auto* viewMenu = menuBar()->addMenu("&View");
    viewMenu->addAction(logAction_);
    auto* darkAction = viewMenu->addAction("Dark palette");
    darkAction->setCheckable(true);
    darkAction->setChecked(darkTheme());
    darkAction->setToolTip("Switch between the light and the dark palette (remembered)");
    connect(darkAction, &QAction::toggled, this, [](bool on) {
        applyTheme(*qApp, on);
        QSettings().setValue("view/dark", on);
    });
}

void MainWindow::buildPanels() {
    tabs_ = new QTabWidget;
    datasetPanel_ = new DatasetPanel;
    preview_ = new DataPreview;
    preview_->setMinimumHeight(220);
    auto* dataPage = new QWidget;
    auto* dataLayout = new QVBoxLayout(dataPage);
    dataLayout->addWidget(datasetPanel_);
    dataLayout->addWidget(preview_, 1);
    tabs_->addTab(dataPage, "Data");
    builder_ = new NetworkBuilder;
    tabs_->addTab(scrolled(builder_), "Network");
    trainingPanel_ = new TrainingPanel;
    auto* trainPage = new QWidget;
    auto* trainLayout = new QVBoxLayout(trainPage);
    trainLayout->addWidget(trainingPanel_);
    trainLayout->addStretch(1);
    tabs_->addTab(trainPage, "Training");
    tabs_->setCurrentIndex(1);
    auto* dock = new QDockWidget("Experiment", this);
    dock->setObjectName("experimentDock");
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setWidget(tabs_);
    dock->setMinimumWidth(400);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    connect(datasetPanel_, &DatasetPanel::dataChanged, this, &MainWindow::rebuild);
    connect(builder_, &NetworkBuilder::architectureChanged, this, &MainWindow::rebuild);
    connect(trainingPanel_, &TrainingPanel::rebuildRequired, this, &MainWindow::rebuild);
    connect(trainingPanel_, &TrainingPanel::liveSettingsChanged, this,
            &MainWindow::applyLiveSettings);
    connect(builder_, &NetworkBuilder::scheduleRequested, this, &MainWindow::editSchedule);
    connect(builder_, &NetworkBuilder::rateChanged, this, [this](const QString& id, double r) {
        controller_->setRate(id, r);
        builder_->applyTo(config_);
        restartIfDiverged();
    });
}

void MainWindow::buildViews() {
    outputA_ = new OutputViewWidget;
    outputB_ = new OutputViewWidget;
    outputB_->hide();
    networkView_ = new NetworkView;
    lossChart_ = new MetricChart("Loss", "loss");
    accChart_ = new MetricChart("Accuracy", "accuracy");
    accChart_->setFixedYRange(0.0, 1.0);
    ratesChart_ = new RatesChart;
    ratesChart_->hide();
    stageTimer_ = new QTimer(this);
    stageTimer_->setSingleShot(true);
    connect(stageTimer_, &QTimer::timeout, this, &MainWindow::updateNextStage);
    for (MetricChart* c : {lossChart_, accChart_, static_cast<MetricChart*>(ratesChart_)})
        c->setAutoSettle(false);  // updateStage settles each one after its batch of curves
    connect(ratesChart_, &RatesChart::siteClicked, this, &MainWindow::editSchedule);
    setupSeries();
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(outputA_);
    top->addWidget(outputB_);
    top->addWidget(networkView_);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    top->setStretchFactor(2, 1);
    viewTabs_ = new QTabWidget;
    viewTabs_->setObjectName("viewTabs");
    viewTabs_->setDocumentMode(true);
    viewTabs_->addTab(top, "Explore");
    connect(viewTabs_, &QTabWidget::currentChanged, this, [this] { feedCurrentView(); });
    // The rates chart beside the loss chart: stacked under it, both were too short to read.
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(lossChart_);
    bottom->addWidget(ratesChart_);
    bottom->addWidget(accChart_);
    for (int i = 0; i < 3; ++i) bottom->setStretchFactor(i, 1);
    auto* centre = new QSplitter(Qt::Vertical);
    centre->addWidget(viewTabs_);
    centre->addWidget(bottom);
    centre->setStretchFactor(0, 3);
    centre->setStretchFactor(1, 2);
    // A diverged run says so here, in the window, never in a dialog that blocks.
    banner_ = new QLabel;
    banner_->setObjectName("divergenceBanner");
    banner_->setWordWrap(true);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setStyleSheet(
        "QLabel#divergenceBanner { background: #fde2c4; color: #4a2600; border: 1px solid "
        "#d9904a; border-radius: 4px; padding: 6px 10px; }");
    banner_->hide();
    auto* page = new QWidget;
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(4);
    pageLayout->addWidget(banner_);
    pageLayout->addWidget(centre, 1);
    setCentralWidget(page);
}

ExperimentConfig MainWindow::currentConfig() const {
    ExperimentConfig c = config_;
    datasetPanel_->applyTo(c);
    builder_->applyTo(c);
    trainingPanel_->applyTo(c);
    return c;
}

void MainWindow::loadExperiment(const ExperimentConfig& config) {
    config_ = config;
    setWindowTitle(QString("Dropout Lab — %1").arg(QString::fromStdString(config.name)));
    datasetPanel_->setConfig(config);
    builder_->setConfig(config);
    trainingPanel_->setConfig(config);
    controller_->load(config_);
    if (controllerB_) controllerB_->load(abPartner(config_));
    refreshViewTabs();
}

void MainWindow::rebuild() {
    config_ = currentConfig();
    controller_->load(config_);
    if (controllerB_) controllerB_->load(abPartner(config_));
    refreshViewTabs();
    statusBar()->showMessage("Rebuilt the network: training restarts from the same seed.", 4000);
}

void MainWindow::applyLiveSettings() {
    ExperimentConfig c = currentConfig();
    config_.optimizer = c.optimizer;
    config_.training.epochs = c.training.epochs;
    for (auto* ctl : {controller_, controllerB_})
        if (ctl)
            ctl->setLiveSettings(c.optimizer.lr, c.optimizer.weightDecay, c.optimizer.maxNorm,
                                 c.training.epochs);
    restartIfDiverged();
}

void MainWindow::applyRates(const std::map<std::string, double>& rates) {
    bool any = false;
    for (const auto& [id, rate] : rates)
        if (config_.setSiteRate(id, rate)) {
            controller_->setRate(QString::fromStdString(id), rate);
            any = true;
        }
    if (any) builder_->setConfig(config_);  // the sliders show the new rates
    if (any) restartIfDiverged();
}

bool MainWindow::setSiteSchedule(const QString& siteId, const RateSchedule& schedule) {
    ExperimentConfig c = currentConfig();
    DropoutSpec* site = c.findSite(siteId.toStdString());
    if (!site) return false;
    site->schedule = schedule;
    loadExperiment(c);
    statusBar()->showMessage(
        QString("Site %1 now follows a %2 schedule: training restarts from the same seed.")
            .arg(siteId, QString::fromStdString(schedule.kind)),
        5000);
    return true;
}

void MainWindow::editSchedule(const QString& siteId) {
    const DropoutSpec* site = config_.findSite(siteId.toStdString());
    if (!site) return;
    if (site->variant == Variant::Concrete) {
        statusBar()->showMessage(
            QString("Site %1 learns its drop rate (concrete dropout): it has no schedule.")
                .arg(siteId),
            6000);
        return;
    }
    auto* dialog =
        new ScheduleDialog(siteId, site->schedule, site->rate, config_.training.epochs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto mark = [this, dialog] {  // keep the editor's "now" line on the live run
        if (auto s = controller_->latest())
            dialog->editor().setCurrentEpoch(
                s->epoch + double(s->stepInEpoch) / std::max(1, s->stepsPerEpoch),
                s->stepsPerEpoch);
    };
    mark();
    connect(controller_, &TrainingController::snapshotUpdated, dialog, mark);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { setSiteSchedule(dialog->siteId(), dialog->schedule()); });
    dialog->open();
}

void MainWindow::setAbMode(bool on) {
    if (on == abMode_) return;
    abMode_ = on;
    {
        QSignalBlocker b(abAction_);
        abAction_->setChecked(on);
    }
    if (on) {
        controllerB_ = new TrainingController(this);
        connect(controllerB_, &TrainingController::snapshotUpdated, this, &MainWindow::onSnapshot);
        connectErrors(controllerB_);
        controllerB_->load(abPartner(config_));
        if (controller_->isRunning()) controllerB_->play();
        outputA_->setTitle("A: " + QString::fromStdString(config_.name));
        outputB_->setTitle("B: " + QString::fromStdString(abPartner(config_).name));
    } else {
        // B may be busy (loading a data set, an MC curve): let it finish in the background.
        disconnect(controllerB_, nullptr, this, nullptr);
        controllerB_->shutdownLater();
        controllerB_ = nullptr;
        outputA_->setTitle({});
    }
    outputB_->setVisible(on);
    networkView_->setVisible(!on);
    refreshViewTabs();
    setupSeries();  // series names change between "train" and "A train"
    updateAllStages();
    updateDivergence();  // B's banner line comes and goes with B
}

void MainWindow::stepAll(int n) {
    for (auto* c : {controller_, controllerB_})
        if (c) c->step(n);
}

bool MainWindow::reachedStep(long steps) const {
    for (auto* c : {controller_, controllerB_})
        if (c && (!c->latest() || c->latest()->step < steps)) return false;
    return true;
}

void MainWindow::onSnapshot() {
    auto a = controller_->latest();
    if (!a) return;
    outputA_->showSnapshot(a);
    // Image and sequence data have no 2-D map or 1-D curve: give the diagram the room.
    const bool drawable = a->output.resolution > 0 || a->output.curveX.rows() > 0;
    if (outputA_->isVisible() != drawable && !abMode_) outputA_->setVisible(drawable);
    if (a->data) preview_->setData(a->data);
    if (controllerB_ && controllerB_->latest()) outputB_->showSnapshot(controllerB_->latest());
    if (playAction_->text() != (a->running ? "Pause" : "Play")) {  // a new icon relays the bar
        playAction_->setText(a->running ? "Pause" : "Play");
        playAction_->setIcon(
            style()->standardIcon(a->running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    }
    updateStatus();
    updateDivergence();
    if (activeView_) activeView_->showSnapshot(a, controllerB_ ? controllerB_->latest() : nullptr);
    // The diagram and the charts follow a few milliseconds later, one per event-loop turn,
    // each with its own repaint: input and timers get a turn between the parts of a frame
    // instead of waiting for all of it. (A QTimer object, unlike QTimer::singleShot(0), waits
    // for the loop's timer phase, after this snapshot's repaint.)
    stagesStale_ = true;
    if (!stageTimer_->isActive()) stageTimer_->start(kStageSpacingMs);
}

void MainWindow::addView(SnapshotView* view) {
    views_.push_back(view);
    // In a scroll area, a view's minimum size cannot force the window past the screen
    // (1280×800 stays 1280×800); below that size the tab scrolls instead.
    QScrollArea* area = scrolled(view);
    area->setProperty("snapshotView", QVariant::fromValue(static_cast<QObject*>(view)));
    viewTabs_->addTab(area, view->title());
    refreshViewTabs();
}

SnapshotView* MainWindow::viewAt(int index) const {
    QWidget* w = viewTabs_->widget(index);
    return w ? qobject_cast<SnapshotView*>(w->property("snapshotView").value<QObject*>()) : nullptr;
}

bool MainWindow::showView(const QString& title) {
    for (int i = 0; i < viewTabs_->count(); ++i)
        if (viewTabs_->tabText(i) == title && viewTabs_->isTabVisible(i)) {
            viewTabs_->setCurrentIndex(i);
            return true;
        }
    return false;
}

void MainWindow::refreshViewTabs() {
    if (activeView_) activeView_->setActive(false);
    activeView_ = nullptr;  // re-activated below so it asks the new controllers again
    for (int i = 0; i < viewTabs_->count(); ++i)
        if (SnapshotView* v = viewAt(i)) {
            v->setExperiment(config_, controller_, controllerB_);
            viewTabs_->setTabVisible(i, v->appliesTo(config_));
        }
    feedCurrentView();
}

// Only the tab on screen draws, and only it asks the worker for its extras.
void MainWindow::feedCurrentView() {
    SnapshotView* current = viewAt(viewTabs_->currentIndex());
    if (current != activeView_) {
        if (activeView_) activeView_->setActive(false);
        activeView_ = current;
        if (activeView_) activeView_->setActive(true);
    }
    if (activeView_ && controller_->latest())
        activeView_->showSnapshot(controller_->latest(),
                                  controllerB_ ? controllerB_->latest() : nullptr);
}

void MainWindow::setupSeries() {
    for (MetricChart* chart : {lossChart_, accChart_}) {
        chart->removeAllSeries();
        const QString a = abMode_ ? "A " : "";
        chart->addSeries(a + "train", kTrain, Qt::SolidLine);
        chart->addSeries(a + "val", kVal, Qt::SolidLine);
        if (!abMode_) continue;
        chart->addSeries("B train", kTrain, Qt::DashLine);
        chart->addSeries("B val", kVal, Qt::DashLine);
    }
}

void MainWindow::updateAllStages() {
    for (int k = 0; k < kStages; ++k) updateStage(k);
}

bool MainWindow::chartsSettled() const {
    return !stageTimer_->isActive() && nextStage_ == 0 && !stagesStale_;
}

void MainWindow::updateNextStage() {
    if (nextStage_ == 0) stagesStale_ = false;  // a round starts from the latest snapshot
    updateStage(nextStage_);
    nextStage_ = (nextStage_ + 1) % kStages;
    // On to the next stage, or a new round if a snapshot arrived during this one.
    if (nextStage_ != 0 || stagesStale_) stageTimer_->start(kStageSpacingMs);
}

void MainWindow::updateStage(int which) {
    auto a = controller_->latest();
    if (!a) return;
    if (which == kDiagram) {
        if (!abMode_) networkView_->showSnapshot(a);
        return;
    }
    if (which == kRates) {
        const bool ratesWereHidden = ratesChart_->isHidden();
        ratesChart_->showRuns(*controller_, controllerB_);
        if (ratesWereHidden && !ratesChart_->isHidden())  // it appears: equal chart widths
            if (auto* bottom = qobject_cast<QSplitter*>(ratesChart_->parentWidget()))
                bottom->setSizes({1000, 1000, 1000});
        ratesChart_->settle();
        return;
    }
    const bool accuracy = which == kAccuracy;
    MetricChart* chart = accuracy ? accChart_ : lossChart_;
    if (accuracy) chart->setVisible(a->classification);
    if (accuracy && !a->classification) return;
    chart->setSeries(abMode_ ? "A train" : "train", curve(*a, false, accuracy));
    chart->setSeries(abMode_ ? "A val" : "val", curve(*a, true, accuracy));
    auto b = controllerB_ ? controllerB_->latest() : SnapshotPtr();
    if (abMode_ && b && (!accuracy || b->classification)) {
        chart->setSeries("B train", curve(*b, false, accuracy));
        chart->setSeries("B val", curve(*b, true, accuracy));
    }
    chart->settle();
}

void MainWindow::updateStatus() {
    auto s = controller_->latest();
    // Stepping on past the plan (Step, --train-steps) reads "epoch 157 (150 planned)".
    const QString epoch =
        s->epoch <= s->plannedEpochs
            ? QString("epoch %1/%2").arg(s->epoch).arg(s->plannedEpochs)
            : QString("epoch %1 (%2 planned)").arg(s->epoch).arg(s->plannedEpochs);
    QString text = QString("%1   step %2   batch loss %3")
                       .arg(epoch)
                       .arg(s->step)
                       .arg(lossText(s->lastBatchLoss));
    if (!s->history.empty()) {
        const auto& h = s->history.back();
        text += QString("   val loss %1").arg(lossText(h.val.loss));
        if (s->classification) text += QString("   val acc %1").arg(h.val.accuracy, 0, 'f', 3);
    }
    statusLabel_->setText(text);
    rateLabel_->setText(s->running ? QString("%1 steps/s").arg(s->stepsPerSecond, 0, 'f', 0)
                                   : QString("paused"));
}

bool MainWindow::anyDiverged() const {
    return controller_->diverged() || (controllerB_ && controllerB_->diverged());
}

void MainWindow::updateDivergence() {
    QStringList lines;
    for (auto* c : {controller_, controllerB_})
        if (c && c->diverged())
            lines << (abMode_ ? (c == controller_ ? "A: " : "B: ") : QString()) +
                         QString::fromStdString(c->latest()->error);
    const bool diverged = !lines.isEmpty();
    if (!diverged) restartSent_ = false;
    if (banner_->text() != lines.join('\n')) banner_->setText(lines.join('\n'));
    banner_->setVisible(diverged);
    for (QAction* a : {playAction_, stepAction_, epochAction_}) a->setEnabled(!diverged);
    if (!diverged) return;
    for (auto* c : {controller_, controllerB_})  // an A/B pair stops together
        if (c && c->isRunning()) c->pause();
}

void MainWindow::restartIfDiverged() {
    if (restartSent_ || !anyDiverged()) return;
    restartSent_ = true;
    for (auto* c : {controller_, controllerB_})
        if (c) c->reset();
    statusBar()->showMessage(
        "The run had diverged: training restarts from the same seed with the change.", 6000);
}

}  // namespace dl

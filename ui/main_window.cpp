#include "main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include "loss_chart.h"
#include "training_controller.h"

namespace dl {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("Dropout Lab");
    controller_ = new TrainingController(this);
    lossChart_ = new LossChart(this);
    setCentralWidget(lossChart_);
    buildToolbar();
    statusLabel_ = new QLabel(this);
    rateLabel_ = new QLabel(this);
    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(rateLabel_);
    connect(controller_, &TrainingController::snapshotUpdated, this, &MainWindow::onSnapshot);
    connect(controller_, &TrainingController::errorOccurred, this, [this](const QString& m) {
        statusBar()->showMessage(m, 10000);
        if (isVisible() && !qEnvironmentVariableIsSet("DL_NO_DIALOGS"))
            QMessageBox::warning(this, "Training stopped", m);
    });
    resize(1280, 800);
}

MainWindow::~MainWindow() { controller_->shutdown(); }

void MainWindow::closeEvent(QCloseEvent* e) {
    controller_->shutdown();
    e->accept();
}

void MainWindow::buildToolbar() {
    auto* bar = addToolBar("Training");
    bar->setObjectName("trainingToolbar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    playAction_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), "Play");
    playAction_->setShortcut(Qt::Key_Space);
    playAction_->setToolTip("Play / pause training (Space)");
    connect(playAction_, &QAction::triggered, controller_, &TrainingController::togglePlay);
    auto* stepAct = bar->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), "Step");
    stepAct->setToolTip("Train on one mini-batch (one step)");
    connect(stepAct, &QAction::triggered, controller_, [this] { controller_->step(1); });
    auto* epochAct = bar->addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), "Epoch");
    epochAct->setToolTip("Train to the end of the current epoch");
    connect(epochAct, &QAction::triggered, controller_, &TrainingController::stepEpoch);
    auto* resetAct = bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), "Reset");
    resetAct->setToolTip("Start again from the same seed: an identical rerun");
    connect(resetAct, &QAction::triggered, controller_, &TrainingController::reset);
}

void MainWindow::loadExperiment(const ExperimentConfig& config) {
    setWindowTitle(QString("Dropout Lab — %1").arg(QString::fromStdString(config.name)));
    controller_->load(config);
}

void MainWindow::onSnapshot(const SnapshotPtr& s) {
    lossChart_->showSnapshot(s);
    playAction_->setText(s->running ? "Pause" : "Play");
    playAction_->setIcon(style()->standardIcon(s->running ? QStyle::SP_MediaPause
                                                          : QStyle::SP_MediaPlay));
    QString text = QString("epoch %1   step %2   batch loss %3")
                       .arg(s->epoch)
                       .arg(s->step)
                       .arg(s->lastBatchLoss, 0, 'f', 4);
    if (!s->history.empty()) {
        const auto& h = s->history.back();
        text += QString("   val loss %1").arg(h.val.loss, 0, 'f', 4);
        if (s->classification) text += QString("   val acc %1").arg(h.val.accuracy, 0, 'f', 3);
    }
    statusLabel_->setText(text);
    rateLabel_->setText(s->running ? QString("%1 steps/s").arg(s->stepsPerSecond, 0, 'f', 0)
                                   : QString("paused"));
}

}  // namespace dl

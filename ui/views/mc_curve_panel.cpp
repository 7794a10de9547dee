#include "ui/views/mc_curve_panel.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/plots/line_plot.h"
#include "ui/plots/reliability_diagram.h"

namespace dl {
namespace {

// "Test split", or "First 1000 of 7000 test samples" when the worker measured on a part.
QString measuredOn(const McCurveView& c) {
    if (c.rows <= 0 || c.rows >= c.splitSize) return "Test split";
    return QString("First %1 of %2 test samples").arg(c.rows).arg(c.splitSize);
}

}  // namespace

McCurvePanel::McCurvePanel(QWidget* parent) : QWidget(parent) {
    maxT_ = new QSpinBox;
    maxT_->setRange(2, 500);
    maxT_->setValue(50);
    maxT_->setPrefix("T max ");
    maxT_->setToolTip("Largest number of MC passes to average (the curve runs T = 1 … T max).");
    compute_ = new QPushButton("Compute");
    compute_->setToolTip(
        "Runs T max dropout passes over the test split in the training thread (training "
        "pauses meanwhile)\nand compares their running average with the single weight-scaled "
        "pass.");
    auto_ = new QCheckBox("Recompute when paused");
    auto_->setChecked(true);
    auto_->setToolTip("Whenever training stops (Pause, Step), compute the curve for that step.");
    progress_ = new QProgressBar;
    progress_->setRange(0, 0);  // busy: the worker reports no partial progress
    progress_->setMaximumWidth(120);
    progress_->setTextVisible(false);
    progress_->hide();
    status_ = new QLabel;
    status_->setWordWrap(true);
    accuracy_ = new LinePlot("Test accuracy", "T (passes averaged)", "accuracy");
    nll_ = new LinePlot("Test NLL", "T (passes averaged)", "NLL (nats)");
    reliability_ = new ReliabilityDiagram;
    const QString wait = "Press Compute (or pause training) for MC averaging vs weight scaling.";
    accuracy_->setPlaceholder(wait);
    nll_->setPlaceholder(wait);
    reliability_->setMessage(wait);
    accuracy_->setToolTip(
        "MC averaging: the mean of T dropout passes, as T grows. Weight scaling (dashed): one "
        "pass with\nevery unit kept and scaled, the usual test-time network. The 2014 paper "
        "found them close at T ≈ 50.");
    nll_->setToolTip(
        "Negative log-likelihood of the true class on the test split: lower is better; it "
        "punishes confident mistakes,\nso it shows calibration where accuracy does not.");

    auto* controls = new QHBoxLayout;
    controls->addWidget(maxT_);
    controls->addWidget(compute_);
    controls->addWidget(progress_);
    controls->addWidget(auto_);
    controls->addStretch(1);
    auto* charts = new QGridLayout;
    charts->addWidget(accuracy_, 0, 0);
    charts->addWidget(nll_, 0, 1);
    charts->addWidget(reliability_, 1, 0, 1, 2);
    charts->setRowStretch(0, 1);
    charts->setRowStretch(1, 1);
    auto* title = new QLabel("<b>MC averaging vs weight scaling</b>");
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(6, 4, 6, 4);
    box->addWidget(title);
    box->addLayout(controls);
    box->addWidget(status_);
    box->addLayout(charts, 1);
    connect(compute_, &QPushButton::clicked, this, &McCurvePanel::requestCompute);
}

int McCurvePanel::maxT() const {
    return maxT_->value();
}
void McCurvePanel::setMaxT(int t) {
    maxT_->setValue(t);
}

void McCurvePanel::reset() {
    shown_.reset();
    waitingPast_.reset();
    setBusy(false);
    lastAutoStep_ = -1;
    status_->clear();
    accuracy_->setSeries({});
    nll_->setSeries({});
    nll_->setVisible(true);
    reliability_->setVisible(true);
    reliability_->setMessage(
        "Press Compute (or pause training) for MC averaging vs weight "
        "scaling.");
}

void McCurvePanel::requestCompute() {
    waitingPast_ = shown_;
    setBusy(true);
    Q_EMIT computeRequested(maxT_->value());
}

void McCurvePanel::setBusy(bool on) {
    busy_ = on;
    progress_->setVisible(on);
    compute_->setEnabled(!on);
    if (on) status_->setText(QString("Computing %1 passes over the test split…").arg(maxT()));
}

bool McCurvePanel::upToDate(long step) const {
    if (busy_) return false;
    if (!auto_->isChecked()) return true;
    return shown_ && shown_->step == step;
}

void McCurvePanel::showSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    currentStep_ = s->step;
    if (s->mcCurve && s->mcCurve != shown_ && (!busy_ || s->mcCurve != waitingPast_)) {
        shown_ = s->mcCurve;
        setBusy(false);
        drawCurve(*shown_);
    }
    if (shown_ && !busy_ && shown_->error.empty() && shown_->classification)
        status_->setText(
            shown_->step == s->step
                ? QString("%1, computed at step %2.").arg(measuredOn(*shown_)).arg(shown_->step)
                : QString("Computed at step %1; training is now at step %2.")
                      .arg(shown_->step)
                      .arg(s->step));
    const bool stale = !shown_ || shown_->step != s->step;
    if (auto_->isChecked() && !s->running && s->step > 0 && stale && !busy_ &&
        lastAutoStep_ != s->step) {
        lastAutoStep_ = s->step;  // once per step, even if that computation fails
        requestCompute();
    }
}

void McCurvePanel::drawCurve(const McCurveView& c) {
    if (!c.error.empty()) {
        status_->setText("Could not compute: " + QString::fromStdString(c.error));
        return;
    }
    QList<QPointF> mc, mcNll;
    for (size_t i = 0; i < c.t.size(); ++i) {
        mc.append({double(c.t[i]), c.mcAccuracy[i]});
        if (i < c.mcNll.size()) mcNll.append({double(c.t[i]), c.mcNll[i]});
    }
    const double t1 = c.t.empty() ? 1 : c.t.back();
    auto flat = [&](double y) { return QList<QPointF>{{1, y}, {t1, y}}; };
    const QString mcName = "MC average";
    accuracy_->setSeries({{mcName, mc, mcColour(), Qt::SolidLine},
                          {"weight scaling", flat(c.wsAccuracy), wsColour(), Qt::DashLine}});
    nll_->setVisible(c.classification);
    reliability_->setVisible(c.classification);
    if (!c.classification) {  // no class probabilities: RMSE, and ±2σ coverage as calibration
        accuracy_->setTitles("Test RMSE", "RMSE");
        accuracy_->setSubtitle("lower is better");
        status_->setText(QString("%1, step %2. %3% of the test targets lie within the "
                                 "MC mean ± 2σ (T = %4; about 95% if σ were calibrated).")
                             .arg(measuredOn(c))
                             .arg(c.step)
                             .arg(100 * c.mcCoverage2, 0, 'f', 1)
                             .arg(c.t.size()));
        return;
    }
    accuracy_->setTitles("Test accuracy", "accuracy");
    accuracy_->setSubtitle({});
    nll_->setSeries({{mcName, mcNll, mcColour(), Qt::SolidLine},
                     {"weight scaling", flat(c.wsNll), wsColour(), Qt::DashLine}});
    reliability_->setBins(c.mcBins, c.mcEce, c.wsBins, c.wsEce, int(c.t.size()));
}

}  // namespace dl

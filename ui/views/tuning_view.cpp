#include "ui/views/tuning_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/plots/rates_chart.h"
#include "ui/plots/sweep_curve_plot.h"
#include "ui/plots/sweep_heatmap.h"
#include "ui/worker/sweep_runner.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

enum Metric { ValLoss, ValAccuracy, TrainLoss, TestLoss };

double metricOf(const SweepPoint& p, int metric) {
    if (p.status != SweepStatus::Done) return std::numeric_limits<double>::quiet_NaN();
    switch (metric) {
        case ValAccuracy:
            return p.val.accuracy;
        case TrainLoss:
            return p.train.loss;
        case TestLoss:
            return p.test.loss;
        default:
            return p.val.loss;
    }
}

// Points that have not finished yet read as NaN (drawn as gaps).
SweepResult emptyResult(const SweepGrid& g) {
    SweepResult r;
    r.points.resize(size_t(g.size()));
    return r;
}

}  // namespace

TuningView::TuningView(QWidget* parent) : SnapshotView(parent) {
    runner_ = new SweepRunner(this);
    connect(runner_, &SweepRunner::progressed, this, &TuningView::onProgress);
    connect(runner_, &SweepRunner::finished, this, &TuningView::onFinished);
    connect(runner_, &SweepRunner::failed, this,
            [this](const QString& m) { status_->setText("The sweep stopped: " + m); });
    auto* layout = new QHBoxLayout(this);
    auto* form = new QScrollArea;
    form->setWidget(buildForm());
    form->setWidgetResizable(true);
    form->setFrameShape(QFrame::NoFrame);
    form->setMinimumWidth(300);
    form->setMaximumWidth(380);
    layout->addWidget(form);
    auto* right = new QVBoxLayout;
    heading_ = new QLabel;
    QFont bold = heading_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    heading_->setFont(bold);
    heading_->setWordWrap(true);
    right->addWidget(heading_);
    plots_ = new QStackedWidget;
    curves_ = new SweepCurvePlot;
    heatmap_ = new SweepHeatmap;
    plots_->addWidget(curves_);
    plots_->addWidget(heatmap_);
    right->addWidget(plots_, 1);
    layout->addLayout(right, 1);
    connect(curves_, &SweepCurvePlot::pointClicked, this, [this](const QString& site, double rate) {
        apply({{site.toStdString(), rate}});
    });
    connect(heatmap_, &SweepHeatmap::cellClicked, this, [this](double x, double y) {
        const SweepGrid& g = grids2D_.front();
        apply({{g.first.site, x}, {g.second->site, y}});
    });
    updateControls();
}

TuningView::~TuningView() {
    runner_->cancel();  // ~SweepRunner joins; the controllers stay paused as the app closes
}

QWidget* TuningView::buildForm() {
    auto* page = new QWidget;
    auto* v = new QVBoxLayout(page);
    auto* box = new QGroupBox("Rate sweep");
    auto* f = new QFormLayout(box);
    mode_ = new QComboBox;
    mode_->addItem("1-D: each site on its own");
    mode_->addItem("2-D: two sites together");
    mode_->setToolTip(
        "1-D trains one run per rate for each chosen site (the others keep "
        "their rates); 2-D trains one run per pair of rates of two sites.");
    f->addRow("Sweep", mode_);
    sites_ = new QListWidget;
    sites_->setToolTip("The sites to sweep, one curve each.");
    f->addRow("Sites", sites_);
    xSite_ = new QComboBox;
    xSite_->setToolTip("The site whose rate runs along the heat map's x axis.");
    f->addRow("x site", xSite_);
    ySite_ = new QComboBox;
    ySite_->setToolTip("The site whose rate runs up the heat map's y axis.");
    f->addRow("y site", ySite_);
    auto rateBox = [](double v) {
        auto* b = new QDoubleSpinBox;
        b->setRange(0.0, 0.95);
        b->setSingleStep(0.05);
        b->setDecimals(2);
        b->setValue(v);
        b->setToolTip("Drop rates (probability of dropping a unit) from 0 up to 0.95.");
        return b;
    };
    from_ = rateBox(0.0);
    to_ = rateBox(0.8);
    auto* range = new QHBoxLayout;
    range->addWidget(from_, 1);
    range->addWidget(new QLabel("to"));
    range->addWidget(to_, 1);
    f->addRow("Rates", range);
    count_ = new QSpinBox;
    count_->setRange(2, 21);
    count_->setValue(5);
    count_->setToolTip("How many evenly spaced rates per site (2-D: per axis, so count² runs).");
    f->addRow("Count", count_);
    epochs_ = new QSpinBox;
    epochs_->setRange(1, 100000);
    epochs_->setValue(30);
    epochs_->setToolTip(
        "Each run trains this many epochs from the same seed and initial "
        "weights, then is scored on the final epoch.");
    f->addRow("Epochs per run", epochs_);
    metric_ = new QComboBox;
    metric_->addItem("validation loss", ValLoss);
    metric_->addItem("validation accuracy", ValAccuracy);
    metric_->addItem("training loss", TrainLoss);
    metric_->addItem("test loss", TestLoss);
    metric_->setToolTip("What the plot shows for each run (at the end of its last epoch).");
    f->addRow("Show", metric_);
    v->addWidget(box);
    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton("Run sweep");
    run_->setToolTip("Start the sweep in the background; training pauses until it ends.");
    cancel_ = new QPushButton("Cancel");
    cancel_->setToolTip("Stop the sweep; finished runs stay on the plot.");
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    v->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setFormat("no sweep yet");
    progress_->setRange(0, 1);
    progress_->setValue(0);
    v->addWidget(progress_);
    status_ = new QLabel;
    status_->setWordWrap(true);
    v->addWidget(status_);
    auto* hint = new QLabel(
        "Click a point (1-D) or a cell (2-D) to give the network those "
        "drop rates. Training pauses while a sweep runs: both use every "
        "core.");
    hint->setWordWrap(true);
    v->addWidget(hint);
    v->addStretch(1);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
        updateControls();
        redraw();
    });
    connect(metric_, &QComboBox::currentIndexChanged, this, &TuningView::redraw);
    connect(count_, &QSpinBox::valueChanged, this, &TuningView::updateControls);
    connect(run_, &QPushButton::clicked, this, &TuningView::runSweep);
    connect(cancel_, &QPushButton::clicked, this, &TuningView::cancelSweep);
    return page;
}

bool TuningView::appliesTo(const ExperimentConfig& c) const {
    return !c.siteIds().empty();
}

void TuningView::setExperiment(const ExperimentConfig& c, TrainingController* a,
                               TrainingController* b) {
    SnapshotView::setExperiment(c, a, b);
    const auto ids = c.siteIds();
    if (ids == siteIds_) return;  // same sites: keep the form and the last results
    siteIds_ = ids;
    sites_->clear();
    xSite_->clear();
    ySite_->clear();
    for (const auto& id : ids) {
        const QString q = QString::fromStdString(id);
        auto* item = new QListWidgetItem(q, sites_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setForeground(siteColor(sites_->count() - 1));
        xSite_->addItem(q);
        ySite_->addItem(q);
    }
    ySite_->setCurrentIndex(std::min<int>(1, int(ids.size()) - 1));
    const int rows = std::clamp(int(ids.size()), 2, 5);  // no scrolling for up to five sites
    sites_->setFixedHeight(rows * sites_->sizeHintForRow(0) + 2 * sites_->frameWidth() + 4);
    epochs_->setValue(std::min(c.training.epochs, 30));
    grids1D_.clear();
    grids2D_.clear();
    results1D_.clear();
    results2D_.clear();
    if (ids.size() < 2) setTwoD(false);
    updateControls();
    redraw();
}

void TuningView::setTwoD(bool on) {
    mode_->setCurrentIndex(on ? 1 : 0);
}

bool TuningView::twoD() const {
    return mode_->currentIndex() == 1;
}

void TuningView::setRateRange(double from, double to, int count) {
    from_->setValue(from);
    to_->setValue(to);
    count_->setValue(count);
}

void TuningView::setEpochsPerRun(int epochs) {
    epochs_->setValue(epochs);
}

void TuningView::setSweptSites(const std::vector<std::string>& ids) {
    for (int i = 0; i < sites_->count(); ++i) {
        QListWidgetItem* item = sites_->item(i);
        const bool on = std::find(ids.begin(), ids.end(), item->text().toStdString()) != ids.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    if (ids.size() >= 1) xSite_->setCurrentText(QString::fromStdString(ids[0]));
    if (ids.size() >= 2) ySite_->setCurrentText(QString::fromStdString(ids[1]));
}

std::vector<double> TuningView::rates() const {
    std::vector<double> r;
    const int n = count_->value();
    const double a = from_->value(), b = to_->value();
    for (int i = 0; i < n; ++i) r.push_back(std::round((a + (b - a) * i / (n - 1)) * 1e6) / 1e6);
    r.erase(std::unique(r.begin(), r.end()), r.end());  // from == to gives one rate
    return r;
}

std::vector<SweepGrid> TuningView::gridsFromForm(QString* problem) const {
    std::vector<SweepGrid> grids;
    if (twoD()) {
        if (xSite_->currentText() == ySite_->currentText()) {
            *problem = "Choose two different sites for x and y.";
            return {};
        }
        SweepGrid g;
        g.first = {xSite_->currentText().toStdString(), rates()};
        g.second = SweepAxis{ySite_->currentText().toStdString(), rates()};
        grids.push_back(g);
        return grids;
    }
    for (int i = 0; i < sites_->count(); ++i)
        if (sites_->item(i)->checkState() == Qt::Checked)
            grids.push_back({{sites_->item(i)->text().toStdString(), rates()}, std::nullopt});
    if (grids.empty()) *problem = "Tick at least one site to sweep.";
    return grids;
}

bool TuningView::runSweep() {
    if (runner_->isRunning() || !controllerA_) return false;
    QString problem;
    std::vector<SweepGrid> grids = gridsFromForm(&problem);
    if (grids.empty()) {
        status_->setText(problem);
        return false;
    }
    ExperimentConfig config = controllerA_->config();  // with the rates set live so far
    config.training.epochs = epochs_->value();
    try {
        for (const SweepGrid& g : grids) checkSweepGrid(config, g);
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
        return false;
    }
    running2D_ = twoD();
    std::vector<SweepResult> empty;
    for (const SweepGrid& g : grids) empty.push_back(emptyResult(g));
    (running2D_ ? grids2D_ : grids1D_) = grids;
    (running2D_ ? results2D_ : results1D_) = empty;
    // Pause training so the sweep gets the cores; resume afterwards if it was running.
    resumeA_ = controllerA_->isRunning();
    resumeB_ = controllerB_ && controllerB_->isRunning();
    controllerA_->pause();
    if (controllerB_) controllerB_->pause();
    int total = 0;
    for (const SweepGrid& g : grids) total += g.size();
    progress_->setFormat("%v of %m runs");
    progress_->setRange(0, total);
    progress_->setValue(0);
    (running2D_ ? epochs2D_ : epochs1D_) = epochs_->value();
    runner_->start(config, std::move(grids));
    status_->setText(QString("Training %1 runs of %2 epochs…").arg(total).arg(epochs_->value()));
    updateControls();
    redraw();
    return true;
}

void TuningView::cancelSweep() {
    if (!runner_->isRunning()) return;
    runner_->cancel();
    status_->setText("Cancelling: the runs in progress stop at their next epoch…");
}

bool TuningView::isSweeping() const {
    return runner_->isRunning();
}

bool TuningView::readyForScreenshot() const {
    return !runner_->isRunning();
}

QString TuningView::statusText() const {
    return status_->text();
}

void TuningView::onProgress(int grid, const SweepPoint& p, int done, int total) {
    auto& results = running2D_ ? results2D_ : results1D_;
    if (grid < int(results.size()) && p.index < int(results[grid].points.size()))
        results[grid].points[size_t(p.index)] = p;
    progress_->setRange(0, total);
    progress_->setValue(done);
    redraw();
}

void TuningView::onFinished(bool cancelled) {
    auto& results = running2D_ ? results2D_ : results1D_;
    // A grid the job never reached (cancelled, or the job failed first) comes back without
    // points: keep what progress filled in for it.
    const std::vector<SweepResult>& got = runner_->results();
    if (got.size() == results.size())
        for (size_t g = 0; g < got.size(); ++g)
            if (got[g].points.size() == results[g].points.size()) {
                results[g] = got[g];
                classification_ = got[g].classification;
            }
    int done = 0, diverged = 0;
    for (const auto& r : results)
        for (const auto& p : r.points) {
            done += p.status == SweepStatus::Done;
            diverged += p.status == SweepStatus::Diverged;
        }
    if (!status_->text().startsWith("The sweep stopped"))
        status_->setText(QString("%1 %2 runs finished%3.")
                             .arg(cancelled ? "Cancelled:" : "Done:")
                             .arg(done)
                             .arg(diverged ? QString(", %1 diverged").arg(diverged) : QString()));
    if (controllerA_ && resumeA_) controllerA_->play();
    if (controllerB_ && resumeB_) controllerB_->play();
    resumeA_ = resumeB_ = false;
    updateControls();
    redraw();
    if (!status_->text().startsWith("The sweep stopped"))
        status_->setText(status_->text() + bestText());
    Q_EMIT sweepFinished(cancelled);
}

// "Best: layer1 = 0.2, layer2 = 0 (validation loss 0.438)" for the plot on screen.
QString TuningView::bestText() const {
    if (twoD()) {
        const auto [i, j] = heatmap_->bestCell();
        if (i < 0) return {};
        const SweepGrid2D& g = heatmap_->grid();
        return QString("\nBest: %1 = %2, %3 = %4 (%5 %6).")
            .arg(g.xSite)
            .arg(g.xRates[i], 0, 'g', 3)
            .arg(g.ySite)
            .arg(g.yRates[j], 0, 'g', 3)
            .arg(metric_->currentText())
            .arg(g.value(i, j), 0, 'g', 4);
    }
    QStringList parts;
    for (int c = 0; c < int(curves_->curves().size()); ++c)
        if (const int b = curves_->bestIndex(c); b >= 0)
            parts << QString("%1 = %2")
                         .arg(curves_->curves()[c].site)
                         .arg(curves_->curves()[c].rates[b], 0, 'g', 3);
    return parts.isEmpty() ? QString()
                           : "\nBest " + metric_->currentText() + ": " + parts.join(", ") + ".";
}

void TuningView::updateControls() {
    const bool busy = runner_->isRunning();
    const bool two = twoD();
    for (QWidget* w : std::initializer_list<QWidget*>{mode_, sites_, xSite_, ySite_, from_, to_,
                                                      count_, epochs_, run_})
        w->setEnabled(!busy);
    cancel_->setEnabled(busy);
    auto* form = static_cast<QFormLayout*>(sites_->parentWidget()->layout());
    form->setRowVisible(sites_, !two);
    form->setRowVisible(xSite_, two);
    form->setRowVisible(ySite_, two);
    const int runs = two ? count_->value() * count_->value() : count_->value();
    run_->setText(QString("Run %1 %2").arg(runs).arg(two ? "runs" : "runs per site"));
    plots_->setCurrentIndex(two ? 1 : 0);
    // 2-D needs two sites; accuracy only exists for classification.
    if (auto* model = qobject_cast<QStandardItemModel*>(mode_->model()))
        model->item(1)->setEnabled(siteIds_.size() >= 2);
    if (auto* model = qobject_cast<QStandardItemModel*>(metric_->model()))
        model->item(1)->setEnabled(classification_);
    if (!classification_ && metric_->currentData().toInt() == ValAccuracy)
        metric_->setCurrentIndex(0);
}

void TuningView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr&) {
    if (a->classification == classification_) return;
    classification_ = a->classification;
    updateControls();
}

void TuningView::redraw() {
    twoD() ? redrawHeatmap() : redrawCurves();
    const bool has = twoD() ? !grids2D_.empty() : !grids1D_.empty();
    heading_->setText(has ? QString("%1 after %2 epochs per run, every run from the same seed "
                                    "and initial weights")
                                .arg(metric_->currentText())
                                .arg(twoD() ? epochs2D_ : epochs1D_)
                          : QString("No %1 sweep yet").arg(twoD() ? "2-D" : "1-D"));
    if (has) heading_->setText(heading_->text().left(1).toUpper() + heading_->text().mid(1));
}

void TuningView::redrawCurves() {
    const int metric = metric_->currentData().toInt();
    std::vector<SweepCurve> curves;
    for (size_t g = 0; g < grids1D_.size() && g < results1D_.size(); ++g) {
        SweepCurve c;
        c.site = QString::fromStdString(grids1D_[g].first.site);
        const auto it = std::find(siteIds_.begin(), siteIds_.end(), grids1D_[g].first.site);
        c.color = siteColor(int(it - siteIds_.begin()));
        c.rates = grids1D_[g].first.rates;
        for (const SweepPoint& p : results1D_[g].points) c.values.push_back(metricOf(p, metric));
        curves.push_back(std::move(c));
    }
    curves_->setCurves(std::move(curves), metric_->currentText(), metric != ValAccuracy);
}

void TuningView::redrawHeatmap() {
    const int metric = metric_->currentData().toInt();
    SweepGrid2D grid;
    if (!grids2D_.empty() && !results2D_.empty()) {
        const SweepGrid& g = grids2D_.front();
        grid.xSite = QString::fromStdString(g.first.site);
        grid.ySite = QString::fromStdString(g.second->site);
        grid.xRates = g.first.rates;
        grid.yRates = g.second->rates;
        for (const SweepPoint& p : results2D_.front().points)
            grid.values.push_back(metricOf(p, metric));
    }
    heatmap_->setGrid(std::move(grid), metric_->currentText(), metric != ValAccuracy);
}

void TuningView::apply(const std::map<std::string, double>& rates) {
    QStringList parts;
    for (const auto& [id, r] : rates)
        parts << QString("%1 = %2").arg(QString::fromStdString(id)).arg(r, 0, 'g', 3);
    status_->setText("Applied " + parts.join(", ") + " to the network (live).");
    Q_EMIT applyRatesRequested(rates);
}

}  // namespace dl

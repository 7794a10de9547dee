#include "ui/views/uncertainty_tab.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/canvas/output_view.h"
#include "ui/plots/uncertainty_bands.h"
#include "ui/plots/uncertainty_map.h"
#include "ui/views/mc_curve_panel.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

enum Page { kBands, kMap, kMessage };

constexpr int kMinT = 2, kMaxT = 200;

QString sharingHelp(const std::string& sharing) {
    const QString fn =
        "function: each pass draws one dropout mask and uses it for every input, so each pass is "
        "one coherent thinned network (a smooth curve).";
    const QString per =
        "per-input: every input of every pass draws its own mask, so neighbouring points come "
        "from different networks (same mean and spread at each point, but a jagged sample).";
    return sharing == "per-input" ? per + "\n\nThe alternative, " + fn
                                  : fn + "\n\nThe alternative, " + per;
}

}  // namespace

UncertaintyTab::UncertaintyTab(QWidget* parent) : SnapshotView(parent) {
    bands_ = new UncertaintyBands;
    map_ = new UncertaintyMap;
    boundary_ = new OutputViewWidget;
    boundary_->setTitle("Weight-scaled boundary");
    message_ = new QLabel(
        "MC bands and maps are drawn for 1-D regression and 2-D classification data sets.\n"
        "MC averaging vs weight scaling (right) works for every data set.");
    message_->setAlignment(Qt::AlignCenter);
    message_->setWordWrap(true);
    auto* mapPage = new QSplitter(Qt::Horizontal);
    mapPage->addWidget(map_);
    mapPage->addWidget(boundary_);
    pages_ = new QStackedWidget;
    pages_->insertWidget(kBands, bands_);
    pages_->insertWidget(kMap, mapPage);
    pages_->insertWidget(kMessage, message_);
    curve_ = new McCurvePanel;
    auto* body = new QSplitter(Qt::Horizontal);
    body->addWidget(pages_);
    body->addWidget(curve_);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 2);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 4, 0, 0);
    box->addWidget(buildControls());
    box->addWidget(body, 1);
    connect(curve_, &McCurvePanel::computeRequested, this, [this](int maxT) {
        if (controllerA_) controllerA_->computeMcCurve(maxT);
    });
}

QWidget* UncertaintyTab::buildControls() {
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(kMinT, kMaxT);
    slider_->setValue(50);
    slider_->setMinimumWidth(160);
    slider_->setToolTip(
        "T: how many stochastic forward passes (dropout left on) are averaged. More passes "
        "give smoother, steadier bands and maps and cost proportionally more.");
    sliderLabel_ = new QLabel;
    sliderLabel_->setMinimumWidth(sliderLabel_->fontMetrics().horizontalAdvance("T = 200 passes"));
    sharingLabel_ = new QLabel;
    measure_ = new QComboBox;
    const UncertaintyMeasure kinds[] = {UncertaintyMeasure::Entropy, UncertaintyMeasure::MutualInfo,
                                        UncertaintyMeasure::WinnerStd};
    for (UncertaintyMeasure m : kinds) {
        measure_->addItem(UncertaintyMap::measureLabel(m), int(m));
        measure_->setItemData(measure_->count() - 1, UncertaintyMap::measureHelp(m),
                              Qt::ToolTipRole);
    }
    measure_->setCurrentIndex(1);
    measure_->setToolTip(UncertaintyMap::measureHelp(UncertaintyMeasure::MutualInfo));
    measureCaption_ = new QLabel("Map:");
    auto* w = new QWidget;
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(8, 0, 8, 0);
    row->addWidget(new QLabel("MC passes:"));
    row->addWidget(slider_, 1);
    row->addWidget(sliderLabel_);
    row->addSpacing(12);
    row->addWidget(sharingLabel_);
    row->addSpacing(12);
    row->addWidget(measureCaption_);
    row->addWidget(measure_);
    row->addStretch(1);
    connect(slider_, &QSlider::valueChanged, this, [this](int t) {
        sliderLabel_->setText(QString("T = %1 passes").arg(t));
        if (!slider_->isSliderDown()) sendSamples();  // dragging: wait for the release
    });
    connect(slider_, &QSlider::sliderReleased, this, &UncertaintyTab::sendSamples);
    connect(measure_, &QComboBox::currentIndexChanged, this, [this](int i) {
        const auto m = UncertaintyMeasure(measure_->itemData(i).toInt());
        map_->setMeasure(m);
        measure_->setToolTip(UncertaintyMap::measureHelp(m));
    });
    sliderLabel_->setText(QString("T = %1 passes").arg(slider_->value()));
    return w;
}

int UncertaintyTab::samples() const {
    return slider_->value();
}
void UncertaintyTab::setSamples(int t) {
    slider_->setValue(t);
}
void UncertaintyTab::setMeasureIndex(int i) {
    measure_->setCurrentIndex(i);
}

void UncertaintyTab::sendSamples() {
    if (active_ && controllerA_) controllerA_->setUncertainty(true, slider_->value());
}

void UncertaintyTab::setExperiment(const ExperimentConfig& config, TrainingController* a,
                                   TrainingController* b) {
    SnapshotView::setExperiment(config, a, b);
    // A rebuild of the same experiment keeps the user's T; a new one starts from its setting.
    if (config.name != configName_ || config.inference.samples != configSamples_) {
        configName_ = config.name;
        configSamples_ = config.inference.samples;
        QSignalBlocker block(slider_);
        slider_->setValue(std::clamp(config.inference.samples, kMinT, kMaxT));
        sliderLabel_->setText(QString("T = %1 passes").arg(slider_->value()));
    }
    const std::string& sharing = config.inference.sharing;
    sharingLabel_->setText(
        QString("Masks: %1")
            .arg(sharing == "per-input" ? "one per input (per-input)" : "one per pass (function)"));
    sharingLabel_->setToolTip(sharingHelp(sharing) +
                              "\n\nSet it with inference.sharing in the experiment file.");
    curve_->reset();
    last_.reset();
}

void UncertaintyTab::setActive(bool on) {
    active_ = on;
    if (controllerA_) controllerA_->setUncertainty(on, slider_->value());
}

void UncertaintyTab::showPage(const SnapshotPtr& s) {
    const auto& shape = s->data ? s->data->train.sampleShape : std::vector<int>{};
    const bool oneD = shape.size() == 1 && shape[0] == 1 && !s->classification;
    const bool twoD = shape.size() == 1 && shape[0] == 2 && s->classification;
    pages_->setCurrentIndex(oneD ? kBands : twoD ? kMap : kMessage);
    measure_->setVisible(twoD);
    measureCaption_->setVisible(twoD);
}

void UncertaintyTab::showSnapshot(const SnapshotPtr& a, const SnapshotPtr&) {
    if (!a) return;
    last_ = a;
    showPage(a);
    if (pages_->currentIndex() == kBands) bands_->showSnapshot(a);
    if (pages_->currentIndex() == kMap) {
        map_->showSnapshot(a);
        boundary_->showSnapshot(a);
    }
    curve_->showSnapshot(a);
}

bool UncertaintyTab::readyForScreenshot() const {
    if (!last_) return false;
    if (pages_->currentIndex() != kMessage &&
        (!last_->uncertainty || last_->uncertainty->step != last_->step ||
         last_->uncertainty->samples != slider_->value()))
        return false;
    return curve_->upToDate(last_->step);
}

}  // namespace dl

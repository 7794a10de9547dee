#include "ui/views/feature_maps_view.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/canvas/feature_map_canvas.h"
#include "ui/worker/image_extras.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

const char* const kVariants[] = {"element", "channel", "block"};

}  // namespace

FeatureMapsView::FeatureMapsView(QWidget* parent) : SnapshotView(parent) {
    sample_ = new QSpinBox;
    sample_->setRange(1, 1);
    sample_->setToolTip(
        "Which sample of the last training mini-batch to follow through the "
        "conv layers (its masks are the ones drawn for it in that step)");
    connect(sample_, &QSpinBox::valueChanged, this, [this] { request(); });
    sampleInfo_ = new QLabel;
    variants_ = new QButtonGroup(this);
    variants_->setExclusive(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel("Mini-batch sample"));
    top->addWidget(sample_);
    top->addWidget(sampleInfo_);
    top->addStretch(1);
    top->addWidget(new QLabel("Conv dropout:"));
    for (const char* name : kVariants) {
        auto* b = new QPushButton(name);
        b->setCheckable(true);
        // Fusion's checked look is a slightly darker face, invisible in the dark palette.
        b->setStyleSheet(
            "QPushButton:checked { background: palette(highlight); "
            "color: palette(highlighted-text); border: 1px solid palette(highlight); "
            "border-radius: 3px; padding: 3px 10px; }");
        b->setToolTip(QString::fromStdString(variantDescription(variantFromName(name))) +
                      "\nApplies to every conv layer's dropout from the next step on; training "
                      "goes on with the same weights.");
        variants_->addButton(b);
        top->addWidget(b);
        connect(b, &QPushButton::clicked, this, [this, name] { applyVariant(name); });
    }
    variantNote_ = new QLabel;
    canvas_ = new FeatureMapCanvas;
    scroll_ = new QScrollArea;
    scroll_->setWidget(canvas_);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(variantNote_);
    layout->addWidget(scroll_, 1);
}

bool FeatureMapsView::appliesTo(const ExperimentConfig& c) const {
    return hasConvLayers(c);
}

void FeatureMapsView::setExperiment(const ExperimentConfig& c, TrainingController* a,
                                    TrainingController* b) {
    SnapshotView::setExperiment(c, a, b);
    convSites_.clear();
    for (const LayerSpec& l : c.layers)
        if (l.type == "conv2d" && l.dropout) convSites_.push_back(l.dropout->id);
    for (QAbstractButton* button : variants_->buttons()) button->setEnabled(!convSites_.empty());
    snap_.reset();
    canvas_->setMaps(nullptr, nullptr);
}

void FeatureMapsView::setActive(bool on) {
    active_ = on;
    if (controllerA_) controllerA_->setImageExtras(false, on, sample_->value() - 1);
}

void FeatureMapsView::request() {
    if (active_ && controllerA_) controllerA_->setImageExtras(false, true, sample_->value() - 1);
}

void FeatureMapsView::setSample(int row) {
    sample_->setValue(row + 1);
}

bool FeatureMapsView::readyForScreenshot() const {
    return snap_ && snap_->featureMaps && snap_->featureMaps->step == snap_->step;
}

void FeatureMapsView::applyVariant(const QString& variant) {
    for (const std::string& id : convSites_)
        for (TrainingController* c : {controllerA_, controllerB_})
            if (c) c->setSiteVariant(QString::fromStdString(id), variant);
}

void FeatureMapsView::resizeEvent(QResizeEvent* e) {
    SnapshotView::resizeEvent(e);
    canvas_->setFitHeight(scroll_->viewport()->height());
}

void FeatureMapsView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr&) {
    if (!a || a == snap_ || !a->featureMaps) return;  // keep the last maps until new ones
    snap_ = a;
    const FeatureMapSample& m = *a->featureMaps;
    {
        QSignalBlocker block(sample_);
        sample_->setRange(1, std::max(1, m.batchRows));
    }
    sampleInfo_->setText(QString("of %1 in the last mini-batch").arg(m.batchRows));
    canvas_->setFitHeight(scroll_->viewport()->height());
    canvas_->setMaps(a->featureMaps, a->data ? &a->data->train : nullptr);
    syncVariantButtons();
}

void FeatureMapsView::syncVariantButtons() {
    QString current, shown;
    bool uniform = true;
    for (const FeatureMapLayer& l : snap_->featureMaps->layers) {
        if (l.siteId.empty()) continue;
        const QString v = QString::fromStdString(l.nextVariant);
        if (!current.isEmpty() && v != current) uniform = false;
        current = v;
        shown = QString::fromStdString(l.variant);
    }
    variants_->setExclusive(false);  // lets a mixed network show no button checked
    for (QAbstractButton* b : variants_->buttons()) b->setChecked(uniform && b->text() == current);
    variants_->setExclusive(true);
    if (current.isEmpty())
        variantNote_->setText("No conv layer has dropout: add it in the Network panel.");
    else if (shown != current)
        variantNote_->setText(QString("The masks on show were drawn as %1; the next step draws "
                                      "%2 masks (press Step).")
                                  .arg(shown, current));
    else
        variantNote_->setText(
            "Red marks what dropout removed for this sample in the current "
            "step; the maps are the conv outputs before dropout.");
}

}  // namespace dl

#include "ui/panels/dropout_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

#include <cmath>

namespace dl {

QString rateTooltip() {
    return "Drop rate: the probability that a unit is dropped at each training step "
           "(PyTorch's p, Keras' rate).\nThe 2014 paper (Srivastava et al.) writes p for the "
           "probability of KEEPING a unit: paper p = 1 − drop rate.\nAllowed: 0 ≤ rate < 1; "
           "0 turns the site into the identity.";
}

DropoutEditor::DropoutEditor(const QString& siteId, const std::vector<std::string>& variants,
                             QWidget* parent)
    : QWidget(parent), siteId_(siteId) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    enabled_ = new QCheckBox("Dropout", this);
    enabled_->setToolTip(
        "Add a dropout site after this layer. Turning it on or off rebuilds "
        "the network and restarts training.");
    variant_ = new QComboBox(this);
    for (const auto& v : variants) {
        variant_->addItem(QString::fromStdString(v));
        variant_->setItemData(variant_->count() - 1,
                              QString::fromStdString(variantDescription(variantFromName(v))),
                              Qt::ToolTipRole);
    }
    variant_->setToolTip("How the mask is drawn. Hover an entry for a one-sentence description.");
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, 95);
    slider_->setToolTip(rateTooltip());
    rateBox_ = new QDoubleSpinBox(this);
    rateBox_->setRange(0.0, 0.95);
    rateBox_->setSingleStep(0.05);
    rateBox_->setDecimals(2);
    rateBox_->setToolTip(rateTooltip());
    scaling_ = new QComboBox(this);
    scaling_->addItems({"inverted", "classic"});
    scaling_->setItemData(0,
                          "Inverted: kept units are scaled by 1/(1 − rate) while training; "
                          "nothing changes at test time.",
                          Qt::ToolTipRole);
    scaling_->setItemData(1,
                          "Classic (2014 paper): no scaling while training; outputs are "
                          "scaled by (1 − rate) at test time. Same expected output.",
                          Qt::ToolTipRole);
    scaling_->setToolTip(
        "When the 1/(1 − rate) correction is applied: while training (inverted) "
        "or at test time (classic).");
    grid->addWidget(enabled_, 0, 0);
    grid->addWidget(variant_, 0, 1);
    grid->addWidget(scaling_, 0, 2);
    rateLabel_ = new QLabel("drop rate", this);
    grid->addWidget(rateLabel_, 1, 0);
    grid->addWidget(slider_, 1, 1);
    grid->addWidget(rateBox_, 1, 2);
    schedule_ = new QToolButton(this);
    schedule_->setToolTip(
        "How this site's drop rate changes over training (ramp, curriculum, "
        "anneal, step, cosine, or adapted from the validation loss). Opens "
        "the schedule editor; applying it restarts training.");
    grid->addWidget(schedule_, 2, 1, 1, 2, Qt::AlignRight);  // spans: keeps column widths
    connect(schedule_, &QToolButton::clicked, this, [this] { Q_EMIT scheduleRequested(siteId_); });
    blockLabel_ = new QLabel("block size", this);
    blockSize_ = new QSpinBox(this);
    blockSize_->setRange(1, 15);
    blockSize_->setSuffix(" px");
    const QString blockTip =
        "DropBlock drops square blocks of this side (in feature-map pixels) "
        "around randomly chosen centres; 1 is element-wise dropout.";
    blockLabel_->setToolTip(blockTip);
    blockSize_->setToolTip(blockTip);
    grid->addWidget(blockLabel_, 2, 0);
    grid->addWidget(blockSize_, 2, 1);
    connect(blockSize_, &QSpinBox::editingFinished, this, [this] {
        if (blockSize_->value() == base_.blockSize) return;
        base_.blockSize = blockSize_->value();
        Q_EMIT structureChanged();
    });

    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        setRateSilently(v / 100.0);
        Q_EMIT rateChanged(siteId_, v / 100.0);
    });
    connect(rateBox_, &QDoubleSpinBox::valueChanged, this, [this](double r) {
        setRateSilently(r);
        Q_EMIT rateChanged(siteId_, r);
    });
    connect(enabled_, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT structureChanged();
    });
    connect(variant_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        Q_EMIT structureChanged();
    });
    connect(scaling_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT structureChanged(); });
    DropoutSpec initial;  // element-wise, inverted, rate 0.5
    initial.id = siteId.toStdString();
    setSpec(initial);
    enabled_->setChecked(false);
    updateEnabled();
}

void DropoutEditor::setRateSilently(double rate) {
    QSignalBlocker a(slider_), b(rateBox_);
    slider_->setValue(int(std::lround(rate * 100)));
    rateBox_->setValue(rate);
}

void DropoutEditor::updateEnabled() {
    const bool on = enabled_->isChecked();
    for (QWidget* w : {static_cast<QWidget*>(variant_), static_cast<QWidget*>(slider_),
                       static_cast<QWidget*>(rateBox_), static_cast<QWidget*>(scaling_)})
        w->setEnabled(on);
    const bool learned =
        variant_->currentText() == "concrete" || variant_->currentText() == "zoneout";
    schedule_->setVisible(!learned);  // a concrete rate is learned; zoneout has no schedule
    schedule_->setEnabled(on);
    schedule_->setText(QString("schedule: %1…").arg(QString::fromStdString(base_.schedule.kind)));
    // Under a schedule the box holds the schedule's r̄, not the rate in use: say which.
    const QString label = rateLabelText(base_.schedule.kind, variant_->currentText());
    rateLabel_->setText(label);
    rateLabel_->setToolTip(
        label == "drop rate"
            ? rateTooltip()
            : QString("The schedule's %1; the rate in use changes as training goes on (the "
                      "network diagram and the Drop rates chart show it).\n\n%2")
                  .arg(label, rateTooltip()));
    const bool block = variant_->currentText() == "block";
    blockLabel_->setVisible(block);
    blockSize_->setVisible(block);
    blockSize_->setEnabled(on);
    // Scaling means nothing for multiplicative-noise variants; hide it rather than mislead.
    const QString v = variant_->currentText();
    scaling_->setVisible(v != "gaussian" && v != "zoneout" && v != "concrete");
}

void DropoutEditor::setLabel(const QString& text, const QString& tooltip) {
    enabled_->setText(text);
    enabled_->setToolTip(tooltip);
}

void DropoutEditor::setSpec(const std::optional<DropoutSpec>& spec) {
    QSignalBlocker a(enabled_), b(variant_), c(scaling_), d(blockSize_);
    enabled_->setChecked(spec.has_value());
    if (spec) {
        base_ = *spec;
        siteId_ = QString::fromStdString(spec->id);
        int idx = variant_->findText(QString::fromStdString(variantName(spec->variant)));
        variant_->setCurrentIndex(std::max(0, idx));
        scaling_->setCurrentIndex(spec->scaling == Scaling::Classic ? 1 : 0);
        blockSize_->setValue(spec->blockSize);
        setRateSilently(spec->rate);
    }
    updateEnabled();
}

std::optional<DropoutSpec> DropoutEditor::spec() const {
    if (!enabled_->isChecked()) return std::nullopt;
    DropoutSpec s = base_;
    s.id = siteId_.toStdString();
    s.variant = variantFromName(variant_->currentText().toStdString());
    s.rate = rateBox_->value();
    s.scaling = scaling_->currentIndex() == 1 ? Scaling::Classic : Scaling::Inverted;
    return s;
}

QString rateLabelText(const std::string& scheduleKind, const QString& variant) {
    if (variant == "concrete") return "initial rate";
    if (scheduleKind == "ramp" || scheduleKind == "curriculum" || scheduleKind == "cosine")
        return "target rate";
    if (scheduleKind == "anneal" || scheduleKind == "step" || scheduleKind == "adaptive")
        return "initial rate";
    return "drop rate";
}

}  // namespace dl

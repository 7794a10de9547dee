#include "ui/panels/training_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSignalBlocker>
#include <QSpinBox>

namespace dl {

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    kind_ = new QComboBox(this);
    kind_->addItems({"adam", "sgd"});
    kind_->setToolTip(
        "Adam adapts a step size per weight; SGD with momentum is what the 2014 "
        "dropout paper used. Changing it restarts training.");
    lr_ = new QDoubleSpinBox(this);
    lr_->setDecimals(5);
    lr_->setRange(0.00001, 10.0);
    lr_->setSingleStep(0.001);
    lr_->setToolTip("Learning rate; applies from the next step.");
    momentum_ = new QDoubleSpinBox(this);
    momentum_->setRange(0.0, 0.99);
    momentum_->setSingleStep(0.05);
    momentum_->setToolTip("SGD momentum (ignored by Adam). Changing it restarts training.");
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 4096);
    batch_->setToolTip("Samples per step (mini-batch). Changing it restarts training.");
    l2_ = new QDoubleSpinBox(this);
    l2_->setDecimals(5);
    l2_->setRange(0.0, 1.0);
    l2_->setSingleStep(0.0001);
    l2_->setToolTip("L2 weight decay: adds decay·w to every weight's gradient (biases excluded).");
    maxNorm_ = new QDoubleSpinBox(this);
    maxNorm_->setRange(0.0, 100.0);
    maxNorm_->setSingleStep(0.5);
    maxNorm_->setSpecialValueText("off");
    maxNorm_->setToolTip(
        "Max-norm constraint from the 2014 paper: after every update each unit's "
        "incoming weight vector is scaled back to norm ≤ c (typical c: 3–4).");
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 100000);
    epochs_->setToolTip("Training pauses after this many epochs.");
    form->addRow("Optimiser", kind_);
    form->addRow("Learning rate", lr_);
    form->addRow("Momentum", momentum_);
    form->addRow("Batch size", batch_);
    form->addRow("L2 weight decay", l2_);
    form->addRow("Max-norm c", maxNorm_);
    form->addRow("Epochs", epochs_);
    for (auto* b : {lr_, l2_, maxNorm_})
        connect(b, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::liveSettingsChanged);
    connect(epochs_, &QSpinBox::valueChanged, this, &TrainingPanel::liveSettingsChanged);
    connect(kind_, &QComboBox::currentIndexChanged, this, &TrainingPanel::rebuildRequired);
    connect(momentum_, &QDoubleSpinBox::editingFinished, this, [this] {
        if (momentum_->value() != shown_.optimizer.momentum) Q_EMIT rebuildRequired();
    });
    connect(batch_, &QSpinBox::editingFinished, this, [this] {
        if (batch_->value() != shown_.training.batchSize) Q_EMIT rebuildRequired();
    });
}

void TrainingPanel::setConfig(const ExperimentConfig& c) {
    shown_ = c;
    const QSignalBlocker b1(kind_), b2(lr_), b3(momentum_), b4(batch_), b5(l2_), b6(maxNorm_),
        b7(epochs_);
    kind_->setCurrentText(QString::fromStdString(c.optimizer.kind));
    lr_->setValue(c.optimizer.lr);
    momentum_->setValue(c.optimizer.momentum);
    batch_->setValue(c.training.batchSize);
    l2_->setValue(c.optimizer.weightDecay);
    maxNorm_->setValue(c.optimizer.maxNorm);
    epochs_->setValue(c.training.epochs);
}

void TrainingPanel::applyTo(ExperimentConfig& c) const {
    c.optimizer.kind = kind_->currentText().toStdString();
    c.optimizer.lr = lr_->value();
    c.optimizer.momentum = momentum_->value();
    c.training.batchSize = batch_->value();
    c.optimizer.weightDecay = l2_->value();
    c.optimizer.maxNorm = maxNorm_->value();
    c.training.epochs = epochs_->value();
}

}  // namespace dl

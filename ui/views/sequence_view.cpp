#include "ui/views/sequence_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/config/ab_pair.h"
#include "ui/plots/sequence_plot.h"
#include "ui/worker/training_controller.h"

namespace dl {

SequenceView::SequenceView(QWidget* parent) : SnapshotView(parent) {
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel("Validation sequence:"));
    auto* prev = new QToolButton;
    prev->setArrowType(Qt::LeftArrow);
    prev->setToolTip("Previous validation sequence");
    index_ = new QSpinBox;
    index_->setRange(0, 0);
    index_->setToolTip("Which sequence of the validation split to show (0 = first)");
    auto* next = new QToolButton;
    next->setArrowType(Qt::RightArrow);
    next->setToolTip("Next validation sequence");
    countLabel_ = new QLabel;
    for (QWidget* w : {static_cast<QWidget*>(prev), static_cast<QWidget*>(index_),
                       static_cast<QWidget*>(next), static_cast<QWidget*>(countLabel_)})
        top->addWidget(w);
    top->addStretch(1);
    hint_ = new QLabel;
    hint_->setWordWrap(true);
    hint_->setForegroundRole(QPalette::PlaceholderText);
    plot_ = new SequencePlot;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hint_);
    layout->addWidget(plot_, 1);
    connect(prev, &QToolButton::clicked, this, [this] { setSequence(sequence() - 1); });
    connect(next, &QToolButton::clicked, this, [this] { setSequence(sequence() + 1); });
    connect(index_, &QSpinBox::valueChanged, this, [this] { request(); });
}

bool SequenceView::appliesTo(const ExperimentConfig& c) const {
    return isRecurrent(c) || dataTraits(c.dataset).sequences;
}

void SequenceView::setExperiment(const ExperimentConfig& c, TrainingController* a,
                                 TrainingController* b) {
    SnapshotView::setExperiment(c, a, b);
    hint_->setText(
        !dataTraits(c.dataset).regression
            ? "Classification: the sequence and the predicted class probabilities (the true "
              "class is shaded). Validation sequences are never trained on."
            : "Forecasting: the model sees the observed window and predicts the next value (dot); "
              "the dashed roll-out feeds each prediction back in as the newest input. Validation "
              "sequences are never trained on.");
    a_.reset();
    b_.reset();
    plot_->setInspections(nullptr, nullptr);
}

int SequenceView::sequence() const {
    return index_->value();
}

void SequenceView::setSequence(int index) {
    index_->setValue(index);  // clamped to the validation split by the spin box
}

void SequenceView::setActive(bool on) {
    active_ = on;
    for (auto* c : {controllerA_, controllerB_})
        if (c) c->setSequenceInspection(on, sequence());
}

void SequenceView::request() {
    if (active_) setActive(true);
}

const SequenceInspection* SequenceView::inspection(int side) const {
    const SnapshotPtr& s = side == 0 ? a_ : b_;
    return s ? s->sequence.get() : nullptr;
}

bool SequenceView::current(const SnapshotPtr& s) const {
    return s && s->sequence && s->sequence->step == s->step && s->sequence->index == sequence();
}

bool SequenceView::readyForScreenshot() const {
    return current(a_) && (!controllerB_ || current(b_));
}

void SequenceView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) {
    a_ = a;
    b_ = b;
    const SequenceInspection* s = inspection(0);
    if (s && s->count > 0) {
        index_->setMaximum(s->count - 1);
        countLabel_->setText(QString("of %1 · %2 timesteps · weights of step %3")
                                 .arg(s->count)
                                 .arg(s->timesteps)
                                 .arg(s->step));
    }
    plot_->setInspections(a ? a->sequence : nullptr, b ? b->sequence : nullptr);
}

}  // namespace dl

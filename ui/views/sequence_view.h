#pragma once
// The "Sequences" tab: one validation sequence at a time (spin box, previous / next) with its
// inputs, target and the model's prediction; for forecasting a dashed closed-loop roll-out
// beyond the window beside the true continuation, for classification the class probabilities.
#include "ui/views/snapshot_view.h"

class QLabel;
class QSpinBox;

namespace dl {

class SequencePlot;

/// Asks the worker for the chosen sequence's inspection while on screen and draws it.
class SequenceView : public SnapshotView {
    Q_OBJECT
  public:
    explicit SequenceView(QWidget* parent = nullptr);

    QString title() const override { return "Sequences"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void setExperiment(const ExperimentConfig& c, TrainingController* a,
                       TrainingController* b) override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    void setActive(bool on) override;
    bool readyForScreenshot() const override;

    /// The validation sequence asked for (0-based).
    int sequence() const;
    void setSequence(int index);
    /// What is drawn for A (side 0) or B (side 1); null before the worker answered.
    const SequenceInspection* inspection(int side) const;

  private:
    void request();
    bool current(const SnapshotPtr& s) const;

    QSpinBox* index_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QLabel* hint_ = nullptr;
    SequencePlot* plot_ = nullptr;
    SnapshotPtr a_, b_;
    bool active_ = false;
};

}  // namespace dl

#pragma once
// A centre tab of the explorer that draws training snapshots (uncertainty,
// image samples, feature maps, sequences, tuning...). MainWindow owns the tabs,
// hides those that do not apply to the loaded experiment and feeds the newest
// snapshot only to the tab on screen.
#include <QWidget>

#include "core/config/experiment_config.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

class TrainingController;

/// Base of every centre tab; subclasses override what they need.
class SnapshotView : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;

    /// Tab label.
    virtual QString title() const = 0;
    /// Whether the tab makes sense for this experiment (e.g. image data only).
    virtual bool appliesTo(const ExperimentConfig&) const { return true; }
    /// A new or rebuilt experiment; `a` is run A's controller, `b` run B's (null unless A/B).
    virtual void setExperiment(const ExperimentConfig&, TrainingController* a,
                               TrainingController* b) {
        controllerA_ = a;
        controllerB_ = b;
    }
    /// The newest snapshots of A and B (B null outside A/B mode); called only while on screen.
    virtual void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) = 0;
    /// The tab came on screen (true) or left it (false): start or stop asking the worker
    /// for expensive extras such as MC passes.
    virtual void setActive(bool) {}
    /// --screenshot waits until this is true (e.g. MC bands computed for the final step).
    virtual bool readyForScreenshot() const { return true; }

  protected:
    TrainingController* controllerA_ = nullptr;
    TrainingController* controllerB_ = nullptr;
};

}  // namespace dl

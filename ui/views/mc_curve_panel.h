#pragma once
// "MC averaging vs weight scaling": test accuracy and NLL as the number of passes T grows,
// against the single weight-scaled pass, and both predictors' reliability diagrams. The
// computation runs in the worker; this panel asks for it and shows a busy state meanwhile.
#include <QWidget>

#include "ui/worker/training_snapshot.h"

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace dl {

class LinePlot;
class ReliabilityDiagram;

/// Compute button, T max, charts and reliability diagram; emits computeRequested.
class McCurvePanel : public QWidget {
    Q_OBJECT
  public:
    explicit McCurvePanel(QWidget* parent = nullptr);

    /// Draws the snapshot's curve; while paused with "recompute when paused" on, asks for a
    /// curve at the current step when the one shown is older.
    void showSnapshot(const SnapshotPtr& s);
    /// Forgets the shown curve (a new experiment).
    void reset();
    bool busy() const { return busy_; }
    /// True when the curve shown was computed at this step (or nothing will be computed).
    bool upToDate(long step) const;
    int maxT() const;
    void setMaxT(int t);
    /// Asks the worker for a new curve (as the Compute button does).
    void requestCompute();

    LinePlot& accuracyPlot() { return *accuracy_; }
    LinePlot& nllPlot() { return *nll_; }
    ReliabilityDiagram& reliability() { return *reliability_; }

  Q_SIGNALS:
    void computeRequested(int maxT);

  private:
    void setBusy(bool on);
    void drawCurve(const McCurveView& c);
    QSpinBox* maxT_;
    QPushButton* compute_;
    QCheckBox* auto_;
    QProgressBar* progress_;
    QLabel* status_;
    LinePlot* accuracy_;
    LinePlot* nll_;
    ReliabilityDiagram* reliability_;
    std::shared_ptr<const McCurveView> shown_;
    std::shared_ptr<const McCurveView> waitingPast_;  ///< the curve that was current at request
    bool busy_ = false;
    long lastAutoStep_ = -1;
    long currentStep_ = 0;
};

}  // namespace dl

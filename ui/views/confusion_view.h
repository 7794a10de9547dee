#pragma once
// "Confusion" tab: the confusion matrix of the validation images (rows: true class,
// columns: predicted) and each class's accuracy, for image classification.
#include "ui/views/snapshot_view.h"
#include "ui/worker/image_extras.h"

namespace dl {

/// Paints the matrix and the per-class accuracy bars from the snapshot's ImageEvalView.
class ConfusionView : public SnapshotView {
    Q_OBJECT
  public:
    explicit ConfusionView(QWidget* parent = nullptr);
    QString title() const override { return "Confusion"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    void setActive(bool on) override;
    bool readyForScreenshot() const override;

    /// The predictions on show (null before the first arrive).
    const ImageEvalView* eval() const { return snap_ ? snap_->imageEval.get() : nullptr; }
    /// The accuracy the title reports (correct / evaluated).
    double reportedAccuracy() const { return eval() ? eval()->accuracy() : 0.0; }
    /// Row k's accuracy as drawn in its bar (cell[k][k] / row sum; 0 for an empty row).
    double classAccuracy(int k) const;

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    struct Geometry {
        double left = 0, top = 0, cell = 0, barX = 0, barW = 0;
    };
    Geometry geometry(const QFontMetrics& fm) const;
    void paintTitle(QPainter& p) const;
    void paintMatrix(QPainter& p, const Geometry& g) const;
    void paintBars(QPainter& p, const Geometry& g) const;
    QString className(int k) const;
    SnapshotPtr snap_;
};

}  // namespace dl

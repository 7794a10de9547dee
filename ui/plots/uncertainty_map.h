#pragma once
// 2-D classification under MC dropout: a map of how unsure the sampled networks are, as
// predictive entropy, mutual information or the spread of the winning class, with a colour bar.
#include <QImage>
#include <QWidget>

#include "ui/worker/training_snapshot.h"

namespace dl {

/// Which uncertainty the map shows.
enum class UncertaintyMeasure { Entropy, MutualInfo, WinnerStd };

/// Painted uncertainty map over the data points; the image is rebuilt only for new MC results
/// or a new measure.
class UncertaintyMap : public QWidget {
    Q_OBJECT
  public:
    explicit UncertaintyMap(QWidget* parent = nullptr);

    void showSnapshot(const SnapshotPtr& s);
    void setMeasure(UncertaintyMeasure m);
    UncertaintyMeasure measure() const { return measure_; }
    /// One pixel per grid point, rows from the top (yMax) down; null before the first map.
    const QImage& image() const { return image_; }
    /// The value at the top of the colour bar (the bottom is 0).
    double scaleMax() const { return scaleMax_; }
    /// Name and unit of a measure, e.g. "mutual information (nats)".
    static QString measureLabel(UncertaintyMeasure m);
    /// The one-sentence explanation used as tooltip.
    static QString measureHelp(UncertaintyMeasure m);

    QSize sizeHint() const override { return {560, 500}; }
    QSize minimumSizeHint() const override { return {260, 240}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    const Eigen::VectorXf* values() const;
    void rebuild();
    void paintColourBar(QPainter& p, const QRectF& bar) const;
    SnapshotPtr snap_;
    std::shared_ptr<const UncertaintyView> view_;
    UncertaintyMeasure measure_ = UncertaintyMeasure::MutualInfo;
    QImage image_;
    double scaleMax_ = 1;
};

/// The sequential colour (white → deep purple) of t in [0, 1].
QColor uncertaintyColour(double t);

}  // namespace dl

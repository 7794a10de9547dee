#pragma once
// The model's answer drawn over the data. Named OutputViewWidget because dl::OutputView is
// already the snapshot's data struct (training_snapshot.h).
#include <QImage>
#include <QLineF>
#include <QPixmap>
#include <QWidget>

#include <array>
#include <vector>

#include "ui/worker/training_snapshot.h"

namespace dl {

class PlotFrame;

/// Decision-boundary heat map with the data (2-D classification) or fitted curve over the data
/// (1-D regression), painted from snapshots; rebuilds its image only when the output changes.
class OutputViewWidget : public QWidget {
    Q_OBJECT
  public:
    explicit OutputViewWidget(QWidget* parent = nullptr);

    void showSnapshot(const SnapshotPtr& s);
    /// Replaces the default title ("Decision boundary" / "Fitted curve"), e.g. "A: with dropout".
    void setTitle(const QString& title);
    QString title() const { return title_; }

    /// One pixel per grid point, rows from the top (yMax) down; null without a 2-D heat map.
    const QImage& heatMap() const { return heat_; }
    /// How often the heat map was rebuilt (it should not be rebuilt for an unchanged output).
    int heatMapBuilds() const { return heatBuilds_; }
    /// Line segments of the class boundary (where the most probable class changes).
    int boundarySegmentCount() const { return int(boundary_.size()); }

    QSize sizeHint() const override { return {560, 520}; }
    QSize minimumSizeHint() const override { return {260, 240}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    bool isHeatMap() const;
    bool isCurve() const;
    bool outputChanged(const SnapshotPtr& s) const;
    void rebuildHeatMap();
    void rebuildBoundary();
    double paintHeader(QPainter& p);
    PlotFrame frameFor(const QRectF& area, const QFontMetrics& fm) const;
    const QPixmap& plotLayer(const PlotFrame& f);
    const QPixmap& pointsLayer(const PlotFrame& f, double r);
    void paintCurve(QPainter& p, const PlotFrame& f) const;
    void paintMessage(QPainter& p, const QRectF& area, const QString& text) const;

    SnapshotPtr snap_;
    QString title_;
    QImage heat_;
    QPixmap plotLayer_;  ///< heat map and boundary at the current plot size
    QRectF plotLayerRect_;
    QPixmap pointsLayer_;  ///< the data points, redrawn only for new data or a new frame
    QRectF pointsRect_;
    const DataSplit* pointsData_ = nullptr;
    std::array<double, 5> pointsKey_{};
    std::vector<QLineF> boundary_;  ///< in data coordinates
    int heatBuilds_ = 0;
};

}  // namespace dl

#pragma once
// Paints one MaskRaster: timesteps across, units up, dropped cells red (zoneout: cells that
// held their state blue), with the site's id, variant, rate and drop fraction above it.
#include <QImage>
#include <QWidget>

#include "ui/canvas/mask_raster.h"

class QPainter;

namespace dl {

/// One site's mask for one sequence; the tooltip names timestep, unit and multiplier.
class MaskRasterWidget : public QWidget {
    Q_OBJECT
  public:
    explicit MaskRasterWidget(QWidget* parent = nullptr);

    void setRaster(MaskRaster raster);
    const MaskRaster& raster() const { return raster_; }
    /// The tooltip text for the cell under a widget position (empty outside the raster).
    QString cellText(const QPointF& pos) const;

    /// Colours of kept, dropped and held (zoneout) cells; the plot area is light in both themes.
    static QColor keptColor() { return QColor(0xE4, 0xE4, 0xE4); }
    static QColor droppedColor() { return QColor(0xD6, 0x27, 0x28); }
    static QColor heldColor() { return QColor(0x00, 0x72, 0xB2); }

    QSize sizeHint() const override { return {520, minimumHeight() + 120}; }

  protected:
    void paintEvent(QPaintEvent*) override;
    bool event(QEvent* e) override;

  private:
    QRectF plotRect() const;
    void drawAxes(QPainter& p, const QRectF& r) const;
    QRectF headerRect() const;
    QColor cellColor(float m) const;
    QImage cells() const;

    MaskRaster raster_;
};

}  // namespace dl

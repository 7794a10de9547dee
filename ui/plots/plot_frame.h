#pragma once
// The coordinate frame shared by the painted plots (output view, data preview): maps data
// coordinates to pixels and draws the axes, ticks and tick labels around the plot area.
#include <QFontMetrics>
#include <QPalette>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace dl {

/// A data rectangle [xMin,xMax]×[yMin,yMax] shown in a pixel rectangle (y grows upwards).
class PlotFrame {
  public:
    PlotFrame() = default;
    PlotFrame(const QRectF& pixels, double xMin, double xMax, double yMin, double yMax);

    /// Lays the frame out inside `area`, leaving room for tick labels and axis titles;
    /// with equalAspect one data unit has the same length on both axes.
    static PlotFrame fit(const QRectF& area, const QFontMetrics& fm, double xMin, double xMax,
                         double yMin, double yMax, bool equalAspect);

    QPointF map(double x, double y) const;
    QPointF unmap(const QPointF& p) const;
    const QRectF& pixels() const { return px_; }
    bool isValid() const { return px_.width() > 4 && px_.height() > 4; }
    double xMin() const { return x0_; }
    double xMax() const { return x1_; }
    double yMin() const { return y0_; }
    double yMax() const { return y1_; }

    /// Frame, ticks, tick labels and axis titles in the palette's text colour.
    void drawAxes(QPainter& p, const QPalette& pal, const QString& xTitle,
                  const QString& yTitle) const;

  private:
    QRectF px_;
    double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;
};

/// A round step (1, 2 or 5 × 10^k) that cuts `span` into about `target` parts.
double niceStep(double span, int target);

/// About `target` round tick values (1, 2 or 5 × 10^k steps) inside [lo, hi].
std::vector<double> niceTicks(double lo, double hi, int target);

}  // namespace dl

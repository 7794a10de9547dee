#include "ui/plots/plot_frame.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dl {
namespace {

QString tickLabel(double v, double step) {
    if (std::abs(v) < step * 1e-6) v = 0;  // avoid "-1.2e-17" at the origin
    return QString::number(v, 'g', 4);
}

}  // namespace

double niceStep(double span, int target) {
    const double raw = span / std::max(1, target);
    if (!(raw > 0)) return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;  // in [1, 10)
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

std::vector<double> niceTicks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo)) return ticks;
    double step = niceStep(hi - lo, target);
    for (int tries = 0; tries < 4; ++tries) {  // a narrow axis still gets two labels
        ticks.clear();
        for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
            ticks.push_back(v);
        if (ticks.size() >= 2) break;
        step /= 2.5;
    }
    return ticks;
}

PlotFrame::PlotFrame(const QRectF& pixels, double xMin, double xMax, double yMin, double yMax)
    : px_(pixels), x0_(xMin), x1_(xMax), y0_(yMin), y1_(yMax) {
    if (!(x1_ > x0_)) x1_ = x0_ + 1;
    if (!(y1_ > y0_)) y1_ = y0_ + 1;
}

PlotFrame PlotFrame::fit(const QRectF& area, const QFontMetrics& fm, double xMin, double xMax,
                         double yMin, double yMax, bool equalAspect) {
    // Left: y tick labels and the rotated y title; bottom: x tick labels and the x title.
    const double left = fm.horizontalAdvance("-0.000") + fm.height() + 10;
    const double bottom = 2 * fm.height() + 10;
    QRectF r = area.adjusted(left, fm.height() / 2.0, -fm.horizontalAdvance("00"), -bottom);
    if (equalAspect && xMax > xMin && yMax > yMin) {
        const double aspect = (yMax - yMin) / (xMax - xMin);
        const double w = std::min(r.width(), r.height() / aspect);
        const double h = w * aspect;
        r = QRectF(r.left() + (r.width() - w) / 2, r.top() + (r.height() - h) / 2, w, h);
    }
    return PlotFrame(r, xMin, xMax, yMin, yMax);
}

QPointF PlotFrame::map(double x, double y) const {
    return {px_.left() + (x - x0_) / (x1_ - x0_) * px_.width(),
            px_.bottom() - (y - y0_) / (y1_ - y0_) * px_.height()};
}

QPointF PlotFrame::unmap(const QPointF& p) const {
    return {x0_ + (p.x() - px_.left()) / px_.width() * (x1_ - x0_),
            y0_ + (px_.bottom() - p.y()) / px_.height() * (y1_ - y0_)};
}

void PlotFrame::drawAxes(QPainter& p, const QPalette& pal, const QString& xTitle,
                         const QString& yTitle) const {
    p.save();
    const QColor ink = pal.color(QPalette::WindowText);
    p.setPen(QPen(ink, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(px_);
    const QFontMetrics fm = p.fontMetrics();
    const double tick = 5;
    const int nx = std::max(2, int(px_.width() / (fm.horizontalAdvance("-0.00") * 2.2)));
    const auto xs = niceTicks(x0_, x1_, std::min(nx, 8));
    const double xStep = xs.size() > 1 ? xs[1] - xs[0] : 1;
    for (double v : xs) {
        const double x = map(v, y0_).x();
        p.drawLine(QPointF(x, px_.bottom()), QPointF(x, px_.bottom() + tick));
        QRectF box(x - 40, px_.bottom() + tick + 1, 80, fm.height());
        p.drawText(box, Qt::AlignHCenter | Qt::AlignTop, tickLabel(v, xStep));
    }
    const int ny = std::max(2, int(px_.height() / (fm.height() * 2.5)));
    const auto ys = niceTicks(y0_, y1_, std::min(ny, 8));
    const double yStep = ys.size() > 1 ? ys[1] - ys[0] : 1;
    for (double v : ys) {
        const double y = map(x0_, v).y();
        p.drawLine(QPointF(px_.left() - tick, y), QPointF(px_.left(), y));
        QRectF box(px_.left() - tick - 3 - 200, y - fm.height() / 2.0, 200, fm.height());
        p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, yStep));
    }
    const double yLabelsWidth = fm.horizontalAdvance("-0.000");
    p.drawText(QRectF(px_.left(), px_.bottom() + tick + fm.height(), px_.width(), fm.height() + 4),
               Qt::AlignHCenter | Qt::AlignTop, xTitle);
    p.translate(px_.left() - tick - 6 - yLabelsWidth - fm.height() / 2.0, px_.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-px_.height() / 2, -fm.height() / 2.0, px_.height(), fm.height()),
               Qt::AlignCenter, yTitle);
    p.restore();
}

}  // namespace dl

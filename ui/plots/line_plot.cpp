#include "ui/plots/line_plot.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_markers.h"

namespace dl {

LinePlot::LinePlot(const QString& title, const QString& xTitle, const QString& yTitle,
                   QWidget* parent)
    : QWidget(parent), title_(title), xTitle_(xTitle), yTitle_(yTitle) {
    setAutoFillBackground(true);
}

void LinePlot::setSeries(const QList<Series>& series) {
    series_ = series;
    update();
}

void LinePlot::setSubtitle(const QString& s) {
    subtitle_ = s;
    update();
}

void LinePlot::setTitles(const QString& title, const QString& yTitle) {
    title_ = title;
    yTitle_ = yTitle;
    update();
}

void LinePlot::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void LinePlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    double top = PlotHeader::paint(p, *this, title_, subtitle_);
    if (series_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, int(top), -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   placeholder_);
        return;
    }
    QList<PlotMarkers::LegendItem> legend;
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (const Series& s : series_) {
        legend.append(
            {s.style == Qt::SolidLine ? PlotMarkers::Kind::Line : PlotMarkers::Kind::DashedLine,
             s.color, s.name});
        for (const QPointF& pt : s.points) {
            if (!std::isfinite(pt.y())) continue;
            x0 = std::min(x0, pt.x());
            x1 = std::max(x1, pt.x());
            y0 = std::min(y0, pt.y());
            y1 = std::max(y1, pt.y());
        }
    }
    if (x0 > x1) return;
    const double pad = std::max(1e-3, 0.08 * (y1 - y0));
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    top += PlotMarkers::drawLegend(p, QPointF(8, top), width() - 16, legend, dark) + 4;
    const QRectF area(4, top, width() - 12, height() - top - 4);
    const PlotFrame f =
        PlotFrame::fit(area, p.fontMetrics(), x0, std::max(x1, x0 + 1), y0 - pad, y1 + pad, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);
    p.save();
    p.setClipRect(f.pixels());
    for (const Series& s : series_) {
        QPainterPath path;
        bool first = true;
        for (const QPointF& pt : s.points) {
            if (!std::isfinite(pt.y())) continue;
            const QPointF q = f.map(pt.x(), pt.y());
            first ? path.moveTo(q) : path.lineTo(q);
            first = false;
        }
        p.strokePath(path, QPen(s.color, 2.5, s.style, Qt::RoundCap, Qt::RoundJoin));
    }
    p.restore();
    f.drawAxes(p, palette(), xTitle_, yTitle_);
}

}  // namespace dl

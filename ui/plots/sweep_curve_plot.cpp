#include "ui/plots/sweep_curve_plot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/plots/plot_font.h"
#include "ui/plots/plot_frame.h"

namespace dl {

SweepCurvePlot::SweepCurvePlot(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
}

void SweepCurvePlot::setCurves(std::vector<SweepCurve> curves, const QString& metric,
                               bool lowerIsBetter) {
    curves_ = std::move(curves);
    // One value per rate, whatever came in: a run that never reported reads as NaN (a gap).
    for (SweepCurve& c : curves_)
        c.values.resize(c.rates.size(), std::numeric_limits<double>::quiet_NaN());
    metric_ = metric;
    lowerIsBetter_ = lowerIsBetter;
    hover_ = {-1, -1};
    update();
}

int SweepCurvePlot::bestIndex(int c) const {
    int best = -1;
    const auto& v = curves_[c].values;
    for (int i = 0; i < int(v.size()); ++i) {
        if (!std::isfinite(v[i])) continue;
        if (best < 0 || (lowerIsBetter_ ? v[i] < v[best] : v[i] > v[best])) best = i;
    }
    return best;
}

PlotFrame SweepCurvePlot::frame() const {
    double x0 = 1, x1 = 0, lo = 1e300, hi = -1e300;
    for (const auto& c : curves_)
        for (size_t i = 0; i < c.rates.size(); ++i) {
            x0 = std::min(x0, c.rates[i]);
            x1 = std::max(x1, c.rates[i]);
            if (!std::isfinite(c.values[i])) continue;
            lo = std::min(lo, c.values[i]);
            hi = std::max(hi, c.values[i]);
        }
    if (x1 <= x0) x1 = x0 + 0.1;
    if (lo > hi) lo = 0, hi = 1;
    const double pad = std::max(0.05 * (hi - lo), 1e-3);
    const double padX = 0.04 * (x1 - x0);
    const int legend = fontMetrics().height() + 16;
    const QRectF area = QRectF(rect()).adjusted(8, 8 + legend, -12, -6);
    return PlotFrame::fit(area, fontMetrics(), x0 - padX, x1 + padX, lo - pad, hi + pad, false);
}

QPointF SweepCurvePlot::pointPixel(int c, int i) const {
    if (c < 0 || c >= int(curves_.size()) || i < 0 || i >= int(curves_[c].rates.size()) ||
        !std::isfinite(curves_[c].values[i]))
        return {-1, -1};
    return frame().map(curves_[c].rates[i], curves_[c].values[i]);
}

std::pair<int, int> SweepCurvePlot::hit(const QPointF& pos) const {
    std::pair<int, int> best{-1, -1};
    double bestD = 12.0 * 12.0;  // pixels² within which a click picks a point
    for (int c = 0; c < int(curves_.size()); ++c)
        for (int i = 0; i < int(curves_[c].rates.size()); ++i) {
            const QPointF q = pointPixel(c, i);
            if (q.x() < 0) continue;
            const double d = QPointF::dotProduct(q - pos, q - pos);
            if (d < bestD) bestD = d, best = {c, i};
        }
    return best;
}

void SweepCurvePlot::paintLegend(QPainter& p, const QRectF& area) const {
    const QFontMetrics fm = p.fontMetrics();
    double x = area.left();
    for (const auto& c : curves_) {
        p.setPen(QPen(c.color, 3));
        const double y = area.top() + fm.height() / 2.0 + 4;
        p.drawLine(QPointF(x, y), QPointF(x + 22, y));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPointF(x + 28, y + fm.ascent() / 2.0 - 1), c.site);
        x += 28 + fm.horizontalAdvance(c.site) + 24;
    }
}

void SweepCurvePlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (curves_.empty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   "Choose sites and a rate range, then press Run: each rate is a full "
                   "training run from the same seed and initial weights.");
        return;
    }
    const PlotFrame f = frame();
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), palette().color(QPalette::Base));
    paintLegend(p, QRectF(f.pixels().left(), 4, f.pixels().width(), 30));
    const QColor ink = palette().color(QPalette::WindowText);
    for (int c = 0; c < int(curves_.size()); ++c) {
        const auto& cv = curves_[c];
        QPainterPath path;
        bool open = false;  // a NaN (diverged) point breaks the line
        for (int i = 0; i < int(cv.rates.size()); ++i) {
            const QPointF q = pointPixel(c, i);
            if (q.x() < 0) {
                open = false;
                continue;
            }
            open ? path.lineTo(q) : path.moveTo(q);
            open = true;
        }
        p.setPen(QPen(cv.color, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setBrush(cv.color);
        for (int i = 0; i < int(cv.rates.size()); ++i) {
            const QPointF q = pointPixel(c, i);
            if (q.x() < 0) continue;
            const bool hot = hover_ == std::pair{c, i};
            p.setPen(QPen(palette().color(QPalette::Base), 1.5));
            p.drawEllipse(q, hot ? 7.0 : 5.0, hot ? 7.0 : 5.0);
        }
        if (const int b = bestIndex(c); b >= 0) {  // ring the best rate of each site
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(ink, 2));
            p.drawEllipse(pointPixel(c, b), 10.0, 10.0);
        }
    }
    f.drawAxes(p, palette(), "drop rate", metric_);
}

void SweepCurvePlot::mouseMoveEvent(QMouseEvent* e) {
    const auto h = hit(e->position());
    if (h != hover_) {
        hover_ = h;
        update();
    }
    if (h.first < 0) return QToolTip::hideText();
    const auto& c = curves_[h.first];
    QToolTip::showText(e->globalPosition().toPoint() + QPoint(14, 10),
                       QString("%1 at rate %2: %3 %4\nclick to use this rate")
                           .arg(c.site)
                           .arg(c.rates[h.second], 0, 'g', 3)
                           .arg(metric_)
                           .arg(c.values[h.second], 0, 'g', 4),
                       this);
}

void SweepCurvePlot::mousePressEvent(QMouseEvent* e) {
    const auto h = hit(e->position());
    if (h.first >= 0) Q_EMIT pointClicked(curves_[h.first].site, curves_[h.first].rates[h.second]);
}

void SweepCurvePlot::leaveEvent(QEvent*) {
    hover_ = {-1, -1};
    update();
}

void SweepCurvePlot::resizeEvent(QResizeEvent*) {
    fitPlotFont(this);
}

}  // namespace dl

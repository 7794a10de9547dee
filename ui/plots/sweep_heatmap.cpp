#include "ui/plots/sweep_heatmap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/plots/plot_font.h"
#include "ui/plots/plot_frame.h"

namespace dl {

QColor viridis(double u) {
    static const QColor kStops[] = {QColor(0x44, 0x01, 0x54), QColor(0x48, 0x28, 0x78),
                                    QColor(0x3e, 0x4a, 0x89), QColor(0x31, 0x68, 0x8e),
                                    QColor(0x26, 0x82, 0x8e), QColor(0x1f, 0x9e, 0x89),
                                    QColor(0x35, 0xb7, 0x79), QColor(0x6d, 0xcd, 0x59),
                                    QColor(0xb4, 0xde, 0x2c), QColor(0xfd, 0xe7, 0x25)};
    constexpr int n = std::size(kStops) - 1;
    const double x = std::clamp(std::isfinite(u) ? u : 0.0, 0.0, 1.0) * n;
    const int k = std::min(n - 1, int(x));
    const double f = x - k;
    const QColor &a = kStops[k], &b = kStops[k + 1];
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

namespace {

QString rateText(double r) {
    return QString::number(r, 'g', 3);
}

std::pair<double, double> finiteRange(const std::vector<double>& v) {
    double lo = 1e300, hi = -1e300;
    for (double x : v)
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (lo > hi) return {0, 1};
    if (hi - lo < 1e-12) hi = lo + 1e-12;
    return {lo, hi};
}

}  // namespace

SweepHeatmap::SweepHeatmap(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
}

void SweepHeatmap::setGrid(SweepGrid2D grid, const QString& metric, bool lowerIsBetter) {
    grid_ = std::move(grid);
    // One value per cell, whatever came in: a run that never reported reads as NaN (grey).
    grid_.values.resize(grid_.xRates.size() * grid_.yRates.size(),
                        std::numeric_limits<double>::quiet_NaN());
    metric_ = metric;
    lowerIsBetter_ = lowerIsBetter;
    hover_ = {-1, -1};
    update();
}

std::pair<int, int> SweepHeatmap::bestCell() const {
    std::pair<int, int> best{-1, -1};
    double bv = 0;
    for (int i = 0; i < int(grid_.xRates.size()); ++i)
        for (int j = 0; j < int(grid_.yRates.size()); ++j) {
            const double v = grid_.value(i, j);
            if (!std::isfinite(v)) continue;
            if (best.first < 0 || (lowerIsBetter_ ? v < bv : v > bv)) best = {i, j}, bv = v;
        }
    return best;
}

// Square cells, centred, leaving room for rate labels on the left and below and the colour bar.
QRectF SweepHeatmap::plotRect() const {
    const QFontMetrics fm = fontMetrics();
    const QRectF area =
        QRectF(rect()).adjusted(2 * fm.height() + fm.horizontalAdvance("0.000") + 8, fm.height(),
                                -(fm.horizontalAdvance("0.0000") + 70), -(2 * fm.height() + 14));
    const int nx = std::max<int>(1, int(grid_.xRates.size()));
    const int ny = std::max<int>(1, int(grid_.yRates.size()));
    const double cell = std::max(1.0, std::min(area.width() / nx, area.height() / ny));
    const QSizeF size(cell * nx, cell * ny);
    return QRectF(area.left() + (area.width() - size.width()) / 2, area.top(), size.width(),
                  size.height());
}

QRectF SweepHeatmap::barRect() const {
    const QRectF plot = plotRect();
    return QRectF(plot.right() + 18, plot.top(), 18, plot.height());
}

QRectF SweepHeatmap::cellRect(int i, int j) const {
    const QRectF plot = plotRect();
    const double w = plot.width() / std::max<size_t>(1, grid_.xRates.size());
    const double h = plot.height() / std::max<size_t>(1, grid_.yRates.size());
    return QRectF(plot.left() + i * w, plot.bottom() - (j + 1) * h, w, h);  // y rate grows up
}

std::pair<int, int> SweepHeatmap::hit(const QPointF& pos) const {
    for (int i = 0; i < int(grid_.xRates.size()); ++i)
        for (int j = 0; j < int(grid_.yRates.size()); ++j)
            if (cellRect(i, j).contains(pos)) return {i, j};
    return {-1, -1};
}

void SweepHeatmap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (grid_.values.empty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   "Choose two sites and a rate range, then press Run: every pair of rates is "
                   "a full training run from the same seed and initial weights.");
        return;
    }
    const auto [lo, hi] = finiteRange(grid_.values);
    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < int(grid_.xRates.size()); ++i)
        for (int j = 0; j < int(grid_.yRates.size()); ++j) {
            const QRectF r = cellRect(i, j);
            const double v = grid_.value(i, j);
            const QColor c =
                std::isfinite(v) ? viridis((v - lo) / (hi - lo)) : QColor(150, 150, 150);
            p.fillRect(r, c);
            if (r.width() < fm.horizontalAdvance("0.000") + 6 || r.height() < fm.height() + 4)
                continue;
            p.setPen(c.lightnessF() > 0.55 ? Qt::black : Qt::white);
            p.drawText(r, Qt::AlignCenter, std::isfinite(v) ? QString::number(v, 'f', 3) : "—");
        }
    if (hover_.first >= 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cellRect(hover_.first, hover_.second).adjusted(1.5, 1.5, -1.5, -1.5));
    }
    if (const auto b = bestCell(); b.first >= 0) {  // white-and-black ring reads on any colour
        const QRectF r = cellRect(b.first, b.second);
        const double rad = std::min(r.width(), r.height()) * 0.42;
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::black, 5));
        p.drawEllipse(r.center(), rad, rad);
        p.setPen(QPen(Qt::white, 2.5));
        p.drawEllipse(r.center(), rad, rad);
    }
    paintAxes(p, plotRect());
    paintColourBar(p, lo, hi);
}

void SweepHeatmap::paintAxes(QPainter& p, const QRectF& plot) const {
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(palette().color(QPalette::WindowText));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    for (int i = 0; i < int(grid_.xRates.size()); ++i) {
        const QRectF c = cellRect(i, 0);
        p.drawText(QRectF(c.left() - 20, plot.bottom() + 4, c.width() + 40, fm.height()),
                   Qt::AlignHCenter | Qt::AlignTop, rateText(grid_.xRates[i]));
    }
    for (int j = 0; j < int(grid_.yRates.size()); ++j) {
        const QRectF c = cellRect(0, j);
        p.drawText(QRectF(plot.left() - 206, c.center().y() - fm.height() / 2.0, 200, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, rateText(grid_.yRates[j]));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 8, plot.width(), fm.height() + 4),
               Qt::AlignHCenter | Qt::AlignTop, "drop rate of " + grid_.xSite);
    p.save();
    p.translate(plot.left() - fm.horizontalAdvance("0.000") - 14 - fm.height() / 2.0,
                plot.center().y());
    p.rotate(-90);
    p.drawText(
        QRectF(-plot.height() / 2 - 100, -fm.height() / 2.0, plot.height() + 200, fm.height()),
        Qt::AlignCenter, "drop rate of " + grid_.ySite);
    p.restore();
}

void SweepHeatmap::paintColourBar(QPainter& p, double lo, double hi) const {
    const QRectF bar = barRect();
    const int steps = std::max(2, int(bar.height()));
    for (int k = 0; k < steps; ++k) {  // top = highest value
        const double u = 1.0 - double(k) / (steps - 1);
        p.fillRect(QRectF(bar.left(), bar.top() + bar.height() * k / steps, bar.width(),
                          bar.height() / steps + 1),
                   viridis(u));
    }
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(palette().color(QPalette::WindowText));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    for (double v : niceTicks(lo, hi, std::max(2, int(bar.height() / (fm.height() * 2.5))))) {
        const double y = bar.bottom() - (v - lo) / (hi - lo) * bar.height();
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p.drawText(QPointF(bar.right() + 7, y + fm.ascent() / 2.0 - 1), QString::number(v, 'g', 4));
    }
    p.save();
    p.translate(bar.right() + fm.horizontalAdvance("0.0000") + 14 + fm.height() / 2.0,
                bar.center().y());
    p.rotate(90);
    p.drawText(QRectF(-bar.height() / 2, -fm.height() / 2.0, bar.height(), fm.height()),
               Qt::AlignCenter, metric_);
    p.restore();
}

void SweepHeatmap::mouseMoveEvent(QMouseEvent* e) {
    const auto h = hit(e->position());
    if (h != hover_) {
        hover_ = h;
        update();
    }
    if (h.first < 0) return QToolTip::hideText();
    QToolTip::showText(e->globalPosition().toPoint() + QPoint(14, 10),
                       QString("%1 = %2, %3 = %4: %5 %6\nclick to use these rates")
                           .arg(grid_.xSite, rateText(grid_.xRates[h.first]), grid_.ySite,
                                rateText(grid_.yRates[h.second]), metric_)
                           .arg(grid_.value(h.first, h.second), 0, 'g', 4),
                       this);
}

void SweepHeatmap::mousePressEvent(QMouseEvent* e) {
    const auto h = hit(e->position());
    if (h.first >= 0) Q_EMIT cellClicked(grid_.xRates[h.first], grid_.yRates[h.second]);
}

void SweepHeatmap::leaveEvent(QEvent*) {
    hover_ = {-1, -1};
    update();
}

void SweepHeatmap::resizeEvent(QResizeEvent*) {
    fitPlotFont(this);
}

}  // namespace dl

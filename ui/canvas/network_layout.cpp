#include "ui/canvas/network_layout.h"

#include <algorithm>
#include <cmath>

namespace dl {
namespace {

// Columns needed to fit n cells of side s into height h.
int stripColumns(int n, double h, double s) {
    const int rows = std::max(1, int(h / s));
    return (n + rows - 1) / rows;
}

}  // namespace

void NetworkLayout::compute(const std::vector<int>& unitCounts, const QRectF& area) {
    counts_ = unitCounts;
    cols_.assign(unitCounts.size(), {});
    if (unitCounts.empty()) return;
    const double colW = area.width() / double(unitCounts.size());
    auto fit = [&](int n) { return std::min({22.0, colW * 0.2, area.height() / (n * 2.4)}); };
    // Small layers get larger circles, but at most twice the smallest, so the columns still
    // read as one drawing.
    double smallest = 22;
    for (int n : unitCounts)
        if (n > 0 && n <= kMaxCircles) smallest = std::min(smallest, fit(n));
    for (size_t i = 0; i < unitCounts.size(); ++i) {
        ColumnGeometry& c = cols_[i];
        c.x = area.left() + colW * (i + 0.5);
        c.width = colW;
        c.strip = unitCounts[i] > kMaxCircles;
        if (!c.strip && unitCounts[i] > 0)
            c.radius = std::max(4.0, std::min(fit(unitCounts[i]), 2 * smallest));
        if (c.strip)
            placeStrip(c, unitCounts[i], area);
        else
            placeCircles(c, unitCounts[i], area);
    }
}

void NetworkLayout::placeCircles(ColumnGeometry& c, int n, const QRectF& area) {
    // Small layers sit compactly around the middle instead of spreading to the edges.
    const double r = c.radius;
    const double step = n > 0 ? std::min(area.height() / n, r * 3.2) : 0;
    const double top = area.center().y() - step * n / 2.0;
    for (int u = 0; u < n; ++u) c.centres.emplace_back(c.x, top + step * (u + 0.5));
    c.bounds = QRectF(c.x - r, top + step / 2 - r, 2 * r, std::max(0.0, step * (n - 1)) + 2 * r);
}

void NetworkLayout::placeStrip(ColumnGeometry& c, int n, const QRectF& area) {
    const double maxW = std::max(8.0, c.width * 0.5), h = area.height();
    // Cells grow with the view but stay visibly smaller than circles.
    double s = std::clamp(std::floor(h / 24), 10.0, 18.0);
    while (s > 1 && stripColumns(n, h, s) * s > maxW) s -= 0.5;
    if (stripColumns(n, h, s) * s > maxW) s = std::sqrt(h * maxW / std::max(1, n)) * 0.95;
    c.cols = std::max(1, stripColumns(n, h, s));
    c.rows = (n + c.cols - 1) / c.cols;  // balanced: no mostly empty last column
    c.cell = s;
    const double w = c.cols * s, hh = c.rows * s;
    c.stripRect = QRectF(c.x - w / 2, area.center().y() - hh / 2, w, hh);
    c.bounds = c.stripRect;
}

std::pair<int, int> NetworkLayout::hit(const QPointF& p) const {
    for (size_t l = 0; l < cols_.size(); ++l) {
        const ColumnGeometry& c = cols_[l];
        if (!c.bounds.adjusted(-2, -2, 2, 2).contains(p)) continue;
        if (c.strip) {
            const int col = int((p.x() - c.stripRect.left()) / c.cell);
            const int row = int((p.y() - c.stripRect.top()) / c.cell);
            const int u = std::clamp(col, 0, c.cols - 1) * c.rows + std::clamp(row, 0, c.rows - 1);
            if (u < counts_[l]) return {int(l), u};
            continue;
        }
        for (size_t u = 0; u < c.centres.size(); ++u) {
            const QPointF d = p - c.centres[u];
            if (d.x() * d.x() + d.y() * d.y() <= (c.radius + 2) * (c.radius + 2))
                return {int(l), int(u)};
        }
    }
    return {-1, -1};
}

QRectF NetworkLayout::cellRect(int layer, int unit) const {
    const ColumnGeometry& c = cols_[size_t(layer)];
    if (!c.strip || c.rows == 0) return {};
    const int col = unit / c.rows, row = unit % c.rows;
    return QRectF(c.stripRect.left() + col * c.cell, c.stripRect.top() + row * c.cell, c.cell,
                  c.cell);
}

QPointF NetworkLayout::unitCentre(int layer, int unit) const {
    if (layer < 0 || layer >= int(cols_.size())) return {};
    const ColumnGeometry& c = cols_[size_t(layer)];
    if (c.strip) return cellRect(layer, unit).center();
    return unit >= 0 && unit < int(c.centres.size()) ? c.centres[size_t(unit)] : QPointF();
}

}  // namespace dl

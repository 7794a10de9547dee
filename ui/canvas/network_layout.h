#pragma once
// Geometry of the network diagram: one column per layer, units as circles for small layers
// and as a grid of cells (a "unit strip") for large ones. Pure geometry: no painting, no Qt
// widgets, so hit testing and drawing agree by construction.
#include <QPointF>
#include <QRectF>

#include <utility>
#include <vector>

namespace dl {

/// Where one layer's units sit.
struct ColumnGeometry {
    double x = 0;                  ///< centre of the column
    double width = 0;              ///< horizontal space given to the column
    bool strip = false;            ///< cells instead of circles
    double radius = 0;             ///< circles: radius of every unit in the column
    std::vector<QPointF> centres;  ///< circles: one centre per unit
    QRectF stripRect;              ///< strip: the cells' bounding box
    int rows = 0, cols = 0;        ///< strip: units fill each column top-down, then the next
    double cell = 0;               ///< strip: side of one cell
    QRectF bounds;                 ///< everything the units cover
};

/// Lays out layer columns left to right inside a rectangle and finds the unit under a point.
class NetworkLayout {
  public:
    static constexpr int kMaxCircles = 24;  ///< larger layers are drawn as strips

    void compute(const std::vector<int>& unitCounts, const QRectF& area);
    const std::vector<ColumnGeometry>& columns() const { return cols_; }
    /// (layer, unit) under p, or (-1, -1).
    std::pair<int, int> hit(const QPointF& p) const;
    /// Centre of a unit's circle or cell.
    QPointF unitCentre(int layer, int unit) const;
    /// The strip cell of `unit` (strip columns only).
    QRectF cellRect(int layer, int unit) const;

  private:
    static void placeCircles(ColumnGeometry& c, int n, const QRectF& area);
    static void placeStrip(ColumnGeometry& c, int n, const QRectF& area);
    std::vector<ColumnGeometry> cols_;
    std::vector<int> counts_;
};

}  // namespace dl

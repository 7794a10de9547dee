#pragma once
// The 2-D sweep result: a heat map of a metric over two sites' rates, with a colour bar, the
// value in each cell when it fits, and the best cell marked; clicking a cell applies its rates.
#include <QWidget>

#include <vector>

namespace dl {

/// The grid of a 2-D sweep: value(i, j) for x rate i and y rate j (NaN: diverged/cancelled).
struct SweepGrid2D {
    QString xSite, ySite;
    std::vector<double> xRates, yRates;
    std::vector<double> values;  ///< row-major over x: values[i * yRates.size() + j]
    double value(int i, int j) const { return values[size_t(i) * yRates.size() + j]; }
};

/// Painted cells, viridis colours (perceptually even, readable in grey and by most
/// colour-blind viewers).
class SweepHeatmap : public QWidget {
    Q_OBJECT
  public:
    explicit SweepHeatmap(QWidget* parent = nullptr);

    void setGrid(SweepGrid2D grid, const QString& metric, bool lowerIsBetter);
    const SweepGrid2D& grid() const { return grid_; }
    /// The best finite cell as (i, j), or (-1, -1).
    std::pair<int, int> bestCell() const;
    /// The pixel rectangle of cell (i, j).
    QRectF cellRect(int i, int j) const;

    QSize minimumSizeHint() const override { return {360, 260}; }

  Q_SIGNALS:
    void cellClicked(double xRate, double yRate);

  protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent*) override;
    void resizeEvent(QResizeEvent*) override;

  private:
    QRectF plotRect() const;
    QRectF barRect() const;
    std::pair<int, int> hit(const QPointF& pos) const;
    void paintColourBar(QPainter& p, double lo, double hi) const;
    void paintAxes(QPainter& p, const QRectF& plot) const;
    SweepGrid2D grid_;
    QString metric_;
    bool lowerIsBetter_ = true;
    std::pair<int, int> hover_{-1, -1};
};

/// Viridis colour of u in [0, 1].
QColor viridis(double u);

}  // namespace dl

#pragma once
// The 1-D sweep result: a metric (e.g. validation loss) against drop rate, one curve per
// swept site, the best rate of each curve ringed; clicking a point applies that rate.
#include <QColor>
#include <QWidget>

#include <vector>

namespace dl {

class PlotFrame;

/// One site's sweep: rates and the metric at each (NaN where a run diverged or was cancelled).
struct SweepCurve {
    QString site;
    QColor color;
    std::vector<double> rates, values;
};

/// Painted with PlotFrame; hover shows the value under the mouse.
class SweepCurvePlot : public QWidget {
    Q_OBJECT
  public:
    explicit SweepCurvePlot(QWidget* parent = nullptr);

    /// lowerIsBetter picks which end counts as best (loss: lower; accuracy: higher).
    void setCurves(std::vector<SweepCurve> curves, const QString& metric, bool lowerIsBetter);
    const std::vector<SweepCurve>& curves() const { return curves_; }
    /// Where point i of curve c is drawn (for tests and hit-testing); invalid if not drawn.
    QPointF pointPixel(int c, int i) const;
    /// The index of the best finite value of curve c, or -1.
    int bestIndex(int c) const;

    QSize minimumSizeHint() const override { return {360, 260}; }

  Q_SIGNALS:
    void pointClicked(const QString& site, double rate);

  protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent*) override;
    void resizeEvent(QResizeEvent*) override;

  private:
    PlotFrame frame() const;
    std::pair<int, int> hit(const QPointF& pos) const;
    void paintLegend(QPainter& p, const QRectF& area) const;
    std::vector<SweepCurve> curves_;
    QString metric_;
    bool lowerIsBetter_ = true;
    std::pair<int, int> hover_{-1, -1};
};

}  // namespace dl

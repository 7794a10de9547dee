#pragma once
// A live line chart of any per-epoch metric (loss, accuracy, A/B curves), redrawn with
// replace() on series decimated to at most kMaxPoints, with a log-scale toggle and a hover
// read-out.
#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

class QGraphicsLineItem;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace dl {

class ChartHover;

/// N named curves against epoch; series are drawn in the order they were added.
class MetricChart : public QChartView {
    Q_OBJECT
  public:
    static constexpr int kMaxPoints = 2000;
    static constexpr double kLineWidth = 2.5;  ///< the default pen width, in pixels

    explicit MetricChart(const QString& title, const QString& yTitle, QWidget* parent = nullptr);

    /// Adds (or restyles) a curve; solid or dashed (e.g. A solid, B dashed).
    /// width: the pen width in pixels (wider lines drawn first peek out around later ones).
    void addSeries(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine,
                   double width = kLineWidth);
    /// Replaces a curve's points (added with the next default colour if unknown).
    void setSeries(const QString& name, const QList<QPointF>& points);
    void clearSeries();
    /// Removes every series (and its legend entry), e.g. when A/B mode renames them.
    void removeAllSeries();
    void setSeriesVisible(const QString& name, bool visible);
    /// Log-scale y axis; non-positive values are clamped to a small positive floor.
    void setLogScale(bool on);
    bool logScale() const { return log_; }
    /// Fixes the y range (e.g. 0..1 for accuracy); lo >= hi returns to automatic.
    void setFixedYRange(double lo, double hi);
    /// A vertical line at x (e.g. the current epoch); NaN hides it. The x axis reaches it.
    void setMarkerX(double x);
    /// Off: setSeries leaves the axes to the owner's settle() instead of a queued update, so a
    /// live view pays for one repaint per snapshot rather than one per deferred stage.
    void setAutoSettle(bool on) { autoSettle_ = on; }
    /// Applies pending axis changes and lays the chart out now (after a batch of setSeries).
    void settle();
    double markerX() const { return markerX_; }

    QStringList seriesNames() const;
    /// Points currently drawn for a series (after decimation); -1 for an unknown name.
    int pointCount(const QString& name) const;
    QLineSeries* series(const QString& name) const;
    ChartHover& hover() { return *hover_; }

  protected:
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

  private:
    struct Curve {
        QString name;
        QLineSeries* line = nullptr;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        double width = kLineWidth;
        QList<QPointF> raw;
    };
    Curve* find(const QString& name);
    const Curve* find(const QString& name) const;
    void applyPen(const Curve& c) const;
    void push(Curve& c) const;
    void updateRanges();
    void scheduleRanges();
    bool rangesPending_ = false;
    bool autoSettle_ = true;
    void applyTheme();
    void applyFonts();
    void placeMarker();
    void updateXTicks();
    double fontPt_ = 0;
    double markerX_;
    QGraphicsLineItem* marker_ = nullptr;

    std::vector<Curve> curves_;
    QValueAxis* axisX_;
    QValueAxis* axisY_;
    QLogValueAxis* axisLog_;
    ChartHover* hover_;
    bool log_ = false;
    double fixedLo_ = 0, fixedHi_ = 0;
};

/// At most maxPoints of a curve sorted by x: per bucket its first, lowest and highest points,
/// so spikes survive; the first and last points are always kept.
QList<QPointF> decimateMinMax(const QList<QPointF>& pts, int maxPoints);

}  // namespace dl

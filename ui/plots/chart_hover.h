#pragma once
// A hover read-out for line charts: "epoch 42: train 0.123, val 0.145" next to the mouse and a
// vertical guide line at that epoch.
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QChartView;
class QGraphicsLineItem;
class QLineSeries;

namespace dl {

/// Watches a QChartView's mouse moves and shows the series values at the nearest x.
class ChartHover : public QObject {
    Q_OBJECT
  public:
    ChartHover(QChartView* view, QList<QLineSeries*> series, QObject* parent = nullptr);
    void setSeries(QList<QLineSeries*> series);
    /// The word before the x value ("epoch" by default).
    void setXLabel(const QString& label) { xLabel_ = label; }
    /// The read-out for data coordinate x; empty when no visible series has points.
    QString textAt(double x) const;
    /// The read-out last shown (empty once the mouse left the plot).
    QString lastText() const { return lastText_; }

  protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

  private:
    void onMove(const QPoint& viewportPos, const QPoint& globalPos);
    void hide();
    QPointer<QChartView> view_;
    QList<QPointer<QLineSeries>> series_;
    QGraphicsLineItem* guide_ = nullptr;
    QString xLabel_ = "epoch";
    QString lastText_;
};

}  // namespace dl

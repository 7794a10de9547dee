#pragma once
// A small painted line chart (no Qt Charts minimum size), for the MC-vs-weight-scaling panel:
// a few named series with a legend, axes from PlotFrame and the theme's text colour.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

namespace dl {

/// Named curves against a numeric x; ranges follow the data unless fixed.
class LinePlot : public QWidget {
    Q_OBJECT
  public:
    /// One curve: solid or dashed.
    struct Series {
        QString name;
        QList<QPointF> points;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
    };

    LinePlot(const QString& title, const QString& xTitle, const QString& yTitle,
             QWidget* parent = nullptr);
    void setSeries(const QList<Series>& series);
    const QList<Series>& series() const { return series_; }
    void setSubtitle(const QString& s);
    /// Renames the chart and its y axis (e.g. accuracy → RMSE for regression).
    void setTitles(const QString& title, const QString& yTitle);
    /// A message shown instead of the chart while there are no series.
    void setPlaceholder(const QString& text);

    QSize sizeHint() const override { return {420, 300}; }
    QSize minimumSizeHint() const override { return {200, 160}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    QString title_, subtitle_, xTitle_, yTitle_, placeholder_;
    QList<Series> series_;
};

}  // namespace dl

#pragma once
// Paints the "Sequences" tab's plot: a validation sequence's inputs over time with the target,
// the model's prediction and a dashed closed-loop roll-out (forecasting), or the predicted class
// probabilities beside the sequence (classification). A and B are drawn together in A/B mode.
#include <QWidget>

#include <memory>

#include "ui/worker/sequence_inspection.h"

class QPainter;

namespace dl {

class PlotFrame;

/// Draws up to two inspections of the same sequence (A, and B in A/B mode).
class SequencePlot : public QWidget {
    Q_OBJECT
  public:
    explicit SequencePlot(QWidget* parent = nullptr);

    void setInspections(std::shared_ptr<const SequenceInspection> a,
                        std::shared_ptr<const SequenceInspection> b);
    /// Colours of A's and B's predictions.
    static QColor colorA() { return QColor(0x00, 0x72, 0xB2); }
    static QColor colorB() { return QColor(0xD5, 0x5E, 0x00); }

    QSize sizeHint() const override { return {640, 420}; }
    QSize minimumSizeHint() const override { return {320, 220}; }

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    double paintLegend(QPainter& p, double y);
    void paintSeries(QPainter& p, const QRectF& area);
    void paintForecast(QPainter& p, const PlotFrame& f, const SequenceInspection& s,
                       const QColor& c) const;
    void paintProbabilities(QPainter& p, const QRectF& area);
    void drawProbabilityAxes(QPainter& p, const PlotFrame& f) const;
    QString summary(const SequenceInspection& s) const;

    std::shared_ptr<const SequenceInspection> a_, b_;
};

}  // namespace dl

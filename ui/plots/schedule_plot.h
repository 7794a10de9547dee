#pragma once
// A small painted plot of one site's drop rate over the planned run, as its RateSchedule
// gives it, with the current epoch marked while training.
#include <QPointF>
#include <QWidget>

#include <vector>

#include "core/dropout/rate_schedule.h"

namespace dl {

class PlotFrame;

/// Draws RateSchedule::rateAt(target, t) for t over the planned epochs (or steps).
class SchedulePlot : public QWidget {
    Q_OBJECT
  public:
    explicit SchedulePlot(QWidget* parent = nullptr);

    void setSchedule(const RateSchedule& s, double target, int plannedEpochs);
    /// Steps per epoch, for schedules that count steps (the x axis then counts steps).
    void setStepsPerEpoch(int n);
    /// Marks t (in the schedule's unit); NaN removes the mark.
    void setCurrentTime(double t);
    /// The drawn samples (t, rate): one per epoch for epoch schedules (the rate holds for the
    /// whole epoch), evenly spaced for step schedules; empty for adaptive schedules.
    std::vector<QPointF> curve() const;
    /// The t axis's end: planned epochs, or planned steps for step schedules.
    double horizon() const;

    QSize sizeHint() const override { return {360, 200}; }
    QSize minimumSizeHint() const override { return {240, 150}; }

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    void paintAdaptive(QPainter& p, const PlotFrame& f) const;
    RateSchedule schedule_;
    double target_ = 0.5;
    int planned_ = 100;
    int stepsPerEpoch_ = 0;
    double now_;
};

}  // namespace dl

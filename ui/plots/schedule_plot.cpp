#include "ui/plots/schedule_plot.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/plots/plot_frame.h"

namespace dl {
namespace {

const QColor kCurve(0x1f, 0x77, 0xb4);
const QColor kNow(0xd6, 0x27, 0x28);

}  // namespace

SchedulePlot::SchedulePlot(QWidget* parent)
    : QWidget(parent), now_(std::numeric_limits<double>::quiet_NaN()) {
    setToolTip(
        "The drop rate this schedule gives over the planned run; the red line marks "
        "where training is now.");
}

void SchedulePlot::setSchedule(const RateSchedule& s, double target, int plannedEpochs) {
    schedule_ = s;
    target_ = target;
    planned_ = std::max(1, plannedEpochs);
    update();
}

void SchedulePlot::setStepsPerEpoch(int n) {
    stepsPerEpoch_ = std::max(0, n);
    update();
}

void SchedulePlot::setCurrentTime(double t) {
    now_ = t;
    update();
}

double SchedulePlot::horizon() const {
    if (schedule_.unit != "step") return planned_;
    // Without the data's batch count, show a few schedule lengths.
    if (stepsPerEpoch_ > 0) return double(planned_) * stepsPerEpoch_;
    return std::max({1.5 * schedule_.length, 3.0 * schedule_.every, 3.0 / schedule_.gamma, 100.0});
}

std::vector<QPointF> SchedulePlot::curve() const {
    std::vector<QPointF> pts;
    if (schedule_.kind == "adaptive") return pts;
    const bool steps = schedule_.unit == "step";
    const int n = steps ? 400 : planned_;
    for (int i = 0; i <= n; ++i) {
        const double t = steps ? horizon() * i / n : double(i);
        pts.emplace_back(t, schedule_.rateAt(target_, t));
    }
    return pts;
}

void SchedulePlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const bool steps = schedule_.unit == "step";
    const auto pts = curve();
    double hi = std::max(target_, schedule_.kind == "adaptive" ? schedule_.maxRate : 0.0);
    for (const QPointF& q : pts) hi = std::max(hi, q.y());
    hi = std::min(1.0, std::max(0.1, std::ceil(hi * 10.0 + 0.5) / 10.0));
    const PlotFrame f = PlotFrame::fit(QRectF(rect()).adjusted(4, 4, -4, -4), p.fontMetrics(), 0,
                                       horizon(), 0, hi, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), palette().color(QPalette::Base));
    if (schedule_.kind == "adaptive") {
        paintAdaptive(p, f);
    } else {
        // Epoch schedules hold each value for the whole epoch: draw a staircase.
        QPainterPath path(f.map(pts.front().x(), pts.front().y()));
        for (size_t i = 1; i < pts.size(); ++i) {
            if (!steps) path.lineTo(f.map(pts[i].x(), pts[i - 1].y()));
            path.lineTo(f.map(pts[i].x(), pts[i].y()));
        }
        p.setPen(QPen(kCurve, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
    }
    if (std::isfinite(now_) && now_ <= horizon()) {
        const double x = f.map(now_, 0).x();
        p.setPen(QPen(kNow, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, f.pixels().top()), QPointF(x, f.pixels().bottom()));
        if (schedule_.kind != "adaptive") {
            const double t = steps ? now_ : std::floor(now_);
            p.setBrush(kNow);
            p.setPen(Qt::NoPen);
            p.drawEllipse(f.map(now_, schedule_.rateAt(target_, t)), 4.5, 4.5);
        }
    }
    f.drawAxes(p, palette(), steps ? "step" : "epoch", "drop rate");
}

// Adaptive rates follow validation feedback: show where they start and the band they may move in.
void SchedulePlot::paintAdaptive(QPainter& p, const PlotFrame& f) const {
    const QPointF a = f.map(0, schedule_.maxRate), b = f.map(horizon(), schedule_.minRate);
    QColor band = kCurve;
    band.setAlpha(45);
    p.fillRect(QRectF(a, b), band);
    p.setPen(QPen(kCurve, 2.5));
    const double y = f.map(0, target_).y();
    p.drawLine(QPointF(f.pixels().left(), y), QPointF(f.pixels().left() + 24, y));
    p.setPen(palette().color(QPalette::Text));
    p.drawText(f.pixels().adjusted(30, 4, -6, -4), Qt::AlignCenter | Qt::TextWordWrap,
               QString("starts at %1, then moves within [%2, %3]\nfrom validation feedback "
                       "every %4 epochs")
                   .arg(target_, 0, 'g', 3)
                   .arg(schedule_.minRate, 0, 'g', 3)
                   .arg(schedule_.maxRate, 0, 'g', 3)
                   .arg(schedule_.adaptEvery));
}

}  // namespace dl

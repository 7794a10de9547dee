#include "ui/plots/sequence_plot.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "ui/plots/class_palette.h"
#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_markers.h"

namespace dl {
namespace {

const QColor kInput(0x33, 0x33, 0x33);   // the observed sequence, dark on the light plot
const QColor kTruth(0x00, 0x9E, 0x73);   // Okabe–Ito bluish green: what really came next
const QColor kFuture(0xF1, 0xF1, 0xF1);  // background of the roll-out region

QFont sized(QFont f, double factor = 1.0) {
    f.setPointSizeF(std::max(10.0, f.pointSizeF()) * factor);
    return f;
}

bool isForecast(const SequenceInspection& s) {
    return !s.rollout.empty();
}

float feature0(const SequenceInspection& s, int t) {
    return s.inputs[std::size_t(t) * s.features];
}

// The y range of everything drawn, with a margin.
std::pair<double, double> valueRange(const SequenceInspection* a, const SequenceInspection* b) {
    double lo = 1e30, hi = -1e30;
    auto take = [&](const std::vector<float>& v, int stride) {
        for (std::size_t i = 0; i < v.size(); i += stride) {
            lo = std::min(lo, double(v[i]));
            hi = std::max(hi, double(v[i]));
        }
    };
    for (const auto* s : {a, b}) {
        if (!s) continue;
        take(s->inputs, std::max(1, s->features));
        take(s->rollout, 1);
        take(s->truth, 1);
        if (!s->classification) take(s->target, 1);
    }
    if (lo > hi) return {-1, 1};
    const double m = 0.08 * std::max(1e-3, hi - lo);
    return {lo - m, hi + m};
}

void polyline(QPainter& p, const PlotFrame& f, double t0, float v0, const std::vector<float>& v) {
    QPainterPath path(f.map(t0, v0));
    for (std::size_t k = 0; k < v.size(); ++k) path.lineTo(f.map(t0 + 1 + double(k), v[k]));
    p.drawPath(path);
}

}  // namespace

SequencePlot::SequencePlot(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
}

void SequencePlot::setInspections(std::shared_ptr<const SequenceInspection> a,
                                  std::shared_ptr<const SequenceInspection> b) {
    a_ = std::move(a);
    b_ = std::move(b);
    update();
}

QString SequencePlot::summary(const SequenceInspection& s) const {
    if (s.classification) {
        const auto best = std::max_element(s.prediction.begin(), s.prediction.end());
        const int k = int(best - s.prediction.begin());
        const int truth = s.target.empty() ? -1 : int(s.target[0]);
        return QString("predicts %1 (p = %2)%3")
            .arg(k < int(s.classNames.size()) ? QString::fromStdString(s.classNames[k])
                                              : QString::number(k))
            .arg(double(*best), 0, 'f', 2)
            .arg(k == truth ? " ✓" : " ✗");
    }
    QString text;
    if (!s.prediction.empty() && !s.target.empty())
        text = QString("next value %1 (true %2)")
                   .arg(double(s.prediction[0]), 0, 'f', 3)
                   .arg(double(s.target[0]), 0, 'f', 3);
    if (!s.truth.empty()) {
        double se = 0;
        for (std::size_t k = 0; k < s.truth.size(); ++k)
            se += std::pow(double(s.rollout[k]) - double(s.truth[k]), 2);
        text += QString(" · roll-out RMSE %1 over %2 steps")
                    .arg(std::sqrt(se / double(s.truth.size())), 0, 'f', 3)
                    .arg(s.truth.size());
    }
    return text;
}

double SequencePlot::paintLegend(QPainter& p, double y) {
    const SequenceInspection& s = *a_;
    QList<PlotMarkers::LegendItem> items;
    items.append({PlotMarkers::Kind::Line, kInput, "input (observed)"});
    if (!s.classification) items.append({PlotMarkers::Kind::ValRing, kTruth, "target"});
    if (!s.truth.empty()) items.append({PlotMarkers::Kind::Line, kTruth, "true continuation"});
    const QString what = isForecast(s) ? "roll-out (fed back)" : "prediction";
    const QString aName = b_ ? "A " + what : what;
    if (!s.classification) {
        items.append({PlotMarkers::Kind::DashedLine, colorA(), aName});
        if (b_) items.append({PlotMarkers::Kind::DashedLine, colorB(), "B " + what});
    } else {
        items.append({PlotMarkers::Kind::Swatch, colorA(), b_ ? "A probability" : "probability"});
        if (b_) items.append({PlotMarkers::Kind::Swatch, colorB(), "B probability"});
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    return PlotMarkers::drawLegend(p, QPointF(8, y), width() - 16, items, dark);
}

void SequencePlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(sized(font()));
    const QColor ink = palette().color(QPalette::WindowText);
    if (!a_ || a_->inputs.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, "Computing the model's answer for this sequence…");
        return;
    }
    double y = 6;
    const double lh = p.fontMetrics().height();
    p.setPen(ink);
    for (const auto& [tag, s] : {std::pair{QString("A: "), a_}, std::pair{QString("B: "), b_}}) {
        if (!s) continue;
        p.drawText(QRectF(8, y, width() - 16, lh), Qt::AlignLeft | Qt::AlignVCenter,
                   (b_ ? tag : QString()) + summary(*s));
        y += lh + 2;
    }
    y += paintLegend(p, y + 2) + 8;
    const QRectF area(0, y, width(), height() - y);
    if (a_->classification) {
        const double split = area.width() * 0.6;
        paintSeries(p, area.adjusted(0, 0, -(area.width() - split), 0));
        paintProbabilities(p, area.adjusted(split, 0, 0, 0));
    } else {
        paintSeries(p, area);
    }
}

void SequencePlot::paintSeries(QPainter& p, const QRectF& area) {
    const SequenceInspection& s = *a_;
    const int T = s.timesteps;
    const int ahead = int(std::max(s.rollout.size(), b_ ? b_->rollout.size() : 0));
    const double xMax = s.classification ? T - 1 : T - 1 + std::max(1, ahead);
    const auto [lo, hi] = valueRange(a_.get(), b_.get());
    const PlotFrame f = PlotFrame::fit(area.adjusted(6, 4, -12, -4), p.fontMetrics(), -0.5,
                                       xMax + 0.5, lo, hi, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);  // a light plot area in light and dark themes alike
    if (!s.classification) {
        const QPointF edge = f.map(T - 0.5, hi);
        p.fillRect(QRectF(edge, f.pixels().bottomRight()), kFuture);
        p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1, Qt::DotLine));
        p.drawLine(edge, QPointF(edge.x(), f.pixels().bottom()));
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(QRectF(edge.x() + 6, f.pixels().top() + 4, f.pixels().right() - edge.x() - 8,
                          p.fontMetrics().height()),
                   Qt::AlignLeft, isForecast(s) ? "forecast →" : "target");
    }
    const QColor line = kInput;  // class colours would clash with the A and B bar colours
    QPainterPath path(f.map(0, feature0(s, 0)));
    for (int t = 1; t < T; ++t) path.lineTo(f.map(t, feature0(s, t)));
    p.setPen(QPen(line, 2));
    p.drawPath(path);
    const double r = std::clamp(f.pixels().width() / (4.0 * (xMax + 1)), 1.5, 3.0);
    p.setBrush(line);
    p.setPen(Qt::NoPen);
    for (int t = 0; t < T; ++t) p.drawEllipse(f.map(t, feature0(s, t)), r, r);
    if (!s.classification) {
        if (!s.truth.empty()) {
            p.setPen(QPen(kTruth, 2));
            p.setBrush(Qt::NoBrush);
            polyline(p, f, T - 1, feature0(s, T - 1), s.truth);
        }
        if (b_) paintForecast(p, f, *b_, colorB());
        paintForecast(p, f, s, colorA());
        if (!s.target.empty()) PlotMarkers::valRing(p, f.map(T, s.target[0]), r + 3, kTruth);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    f.drawAxes(p, palette(), "timestep", "value");
    p.setRenderHint(QPainter::Antialiasing);
}

// The one-step prediction as a dot at t = T, and the roll-out as a dashed line from the last
// observation on.
void SequencePlot::paintForecast(QPainter& p, const PlotFrame& f, const SequenceInspection& s,
                                 const QColor& c) const {
    if (s.prediction.empty()) return;
    const int T = s.timesteps;
    if (!s.rollout.empty()) {
        p.setPen(QPen(c, 2.2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        polyline(p, f, T - 1, feature0(s, T - 1), s.rollout);
    }
    p.setPen(QPen(Qt::white, 1));
    p.setBrush(c);
    p.drawEllipse(f.map(T, s.prediction[0]), 4.5, 4.5);
}

void SequencePlot::paintProbabilities(QPainter& p, const QRectF& area) {
    const SequenceInspection& s = *a_;
    const int K = int(s.prediction.size());
    if (K == 0) return;
    const PlotFrame f = PlotFrame::fit(area.adjusted(8, 4, -12, -4), p.fontMetrics(), -0.5, K - 0.5,
                                       0.0, 1.0, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);
    const int truth = s.target.empty() ? -1 : int(s.target[0]);
    const double slot = f.pixels().width() / K;
    const int sides = b_ ? 2 : 1;
    const double bar = slot * 0.7 / sides;
    for (int k = 0; k < K; ++k) {
        const double x0 = f.pixels().left() + k * slot + slot * 0.15;
        if (k == truth)  // the true class: a tinted slot
            p.fillRect(
                QRectF(f.pixels().left() + k * slot, f.pixels().top(), slot, f.pixels().height()),
                ClassPalette::tint(ClassPalette::color(k), 0.18));
        for (int side = 0; side < sides; ++side) {
            const auto& src = side == 0 ? a_ : b_;
            if (int(src->prediction.size()) != K) continue;
            const double top = f.map(0, src->prediction[k]).y();
            p.fillRect(QRectF(x0 + side * bar, top, bar - 2, f.pixels().bottom() - top),
                       side == 0 ? colorA() : colorB());
        }
        const QString name = k < int(s.classNames.size()) ? QString::fromStdString(s.classNames[k])
                                                          : QString::number(k);
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(f.pixels().left() + k * slot, f.pixels().top() + 4, slot,
                          2 * p.fontMetrics().height()),
                   Qt::AlignHCenter | Qt::AlignTop, k == truth ? name + "\n(true)" : name);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    drawProbabilityAxes(p, f);
    p.setRenderHint(QPainter::Antialiasing);
}

// A frame with probability ticks only: the slots carry the class names, so the x axis has no
// (fractional) ticks.
void SequencePlot::drawProbabilityAxes(QPainter& p, const PlotFrame& f) const {
    const QRectF& r = f.pixels();
    const QFontMetricsF fm(p.font());
    p.setPen(QPen(palette().color(QPalette::WindowText), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    for (int i = 0; i <= 5; ++i) {
        const double y = f.map(0, i / 5.0).y();
        p.drawLine(QPointF(r.left() - 5, y), QPointF(r.left(), y));
        p.drawText(QRectF(r.left() - 60, y - fm.height() / 2, 52, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(i / 5.0, 'f', 1));
    }
    p.drawText(QRectF(r.left(), r.bottom() + 4, r.width(), fm.height() + 2), Qt::AlignHCenter,
               "class");
    p.save();
    p.translate(r.left() - fm.horizontalAdvance("0.00") - 16 - fm.height() / 2, r.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2, -fm.height() / 2, r.height(), fm.height()), Qt::AlignCenter,
               "probability");
    p.restore();
}

}  // namespace dl

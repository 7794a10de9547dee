#include "ui/canvas/output_view.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <functional>

#include "ui/plots/class_palette.h"
#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_markers.h"

namespace dl {
namespace {

// p_k minus the best other class at grid point i: > 0 exactly where class k wins.
float margin(const Matrix& probs, Eigen::Index i, int k) {
    float other = -1.f;
    for (Eigen::Index j = 0; j < probs.cols(); ++j)
        if (j != k) other = std::max(other, probs(i, j));
    return probs(i, k) - other;
}

// Marching squares on one cell: the crossings of f = 0 along its four edges, in edge order.
void cellSegments(const float v[4], const QPointF c[4], std::vector<QLineF>& out) {
    QPointF hits[4];
    int n = 0;
    for (int e = 0; e < 4; ++e) {
        const float a = v[e], b = v[(e + 1) % 4];
        if ((a < 0) == (b < 0)) continue;
        const double t = a / double(a - b);
        hits[n++] = c[e] + t * (c[(e + 1) % 4] - c[e]);
    }
    if (n >= 2) out.emplace_back(hits[0], hits[1]);
    if (n == 4) out.emplace_back(hits[2], hits[3]);
}

// Vertical extent of the regression plot: the data's targets with a margin, so the axes stay
// put while a wild early curve is simply clipped.
std::pair<double, double> regressionYRange(const TrainingSnapshot& s) {
    double lo = 1e300, hi = -1e300;
    if (s.data)
        for (const Dataset* d : {&s.data->train, &s.data->val})
            for (int i = 0; d->y.cols() > 0 && i < d->size(); ++i) {
                lo = std::min(lo, double(d->y(i, 0)));
                hi = std::max(hi, double(d->y(i, 0)));
            }
    if (lo > hi)  // no targets: fall back to the curve itself
        for (Eigen::Index i = 0; i < s.output.curveY.size(); ++i) {
            lo = std::min(lo, double(s.output.curveY.data()[i]));
            hi = std::max(hi, double(s.output.curveY.data()[i]));
        }
    if (lo > hi) return {-1, 1};
    const double m = 0.2 * std::max(1e-3, hi - lo);
    return {lo - m, hi + m};
}

// A transparent pixmap covering `rect` (in widget coordinates) with `draw`'s painting.
QPixmap renderLayer(const QRectF& rect, qreal dpr, const std::function<void(QPainter&)>& draw) {
    QPixmap pm((rect.size() * dpr).toSize());
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.translate(-rect.topLeft());
    draw(p);
    return pm;
}

QFont scaledFont(QFont f, int widgetHeight, double factor = 1.0) {
    // Grows with the widget so a projected window stays readable; never below 10 pt.
    const double base = std::max(10.0, f.pointSizeF());
    f.setPointSizeF(std::clamp(widgetHeight / 48.0, base, 14.0) * factor);
    return f;
}

}  // namespace

OutputViewWidget::OutputViewWidget(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    // What a student could misread: this is the test-time network, not the thinned one.
    setToolTip(
        "The network's prediction at test time: dropout off, no units dropped.\n"
        "Heat map colour: the most likely class; pale where the model is unsure.\n"
        "Filled dots: training points; rings: validation points.");
}

void OutputViewWidget::setTitle(const QString& title) {
    title_ = title;
    update();
}

bool OutputViewWidget::isHeatMap() const {
    return snap_ && snap_->output.resolution > 0 && snap_->output.probs.cols() >= 2 &&
           snap_->output.probs.rows() ==
               Eigen::Index(snap_->output.resolution) * snap_->output.resolution;
}

bool OutputViewWidget::isCurve() const {
    return snap_ && snap_->output.curveX.rows() > 1 &&
           snap_->output.curveY.rows() == snap_->output.curveX.rows();
}

bool OutputViewWidget::outputChanged(const SnapshotPtr& s) const {
    // The worker copies an unchanged output into newer snapshots, so compare values, not
    // addresses; a 72×72×K grid compares in microseconds.
    if (!snap_) return true;
    const OutputView &a = snap_->output, &b = s->output;
    return a.resolution != b.resolution || a.xMin != b.xMin || a.xMax != b.xMax ||
           a.yMin != b.yMin || a.yMax != b.yMax || a.probs.rows() != b.probs.rows() ||
           a.probs.cols() != b.probs.cols() || a.probs != b.probs;
}

void OutputViewWidget::showSnapshot(const SnapshotPtr& s) {
    if (!s || s == snap_) return;
    const bool rebuild = outputChanged(s);
    snap_ = s;
    if (rebuild) {
        rebuildHeatMap();
        rebuildBoundary();
    }
    update();
}

void OutputViewWidget::rebuildHeatMap() {
    plotLayer_ = QPixmap();
    if (!isHeatMap()) {
        heat_ = QImage();
        return;
    }
    const OutputView& o = snap_->output;
    const int res = o.resolution, k = int(o.probs.cols());
    heat_ = QImage(res, res, QImage::Format_RGB32);
    for (int r = 0; r < res; ++r) {
        auto* line = reinterpret_cast<QRgb*>(heat_.scanLine(res - 1 - r));
        for (int c = 0; c < res; ++c) {
            Eigen::Index cls;
            const float p = o.probs.row(Eigen::Index(r) * res + c).maxCoeff(&cls);
            // Pale where the model hesitates (p near 1/K), strong where it is sure; capped so
            // the data points stay visible on top.
            const double sure = std::clamp((p - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0);
            line[c] = ClassPalette::tint(ClassPalette::color(int(cls)), 0.08 + 0.5 * sure).rgb();
        }
    }
    ++heatBuilds_;
}

void OutputViewWidget::rebuildBoundary() {
    boundary_.clear();
    if (!isHeatMap()) return;
    const OutputView& o = snap_->output;
    const int res = o.resolution, classes = int(o.probs.cols());
    auto at = [&](int r, int c) {
        return QPointF(o.xMin + (o.xMax - o.xMin) * (c + 0.5) / res,
                       o.yMin + (o.yMax - o.yMin) * (r + 0.5) / res);
    };
    // With two classes the boundaries of class 0 and class 1 coincide: trace one.
    for (int k = 0; k < (classes == 2 ? 1 : classes); ++k)
        for (int r = 0; r + 1 < res; ++r)
            for (int c = 0; c + 1 < res; ++c) {
                const Eigen::Index i = Eigen::Index(r) * res + c;
                const float v[4] = {margin(o.probs, i, k), margin(o.probs, i + 1, k),
                                    margin(o.probs, i + res + 1, k), margin(o.probs, i + res, k)};
                const QPointF pts[4] = {at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)};
                cellSegments(v, pts, boundary_);
            }
}

double OutputViewWidget::paintHeader(QPainter& p) {
    const QColor ink = palette().color(QPalette::WindowText);
    const double pad = 8;
    QString title = title_;
    if (title.isEmpty()) title = isCurve() ? "Fitted curve" : "Decision boundary";
    p.setFont(scaledFont(font(), height(), 1.15));
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(ink);
    const double th = p.fontMetrics().height();
    p.drawText(QRectF(pad, pad, width() - 2 * pad, th), Qt::AlignLeft | Qt::AlignVCenter, title);
    const double tw = p.fontMetrics().horizontalAdvance(title);
    p.setFont(scaledFont(font(), height()));
    if (snap_) {
        const QString when = QString("epoch %1 · step %2").arg(snap_->epoch).arg(snap_->step);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(pad + tw + 12, pad, width() - tw - 2 * pad - 12, th),
                   Qt::AlignLeft | Qt::AlignVCenter, when);
        p.setPen(ink);
    }
    double y = pad + th + 4;
    if (snap_ && snap_->data) {
        auto items = PlotMarkers::splitLegend(*snap_->data);
        if (isCurve())
            items.prepend({PlotMarkers::Kind::Line, ClassPalette::color(0), "model prediction"});
        else if (isHeatMap())
            items.append({PlotMarkers::Kind::Line, QColor(0x33, 0x33, 0x33), "boundary"});
        const bool dark = palette().color(QPalette::Window).lightness() < 128;
        y += PlotMarkers::drawLegend(p, QPointF(pad, y), width() - 2 * pad, items, dark) + 6;
    }
    return y;
}

PlotFrame OutputViewWidget::frameFor(const QRectF& area, const QFontMetrics& fm) const {
    const OutputView& o = snap_->output;
    if (isCurve()) {
        const auto [lo, hi] = regressionYRange(*snap_);
        return PlotFrame::fit(area, fm, o.xMin, o.xMax, lo, hi, false);
    }
    return PlotFrame::fit(area, fm, o.xMin, o.xMax, o.yMin, o.yMax, true);
}

const QPixmap& OutputViewWidget::plotLayer(const PlotFrame& f) {
    if (plotLayer_.isNull() || plotLayerRect_ != f.pixels()) {
        plotLayerRect_ = f.pixels();
        plotLayer_ = renderLayer(f.pixels(), devicePixelRatioF(), [&](QPainter& p) {
            p.setRenderHint(QPainter::SmoothPixmapTransform);  // bilinear: a soft heat map
            p.drawImage(f.pixels(), heat_);
            p.setPen(QPen(QColor(0x33, 0x33, 0x33, 200), 1.6));
            for (const QLineF& l : boundary_)
                p.drawLine(f.map(l.x1(), l.y1()), f.map(l.x2(), l.y2()));
        });
    }
    return plotLayer_;
}

const QPixmap& OutputViewWidget::pointsLayer(const PlotFrame& f, double r) {
    const std::array<double, 5> key = {f.xMin(), f.xMax(), f.yMin(), f.yMax(), r};
    const QRectF rect = f.pixels().adjusted(-2 * r, -2 * r, 2 * r, 2 * r);
    if (pointsLayer_.isNull() || pointsData_ != snap_->data.get() || pointsRect_ != rect ||
        pointsKey_ != key) {
        pointsData_ = snap_->data.get();
        pointsRect_ = rect;
        pointsKey_ = key;
        pointsLayer_ = renderLayer(rect, devicePixelRatioF(), [&](QPainter& p) {
            PlotMarkers::drawSplit(p, f, *snap_->data, r);
        });
    }
    return pointsLayer_;
}

void OutputViewWidget::paintCurve(QPainter& p, const PlotFrame& f) const {
    const OutputView& o = snap_->output;
    p.save();
    p.setClipRect(f.pixels());
    for (Eigen::Index k = 0; k < o.curveY.cols(); ++k) {
        QPainterPath path;
        for (Eigen::Index i = 0; i < o.curveX.rows(); ++i) {
            const QPointF pt = f.map(o.curveX(i, 0), o.curveY(i, k));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(
            QPen(ClassPalette::color(int(k)), 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }
    p.restore();
}

void OutputViewWidget::paintMessage(QPainter& p, const QRectF& area, const QString& text) const {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(area.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, text);
}

void OutputViewWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const double top = paintHeader(p);
    const QRectF area(8, top, width() - 16, height() - top - 8);
    if (!snap_ || !snap_->data) return paintMessage(p, area, "No data loaded yet.");
    if (!isHeatMap() && !isCurve()) {
        const auto& shape = snap_->data->train.sampleShape;
        const bool drawable = shape.size() == 1 && (shape[0] == 1 || shape[0] == 2);
        return paintMessage(p, area,
                            drawable ? "Waiting for the model's first prediction…"
                                     : "The output view draws 2-D classification and 1-D "
                                       "regression data sets; this data set has no picture here.");
    }
    const PlotFrame f = frameFor(area, p.fontMetrics());
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);  // a light plot area in light and dark themes alike
    // Cached layers: the heat map changes at most with each new output (~10 Hz), the points
    // only with a new data set or size, so most frames are two blits, the curve and the axes.
    if (isHeatMap()) p.drawPixmap(f.pixels().topLeft(), plotLayer(f));
    double r = std::clamp(std::min(f.pixels().width(), f.pixels().height()) / 110, 3.0, 7.0);
    if (isCurve()) r *= 0.8;
    p.drawPixmap(f.pixels().topLeft() - QPointF(2 * r, 2 * r), pointsLayer(f, r));
    if (isCurve()) paintCurve(p, f);
    const bool twoD = isHeatMap();
    f.drawAxes(p, palette(), twoD ? "x₁" : "x", twoD ? "x₂" : "y");
}

}  // namespace dl

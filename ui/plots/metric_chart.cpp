#include "ui/plots/metric_chart.h"

#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/plots/chart_hover.h"
#include "ui/plots/plot_frame.h"

namespace dl {
namespace {

constexpr double kLogFloor = 1e-6;  // where a log axis shows zero or negative values

QColor defaultColor(size_t i) {
    static const QColor kCycle[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xe6, 0x55, 0x0d),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0x8c, 0x56, 0x4b), QColor(0x7f, 0x7f, 0x7f)};
    return kCycle[i % std::size(kCycle)];
}

}  // namespace

QList<QPointF> decimateMinMax(const QList<QPointF>& pts, int maxPoints) {
    if (pts.size() <= maxPoints || maxPoints < 8) return pts.mid(0, std::max(maxPoints, 0));
    const int buckets = (maxPoints - 2) / 3;
    const qsizetype inner = pts.size() - 2;
    QList<QPointF> out;
    out.reserve(maxPoints);
    out.append(pts.front());
    qsizetype last = 0;
    auto add = [&](qsizetype i) {  // indices only grow, so this skips exact repeats
        if (i != last) out.append(pts[i]);
        last = i;
    };
    for (int b = 0; b < buckets; ++b) {
        const qsizetype i0 = 1 + inner * b / buckets, i1 = 1 + inner * (b + 1) / buckets;
        if (i0 >= i1) continue;
        qsizetype lo = i0, hi = i0;
        for (qsizetype i = i0; i < i1; ++i) {
            if (pts[i].y() < pts[lo].y()) lo = i;
            if (pts[i].y() > pts[hi].y()) hi = i;
        }
        add(i0);  // then the extremes in x order
        add(std::min(lo, hi));
        add(std::max(lo, hi));
    }
    add(pts.size() - 1);
    return out;
}

MetricChart::MetricChart(const QString& title, const QString& yTitle, QWidget* parent)
    : QChartView(parent), markerX_(std::numeric_limits<double>::quiet_NaN()) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    axisX_ = new QValueAxis;
    axisX_->setTitleText("epoch");
    axisX_->setLabelFormat("%g");
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisX_->setTickAnchor(0);
    axisY_ = new QValueAxis;
    axisY_->setTitleText(yTitle);
    axisY_->setLabelFormat("%g");
    axisY_->setTickType(QValueAxis::TicksDynamic);
    axisY_->setTickAnchor(0);
    // The y axis not on the chart belongs to this view: QChart owns only the axes it holds, and
    // hands a removed axis back without a parent (setLogScale).
    axisLog_ = new QLogValueAxis(this);
    axisLog_->setTitleText(yTitle + " (log)");
    axisLog_->setLabelFormat("%.3g");
    axisLog_->setMinorTickCount(8);  // grid lines at 2…9 × each power of ten
    axisY_->setLabelFormat("%.3g");
    chart->addAxis(axisX_, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);  // dashed shows as dashed
    // QChartView made a chart of its own and setChart only lets go of it: delete it, or every
    // chart view leaks one chart and its title, legend and layout.
    QChart* unused = this->chart();
    setChart(chart);
    delete unused;
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 220);  // three side by side fit beside the dock at 1280 wide
    hover_ = new ChartHover(this, {}, this);
    marker_ = new QGraphicsLineItem(chart);
    marker_->setZValue(50);
    marker_->hide();
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        updateXTicks();
        placeMarker();
    });
    applyTheme();
}

void MetricChart::setMarkerX(double x) {
    markerX_ = x;
    if (autoSettle_)
        updateRanges();
    else
        scheduleRanges();
}

void MetricChart::updateXTicks() {
    // Whole epochs from 0: "0 25 50", never "12.5"; fewer ticks on a narrow chart.
    const int ticks = std::clamp(int(chart()->plotArea().width() / 45), 2, 6);
    const double step = std::max(1.0, niceStep(axisX_->max(), ticks));
    if (step != axisX_->tickInterval()) axisX_->setTickInterval(step);
}

void MetricChart::placeMarker() {
    const QRectF area = chart()->plotArea();
    const double span = axisX_->max() - axisX_->min();
    const bool shown = std::isfinite(markerX_) && span > 0 && area.width() > 0;
    marker_->setVisible(shown);
    if (!shown) return;
    const double x = area.left() + (markerX_ - axisX_->min()) / span * area.width();
    marker_->setLine(x, area.top(), x, area.bottom());
}

MetricChart::Curve* MetricChart::find(const QString& name) {
    for (Curve& c : curves_)
        if (c.name == name) return &c;
    return nullptr;
}

const MetricChart::Curve* MetricChart::find(const QString& name) const {
    return const_cast<MetricChart*>(this)->find(name);
}

void MetricChart::applyPen(const Curve& c) const {
    QPen pen(c.color, c.width, c.style, Qt::FlatCap, Qt::BevelJoin);
    c.line->setPen(pen);
}

void MetricChart::addSeries(const QString& name, const QColor& color, Qt::PenStyle style,
                            double width) {
    Curve* c = find(name);
    if (!c) {
        curves_.push_back({name, new QLineSeries, color, style, width, {}});
        c = &curves_.back();
        c->line->setName(name);
        chart()->addSeries(c->line);
        c->line->attachAxis(axisX_);
        c->line->attachAxis(log_ ? static_cast<QAbstractAxis*>(axisLog_) : axisY_);
        QList<QLineSeries*> lines;
        for (const Curve& k : curves_) lines.append(k.line);
        hover_->setSeries(lines);
    }
    c->color = color;
    c->style = style;
    c->width = width;
    applyPen(*c);
}

void MetricChart::push(Curve& c) const {
    // Stroking an antialiased polyline costs per vertex: more than about one vertex per
    // horizontal pixel draws nothing new and made a 7000-epoch run stall the UI for 100 ms.
    const int budget = std::clamp(int(1.5 * width()), 200, kMaxPoints);
    QList<QPointF> pts = decimateMinMax(c.raw, budget);
    if (log_)
        for (QPointF& p : pts) p.setY(std::max(p.y(), kLogFloor));
    c.line->replace(pts);  // one signal and one repaint instead of one per point
    // A lone point (the first epoch) draws no line: show it as a dot until the line starts.
    if (c.line->pointsVisible() != (pts.size() == 1)) c.line->setPointsVisible(pts.size() == 1);
}

void MetricChart::setSeries(const QString& name, const QList<QPointF>& given) {
    if (!find(name)) addSeries(name, defaultColor(curves_.size()));
    Curve& c = *find(name);
    // A NaN or infinite point would draw a line off to nowhere and spoil the axis ranges.
    QList<QPointF> points = given;
    points.removeIf(
        [](const QPointF& p) { return !std::isfinite(p.x()) || !std::isfinite(p.y()); });
    // A repeated snapshot (paused, or a view refresh) brings the same curve: nothing to redraw.
    if (points.size() == c.raw.size() && (points.isEmpty() || points.back() == c.raw.back()) &&
        c.line->count() > 0)
        return;
    c.raw = points;
    push(c);
    scheduleRanges();
}

void MetricChart::clearSeries() {
    for (Curve& c : curves_) {
        c.raw.clear();
        c.line->clear();
    }
    updateRanges();
}

void MetricChart::removeAllSeries() {
    hover_->setSeries({});
    for (Curve& c : curves_) {
        chart()->removeSeries(c.line);
        delete c.line;
    }
    curves_.clear();
    updateRanges();
}

void MetricChart::setSeriesVisible(const QString& name, bool visible) {
    if (Curve* c = find(name)) c->line->setVisible(visible);
    updateRanges();
}

void MetricChart::setLogScale(bool on) {
    if (on == log_) return;
    log_ = on;
    QAbstractAxis* from = on ? static_cast<QAbstractAxis*>(axisY_) : axisLog_;
    QAbstractAxis* to = on ? static_cast<QAbstractAxis*>(axisLog_) : axisY_;
    for (Curve& c : curves_) c.line->detachAxis(from);
    chart()->removeAxis(from);
    from->setParent(this);  // detached: ours again until it goes back on the chart
    chart()->addAxis(to, Qt::AlignLeft);
    for (Curve& c : curves_) {
        c.line->attachAxis(to);
        push(c);
    }
    applyTheme();
    updateRanges();
}

void MetricChart::setFixedYRange(double lo, double hi) {
    fixedLo_ = lo;
    fixedHi_ = hi;
    updateRanges();
}

// Several curves usually change together (train and val, A and B): the axes, whose every
// change re-lays out the whole chart, follow once after the last of them.
void MetricChart::scheduleRanges() {
    if (rangesPending_) return;
    rangesPending_ = true;
    if (!autoSettle_) return;  // the owner calls settle()
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!rangesPending_) return;
            rangesPending_ = false;
            updateRanges();
        },
        Qt::QueuedConnection);
}

void MetricChart::settle() {
    if (rangesPending_) {
        rangesPending_ = false;  // the queued call finds nothing left to do
        updateRanges();
    }
    if (QGraphicsLayout* l = chart()->layout()) l->activate();
    placeMarker();  // the plot area may have moved with the new axis labels
}

void MetricChart::updateRanges() {
    double x1 = 1, lo = 1e300, hi = -1e300, early = -1e300;
    for (const Curve& c : curves_) {
        if (!c.line->isVisible()) continue;
        // The first 5 % of a long run may hold a start-up spike (a loss of 15 that drops to
        // 0.01 in two epochs); it is measured apart so it cannot flatten the rest.
        const qsizetype skip = c.raw.size() >= 40 ? c.raw.size() / 20 : 0;
        for (qsizetype i = 0; i < c.raw.size(); ++i) {
            const QPointF& p = c.raw[i];
            x1 = std::max(x1, p.x());
            if (!std::isfinite(p.y())) continue;
            lo = std::min(lo, p.y());
            double& top = i < skip ? early : hi;
            top = std::max(top, p.y());
        }
    }
    // Clip the spike only when it would squash the curve to a third of the chart or less.
    if (!log_ && !(early > 3 * std::abs(hi))) hi = std::max(hi, early);
    if (std::isfinite(markerX_)) x1 = std::max(x1, markerX_);
    // Every axis change re-lays out the whole chart, so the ends move in steps of 1/30 of a
    // nice tick span rather than with every new epoch.
    const double grain = std::max(1.0, niceStep(x1, 6) / 5);
    x1 = std::ceil(x1 / grain) * grain;
    if (x1 != axisX_->max() || axisX_->min() != 0) {
        axisX_->setRange(0, x1);
        updateXTicks();
    }
    if (fixedHi_ > fixedLo_) {
        lo = fixedLo_;
        hi = fixedHi_;
    } else if (lo > hi) {
        lo = 0;
        hi = 1;
    }
    if (log_) {  // whole decades, so the axis always has at least two labelled ticks
        lo = std::pow(10.0, std::floor(std::log10(std::max(kLogFloor, lo))));
        hi = std::pow(10.0, std::ceil(std::log10(std::max(hi, lo * 10))));
        axisLog_->setRange(lo, std::max(hi, lo * 10));
    } else {
        const bool fixed = fixedHi_ > fixedLo_;
        if (!fixed) {
            lo = std::min(0.0, lo);
            hi = hi + 0.08 * std::abs(hi) + 1e-9;
        }
        // Nice, stepped ends (0 … 0.75, ticks every 0.25) that move only now and then.
        const double step = niceStep(hi - lo, 4);
        if (!fixed) {
            lo = std::floor(lo / step) * step;
            hi = std::ceil(hi / step) * step;
        }
        if (step != axisY_->tickInterval()) axisY_->setTickInterval(step);
        if (lo != axisY_->min() || hi != axisY_->max()) axisY_->setRange(lo, hi);
    }
    placeMarker();
}

QStringList MetricChart::seriesNames() const {
    QStringList names;
    for (const Curve& c : curves_) names << c.name;
    return names;
}

int MetricChart::pointCount(const QString& name) const {
    const Curve* c = find(name);
    return c ? int(c->line->count()) : -1;
}

QLineSeries* MetricChart::series(const QString& name) const {
    const Curve* c = find(name);
    return c ? c->line : nullptr;
}

void MetricChart::changeEvent(QEvent* e) {
    if (e->type() == QEvent::PaletteChange) applyTheme();
    QChartView::changeEvent(e);
}

void MetricChart::applyTheme() {
    // Follow the window's light or dark palette; setTheme resets pens, so restore ours.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart()->theme() != theme) chart()->setTheme(theme);
    for (const Curve& c : curves_) applyPen(c);
    QColor ink = palette().color(QPalette::WindowText);
    ink.setAlpha(150);
    marker_->setPen(QPen(ink, 1.5, Qt::DashLine));
    fontPt_ = 0;
    applyFonts();
}

void MetricChart::applyFonts() {
    // At least 10 pt, larger on a big (projected) chart; only re-laid out when the size changes.
    const double pt = std::clamp(height() / 36.0, std::max(10.0, font().pointSizeF()), 14.0);
    if (std::abs(pt - fontPt_) < 0.5) return;
    fontPt_ = pt;
    QFont f = font();
    f.setPointSizeF(pt);
    chart()->legend()->setFont(f);
    for (QAbstractAxis* a :
         {static_cast<QAbstractAxis*>(axisX_), static_cast<QAbstractAxis*>(axisY_),
          static_cast<QAbstractAxis*>(axisLog_)}) {
        a->setLabelsFont(f);
        a->setTitleFont(f);
    }
    f.setPointSizeF(pt * 1.15);
    f.setBold(true);
    chart()->setTitleFont(f);
}

void MetricChart::resizeEvent(QResizeEvent* e) {
    applyFonts();
    QChartView::resizeEvent(e);
    for (Curve& c : curves_) push(c);  // the point budget follows the width
}

}  // namespace dl

#include "ui/plots/chart_hover.h"

#include <QChartView>
#include <QGraphicsLineItem>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <optional>

namespace dl {
namespace {

// The point of a series (sorted by x, as epoch curves are) nearest to x.
std::optional<QPointF> nearest(const QLineSeries& s, double x) {
    const QList<QPointF> pts = s.points();
    if (pts.isEmpty()) return std::nullopt;
    auto it = std::lower_bound(pts.begin(), pts.end(), x,
                               [](const QPointF& p, double v) { return p.x() < v; });
    if (it == pts.end()) return pts.back();
    if (it != pts.begin() && x - std::prev(it)->x() < it->x() - x) --it;
    return *it;
}

QString number(double v) {
    if (!std::isfinite(v)) return "–";
    return std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e9 ? QString::number(qint64(v))
                                                                   : QString::number(v, 'g', 3);
}

}  // namespace

ChartHover::ChartHover(QChartView* view, QList<QLineSeries*> series, QObject* parent)
    : QObject(parent ? parent : view), view_(view) {
    setSeries(std::move(series));
    view->setMouseTracking(true);
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
}

void ChartHover::setSeries(QList<QLineSeries*> series) {
    series_.clear();
    for (QLineSeries* s : series) series_.append(s);
}

QString ChartHover::textAt(double x) const {
    QStringList parts;
    std::optional<double> at;
    for (const auto& s : series_) {
        if (!s || !s->isVisible()) continue;
        const auto p = nearest(*s, at.value_or(x));
        if (!p) continue;
        if (!at) at = p->x();  // every series is read at the first one's nearest epoch
        parts << QString("%1 %2").arg(s->name(), number(p->y()));
    }
    if (!at) return {};
    const QString head = QString("%1 %2").arg(xLabel_, number(*at));
    // Two series fit on one line; the four of an A/B chart read better as a list.
    return parts.size() <= 2 ? head + ": " + parts.join(", ") : head + "\n" + parts.join("\n");
}

bool ChartHover::eventFilter(QObject* watched, QEvent* e) {
    if (e->type() == QEvent::MouseMove) {
        auto* me = static_cast<QMouseEvent*>(e);
        onMove(me->position().toPoint(), me->globalPosition().toPoint());
    } else if (e->type() == QEvent::Leave) {
        hide();
    }
    return QObject::eventFilter(watched, e);
}

void ChartHover::onMove(const QPoint& viewportPos, const QPoint& globalPos) {
    if (!view_ || !view_->chart()) return;
    QChart* chart = view_->chart();
    const QPointF scenePos = view_->mapToScene(viewportPos);
    const QPointF chartPos = chart->mapFromScene(scenePos);
    QLineSeries* ref = nullptr;
    for (const auto& s : series_)
        if (s && s->isVisible() && s->count() > 0) ref = ref ? ref : s.data();
    if (!ref || !chart->plotArea().contains(chartPos)) return hide();
    const double x = chart->mapToValue(chartPos, ref).x();
    lastText_ = textAt(x);
    if (lastText_.isEmpty()) return hide();
    if (!guide_) {
        guide_ = new QGraphicsLineItem(chart);
        guide_->setPen(QPen(QColor(120, 120, 120, 160), 1, Qt::DashLine));
        guide_->setZValue(100);
    }
    const double gx = chart->mapToPosition(QPointF(nearest(*ref, x)->x(), 0), ref).x();
    const QRectF area = chart->plotArea();
    guide_->setLine(gx, area.top(), gx, area.bottom());
    guide_->show();
    QToolTip::showText(globalPos + QPoint(14, 10), lastText_, view_);
}

void ChartHover::hide() {
    lastText_.clear();
    if (guide_) guide_->hide();
    QToolTip::hideText();
}

}  // namespace dl

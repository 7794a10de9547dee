#include "ui/plots/rates_chart.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>

#include <algorithm>
#include <cmath>

#include "ui/worker/training_controller.h"

namespace dl {

QColor siteColor(int k) {
    // Distinct from the loss chart's blue/orange train/val pair and from each other.
    static const QColor kCycle[] = {QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0xd6, 0x27, 0x28), QColor(0x17, 0xbe, 0xcf),
                                    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                                    QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f)};
    return kCycle[std::max(0, k) % std::size(kCycle)];
}

double siteLineWidth(int k, int sites) {
    if (sites <= 1) return MetricChart::kLineWidth;
    constexpr double kWidest = 6.5, kNarrowest = MetricChart::kLineWidth;
    return kWidest - (kWidest - kNarrowest) * std::clamp(k, 0, sites - 1) / (sites - 1);
}

QList<QPointF> rateCurve(const TrainingSnapshot& s, const std::string& siteId, double now) {
    QList<QPointF> pts;
    pts.reserve(qsizetype(s.history.size()) + 2);
    for (const EpochRecord& r : s.history) {
        auto it = r.rates.find(siteId);
        if (it == r.rates.end()) continue;
        // Epoch e ran at its rate from e − 1 to e: the first one starts the line at 0.
        if (pts.isEmpty()) pts.append({double(r.epoch - 1), it->second});
        pts.append({double(r.epoch), it->second});
    }
    // The epoch under way runs on to the marker at the site's current rate, so the chart is
    // not empty during a long first epoch (Fashion-MNIST: 875 steps).
    if (!(now > (pts.isEmpty() ? 0.0 : pts.back().x()))) return pts;
    for (const SiteMaskView& m : s.masks) {
        if (m.id != siteId) continue;
        if (pts.isEmpty()) pts.append({0.0, m.rate});
        pts.append({now, m.rate});
    }
    return pts;
}

RatesChart::RatesChart(QWidget* parent) : MetricChart("Drop rates", "drop rate", parent) {
    setToolTip(
        "The drop rate each dropout site used in every epoch: scheduled, adapted by "
        "validation feedback or learned (concrete). The dashed vertical line is where "
        "training is now. Click a site in the legend to edit its rate schedule.");
    setMinimumSize(260, 220);
}

QString RatesChart::seriesName(const QString& siteId, bool runB) const {
    return ab_ ? (runB ? "B " : "A ") + siteId : siteId;
}

void RatesChart::rebuildSeries(const std::vector<QString>& a, const std::vector<QString>& b,
                               bool ab) {
    removeAllSeries();
    idsA_ = a;
    idsB_ = b;
    ab_ = ab;
    // One colour per site id, shared by A and B; B is dashed.
    std::vector<QString> all = a;
    for (const QString& id : b)
        if (std::find(all.begin(), all.end(), id) == all.end()) all.push_back(id);
    ids_ = all;
    // Sites often share a schedule, so their lines coincide: each site's line is narrower than
    // the one before (drawn under it), which then shows as a coloured border around it.
    const int n = int(all.size());
    for (int k = 0; k < n; ++k) {
        const double width = siteLineWidth(k, n);
        if (std::find(a.begin(), a.end(), all[k]) != a.end())
            addSeries(seriesName(all[k], false), siteColor(k), Qt::SolidLine, width);
        if (std::find(b.begin(), b.end(), all[k]) != b.end())
            addSeries(seriesName(all[k], true), siteColor(k), Qt::DashLine, width);
    }
    // Legend markers exist once the series are in the chart; each opens its site's schedule.
    for (QLegendMarker* m : chart()->legend()->markers()) {
        QString name = m->series()->name();
        if (ab) name = name.mid(2);
        connect(m, &QLegendMarker::clicked, this, [this, name] { Q_EMIT siteClicked(name); });
        m->setShape(QLegend::MarkerShapeFromSeries);
    }
}

namespace {

std::vector<QString> siteIdsOf(const ExperimentConfig& c) {
    std::vector<QString> ids;
    for (const auto& id : c.siteIds()) ids.push_back(QString::fromStdString(id));
    return ids;
}

}  // namespace

void RatesChart::showRuns(const TrainingController& a, const TrainingController* b) {
    const std::vector<QString> idsA = siteIdsOf(a.config());
    const std::vector<QString> idsB = b ? siteIdsOf(b->config()) : std::vector<QString>{};
    if (idsA != idsA_ || idsB != idsB_ || ab_ != (b != nullptr)) rebuildSeries(idsA, idsB, b);
    setVisible(!ids_.empty());
    if (ids_.empty()) return;
    const SnapshotPtr sa = a.latest(), sb = b ? b->latest() : nullptr;
    auto now = [](const SnapshotPtr& s) {
        return s && s->step > 0 ? s->epoch + double(s->stepInEpoch) / std::max(1, s->stepsPerEpoch)
                                : std::nan("");
    };
    for (const QString& id : idsA_)
        setSeries(seriesName(id, false),
                  sa ? rateCurve(*sa, id.toStdString(), now(sa)) : QList<QPointF>{});
    for (const QString& id : idsB_)
        setSeries(seriesName(id, true),
                  sb ? rateCurve(*sb, id.toStdString(), now(sb)) : QList<QPointF>{});
    setMarkerX(now(sa));
}

}  // namespace dl

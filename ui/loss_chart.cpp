#include "loss_chart.h"

#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace dl {

QList<QPointF> decimate(const QList<QPointF>& pts, int maxPoints) {
    if (pts.size() <= maxPoints) return pts;
    QList<QPointF> out;
    out.reserve(maxPoints);
    const double stride = double(pts.size() - 1) / double(maxPoints - 1);
    for (int i = 0; i < maxPoints; ++i) out.append(pts[std::lround(i * stride)]);
    return out;
}

LossChart::LossChart(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle("Loss per epoch");
    train_ = new QLineSeries;
    train_->setName("train loss");
    train_->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2.5));
    val_ = new QLineSeries;
    val_->setName("validation loss");
    val_->setPen(QPen(QColor(0xe6, 0x55, 0x0d), 2.5));
    chart->addSeries(train_);
    chart->addSeries(val_);
    axisX_ = new QValueAxis;
    axisX_->setTitleText("epoch");
    axisX_->setLabelFormat("%d");
    axisY_ = new QValueAxis;
    axisY_->setTitleText("loss");
    axisLog_ = new QLogValueAxis;
    axisLog_->setTitleText("loss (log)");
    axisLog_->setLabelFormat("%.3g");
    chart->addAxis(axisX_, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    for (auto* s : {train_, val_}) {
        s->attachAxis(axisX_);
        s->attachAxis(axisY_);
    }
    chart->legend()->setAlignment(Qt::AlignTop);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 240);
}

int LossChart::pointCount() const { return int(train_->count()); }

void LossChart::setLogScale(bool on) {
    if (on == log_) return;
    log_ = on;
    QAbstractAxis* from = on ? static_cast<QAbstractAxis*>(axisY_) : axisLog_;
    QAbstractAxis* to = on ? static_cast<QAbstractAxis*>(axisLog_) : axisY_;
    for (auto* s : {train_, val_}) s->detachAxis(from);
    chart()->removeAxis(from);
    chart()->addAxis(to, Qt::AlignLeft);
    for (auto* s : {train_, val_}) s->attachAxis(to);
    lastEpochs_ = -1;
}

void LossChart::showSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    const int n = int(s->history.size());
    if (n == lastEpochs_) return;
    lastEpochs_ = n;
    QList<QPointF> tr, va;
    tr.reserve(n);
    va.reserve(n);
    double lo = 1e30, hi = 0;
    for (const auto& r : s->history) {
        tr.append({double(r.epoch), r.train.loss});
        va.append({double(r.epoch), r.val.loss});
        lo = std::min({lo, r.train.loss, r.val.loss});
        hi = std::max({hi, r.train.loss, r.val.loss});
    }
    train_->replace(decimate(tr, 2000));
    val_->replace(decimate(va, 2000));
    axisX_->setRange(0, std::max(1, n));
    if (n == 0) return;
    if (log_) {
        axisLog_->setRange(std::max(1e-4, lo * 0.8), std::max(hi * 1.25, 1e-3));
    } else {
        axisY_->setRange(0, hi * 1.08 + 1e-9);
        axisY_->applyNiceNumbers();
    }
}

}  // namespace dl

#pragma once
// Live train/validation loss per epoch (Qt Charts), redrawn from snapshots
// with replace() on decimated series.
#include <QChartView>

#include "training_snapshot.h"

class QLineSeries;
class QValueAxis;
class QLogValueAxis;

namespace dl {

/// Two curves (train, validation) of loss against epoch; optional log scale.
class LossChart : public QChartView {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);
    void showSnapshot(const SnapshotPtr& s);
    void setLogScale(bool on);
    int pointCount() const;  ///< points in the train series (for tests)

private:
    QLineSeries* train_;
    QLineSeries* val_;
    QValueAxis* axisX_;
    QValueAxis* axisY_;
    QLogValueAxis* axisLog_;
    bool log_ = false;
    double yMin_ = 0, yMax_ = 1;
    int lastEpochs_ = -1;
};

/// Keeps at most maxPoints of a curve, evenly spaced, always including the last.
QList<QPointF> decimate(const QList<QPointF>& pts, int maxPoints);

}  // namespace dl

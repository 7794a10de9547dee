#pragma once
// "Drop rate over time": every dropout site's actual rate per epoch (scheduled, adapted or
// learned), live, with the current position in training marked; in A/B mode B's rates dashed.
#include <QColor>
#include <cmath>

#include <vector>

#include "ui/plots/metric_chart.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

class TrainingController;

/// The colour of the k-th dropout site (shared by every rates and sweep plot).
QColor siteColor(int k);

/// The pen width of the k-th of `sites` dropout sites' lines: from wide (first, drawn
/// underneath) to the chart's default width (last), so coinciding lines all stay visible.
double siteLineWidth(int k, int sites);

/// A MetricChart with one series per site id ("A id"/"B id" in A/B mode). Clicking a site's
/// legend entry emits siteClicked (MainWindow opens its schedule editor).
class RatesChart : public MetricChart {
    Q_OBJECT
  public:
    explicit RatesChart(QWidget* parent = nullptr);

    /// Redraws from the controllers' configs (which sites exist) and latest snapshots.
    /// Hidden when neither run has a dropout site.
    void showRuns(const TrainingController& a, const TrainingController* b);
    /// The series name of a site of run A or B.
    QString seriesName(const QString& siteId, bool runB) const;
    /// Site ids drawn, in network order (A's, then any only B has).
    const std::vector<QString>& sites() const { return ids_; }
    bool hasSites() const { return !ids_.empty(); }

  Q_SIGNALS:
    void siteClicked(const QString& siteId);

  private:
    void rebuildSeries(const std::vector<QString>& a, const std::vector<QString>& b, bool ab);
    std::vector<QString> ids_, idsA_, idsB_;  ///< all sites; those of run A and of run B
    bool ab_ = false;
};

/// A site's rate per epoch from a snapshot's history: (epoch, rate) for every record that has it,
/// starting at (first epoch − 1, its rate), then the epoch under way at the current rate up to
/// `now` (fractional epochs; NaN: none).
QList<QPointF> rateCurve(const TrainingSnapshot& s, const std::string& siteId,
                         double now = std::nan(""));

}  // namespace dl

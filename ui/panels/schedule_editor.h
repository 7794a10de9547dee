#pragma once
// Edits one dropout site's rate schedule: the kind, only the parameters that kind reads (each
// with its formula in a tooltip) and a small plot of the rate over the planned epochs.
#include <QWidget>

#include <cmath>
#include <map>

#include "core/dropout/rate_schedule.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace dl {

class SchedulePlot;

/// A RateSchedule editor. User edits emit scheduleChanged; setSchedule does not.
class ScheduleEditor : public QWidget {
    Q_OBJECT
  public:
    explicit ScheduleEditor(QWidget* parent = nullptr);

    /// Shows `s` for a site whose configured (target) rate is `targetRate`.
    void setSchedule(const RateSchedule& s, double targetRate, int plannedEpochs);
    RateSchedule schedule() const;
    /// Marks where training is (in completed epochs, fractional within an epoch); NaN: none.
    void setCurrentEpoch(double epoch, int stepsPerEpoch = 0);

    SchedulePlot& plot() const { return *plot_; }
    QComboBox& kindBox() const { return *kind_; }
    /// The spin box of a parameter by its JSON name ("start", "gamma", "adapt_every"...).
    QWidget* field(const QString& name) const;
    /// Whether that parameter's row is shown for the current kind.
    bool fieldShown(const QString& name) const;

  Q_SIGNALS:
    void scheduleChanged();

  private:
    QDoubleSpinBox* addNumber(const char* name, const QString& label, double lo, double hi,
                              int decimals, const QString& tip);
    void showRelevantRows();
    void onEdited();
    void placeNow();
    QFormLayout* form_;
    QComboBox* kind_;
    QComboBox* unit_;
    QLabel* formula_;
    QLabel* target_;
    QSpinBox* adaptEvery_;
    std::map<QString, QDoubleSpinBox*> numbers_;
    SchedulePlot* plot_;
    RateSchedule base_;
    double targetRate_ = 0.5;
    int planned_ = 100;
    bool loading_ = false;
    double nowEpoch_ = std::nan("");
    int stepsPerEpoch_ = 0;
};

/// The formula of a schedule kind in the UI's notation (r: drop rate, t: time).
QString scheduleFormula(const QString& kind);

}  // namespace dl

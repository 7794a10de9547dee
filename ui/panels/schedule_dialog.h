#pragma once
// A dialog around ScheduleEditor for one dropout site: edit its rate schedule, then apply it
// (the run restarts from the same seed so the whole curve follows the new schedule).
#include <QDialog>

#include "core/dropout/rate_schedule.h"

namespace dl {

class ScheduleEditor;

/// Modal or modeless; `accepted()` means "apply schedule()".
class ScheduleDialog : public QDialog {
    Q_OBJECT
  public:
    ScheduleDialog(const QString& siteId, const RateSchedule& s, double targetRate,
                   int plannedEpochs, QWidget* parent = nullptr);
    QString siteId() const { return siteId_; }
    RateSchedule schedule() const;
    ScheduleEditor& editor() const { return *editor_; }

  private:
    QString siteId_;
    ScheduleEditor* editor_;
};

}  // namespace dl

#include "ui/panels/schedule_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/panels/schedule_editor.h"

namespace dl {

ScheduleDialog::ScheduleDialog(const QString& siteId, const RateSchedule& s, double targetRate,
                               int plannedEpochs, QWidget* parent)
    : QDialog(parent), siteId_(siteId) {
    setWindowTitle(QString("Rate schedule of site %1").arg(siteId));
    auto* layout = new QVBoxLayout(this);
    editor_ = new ScheduleEditor(this);
    editor_->setSchedule(s, targetRate, plannedEpochs);
    layout->addWidget(editor_, 1);
    auto* note = new QLabel(
        "Applying a schedule restarts training from the same seed, so the "
        "whole run follows it.",
        this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText("Apply and restart");
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(460, 560);
}

RateSchedule ScheduleDialog::schedule() const {
    return editor_->schedule();
}

}  // namespace dl

#pragma once
// The controls of one dropout site: on/off, variant, drop rate (slider + spin
// box, live while training) and scaling. Every control explains itself in a tooltip.
#include <QWidget>

#include <optional>

#include "core/dropout/dropout_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;
class QToolButton;
class QLabel;

namespace dl {

/// Edits an optional DropoutSpec. Rate edits emit rateChanged (applied live);
/// turning the site on/off, variant and scaling emit structureChanged.
class DropoutEditor : public QWidget {
    Q_OBJECT
  public:
    DropoutEditor(const QString& siteId, const std::vector<std::string>& variants,
                  QWidget* parent = nullptr);

    void setSpec(const std::optional<DropoutSpec>& spec);
    std::optional<DropoutSpec> spec() const;
    void setSiteId(const QString& id) { siteId_ = id; }
    QString siteId() const { return siteId_; }
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* rateBox() const { return rateBox_; }
    QCheckBox* enabledBox() const { return enabled_; }
    QComboBox* variantBox() const { return variant_; }
    QToolButton* scheduleButton() const { return schedule_; }
    QLabel* rateLabel() const { return rateLabel_; }
    /// The check box's text, e.g. "Dropout" or "Recurrent" for an LSTM's recurrent-state site.
    void setLabel(const QString& text, const QString& tooltip);

  Q_SIGNALS:
    void rateChanged(const QString& siteId, double rate);
    void structureChanged();
    /// The "Schedule…" button: open this site's rate schedule editor.
    void scheduleRequested(const QString& siteId);

  private:
    void setRateSilently(double rate);
    void updateEnabled();
    QString siteId_;
    DropoutSpec base_;  ///< keeps fields this editor does not show (e.g. block size)
    QCheckBox* enabled_;
    QComboBox* variant_;
    QSlider* slider_;
    QDoubleSpinBox* rateBox_;
    QComboBox* scaling_;
    QLabel* rateLabel_;  ///< "drop rate", or "target rate"/"initial rate" under a schedule
    QLabel* blockLabel_;
    QSpinBox* blockSize_;    ///< DropBlock's block size, shown for the block variant only
    QToolButton* schedule_;  ///< names the site's schedule kind; opens its editor
};

/// Tooltip text for the drop rate controls (rate vs the paper's keep probability).
QString rateTooltip();

/// What the rate box holds under a schedule kind and variant: "drop rate" (constant), "target
/// rate" (ramp, curriculum, cosine: the rate approached) or "initial rate" (anneal, step,
/// adaptive, and a learned concrete rate: where it starts).
QString rateLabelText(const std::string& scheduleKind, const QString& variant);

}  // namespace dl

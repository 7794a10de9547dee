#pragma once
// The controls of one dropout site: on/off, variant, drop rate (slider + spin
// box, live while training) and scaling. Every control explains itself in a tooltip.
#include <QWidget>

#include <optional>

#include "core/dropout_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;
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
    /// The check box's text, e.g. "Dropout" or "Recurrent" for an LSTM's recurrent-state site.
    void setLabel(const QString& text, const QString& tooltip);

  Q_SIGNALS:
    void rateChanged(const QString& siteId, double rate);
    void structureChanged();

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
    QLabel* blockLabel_;
    QSpinBox* blockSize_;  ///< DropBlock's block size, shown for the block variant only
};

/// Tooltip text for the drop rate controls (rate vs the paper's keep probability).
QString rateTooltip();

}  // namespace dl

#pragma once
// The data panel: which data set, its size, noise, split and seed. Applying
// regenerates the data and rebuilds the model.
#include <QWidget>

#include "core/config/experiment_config.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace dl {

/// Edits config.dataset and config.seed; emits dataChanged when the user asks to regenerate.
class DatasetPanel : public QWidget {
    Q_OBJECT
  public:
    explicit DatasetPanel(QWidget* parent = nullptr);
    void setConfig(const ExperimentConfig& config);
    /// Writes the panel's values into config (dataset and seed).
    void applyTo(ExperimentConfig& config) const;
    QComboBox* kindBox() const { return kind_; }
    QSpinBox* samplesBox() const { return samples_; }
    QPushButton* regenerateButton() const { return regenerate_; }

  Q_SIGNALS:
    void dataChanged();

  private:
    void updateVisibleFields();
    /// The samples box's minimum for a kind; 0 reads "all".
    void setSamplesFloor(const std::string& kind);
    void browseCsv();
    DatasetSpec base_;
    QFormLayout* form_;
    QComboBox* kind_;
    QSpinBox* samples_;
    QDoubleSpinBox* noise_;
    QSpinBox* arms_;
    QSpinBox* classes_;
    QDoubleSpinBox* trainFrac_;
    QDoubleSpinBox* valFrac_;
    QSpinBox* seed_;
    QWidget* csvRow_;
    QLineEdit* csvPath_;
    QLineEdit* csvTarget_;
    QComboBox* csvTask_;
    QPushButton* regenerate_;
};

}  // namespace dl

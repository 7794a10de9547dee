#pragma once
// Optimiser and training settings. Learning rate, L2, max-norm and the planned
// epochs apply live; the optimiser kind, momentum and batch size rebuild the run.
#include <QWidget>

#include "core/config/experiment_config.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace dl {

/// Edits config.optimizer and config.training.
class TrainingPanel : public QWidget {
    Q_OBJECT
  public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    void setConfig(const ExperimentConfig& config);
    void applyTo(ExperimentConfig& config) const;
    QDoubleSpinBox* learningRateBox() const { return lr_; }
    QSpinBox* batchSizeBox() const { return batch_; }

  Q_SIGNALS:
    void liveSettingsChanged();  ///< lr, weight decay, max-norm, epochs
    void rebuildRequired();      ///< optimiser kind, momentum, batch size

  private:
    ExperimentConfig shown_;  ///< the values last loaded, to tell real edits from focus changes
    QComboBox* kind_;
    QDoubleSpinBox* lr_;
    QDoubleSpinBox* momentum_;
    QSpinBox* batch_;
    QDoubleSpinBox* l2_;
    QDoubleSpinBox* maxNorm_;
    QSpinBox* epochs_;
};

}  // namespace dl

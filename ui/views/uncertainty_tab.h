#pragma once
// The "Uncertainty" centre tab: MC dropout bands (1-D regression) or uncertainty maps beside
// the decision boundary (2-D classification), a T slider, and MC averaging vs weight scaling.
#include "ui/views/snapshot_view.h"

class QComboBox;
class QLabel;
class QSlider;
class QStackedWidget;

namespace dl {

class McCurvePanel;
class OutputViewWidget;
class UncertaintyBands;
class UncertaintyMap;

/// Asks the worker for MC views only while on screen (≈1 Hz while training, once when paused).
class UncertaintyTab : public SnapshotView {
    Q_OBJECT
  public:
    explicit UncertaintyTab(QWidget* parent = nullptr);

    QString title() const override { return "Uncertainty"; }
    void setExperiment(const ExperimentConfig& config, TrainingController* a,
                       TrainingController* b) override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    void setActive(bool on) override;
    bool readyForScreenshot() const override;

    /// The number of MC passes T of the bands / maps.
    int samples() const;
    void setSamples(int t);
    UncertaintyBands& bands() { return *bands_; }
    UncertaintyMap& map() { return *map_; }
    McCurvePanel& curvePanel() { return *curve_; }
    /// Selects entropy (0), mutual information (1) or winning-class std (2).
    void setMeasureIndex(int i);

  private:
    QWidget* buildControls();
    void sendSamples();
    void showPage(const SnapshotPtr& s);
    QSlider* slider_;
    QLabel* sliderLabel_;
    QLabel* sharingLabel_;
    QComboBox* measure_;
    QLabel* measureCaption_;
    QStackedWidget* pages_;
    UncertaintyBands* bands_;
    UncertaintyMap* map_;
    OutputViewWidget* boundary_;
    QLabel* message_;
    McCurvePanel* curve_;
    bool active_ = false;
    SnapshotPtr last_;
    std::string configName_;
    int configSamples_ = -1;
};

}  // namespace dl

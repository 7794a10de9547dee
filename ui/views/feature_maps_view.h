#pragma once
// "Feature maps" tab: one mini-batch sample through every conv layer, the channels or
// blocks dropout removed in the current step marked in red, and a one-click switch of the
// conv sites' variant (element / channel / block) that applies from the next step.
#include "ui/views/snapshot_view.h"

class QButtonGroup;
class QLabel;
class QScrollArea;
class QSpinBox;

namespace dl {

class FeatureMapCanvas;

/// Shows the snapshot's FeatureMapsView; asks the worker for it only while on screen.
class FeatureMapsView : public SnapshotView {
    Q_OBJECT
  public:
    explicit FeatureMapsView(QWidget* parent = nullptr);
    QString title() const override { return "Feature maps"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void setExperiment(const ExperimentConfig& c, TrainingController* a,
                       TrainingController* b) override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    void setActive(bool on) override;
    bool readyForScreenshot() const override;

    FeatureMapCanvas& canvas() { return *canvas_; }
    /// Chooses the mini-batch row on show (0-based).
    void setSample(int row);
    /// Switches every conv site to `variant` ("element", "channel", "block"), as a click does.
    void applyVariant(const QString& variant);

  protected:
    void resizeEvent(QResizeEvent* e) override;

  private:
    void request();
    void syncVariantButtons();
    QSpinBox* sample_;
    QLabel* sampleInfo_;
    QButtonGroup* variants_;
    QLabel* variantNote_;
    QScrollArea* scroll_;
    FeatureMapCanvas* canvas_;
    SnapshotPtr snap_;
    std::vector<std::string> convSites_;
    bool active_ = false;
};

}  // namespace dl

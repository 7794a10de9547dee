#pragma once
// The "Masks over time" tab: for one sequence of the current training batch, a timesteps ×
// units raster per recurrent dropout site — variational masks are stripes along time, naive
// masks speckle. In A/B mode A's and B's rasters sit side by side.
#include <array>
#include <vector>

#include "ui/views/snapshot_view.h"

class QLabel;
class QSpinBox;
class QVBoxLayout;

namespace dl {

class MaskRasterWidget;
class MaskRaster;

/// Rasters of every sequence dropout site, for A (side 0) and B (side 1).
class MaskRasterView : public SnapshotView {
    Q_OBJECT
  public:
    explicit MaskRasterView(QWidget* parent = nullptr);

    QString title() const override { return "Masks over time"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void setExperiment(const ExperimentConfig& c, TrainingController* a,
                       TrainingController* b) override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;

    /// The sequence of the batch shown (0-based).
    int sequence() const;
    void setSequence(int row);
    /// Rasters on screen for side 0 (A) or 1 (B).
    int rasterCount(int side) const;
    const MaskRaster& raster(int side, int i) const;

  private:
    struct Column {
        QWidget* box = nullptr;
        QLabel* title = nullptr;
        QVBoxLayout* layout = nullptr;
        QLabel* none = nullptr;  ///< shown when the net has no sequence dropout site
        std::vector<MaskRasterWidget*> rasters;
    };
    void fill(Column& c, const SnapshotPtr& s);
    void redraw();

    std::array<Column, 2> columns_;
    QSpinBox* sequence_ = nullptr;
    QLabel* batchLabel_ = nullptr;
    QLabel* legend_ = nullptr;
    SnapshotPtr a_, b_;
};

}  // namespace dl

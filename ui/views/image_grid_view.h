#pragma once
// "Images" tab: a grid of validation images with the model's prediction under each, right
// ones framed green with a ✓, wrong ones framed red with a ✕ and the true class.
#include "ui/views/snapshot_view.h"
#include "ui/worker/image_extras.h"

class QCheckBox;
class QLabel;
class QScrollArea;

namespace dl {

class ImageGridCanvas;

/// One image of the grid: its row in the validation split and the model's verdict.
struct GridCell {
    int row = 0;
    int truth = 0;
    int predicted = 0;
    float confidence = 0;
    bool right() const { return truth == predicted; }
};

/// Shows up to kCells validation images (or only mistakes) with predictions; image data only.
class ImageGridView : public SnapshotView {
    Q_OBJECT
  public:
    static constexpr int kCells = 48;
    explicit ImageGridView(QWidget* parent = nullptr);
    QString title() const override { return "Images"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    void setActive(bool on) override;
    bool readyForScreenshot() const override;

    /// The images on show and their verdicts (what the grid draws).
    const std::vector<GridCell>& cells() const;
    int wrongMarks() const;
    /// Show only misclassified images.
    void setMistakesOnly(bool on);

  protected:
    void resizeEvent(QResizeEvent* e) override;

  private:
    void rebuildCells();
    QLabel* summary_;
    QCheckBox* mistakesOnly_;
    QScrollArea* scroll_;
    ImageGridCanvas* canvas_;
    SnapshotPtr snap_;
};

}  // namespace dl

#pragma once
// Paints one sample's feature maps, layer by layer, with the current step's dropout marks:
// a dropped channel is hatched and crossed in red, dropped positions (block, element) get a
// red overlay. The marks come from marks(), which tests read too.
#include <QWidget>

#include <memory>

#include "ui/worker/image_extras.h"

namespace dl {

struct Dataset;

/// What the canvas marks on one layer: wholly dropped channels and every dropped position.
struct MapMarks {
    std::vector<int> droppedChannels;  ///< channels whose mask is 0 everywhere
    std::vector<char> droppedValues;   ///< C·H·W flags, 1 where the mask is 0
    int droppedCount() const;
};

/// The drawing of a FeatureMapSample; sized to fit `fitHeight` when it can, else scrolls.
class FeatureMapCanvas : public QWidget {
    Q_OBJECT
  public:
    explicit FeatureMapCanvas(QWidget* parent = nullptr);
    void setMaps(std::shared_ptr<const FeatureMapSample> maps, const Dataset* classes);
    const FeatureMapSample* maps() const { return maps_.get(); }
    /// The height the layout tries to stay within (the scroll area's viewport).
    void setFitHeight(int h);
    MapMarks marks(int layer) const;
    /// Where channel `c` of layer `layer` is drawn, and one of its pixels.
    QRectF tileRect(int layer, int c) const;
    QRectF pixelRect(int layer, int c, int y, int x) const;

  protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    bool event(QEvent* e) override;

  private:
    struct LayerBox {
        double top = 0;
        double scale = 1;
        std::vector<QRectF> tiles;
    };
    void relayout();
    double layoutFor(double target, std::vector<LayerBox>& boxes) const;
    void paintSidebar(QPainter& p) const;
    void paintLayer(QPainter& p, int i) const;
    void paintTile(QPainter& p, int i, int c, const MapMarks& m, float maxAbs,
                   bool signedScale) const;
    QString summary(const FeatureMapLayer& l, const MapMarks& m) const;
    double sidebarWidth() const;
    double headerHeight() const;

    std::shared_ptr<const FeatureMapSample> maps_;
    const Dataset* classes_ = nullptr;
    std::vector<LayerBox> boxes_;
    QRectF inputRect_;
    int fitHeight_ = 400;
};

}  // namespace dl

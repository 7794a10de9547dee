#pragma once
// The network diagram: every layer of the displayed sample as a column, with the units the
// dropout site after it dropped in the current step crossed out.
#include <QImage>
#include <QWidget>

#include <vector>

#include "ui/canvas/network_layout.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

/// Draws snapshot->layers (input left, output right): circles for layers of up to 24 units,
/// unit strips for larger ones; dropped units greyed with a red ✕ (red cells in strips).
class NetworkView : public QWidget {
    Q_OBJECT
  public:
    explicit NetworkView(QWidget* parent = nullptr);
    void showSnapshot(const SnapshotPtr& s);

    /// Units dropped (multiplier exactly 0) in the shown snapshot, over all layers.
    int droppedUnitCount() const;
    /// The tooltip text for the unit under p (widget coordinates); empty when none.
    QString toolTipAt(const QPoint& p) const;
    /// Centre of a unit in widget coordinates at the current size (for tests and tours).
    QPoint unitPosition(int layer, int unit) const;
    /// The geometry of the current drawing.
    const NetworkLayout& layout() const;

    QSize sizeHint() const override { return {640, 420}; }
    QSize minimumSizeHint() const override { return {320, 240}; }

  protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

  private:
    /// What one column shows, derived once per snapshot.
    struct Column {
        QString name;
        int units = 0;
        float maxAbs = 0;         ///< largest |activation|, for the fill scale
        bool hasSite = false;     ///< a dropout site follows this layer
        bool unitMask = false;    ///< the mask has one multiplier per unit
        bool continuous = false;  ///< Gaussian-like multipliers rather than 0 / one value
        int dropped = 0;
        double rate = 0;
        QString variant;
        QString note;  ///< the layer's inner sites (recurrent layers)
        float minMul = 0, maxMul = 0;
    };
    Column describe(const LayerActivity& l) const;
    QFont scaledFont(double factor = 1.0) const;
    double captionHeight() const;
    double footerHeight() const;
    void ensureLayout() const;
    void paintCaption(QPainter& p) const;
    void paintEdges(QPainter& p) const;
    void paintCircles(QPainter& p, int layer) const;
    void paintStrip(QPainter& p, int layer) const;
    void paintFooter(QPainter& p, int layer) const;
    QColor unitColor(int layer, int unit) const;
    QColor unitColor(int layer, int unit, const QColor& base) const;  ///< base: the Base colour
    QString siteLine(const Column& c) const;
    float multiplier(int layer, int unit) const;
    bool isDropped(int layer, int unit) const;

    SnapshotPtr snap_;
    std::vector<Column> columns_;
    mutable NetworkLayout layout_;
    mutable bool layoutDirty_ = true;
};

}  // namespace dl

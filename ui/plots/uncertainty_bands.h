#pragma once
// 1-D regression under MC dropout: the predictive mean with shaded ±1σ and ±2σ bands, a few
// individual function samples (one per dropout mask) and the data, with a read-out of how much
// wider the band is where there is no training data.
#include <QWidget>

#include "ui/worker/training_snapshot.h"

namespace dl {

/// Mean σ inside the largest gap of the training inputs against σ where there is data.
struct GapSpread {
    bool hasGap = false;
    double lo = 0, hi = 0;  ///< the gap's ends (the neighbouring training inputs)
    double inside = 0;      ///< mean σ of curve points strictly inside the gap
    double outside = 0;     ///< mean σ of curve points within the training range, off the gap
    double ratio() const { return outside > 0 ? inside / outside : 0; }
};

/// The largest gap of a 1-D training set (wider than 15% of its range) and the band's
/// mean width inside and outside it.
GapSpread gapSpread(const UncertaintyView& u, const Dataset& train);

/// Painted bands plot; draws the newest UncertaintyView of the snapshots it is given.
class UncertaintyBands : public QWidget {
    Q_OBJECT
  public:
    explicit UncertaintyBands(QWidget* parent = nullptr);

    void showSnapshot(const SnapshotPtr& s);
    /// True once a snapshot carried MC bands.
    bool hasBands() const;
    /// The std of the predictive at the curve point nearest x (0 without bands).
    double stdAt(double x) const;
    const GapSpread& gap() const { return gap_; }

    QSize sizeHint() const override { return {640, 480}; }
    QSize minimumSizeHint() const override { return {280, 220}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    void paintBands(QPainter& p, const class PlotFrame& f) const;
    double paintLegend(QPainter& p, double y);
    SnapshotPtr snap_;
    std::shared_ptr<const UncertaintyView> view_;
    GapSpread gap_;
};

}  // namespace dl

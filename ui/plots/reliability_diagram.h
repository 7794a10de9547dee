#pragma once
// A reliability diagram: for each confidence bin, how often the predicted class was right,
// for MC averaging and for weight scaling side by side, against the diagonal of perfect
// calibration, with each method's expected calibration error (ECE).
#include <QWidget>

#include <vector>

#include "core/inference/calibration.h"

namespace dl {

/// Painted bars of accuracy against confidence for two predictors.
class ReliabilityDiagram : public QWidget {
    Q_OBJECT
  public:
    explicit ReliabilityDiagram(QWidget* parent = nullptr);
    /// Bins of MC averaging (T passes) and of weight scaling; empty vectors clear the diagram.
    void setBins(const std::vector<ReliabilityBin>& mc, double mcEce,
                 const std::vector<ReliabilityBin>& ws, double wsEce, int samples);
    /// A message shown instead of the bars (e.g. for regression).
    void setMessage(const QString& text);
    bool hasBins() const { return !mc_.empty(); }

    QSize sizeHint() const override { return {420, 320}; }
    QSize minimumSizeHint() const override { return {200, 180}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    std::vector<ReliabilityBin> mc_, ws_;
    double mcEce_ = 0, wsEce_ = 0;
    int samples_ = 0;
    QString message_;
};

/// Colours of the two predictors, shared by the curve charts and the diagram.
QColor mcColour();
QColor wsColour();

}  // namespace dl

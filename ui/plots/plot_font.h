#pragma once
// Painted plots read from the back of a classroom: their font grows with the plot's height
// (never below the application's size, at most 14 pt), as MetricChart's does.
#include <QApplication>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace dl {

/// Sets w's font for its current height; call from resizeEvent.
inline void fitPlotFont(QWidget* w) {
    const double base = QApplication::font().pointSizeF();
    const double pt = std::clamp(w->height() / 38.0, std::max(10.0, base), 14.0);
    if (std::abs(w->font().pointSizeF() - pt) < 0.25) return;
    QFont f = w->font();
    f.setPointSizeF(pt);
    w->setFont(f);
}

}  // namespace dl

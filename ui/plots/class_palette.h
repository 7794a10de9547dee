#pragma once
// The colours every view uses for classes, so "class 1" is the same colour in the data
// preview, the decision-boundary heat map and the legends.
#include <QColor>
#include <QString>

namespace dl {

struct Dataset;

/// Okabe–Ito colour-blind-safe class colours, ordered so that two classes get blue and orange.
class ClassPalette {
  public:
    /// The colour of class k (cycles, slightly darkened, beyond the eight base colours).
    static QColor color(int k);
    /// `c` mixed with `background`: strength 0 gives the background, 1 the colour itself.
    static QColor tint(const QColor& c, double strength, const QColor& background = Qt::white);
    /// The data set's name for class k, or "class k" when it has none.
    static QString className(const Dataset& d, int k);
    /// A dark outline that separates markers of any class colour from a light background.
    static QColor outline() { return QColor(0x22, 0x22, 0x22); }
};

}  // namespace dl

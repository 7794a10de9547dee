#pragma once
// Data-point markers and legends shared by the painted plots: training points are filled
// discs with a dark outline, validation points hollow rings, so the two read apart in any colour.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

class QPainter;

namespace dl {

struct DataSplit;
class PlotFrame;

/// Draws markers, data splits and legend rows.
class PlotMarkers {
  public:
    /// What a legend entry shows before its text.
    enum class Kind { Swatch, TrainDot, ValRing, Line, DashedLine };
    /// One legend entry: a glyph and its text.
    struct LegendItem {
        Kind kind;
        QColor color;
        QString text;
    };

    /// Colours of regression points (classification points use the class colours).
    static QColor regressionTrain() { return QColor(0x44, 0x44, 0x44); }
    static QColor regressionVal() { return QColor(0xE6, 0x9F, 0x00); }

    static void trainDot(QPainter& p, const QPointF& c, double r, const QColor& fill);
    static void valRing(QPainter& p, const QPointF& c, double r, const QColor& color);
    /// Train points, then validation points, of a 2-D classification or 1-D regression split.
    static void drawSplit(QPainter& p, const PlotFrame& f, const DataSplit& d, double r);
    /// Legend entries left to right from topLeft, wrapping at maxWidth; returns the height used.
    /// On a dark background each glyph sits on a light chip, as the markers sit on the light plot.
    static double drawLegend(QPainter& p, const QPointF& topLeft, double maxWidth,
                             const QList<LegendItem>& items, bool darkBackground = false);
    /// The standard "train / validation" entries for a split (class swatches first).
    static QList<LegendItem> splitLegend(const DataSplit& d);
};

}  // namespace dl

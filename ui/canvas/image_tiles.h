#pragma once
// Small painting pieces shared by the image tabs: pixels to QImage, the marks for right,
// wrong and dropped, and a readable font size for projection.
#include <QColor>
#include <QFont>
#include <QImage>

#include <vector>

class QPainter;
class QRectF;

namespace dl {

/// The red of the whole app for "dropped" and "wrong" (as in the network diagram).
inline const QColor kMarkRed(0xD6, 0x27, 0x28);
/// Okabe–Ito bluish green for "correct".
inline const QColor kMarkGreen(0x00, 0x9E, 0x73);

/// One image sample (CHW floats in [0, 1]): grey for one channel, RGB for three, else channel 0.
QImage sampleImage(const float* values, const std::vector<int>& shape);

/// One H×W map scaled by `maxAbs`: greyscale (black 0, white max) when `signedScale` is
/// false, else blue for negative and green for positive around a mid grey.
QImage mapImage(const float* values, int height, int width, float maxAbs, bool signedScale);

/// Draws `img` into `r` without smoothing, so each pixel stays a crisp square.
void drawPixels(QPainter& p, const QImage& img, const QRectF& r);

/// A round badge with a ✓ (right) or ✕ (wrong) in it, centred on `c` with radius `radius`.
void drawVerdictBadge(QPainter& p, const QPointF& c, double radius, bool right);

/// `f` at `points` but never below 10 pt (readable when projected).
QFont sizedFont(QFont f, double points);

}  // namespace dl

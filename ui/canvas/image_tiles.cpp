#include "ui/canvas/image_tiles.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dl {
namespace {

int byte(float v) {
    return std::clamp(int(std::lround(v * 255.0f)), 0, 255);
}

}  // namespace

QImage sampleImage(const float* values, const std::vector<int>& shape) {
    if (shape.size() != 3) return {};
    const int c = shape[0], h = shape[1], w = shape[2];
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int g = byte(values[y * w + x]);
            if (c == 3)
                img.setPixel(
                    x, y,
                    qRgb(g, byte(values[h * w + y * w + x]), byte(values[2 * h * w + y * w + x])));
            else
                img.setPixel(x, y, qRgb(g, g, g));
        }
    return img;
}

QImage mapImage(const float* values, int height, int width, float maxAbs, bool signedScale) {
    QImage img(width, height, QImage::Format_RGB32);
    const float scale = maxAbs > 0 ? 1.0f / maxAbs : 0.0f;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const float t = std::clamp(values[y * width + x] * scale, -1.0f, 1.0f);
            if (!signedScale) {
                const int g = byte(std::max(0.0f, t));
                img.setPixel(x, y, qRgb(g, g, g));
                continue;
            }
            // Around mid grey: towards blue (0, 114, 178) or bluish green (0, 158, 115).
            const float a = std::abs(t);
            const int r = byte((0.5f * (1 - a)));
            const int g = byte(0.5f * (1 - a) + a * (t < 0 ? 114 : 158) / 255.0f);
            const int b = byte(0.5f * (1 - a) + a * (t < 0 ? 178 : 115) / 255.0f);
            img.setPixel(x, y, qRgb(r, g, b));
        }
    return img;
}

void drawPixels(QPainter& p, const QImage& img, const QRectF& r) {
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, img);
    p.restore();
}

void drawVerdictBadge(QPainter& p, const QPointF& c, double radius, bool right) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(right ? kMarkGreen : kMarkRed);
    p.drawEllipse(c, radius, radius);
    p.setPen(
        QPen(Qt::white, std::max(1.8, radius * 0.3), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const double d = radius * 0.45;
    if (right) {
        p.drawPolyline(QPolygonF({c + QPointF(-d, 0.05 * radius), c + QPointF(-0.2 * d, d * 0.8),
                                  c + QPointF(d, -d * 0.7)}));
    } else {
        p.drawLine(c + QPointF(-d, -d), c + QPointF(d, d));
        p.drawLine(c + QPointF(-d, d), c + QPointF(d, -d));
    }
    p.restore();
}

QFont sizedFont(QFont f, double points) {
    f.setPointSizeF(std::max(10.0, points));
    return f;
}

}  // namespace dl

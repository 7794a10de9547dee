#include "ui/plots/plot_markers.h"

#include <QPainter>

#include <algorithm>

#include "datasets/dataset.h"
#include "ui/plots/class_palette.h"
#include "ui/plots/plot_frame.h"

namespace dl {
namespace {

constexpr int kMaxPointsPerSplit = 4000;  // keeps a paint of a large set well under a frame

// Class colour for classification, the split's regression colour otherwise.
QColor pointColor(const Dataset& d, int i, bool train) {
    if (d.isClassification()) return ClassPalette::color(int(d.y(i, 0)));
    return train ? PlotMarkers::regressionTrain() : PlotMarkers::regressionVal();
}

// x and y of sample i: features 0 and 1 for 2-D inputs, feature 0 and target 0 for 1-D.
QPointF samplePoint(const Dataset& d, int i) {
    if (d.x.cols() >= 2) return {d.x(i, 0), d.x(i, 1)};
    return {d.x(i, 0), d.y.cols() > 0 ? d.y(i, 0) : 0.0};
}

void drawDataset(QPainter& p, const PlotFrame& f, const Dataset& d, double r, bool train) {
    if (d.size() == 0 || d.x.cols() < 1) return;
    const int stride = std::max(1, d.size() / kMaxPointsPerSplit);
    for (int i = 0; i < d.size(); i += stride) {
        const QPointF pt = f.map(samplePoint(d, i).x(), samplePoint(d, i).y());
        if (!f.pixels().adjusted(-r, -r, r, r).contains(pt)) continue;
        if (train)
            PlotMarkers::trainDot(p, pt, r, pointColor(d, i, true));
        else
            PlotMarkers::valRing(p, pt, r, pointColor(d, i, false));
    }
}

void legendGlyph(QPainter& p, const PlotMarkers::LegendItem& it, const QRectF& box) {
    const QPointF c = box.center();
    const double r = box.height() * 0.32;
    switch (it.kind) {
        case PlotMarkers::Kind::Swatch:
            p.setPen(QPen(ClassPalette::outline(), 1));
            p.setBrush(it.color);
            p.drawRect(QRectF(c.x() - r * 1.3, c.y() - r * 1.3, r * 2.6, r * 2.6));
            break;
        case PlotMarkers::Kind::TrainDot:
            PlotMarkers::trainDot(p, c, r, it.color);
            break;
        case PlotMarkers::Kind::ValRing:
            PlotMarkers::valRing(p, c, r, it.color);
            break;
        case PlotMarkers::Kind::Line:
        case PlotMarkers::Kind::DashedLine: {
            QPen pen(it.color, 3,
                     it.kind == PlotMarkers::Kind::Line ? Qt::SolidLine : Qt::DashLine);
            p.setPen(pen);
            p.drawLine(QPointF(box.left(), c.y()), QPointF(box.right(), c.y()));
            break;
        }
    }
}

}  // namespace

void PlotMarkers::trainDot(QPainter& p, const QPointF& c, double r, const QColor& fill) {
    p.setPen(QPen(ClassPalette::outline(), std::max(1.0, r * 0.25)));
    p.setBrush(fill);
    p.drawEllipse(c, r, r);
}

void PlotMarkers::valRing(QPainter& p, const QPointF& c, double r, const QColor& color) {
    // Slightly larger than a training dot with an open centre; a dark halo under the coloured
    // ring keeps it visible on a background of its own class colour.
    const double rr = r * 1.15;
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(ClassPalette::outline(), std::max(2.5, rr * 0.6)));
    p.drawEllipse(c, rr, rr);
    p.setPen(QPen(color, std::max(1.5, rr * 0.34)));
    p.drawEllipse(c, rr, rr);
}

void PlotMarkers::drawSplit(QPainter& p, const PlotFrame& f, const DataSplit& d, double r) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    drawDataset(p, f, d.train, r, true);
    drawDataset(p, f, d.val, r, false);
    p.restore();
}

double PlotMarkers::drawLegend(QPainter& p, const QPointF& topLeft, double maxWidth,
                               const QList<LegendItem>& items, bool darkBackground) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink = p.pen().color();  // the caller's text colour
    const QFontMetrics fm = p.fontMetrics();
    const double h = fm.height(), glyph = 1.6 * h, gap = h;
    double x = topLeft.x(), y = topLeft.y();
    for (const auto& it : items) {
        const double w = glyph + 6 + fm.horizontalAdvance(it.text);
        if (x > topLeft.x() && x + w > topLeft.x() + maxWidth) {
            x = topLeft.x();
            y += h + 4;
        }
        const QRectF box(x, y, glyph, h);
        if (darkBackground) {
            p.setPen(Qt::NoPen);
            p.setBrush(Qt::white);
            p.drawRoundedRect(box.adjusted(-2, -1, 2, 1), 3, 3);
        }
        legendGlyph(p, it, box);
        p.setPen(ink);
        p.drawText(QRectF(x + glyph + 6, y, w, h), Qt::AlignLeft | Qt::AlignVCenter, it.text);
        x += w + gap;
    }
    p.restore();
    return y + h - topLeft.y();
}

QList<PlotMarkers::LegendItem> PlotMarkers::splitLegend(const DataSplit& d) {
    QList<LegendItem> items;
    const Dataset& t = d.train;
    const QColor neutral(0x88, 0x88, 0x88);
    for (int k = 0; k < t.numClasses; ++k)
        items.append({Kind::Swatch, ClassPalette::color(k), ClassPalette::className(t, k)});
    const bool cls = t.isClassification();
    items.append({Kind::TrainDot, cls ? neutral : regressionTrain(), "train"});
    items.append({Kind::ValRing, cls ? neutral : regressionVal(), "validation"});
    return items;
}

}  // namespace dl

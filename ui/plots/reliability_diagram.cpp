#include "ui/plots/reliability_diagram.h"

#include <QPainter>

#include <algorithm>

#include "ui/plots/class_palette.h"
#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_markers.h"

namespace dl {

QColor mcColour() {
    return ClassPalette::color(0);
}
QColor wsColour() {
    return ClassPalette::color(5);
}

ReliabilityDiagram::ReliabilityDiagram(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setToolTip(
        "Reliability diagram: test predictions grouped by confidence (probability of the "
        "predicted class).\nA bar on the diagonal means that confidence was right that often; "
        "below it, the model was overconfident.\nECE: the bars' gaps to the diagonal, weighted "
        "by how many predictions fell in each bin.");
}

void ReliabilityDiagram::setBins(const std::vector<ReliabilityBin>& mc, double mcEce,
                                 const std::vector<ReliabilityBin>& ws, double wsEce, int samples) {
    mc_ = mc;
    ws_ = ws;
    mcEce_ = mcEce;
    wsEce_ = wsEce;
    samples_ = samples;
    message_.clear();
    update();
}

void ReliabilityDiagram::setMessage(const QString& text) {
    mc_.clear();
    ws_.clear();
    message_ = text;
    update();
}

void ReliabilityDiagram::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    double top = PlotHeader::paint(p, *this, "Reliability", "accuracy per confidence bin");
    if (mc_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, int(top), -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   message_);
        return;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor diag(0x55, 0x55, 0x55);
    top += PlotMarkers::drawLegend(
               p, QPointF(8, top), width() - 16,
               {{PlotMarkers::Kind::Swatch, mcColour(),
                 QString("MC average, T = %1: ECE %2").arg(samples_).arg(mcEce_, 0, 'f', 3)},
                {PlotMarkers::Kind::Swatch, wsColour(),
                 QString("weight scaling: ECE %1").arg(wsEce_, 0, 'f', 3)},
                {PlotMarkers::Kind::DashedLine, diag, "perfect calibration"}},
               dark) +
           4;
    const QRectF area(4, top, width() - 12, height() - top - 4);
    const PlotFrame f = PlotFrame::fit(area, p.fontMetrics(), 0, 1, 0, 1, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);
    auto bars = [&](const std::vector<ReliabilityBin>& bins, const QColor& c, double offset) {
        p.setPen(QPen(c.darker(140), 1));
        p.setBrush(ClassPalette::tint(c, 0.75));
        for (const ReliabilityBin& b : bins) {
            if (b.count == 0) continue;
            const double w = (b.hi - b.lo) / 2;
            p.drawRect(
                QRectF(f.map(b.lo + offset * w, b.accuracy), f.map(b.lo + (offset + 1) * w, 0))
                    .normalized());
        }
    };
    bars(mc_, mcColour(), 0);
    bars(ws_, wsColour(), 1);
    p.setPen(QPen(diag, 1.8, Qt::DashLine));
    p.drawLine(f.map(0, 0), f.map(1, 1));
    f.drawAxes(p, palette(), "confidence", "accuracy");
}

}  // namespace dl

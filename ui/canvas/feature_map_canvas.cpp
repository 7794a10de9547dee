#include "ui/canvas/feature_map_canvas.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "ui/canvas/image_tiles.h"
#include "ui/plots/class_palette.h"

namespace dl {
namespace {

constexpr double kPad = 10;
constexpr double kGap = 6;
const QColor kDropFill(0xD6, 0x27, 0x28, 200);  // dropped positions: red over the activation

QString pct(double f) {
    return QString("%1 %").arg(100.0 * f, 0, 'f', f < 0.1 ? 1 : 0);
}

void drawCross(QPainter& p, const QRectF& r) {
    p.setPen(QPen(kMarkRed, std::max(2.5, r.width() * 0.06), Qt::SolidLine, Qt::RoundCap));
    const double d = r.width() * 0.3;
    p.drawLine(r.center() + QPointF(-d, -d), r.center() + QPointF(d, d));
    p.drawLine(r.center() + QPointF(-d, d), r.center() + QPointF(d, -d));
}

}  // namespace

int MapMarks::droppedCount() const {
    return int(std::count(droppedValues.begin(), droppedValues.end(), 1));
}

FeatureMapCanvas::FeatureMapCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
}

void FeatureMapCanvas::setMaps(std::shared_ptr<const FeatureMapSample> maps,
                               const Dataset* classes) {
    maps_ = std::move(maps);
    classes_ = classes;
    relayout();
    update();
}

void FeatureMapCanvas::setFitHeight(int h) {
    if (h == fitHeight_) return;
    fitHeight_ = h;
    relayout();
}

void FeatureMapCanvas::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    relayout();
}

MapMarks FeatureMapCanvas::marks(int layer) const {
    MapMarks m;
    const FeatureMapLayer& l = maps_->layers[size_t(layer)];
    if (l.mask.size() != l.values.size()) return m;
    const int hw = l.height * l.width;
    m.droppedValues.resize(l.mask.size());
    for (size_t i = 0; i < l.mask.size(); ++i) m.droppedValues[i] = l.mask[i] == 0.0f;
    for (int c = 0; c < l.channels; ++c) {
        const auto* b = m.droppedValues.data() + size_t(c) * size_t(hw);
        if (std::all_of(b, b + hw, [](char d) { return d; })) m.droppedChannels.push_back(c);
    }
    return m;
}

double FeatureMapCanvas::sidebarWidth() const {
    return std::max(170.0, QFontMetrics(sizedFont(font(), font().pointSizeF()))
                                   .horizontalAdvance("channel dropped this step") +
                               52.0);
}

double FeatureMapCanvas::headerHeight() const {
    return 2 * QFontMetrics(sizedFont(font(), font().pointSizeF())).height() + 6;
}

// Lays the layers out with tiles of about `target` pixels; returns the total height.
double FeatureMapCanvas::layoutFor(double target, std::vector<LayerBox>& boxes) const {
    boxes.clear();
    const double x0 = sidebarWidth() + kPad, right = width() - kPad;
    double y = kPad;
    for (const FeatureMapLayer& l : maps_->layers) {
        LayerBox b;
        b.top = y;
        b.scale = std::max(1.0, std::floor(target / std::max(l.height, l.width)));
        const double tw = b.scale * l.width, th = b.scale * l.height;
        const int cols = std::max(1, int((right - x0 + kGap) / (tw + kGap)));
        y += headerHeight();
        for (int c = 0; c < l.channels; ++c)
            b.tiles.emplace_back(x0 + (c % cols) * (tw + kGap), y + (c / cols) * (th + kGap), tw,
                                 th);
        y += ((l.channels + cols - 1) / cols) * (th + kGap) + kPad;
        boxes.push_back(std::move(b));
    }
    return y;
}

void FeatureMapCanvas::relayout() {
    if (!maps_) return;
    double total = 0;
    for (double target = 96; target >= 24; target -= 4) {  // the largest tiles that fit
        total = layoutFor(target, boxes_);
        if (total <= fitHeight_) break;
    }
    const auto& s = maps_->inputShape;
    const double side = std::min(sidebarWidth() - 2 * kPad, 8.0 * std::max(s[1], s[2]));
    const double scale = std::max(1.0, std::floor(side / std::max(s[1], s[2])));
    inputRect_ = QRectF(kPad, kPad + QFontMetrics(font()).height() + 4, scale * s[2], scale * s[1]);
    // The sidebar below the input: three text lines, a gap and three legend swatches.
    const double fh = QFontMetrics(sizedFont(font(), font().pointSizeF())).height();
    setMinimumHeight(int(std::max(total, inputRect_.bottom() + 6 + 3.6 * fh + 3 * (1.4 * fh + 6))));
}

QRectF FeatureMapCanvas::tileRect(int layer, int c) const {
    return boxes_[size_t(layer)].tiles[size_t(c)];
}

QRectF FeatureMapCanvas::pixelRect(int layer, int c, int y, int x) const {
    const double s = boxes_[size_t(layer)].scale;
    const QRectF t = tileRect(layer, c);
    return {t.left() + x * s, t.top() + y * s, s, s};
}

QString FeatureMapCanvas::summary(const FeatureMapLayer& l, const MapMarks& m) const {
    if (l.siteId.empty()) return "no dropout on this layer";
    QString s = QString("%1 dropout, rate %2 — ")
                    .arg(l.variant == "block" ? QString("DropBlock %1×%1").arg(l.blockSize)
                                              : QString::fromStdString(l.variant))
                    .arg(l.rate, 0, 'f', 2);
    if (l.mask.empty()) return s + "no mask drawn yet";
    const double frac = double(m.droppedCount()) / double(l.mask.size());
    if (l.variant == "channel")
        s += QString("%1 of %2 channels dropped").arg(m.droppedChannels.size()).arg(l.channels);
    else if (l.variant == "gaussian") {
        const auto [lo, hi] = std::minmax_element(l.mask.begin(), l.mask.end());
        s += QString("multipliers ×%1 … ×%2").arg(*lo, 0, 'f', 2).arg(*hi, 0, 'f', 2);
    } else {
        s += QString("%1 of positions dropped").arg(pct(frac));
        if (!m.droppedChannels.empty())
            s += QString(", %1 whole channel%2")
                     .arg(m.droppedChannels.size())
                     .arg(m.droppedChannels.size() == 1 ? "" : "s");
    }
    if (l.nextVariant != l.variant)
        s += QString("   ▸ %1 from the next step").arg(QString::fromStdString(l.nextVariant));
    return s;
}

void FeatureMapCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    p.setFont(sizedFont(font(), font().pointSizeF()));
    p.setPen(palette().color(QPalette::WindowText));
    if (!maps_) {
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   "Train one step (Step) to see what the conv layers make of a mini-batch "
                   "sample and which channels or blocks dropout removes.");
        return;
    }
    paintSidebar(p);
    for (int i = 0; i < int(maps_->layers.size()); ++i) paintLayer(p, i);
}

void FeatureMapCanvas::paintSidebar(QPainter& p) const {
    const QFontMetrics fm = p.fontMetrics();
    const QColor ink = palette().color(QPalette::WindowText);
    p.setPen(ink);
    p.drawText(QPointF(kPad, kPad + fm.ascent()), "Input");
    drawPixels(p, sampleImage(maps_->input.data(), maps_->inputShape), inputRect_);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(inputRect_);
    double y = inputRect_.bottom() + 6;
    auto line = [&](const QString& t, bool bold = false) {
        QFont f = p.font();
        f.setBold(bold);
        p.save();
        p.setFont(f);
        p.setPen(ink);
        p.drawText(QPointF(kPad, y + fm.ascent()), t);
        p.restore();
        y += fm.height();
    };
    if (maps_->label >= 0 && classes_)
        line("class: " + ClassPalette::className(*classes_, maps_->label), true);
    line(QString("sample %1 of %2").arg(maps_->sample + 1).arg(maps_->batchRows));
    line(QString("step %1").arg(maps_->step));
    y += fm.height() * 0.6;
    // Legend: the two red marks and the grey scale.
    const double sw = fm.height() * 1.4;
    auto swatch = [&](auto paint, const QString& label) {
        const QRectF r(kPad, y, sw, sw);
        paint(r);
        p.setPen(ink);
        p.drawText(QPointF(r.right() + 8, r.center().y() + fm.ascent() / 2.0 - 1), label);
        y += sw + 6;
    };
    swatch(
        [&](const QRectF& r) {
            p.fillRect(r, QColor(150, 150, 150));
            p.fillRect(r, QBrush(kMarkRed, Qt::BDiagPattern));
            drawCross(p, r);
        },
        "channel dropped this step");
    swatch(
        [&](const QRectF& r) {
            p.fillRect(r, QColor(150, 150, 150));
            p.fillRect(r.adjusted(r.width() / 2, 0, 0, -r.height() / 2), kDropFill);
        },
        "position dropped");
    swatch(
        [&](const QRectF& r) {
            QLinearGradient g(r.topLeft(), r.topRight());
            g.setColorAt(0, Qt::black);
            g.setColorAt(1, Qt::white);
            p.fillRect(r, g);
        },
        "activation 0 → layer max");
}

void FeatureMapCanvas::paintLayer(QPainter& p, int i) const {
    const FeatureMapLayer& l = maps_->layers[size_t(i)];
    const LayerBox& b = boxes_[size_t(i)];
    const QFontMetrics fm = p.fontMetrics();
    const MapMarks m = marks(i);
    const double x0 = sidebarWidth() + kPad;
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.setPen(palette().color(QPalette::WindowText));
    const QString head =
        QString("%1 · %2 maps of %3×%4%5")
            .arg(QString::fromStdString(l.name))
            .arg(l.channels)
            .arg(l.height)
            .arg(l.width)
            .arg(l.siteId.empty() ? QString()
                                  : QString(" · site %1").arg(QString::fromStdString(l.siteId)));
    p.drawText(QPointF(x0, b.top + fm.ascent()), head);
    p.restore();
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QPointF(x0, b.top + fm.height() + fm.ascent()),
               fm.elidedText(summary(l, m), Qt::ElideRight, int(width() - x0 - kPad)));
    float maxAbs = 0, lo = 0;
    for (float v : l.values) maxAbs = std::max(maxAbs, std::abs(v)), lo = std::min(lo, v);
    for (int c = 0; c < l.channels; ++c) paintTile(p, i, c, m, maxAbs, lo < 0);
}

void FeatureMapCanvas::paintTile(QPainter& p, int i, int c, const MapMarks& m, float maxAbs,
                                 bool signedScale) const {
    const FeatureMapLayer& l = maps_->layers[size_t(i)];
    const QRectF r = tileRect(i, c);
    const int hw = l.height * l.width;
    drawPixels(
        p,
        mapImage(l.values.data() + size_t(c) * size_t(hw), l.height, l.width, maxAbs, signedScale),
        r);
    const bool whole = std::count(m.droppedChannels.begin(), m.droppedChannels.end(), c) > 0;
    if (whole && l.variant == "channel") {
        QColor veil = palette().color(QPalette::Window);
        veil.setAlpha(120);
        p.fillRect(r, veil);
        p.fillRect(r, QBrush(kMarkRed, Qt::BDiagPattern));
        drawCross(p, r);
    } else if (!m.droppedValues.empty()) {
        for (int y = 0; y < l.height; ++y)
            for (int x = 0; x < l.width; ++x)
                if (m.droppedValues[size_t(c * hw + y * l.width + x)])
                    p.fillRect(pixelRect(i, c, y, x), kDropFill);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(whole ? QPen(kMarkRed, 3) : QPen(palette().color(QPalette::Mid), 1));
    p.drawRect(whole ? r.adjusted(-1.5, -1.5, 1.5, 1.5) : r.adjusted(-0.5, -0.5, 0.5, 0.5));
}

bool FeatureMapCanvas::event(QEvent* e) {
    if (e->type() != QEvent::ToolTip || !maps_) return QWidget::event(e);
    auto* he = static_cast<QHelpEvent*>(e);
    for (int i = 0; i < int(boxes_.size()); ++i)
        for (int c = 0; c < int(boxes_[size_t(i)].tiles.size()); ++c) {
            if (!tileRect(i, c).contains(he->pos())) continue;
            const FeatureMapLayer& l = maps_->layers[size_t(i)];
            const int hw = l.height * l.width;
            const auto b = l.values.begin() + long(c) * hw;
            const float mx = *std::max_element(b, b + hw);
            QString t = QString("%1, channel %2 of %3\nlargest activation %4")
                            .arg(QString::fromStdString(l.name))
                            .arg(c + 1)
                            .arg(l.channels)
                            .arg(mx, 0, 'g', 3);
            if (l.mask.size() == l.values.size()) {
                const auto mb = l.mask.begin() + long(c) * hw;
                const long zeros = std::count(mb, mb + hw, 0.0f);
                t += zeros == hw ? QString("\ndropped in this step: the next layer sees zeros")
                                 : QString("\n%1 of %2 positions dropped").arg(zeros).arg(hw);
            }
            QToolTip::showText(he->globalPos(), t, this);
            return true;
        }
    QToolTip::hideText();
    return true;
}

}  // namespace dl

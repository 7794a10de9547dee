#include "ui/canvas/network_view.h"

#include <QHelpEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "ui/plots/class_palette.h"

namespace dl {
namespace {

const QColor kPositive(0x00, 0x72, 0xB2);  // Okabe–Ito blue
const QColor kNegative(0x00, 0x9E, 0x73);  // Okabe–Ito bluish green
const QColor kLow(0xE6, 0x9F, 0x00);       // Gaussian multiplier below 1: orange
const QColor kHigh(0xCC, 0x79, 0xA7);      // above 1: reddish purple (not the activation blue)
const QColor kDropped(0xD6, 0x27, 0x28);   // the one red in the diagram: dropped
const QColor kDroppedFill(0xC4, 0xC4, 0xC4);
constexpr double kPad = 10;

// Diverging scale around 1: orange for multipliers that shrink a unit, purple for those that
// grow it, so noise never looks like activation (blue / green).
QColor multiplierColor(float m, const QColor& base) {
    if (m < 1) return ClassPalette::tint(kLow, std::clamp(1.0 - m, 0.0, 1.0), base);
    return ClassPalette::tint(kHigh, std::clamp(m - 1.0, 0.0, 1.0), base);
}

QString fmt(double v) {
    return QString::number(v, 'g', 4);
}

// A red ✕ over a unit: the mark a student looks for.
void drawCross(QPainter& p, const QPointF& c, double r) {
    p.setPen(QPen(kDropped, std::max(2.0, r * 0.24), Qt::SolidLine, Qt::RoundCap));
    const double d = r * 0.72;
    p.drawLine(c + QPointF(-d, -d), c + QPointF(d, d));
    p.drawLine(c + QPointF(-d, d), c + QPointF(d, -d));
}

}  // namespace

NetworkView::NetworkView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setMouseTracking(true);
}

NetworkView::Column NetworkView::describe(const LayerActivity& l) const {
    Column c;
    c.name = QString::fromStdString(l.name);
    c.units = int(l.activation.size());
    for (float a : l.activation) c.maxAbs = std::max(c.maxAbs, std::abs(a));
    c.hasSite = !l.siteId.empty() || !l.mask.empty();
    c.note = QString::fromStdString(l.note);
    for (const SiteMaskView& m : snap_->masks)
        if (m.id == l.siteId) {
            c.rate = m.rate;
            c.variant = QString::fromStdString(m.variant);
        }
    c.unitMask = !l.mask.empty() && l.mask.size() == l.activation.size();
    if (!c.unitMask) return c;
    float lo = 1e30f, hi = -1e30f;  // over the non-zero multipliers
    for (float m : l.mask) {
        if (m == 0.f) ++c.dropped;
        if (m != 0.f) lo = std::min(lo, m), hi = std::max(hi, m);
    }
    c.minMul = *std::min_element(l.mask.begin(), l.mask.end());
    c.maxMul = *std::max_element(l.mask.begin(), l.mask.end());
    // Bernoulli masks hold 0 and one scale (1 or 1/(1-rate)); anything else is noise-like.
    c.continuous = c.variant == "gaussian" || (hi > lo && hi - lo > 1e-4f * std::max(1.f, hi));
    return c;
}

void NetworkView::showSnapshot(const SnapshotPtr& s) {
    if (!s || s == snap_) return;
    const bool shapeChanged = !snap_ || snap_->layers.size() != s->layers.size() ||
                              !std::equal(snap_->layers.begin(), snap_->layers.end(),
                                          s->layers.begin(), [](const auto& a, const auto& b) {
                                              return a.activation.size() == b.activation.size();
                                          });
    snap_ = s;
    columns_.clear();
    for (const LayerActivity& l : s->layers) columns_.push_back(describe(l));
    layoutDirty_ = layoutDirty_ || shapeChanged;
    update();
}

int NetworkView::droppedUnitCount() const {
    int n = 0;
    for (const Column& c : columns_) n += c.dropped;
    return n;
}

QFont NetworkView::scaledFont(double factor) const {
    QFont f = font();
    const double base = std::max(10.0, f.pointSizeF());
    // A wide, short diagram (the usual docked shape) may still use larger text.
    f.setPointSizeF(std::clamp(std::max(height() / 48.0, width() / 110.0), base, 14.0) * factor);
    return f;
}

double NetworkView::captionHeight() const {
    // Caption line plus up to two legend lines (the legend wraps on narrow views).
    return kPad + 3 * QFontMetrics(scaledFont()).height() + 18;
}

double NetworkView::footerHeight() const {
    return 3 * QFontMetrics(scaledFont()).height() + 2 * kPad;
}

void NetworkView::ensureLayout() const {
    if (!layoutDirty_) return;
    std::vector<int> counts;
    for (const Column& c : columns_) counts.push_back(c.units);
    const double top = captionHeight(), bottom = height() - footerHeight();
    layout_.compute(counts, QRectF(kPad, top, width() - 2 * kPad, std::max(20.0, bottom - top)));
    layoutDirty_ = false;
}

const NetworkLayout& NetworkView::layout() const {
    ensureLayout();
    return layout_;
}

void NetworkView::resizeEvent(QResizeEvent* e) {
    layoutDirty_ = true;
    QWidget::resizeEvent(e);
}

float NetworkView::multiplier(int layer, int unit) const {
    const Column& c = columns_[size_t(layer)];
    return c.unitMask ? snap_->layers[size_t(layer)].mask[size_t(unit)] : 1.f;
}

bool NetworkView::isDropped(int layer, int unit) const {
    return columns_[size_t(layer)].unitMask && multiplier(layer, unit) == 0.f;
}

QColor NetworkView::unitColor(int layer, int unit) const {
    return unitColor(layer, unit, palette().color(QPalette::Base));
}

QColor NetworkView::unitColor(int layer, int unit, const QColor& base) const {
    const Column& c = columns_[size_t(layer)];
    const float a = snap_->layers[size_t(layer)].activation[size_t(unit)];
    const double t = c.maxAbs > 0 ? std::abs(a) / c.maxAbs : 0.0;
    return ClassPalette::tint(a < 0 ? kNegative : kPositive, 0.1 + 0.9 * t, base);
}

QString NetworkView::siteLine(const Column& c) const {
    if (!c.hasSite && !c.note.isEmpty()) return c.note;
    if (!c.hasSite)
        return QString("%1 unit%2 · no dropout").arg(c.units).arg(c.units == 1 ? "" : "s");
    const QString rate = QString("drop rate %1").arg(c.rate, 0, 'f', 2);
    if (!c.unitMask) return rate + " — no mask yet";
    if (c.continuous)
        return QString("%1 rate %2 — multipliers ×%3 … ×%4")
            .arg(c.variant.isEmpty() ? QString("noise") : c.variant)
            .arg(c.rate, 0, 'f', 2)
            .arg(c.minMul, 0, 'f', 2)
            .arg(c.maxMul, 0, 'f', 2);
    return QString("%1 — %2 of %3 dropped").arg(rate).arg(c.dropped).arg(c.units);
}

QString NetworkView::toolTipAt(const QPoint& pos) const {
    if (!snap_) return {};
    ensureLayout();
    const auto [l, u] = layout_.hit(pos);
    if (l < 0) return {};
    const Column& c = columns_[size_t(l)];
    const float a = snap_->layers[size_t(l)].activation[size_t(u)];
    QString t =
        QString("%1, unit %2 of %3\nactivation %4").arg(c.name).arg(u + 1).arg(c.units).arg(fmt(a));
    if (!c.hasSite) return t + "\nno dropout site after this layer";
    if (!c.unitMask) return t + "\nno mask drawn yet";
    const float m = multiplier(l, u);
    if (m == 0.f) return t + "\nmultiplier 0: dropped in this step";
    return t + QString("\nmultiplier %1: kept%2")
                   .arg(fmt(m))
                   .arg(m == 1.f ? QString() : QString(" (output scaled ×%1)").arg(fmt(m)));
}

QPoint NetworkView::unitPosition(int layer, int unit) const {
    ensureLayout();
    return layout_.unitCentre(layer, unit).toPoint();
}

bool NetworkView::event(QEvent* e) {
    if (e->type() != QEvent::ToolTip) return QWidget::event(e);
    auto* he = static_cast<QHelpEvent*>(e);
    const QString text = toolTipAt(he->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        e->ignore();
    } else {
        QToolTip::showText(he->globalPos(), text, this);
    }
    return true;
}

void NetworkView::paintCaption(QPainter& p) const {
    p.setFont(scaledFont());
    const QFontMetrics fm = p.fontMetrics();
    const QColor ink = palette().color(QPalette::WindowText);
    p.setPen(ink);
    const QString text =
        snap_ ? QString("Showing sample 1 of the current mini-batch — step %1, epoch %2")
                    .arg(snap_->step)
                    .arg(snap_->epoch)
              : QString("No network loaded yet");
    p.drawText(QRectF(kPad, kPad, width() - 2 * kPad, fm.height()), Qt::AlignLeft, text);
    // Legend line: the marks the diagram uses.
    double y = kPad + fm.height() + 6;
    const double r = fm.height() * 0.5;
    double x = kPad + r;
    auto item = [&](const QColor& fill, const QColor& ring, bool cross, const QString& label) {
        if (x > kPad + r && x + r + 6 + fm.horizontalAdvance(label) > width() - kPad) {
            x = kPad + r;  // wrap onto the next legend line rather than run off the edge
            y += fm.height() + 4;
        }
        const QPointF c(x, y + fm.height() / 2.0);
        p.setPen(ring.isValid() ? QPen(ring, 3) : QPen(QColor(Qt::gray), 1));
        p.setBrush(fill);
        p.drawEllipse(c, r, r);
        if (cross) drawCross(p, c, r);
        p.setPen(ink);
        p.drawText(QPointF(x + r + 6, y + fm.ascent()), label);
        x += 2 * r + 6 + fm.horizontalAdvance(label) + 1.5 * fm.height();
    };
    item(kDroppedFill, {}, true, "dropped in this step");
    item(kPositive, {}, false, "activation > 0 (deeper = larger)");
    item(kNegative, {}, false, "activation < 0");
    const bool noise =
        std::any_of(columns_.begin(), columns_.end(), [](const Column& c) { return c.continuous; });
    if (noise) {
        item(Qt::white, kLow, false, "multiplier < 1");
        item(Qt::white, kHigh, false, "> 1");
    }
}

void NetworkView::paintEdges(QPainter& p) const {
    QColor ink = palette().color(QPalette::WindowText);
    const auto& cols = layout_.columns();
    for (size_t l = 0; l + 1 < cols.size(); ++l) {
        const ColumnGeometry &a = cols[l], &b = cols[l + 1];
        if (a.strip || b.strip) {  // too many lines to read: a faint band says "all to all"
            QColor band = ink;
            band.setAlpha(14);
            p.setPen(Qt::NoPen);
            p.setBrush(band);
            p.drawPolygon(QPolygonF({a.bounds.topRight(), b.bounds.topLeft(), b.bounds.bottomLeft(),
                                     a.bounds.bottomRight()}));
            continue;
        }
        const size_t pairs = std::max<size_t>(1, a.centres.size() * b.centres.size());
        ink.setAlpha(std::clamp(int(2400 / pairs) + 14, 18, 80));
        p.setPen(QPen(ink, 1));
        for (size_t u = 0; u < a.centres.size(); ++u) {
            if (isDropped(int(l), int(u))) continue;  // a dropped unit sends nothing on
            for (const QPointF& v : b.centres) p.drawLine(a.centres[u], v);
        }
    }
}

void NetworkView::paintCircles(QPainter& p, int layer) const {
    const ColumnGeometry& g = layout_.columns()[size_t(layer)];
    const Column& c = columns_[size_t(layer)];
    const double r = g.radius;
    QColor outline = palette().color(QPalette::WindowText);
    outline.setAlpha(170);
    for (size_t u = 0; u < g.centres.size(); ++u) {
        const bool dropped = isDropped(layer, int(u));
        p.setPen(QPen(dropped ? QColor(Qt::gray) : outline, 1.2));
        p.setBrush(dropped ? kDroppedFill : unitColor(layer, int(u)));
        p.drawEllipse(g.centres[u], r, r);
        if (dropped) {
            drawCross(p, g.centres[u], r);
        } else if (c.continuous) {  // Gaussian: a ring coloured by the unit's multiplier
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(multiplierColor(multiplier(layer, int(u)), Qt::white),
                          std::max(3.0, r * 0.3)));
            p.drawEllipse(g.centres[u], r + 1.5, r + 1.5);
        }
    }
}

void NetworkView::paintStrip(QPainter& p, int layer) const {
    const ColumnGeometry& g = layout_.columns()[size_t(layer)];
    const Column& c = columns_[size_t(layer)];
    const QColor base = palette().color(QPalette::Base);
    QImage img(g.cols, g.rows, QImage::Format_ARGB32);
    img.fill(Qt::transparent);
    // Pixels written straight into the buffer: a conv column has ~10⁴ units, and
    // setPixelColor with a palette lookup per unit cost milliseconds per repaint.
    auto* px = reinterpret_cast<QRgb*>(img.bits());
    const qsizetype stride = img.bytesPerLine() / qsizetype(sizeof(QRgb));
    const QRgb dropped = kDropped.rgba();
    for (int u = 0; u < c.units; ++u) {
        QRgb col = dropped;
        if (!isDropped(layer, u))
            col = c.continuous ? multiplierColor(multiplier(layer, u), base).rgba()
                               : unitColor(layer, u, base).rgba();
        px[(u % g.rows) * stride + u / g.rows] = col;
    }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp cells
    p.drawImage(g.stripRect, img);
    if (g.cell >= 5) {  // thin gaps between cells, drawn in the background colour
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(palette().color(QPalette::Window), 1));
        for (int i = 1; i < g.cols; ++i)
            p.drawLine(QPointF(g.stripRect.left() + i * g.cell, g.stripRect.top()),
                       QPointF(g.stripRect.left() + i * g.cell, g.stripRect.bottom()));
        for (int i = 1; i < g.rows; ++i)
            p.drawLine(QPointF(g.stripRect.left(), g.stripRect.top() + i * g.cell),
                       QPointF(g.stripRect.right(), g.stripRect.top() + i * g.cell));
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.stripRect);
    p.restore();
}

void NetworkView::paintFooter(QPainter& p, int layer) const {
    const ColumnGeometry& g = layout_.columns()[size_t(layer)];
    const Column& c = columns_[size_t(layer)];
    QFont bold = scaledFont();
    bold.setBold(true);
    p.setFont(bold);
    const QFontMetrics fm = p.fontMetrics();
    // Text may use up to half the gap to each neighbouring column (its neighbour has the
    // other half), not just this column's drawing width; lines are split, then elided.
    const auto& cols = layout_.columns();
    double span = 2 * std::min(g.x - kPad, width() - kPad - g.x);
    if (layer > 0) span = std::min(span, g.x - cols[size_t(layer - 1)].x);
    if (layer + 1 < int(cols.size())) span = std::min(span, cols[size_t(layer + 1)].x - g.x);
    const double w = std::max(g.width, span) - 6, top = height() - footerHeight() + kPad;
    p.setPen(palette().color(QPalette::WindowText));
    const QRectF nameBox(g.x - w / 2, top, w, fm.height());
    QString name = c.name;
    if (fm.horizontalAdvance(name) > w) name.remove(QRegularExpression(" \\(.*\\)$"));
    p.drawText(nameBox, Qt::AlignHCenter, fm.elidedText(name, Qt::ElideRight, int(w)));
    p.setFont(scaledFont());
    QString line = siteLine(c);
    if (p.fontMetrics().horizontalAdvance(line) > w) {
        QStringList parts = line.split(QRegularExpression(" — | · "));
        for (QString& part : parts) {
            // Narrow columns: "drop rate 0.50" → "rate 0.50", "34 of 64 dropped" → "34/64 dropped".
            if (p.fontMetrics().horizontalAdvance(part) > w)
                part.replace("drop rate", "rate").replace(QRegularExpression(" of (\\d+)"), "/\\1");
            part = p.fontMetrics().elidedText(part, Qt::ElideRight, int(w));
        }
        line = parts.join("\n");
    }
    p.setPen(c.dropped > 0 ? kDropped.darker(115) : palette().color(QPalette::WindowText));
    if (!c.hasSite) p.setPen(palette().color(QPalette::PlaceholderText));
    if (!c.hasSite && !c.note.isEmpty()) p.setPen(kDropped.darker(115));
    p.drawText(QRectF(g.x - w / 2, top + fm.height() + 2, w, 2 * fm.height() + 4),
               Qt::AlignHCenter | Qt::AlignTop, line);
}

void NetworkView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    paintCaption(p);
    if (!snap_ || columns_.empty()) return;
    ensureLayout();
    paintEdges(p);
    for (int l = 0; l < int(columns_.size()); ++l) {
        layout_.columns()[size_t(l)].strip ? paintStrip(p, l) : paintCircles(p, l);
        paintFooter(p, l);
    }
}

}  // namespace dl

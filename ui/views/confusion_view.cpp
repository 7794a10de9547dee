#include "ui/views/confusion_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/canvas/image_tiles.h"
#include "ui/plots/class_palette.h"
#include "ui/worker/image_extras.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

constexpr double kPad = 12;
const QColor kDiagonal(0x00, 0x72, 0xB2);  // Okabe–Ito blue: right answers
const QColor kConfused(0xE6, 0x9F, 0x00);  // orange: one class taken for another
constexpr double kSlant = 0.7071;          // column labels at 45°

long rowSum(const ImageEvalView& e, int k) {
    long n = 0;
    for (int j = 0; j < e.numClasses; ++j) n += e.cell(k, j);
    return n;
}

// White on deep fills, the palette's text colour on pale ones.
QColor inkOn(const QColor& fill, const QColor& ink) {
    return fill.lightnessF() < 0.5 ? QColor(Qt::white) : ink;
}

}  // namespace

ConfusionView::ConfusionView(QWidget* parent) : SnapshotView(parent) {
    setMinimumSize(320, 240);
    setAutoFillBackground(true);
}

bool ConfusionView::appliesTo(const ExperimentConfig& c) const {
    return isImageExperiment(c);
}

void ConfusionView::setActive(bool on) {
    if (controllerA_) controllerA_->setImageExtras(on, false, 0);
}

bool ConfusionView::readyForScreenshot() const {
    return eval() && eval()->step == snap_->step;
}

void ConfusionView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr&) {
    if (!a || a == snap_) return;
    if (!a->imageEval && eval() && snap_->data == a->data) return;  // keep the last matrix
    snap_ = a;
    update();
}

double ConfusionView::classAccuracy(int k) const {
    const long n = eval() ? rowSum(*eval(), k) : 0;
    return n ? double(eval()->cell(k, k)) / double(n) : 0.0;
}

QString ConfusionView::className(int k) const {
    return snap_ && snap_->data ? ClassPalette::className(snap_->data->val, k)
                                : QString("class %1").arg(k);
}

ConfusionView::Geometry ConfusionView::geometry(const QFontMetrics& fm) const {
    const int k = eval()->numClasses;
    int labelW = 0;
    for (int c = 0; c < k; ++c) labelW = std::max(labelW, fm.horizontalAdvance(className(c)));
    Geometry g;
    g.left = kPad + fm.height() + 6 + labelW + 8;  // "true class" axis title, then names
    g.top = kPad + 3 * fm.height() + 14 + labelW * kSlant + fm.height() * 0.5;
    g.barW = std::clamp(width() * 0.18, 90.0, 220.0);
    const double room = width() - g.left - kPad - g.barW - fm.horizontalAdvance("100 %") - 3 * kPad;
    g.cell = std::floor(std::min(room, height() - g.top - kPad) / k);
    g.cell = std::clamp(g.cell, 18.0, 90.0);
    g.barX = g.left + k * g.cell + 2 * kPad;
    return g;
}

void ConfusionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setFont(sizedFont(font(), font().pointSizeF()));
    p.setPen(palette().color(QPalette::WindowText));
    if (!eval()) {
        p.drawText(rect(), Qt::AlignCenter, "Predicting the validation images…");
        return;
    }
    paintTitle(p);
    const Geometry g = geometry(p.fontMetrics());
    paintMatrix(p, g);
    paintBars(p, g);
}

void ConfusionView::paintTitle(QPainter& p) const {
    const ImageEvalView& e = *eval();
    const QFontMetrics fm = p.fontMetrics();
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.drawText(QPointF(kPad, kPad + fm.ascent()),
               QString("Accuracy %1 % — %2 of %3 validation images right (the diagonal)")
                   .arg(100.0 * e.accuracy(), 0, 'f', 1)
                   .arg(e.correct)
                   .arg(e.evaluated()));
    p.restore();
    p.drawText(QPointF(kPad, kPad + fm.height() + fm.ascent()),
               QString("Deterministic predictions at step %1 on the first %2 of %3 validation "
                       "images; colour = share of the row")
                   .arg(e.step)
                   .arg(e.evaluated())
                   .arg(e.splitSize));
}

void ConfusionView::paintMatrix(QPainter& p, const Geometry& g) const {
    const ImageEvalView& e = *eval();
    const int k = e.numClasses;
    const QFontMetrics fm = p.fontMetrics();
    const QColor ink = palette().color(QPalette::WindowText);
    const QColor base = palette().color(QPalette::Base);
    for (int t = 0; t < k; ++t) {
        const long n = rowSum(e, t);
        for (int c = 0; c < k; ++c) {
            const QRectF r(g.left + c * g.cell, g.top + t * g.cell, g.cell, g.cell);
            const double share = n ? double(e.cell(t, c)) / double(n) : 0.0;
            const QColor fill = ClassPalette::tint(t == c ? kDiagonal : kConfused,
                                                   share > 0 ? 0.08 + 0.92 * share : 0.0, base);
            p.fillRect(r, fill);
            p.setPen(QPen(palette().color(QPalette::Mid), 1));
            p.drawRect(r);
            p.setPen(inkOn(fill, ink));
            if (fm.horizontalAdvance(QString::number(e.cell(t, c))) < g.cell - 2)
                p.drawText(r, Qt::AlignCenter, QString::number(e.cell(t, c)));
        }
        p.setPen(ink);
        p.drawText(QRectF(kPad, g.top + t * g.cell, g.left - kPad - 8, g.cell),
                   Qt::AlignRight | Qt::AlignVCenter, className(t));
    }
    for (int c = 0; c < k; ++c) {  // predicted-class names, slanted up to the right
        p.save();
        p.translate(g.left + (c + 0.5) * g.cell, g.top - 6);
        p.rotate(-45);
        p.drawText(QPointF(0, fm.descent()), className(c));
        p.restore();
    }
    QFont italic = p.font();
    italic.setItalic(true);
    p.save();
    p.setFont(italic);
    p.drawText(QPointF(g.left, kPad + 2 * fm.height() + 4 + fm.ascent()), "predicted class →");
    p.translate(kPad + fm.ascent(), g.top + k * g.cell / 2);
    p.rotate(-90);
    p.drawText(QRectF(-k * g.cell / 2, -fm.ascent(), k * g.cell, fm.height()), Qt::AlignCenter,
               "true class →");
    p.restore();
}

void ConfusionView::paintBars(QPainter& p, const Geometry& g) const {
    const ImageEvalView& e = *eval();
    const QFontMetrics fm = p.fontMetrics();
    QFont bold = p.font();
    bold.setBold(true);
    p.save();
    p.setFont(bold);
    p.drawText(QPointF(g.barX, kPad + 2 * fm.height() + 4 + fm.ascent()), "accuracy per class");
    p.restore();
    const QColor track = palette().color(QPalette::Midlight);
    for (int t = 0; t < e.numClasses; ++t) {
        const double acc = classAccuracy(t);
        const double h = std::min(g.cell * 0.6, fm.height() * 1.2);
        const QRectF bar(g.barX, g.top + (t + 0.5) * g.cell - h / 2, g.barW, h);
        p.fillRect(bar, track);
        p.fillRect(QRectF(bar.topLeft(), QSizeF(bar.width() * acc, h)), kDiagonal);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRectF(bar.right() + 8, g.top + t * g.cell, 3 * kPad + 80, g.cell),
                   Qt::AlignLeft | Qt::AlignVCenter, QString("%1 %").arg(std::lround(100.0 * acc)));
    }
}

}  // namespace dl

#include "ui/canvas/mask_raster_widget.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

#include "ui/plots/plot_frame.h"

namespace dl {
namespace {

QFont sized(QFont f, double factor = 1.0) {
    f.setPointSizeF(std::max(10.0, f.pointSizeF()) * factor);  // readable when projected
    return f;
}

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + " %";
}

}  // namespace

MaskRasterWidget::MaskRasterWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumHeight(110);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MaskRasterWidget::setRaster(MaskRaster raster) {
    raster_ = std::move(raster);
    // One-unit rasters (a single input feature) stay a slim strip; wide state rasters grow.
    setMinimumHeight(raster_.units() <= 2 ? 110 : 170);
    update();
}

QRectF MaskRasterWidget::headerRect() const {
    const QFontMetricsF fm(sized(font(), 1.05));
    return QRectF(6, 4, width() - 12, fm.height() + 4);
}

QRectF MaskRasterWidget::plotRect() const {
    const QFontMetricsF fm(sized(font()));
    const double left = fm.height() + fm.horizontalAdvance("0000") + 14;
    return QRectF(rect()).adjusted(left, headerRect().bottom() + 6, -10, -(2 * fm.height() + 10));
}

// Ticks sit at cell centres: timestep t spans [t, t + 1) across, unit u [u, u + 1) upwards.
void MaskRasterWidget::drawAxes(QPainter& p, const QRectF& r) const {
    const QFontMetricsF fm(p.font());
    const QColor ink = palette().color(QPalette::WindowText);
    p.setPen(QPen(ink, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    const int T = std::max(1, raster_.timesteps()), H = std::max(1, raster_.units());
    const double cw = r.width() / T, ch = r.height() / H;
    const int xStep = std::max(1, int(niceStep(T, std::clamp(int(r.width() / 70), 2, 10))));
    for (int t = 0; t < T; t += xStep) {
        const double x = r.left() + (t + 0.5) * cw;
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 4));
        p.drawText(QRectF(x - 30, r.bottom() + 5, 60, fm.height()), Qt::AlignHCenter,
                   QString::number(t));
    }
    const int yStep =
        std::max(1, int(niceStep(H, std::clamp(int(r.height() / (2.2 * fm.height())), 1, 8))));
    for (int u = 0; u < H; u += yStep) {
        const double y = r.bottom() - (u + 0.5) * ch;
        p.drawLine(QPointF(r.left() - 4, y), QPointF(r.left(), y));
        p.drawText(QRectF(r.left() - 60, y - fm.height() / 2, 54, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(u));
    }
    p.drawText(QRectF(r.left(), r.bottom() + 5 + fm.height(), r.width(), fm.height() + 2),
               Qt::AlignHCenter, "timestep");
    p.save();
    p.translate(r.left() - fm.horizontalAdvance("0000") - 10 - fm.height() / 2, r.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2 - 40, -fm.height() / 2, r.height() + 80, fm.height()),
               Qt::AlignCenter, "unit");
    p.restore();
}

QColor MaskRasterWidget::cellColor(float m) const {
    if (m == 0.0f) return raster_.isZoneout() ? heldColor() : droppedColor();
    if (raster_.variant() != "gaussian") return keptColor();
    // Gaussian multipliers: darker the further from 1.
    const int shade = std::clamp(int(228 - 120 * std::abs(m - 1.0f)), 90, 228);
    return QColor(shade, shade, shade);
}

QImage MaskRasterWidget::cells() const {
    // One pixel per cell, unit 0 at the bottom row; drawn scaled without smoothing (crisp cells).
    const int H = raster_.units();
    QImage img(raster_.timesteps(), H, QImage::Format_RGB32);
    for (int u = 0; u < H; ++u)
        for (int t = 0; t < raster_.timesteps(); ++t)
            img.setPixelColor(t, H - 1 - u, cellColor(raster_.multiplier(t, u)));
    return img;
}

void MaskRasterWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor ink = palette().color(QPalette::WindowText);
    const QRectF head = headerRect();
    QFont bold = sized(font(), 1.05);
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(ink);
    const QString id = QString::fromStdString(raster_.siteId());
    p.drawText(head, Qt::AlignLeft | Qt::AlignVCenter, id);
    const double idWidth = QFontMetricsF(bold).horizontalAdvance(id);
    p.setFont(sized(font()));
    const QString what = raster_.isZoneout() ? "held" : "dropped";
    const QString detail = QString("%1 · rate %2 · %3 %4")
                               .arg(QString::fromStdString(raster_.variant()))
                               .arg(raster_.rate(), 0, 'f', 2)
                               .arg(percent(raster_.zeroFraction()), what);
    p.drawText(head.adjusted(idWidth + 12, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, detail);
    const QRectF r = plotRect();
    if (r.width() < 8 || r.height() < 8) return;
    if (raster_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap,
                   "No mask yet: press Step or Play to train on a batch.");
        return;
    }
    p.drawImage(r, cells());
    drawAxes(p, r);
}

QString MaskRasterWidget::cellText(const QPointF& pos) const {
    const QRectF r = plotRect();
    if (raster_.empty() || !r.contains(pos)) return {};
    const int T = raster_.timesteps(), H = raster_.units();
    const int t = std::clamp(int((pos.x() - r.left()) / r.width() * T), 0, T - 1);
    const int u = std::clamp(int((r.bottom() - pos.y()) / r.height() * H), 0, H - 1);
    const float m = raster_.multiplier(t, u);
    QString state;
    if (raster_.isZoneout())
        state = m == 0.0f ? "held its previous state" : "updated";
    else
        state = m == 0.0f ? "dropped" : "kept";
    return QString("%1 · timestep %2 · unit %3\nmultiplier ×%4 (%5)")
        .arg(QString::fromStdString(raster_.siteId()))
        .arg(t)
        .arg(u)
        .arg(double(m), 0, 'g', 4)
        .arg(state);
}

bool MaskRasterWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString text = cellText(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

}  // namespace dl

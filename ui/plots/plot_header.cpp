#include "ui/plots/plot_header.h"

#include <QPainter>
#include <QWidget>

#include <algorithm>

namespace dl {

QFont PlotHeader::font(const QWidget& w, double factor) {
    QFont f = w.font();
    const double base = std::max(10.0, f.pointSizeF());
    f.setPointSizeF(std::clamp(w.height() / 44.0, base, 13.0) * factor);
    return f;
}

double PlotHeader::paint(QPainter& p, const QWidget& w, const QString& title,
                         const QString& subtitle) {
    const double pad = 8;
    QFont bold = font(w, 1.1);
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(w.palette().color(QPalette::WindowText));
    const double th = p.fontMetrics().height();
    const QString shown =
        p.fontMetrics().elidedText(title, Qt::ElideRight, int(w.width() - 2 * pad));
    p.drawText(QRectF(pad, pad, w.width() - 2 * pad, th), Qt::AlignLeft | Qt::AlignVCenter, shown);
    const double tw = p.fontMetrics().horizontalAdvance(shown);
    p.setFont(font(w));
    if (!subtitle.isEmpty() && pad + tw + 12 < w.width()) {
        p.setPen(w.palette().color(QPalette::PlaceholderText));
        const QString sub = p.fontMetrics().elidedText(subtitle, Qt::ElideRight,
                                                       int(w.width() - tw - 2 * pad - 12));
        p.drawText(QRectF(pad + tw + 12, pad, w.width() - tw - 2 * pad - 12, th),
                   Qt::AlignLeft | Qt::AlignVCenter, sub);
        p.setPen(w.palette().color(QPalette::WindowText));
    }
    return pad + th + 4;
}

}  // namespace dl

#include "ui/plots/uncertainty_bands.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "ui/plots/class_palette.h"
#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_markers.h"

namespace dl {
namespace {

const QColor kBand = ClassPalette::color(0);             // blue: mean and bands
const QColor kFunction = QColor(0x88, 0x44, 0xAA, 150);  // purple: single masks
const QColor kGapShade = QColor(0xE6, 0x9F, 0x00, 28);   // faint orange: no training data

bool usable(const UncertaintyView* u) {
    return u && u->samples > 0 && u->x.rows() > 1 && u->mean.rows() == u->x.rows() &&
           u->std.rows() == u->x.rows();
}

// Vertical extent: the data's targets with a margin, widened a little for the bands so the
// interesting part (the band in the gap) stays in view without a wild pass squashing the plot.
std::pair<double, double> yRange(const TrainingSnapshot& s, const UncertaintyView& u) {
    double lo = 1e300, hi = -1e300;
    for (const Dataset* d : {&s.data->train, &s.data->val})
        for (int i = 0; d->y.cols() > 0 && i < d->size(); ++i) {
            lo = std::min(lo, double(d->y(i, 0)));
            hi = std::max(hi, double(d->y(i, 0)));
        }
    if (lo > hi) lo = -1, hi = 1;
    const double span = std::max(1e-3, hi - lo);
    double bandLo = lo, bandHi = hi;
    for (Eigen::Index i = 0; i < u.x.rows(); ++i) {
        bandLo = std::min(bandLo, double(u.mean(i, 0) - 2 * u.std(i, 0)));
        bandHi = std::max(bandHi, double(u.mean(i, 0) + 2 * u.std(i, 0)));
    }
    return {std::max(bandLo, lo - 0.6 * span) - 0.05 * span,
            std::min(bandHi, hi + 0.6 * span) + 0.05 * span};
}

}  // namespace

GapSpread gapSpread(const UncertaintyView& u, const Dataset& train) {
    GapSpread g;
    if (!usable(&u) || train.size() < 3 || train.x.cols() != 1) return g;
    std::vector<float> xs(train.x.data(), train.x.data() + train.size());
    std::sort(xs.begin(), xs.end());
    double widest = 0;
    for (size_t i = 1; i < xs.size(); ++i)
        if (xs[i] - xs[i - 1] > widest) {
            widest = xs[i] - xs[i - 1];
            g.lo = xs[i - 1];
            g.hi = xs[i];
        }
    g.hasGap = widest > 0.15 * (xs.back() - xs.front());
    if (!g.hasGap) return g;
    double in = 0, out = 0;
    int nIn = 0, nOut = 0;
    for (Eigen::Index i = 0; i < u.x.rows(); ++i) {
        const double x = u.x(i, 0), s = u.std(i, 0);
        if (x > g.lo && x < g.hi) {
            in += s;
            ++nIn;
        } else if (x >= xs.front() && x <= xs.back()) {
            out += s;
            ++nOut;
        }
    }
    g.inside = nIn ? in / nIn : 0;
    g.outside = nOut ? out / nOut : 0;
    return g;
}

UncertaintyBands::UncertaintyBands(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setToolTip(
        "MC dropout: T forward passes with dropout left on, each a different thinned network.\n"
        "Dark band: mean ± 1σ of the passes; light band: ± 2σ; thin lines: single passes.\n"
        "Wide bands mean the sampled networks disagree there: no data pinned them down.");
}

void UncertaintyBands::showSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    snap_ = s;
    if (s->uncertainty && s->uncertainty != view_ && usable(s->uncertainty.get())) {
        view_ = s->uncertainty;
        gap_ = s->data ? gapSpread(*view_, s->data->train) : GapSpread{};
    }
    update();
}

bool UncertaintyBands::hasBands() const {
    return usable(view_.get());
}

double UncertaintyBands::stdAt(double x) const {
    if (!hasBands()) return 0;
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < view_->x.rows(); ++i)
        if (std::abs(view_->x(i, 0) - x) < std::abs(view_->x(best, 0) - x)) best = i;
    return view_->std(best, 0);
}

void UncertaintyBands::paintBands(QPainter& p, const PlotFrame& f) const {
    const UncertaintyView& u = *view_;
    const Eigen::Index n = u.x.rows();
    auto band = [&](double k, const QColor& c) {
        QPainterPath path;
        for (Eigen::Index i = 0; i < n; ++i) {
            const QPointF pt = f.map(u.x(i, 0), u.mean(i, 0) + k * u.std(i, 0));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        for (Eigen::Index i = n - 1; i >= 0; --i)
            path.lineTo(f.map(u.x(i, 0), u.mean(i, 0) - k * u.std(i, 0)));
        path.closeSubpath();
        p.fillPath(path, c);
    };
    band(2, ClassPalette::tint(kBand, 0.18));
    band(1, ClassPalette::tint(kBand, 0.38));
    auto line = [&](const Matrix& y, const QPen& pen) {
        QPainterPath path;
        for (Eigen::Index i = 0; i < n; ++i) {
            const QPointF pt = f.map(u.x(i, 0), y(i, 0));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.strokePath(path, pen);
    };
    for (const Matrix& fn : u.functions)
        if (fn.rows() == n) line(fn, QPen(kFunction, 1.2));
    line(u.mean, QPen(kBand.darker(115), 3.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
}

double UncertaintyBands::paintLegend(QPainter& p, double y) {
    using K = PlotMarkers::Kind;
    QList<PlotMarkers::LegendItem> items = {{K::Line, kBand.darker(115), "predictive mean"},
                                            {K::Swatch, ClassPalette::tint(kBand, 0.38), "± 1σ"},
                                            {K::Swatch, ClassPalette::tint(kBand, 0.18), "± 2σ"},
                                            {K::Line, kFunction, "single passes"}};
    if (snap_->data) items += PlotMarkers::splitLegend(*snap_->data);
    if (gap_.hasGap) items.append({K::Swatch, QColor(0xFB, 0xF0, 0xDC), "no training data"});
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    return y + PlotMarkers::drawLegend(p, QPointF(8, y), width() - 16, items, dark) + 6;
}

void UncertaintyBands::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QString sub =
        hasBands() ? QString("T = %1 passes · step %2").arg(view_->samples).arg(view_->step)
                   : QString();
    double top = PlotHeader::paint(p, *this, "MC dropout predictive", sub);
    if (!snap_ || !snap_->data || !hasBands()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(16, int(top), -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                   "Sampling the dropout networks…");
        return;
    }
    top = paintLegend(p, top);
    const QFontMetrics fm = p.fontMetrics();
    const double readout = gap_.hasGap ? fm.height() + 8 : 0;
    const QRectF area(8, top, width() - 16, height() - top - 8 - readout);
    const auto [lo, hi] = yRange(*snap_, *view_);
    const PlotFrame f =
        PlotFrame::fit(area, fm, view_->x(0, 0), view_->x(view_->x.rows() - 1, 0), lo, hi, false);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);  // a light plot area in light and dark themes alike
    p.save();
    p.setClipRect(f.pixels());
    if (gap_.hasGap)
        p.fillRect(QRectF(f.map(gap_.lo, hi), f.map(gap_.hi, lo)).normalized(), kGapShade);
    paintBands(p, f);
    const double r = std::clamp(std::min(f.pixels().width(), f.pixels().height()) / 140, 2.5, 5.0);
    PlotMarkers::drawSplit(p, f, *snap_->data, r);
    p.restore();
    f.drawAxes(p, palette(), "x", "y");
    if (gap_.hasGap) {
        p.setPen(palette().color(QPalette::WindowText));
        const QString text =
            QString(
                "Mean σ in the gap (%1 … %2): %3   ·   where there is training data: %4   "
                "·   ratio %5×")
                .arg(gap_.lo, 0, 'f', 2)
                .arg(gap_.hi, 0, 'f', 2)
                .arg(gap_.inside, 0, 'f', 3)
                .arg(gap_.outside, 0, 'f', 3)
                .arg(gap_.ratio(), 0, 'f', 1);
        p.drawText(QRectF(8, height() - readout - 4, width() - 16, readout),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(text, Qt::ElideRight, width() - 16));
    }
}

}  // namespace dl

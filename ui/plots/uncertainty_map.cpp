#include "ui/plots/uncertainty_map.h"

#include <QLinearGradient>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_header.h"
#include "ui/plots/plot_markers.h"

namespace dl {
namespace {

// ColorBrewer "Purples": no blue or orange, so the class colours of the points stay apart.
constexpr std::array<QRgb, 5> kStops = {0xFCFBFD, 0xDADAEB, 0x9E9AC8, 0x6A51A3, 0x3F007D};

bool usable(const UncertaintyView* u) {
    const Eigen::Index cells = u ? Eigen::Index(u->resolution) * u->resolution : 0;
    return u && u->samples > 0 && cells > 0 && u->entropy.size() == cells &&
           u->mutualInfo.size() == cells && u->winnerStd.size() == cells;
}

// 1, 2 or 5 × 10^k at or above v, so the colour bar's top is a round number.
double roundUp(double v) {
    const double mag = std::pow(10.0, std::floor(std::log10(v)));
    for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (f * mag >= v * (1 - 1e-9)) return f * mag;
    return 10 * mag;
}

}  // namespace

QColor uncertaintyColour(double t) {
    t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
    const int i = std::min(int(t), int(kStops.size()) - 2);
    const double f = t - i;
    const QColor a(kStops[size_t(i)]), b(kStops[size_t(i) + 1]);
    return QColor(int(a.red() + (b.red() - a.red()) * f + 0.5),
                  int(a.green() + (b.green() - a.green()) * f + 0.5),
                  int(a.blue() + (b.blue() - a.blue()) * f + 0.5));
}

QString UncertaintyMap::measureLabel(UncertaintyMeasure m) {
    switch (m) {
        case UncertaintyMeasure::Entropy:
            return "predictive entropy (nats)";
        case UncertaintyMeasure::MutualInfo:
            return "mutual information (nats)";
        case UncertaintyMeasure::WinnerStd:
            return "std of the winning class (probability)";
    }
    return {};
}

QString UncertaintyMap::measureHelp(UncertaintyMeasure m) {
    switch (m) {
        case UncertaintyMeasure::Entropy:
            return "Predictive entropy H[mean p]: the total uncertainty, high near the boundary "
                   "(noisy data) and where the sampled networks disagree.";
        case UncertaintyMeasure::MutualInfo:
            return "Mutual information H[mean p] − mean H[p_t]: the model (epistemic) part only, "
                   "high where the sampled networks disagree with each other.";
        case UncertaintyMeasure::WinnerStd:
            return "Standard deviation over the T passes of the probability of the class the "
                   "MC mean picks: how much that vote moves from one sampled network to another.";
    }
    return {};
}

UncertaintyMap::UncertaintyMap(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setToolTip(measureHelp(measure_));
}

const Eigen::VectorXf* UncertaintyMap::values() const {
    if (!usable(view_.get())) return nullptr;
    switch (measure_) {
        case UncertaintyMeasure::Entropy:
            return &view_->entropy;
        case UncertaintyMeasure::MutualInfo:
            return &view_->mutualInfo;
        case UncertaintyMeasure::WinnerStd:
            return &view_->winnerStd;
    }
    return nullptr;
}

void UncertaintyMap::setMeasure(UncertaintyMeasure m) {
    if (m == measure_) return;
    measure_ = m;
    setToolTip(measureHelp(m));
    rebuild();
    update();
}

void UncertaintyMap::showSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    snap_ = s;
    if (s->uncertainty && s->uncertainty != view_ && usable(s->uncertainty.get())) {
        view_ = s->uncertainty;
        rebuild();
    }
    update();
}

void UncertaintyMap::rebuild() {
    const Eigen::VectorXf* v = values();
    if (!v) {
        image_ = QImage();
        return;
    }
    // Entropy has a natural top, ln K (all classes equally likely); MI and the std are usually
    // far below theirs, so they are scaled to the largest value on the map (a round number).
    const int classes = std::max(2, int(view_->mean.cols()));
    scaleMax_ = measure_ == UncertaintyMeasure::Entropy
                    ? std::log(double(classes))
                    : roundUp(std::max(1e-3, double(v->maxCoeff())));
    const int res = view_->resolution;
    image_ = QImage(res, res, QImage::Format_RGB32);
    for (int r = 0; r < res; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image_.scanLine(res - 1 - r));
        for (int c = 0; c < res; ++c)
            line[c] = uncertaintyColour((*v)(Eigen::Index(r) * res + c) / scaleMax_).rgb();
    }
}

void UncertaintyMap::paintColourBar(QPainter& p, const QRectF& bar) const {
    QLinearGradient g(bar.bottomLeft(), bar.topLeft());
    for (int i = 0; i <= 10; ++i) g.setColorAt(i / 10.0, uncertaintyColour(i / 10.0));
    p.fillRect(bar, g);
    const QColor ink = palette().color(QPalette::WindowText);
    p.setPen(QPen(ink, 1));
    p.drawRect(bar);
    const QFontMetrics fm = p.fontMetrics();
    for (double v : niceTicks(0, scaleMax_, 5)) {
        const double y = bar.bottom() - v / scaleMax_ * bar.height();
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p.drawText(QRectF(bar.right() + 6, y - fm.height() / 2.0, 80, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::number(v, 'g', 3));
    }
    p.save();  // the measure's name and unit, rotated along the bar
    p.translate(bar.right() + 12 + fm.horizontalAdvance("0.000"), bar.center().y());
    p.rotate(90);
    p.drawText(QRectF(-bar.height() / 2, -fm.height(), bar.height(), fm.height()), Qt::AlignCenter,
               fm.elidedText(measureLabel(measure_), Qt::ElideRight, int(bar.height())));
    p.restore();
}

void UncertaintyMap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QString title = measure_ == UncertaintyMeasure::Entropy      ? "Predictive entropy"
                          : measure_ == UncertaintyMeasure::MutualInfo ? "Mutual information"
                                                                       : "Winning-class std";
    const QString sub = usable(view_.get())
                            ? QString("MC, T = %1 · step %2").arg(view_->samples).arg(view_->step)
                            : QString();
    double top = PlotHeader::paint(p, *this, title, sub);
    if (!snap_ || !snap_->data || image_.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(16, int(top), -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                   "Sampling the dropout networks…");
        return;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    top += PlotMarkers::drawLegend(p, QPointF(8, top), width() - 16,
                                   PlotMarkers::splitLegend(*snap_->data), dark) +
           6;
    const QFontMetrics fm = p.fontMetrics();
    const double barRoom = 24 + fm.horizontalAdvance("0.000") + 2 * fm.height();
    const QRectF area(8, top, width() - 16 - barRoom, height() - top - 8);
    const OutputView& o = snap_->output;
    const PlotFrame f = PlotFrame::fit(area, fm, o.xMin, o.xMax, o.yMin, o.yMax, true);
    if (!f.isValid()) return;
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(f.pixels(), image_);
    p.setClipRect(f.pixels());
    const double r = std::clamp(std::min(f.pixels().width(), f.pixels().height()) / 130, 2.5, 6.0);
    PlotMarkers::drawSplit(p, f, *snap_->data, r);
    p.restore();
    f.drawAxes(p, palette(), "x₁", "x₂");
    paintColourBar(p, QRectF(f.pixels().right() + 14, f.pixels().top(), 16, f.pixels().height()));
}

}  // namespace dl

#include "ui/panels/data_preview.h"

#include <QPainter>

#include <algorithm>

#include "ui/plots/plot_frame.h"
#include "ui/plots/plot_markers.h"
#include "ui/worker/snapshot_builder.h"

namespace dl {
namespace {

// Bounds of the points drawn: features 0/1 for 2-D, feature 0 against target 0 for 1-D.
OutputView previewBounds(const DataSplit& d) {
    OutputView v;
    dataBounds(d.train, v);
    if (d.train.x.cols() == 1 && d.train.y.cols() > 0 && d.train.size() > 0) {
        const double lo = d.train.y.col(0).minCoeff(), hi = d.train.y.col(0).maxCoeff();
        const double m = 0.15 * std::max(1e-3, hi - lo);
        v.yMin = lo - m;
        v.yMax = hi + m;
    }
    return v;
}

}  // namespace

DataPreview::DataPreview(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    QFont f = font();
    f.setPointSizeF(std::max(10.0, f.pointSizeF()));
    setFont(f);
}

void DataPreview::setData(std::shared_ptr<const DataSplit> data) {
    data_ = std::move(data);
    update();
}

bool DataPreview::isDrawable() const {
    if (!data_ || data_->train.size() == 0) return false;
    const auto& t = data_->train;
    const bool twoD = t.x.cols() == 2 && t.isClassification();
    const bool oneD = t.x.cols() == 1 && !t.isClassification() && t.y.cols() > 0;
    return twoD || oneD;
}

QString DataPreview::caption() const {
    if (!data_) return "No data set yet";
    const QString name = QString::fromStdString(data_->train.name);
    return QString("%1%2 train · %3 validation")
        .arg(name.isEmpty() ? QString() : name + ": ")
        .arg(data_->train.size())
        .arg(data_->val.size());
}

void DataPreview::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(palette().color(QPalette::WindowText));
    const double pad = 6, h = p.fontMetrics().height();
    p.drawText(QRectF(pad, pad, width() - 2 * pad, h), Qt::AlignLeft | Qt::AlignVCenter, caption());
    double top = pad + h + 4;
    if (!isDrawable()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(8, int(top), -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   data_ ? "No preview: the scatter shows 2-D classification and 1-D regression."
                         : "Choose a data set and press Regenerate.");
        return;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    top += PlotMarkers::drawLegend(p, QPointF(pad, top), width() - 2 * pad,
                                   PlotMarkers::splitLegend(*data_), dark) +
           4;
    const OutputView b = previewBounds(*data_);
    const bool twoD = data_->train.x.cols() == 2;
    const PlotFrame f = PlotFrame::fit(QRectF(pad, top, width() - 2 * pad, height() - top - pad),
                                       p.fontMetrics(), b.xMin, b.xMax, b.yMin, b.yMax, twoD);
    if (!f.isValid()) return;
    p.fillRect(f.pixels(), Qt::white);
    const double r = std::clamp(std::min(f.pixels().width(), f.pixels().height()) / 90, 2.5, 5.0);
    PlotMarkers::drawSplit(p, f, *data_, r);
    f.drawAxes(p, palette(), twoD ? "x₁" : "x", twoD ? "x₂" : "y");
}

}  // namespace dl

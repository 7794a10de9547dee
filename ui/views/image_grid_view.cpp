#include "ui/views/image_grid_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QResizeEvent>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/canvas/image_tiles.h"
#include "ui/plots/class_palette.h"
#include "ui/shell/app_theme.h"
#include "ui/worker/image_extras.h"
#include "ui/worker/training_controller.h"

namespace dl {

/// Paints the grid; cells are laid out to make the images as large as the tab allows.
class ImageGridCanvas : public QWidget {
  public:
    std::vector<GridCell> cells;
    SnapshotPtr snap;

    ImageGridCanvas() { setMinimumWidth(240); }
    /// Lays the cells out again for this width and `fitHeight` (the visible height).
    void relayout(int fitHeight);

  protected:
    void paintEvent(QPaintEvent*) override;
    bool event(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override {
        QWidget::resizeEvent(e);
        if (e->oldSize().width() != width()) relayout(fitHeight_);
    }

  private:
    struct Geometry {
        int cols = 1;
        double cellW = 0, cellH = 0, side = 0, textH = 0;
    };
    Geometry geometry() const { return geom_; }
    Geometry layoutFor(int fitHeight) const;
    Geometry geom_;
    int fitHeight_ = 400;
    QRectF imageRect(const Geometry& g, int i) const;
    void paintCell(QPainter& p, const Geometry& g, int i) const;
};

namespace {

constexpr double kPad = 8;
constexpr double kMinSide = 44;  // smallest image side before the grid scrolls

QColor wrongText() {
    return darkTheme() ? QColor(0xFF, 0x7A, 0x7A) : kMarkRed.darker(115);
}

}  // namespace

// The largest images that fit the visible height, in cells wide enough for their labels;
// below kMinSide the grid scrolls instead.
ImageGridCanvas::Geometry ImageGridCanvas::layoutFor(int fitHeight) const {
    Geometry g;
    const QFontMetrics fm(sizedFont(font(), font().pointSizeF()));
    g.textH = 2 * fm.height() + 4;
    double textW = 0;
    if (snap && snap->data)
        for (int k = 0; k < snap->data->val.numClasses; ++k)
            textW = std::max(
                textW,
                fm.horizontalAdvance(ClassPalette::className(snap->data->val, k) + " 100 %") + 6.0);
    const double minCell = std::max(std::min(textW, 150.0), kMinSide + 2 * kPad);
    const int n = std::max(1, int(cells.size()));
    for (int cols = 1; cols <= n; ++cols) {
        const double cw = (width() - kPad) / double(cols);
        if (cols > 1 && cw < minCell) break;
        const int rows = (n + cols - 1) / cols;
        const double ch = (fitHeight - kPad) / double(rows);
        const double side = std::min(cw - 2 * kPad, ch - g.textH - 2 * kPad);
        if (cols == 1 || side > g.side) g = {cols, cw, 0, side, g.textH};
    }
    g.side = std::clamp(g.side, kMinSide, 160.0);
    g.cellH = g.side + g.textH + 2 * kPad;
    return g;
}

void ImageGridCanvas::relayout(int fitHeight) {
    fitHeight_ = fitHeight;
    geom_ = layoutFor(fitHeight);
    const int rows = (int(cells.size()) + geom_.cols - 1) / geom_.cols;
    setMinimumHeight(int(rows * geom_.cellH + kPad));
    update();
}

QRectF ImageGridCanvas::imageRect(const Geometry& g, int i) const {
    const int r = i / g.cols, c = i % g.cols;
    const double x = kPad / 2 + c * g.cellW + (g.cellW - g.side) / 2;
    const double y = kPad / 2 + r * g.cellH + kPad;
    return {x, y, g.side, g.side};
}

void ImageGridCanvas::paintCell(QPainter& p, const Geometry& g, int i) const {
    const GridCell& cell = cells[size_t(i)];
    const Dataset& val = snap->data->val;
    const QRectF r = imageRect(g, i);
    drawPixels(p, sampleImage(val.x.row(cell.row).data(), val.sampleShape), r);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(cell.right() ? kMarkGreen : kMarkRed, cell.right() ? 2.5 : 4.0));
    p.drawRect(r.adjusted(-1.5, -1.5, 1.5, 1.5));
    drawVerdictBadge(p, r.topRight() + QPointF(-2, 2), std::max(7.0, g.side * 0.12), cell.right());
    const QRectF text(r.center().x() - g.cellW / 2 + 2, r.bottom() + 4, g.cellW - 4, g.textH);
    const QFontMetrics fm(p.font());
    const QString pred = QString("%1 %2 %")
                             .arg(ClassPalette::className(val, cell.predicted))
                             .arg(std::lround(100.0 * cell.confidence));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRectF(text.left(), text.top(), text.width(), fm.height()), Qt::AlignHCenter,
               fm.elidedText(pred, Qt::ElideMiddle, int(text.width())));
    if (cell.right()) return;
    p.setPen(wrongText());
    const QString truth = "true: " + ClassPalette::className(val, cell.truth);
    p.drawText(QRectF(text.left(), text.top() + fm.height(), text.width(), fm.height()),
               Qt::AlignHCenter, fm.elidedText(truth, Qt::ElideMiddle, int(text.width())));
}

void ImageGridCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    p.setFont(sizedFont(font(), font().pointSizeF()));
    if (!snap || !snap->data || cells.empty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter,
                   snap && snap->imageEval ? "No mistakes among the evaluated images."
                                           : "Predicting the validation images…");
        return;
    }
    const Geometry g = geometry();
    for (int i = 0; i < int(cells.size()); ++i) paintCell(p, g, i);
}

bool ImageGridCanvas::event(QEvent* e) {
    if (e->type() != QEvent::ToolTip || !snap || !snap->data) return QWidget::event(e);
    auto* he = static_cast<QHelpEvent*>(e);
    const Geometry g = geometry();
    for (int i = 0; i < int(cells.size()); ++i)
        if (imageRect(g, i).contains(he->pos())) {
            const GridCell& c = cells[size_t(i)];
            const Dataset& val = snap->data->val;
            QToolTip::showText(he->globalPos(),
                               QString("Validation image %1\ntrue class: %2\npredicted: %3 "
                                       "(probability %4 %)")
                                   .arg(c.row + 1)
                                   .arg(ClassPalette::className(val, c.truth))
                                   .arg(ClassPalette::className(val, c.predicted))
                                   .arg(100.0 * c.confidence, 0, 'f', 1),
                               this);
            return true;
        }
    QToolTip::hideText();
    return true;
}

ImageGridView::ImageGridView(QWidget* parent) : SnapshotView(parent) {
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setFont(sizedFont(font(), font().pointSizeF()));
    mistakesOnly_ = new QCheckBox("Mistakes only");
    mistakesOnly_->setToolTip("Show only the validation images the model gets wrong");
    connect(mistakesOnly_, &QCheckBox::toggled, this, [this] { rebuildCells(); });
    canvas_ = new ImageGridCanvas;
    scroll_ = new QScrollArea;
    scroll_->setWidget(canvas_);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(mistakesOnly_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll_, 1);
}

void ImageGridView::resizeEvent(QResizeEvent* e) {
    SnapshotView::resizeEvent(e);
    canvas_->relayout(scroll_->viewport()->height());
}

bool ImageGridView::appliesTo(const ExperimentConfig& c) const {
    return isImageExperiment(c);
}

void ImageGridView::setActive(bool on) {
    if (controllerA_) controllerA_->setImageExtras(on, false, 0);
}

bool ImageGridView::readyForScreenshot() const {
    return snap_ && snap_->imageEval && snap_->imageEval->step == snap_->step;
}

const std::vector<GridCell>& ImageGridView::cells() const {
    return canvas_->cells;
}

int ImageGridView::wrongMarks() const {
    return int(std::count_if(cells().begin(), cells().end(),
                             [](const GridCell& c) { return !c.right(); }));
}

void ImageGridView::setMistakesOnly(bool on) {
    mistakesOnly_->setChecked(on);
}

void ImageGridView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr&) {
    if (!a || a == snap_) return;
    // Keep the last predictions on screen until new ones arrive.
    if (!a->imageEval && snap_ && snap_->imageEval && snap_->data == a->data) return;
    snap_ = a;
    rebuildCells();
}

void ImageGridView::rebuildCells() {
    auto& cells = canvas_->cells;
    cells.clear();
    canvas_->snap = snap_;
    const ImageEvalView* e = snap_ ? snap_->imageEval.get() : nullptr;
    if (!e || !snap_->data) {
        summary_->setText("Predictions on the validation images appear here.");
        canvas_->relayout(scroll_->viewport()->height());
        return;
    }
    const bool mistakes = mistakesOnly_->isChecked();
    for (int i = 0; i < e->evaluated() && int(cells.size()) < kCells; ++i) {
        GridCell c{e->rows[size_t(i)], e->truth[size_t(i)], e->predicted[size_t(i)],
                   e->confidence[size_t(i)]};
        if (!mistakes || !c.right()) cells.push_back(c);
    }
    canvas_->relayout(scroll_->viewport()->height());
    const int wrong = wrongMarks();
    const QString which =
        mistakes ? QString("The first %1 mistakes among %2 validation images")
                       .arg(cells.size())
                       .arg(e->evaluated())
                 : QString(
                       "Validation images 1–%1: <b>%2 right</b>, <b style='color:%3'>%4 "
                       "wrong</b> (✕, true class below)")
                       .arg(cells.size())
                       .arg(int(cells.size()) - wrong)
                       .arg(wrongText().name())
                       .arg(wrong);
    summary_->setText(QString("%1 &nbsp;·&nbsp; accuracy on %2 of %3 validation images: "
                              "<b>%4 %</b> &nbsp;·&nbsp; step %5")
                          .arg(which)
                          .arg(e->evaluated())
                          .arg(e->splitSize)
                          .arg(100.0 * e->accuracy(), 0, 'f', 1)
                          .arg(e->step));
}

}  // namespace dl

#include "ui/views/mask_raster_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/config/ab_pair.h"
#include "ui/canvas/mask_raster_widget.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

QString swatch(const QColor& c, const QString& text) {
    return QString("<span style='color:%1'>&#9632;</span>&nbsp;%2").arg(c.name(), text);
}

QLabel* boldLabel() {
    auto* l = new QLabel;
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(std::max(10.0, f.pointSizeF()) * 1.1);
    l->setFont(f);
    return l;
}

int batchRows(const SnapshotPtr& s) {
    int rows = 0;
    if (s)
        for (const auto& m : s->masks)
            if (isSequenceSite(m)) rows = std::max(rows, int(m.mask.rows()));
    return rows;
}

}  // namespace

MaskRasterView::MaskRasterView(QWidget* parent) : SnapshotView(parent) {
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel("Sequence in the batch:"));
    auto* prev = new QToolButton;
    prev->setArrowType(Qt::LeftArrow);
    prev->setToolTip("Previous sequence of the batch");
    sequence_ = new QSpinBox;
    sequence_->setRange(0, 0);
    sequence_->setToolTip("Which sequence of the current training batch to show (0 = first)");
    auto* next = new QToolButton;
    next->setArrowType(Qt::RightArrow);
    next->setToolTip("Next sequence of the batch");
    batchLabel_ = new QLabel;
    top->addWidget(prev);
    top->addWidget(sequence_);
    top->addWidget(next);
    top->addWidget(batchLabel_);
    top->addStretch(1);
    legend_ = new QLabel;
    legend_->setTextFormat(Qt::RichText);
    top->addWidget(legend_);
    auto* hint = new QLabel(
        "Variational masks are drawn once per sequence and reused at every timestep: a dropped "
        "unit is a red stripe along time. Naive masks are drawn anew at every timestep: speckle. "
        "Paused, Step trains on the next batch and shows its masks; hover a cell for its value.");
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* cols = new QHBoxLayout;
    for (Column& c : columns_) {
        c.box = new QWidget;
        c.layout = new QVBoxLayout(c.box);
        c.layout->setContentsMargins(0, 0, 0, 0);
        c.title = boldLabel();
        c.layout->addWidget(c.title);
        c.none = new QLabel(
            "This network has no dropout site on its sequences: give the LSTM or GRU layer an "
            "input or recurrent dropout (Network panel) to see its masks here.");
        c.none->setWordWrap(true);
        c.none->setAlignment(Qt::AlignCenter);
        c.none->hide();
        c.layout->addWidget(c.none, 1);
        cols->addWidget(c.box, 1);
    }
    columns_[1].box->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hint);
    layout->addLayout(cols, 1);
    connect(prev, &QToolButton::clicked, this, [this] { setSequence(sequence() - 1); });
    connect(next, &QToolButton::clicked, this, [this] { setSequence(sequence() + 1); });
    connect(sequence_, &QSpinBox::valueChanged, this, [this] { redraw(); });
}

bool MaskRasterView::appliesTo(const ExperimentConfig& c) const {
    return isRecurrent(c);
}

void MaskRasterView::setExperiment(const ExperimentConfig& c, TrainingController* a,
                                   TrainingController* b) {
    SnapshotView::setExperiment(c, a, b);
    const QString name = QString::fromStdString(c.name);
    columns_[0].title->setText(b ? "A: " + name : name);
    if (b) columns_[1].title->setText("B: " + QString::fromStdString(b->config().name));
    columns_[1].box->setVisible(b != nullptr);
    a_.reset();
    b_.reset();
}

int MaskRasterView::sequence() const {
    return sequence_->value();
}

void MaskRasterView::setSequence(int row) {
    sequence_->setValue(row);  // clamped to the batch by the spin box
}

int MaskRasterView::rasterCount(int side) const {
    return int(columns_[side].rasters.size());
}

const MaskRaster& MaskRasterView::raster(int side, int i) const {
    return columns_[side].rasters[i]->raster();
}

void MaskRasterView::showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) {
    a_ = a;
    b_ = b;
    const int rows = std::max(batchRows(a), batchRows(b));
    sequence_->setMaximum(std::max(0, rows - 1));
    batchLabel_->setText(rows ? QString("of %1 · masks of training step %2").arg(rows).arg(a->step)
                              : QString("no training step yet"));
    redraw();
}

void MaskRasterView::redraw() {
    fill(columns_[0], a_);
    fill(columns_[1], b_);
    bool zoneout = false;
    for (const Column& c : columns_)
        for (const auto* w : c.rasters) zoneout |= w->raster().isZoneout();
    QString text = swatch(MaskRasterWidget::keptColor().darker(115), "kept") +
                   "&nbsp;&nbsp;&nbsp;" + swatch(MaskRasterWidget::droppedColor(), "dropped");
    if (zoneout)
        text += "&nbsp;&nbsp;&nbsp;" +
                swatch(MaskRasterWidget::heldColor(), "held its state (zoneout)");
    legend_->setText(text);
}

void MaskRasterView::fill(Column& c, const SnapshotPtr& s) {
    const std::vector<MaskRaster> rasters =
        s ? sequenceRasters(*s, sequence()) : std::vector<MaskRaster>{};
    while (c.rasters.size() > rasters.size()) {
        delete c.rasters.back();
        c.rasters.pop_back();
    }
    while (c.rasters.size() < rasters.size()) {
        c.rasters.push_back(new MaskRasterWidget);
        c.layout->addWidget(c.rasters.back());
    }
    c.none->setVisible(s && rasters.empty());
    for (std::size_t i = 0; i < rasters.size(); ++i) {
        // Wide state rasters take the height; a one-feature input strip stays slim.
        c.layout->setStretchFactor(c.rasters[i], std::clamp(rasters[i].units(), 1, 16));
        c.rasters[i]->setRaster(rasters[i]);
    }
}

}  // namespace dl

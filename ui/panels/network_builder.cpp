#include "ui/panels/network_builder.h"

#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/panels/dropout_editor.h"
#include "ui/panels/layer_row.h"

namespace dl {

NetworkBuilder::NetworkBuilder(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* inputBox = new QGroupBox("Input", this);
    auto* inputLayout = new QVBoxLayout(inputBox);
    input_ = new DropoutEditor("input", denseVariantNames(), inputBox);
    input_->setToolTip(
        "Dropout on the input features themselves (the 2014 paper used a drop "
        "rate of about 0.2 on inputs).");
    inputLayout->addWidget(input_);
    layout->addWidget(inputBox);
    rowsLayout_ = new QVBoxLayout;
    layout->addLayout(rowsLayout_);
    auto* add = new QToolButton(this);
    add->setText("Add layer");
    add->setPopupMode(QToolButton::MenuButtonPopup);
    add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    add->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    add->setToolTip(
        "Append a hidden layer of 32 ReLU units before the output layer; the "
        "arrow offers convolutional, pooling and recurrent layers.");
    auto* menu = new QMenu(add);
    for (const char* t :
         {"dense", "conv2d", "maxpool2d", "avgpool2d", "globalavgpool", "flatten", "lstm", "gru"})
        menu->addAction(t, this, [this, t] { addLayer(t); });
    add->setMenu(menu);
    layout->addWidget(add);
    outputLabel_ = new QLabel(this);
    outputLabel_->setWordWrap(true);
    layout->addWidget(outputLabel_);
    layout->addStretch(1);
    connect(add, &QToolButton::clicked, this, [this] { addLayer("dense"); });
    connect(input_, &DropoutEditor::structureChanged, this, &NetworkBuilder::architectureChanged);
    connect(input_, &DropoutEditor::rateChanged, this, &NetworkBuilder::rateChanged);
    connect(input_, &DropoutEditor::scheduleRequested, this, &NetworkBuilder::scheduleRequested);
}

void NetworkBuilder::setConfig(const ExperimentConfig& config) {
    for (LayerRow* r : rows_) r->deleteLater();
    rows_.clear();
    input_->setSpec(config.inputDropout);
    input_->setSiteId(config.inputDropout ? QString::fromStdString(config.inputDropout->id)
                                          : "input");
    for (const auto& l : config.layers) appendRow(l);
    relayout();
    outputLabel_->setText(
        "Output layer: linear, one unit per class (or per regression target), "
        "sized from the data set.");
}

LayerRow* NetworkBuilder::makeRow(const LayerSpec& spec) {
    auto* row = new LayerRow(spec, this);
    connect(row, &LayerRow::structureChanged, this, &NetworkBuilder::architectureChanged);
    connect(row, &LayerRow::rateChanged, this, &NetworkBuilder::rateChanged);
    connect(row, &LayerRow::scheduleRequested, this, &NetworkBuilder::scheduleRequested);
    connect(row, &LayerRow::moveRequested, this, &NetworkBuilder::moveLayer);
    connect(row, &LayerRow::removeRequested, this, &NetworkBuilder::removeLayer);
    connect(row, &LayerRow::typeChangeRequested, this, &NetworkBuilder::changeType,
            Qt::QueuedConnection);  // the row may be deleted: not from inside its own signal
    return row;
}

void NetworkBuilder::appendRow(const LayerSpec& spec) {
    rows_.push_back(makeRow(spec));
}

void NetworkBuilder::changeType(LayerRow* row, const QString& type) {
    auto it = std::find(rows_.begin(), rows_.end(), row);
    if (it == rows_.end()) return;
    const std::string t = type.toStdString();
    const LayerSpec spec = row->spec().type == t ? row->spec() : LayerRow::defaultSpec(t);
    *it = makeRow(spec);
    rowsLayout_->removeWidget(row);
    row->deleteLater();
    relayout();
    Q_EMIT architectureChanged();
}

void NetworkBuilder::relayout() {
    for (int i = 0; i < int(rows_.size()); ++i) {
        rowsLayout_->removeWidget(rows_[i]);
        rowsLayout_->addWidget(rows_[i]);
        rows_[i]->setIndex(i, int(rows_.size()));
        rows_[i]->nameSites(QString("layer%1").arg(i + 1));
    }
}

void NetworkBuilder::addLayer(const std::string& type) {
    appendRow(LayerRow::defaultSpec(type));
    relayout();
    Q_EMIT architectureChanged();
}

void NetworkBuilder::moveLayer(LayerRow* row, int delta) {
    auto it = std::find(rows_.begin(), rows_.end(), row);
    if (it == rows_.end()) return;
    const int i = int(it - rows_.begin()), j = i + delta;
    if (j < 0 || j >= int(rows_.size())) return;
    std::swap(rows_[i], rows_[j]);
    relayout();
    Q_EMIT architectureChanged();
}

void NetworkBuilder::removeLayer(LayerRow* row) {
    auto it = std::find(rows_.begin(), rows_.end(), row);
    if (it == rows_.end()) return;
    rows_.erase(it);
    row->deleteLater();
    relayout();
    Q_EMIT architectureChanged();
}

void NetworkBuilder::applyTo(ExperimentConfig& config) const {
    config.inputDropout = input_->spec();
    config.layers.clear();
    for (LayerRow* r : rows_) config.layers.push_back(r->spec());
}

}  // namespace dl

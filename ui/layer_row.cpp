#include "layer_row.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include "dropout_editor.h"

namespace dl {

LayerRow::LayerRow(const LayerSpec& spec, QWidget* parent) : QFrame(parent), base_(spec) {
    setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(this);
    title_ = new QLabel(this);
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    units_ = new QSpinBox(this);
    units_->setRange(1, 4096);
    units_->setValue(spec.units);
    units_->setSuffix(" units");
    units_->setToolTip("Number of units (neurons) in this layer. Changing it rebuilds the network.");
    activation_ = new QComboBox(this);
    activation_->addItems({"relu", "tanh", "sigmoid", "linear"});
    activation_->setCurrentText(QString::fromStdString(spec.activation));
    activation_->setToolTip("Activation applied after the layer's weighted sum.");
    auto makeButton = [this](QStyle::StandardPixmap icon, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    up_ = makeButton(QStyle::SP_ArrowUp, "Move this layer towards the input");
    down_ = makeButton(QStyle::SP_ArrowDown, "Move this layer towards the output");
    remove_ = makeButton(QStyle::SP_DialogDiscardButton, "Remove this layer");
    dropout_ = new DropoutEditor("layer", denseVariantNames(), this);
    dropout_->setSpec(spec.dropout);
    grid->addWidget(title_, 0, 0);
    grid->addWidget(units_, 0, 1);
    grid->addWidget(activation_, 0, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(up_);
    buttons->addWidget(down_);
    buttons->addWidget(remove_);
    grid->addLayout(buttons, 0, 3);
    grid->addWidget(dropout_, 1, 0, 1, 4);
    const bool dense = spec.type == "dense";
    units_->setEnabled(dense);
    activation_->setEnabled(dense);
    connect(units_, &QSpinBox::editingFinished, this, [this] {
        if (units_->value() != base_.units) {
            base_.units = units_->value();
            Q_EMIT structureChanged();
        }
    });
    connect(activation_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT structureChanged(); });
    connect(dropout_, &DropoutEditor::structureChanged, this, &LayerRow::structureChanged);
    connect(dropout_, &DropoutEditor::rateChanged, this, &LayerRow::rateChanged);
    connect(up_, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, -1); });
    connect(down_, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, +1); });
    connect(remove_, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(this); });
}

LayerSpec LayerRow::spec() const {
    LayerSpec s = base_;
    s.units = units_->value();
    s.activation = activation_->currentText().toStdString();
    if (s.activation != base_.activation) s.init = s.activation == "relu" ? "he" : "xavier";
    s.dropout = dropout_->spec();
    return s;
}

void LayerRow::setIndex(int index, int count) {
    title_->setText(QString("Layer %1 · %2").arg(index + 1).arg(QString::fromStdString(base_.type)));
    const QString id = QString("layer%1").arg(index + 1);
    dropout_->setSiteId(id);
    up_->setEnabled(index > 0);
    down_->setEnabled(index + 1 < count);
}

}  // namespace dl

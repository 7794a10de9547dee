#include "ui/panels/layer_row.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include "ui/panels/dropout_editor.h"

namespace dl {
namespace {

struct TypeInfo {
    const char* name;
    const char* tip;
};

const TypeInfo kTypes[] = {
    {"dense", "Fully connected: every unit sees every input."},
    {"conv2d",
     "Convolution over image maps: each filter slides a small kernel over every "
     "position, so neighbouring pixels share weights."},
    {"maxpool2d", "Keeps the largest value of each window: halves the map size with size 2."},
    {"avgpool2d", "Averages each window: halves the map size with size 2."},
    {"globalavgpool", "Averages each channel over the whole map: one value per channel."},
    {"flatten", "Turns channel × height × width maps into one vector for dense layers."},
    {"lstm", "Long short-term memory over a sequence: gates decide what the cell keeps."},
    {"gru", "Gated recurrent unit: a lighter recurrent layer with two gates."},
};

bool isRecurrent(const std::string& t) {
    return t == "lstm" || t == "gru";
}
bool isPool(const std::string& t) {
    return t == "maxpool2d" || t == "avgpool2d";
}

const char* kRecurrentMaskTip =
    "variational: one mask per sequence, reused at every timestep (Gal & Ghahramani 2016); "
    "naive: a new mask at every timestep.";

}  // namespace

LayerSpec LayerRow::defaultSpec(const std::string& type) {
    LayerSpec l;
    l.type = type;
    if (type == "dense") l.units = 32;
    if (type == "conv2d") {
        l.filters = 16;
        l.padding = 1;
    }
    if (isRecurrent(type)) {
        l.units = 32;
        l.init = "uniform";
        l.activation = "tanh";
    }
    return l;
}

LayerRow::LayerRow(const LayerSpec& spec, QWidget* parent) : QFrame(parent), base_(spec) {
    setFrameShape(QFrame::StyledPanel);
    grid_ = new QGridLayout(this);
    title_ = new QLabel(this);
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    type_ = new QComboBox(this);
    for (const TypeInfo& t : kTypes) {
        type_->addItem(t.name);
        type_->setItemData(type_->count() - 1, QString(t.tip), Qt::ToolTipRole);
    }
    type_->setCurrentText(QString::fromStdString(spec.type));
    type_->setToolTip("Layer type. Changing it replaces the layer and rebuilds the network.");
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
    head_ = new QHBoxLayout;
    head_->addWidget(title_);
    head_->addWidget(type_, 1);
    head_->addWidget(up_);
    head_->addWidget(down_);
    head_->addWidget(remove_);
    grid_->addLayout(head_, 0, 0, 1, 4);
    params_ = new QHBoxLayout;
    grid_->addLayout(params_, 1, 0, 1, 4);
    addParameters();
    addSites();
    connect(type_, &QComboBox::currentTextChanged, this,
            [this](const QString& t) { Q_EMIT typeChangeRequested(this, t); });
    connect(up_, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, -1); });
    connect(down_, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, +1); });
    connect(remove_, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(this); });
}

QSpinBox* LayerRow::addNumber(const QString& label, int value, int lo, int hi,
                              const QString& suffix, const QString& tip) {
    auto* box = new QSpinBox(this);
    box->setRange(lo, hi);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setToolTip(tip + " Changing it rebuilds the network.");
    if (!label.isEmpty()) {
        auto* l = new QLabel(label, this);
        l->setToolTip(box->toolTip());
        params_->addWidget(l);
    }
    params_->addWidget(box);
    connect(box, &QSpinBox::editingFinished, this, [this, box, value]() mutable {
        if (box->value() == value) return;
        value = box->value();
        Q_EMIT structureChanged();
    });
    return box;
}

void LayerRow::addActivation() {
    activation_ = new QComboBox(this);
    activation_->addItems({"relu", "tanh", "sigmoid", "linear"});
    activation_->setCurrentText(QString::fromStdString(base_.activation));
    activation_->setToolTip("Activation applied after the layer's weighted sum.");
    head_->insertWidget(2, activation_);  // beside the type: keeps the parameter line short
    connect(activation_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT structureChanged(); });
}

QCheckBox* LayerRow::addCheck(const QString& text, bool on, const QString& tip) {
    auto* box = new QCheckBox(text, this);
    box->setChecked(on);
    box->setToolTip(tip);
    connect(box, &QCheckBox::toggled, this, [this] { Q_EMIT structureChanged(); });
    return box;
}

void LayerRow::addParameters() {
    const std::string& t = base_.type;
    if (t == "dense" || isRecurrent(t))
        units_ = addNumber({}, base_.units, 1, 4096, " units",
                           "Number of units (neurons) in this layer.");
    if (t == "dense") addActivation();
    if (t == "conv2d") {
        filters_ = addNumber({}, base_.filters, 1, 512, " filters", "Output channels.");
        kernel_ = addNumber("kernel", base_.kernel, 1, 15, {}, "Kernel side (kernel × kernel).");
        stride_ = addNumber("stride", base_.stride, 1, 8, {}, "Step between kernel positions.");
        padding_ = addNumber("pad", base_.padding, 0, 7, {}, "Zeros added on each side.");
        addActivation();
    }
    if (isPool(t)) {
        size_ = addNumber("size", base_.size, 1, 8, {}, "Window side (size × size).");
        stride_ = addNumber("stride", base_.stride, 1, 8, {}, "Step between windows.");
    }
    if (isRecurrent(t)) {
        sequences_ = new QCheckBox("all steps", this);
        sequences_->setChecked(base_.recurrent.returnSequences);
        sequences_->setToolTip(
            "Return the state at every timestep (needed before another "
            "recurrent layer) instead of the last one only.");
        // The output site's allowed variants depend on this, so the row is rebuilt.
        connect(sequences_, &QCheckBox::toggled, this,
                [this] { Q_EMIT typeChangeRequested(this, type_->currentText()); });
        untied_ = addCheck("untied", base_.recurrent.inputUntied || base_.recurrent.recurrentUntied,
                           "Gal's untied form: a separate mask for each gate instead of one "
                           "mask shared by all gates.");
        params_->addWidget(sequences_);
        params_->addWidget(untied_);
    }
    if (t == "globalavgpool" || t == "flatten") {
        auto* note = new QLabel("no parameters", this);
        note->setEnabled(false);
        params_->addWidget(note);
    }
    params_->addStretch(1);
}

DropoutEditor* LayerRow::addSite(const std::optional<DropoutSpec>& spec,
                                 const std::vector<std::string>& variants, const QString& label,
                                 const QString& tip) {
    auto* e =
        new DropoutEditor(spec ? QString::fromStdString(spec->id) : QString(), variants, this);
    e->setSpec(spec);
    e->setLabel(label, tip);
    grid_->addWidget(e, nextRow_++, 0, 1, 4);
    connect(e, &DropoutEditor::structureChanged, this, &LayerRow::structureChanged);
    connect(e, &DropoutEditor::rateChanged, this, &LayerRow::rateChanged);
    connect(e, &DropoutEditor::scheduleRequested, this, &LayerRow::scheduleRequested);
    return e;
}

void LayerRow::addSites() {
    const std::string& t = base_.type;
    const QString after =
        "Add a dropout site after this layer. Turning it on or off rebuilds "
        "the network and restarts training.";
    if (t == "dense") dropout_ = addSite(base_.dropout, denseVariantNames(), "Dropout", after);
    if (t == "conv2d")
        dropout_ = addSite(base_.dropout, convVariantNames(), "Dropout",
                           after + " channel drops whole feature maps; block drops squares.");
    if (!isRecurrent(t)) return;
    const RecurrentOptions& r = base_.recurrent;
    input_ = addSite(r.inputDropout, recurrentVariantNames(), "Input",
                     QString("Dropout on the inputs xₜ of every timestep. ") + kRecurrentMaskTip);
    recurrent_ = addSite(
        r.recurrentDropout, recurrentVariantNames(), "Recurrent",
        QString("Dropout on the state hₜ₋₁ where it feeds the gates. ") + kRecurrentMaskTip);
    zoneout_ = addSite(r.zoneout, {"zoneout"}, "Zoneout",
                       "Zoneout: while training each unit keeps its previous state with "
                       "probability = rate; at test time the expectation is used.");
    dropout_ =
        addSite(base_.dropout, r.returnSequences ? sequenceVariantNames() : denseVariantNames(),
                "Output", "Dropout on this layer's output, before the next layer.");
}

void LayerRow::nameSites(const QString& layerBase) {
    static const QRegularExpression automatic("^layer\\d+(-input|-recurrent|-zoneout)?$");
    static const QRegularExpression inner("^(.+)-(input|recurrent|zoneout)$");
    // A recurrent layer whose sites were named in the file ("lstm-input") names its new
    // sites the same way ("lstm-zoneout").
    QString base = layerBase;
    for (DropoutEditor* e : {input_, recurrent_, zoneout_})
        if (e && !automatic.match(e->siteId()).hasMatch())
            if (auto m = inner.match(e->siteId()); m.hasMatch()) base = m.captured(1);
    const std::pair<DropoutEditor*, QString> sites[] = {{dropout_, layerBase},
                                                        {input_, base + "-input"},
                                                        {recurrent_, base + "-recurrent"},
                                                        {zoneout_, base + "-zoneout"}};
    for (const auto& [e, id] : sites)
        if (e && (e->siteId().isEmpty() || automatic.match(e->siteId()).hasMatch()))
            e->setSiteId(id);
}

LayerSpec LayerRow::spec() const {
    LayerSpec s = base_;
    if (units_) s.units = units_->value();
    if (activation_) {
        s.activation = activation_->currentText().toStdString();
        if (s.activation != base_.activation) s.init = s.activation == "relu" ? "he" : "xavier";
    }
    if (filters_) s.filters = filters_->value();
    if (kernel_) s.kernel = kernel_->value();
    if (stride_) s.stride = stride_->value();
    if (padding_) s.padding = padding_->value();
    if (size_) s.size = size_->value();
    s.dropout = dropout_ ? dropout_->spec() : std::nullopt;
    if (input_) {
        RecurrentOptions& r = s.recurrent;
        r.returnSequences = sequences_->isChecked();
        r.inputUntied = r.recurrentUntied = untied_->isChecked();
        r.inputDropout = input_->spec();
        r.recurrentDropout = recurrent_->spec();
        r.zoneout = zoneout_->spec();
    }
    return s;
}

void LayerRow::setIndex(int index, int count) {
    title_->setText(QString("Layer %1").arg(index + 1));
    up_->setEnabled(index > 0);
    down_->setEnabled(index + 1 < count);
}

}  // namespace dl

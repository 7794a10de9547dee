#include "ui/panels/schedule_editor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/plots/schedule_plot.h"

namespace dl {

QString scheduleFormula(const QString& kind) {
    if (kind == "ramp") return "r(t) = start + (target − start) · min(1, t / length)";
    if (kind == "curriculum") return "r(t) = target · (1 − e^(−γ·t))";
    if (kind == "anneal") return "r(t) = floor + (target − floor) · e^(−decay·t)";
    if (kind == "step") return "r(t) = max(floor, target · factor^⌊t / every⌋)";
    if (kind == "cosine")
        return "r(t) = target + (start − target) · (1 + cos(π · min(1, t / length))) / 2";
    if (kind == "adaptive")
        return "every K epochs: val loss up while train loss falls → r += up; "
               "both stalled → r −= down; kept in [min, max]";
    return "r(t) = target";
}

namespace {

// Which parameters each kind reads (JSON names).
QStringList fieldsOf(const QString& kind) {
    if (kind == "ramp" || kind == "cosine") return {"unit", "start", "length"};
    if (kind == "curriculum") return {"unit", "gamma"};
    if (kind == "anneal") return {"unit", "floor", "decay"};
    if (kind == "step") return {"unit", "floor", "every", "factor"};
    if (kind == "adaptive") return {"adapt_every", "up", "down", "min", "max", "tolerance"};
    return {};
}

QString kindTip(const QString& kind) {
    static const std::map<QString, QString> what = {
        {"constant", "The rate stays at the site's drop rate."},
        {"ramp", "Warm-up: moves linearly from `start` to the drop rate over `length`."},
        {"curriculum",
         "Curriculum dropout (Morerio et al. 2017): starts at 0 and rises "
         "towards the drop rate, fast at first."},
        {"anneal", "Starts at the drop rate and decays exponentially towards `floor`."},
        {"step", "Multiplies the rate by `factor` every `every` time units, not below `floor`."},
        {"cosine", "Half a cosine from `start` to the drop rate over `length`."},
        {"adaptive",
         "Changed by validation feedback: raised when the model overfits, "
         "lowered when it underfits."}};
    return what.at(kind) + "\n" + scheduleFormula(kind);
}

}  // namespace

ScheduleEditor::ScheduleEditor(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    form_ = new QFormLayout;
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    kind_ = new QComboBox(this);
    for (const auto& k : scheduleKinds()) {
        const QString kind = QString::fromStdString(k);
        kind_->addItem(kind, kind);
        kind_->setItemData(kind_->count() - 1, kindTip(kind), Qt::ToolTipRole);
    }
    kind_->setToolTip(
        "How the drop rate changes during training (hover an entry for its "
        "formula). The site's drop rate is the schedule's target.");
    form_->addRow("Schedule", kind_);
    target_ = new QLabel(this);
    target_->setToolTip(
        "The site's configured drop rate (its slider): the value the schedule "
        "moves to, or starts from.");
    form_->addRow("Target rate", target_);
    unit_ = new QComboBox(this);
    unit_->addItem("epochs", "epoch");
    unit_->addItem("steps", "step");
    unit_->setObjectName("unit");
    unit_->setToolTip(
        "What t counts: completed epochs (the rate changes once per epoch) or "
        "training steps (mini-batches).");
    form_->addRow("t counts", unit_);
    const QString t = "t: time in the unit above. ";
    addNumber(
        "start", "Start rate", 0, 0.95, 3,
        t + "The rate at t = 0.\n" + scheduleFormula("ramp") + "\n" + scheduleFormula("cosine"));
    addNumber("length", "Length", 0.1, 1e6, 1,
              t + "How long the change takes.\n" + scheduleFormula("ramp"));
    addNumber("gamma", "γ (speed)", 0.001, 10, 3,
              t + "How fast the rate rises: it reaches 63% of the target at t = 1/γ.\n" +
                  scheduleFormula("curriculum"));
    addNumber("floor", "Floor", 0, 0.95, 3,
              t + "The lowest rate the schedule reaches.\n" + scheduleFormula("anneal") + "\n" +
                  scheduleFormula("step"));
    addNumber("decay", "Decay", 0, 10, 3,
              t + "Exponential decay speed.\n" + scheduleFormula("anneal"));
    addNumber("every", "Every", 0.1, 1e6, 1,
              t + "Period between drops.\n" + scheduleFormula("step"));
    addNumber("factor", "Factor", 0.01, 1, 3,
              t + "Multiplier applied at each drop.\n" + scheduleFormula("step"));
    adaptEvery_ = new QSpinBox(this);
    adaptEvery_->setRange(1, 1000);
    adaptEvery_->setObjectName("adapt_every");
    adaptEvery_->setToolTip(
        "K: compare the mean losses of the last K epochs with the K before, "
        "every K epochs.\n" +
        scheduleFormula("adaptive"));
    form_->addRow("Every K epochs", adaptEvery_);
    connect(adaptEvery_, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    const QString a = scheduleFormula("adaptive");
    addNumber("up", "Up step", 0, 0.5, 3, "Rate increase when the model overfits.\n" + a);
    addNumber("down", "Down step", 0, 0.5, 3, "Rate decrease when the model underfits.\n" + a);
    addNumber("min", "Min rate", 0, 0.95, 3, "The controller never goes below this rate.\n" + a);
    addNumber("max", "Max rate", 0, 0.95, 3, "The controller never goes above this rate.\n" + a);
    addNumber("tolerance", "Tolerance", 0, 1, 4,
              "Relative change below which a loss counts as stalled.\n" + a);
    layout->addLayout(form_);
    formula_ = new QLabel(this);
    formula_->setWordWrap(true);
    formula_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(formula_);
    plot_ = new SchedulePlot(this);
    layout->addWidget(plot_, 1);
    connect(kind_, &QComboBox::currentIndexChanged, this, &ScheduleEditor::onEdited);
    connect(unit_, &QComboBox::currentIndexChanged, this, &ScheduleEditor::onEdited);
    setSchedule(RateSchedule{}, 0.5, 100);
}

QDoubleSpinBox* ScheduleEditor::addNumber(const char* name, const QString& label, double lo,
                                          double hi, int decimals, const QString& tip) {
    auto* box = new QDoubleSpinBox(this);
    box->setObjectName(name);
    box->setRange(lo, hi);
    box->setDecimals(decimals);
    box->setSingleStep(hi <= 1 ? 0.05 : 1);
    box->setToolTip(tip);
    form_->addRow(label, box);
    numbers_[name] = box;
    connect(box, &QDoubleSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    return box;
}

QWidget* ScheduleEditor::field(const QString& name) const {
    if (name == "unit") return unit_;
    if (name == "adapt_every") return adaptEvery_;
    auto it = numbers_.find(name);
    return it == numbers_.end() ? nullptr : it->second;
}

bool ScheduleEditor::fieldShown(const QString& name) const {
    QWidget* w = field(name);
    return w && form_->isRowVisible(w);
}

void ScheduleEditor::setSchedule(const RateSchedule& s, double targetRate, int plannedEpochs) {
    loading_ = true;
    base_ = s;
    targetRate_ = targetRate;
    planned_ = plannedEpochs;
    kind_->setCurrentIndex(kind_->findData(QString::fromStdString(s.kind)));
    unit_->setCurrentIndex(unit_->findData(QString::fromStdString(s.unit)));
    const std::map<QString, double> values = {
        {"start", s.start}, {"length", s.length}, {"gamma", s.gamma},   {"floor", s.floor},
        {"decay", s.decay}, {"every", s.every},   {"factor", s.factor}, {"up", s.up},
        {"down", s.down},   {"min", s.minRate},   {"max", s.maxRate},   {"tolerance", s.tolerance}};
    for (const auto& [name, v] : values) numbers_.at(name)->setValue(v);
    adaptEvery_->setValue(s.adaptEvery);
    target_->setText(QString::number(targetRate, 'g', 3));
    loading_ = false;
    showRelevantRows();
}

RateSchedule ScheduleEditor::schedule() const {
    RateSchedule s = base_;
    s.kind = kind_->currentData().toString().toStdString();
    s.unit = unit_->currentData().toString().toStdString();
    s.start = numbers_.at("start")->value();
    s.length = numbers_.at("length")->value();
    s.gamma = numbers_.at("gamma")->value();
    s.floor = numbers_.at("floor")->value();
    s.decay = numbers_.at("decay")->value();
    s.every = numbers_.at("every")->value();
    s.factor = numbers_.at("factor")->value();
    s.adaptEvery = adaptEvery_->value();
    s.up = numbers_.at("up")->value();
    s.down = numbers_.at("down")->value();
    s.minRate = numbers_.at("min")->value();
    s.maxRate = numbers_.at("max")->value();
    s.tolerance = numbers_.at("tolerance")->value();
    return s;
}

void ScheduleEditor::setCurrentEpoch(double epoch, int stepsPerEpoch) {
    nowEpoch_ = epoch;
    stepsPerEpoch_ = stepsPerEpoch;
    placeNow();
}

// The mark is kept in epochs and converted to the schedule's unit whenever either changes.
void ScheduleEditor::placeNow() {
    plot_->setStepsPerEpoch(stepsPerEpoch_);
    const bool steps = schedule().unit == "step";
    plot_->setCurrentTime(steps ? (stepsPerEpoch_ > 0 ? nowEpoch_ * stepsPerEpoch_ : std::nan(""))
                                : nowEpoch_);
}

void ScheduleEditor::showRelevantRows() {
    const QString kind = kind_->currentData().toString();
    const QStringList shown = fieldsOf(kind);
    for (const char* name : {"unit", "start", "length", "gamma", "floor", "decay", "every",
                             "factor", "adapt_every", "up", "down", "min", "max", "tolerance"})
        form_->setRowVisible(field(name), shown.contains(name));
    formula_->setText(scheduleFormula(kind));
    plot_->setSchedule(schedule(), targetRate_, planned_);
    placeNow();
}

void ScheduleEditor::onEdited() {
    if (loading_) return;
    showRelevantRows();
    Q_EMIT scheduleChanged();
}

}  // namespace dl

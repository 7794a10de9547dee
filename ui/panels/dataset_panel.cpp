#include "ui/panels/dataset_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

namespace dl {
namespace {

QDoubleSpinBox* fractionBox(QWidget* parent, const QString& tip) {
    auto* b = new QDoubleSpinBox(parent);
    b->setRange(0.05, 0.9);
    b->setSingleStep(0.05);
    b->setDecimals(2);
    b->setToolTip(tip);
    return b;
}

// True when a spec of this kind reads the given JSON field.
bool kindUses(const std::string& kind, const char* field) {
    DatasetSpec s;
    s.kind = kind;
    if (kind == "csv") s.path = "x.csv", s.target = "y";
    try {
        return s.toJson().contains(field);
    } catch (...) {
        return false;
    }
}

}  // namespace

DatasetPanel::DatasetPanel(QWidget* parent) : QWidget(parent) {
    form_ = new QFormLayout(this);
    kind_ = new QComboBox(this);
    for (const auto& k : datasetKinds()) kind_->addItem(QString::fromStdString(k));
    kind_->setToolTip(
        "The data set: 2-D toy classification sets, a 1-D regression set with a "
        "gap (for uncertainty), or your own CSV file.");
    samples_ = new QSpinBox(this);
    samples_->setRange(10, 1000000);
    samples_->setToolTip("Total number of samples before the train/validation/test split.");
    noise_ = new QDoubleSpinBox(this);
    noise_->setRange(0.0, 10.0);
    noise_->setSingleStep(0.05);
    noise_->setToolTip("How noisy the generated points are (more noise: more to overfit).");
    arms_ = new QSpinBox(this);
    arms_->setRange(2, 10);
    arms_->setToolTip("Number of spiral arms (one class per arm).");
    classes_ = new QSpinBox(this);
    classes_->setRange(2, 10);
    classes_->setToolTip("Number of Gaussian blobs (one class each).");
    trainFrac_ = fractionBox(this, "Fraction of the samples used for training.");
    valFrac_ = fractionBox(this, "Fraction used for validation (the rest is the test set).");
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1000000);
    seed_->setToolTip(
        "One seed for everything: data, initial weights, shuffling and masks. "
        "The same seed gives an identical run.");
    csvPath_ = new QLineEdit(this);
    auto* browse = new QPushButton("Browse…", this);
    csvRow_ = new QWidget(this);
    auto* pathRow = new QHBoxLayout(csvRow_);
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(csvPath_);
    pathRow->addWidget(browse);
    csvTarget_ = new QLineEdit(this);
    csvTarget_->setToolTip("Name of the CSV column to predict; every other column is an input.");
    csvTask_ = new QComboBox(this);
    csvTask_->addItems({"classification", "regression"});
    regenerate_ = new QPushButton("Regenerate data and restart", this);
    regenerate_->setToolTip("Build the data set with these settings and restart training.");
    form_->addRow("Data set", kind_);
    form_->addRow("Samples", samples_);
    form_->addRow("Noise", noise_);
    form_->addRow("Spiral arms", arms_);
    form_->addRow("Blobs", classes_);
    form_->addRow("CSV file", csvRow_);
    form_->addRow("Target column", csvTarget_);
    form_->addRow("Task", csvTask_);
    form_->addRow("Train fraction", trainFrac_);
    form_->addRow("Validation fraction", valFrac_);
    form_->addRow("Seed", seed_);
    form_->addRow(regenerate_);
    connect(kind_, &QComboBox::currentTextChanged, this, [this] {
        noise_->setValue(defaultNoise(kind_->currentText().toStdString()));
        updateVisibleFields();
    });
    connect(browse, &QPushButton::clicked, this, &DatasetPanel::browseCsv);
    connect(regenerate_, &QPushButton::clicked, this, &DatasetPanel::dataChanged);
}

void DatasetPanel::browseCsv() {
    QString f = QFileDialog::getOpenFileName(this, "Open a CSV data set", {}, "CSV (*.csv)");
    if (!f.isEmpty()) csvPath_->setText(f);
}

void DatasetPanel::setSamplesFloor(const std::string& kind) {
    // Kinds read from files take 0 for "every sample"; a floor of 10 would turn a preset's
    // "all of Fashion-MNIST" into 10 images.
    const int floor = minSamples(kind);
    samples_->setMinimum(floor);
    samples_->setSpecialValueText(floor == 0 ? "all" : "");
}

void DatasetPanel::updateVisibleFields() {
    const std::string k = kind_->currentText().toStdString();
    auto show = [this](QWidget* field, bool on) { form_->setRowVisible(field, on); };
    show(samples_, kindUses(k, "samples"));
    setSamplesFloor(k);
    show(noise_, kindUses(k, "noise"));
    show(arms_, kindUses(k, "arms"));
    show(classes_, kindUses(k, "classes"));
    show(csvTarget_, k == "csv");
    show(csvTask_, k == "csv");
    show(csvRow_, k == "csv");
}

void DatasetPanel::setConfig(const ExperimentConfig& config) {
    base_ = config.dataset;
    QSignalBlocker block(kind_);
    kind_->setCurrentText(QString::fromStdString(base_.kind));
    setSamplesFloor(base_.kind);
    samples_->setValue(base_.samples);
    noise_->setValue(base_.noiseLevel());
    arms_->setValue(base_.arms);
    classes_->setValue(base_.classes);
    trainFrac_->setValue(base_.split.train);
    valFrac_->setValue(base_.split.val);
    seed_->setValue(int(config.seed));
    csvPath_->setText(QString::fromStdString(base_.path));
    csvTarget_->setText(QString::fromStdString(base_.target));
    csvTask_->setCurrentIndex(base_.task == CsvTask::Regression ? 1 : 0);
    updateVisibleFields();
}

void DatasetPanel::applyTo(ExperimentConfig& config) const {
    DatasetSpec s = base_;
    s.kind = kind_->currentText().toStdString();
    s.samples = samples_->value();
    s.noise = noise_->value();
    s.arms = arms_->value();
    s.classes = classes_->value();
    s.split.train = trainFrac_->value();
    s.split.val = valFrac_->value();
    s.path = csvPath_->text().toStdString();
    s.target = csvTarget_->text().toStdString();
    s.task = csvTask_->currentIndex() == 1 ? CsvTask::Regression : CsvTask::Classification;
    config.dataset = s;
    config.seed = static_cast<std::uint64_t>(seed_->value());
}

}  // namespace dl

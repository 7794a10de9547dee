#pragma once
// The main window: training controls, the live loss chart and a status bar.
#include <QMainWindow>

#include "core/experiment_config.h"
#include "training_snapshot.h"

class QAction;
class QLabel;

namespace dl {

class TrainingController;
class LossChart;

/// Hosts the views and wires them to the TrainingController.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void loadExperiment(const ExperimentConfig& config);
    TrainingController& controller() { return *controller_; }
    LossChart& lossChart() { return *lossChart_; }
    void setAbMode(bool) {}
    TrainingController* controllerB() { return nullptr; }

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    void buildToolbar();
    void onSnapshot(const SnapshotPtr& s);
    TrainingController* controller_;
    LossChart* lossChart_;
    QAction* playAction_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QLabel* rateLabel_ = nullptr;
};

}  // namespace dl

#pragma once
// The explorer window: experiment panels on the left, the model's output and
// the network diagram in the middle, live charts below, A/B comparison on demand.
#include <QMainWindow>

#include <map>
#include <string>

#include "core/config/experiment_config.h"
#include "ui/worker/training_snapshot.h"

class QAction;
class QLabel;
class QSplitter;
class QTimer;
class QTabWidget;

namespace dl {

class TrainingController;
class DatasetPanel;
class NetworkBuilder;
class TrainingPanel;
class OutputViewWidget;
class NetworkView;
class DataPreview;
class MetricChart;
class RatesChart;
class SnapshotView;

/// Hosts the panels and views and wires them to one or two TrainingControllers.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void loadExperiment(const ExperimentConfig& config);
    /// Turns A/B comparison on (B = abPartner(A)) or off.
    void setAbMode(bool on);
    bool abMode() const { return abMode_; }

    TrainingController& controller() { return *controller_; }
    TrainingController* controllerB() { return controllerB_; }
    NetworkBuilder& networkBuilder() { return *builder_; }
    DatasetPanel& datasetPanel() { return *datasetPanel_; }
    TrainingPanel& trainingPanel() { return *trainingPanel_; }
    MetricChart& lossChart() { return *lossChart_; }
    RatesChart& ratesChart() { return *ratesChart_; }
    /// Sets drop rates live (run A's worker, the config and the network panel), as the rate
    /// sliders do; unknown site ids are ignored.
    void applyRates(const std::map<std::string, double>& rates);
    /// Gives a site a new rate schedule; training restarts from the same seed. False if no
    /// such site.
    bool setSiteSchedule(const QString& siteId, const RateSchedule& schedule);
    /// Opens the schedule editor of a site (non-modal); applying it calls setSiteSchedule.
    void editSchedule(const QString& siteId);
    NetworkView* networkViewWidget() const { return networkView_; }
    /// The config the panels currently describe.
    ExperimentConfig currentConfig() const;
    /// True when every running controller has reached `steps` (for --screenshot).
    bool reachedStep(long steps) const;
    /// True when the diagram and bottom charts show the latest snapshot (no round is pending).
    bool chartsSettled() const;
    void stepAll(int n);
    /// Adds a centre tab beside "Explore"; it is shown only for experiments it applies to.
    void addView(SnapshotView* view);
    /// Brings the tab titled `title` to the front (for --view and tests); false if absent or
    /// hidden.
    bool showView(const QString& title);
    /// The centre tab on screen, when it is a SnapshotView (null on "Explore").
    SnapshotView* activeView() const { return activeView_; }
    /// The toolbar's training actions (Play doubles as Pause).
    QAction* playAction() const { return playAction_; }
    QAction* stepAction() const { return stepAction_; }
    QAction* epochAction() const { return epochAction_; }
    QAction* resetAction() const { return resetAction_; }
    /// The line above the centre tabs that says a run diverged and what to try (hidden
    /// otherwise).
    QLabel* divergenceBanner() const { return banner_; }
    /// True when run A or B diverged and waits for Reset or a change to the experiment.
    bool anyDiverged() const;

  protected:
    void closeEvent(QCloseEvent* e) override;

  private:
    void buildActions();
    void buildPanels();
    void buildViews();
    void rebuild();
    void applyLiveSettings();
    void connectErrors(TrainingController* c);
    void onSnapshot();
    /// Shows or hides the divergence banner and blocks Play, Step and Epoch while a run has
    /// diverged; pauses the other side of an A/B pair.
    void updateDivergence();
    /// A change to the experiment while a run has diverged: both runs restart from the seed
    /// with it (the diverged trainer cannot go on).
    void restartIfDiverged();
    /// Every stage at once (after a mode change, not per snapshot).
    void updateAllStages();
    /// The parts of a frame after the snapshot itself, in the order a round updates them.
    enum Stage { kDiagram, kRates, kLoss, kAccuracy, kStages };
    /// Brings one stage (the network diagram or a bottom chart) up to the latest snapshot.
    void updateStage(int which);
    void updateNextStage();
    static constexpr int kStageSpacingMs = 3;
    int nextStage_ = 0;         ///< the stage the running round updates next
    bool stagesStale_ = false;  ///< a snapshot arrived that some stage has not shown yet
    QTimer* stageTimer_;        ///< paces a round: one stage per event-loop turn
    void setupSeries();
    void updateStatus();
    void saveSettings();
    void refreshViewTabs();
    SnapshotView* viewAt(int tabIndex) const;
    void feedCurrentView();
    void restoreSettings();

    ExperimentConfig config_;
    TrainingController* controller_;
    TrainingController* controllerB_ = nullptr;
    bool abMode_ = false;
    DatasetPanel* datasetPanel_ = nullptr;
    NetworkBuilder* builder_ = nullptr;
    TrainingPanel* trainingPanel_ = nullptr;
    DataPreview* preview_ = nullptr;
    OutputViewWidget* outputA_ = nullptr;
    OutputViewWidget* outputB_ = nullptr;
    NetworkView* networkView_ = nullptr;
    MetricChart* lossChart_ = nullptr;
    MetricChart* accChart_ = nullptr;
    RatesChart* ratesChart_ = nullptr;
    QAction* playAction_ = nullptr;
    QAction* stepAction_ = nullptr;
    QAction* epochAction_ = nullptr;
    QAction* resetAction_ = nullptr;
    QLabel* banner_ = nullptr;
    bool restartSent_ = false;  ///< a restart after divergence is on its way to the workers
    QAction* abAction_ = nullptr;
    QAction* logAction_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QLabel* rateLabel_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QTabWidget* viewTabs_ = nullptr;
    std::vector<SnapshotView*> views_;
    SnapshotView* activeView_ = nullptr;
};

}  // namespace dl

#pragma once
// The "Tuning" centre tab: grid sweeps over drop rates (core/training/rate_sweep.h) in the
// background. 1-D: a metric against rate, one curve per chosen site; 2-D: a heat map over two
// sites' rates. Clicking a point or cell applies those rates to the live network.
#include <map>
#include <string>
#include <vector>

#include "core/training/rate_sweep.h"
#include "ui/views/snapshot_view.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace dl {

class SweepCurvePlot;
class SweepHeatmap;
class SweepRunner;

/// Runs sweeps on a copy of run A's current config; training is paused while one runs (both
/// use every core) and resumes afterwards if it was running.
class TuningView : public SnapshotView {
    Q_OBJECT
  public:
    explicit TuningView(QWidget* parent = nullptr);
    ~TuningView() override;

    QString title() const override { return "Tuning"; }
    bool appliesTo(const ExperimentConfig& c) const override;
    void setExperiment(const ExperimentConfig& c, TrainingController* a,
                       TrainingController* b) override;
    void showSnapshot(const SnapshotPtr& a, const SnapshotPtr& b) override;
    bool readyForScreenshot() const override;

    /// Form settings (what the controls show; tests and --sweep set them directly).
    void setTwoD(bool on);
    bool twoD() const;
    void setRateRange(double from, double to, int count);
    void setEpochsPerRun(int epochs);
    /// 1-D: which sites to sweep (one curve each); 2-D: the x and y sites.
    void setSweptSites(const std::vector<std::string>& ids);
    /// Starts a sweep with the form's settings; false (and a status message) if it cannot.
    bool runSweep();
    void cancelSweep();
    bool isSweeping() const;

    SweepCurvePlot& curvePlot() const { return *curves_; }
    SweepHeatmap& heatmap() const { return *heatmap_; }
    QPushButton& runButton() const { return *run_; }
    QPushButton& cancelButton() const { return *cancel_; }
    QProgressBar& progressBar() const { return *progress_; }
    QString statusText() const;

  Q_SIGNALS:
    /// The user picked rates from a result (MainWindow::applyRates applies them).
    void applyRatesRequested(const std::map<std::string, double>& rates);
    /// A sweep ended (finished, cancelled or failed).
    void sweepFinished(bool cancelled);

  private:
    QWidget* buildForm();
    std::vector<double> rates() const;
    std::vector<SweepGrid> gridsFromForm(QString* problem) const;
    void onProgress(int grid, const SweepPoint& p, int done, int total);
    void onFinished(bool cancelled);
    void redraw();
    void redrawCurves();
    void redrawHeatmap();
    void updateControls();
    QString bestText() const;
    void apply(const std::map<std::string, double>& rates);

    std::vector<std::string> siteIds_;
    SweepRunner* runner_;
    bool running2D_ = false;
    bool resumeA_ = false, resumeB_ = false;
    // Results of the last 1-D and 2-D sweeps, filled point by point as they finish.
    std::vector<SweepGrid> grids1D_, grids2D_;
    std::vector<SweepResult> results1D_, results2D_;
    bool classification_ = true;

    QComboBox* mode_;
    QListWidget* sites_;
    QComboBox* xSite_;
    QComboBox* ySite_;
    QDoubleSpinBox* from_;
    QDoubleSpinBox* to_;
    QSpinBox* count_;
    QSpinBox* epochs_;
    QComboBox* metric_;
    QPushButton* run_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    QLabel* status_;
    QLabel* heading_;
    int epochs1D_ = 0, epochs2D_ = 0;  ///< epochs per run of the last sweeps
    QStackedWidget* plots_;
    SweepCurvePlot* curves_;
    SweepHeatmap* heatmap_;
};

}  // namespace dl

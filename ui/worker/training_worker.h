#pragma once
// Lives in the worker thread and owns the Trainer. Commands arrive as queued
// slot calls and take effect between steps; snapshots leave at most ~30 per second.
#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>

#include "core/training/trainer.h"
#include "ui/worker/image_extras_builder.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

/// Runs training in bursts so the thread's event loop can deliver commands between steps.
class TrainingWorker : public QObject {
    Q_OBJECT
  public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;
    /// Set by the controller (any thread) when a load or a shutdown is on its way: a long
    /// computation under way (the MC curve) stops early instead of holding it up.
    std::shared_ptr<std::atomic<bool>> interruptFlag() const { return interrupt_; }

  public Q_SLOTS:
    /// Builds a fresh trainer (same seed → bit-identical rerun). Stops any running training.
    void load(const dl::ExperimentConfig& config);
    void play();
    void pause();
    /// Runs exactly n steps (paused afterwards) and publishes.
    void stepN(int n);
    /// Runs to the end of the current epoch.
    void stepEpoch();
    void setRate(const QString& siteId, double rate);
    /// lr, L2 weight decay, max-norm and planned epochs, from the next step on.
    void setLiveSettings(double lr, double weightDecay, double maxNorm, int epochs);
    /// Turns the MC dropout view on/off and sets its T.
    void setUncertainty(bool enabled, int samples);
    /// Computes MC averaging vs weight scaling for T = 1..maxT on the test split, then publishes.
    void computeMcCurve(int maxT);
    /// Turns the "Sequences" tab's inspection of validation sequence `index` on or off.
    void setSequenceInspection(bool enabled, int index);
    /// Image tabs: predictions on validation images (Images, Confusion) and the feature maps
    /// of mini-batch row `sample` (Feature maps), only while their tab is on screen.
    void setImageExtras(bool eval, bool maps, int sample);
    /// Changes a site's variant from the next step on (no rebuild), e.g. channel → block.
    void setSiteVariant(const QString& siteId, const QString& variant);

  Q_SIGNALS:
    void snapshotReady(dl::SnapshotPtr snapshot);
    void failed(const QString& message);

  private Q_SLOTS:
    void tick();

  private:
    /// False when it stopped early: an error, divergence, or a load on its way.
    bool runSteps(long n);
    void publish();
    /// Publishes once the commands already queued have run: a burst of commands (a slider
    /// drag, clicks while a load is under way) costs one snapshot, not one each.
    void publishSoon();
    /// Stops training for good (until the next load): the loss or what the snapshot would show
    /// stopped being finite at `step`. The trainer is left as it failed and never steps again.
    void stopDiverged(long step, const char* what);
    /// Republishes the last finite snapshot, marked diverged, with the message.
    void publishLastGood();
    std::shared_ptr<TrainingSnapshot> buildSnapshot(bool withOutput);
    void refreshUncertainty();
    void refreshSequence();
    void scheduleTick();
    /// The running beat starts now: the next timed snapshot is due one period from now.
    void restartBeat();
    std::shared_ptr<std::atomic<bool>> interrupt_ = std::make_shared<std::atomic<bool>>(false);
    std::unique_ptr<ExperimentConfig> config_;
    std::unique_ptr<Trainer> trainer_;
    bool running_ = false;
    bool diverged_ = false;  ///< the run diverged: only a load (or reset) trains again
    SnapshotPtr lastGood_;   ///< the newest snapshot whose numbers were all finite
    bool tickPending_ = false;
    bool publishPending_ = false;
    long epochTarget_ = -1;
    QElapsedTimer beatClock_;   ///< started at the first snapshot; the beat's clock
    qint64 nextPublishMs_ = 0;  ///< when (on beatClock_) the next snapshot is due
    QElapsedTimer rateClock_;
    long rateSteps_ = 0;
    double stepsPerSecond_ = 0.0;
    double lastLoss_ = 0.0;
    std::string error_;
    std::shared_ptr<const DataSplit> data_;
    OutputView bounds_;
    QElapsedTimer outputClock_;
    std::shared_ptr<const TrainingSnapshot> lastOutput_;
    bool mcEnabled_ = false;
    int mcSamples_ = 30;
    QElapsedTimer mcClock_;
    std::shared_ptr<const UncertaintyView> uncertainty_;
    std::shared_ptr<const McCurveView> mcCurve_;
    bool seqEnabled_ = false;
    int seqIndex_ = 0;
    QElapsedTimer seqClock_;
    std::shared_ptr<const SequenceInspection> sequence_;
    std::shared_ptr<const Matrix> seqTruth_;  ///< true continuations, computed once per load
    ImageExtras images_;
};

}  // namespace dl

#pragma once
// The UI thread's handle on training: owns the worker thread, forwards commands
// to it as queued calls and hands the newest snapshot to the views.
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

#include "core/config/experiment_config.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

class TrainingWorker;

/// Starts the worker thread on construction and stops and joins it on destruction.
class TrainingController : public QObject {
    Q_OBJECT
  public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Loads an experiment (rebuilds the model); training starts paused.
    void load(const ExperimentConfig& config);
    void play();
    void pause();
    void togglePlay();
    void step(int n = 1);
    void stepEpoch();
    void reset();
    void setRate(const QString& siteId, double rate);
    void setLiveSettings(double lr, double weightDecay, double maxNorm, int epochs);
    void setUncertainty(bool enabled, int samples);
    void computeMcCurve(int maxT);
    /// Asks for (or stops) the "Sequences" tab's inspection of validation sequence `index`.
    void setSequenceInspection(bool enabled, int index);
    /// Image tabs' extras (see TrainingWorker::setImageExtras).
    void setImageExtras(bool eval, bool maps, int sample);
    /// Changes a site's dropout variant from the next step on; emits siteVariantChanged.
    void setSiteVariant(const QString& siteId, const QString& variant);
    /// Stops the worker thread and waits for it; safe to call twice.
    void shutdown();
    /// Stops the worker thread without waiting for the command under way and deletes this
    /// controller once the thread has ended (A/B turned off: the UI must not wait for B).
    void shutdownLater();

    const ExperimentConfig& config() const { return config_; }
    SnapshotPtr latest() const { return latest_; }
    bool isRunning() const { return latest_ && latest_->running; }
    /// The run diverged (the newest snapshot is its last finite state); Reset trains again.
    bool diverged() const { return latest_ && latest_->diverged; }

  Q_SIGNALS:
    void snapshotUpdated(dl::SnapshotPtr snapshot);
    void errorOccurred(const QString& message);
    /// A site's variant was changed live (config() already holds it).
    void siteVariantChanged(const QString& siteId, const QString& variant);

  private:
    void onSnapshot(dl::SnapshotPtr s);
    /// Queues a call to run on the worker thread (dropped after shutdown).
    template <typename F>
    void post(F&& call);
    QThread thread_;
    TrainingWorker* worker_ = nullptr;
    ExperimentConfig config_;
    SnapshotPtr latest_;
    std::shared_ptr<std::atomic<bool>> interrupt_;  ///< the worker's (see interruptFlag())
    bool loaded_ = false;  ///< load() was called: reset() has a config to reload
    /// How many loads were asked for; shared with the queued calls (see load()).
    std::shared_ptr<std::atomic<long>> loads_ = std::make_shared<std::atomic<long>>(0);
    bool emitPending_ = false;
};

}  // namespace dl

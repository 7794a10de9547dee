#pragma once
// The UI thread's handle on training: owns the worker thread, forwards commands
// to it as queued calls and hands the newest snapshot to the views.
#include <QObject>
#include <QThread>

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

    const ExperimentConfig& config() const { return config_; }
    SnapshotPtr latest() const { return latest_; }
    bool isRunning() const { return latest_ && latest_->running; }

  Q_SIGNALS:
    void snapshotUpdated(dl::SnapshotPtr snapshot);
    void errorOccurred(const QString& message);
    /// A site's variant was changed live (config() already holds it).
    void siteVariantChanged(const QString& siteId, const QString& variant);

  private:
    void onSnapshot(dl::SnapshotPtr s);
    QThread thread_;
    TrainingWorker* worker_ = nullptr;
    ExperimentConfig config_;
    SnapshotPtr latest_;
    bool emitPending_ = false;
};

}  // namespace dl

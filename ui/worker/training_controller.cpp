#include "ui/worker/training_controller.h"

#include <QMetaObject>

#include "core/config/site_variant.h"
#include "ui/worker/background_priority.h"
#include "ui/worker/training_worker.h"

namespace dl {

template <typename F>
void TrainingController::post(F&& call) {
    // After shutdown a view may still hold this controller (e.g. A/B turned off, the
    // controller awaiting deleteLater): its commands are dropped.
    if (worker_) QMetaObject::invokeMethod(worker_, std::forward<F>(call), Qt::QueuedConnection);
}

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<dl::SnapshotPtr>("dl::SnapshotPtr");
    worker_ = new TrainingWorker;
    interrupt_ = worker_->interruptFlag();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainingWorker::snapshotReady, this, &TrainingController::onSnapshot,
            Qt::QueuedConnection);
    connect(worker_, &TrainingWorker::failed, this, &TrainingController::errorOccurred,
            Qt::QueuedConnection);
    thread_.setObjectName("training-worker");
    lowerTbbWorkerPriority();
    connect(&thread_, &QThread::started, worker_, &lowerCurrentThreadPriority,
            Qt::DirectConnection);
    thread_.start();
}

TrainingController::~TrainingController() {
    shutdown();
}

void TrainingController::shutdown() {
    if (!thread_.isRunning()) return;
    interrupt_->store(true);
    if (worker_) QMetaObject::invokeMethod(worker_, &TrainingWorker::pause, Qt::QueuedConnection);
    thread_.quit();
    thread_.wait();
    worker_ = nullptr;  // deleted as its thread finished; later commands have no one to go to
}

void TrainingController::shutdownLater() {
    if (!thread_.isRunning()) return deleteLater();
    interrupt_->store(true);
    if (worker_) QMetaObject::invokeMethod(worker_, &TrainingWorker::pause, Qt::QueuedConnection);
    connect(&thread_, &QThread::finished, this, &QObject::deleteLater);
    thread_.quit();  // ends after the command under way (a data set may still be loading)
    worker_ = nullptr;
}

void TrainingController::load(const ExperimentConfig& config) {
    config_ = config;
    loaded_ = true;
    // Only the newest of several queued loads runs: each may read a whole data set, and the
    // ones before it would be replaced at once.
    const long n = ++*loads_;
    interrupt_->store(true);
    post([w = worker_, config, n, loads = loads_] {
        if (n == loads->load()) w->load(config);
    });
}

void TrainingController::play() {
    post([w = worker_] { w->play(); });
}

void TrainingController::pause() {
    post([w = worker_] { w->pause(); });
}

void TrainingController::togglePlay() {
    isRunning() ? pause() : play();
}

void TrainingController::step(int n) {
    post([w = worker_, n] { w->stepN(n); });
}

void TrainingController::stepEpoch() {
    post([w = worker_] { w->stepEpoch(); });
}

void TrainingController::reset() {
    // A load of the config the worker holds too (rates and live settings included), so a
    // burst of resets and loads costs one rebuild.
    if (loaded_) load(config_);
}

void TrainingController::setRate(const QString& siteId, double rate) {
    if (rate >= 0 && rate < 1) config_.setSiteRate(siteId.toStdString(), rate);
    post([w = worker_, siteId, rate] { w->setRate(siteId, rate); });
}

void TrainingController::setLiveSettings(double lr, double weightDecay, double maxNorm,
                                         int epochs) {
    config_.optimizer.lr = lr;
    config_.optimizer.weightDecay = weightDecay;
    config_.optimizer.maxNorm = maxNorm;
    config_.training.epochs = epochs;
    post([w = worker_, lr, weightDecay, maxNorm, epochs] {
        w->setLiveSettings(lr, weightDecay, maxNorm, epochs);
    });
}

void TrainingController::setUncertainty(bool enabled, int samples) {
    post([w = worker_, enabled, samples] { w->setUncertainty(enabled, samples); });
}

void TrainingController::computeMcCurve(int maxT) {
    post([w = worker_, maxT] { w->computeMcCurve(maxT); });
}

void TrainingController::setSequenceInspection(bool enabled, int index) {
    post([w = worker_, enabled, index] { w->setSequenceInspection(enabled, index); });
}

void TrainingController::setImageExtras(bool eval, bool maps, int sample) {
    post([w = worker_, eval, maps, sample] { w->setImageExtras(eval, maps, sample); });
}

void TrainingController::setSiteVariant(const QString& siteId, const QString& variant) {
    try {
        setConfigSiteVariant(config_, siteId.toStdString(), variantFromName(variant.toStdString()));
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    post([w = worker_, siteId, variant] { w->setSiteVariant(siteId, variant); });
    Q_EMIT siteVariantChanged(siteId, variant);
}

void TrainingController::onSnapshot(SnapshotPtr s) {
    // Coalesce: if several snapshots queued up, the views only see the newest.
    latest_ = std::move(s);
    if (emitPending_) return;
    emitPending_ = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            emitPending_ = false;
            Q_EMIT snapshotUpdated(latest_);
        },
        Qt::QueuedConnection);
}

}  // namespace dl

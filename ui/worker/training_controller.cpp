#include "ui/worker/training_controller.h"

#include <QMetaObject>

#include "core/config/site_variant.h"
#include "ui/worker/background_priority.h"
#include "ui/worker/training_worker.h"

namespace dl {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<dl::SnapshotPtr>("dl::SnapshotPtr");
    worker_ = new TrainingWorker;
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
    QMetaObject::invokeMethod(worker_, &TrainingWorker::pause, Qt::QueuedConnection);
    thread_.quit();
    thread_.wait();
}

void TrainingController::load(const ExperimentConfig& config) {
    config_ = config;
    QMetaObject::invokeMethod(
        worker_, [w = worker_, config] { w->load(config); }, Qt::QueuedConnection);
}

void TrainingController::play() {
    QMetaObject::invokeMethod(worker_, &TrainingWorker::play, Qt::QueuedConnection);
}

void TrainingController::pause() {
    QMetaObject::invokeMethod(worker_, &TrainingWorker::pause, Qt::QueuedConnection);
}

void TrainingController::togglePlay() {
    isRunning() ? pause() : play();
}

void TrainingController::step(int n) {
    QMetaObject::invokeMethod(
        worker_, [w = worker_, n] { w->stepN(n); }, Qt::QueuedConnection);
}

void TrainingController::stepEpoch() {
    QMetaObject::invokeMethod(worker_, &TrainingWorker::stepEpoch, Qt::QueuedConnection);
}

void TrainingController::reset() {
    QMetaObject::invokeMethod(worker_, &TrainingWorker::reset, Qt::QueuedConnection);
}

void TrainingController::setRate(const QString& siteId, double rate) {
    if (rate >= 0 && rate < 1) config_.setSiteRate(siteId.toStdString(), rate);
    QMetaObject::invokeMethod(
        worker_, [w = worker_, siteId, rate] { w->setRate(siteId, rate); }, Qt::QueuedConnection);
}

void TrainingController::setLiveSettings(double lr, double weightDecay, double maxNorm,
                                         int epochs) {
    config_.optimizer.lr = lr;
    config_.optimizer.weightDecay = weightDecay;
    config_.optimizer.maxNorm = maxNorm;
    config_.training.epochs = epochs;
    QMetaObject::invokeMethod(
        worker_,
        [w = worker_, lr, weightDecay, maxNorm, epochs] {
            w->setLiveSettings(lr, weightDecay, maxNorm, epochs);
        },
        Qt::QueuedConnection);
}

void TrainingController::setUncertainty(bool enabled, int samples) {
    QMetaObject::invokeMethod(
        worker_, [w = worker_, enabled, samples] { w->setUncertainty(enabled, samples); },
        Qt::QueuedConnection);
}

void TrainingController::computeMcCurve(int maxT) {
    QMetaObject::invokeMethod(
        worker_, [w = worker_, maxT] { w->computeMcCurve(maxT); }, Qt::QueuedConnection);
}

void TrainingController::setSequenceInspection(bool enabled, int index) {
    QMetaObject::invokeMethod(
        worker_, [w = worker_, enabled, index] { w->setSequenceInspection(enabled, index); },
        Qt::QueuedConnection);
}

void TrainingController::setImageExtras(bool eval, bool maps, int sample) {
    QMetaObject::invokeMethod(
        worker_, [w = worker_, eval, maps, sample] { w->setImageExtras(eval, maps, sample); },
        Qt::QueuedConnection);
}

void TrainingController::setSiteVariant(const QString& siteId, const QString& variant) {
    try {
        setConfigSiteVariant(config_, siteId.toStdString(), variantFromName(variant.toStdString()));
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    QMetaObject::invokeMethod(
        worker_, [w = worker_, siteId, variant] { w->setSiteVariant(siteId, variant); },
        Qt::QueuedConnection);
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

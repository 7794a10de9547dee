#include "ui/worker/training_worker.h"

#include <QMetaObject>

#include <algorithm>

#include "core/config/experiment_setup.h"
#include "core/config/site_variant.h"
#include "ui/worker/sequence_builder.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/uncertainty_builder.h"

namespace dl {
namespace {
constexpr qint64 kBurstMs = 8;  // longest run of steps before commands are looked at
// ~33 snapshots per second, on a fixed beat so bursts do not stretch the period past 1/30 s.
constexpr qint64 kPublishEveryMs = 30;
constexpr qint64 kOutputEveryMs = 100;  // the output heat map costs a forward pass over a grid
constexpr qint64 kMcEveryMs =
    1000;  // MC views cost T forward passes: refreshed about once a second
}  // namespace

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {}
TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::load(const ExperimentConfig& config) {
    running_ = false;
    epochTarget_ = -1;
    error_.clear();
    config_ = std::make_unique<ExperimentConfig>(config);
    try {
        trainer_ = makeTrainer(*config_);
    } catch (const std::exception& e) {
        trainer_.reset();
        error_ = e.what();
        Q_EMIT failed(QString::fromStdString(error_));
        return;
    }
    stepsPerSecond_ = 0.0;
    lastLoss_ = 0.0;
    data_ = std::make_shared<const DataSplit>(trainer_->data());
    bounds_ = OutputView{};
    dataBounds(trainer_->data().train, bounds_);
    outputClock_.invalidate();
    uncertainty_.reset();
    mcCurve_.reset();
    sequence_.reset();
    seqTruth_.reset();
    images_.reset();
    publish();
}

void TrainingWorker::reset() {
    if (config_) load(*config_);
}

void TrainingWorker::play() {
    if (!trainer_) return;
    running_ = true;
    rateClock_.start();
    rateSteps_ = 0;
    restartBeat();
    scheduleTick();
    publish();
}

void TrainingWorker::pause() {
    running_ = false;
    epochTarget_ = -1;
    publish();
}

void TrainingWorker::stepN(int n) {
    running_ = false;
    if (trainer_) runSteps(n);
    publish();
}

void TrainingWorker::stepEpoch() {
    if (!trainer_) return;
    running_ = true;
    epochTarget_ = trainer_->epoch() + 1;
    rateClock_.start();
    rateSteps_ = 0;
    restartBeat();
    scheduleTick();
}

void TrainingWorker::setRate(const QString& siteId, double rate) {
    if (!trainer_) return;
    try {
        trainer_->setSiteRate(siteId.toStdString(), rate);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    if (config_ && rate >= 0 && rate < 1) config_->setSiteRate(siteId.toStdString(), rate);
    if (!running_) publish();
}

void TrainingWorker::setLiveSettings(double lr, double weightDecay, double maxNorm, int epochs) {
    if (trainer_) {
        trainer_->setOptimizerSettings(lr, weightDecay, maxNorm);
        trainer_->setPlannedEpochs(epochs);
    }
    if (config_) {
        config_->optimizer.lr = lr;
        config_->optimizer.weightDecay = weightDecay;
        config_->optimizer.maxNorm = maxNorm;
        config_->training.epochs = epochs;
    }
    if (!running_) publish();
}

void TrainingWorker::setUncertainty(bool enabled, int samples) {
    mcEnabled_ = enabled;
    if (samples != mcSamples_) uncertainty_.reset();
    mcSamples_ = std::max(1, samples);
    if (!running_) publish();
}

void TrainingWorker::computeMcCurve(int maxT) {
    if (!trainer_) return;
    try {
        mcCurve_ = dl::computeMcCurve(*trainer_, maxT);
    } catch (const std::exception& e) {
        auto v = std::make_shared<McCurveView>();  // the view stops waiting and shows why
        v->step = trainer_->globalStep();
        v->error = e.what();
        mcCurve_ = v;
    }
    publish();
}

void TrainingWorker::setImageExtras(bool eval, bool maps, int sample) {
    images_.setEval(eval);
    images_.setMaps(maps, sample);
    if (!running_) publish();
}

void TrainingWorker::setSiteVariant(const QString& siteId, const QString& variant) {
    if (!trainer_) return;
    try {
        const Variant v = variantFromName(variant.toStdString());
        setTrainerSiteVariant(*trainer_, siteId.toStdString(), v);
        if (config_) setConfigSiteVariant(*config_, siteId.toStdString(), v);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    if (!running_) publish();
}

void TrainingWorker::restartBeat() {
    if (!beatClock_.isValid()) beatClock_.start();
    nextPublishMs_ = beatClock_.elapsed() + kPublishEveryMs;
}

void TrainingWorker::scheduleTick() {
    if (tickPending_) return;
    tickPending_ = true;
    QMetaObject::invokeMethod(this, &TrainingWorker::tick, Qt::QueuedConnection);
}

bool TrainingWorker::runSteps(long n) {
    try {
        for (long i = 0; i < n; ++i) lastLoss_ = trainer_->step();
    } catch (const std::exception& e) {
        running_ = false;
        error_ = e.what();
        Q_EMIT failed(QString::fromStdString(error_));
        return false;
    }
    return true;
}

void TrainingWorker::tick() {
    tickPending_ = false;
    if (!running_ || !trainer_) return;
    QElapsedTimer burst;
    burst.start();
    // A burst ends early at the publishing beat, so snapshots keep their rhythm.
    const qint64 burstMs = std::clamp<qint64>(nextPublishMs_ - beatClock_.elapsed(), 1, kBurstMs);
    while (running_ && burst.elapsed() < burstMs) {
        if (!runSteps(1)) break;
        ++rateSteps_;
        if (epochTarget_ >= 0 && trainer_->epoch() >= epochTarget_) {
            running_ = false;
            epochTarget_ = -1;
        } else if (trainer_->epoch() >= trainer_->config().training.epochs) {
            running_ = false;  // the planned epochs are done
        }
    }
    if (rateClock_.elapsed() > 250) {
        stepsPerSecond_ = rateSteps_ * 1000.0 / double(rateClock_.elapsed());
        rateClock_.restart();
        rateSteps_ = 0;
    }
    if (!running_ || beatClock_.elapsed() >= nextPublishMs_) {
        publish();
        // The next snapshot is due one period after this one was due, not after it was sent;
        // a worker that fell more than a period behind starts afresh.
        nextPublishMs_ += kPublishEveryMs;
        if (nextPublishMs_ <= beatClock_.elapsed()) restartBeat();
    }
    if (running_) scheduleTick();
}

void TrainingWorker::publish() {
    auto snap = std::make_shared<TrainingSnapshot>();
    snap->running = running_;
    snap->error = error_;
    snap->stepsPerSecond = stepsPerSecond_;
    snap->lastBatchLoss = lastLoss_;
    if (trainer_) {
        // The heat map is refreshed at most every kOutputEveryMs while running, always when paused.
        const bool withOutput =
            !running_ || !outputClock_.isValid() || outputClock_.elapsed() >= kOutputEveryMs;
        snap->output = bounds_;
        if (!withOutput && lastOutput_) snap->output = lastOutput_->output;
        fillSnapshot(*trainer_, *snap, withOutput);
        if (withOutput) outputClock_.restart();
        snap->data = data_;
        refreshUncertainty();
        snap->uncertainty = uncertainty_;
        snap->mcCurve = mcCurve_;
        refreshSequence();
        snap->sequence = sequence_;
        images_.fill(*trainer_, *snap, running_);
    }
    lastOutput_ = snap;
    Q_EMIT snapshotReady(std::move(snap));
}

}  // namespace dl

namespace dl {

void TrainingWorker::refreshUncertainty() {
    if (!mcEnabled_ || !trainer_) return;
    const bool stale = !uncertainty_ || uncertainty_->step != trainer_->globalStep();
    const bool due = !running_ || !mcClock_.isValid() || mcClock_.elapsed() >= kMcEveryMs;
    if (!stale || !due) return;
    uncertainty_ = computeUncertainty(*trainer_, bounds_, mcSamples_);
    mcClock_.restart();
}

}  // namespace dl

namespace dl {

void TrainingWorker::setSequenceInspection(bool enabled, int index) {
    seqEnabled_ = enabled;
    if (index != seqIndex_) {
        sequence_.reset();
        seqClock_.invalidate();  // a new sequence is answered at once, even while running
    }
    seqIndex_ = index;
    if (!running_) publish();
}

// About once a second while running, once per step when paused (like the MC views).
void TrainingWorker::refreshSequence() {
    if (!seqEnabled_ || !trainer_ || !trainer_->data().val.isSequence()) return;
    const bool stale = !sequence_ || sequence_->step != trainer_->globalStep();
    const bool due = !running_ || !seqClock_.isValid() || seqClock_.elapsed() >= kMcEveryMs;
    if (!stale || !due) return;
    if (!seqTruth_)
        seqTruth_ = std::make_shared<const Matrix>(
            trueContinuation(*config_, trainer_->data().val, kRolloutSteps));
    sequence_ = inspectSequence(*trainer_, seqIndex_, kRolloutSteps, *seqTruth_);
    seqClock_.restart();
}

}  // namespace dl

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
    interrupt_->store(false);  // the load it was waiting for is here
    running_ = false;
    epochTarget_ = -1;
    error_.clear();
    diverged_ = false;
    lastGood_.reset();
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
    publishSoon();
}

void TrainingWorker::play() {
    if (diverged_) return publishLastGood();  // the view's play state snaps back
    if (!trainer_) return;
    running_ = true;
    rateClock_.start();
    rateSteps_ = 0;
    restartBeat();
    scheduleTick();
    publishSoon();
}

void TrainingWorker::pause() {
    running_ = false;
    epochTarget_ = -1;
    publishSoon();
}

void TrainingWorker::stepN(int n) {
    running_ = false;
    if (trainer_ && !diverged_) runSteps(n);
    publishSoon();
}

void TrainingWorker::stepEpoch() {
    if (diverged_) return publishLastGood();
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
    if (!running_) publishSoon();
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
    if (!running_) publishSoon();
}

void TrainingWorker::setUncertainty(bool enabled, int samples) {
    mcEnabled_ = enabled;
    if (samples != mcSamples_) uncertainty_.reset();
    mcSamples_ = std::max(1, samples);
    if (!running_) publishSoon();
}

void TrainingWorker::computeMcCurve(int maxT) {
    if (!trainer_) return;
    if (diverged_) {  // the weights that failed are no answer: say why instead
        auto v = std::make_shared<McCurveView>();
        v->step = lastGood_ ? lastGood_->step : 0;
        v->error = "training diverged; press Reset (or lower the learning rate) first.";
        mcCurve_ = v;
        return publishLastGood();
    }
    try {
        // A load on its way (or a shutdown) stops it: it would replace the model anyway.
        mcCurve_ = dl::computeMcCurve(*trainer_, maxT, kMcCurveRows, interrupt_.get());
        if (!mcCurve_) {  // the view stops waiting and says why, before the load comes in
            auto v = std::make_shared<McCurveView>();
            v->step = trainer_->globalStep();
            v->error = "stopped: the network was rebuilt before it finished.";
            mcCurve_ = v;
            return publish();
        }
    } catch (const std::exception& e) {
        auto v = std::make_shared<McCurveView>();  // the view stops waiting and shows why
        v->step = trainer_->globalStep();
        v->error = e.what();
        mcCurve_ = v;
    }
    publishSoon();
}

void TrainingWorker::setImageExtras(bool eval, bool maps, int sample) {
    images_.setEval(eval);
    images_.setMaps(maps, sample);
    if (!running_) publishSoon();
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
    if (!running_) publishSoon();
}

void TrainingWorker::restartBeat() {
    if (!beatClock_.isValid()) beatClock_.start();
    nextPublishMs_ = beatClock_.elapsed() + kPublishEveryMs;
}

void TrainingWorker::publishSoon() {
    if (publishPending_) return;
    publishPending_ = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            publishPending_ = false;
            publish();
        },
        Qt::QueuedConnection);
}

void TrainingWorker::scheduleTick() {
    if (tickPending_) return;
    tickPending_ = true;
    QMetaObject::invokeMethod(this, &TrainingWorker::tick, Qt::QueuedConnection);
}

bool TrainingWorker::runSteps(long n) {
    try {
        for (long i = 0; i < n; ++i) {
            // Steps before a load that is on its way would be thrown away with the model.
            if (interrupt_->load()) return false;
            lastLoss_ = trainer_->step();
        }
    } catch (const TrainingDiverged&) {
        // The failing step either threw before its update (the step count stayed) or at the
        // end of its epoch, after it (the epoch's step counter is left full).
        const bool atEpochEnd = trainer_->stepInEpoch() >= trainer_->stepsPerEpoch();
        stopDiverged(trainer_->globalStep() + (atEpochEnd ? 0 : 1), "the loss");
        return false;
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

void TrainingWorker::stopDiverged(long step, const char* what) {
    running_ = false;
    epochTarget_ = -1;
    diverged_ = true;
    const long good = lastGood_ ? lastGood_->step : 0;
    error_ = "Training diverged at step " + std::to_string(step) + ": " + what +
             " became NaN or infinite, so it stopped and shows the last finite state (step " +
             std::to_string(good) + "); lower the learning rate or the drop rate, or press Reset.";
}

void TrainingWorker::publishLastGood() {
    auto snap = lastGood_ ? std::make_shared<TrainingSnapshot>(*lastGood_)
                          : std::make_shared<TrainingSnapshot>();
    if (!lastGood_) snap->data = data_;
    snap->running = false;
    snap->stepsPerSecond = 0.0;
    snap->diverged = true;
    snap->error = error_;
    if (mcCurve_ && !mcCurve_->error.empty()) snap->mcCurve = mcCurve_;  // "press Reset first"
    Q_EMIT snapshotReady(std::move(snap));
}

std::shared_ptr<TrainingSnapshot> TrainingWorker::buildSnapshot(bool withOutput) {
    auto snap = std::make_shared<TrainingSnapshot>();
    snap->running = running_;
    snap->error = error_;
    snap->stepsPerSecond = stepsPerSecond_;
    snap->lastBatchLoss = lastLoss_;
    if (!trainer_) return snap;
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
    return snap;
}

void TrainingWorker::publish() {
    if (diverged_) return publishLastGood();
    // The heat map is refreshed at most every kOutputEveryMs while running, always when paused.
    const bool withOutput =
        !running_ || !outputClock_.isValid() || outputClock_.elapsed() >= kOutputEveryMs;
    auto snap = buildSnapshot(withOutput);
    if (trainer_ && !snapshotFinite(*snap)) {  // a finite loss, but the weights blew up already
        stopDiverged(trainer_->globalStep(), "the network's outputs");
        return publishLastGood();
    }
    lastOutput_ = snap;
    lastGood_ = snap;
    Q_EMIT snapshotReady(std::move(snap));
}

}  // namespace dl

namespace dl {

void TrainingWorker::refreshUncertainty() {
    if (!mcEnabled_ || !trainer_) return;
    const bool stale = !uncertainty_ || uncertainty_->step != trainer_->globalStep();
    const bool due = !running_ || !mcClock_.isValid() || mcClock_.elapsed() >= kMcEveryMs;
    if (!stale || !due) return;
    // A load on its way stops it; the old view stays until the next publish computes one.
    auto view = computeUncertainty(*trainer_, bounds_, mcSamples_, interrupt_.get());
    if (!view) return;
    uncertainty_ = std::move(view);
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
    if (!running_) publishSoon();
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

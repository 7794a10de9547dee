#include "app/cli/train.h"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "core/config/experiment_setup.h"
#include "core/io/run_record.h"

namespace dl::cli {
namespace {

// The trainer's sentence, with "nothing was written" folded in when --out was given:
// "training diverged … (the loss is nan), so nothing was written; lower the learning rate."
std::string divergenceMessage(std::string what, bool hadOut) {
    if (!hadOut) return what;
    const auto advice = what.find("; ");
    if (advice == std::string::npos) {
        if (!what.empty() && what.back() == '.') what.pop_back();
        return what + ", so nothing was written.";
    }
    return what.insert(advice, ", so nothing was written");
}

void printEpoch(const EpochRecord& r, int total, bool cls) {
    std::printf("epoch %4d/%d  train_loss %.5f  val_loss %.5f", r.epoch, total, r.train.loss,
                r.val.loss);
    if (cls) std::printf("  train_acc %.4f  val_acc %.4f", r.train.accuracy, r.val.accuracy);
    if (!r.rates.empty()) {
        std::printf("  rates");
        for (const auto& [id, rate] : r.rates) std::printf(" %s=%.3f", id.c_str(), rate);
    }
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int runTrain(const TrainOptions& o) {
    auto threads = limitThreads(o.threads);
    checkOutArgument(o.out);  // before any work: a bad --out is found now, not after it
    ExperimentConfig config = loadWithOverrides(o.config, o.epochs, o.seed);
    std::unique_ptr<Trainer> trainer;
    try {
        trainer = makeTrainer(config);
    } catch (const InputError& e) {
        // Errors found while building the data or network still name the config they came from.
        throw InputError(o.config + ": " + e.what());
    }
    const bool cls = trainer->classification();
    const auto start = std::chrono::steady_clock::now();
    try {
        trainer->run(config.training.epochs, [&](const EpochRecord& r) {
            if (!o.quiet) printEpoch(r, config.training.epochs, cls);
        });
    } catch (const TrainingDiverged& e) {
        const DataSplit& d = trainer->data();
        for (const Dataset* part : {&d.train, &d.val, &d.test})
            if (!part->x.allFinite() || !part->y.allFinite())
                throw InputError(o.config +
                                 ": the data hold a value that is not finite, so "
                                 "training cannot work; check the data set.");
        printError(divergenceMessage(e.what(), !o.out.empty()));
        return 3;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    SplitMetrics final = trainer->evaluate(trainer->data().test);
    if (cls)
        std::printf("final  test_loss %.5f  test_acc %.4f  (%.2f s)\n", final.loss, final.accuracy,
                    secs);
    else
        std::printf("final  test_loss %.5f  (%.2f s)\n", final.loss, secs);
    if (!o.out.empty()) writeFileAtomically(o.out, makeRunRecord(*trainer, final, secs).dump(1));
    return 0;
}

}  // namespace dl::cli

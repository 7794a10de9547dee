#include "app/cli/predict.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "app/cli/common.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/text_preview.h"
#include "core/inference/calibration.h"
#include "core/inference/mc_inference.h"
#include "core/inference/model_precision.h"
#include "core/io/run_record.h"
#include "core/model/model_builder.h"
#include "core/training/loss.h"
#include "datasets/csv_loader.h"
#include "datasets/dataset_factory.h"

namespace dl::cli {
namespace {

// The output columns' header after the inputs.
std::vector<std::string> outputHeader(const LoadedRun& run, const std::string& mode) {
    std::vector<std::string> h;
    if (run.classification) {
        for (int k = 0; k < run.outputs; ++k)
            h.push_back("p_" +
                        (k < int(run.classNames.size()) ? run.classNames[k] : std::to_string(k)));
        if (mode == "mc") h.insert(h.end(), {"entropy", "mutual_info"});
    } else {
        for (int k = 0; k < run.outputs; ++k)
            h.push_back(run.outputs == 1 ? "mean" : "mean_" + std::to_string(k));
        if (mode == "mc")
            for (int k = 0; k < run.outputs; ++k)
                h.push_back(run.outputs == 1 ? "std" : "std_" + std::to_string(k));
    }
    return h;
}

std::string csvText(const std::vector<std::string>& inHeader, const Matrix& raw,
                    const std::vector<std::string>& outHeader, const Matrix& values) {
    std::ostringstream os;
    os << std::setprecision(7);
    auto line = [&os](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) os << (i ? "," : "") << cells[i];
        os << "\n";
    };
    std::vector<std::string> header = inHeader;
    header.insert(header.end(), outHeader.begin(), outHeader.end());
    line(header);
    for (long r = 0; r < raw.rows(); ++r) {
        for (long c = 0; c < raw.cols(); ++c) os << (c ? "," : "") << raw(r, c);
        for (long c = 0; c < values.cols(); ++c) os << "," << values(r, c);
        os << "\n";
    }
    return os.str();
}

Matrix predictValues(LoadedRun& run, const Matrix& x, const std::string& mode, McOptions mc) {
    if (mode == "deterministic") {
        std::vector<Matrix> scratch;
        PassContext ctx{Mode::Eval, mc.seed, 0, 0, false};
        Matrix out = run.network.infer(x, ctx, scratch);
        return run.classification ? softmax(out) : out;
    }
    McResult r = mcPredict(run.network, x, mc, run.classification);
    if (mode == "mc-average") return r.mean;
    Matrix values(x.rows(), r.mean.cols() + (run.classification ? 2 : r.std.cols()));
    values.leftCols(r.mean.cols()) = r.mean;
    if (run.classification) {
        values.col(r.mean.cols()) = r.entropy;
        values.col(r.mean.cols() + 1) = r.mutualInfo;
    } else {
        values.rightCols(r.std.cols()) = r.std;
    }
    return values;
}

// The model's input names for a message: the first few, previewed, so it stays one line.
std::string namesText(const std::vector<std::string>& names) {
    constexpr std::size_t kShown = 5;
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i)
        text += (i ? ", " : "") + quotedPreview(names[i]);
    if (names.size() > kShown) text += ", … (" + std::to_string(names.size()) + " in all)";
    return text;
}

// The input columns in the model's order, matched by name (any order); a missing or unknown
// column is an error naming it.
Matrix byName(const LoadedRun& run, const Matrix& raw, const std::vector<std::string>& header,
              const std::string& input) {
    const std::string expected = namesText(run.inputNames);
    for (const std::string& h : header)
        if (std::find(run.inputNames.begin(), run.inputNames.end(), h) == run.inputNames.end())
            throw InputError(input + ": column " + quotedPreview(h) +
                             " is not an input of the model; its inputs are " + expected + ".");
    Matrix x(raw.rows(), Eigen::Index(run.inputNames.size()));
    for (std::size_t i = 0; i < run.inputNames.size(); ++i) {
        auto it = std::find(header.begin(), header.end(), run.inputNames[i]);
        if (it == header.end())
            throw InputError(input + ": no column named " + quotedPreview(run.inputNames[i]) +
                             "; the model's inputs are " + expected + ".");
        x.col(Eigen::Index(i)) = raw.col(it - header.begin());
    }
    return x;
}

// Rows × (activations per sample, and passes × outputs) must fit the activation limit.
void checkPredictSize(LoadedRun& run, long rows, int passes, const std::string& what) {
    const std::int64_t perRow = activationValuesPerSample(run.network);
    const std::int64_t act = saturatingMul(rows, perRow);
    const std::int64_t kept = saturatingMul(saturatingMul(rows, passes), run.outputs);
    if (act > kMaxActivationValues || kept > kMaxActivationValues)
        throw InputError(what + ": " + std::to_string(rows) + " rows with " +
                         std::to_string(passes) + " pass(es) would hold " +
                         std::to_string(std::max(act, kept)) + " values, more than the limit of " +
                         std::to_string(kMaxActivationValues) +
                         " (1 GiB of floats); use fewer rows or fewer --samples.");
}

}  // namespace

int runPredict(const PredictOptions& o) {
    auto threads = limitThreads(o.threads);
    checkOutArgument(o.out);  // before any work: a bad --out is found now, not after it
    LoadedRun run = loadRun(o.run);
    const std::string mode = o.mode.empty() ? run.config.inference.mode : o.mode;
    if (mode != "deterministic" && mode != "mc" && mode != "mc-average")
        throw InputError("--mode: expected deterministic, mc or mc-average, got \"" + mode + "\".");
    McOptions mc;
    mc.samples = o.samples.value_or(run.config.inference.samples);
    if (mc.samples < 1) throw InputError("--samples: expected a whole number ≥ 1.");
    mc.sharing = maskSharingFromName(o.sharing.empty() ? run.config.inference.sharing : o.sharing);
    mc.seed = o.seed.value_or(run.config.seed);
    mc.tauInverse = inverseModelPrecision(run.config.inference, run.network, run.trainSize);
    std::vector<std::string> inHeader;
    Matrix raw = readCsvMatrix(o.input, &inHeader);
    const int expected = shapeSize(run.inputShape);
    Matrix x = run.inputNames.empty() ? raw : byName(run, raw, inHeader, o.input);
    if (x.cols() != expected)
        throw InputError(o.input + ": has " + std::to_string(raw.cols()) +
                         " columns; the model expects " + std::to_string(expected) +
                         " inputs (the run names no input columns, so they go by position).");
    checkPredictSize(run, x.rows(), mode == "deterministic" ? 1 : mc.samples, o.input);
    run.standardizer.apply(x, o.input);
    Matrix values = predictValues(run, x, mode, mc);
    if (!values.allFinite())
        throw InputError(o.run + ": the model's outputs for " + o.input +
                         " are not finite (its weights or the inputs are too large for float "
                         "arithmetic); nothing was written.");
    const std::string text = csvText(inHeader, raw, outputHeader(run, mode), values);
    if (o.out.empty())
        std::fputs(text.c_str(), stdout);
    else
        writeFileAtomically(o.out, text);
    return 0;
}

int runMcCurve(const McCurveOptions& o) {
    auto threads = limitThreads(o.threads);
    checkOutArgument(o.out);  // before any work: a bad --out is found now, not after it
    LoadedRun run = loadRun(o.run);
    if (o.maxSamples < 1) throw InputError("--max-samples: expected a whole number ≥ 1.");
    DataSplit data = loadDataSplit(run.config.dataset, run.config.seed);
    const Dataset& d = o.split == "val" ? data.val : data.test;
    checkDataMatchesRun(run, d, o.run);
    checkPredictSize(run, d.x.rows(), o.maxSamples, "--max-samples");
    Matrix x = d.x;
    run.standardizer.apply(x, o.run);
    McOptions mc;
    mc.samples = o.maxSamples;
    mc.sharing = maskSharingFromName(run.config.inference.sharing);
    mc.seed = run.config.seed;
    std::vector<Matrix> passes = mcPasses(run.network, x, mc, run.classification);
    std::vector<Matrix> scratch;
    Matrix det = run.network.infer(x, PassContext{Mode::Eval, mc.seed, 0, 0, false}, scratch);
    std::ostringstream os;
    os << std::setprecision(6);
    if (run.classification) {
        auto ws = calibrateClassification(softmax(det), d.y);
        os << "T,mc_acc,mc_nll,mc_ece,ws_acc,ws_nll,ws_ece\n";
        Matrix sum = Matrix::Zero(x.rows(), run.outputs);
        for (int t = 0; t < o.maxSamples; ++t) {
            sum += passes[t];
            auto mcCal = calibrateClassification(sum / float(t + 1), d.y);
            os << t + 1 << "," << mcCal.accuracy << "," << mcCal.nll << "," << mcCal.ece << ","
               << ws.accuracy << "," << ws.nll << "," << ws.ece << "\n";
        }
    } else {
        os << "T,mc_rmse,ws_rmse\n";
        Matrix sum = Matrix::Zero(x.rows(), run.outputs);
        const double wsRmse = std::sqrt((det - d.y).squaredNorm() / double(det.size()));
        for (int t = 0; t < o.maxSamples; ++t) {
            sum += passes[t];
            Matrix mean = sum / float(t + 1);
            os << t + 1 << "," << std::sqrt((mean - d.y).squaredNorm() / double(mean.size())) << ","
               << wsRmse << "\n";
        }
    }
    if (o.out.empty())
        std::fputs(os.str().c_str(), stdout);
    else
        writeFileAtomically(o.out, os.str());
    return 0;
}

}  // namespace dl::cli

#pragma once
// The one gradient checker of the test suites: central differences of the loss against the
// analytic gradients, for every parameter of every layer AND for the input (dL/din). Use
// checkLayerGradients for one layer of any type, checkNetworkGradients for a whole network,
// compareWithDifferences for anything else with a loss, and assert with gradientsMatch.
//
// The layers compute in float, so each difference quotient divides by the step actually
// taken (the float values up and down, subtracted in double), and the loss is summed in
// double. The relative error of an entry is |numeric − analytic| / max(floor, |numeric| +
// |analytic|): a sign error, a missing factor or a zeroed gradient scores near 1, float noise
// stays below 1e-3.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "base/matrix.h"
#include "core/layers/layer.h"
#include "core/model/network.h"
#include "core/training/loss.h"

namespace dl::test {

/// One tensor whose gradient is checked: the values the loss reads (perturbed in place, one
/// entry at a time, and restored) and the analytic gradient of the loss for them.
struct GradientSlot {
    std::string name;
    Matrix* values = nullptr;
    Matrix analytic;
};

/// What the check found for one slot: its worst entry, and whether it says anything at all.
struct SlotResult {
    std::string name;
    long entries = 0;
    double worst = 0.0;  ///< largest relative error over the entries
    long worstIndex = -1;
    double numeric = 0.0, analytic = 0.0;  ///< at worstIndex
    double largestNumeric = 0.0;  ///< largest |difference quotient|; 0: the loss ignores the slot
};

struct GradientReport {
    std::vector<SlotResult> slots;
    std::vector<std::string> problems;  ///< e.g. a gradient of the wrong shape (not compared)

    double worst() const {
        double w = 0.0;
        for (const auto& s : slots) w = std::max(w, s.worst);
        return w;
    }
    const SlotResult* slot(const std::string& name) const {
        for (const auto& s : slots)
            if (s.name == name) return &s;
        return nullptr;
    }
};

struct GradientCheckOptions {
    double step = 1e-2;   ///< how far each value moves up and down
    double floor = 1e-2;  ///< the smallest denominator of the relative error
};

/// Compares every slot's analytic gradient with central differences of `loss` (which must
/// read the slots' current values and be deterministic).
inline GradientReport compareWithDifferences(const std::function<double()>& loss,
                                             const std::vector<GradientSlot>& slots,
                                             const GradientCheckOptions& options = {}) {
    GradientReport report;
    for (const GradientSlot& slot : slots) {
        Matrix& v = *slot.values;
        if (slot.analytic.rows() != v.rows() || slot.analytic.cols() != v.cols()) {
            report.problems.push_back(slot.name + ": gradient is " +
                                      std::to_string(slot.analytic.rows()) + "×" +
                                      std::to_string(slot.analytic.cols()) + ", values are " +
                                      std::to_string(v.rows()) + "×" + std::to_string(v.cols()));
            continue;
        }
        SlotResult r;
        r.name = slot.name;
        r.entries = long(v.size());
        for (long i = 0; i < r.entries; ++i) {
            float& value = v.data()[i];
            const float keep = value;
            const float up = float(double(keep) + options.step);
            const float down = float(double(keep) - options.step);
            value = up;
            const double lossUp = loss();
            value = down;
            const double lossDown = loss();
            value = keep;
            const double numeric = (lossUp - lossDown) / (double(up) - double(down));
            const double analytic = slot.analytic.data()[i];
            const double err = std::abs(numeric - analytic) /
                               std::max(options.floor, std::abs(numeric) + std::abs(analytic));
            r.largestNumeric = std::max(r.largestNumeric, std::abs(numeric));
            if (r.worstIndex < 0 || err > r.worst) {
                r.worst = err;
                r.worstIndex = i;
                r.numeric = numeric;
                r.analytic = analytic;
            }
        }
        report.slots.push_back(r);
    }
    return report;
}

/// A fixed pattern of weights in [−1, 1], the same at every call.
inline Matrix gradientCheckWeights(long rows, long cols) {
    Matrix w(rows, cols);
    for (long i = 0; i < w.size(); ++i) w.data()[i] = float(std::sin(1.7 * double(i) + 0.5));
    return w;
}

/// Checks dL/din and every parameter gradient of `layer` for L = Σ out ⊙ W, W a fixed
/// pattern (or `weights`). Every pass runs with `ctx`; in Train mode its (seed, step) key
/// freezes the dropout masks, so each difference quotient sees the masks backward used. The
/// layer is left with the Train caches of x0.
inline GradientReport checkLayerGradients(Layer& layer, const Matrix& x0, const PassContext& ctx,
                                          const GradientCheckOptions& options = {},
                                          const Matrix* weights = nullptr) {
    Matrix x = x0, out, dIn;
    layer.forward(x, out, ctx);
    const Matrix w = weights ? *weights : gradientCheckWeights(out.rows(), out.cols());
    GradientReport shapes;
    if (w.rows() != out.rows() || w.cols() != out.cols()) {
        shapes.problems.push_back("weights do not have the output's shape");
        return shapes;
    }
    layer.backward(x, out, w, &dIn);
    std::vector<GradientSlot> slots;
    for (Param* p : layer.params())
        slots.push_back({layer.kind() + "." + p->name, &p->value, p->grad});
    slots.push_back({"input", &x, dIn});
    auto loss = [&] {
        Matrix o;
        layer.forward(x, o, ctx);
        return (o.cast<double>().array() * w.cast<double>().array()).sum();
    };
    GradientReport report = compareWithDifferences(loss, slots, options);
    layer.forward(x, out, ctx);  // leave the Train caches matching x
    return report;
}

/// Checks dL/dx and every parameter gradient of `net` for L = the mean `kind` loss against y,
/// every pass with `ctx`. The parameter gradients are Network::backward's. Network::backward
/// never computes the data's gradient, so dL/dx comes from the same layers run one by one
/// (forward, then backward down to the first layer's input).
inline GradientReport checkNetworkGradients(Network& net, const Matrix& x0, const Matrix& y,
                                            LossKind kind, const PassContext& ctx,
                                            const GradientCheckOptions& options = {}) {
    Matrix x = x0;
    std::vector<Matrix> acts(std::size_t(net.layerCount()) + 1);
    acts[0] = x;
    for (int i = 0; i < net.layerCount(); ++i) net.layer(i).forward(acts[i], acts[i + 1], ctx);
    Matrix g, dIn;
    computeLoss(kind, acts.back(), y, &g);
    for (int i = net.layerCount() - 1; i >= 0; --i) {
        net.layer(i).backward(acts[i], acts[i + 1], g, &dIn);
        std::swap(g, dIn);
    }
    const Matrix inputGradient = net.layerCount() > 0 ? g : Matrix();

    computeLoss(kind, net.forward(x, ctx), y, &g);
    net.backward(g);
    std::vector<GradientSlot> slots;
    for (int i = 0; i < net.layerCount(); ++i)
        for (Param* p : net.layer(i).params())
            slots.push_back(
                {"layer " + std::to_string(i) + " " + net.layer(i).kind() + "." + p->name,
                 &p->value, p->grad});
    slots.push_back({"input", &x, inputGradient});
    auto loss = [&] { return computeLoss(kind, net.forward(x, ctx), y, nullptr).meanLoss(); };
    return compareWithDifferences(loss, slots, options);
}

/// One line per slot: entries, worst relative error and where.
inline std::string describe(const GradientReport& report) {
    std::string text;
    for (const auto& p : report.problems) text += "  " + p + "\n";
    for (const auto& s : report.slots) {
        char line[256];
        std::snprintf(line, sizeof line,
                      "  %s: %ld entries, worst relative error %.3g at [%ld] (numeric %.6g, "
                      "analytic %.6g), largest |numeric| %.3g\n",
                      s.name.c_str(), s.entries, s.worst, s.worstIndex, s.numeric, s.analytic,
                      s.largestNumeric);
        text += line;
    }
    return text;
}

/// Success when every slot was compared, every slot's gradient matters (some difference
/// quotient is not 0, so the comparison is not vacuous), an input slot was checked, and every
/// entry's relative error is below `tolerance`.
inline ::testing::AssertionResult gradientsMatch(const GradientReport& report, double tolerance) {
    std::string why;
    if (!report.problems.empty()) why += "not every gradient could be compared; ";
    if (!report.slot("input")) why += "no input gradient was checked; ";
    for (const auto& s : report.slots) {
        if (s.entries == 0)
            why += s.name + " has no entries; ";
        else if (s.largestNumeric == 0.0)
            why += s.name + " does not change the loss; ";
        if (s.worst >= tolerance) why += s.name + " is off; ";
    }
    if (why.empty()) return ::testing::AssertionSuccess();
    char limit[64];
    std::snprintf(limit, sizeof limit, "tolerance %.3g: ", tolerance);
    return ::testing::AssertionFailure() << limit << why << "\n" << describe(report);
}

}  // namespace dl::test

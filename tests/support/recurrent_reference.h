#pragma once
// A plain double-precision LSTM and GRU written straight from the equations (PyTorch gate
// order), with explicit masks, to check core/layers/lstm_layer and core/layers/gru_layer against.
#include <cmath>
#include <vector>

#include "core/layers/recurrent_layer.h"

namespace dl::test {

/// One sequence's masks, each [T, groups·width] row-major as DropoutSite::lastMask() stores them
/// (null: no mask). u is zoneout's update mask [T, H] (1 update, 0 hold; 1 − rate at test).
struct ReferenceMasks {
    const float* zx = nullptr;
    int xGroups = 1;
    const float* zh = nullptr;
    int hGroups = 1;
    const float* u = nullptr;
};

/// The parameters of a layer, read once.
struct ReferenceParams {
    Matrix wih, whh, bih, bhh;
    int inputs, units;
    explicit ReferenceParams(RecurrentLayer& l)
        : wih(l.weightIh().value),
          whh(l.weightHh().value),
          bih(l.biasIh().value),
          bhh(l.biasHh().value),
          inputs(int(l.weightIh().value.cols())),
          units(int(l.weightHh().value.cols())) {}

    // W_ih·x̃ + b_ih for gate g, unit j at timestep t (the mask of gate g's group).
    double inputPart(int g, int j, int t, const float* x, const ReferenceMasks& m) const {
        double a = bih(0, g * units + j);
        for (int f = 0; f < inputs; ++f) {
            double z = 1.0;
            if (m.zx) z = m.zx[(t * m.xGroups + (m.xGroups > 1 ? g : 0)) * inputs + f];
            a += double(wih(g * units + j, f)) * x[t * inputs + f] * z;
        }
        return a;
    }
    // W_hh·h̃ + b_hh for gate g, unit j at timestep t.
    double recurrentPart(int g, int j, int t, const std::vector<double>& h,
                         const ReferenceMasks& m) const {
        double a = bhh(0, g * units + j);
        for (int k = 0; k < units; ++k) {
            double z = 1.0;
            if (m.zh) z = m.zh[(t * m.hGroups + (m.hGroups > 1 ? g : 0)) * units + k];
            a += double(whh(g * units + j, k)) * h[k] * z;
        }
        return a;
    }
};

inline double sigmoid(double v) {
    return 1.0 / (1.0 + std::exp(-v));
}

/// All states h_0 … h_{T−1} of one sequence x [T·F], LSTM equations.
inline std::vector<std::vector<double>> referenceLstm(const ReferenceParams& p, const float* x,
                                                      int timesteps, const ReferenceMasks& m) {
    const int h = p.units;
    std::vector<double> hs(h, 0.0), cs(h, 0.0);
    std::vector<std::vector<double>> out;
    for (int t = 0; t < timesteps; ++t) {
        std::vector<double> hn(h), cn(h);
        for (int j = 0; j < h; ++j) {
            auto pre = [&](int g) {
                return p.inputPart(g, j, t, x, m) + p.recurrentPart(g, j, t, hs, m);
            };
            const double i = sigmoid(pre(0)), f = sigmoid(pre(1)), g = std::tanh(pre(2));
            const double o = sigmoid(pre(3));
            const double c = f * cs[j] + i * g, hh = o * std::tanh(c);
            const double u = m.u ? m.u[t * h + j] : 1.0;
            cn[j] = cs[j] + u * (c - cs[j]);
            hn[j] = hs[j] + u * (hh - hs[j]);
        }
        hs = hn;
        cs = cn;
        out.push_back(hs);
    }
    return out;
}

/// All states of one sequence, GRU equations.
inline std::vector<std::vector<double>> referenceGru(const ReferenceParams& p, const float* x,
                                                     int timesteps, const ReferenceMasks& m) {
    const int h = p.units;
    std::vector<double> hs(h, 0.0);
    std::vector<std::vector<double>> out;
    for (int t = 0; t < timesteps; ++t) {
        std::vector<double> hn(h);
        for (int j = 0; j < h; ++j) {
            const double r = sigmoid(p.inputPart(0, j, t, x, m) + p.recurrentPart(0, j, t, hs, m));
            const double z = sigmoid(p.inputPart(1, j, t, x, m) + p.recurrentPart(1, j, t, hs, m));
            const double n =
                std::tanh(p.inputPart(2, j, t, x, m) + r * p.recurrentPart(2, j, t, hs, m));
            const double fresh = (1.0 - z) * n + z * hs[j];
            const double u = m.u ? m.u[t * h + j] : 1.0;
            hn[j] = hs[j] + u * (fresh - hs[j]);
        }
        hs = hn;
        out.push_back(hs);
    }
    return out;
}

}  // namespace dl::test

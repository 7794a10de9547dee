#pragma once
// What the "Sequences" tab shows for one validation sequence: its inputs, target, the model's
// prediction and, for next-value forecasting, a closed-loop roll-out beyond the window.
#include <string>
#include <vector>

namespace dl {

/// One validation sequence and the model's answers for it, computed in the worker.
struct SequenceInspection {
    long step = -1;     ///< training step of the weights used
    int index = 0;      ///< row of the validation split
    int count = 0;      ///< validation sequences in all
    int timesteps = 0;  ///< T
    int features = 0;   ///< F (the plot shows feature 0)
    bool classification = false;
    std::vector<float> inputs;      ///< [T·F], timestep-major
    std::vector<float> target;      ///< regression: the target row; classification: {class}
    std::vector<float> prediction;  ///< the deterministic output row (class probabilities)
    std::vector<std::string> classNames;
    /// Forecasting only (one feature, one output): prediction fed back as the next input for
    /// `rollout.size()` steps at t = T, T + 1, …; rollout[0] is prediction[0].
    std::vector<float> rollout;
    /// The true values at t = T, T + 1, … when the generator can extend the sequence.
    std::vector<float> truth;
};

}  // namespace dl

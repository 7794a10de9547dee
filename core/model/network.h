#pragma once
// A feed-forward stack of layers with its activations kept for backward.
#include <memory>
#include <string>
#include <vector>

#include "core/dropout/dropout_layer.h"
#include "core/layers/layer.h"
#include "core/model/model_description.h"
#include "core/training/loss.h"

namespace dl {

/// Layers in order, the input shape, and the dropout sites among them.
class Network {
  public:
    explicit Network(std::vector<int> inputShape) : inputShape_(std::move(inputShape)) {}
    Network(const Network& other);
    Network& operator=(const Network& other);
    Network(Network&&) = default;
    Network& operator=(Network&&) = default;

    void add(std::unique_ptr<Layer> layer);
    const std::vector<int>& inputShape() const { return inputShape_; }
    std::vector<int> outputShape() const;
    int layerCount() const { return static_cast<int>(layers_.size()); }
    Layer& layer(int i) { return *layers_[i]; }
    const Layer& layer(int i) const { return *layers_[i]; }

    /// Runs every layer; returns the output (kept until the next forward).
    const Matrix& forward(const Eigen::Ref<const Matrix>& x, const PassContext& ctx);
    /// A forward pass that leaves the kept activations alone (for evaluation and
    /// prediction between training steps); `scratch` holds the intermediate values.
    const Matrix& infer(const Matrix& x, const PassContext& ctx, std::vector<Matrix>& scratch);
    /// Back-propagates dL/doutput through the last forward pass, filling every param grad.
    void backward(const Matrix& dOut);
    /// Output of layer i in the last forward pass (i = -1: the input); empty before any pass,
    /// and for a channel dropout that a Train pass fused with the pooling layer after it.
    const Matrix& activation(int i) const;

    /// One typed entry per layer: kind, shapes, activation, dropout site ids.
    ModelDescription describe();

    std::vector<Param*> params();
    /// Adds the gradients of every concrete dropout site's regulariser (after backward).
    void applyRegularizers(int trainSize);
    /// Sets a site's rate; a concrete site restarts learning from it. False if there is no
    /// such site.
    bool setSiteRate(const std::string& id, double rate);
    /// Lets every concrete site report its learned rate (after an optimiser step).
    void syncLearnedRates();
    /// Every dropout site, in network order.
    std::vector<DropoutSite*> sites();
    DropoutSite* site(const std::string& id);
    long parameterCount();
    /// Values per sample of the widest stage (input or any layer's output): what bounds
    /// the memory of a batch.
    long widestValues() const;

  private:
    std::vector<int> inputShape_;
    std::vector<std::unique_ptr<Layer>> layers_;
    /// Runs layers i and i + 1 as one when they fuse (see network.cpp); false if they do not.
    bool forwardFused(std::size_t i, const PassContext& ctx);

    std::vector<Matrix> acts_;  ///< acts_[0] = input, acts_[i+1] = output of layer i
    std::vector<bool> fused_;   ///< fused_[i]: layers i and i + 1 ran as one in the last forward
    Matrix gradA_, gradB_;
};

}  // namespace dl

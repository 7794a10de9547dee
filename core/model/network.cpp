#include "core/model/network.h"

#include "core/dropout/concrete_dropout_layer.h"
#include "core/layers/pool2d_layer.h"

namespace dl {

Network::Network(const Network& other) : inputShape_(other.inputShape_) {
    for (const auto& l : other.layers_) layers_.push_back(l->clone());
}

Network& Network::operator=(const Network& other) {
    if (this != &other) {
        Network copy(other);
        *this = std::move(copy);
    }
    return *this;
}

void Network::add(std::unique_ptr<Layer> layer) {
    layers_.push_back(std::move(layer));
}

std::vector<int> Network::outputShape() const {
    return layers_.empty() ? inputShape_ : layers_.back()->outputShape();
}

const Matrix& Network::forward(const Eigen::Ref<const Matrix>& x, const PassContext& ctx) {
    acts_.resize(layers_.size() + 1);
    fused_.assign(layers_.size(), false);
    acts_[0] = x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        if (forwardFused(i, ctx)) {
            fused_[i] = true;
            ++i;  // the pool ran too
            continue;
        }
        layers_[i]->forward(acts_[i], acts_[i + 1], ctx);
    }
    return acts_.back();
}

// Channel dropout followed by a pooling layer, in a Train pass: the dropout only draws its
// per-(sample, channel) multipliers and the pool applies them as it reads the maps, so the
// dropped-out maps (3 MB a step for W3's first layer) are never written out and read back.
// The results are bit-identical; the dropout's own output stays empty (nothing displays it).
bool Network::forwardFused(std::size_t i, const PassContext& ctx) {
    if (i + 1 >= layers_.size()) return false;
    auto* drop = dynamic_cast<DropoutLayer*>(layers_[i].get());
    auto* pool = dynamic_cast<Pool2DLayer*>(layers_[i + 1].get());
    if (!drop || !pool) return false;
    const Matrix* scales = drop->keepChannelScales(acts_[i].rows(), ctx);
    if (!scales) return false;
    acts_[i + 1].resize(0, 0);
    pool->forwardScaled(acts_[i], *scales, acts_[i + 2], ctx);
    return true;
}

const Matrix& Network::infer(const Matrix& x, const PassContext& ctx,
                             std::vector<Matrix>& scratch) {
    scratch.resize(2);
    const Matrix* in = &x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        Matrix& out = scratch[i % 2];
        layers_[i]->forward(*in, out, ctx);
        in = &out;
    }
    if (in == &x) scratch[0] = x;
    return in == &x ? scratch[0] : *in;
}

void Network::backward(const Matrix& dOut) {
    // Below the first layer with parameters no gradient is needed: stop there, and do not
    // compute that layer's input gradient (the data's).
    int first = 0;
    while (first < int(layers_.size()) && layers_[first]->params().empty()) ++first;
    gradA_ = dOut;
    for (int i = static_cast<int>(layers_.size()) - 1; i >= first; --i) {
        // A fused dropout + pool pair (its pool is layer i) runs as one: the pool's input
        // gradient times the dropout's scales, in one pass.
        const bool pair = i >= 1 && std::size_t(i) <= fused_.size() && fused_[i - 1];
        Matrix* dIn = i - (pair ? 1 : 0) > first ? &gradB_ : nullptr;
        if (pair) {
            auto& drop = static_cast<DropoutLayer&>(*layers_[i - 1]);
            static_cast<Pool2DLayer&>(*layers_[i])
                .backwardScaled(gradA_, *drop.site().compactMask(), dIn);
            --i;
        } else {
            layers_[i]->backward(acts_[i], acts_[i + 1], gradA_, dIn);
        }
        if (dIn) std::swap(gradA_, gradB_);
    }
}

const Matrix& Network::activation(int i) const {
    static const Matrix kEmpty;
    const auto k = static_cast<std::size_t>(i + 1);
    return k < acts_.size() ? acts_[k] : kEmpty;
}

void Network::applyRegularizers(int trainSize) {
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        auto* concrete = dynamic_cast<ConcreteDropoutLayer*>(layers_[i].get());
        if (!concrete) continue;
        // The weights the dropped values feed: the next layer that has any.
        for (std::size_t j = i + 1; j < layers_.size(); ++j) {
            auto ps = layers_[j]->params();
            if (ps.empty()) continue;
            concrete->regularize(*ps.front(), trainSize);
            break;
        }
    }
}

bool Network::setSiteRate(const std::string& id, double rate) {
    DropoutSite* s = site(id);
    if (!s) return false;
    s->setRate(rate);
    for (auto& l : layers_)
        if (auto* concrete = dynamic_cast<ConcreteDropoutLayer*>(l.get()))
            if (concrete->sites().front()->id() == id) concrete->resetRate(rate);
    return true;
}

void Network::syncLearnedRates() {
    for (auto& l : layers_)
        if (auto* concrete = dynamic_cast<ConcreteDropoutLayer*>(l.get())) concrete->syncRate();
}

std::vector<Param*> Network::params() {
    std::vector<Param*> all;
    for (auto& l : layers_)
        for (Param* p : l->params()) all.push_back(p);
    return all;
}

std::vector<DropoutSite*> Network::sites() {
    std::vector<DropoutSite*> all;
    for (auto& l : layers_)
        for (DropoutSite* s : l->sites()) all.push_back(s);
    return all;
}

DropoutSite* Network::site(const std::string& id) {
    for (DropoutSite* s : sites())
        if (s->id() == id) return s;
    return nullptr;
}

long Network::widestValues() const {
    long widest = shapeSize(inputShape_);
    for (const auto& l : layers_) widest = std::max(widest, long(shapeSize(l->outputShape())));
    return widest;
}

ModelDescription Network::describe() {
    ModelDescription d{inputShape_, {}};
    std::vector<int> in = inputShape_;
    for (int i = 0; i < layerCount(); ++i) {
        Layer& l = *layers_[size_t(i)];
        LayerDescription e{i, l.layerKind(), in, l.outputShape(), l.appliedActivation(), {}};
        for (DropoutSite* s : l.sites()) e.siteIds.push_back(s->id());
        in = e.outputShape;
        d.layers.push_back(std::move(e));
    }
    return d;
}

long Network::parameterCount() {
    long n = 0;
    for (Param* p : params()) n += p->value.size();
    return n;
}

}  // namespace dl

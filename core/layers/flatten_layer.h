#pragma once
// Flatten: rows are already stored flat (CHW row-major), so only the shape changes.
#include "core/layers/layer.h"

namespace dl {

/// Identity on the data; turns a {C, H, W} (or any) sample shape into {C·H·W}.
class FlattenLayer : public Layer {
  public:
    explicit FlattenLayer(std::vector<int> inputShape) : size_(shapeSize(inputShape)) {}

    LayerKind layerKind() const override { return LayerKind::Flatten; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<FlattenLayer>(*this); }
    std::vector<int> outputShape() const override { return {size_}; }
    void forward(const Matrix& in, Matrix& out, const PassContext&) override { out = in; }
    void backward(const Matrix&, const Matrix&, const Matrix& dOut, Matrix* dIn) override {
        if (dIn) *dIn = dOut;
    }

  private:
    int size_;
};

}  // namespace dl

#pragma once
// Pooling over C×H×W samples: max or average over k×k windows, and global average pooling.
#include <Eigen/Core>

#include <cstdint>

#include "core/kernels/thread_scratch.h"
#include "core/layers/conv_geometry.h"
#include "core/layers/layer.h"

namespace dl {

/// How a pooling window is reduced.
enum class PoolKind { Max, Average };

/// MaxPool2D / AvgPool2D: k×k windows moved by `stride`, no padding; channels stay separate.
class Pool2DLayer : public Layer {
  public:
    /// geometry.kernel is the window size; geometry.padding must be 0.
    Pool2DLayer(PoolKind kind, ConvGeometry geometry);

    LayerKind layerKind() const override {
        return kind_ == PoolKind::Max ? LayerKind::MaxPool2D : LayerKind::AvgPool2D;
    }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Pool2DLayer>(*this); }
    std::vector<int> outputShape() const override;
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;

    /// forward on the output of a channel dropout (or any per-(sample, channel) scaling) not
    /// written out: each value is read as in · scales(row, channel), the product the layer
    /// before would have stored, so results are bit-identical. Network pairs the two.
    void forwardScaled(const Matrix& in, const Matrix& scales, Matrix& out, const PassContext& ctx);
    /// backward of such a pair: this layer's input gradient times the scales, i.e. the
    /// scaling layer's input gradient, in the same pass over each row.
    void backwardScaled(const Matrix& dOut, const Matrix& scales, Matrix* dIn);

    PoolKind poolKind() const { return kind_; }
    const ConvGeometry& geometry() const { return geom_; }

  private:
    using IndexMatrix =
        Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    void forwardRows(const Matrix& in, Matrix& out, const PassContext& ctx, const Matrix* scales);
    void backwardRows(const Matrix& dOut, Matrix* dIn, const Matrix* scales);
    /// One sample; scales (one per channel, or null) multiply each value as it is read.
    void maxRow(const float* in, float* out, std::int32_t* argmax, const float* scales);
    void max2x2Row(const float* in, float* out, std::int32_t* argmax, const float* scales);
    void averageRow(const float* in, float* out, const float* scales) const;

    PoolKind kind_;
    ConvGeometry geom_;
    IndexMatrix argmax_;  ///< max: input index of every output of the last Train pass
    /// 2×2 max over one sample: pair maxima (horizontal, then vertical) and winners' indices.
    struct PairScratch {
        std::vector<float> pairMax, windowMax;
        std::vector<std::int32_t> pairArg, windowArg;
    };
    ThreadScratch<PairScratch> pairs_;
};

/// Global average pooling: each channel's H×W map becomes its mean; output shape {C}.
class GlobalAvgPoolLayer : public Layer {
  public:
    explicit GlobalAvgPoolLayer(std::vector<int> inputShape);

    LayerKind layerKind() const override { return LayerKind::GlobalAvgPool; }
    std::unique_ptr<Layer> clone() const override {
        return std::make_unique<GlobalAvgPoolLayer>(*this);
    }
    std::vector<int> outputShape() const override { return {channels_}; }
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;

  private:
    int channels_;
    int positions_;  ///< H·W
};

}  // namespace dl

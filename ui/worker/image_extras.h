#pragma once
// What the image tabs (Images, Confusion, Feature maps) get from the worker beyond the
// usual snapshot: predictions on held-out images and one mini-batch sample's feature maps.
#include <string>
#include <vector>

#include "core/config/experiment_config.h"

namespace dl {

/// Deterministic (weight-scaled) predictions on the first images of the validation split.
struct ImageEvalView {
    long step = -1;
    std::string split = "validation";
    int splitSize = 0;  ///< images in the whole split
    int numClasses = 0;
    std::vector<int> rows;          ///< evaluated rows of the split (0 … rows.size() − 1)
    std::vector<int> truth;         ///< true class of each evaluated row
    std::vector<int> predicted;     ///< arg-max class of each evaluated row
    std::vector<float> confidence;  ///< softmax probability of the predicted class
    std::vector<long> confusion;    ///< numClasses², row-major: [true class][predicted class]
    int correct = 0;                ///< rows with predicted == truth

    int evaluated() const { return int(rows.size()); }
    double accuracy() const { return rows.empty() ? 0.0 : double(correct) / double(rows.size()); }
    long cell(int trueClass, int predictedClass) const {
        return confusion[size_t(trueClass * numClasses + predictedClass)];
    }
};

/// One conv layer's output for the chosen sample and the mask its dropout site gave it.
struct FeatureMapLayer {
    std::string name;         ///< "conv 1"
    std::string siteId;       ///< empty when the layer has no dropout site
    std::string variant;      ///< the variant the shown mask was drawn with
    std::string nextVariant;  ///< the site's variant from the next step on
    double rate = 0.0;
    int blockSize = 0;  ///< block variant: side of the dropped squares
    int channels = 0, height = 0, width = 0;
    std::vector<float> values;  ///< the layer's output before dropout, C·H·W (CHW order)
    std::vector<float> mask;    ///< multipliers of the sample (0 = dropped); empty: no site
};

/// One sample of the last training mini-batch as it went through the conv layers.
struct FeatureMapSample {
    long step = -1;
    int sample = 0;               ///< row of the mini-batch
    int batchRows = 0;            ///< rows in the mini-batch
    int label = -1;               ///< the sample's class (-1: unknown)
    std::vector<int> inputShape;  ///< {C, H, W}
    std::vector<float> input;     ///< the sample's pixels
    std::vector<FeatureMapLayer> layers;
};

/// Image classification data ({C, H, W} samples): shapes, fashion-mnist, idx.
bool isImageExperiment(const ExperimentConfig& config);
/// An image experiment with at least one conv2d layer.
bool hasConvLayers(const ExperimentConfig& config);

}  // namespace dl

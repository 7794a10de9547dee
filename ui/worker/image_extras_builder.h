#pragma once
// Computes the image tabs' extras in the worker thread, between training steps.
#include <QElapsedTimer>

#include <map>
#include <memory>

#include "ui/worker/image_extras.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

class Trainer;

/// Deterministic predictions on the first `maxRows` validation images, with the confusion matrix.
std::shared_ptr<const ImageEvalView> computeImageEval(Trainer& trainer, int maxRows);

/// Row `sample` of the last training mini-batch through every conv layer, with the masks of
/// the sites after them; `drawnVariants` names the variant each site's shown mask was drawn
/// with (missing: the site's current one). Null before the first step.
std::shared_ptr<const FeatureMapSample> computeFeatureMaps(
    Trainer& trainer, int sample, const std::map<std::string, std::string>& drawnVariants = {});

/// The worker's state for the image tabs: what is asked for, when predictions are due and
/// which variant drew the masks on show. Predictions cost a forward pass over up to
/// kEvalRows images, so they are refreshed about once a second while training runs and once
/// per step while paused; feature maps are one sample's rows, copied with every snapshot.
class ImageExtras {
  public:
    static constexpr int kEvalRows = 2000;
    void reset();
    void setEval(bool on) { eval_ = on; }
    void setMaps(bool on, int sample) {
        maps_ = on;
        sample_ = sample;
    }
    /// Adds the enabled extras to `s`.
    void fill(Trainer& trainer, TrainingSnapshot& s, bool running);

  private:
    void noteVariants(Trainer& trainer);
    bool eval_ = false, maps_ = false;
    int sample_ = 0;
    QElapsedTimer clock_;
    std::shared_ptr<const ImageEvalView> evalView_;
    long variantsStep_ = -1;
    std::map<std::string, std::string> drawnVariants_;
};

}  // namespace dl

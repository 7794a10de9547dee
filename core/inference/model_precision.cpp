#include "core/inference/model_precision.h"

#include "core/dropout/dropout_site.h"

namespace dl {

double inverseModelPrecision(const InferenceSpec& spec, Network& net, int trainSize) {
    if (spec.lengthScale <= 0 || trainSize <= 0) return 0.0;
    double rate = 0.0;
    auto sites = net.sites();
    for (DropoutSite* s : sites) rate += s->rate();
    if (!sites.empty()) rate /= double(sites.size());
    const double tau =
        (1.0 - rate) * spec.lengthScale * spec.lengthScale / (2.0 * trainSize * spec.lambda);
    return 1.0 / tau;
}

}  // namespace dl

#include "ui/plots/class_palette.h"

#include <algorithm>
#include <array>

#include "datasets/dataset.h"

namespace dl {
namespace {

// Okabe & Ito (2008); yellow last because it vanishes on a white background when projected.
constexpr std::array<QRgb, 8> kBase = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                                       0x56B4E9, 0xD55E00, 0x7F7F7F, 0xF0E442};

}  // namespace

QColor ClassPalette::color(int k) {
    const int n = int(kBase.size());
    const int i = ((k % n) + n) % n;
    QColor c = QColor::fromRgb(kBase[size_t(i)]);
    return k < n ? c : c.darker(100 + 35 * (k / n));
}

QColor ClassPalette::tint(const QColor& c, double strength, const QColor& background) {
    const double s = std::clamp(strength, 0.0, 1.0);
    auto mix = [s](int a, int b) { return int(b + (a - b) * s + 0.5); };
    return QColor(mix(c.red(), background.red()), mix(c.green(), background.green()),
                  mix(c.blue(), background.blue()));
}

QString ClassPalette::className(const Dataset& d, int k) {
    if (k >= 0 && k < int(d.classNames.size()) && !d.classNames[size_t(k)].empty())
        return QString::fromStdString(d.classNames[size_t(k)]);
    return QString("class %1").arg(k);
}

}  // namespace dl

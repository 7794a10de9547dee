#pragma once
// Light and dark palettes for the explorer (Fusion style, so both look the same
// on every desktop) and a slightly larger base font for projection in class.
#include <QApplication>

namespace dl {

/// Applies the Fusion style with a light or dark palette to the whole application.
void applyTheme(QApplication& app, bool dark);

/// True when the application's palette is the dark one (views pick plot colours by it).
bool darkTheme();

}  // namespace dl

#pragma once
// --screenshot mode: train N steps in the worker, render the window, save a PNG.
#include <QApplication>
#include <QString>

namespace dl {

class MainWindow;

/// Runs the event loop until N steps are trained and the window is drawn; returns the exit code.
int runScreenshot(QApplication& app, MainWindow& window, const QString& path, int steps);

}  // namespace dl

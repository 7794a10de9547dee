#pragma once
// --measure-ui mode: trains a preset flat out in the GUI and reports how smooth the
// interface stayed (longest event-loop stall, chart refreshes per second) and how fast
// training ran compared with the same experiment stepped headless.
#include <QApplication>

namespace dl {

class MainWindow;
struct ExperimentConfig;

/// What one --measure-ui run found.
struct UiMeasurement {
    double seconds = 0;
    double longestStallMs = 0;           ///< largest gap between 1 ms timer ticks on the UI thread
    double chartRefreshesPerSecond = 0;  ///< paints of the loss chart driven by new snapshots
    double viewRefreshesPerSecond = 0;   ///< paints of the network diagram
    double guiStepsPerSecond = 0;
    double headlessStepsPerSecond = 0;
};

/// Steps a fresh trainer for `seconds` in this thread, as the CLI would.
double headlessStepsPerSecond(const ExperimentConfig& config, double seconds);

/// Plays the loaded experiment for `seconds`, measures, prints a report; returns the exit code.
int runMeasureUi(QApplication& app, MainWindow& window, double seconds);

}  // namespace dl

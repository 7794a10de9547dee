#include "ui/shell/screenshot_runner.h"

#include <QPixmap>
#include <QTimer>

#include <cstdio>

#include "ui/shell/main_window.h"
#include "ui/views/snapshot_view.h"
#include "ui/worker/training_controller.h"

namespace dl {

int runScreenshot(QApplication& app, MainWindow& window, const QString& path, int steps) {
    window.show();
    int exitCode = 0;
    bool requested = false;
    bool grabbing = false;
    auto& ctl = window.controller();
    QObject::connect(&ctl, &TrainingController::errorOccurred, &app, [&](const QString& m) {
        std::fprintf(stderr, "dropoutlab: %s\n", qPrintable(m));
        exitCode = 3;
        app.quit();
    });
    auto onSnapshot = [&] {
        // A run that diverged never reaches the step: fail like any other training error.
        for (TrainingController* c : {&ctl, window.controllerB()})
            if (c && c->diverged() && exitCode == 0) {
                std::fprintf(stderr, "dropoutlab: %s\n", c->latest()->error.c_str());
                exitCode = 3;
                app.quit();
                return;
            }
        if (!requested) {
            requested = true;
            window.stepAll(steps);
            return;
        }
        if (!window.reachedStep(steps) || !window.chartsSettled() || grabbing) return;
        if (auto* v = window.activeView(); v && !v->readyForScreenshot()) return;
        grabbing = true;
        // Let the views paint the final snapshot before grabbing.
        QTimer::singleShot(150, &app, [&] {
            QPixmap pix = window.grab();
            if (pix.isNull() || !pix.save(path, "PNG")) {
                std::fprintf(stderr, "dropoutlab: %s: cannot write the screenshot.\n",
                             qPrintable(path));
                exitCode = 2;
            }
            app.quit();
        });
    };
    QObject::connect(&ctl, &TrainingController::snapshotUpdated, &app, onSnapshot);
    // A view may become ready without a new snapshot (e.g. a background sweep ends while
    // training is paused): look again now and then.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        if (requested) onSnapshot();
    });
    poll.start(250);
    if (window.controllerB())
        QObject::connect(window.controllerB(), &TrainingController::snapshotUpdated, &app,
                         onSnapshot);
    app.exec();
    window.controller().shutdown();
    return exitCode;
}

}  // namespace dl

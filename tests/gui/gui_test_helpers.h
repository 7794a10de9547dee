#pragma once
// Shared pieces of the Qt GUI test suites: keeping off the user's settings, waiting on the event
// loop, grabbing widgets.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QSettings>
#include <QStandardPaths>
#include <QWidget>
#include <QtTest>

#include <functional>

namespace dl::test {

/// The organisation name every GUI suite's QSettings use; the app's own is "DropoutLab"
/// (app/gui/main.cpp), so no suite ever opens the file the user's app reads.
inline constexpr char kTestOrganization[] = "DropoutLab-tests";

/// Points QSettings and QStandardPaths at Qt's test locations (~/.qttest) under an organisation
/// of the tests' own, and empties the suite's settings so every run starts from the defaults.
/// Call it first thing in initTestCase, before anything opens a QSettings: Qt fixes the settings
/// paths on first use. False when the settings file still lies outside the test location.
inline bool isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(kTestOrganization);
    QSettings settings;
    settings.clear();
    settings.sync();
    const QString testConfig =
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return testConfig.contains(".qttest") && settings.fileName().startsWith(testConfig + "/") &&
           settings.fileName().contains(kTestOrganization);
}

/// Runs the event loop until `pred` holds or `ms` pass; false on timeout.
inline bool waitUntil(const std::function<bool()>& pred, int ms = 60000) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (pred()) return true;
        QTest::qWait(10);
    }
    return pred();  // one last look: the condition may have come true during the last wait
}

/// The widget as an image; also saved as DL_VIEWS_PNG_DIR/name when that variable is set.
inline QImage grabOf(QWidget& w, const QString& name) {
    QImage img = w.grab().toImage();
    const QString dir = qEnvironmentVariable("DL_VIEWS_PNG_DIR");
    if (!dir.isEmpty()) img.save(dir + "/" + name);
    return img;
}

}  // namespace dl::test

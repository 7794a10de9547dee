#pragma once
// Shared pieces of the Qt GUI test suites: waiting on the event loop, grabbing widgets.
#include <QElapsedTimer>
#include <QImage>
#include <QWidget>
#include <QtTest>

#include <functional>

namespace dl::test {

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

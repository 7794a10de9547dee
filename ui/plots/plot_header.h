#pragma once
// The title line and font sizing shared by the painted uncertainty plots, so they read alike
// (and stay readable when projected) next to the output view.
#include <QFont>
#include <QString>

class QPainter;
class QWidget;

namespace dl {

/// Title, optional grey subtitle and font scaling for a painted plot widget.
class PlotHeader {
  public:
    /// The widget's font grown with its height (never below 10 pt), times `factor`.
    static QFont font(const QWidget& w, double factor = 1.0);
    /// Draws a bold title and a grey subtitle at the top left; returns the y below them.
    static double paint(QPainter& p, const QWidget& w, const QString& title,
                        const QString& subtitle);
};

}  // namespace dl

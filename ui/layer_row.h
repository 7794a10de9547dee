#pragma once
// One row of the network builder: a hidden layer's units and activation, its
// dropout site, and buttons to move or remove it.
#include <QFrame>

#include "core/experiment_config.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace dl {

class DropoutEditor;

/// Edits one LayerSpec. Types other than dense are shown read-only (their own panels edit them).
class LayerRow : public QFrame {
    Q_OBJECT
public:
    explicit LayerRow(const LayerSpec& spec, QWidget* parent = nullptr);
    LayerSpec spec() const;
    void setIndex(int index, int count);  ///< 0-based position; updates title, site id, buttons
    DropoutEditor* dropout() const { return dropout_; }
    QSpinBox* unitsBox() const { return units_; }

Q_SIGNALS:
    void structureChanged();
    void rateChanged(const QString& siteId, double rate);
    void moveRequested(dl::LayerRow* row, int delta);
    void removeRequested(dl::LayerRow* row);

private:
    LayerSpec base_;
    QLabel* title_;
    QSpinBox* units_;
    QComboBox* activation_;
    DropoutEditor* dropout_;
    QToolButton* up_;
    QToolButton* down_;
    QToolButton* remove_;
};

}  // namespace dl

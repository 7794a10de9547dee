#pragma once
// One row of the network builder: a hidden layer's type and parameters, its
// dropout sites, and buttons to move or remove it.
#include <QFrame>

#include "core/config/experiment_config.h"

class QCheckBox;
class QComboBox;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QSpinBox;
class QToolButton;

namespace dl {

class DropoutEditor;

/// Edits one LayerSpec of any type (dense, conv2d, pools, flatten, lstm, gru). A type
/// change asks the builder to replace the row; other edits emit structureChanged.
class LayerRow : public QFrame {
    Q_OBJECT
  public:
    explicit LayerRow(const LayerSpec& spec, QWidget* parent = nullptr);
    LayerSpec spec() const;
    void setIndex(int index, int count);  ///< 0-based position; updates title and buttons
    /// Names sites without an id, or with an automatic one ("layer<N>[-input|-recurrent|
    /// -zoneout]"), after `base` (e.g. "layer3"); ids from the config file are kept.
    void nameSites(const QString& base);
    /// The dropout site after the layer (dense, conv2d, or between stacked recurrent layers).
    DropoutEditor* dropout() const { return dropout_; }
    /// An lstm/gru layer's input, recurrent-state and zoneout sites (null for other types).
    DropoutEditor* inputSite() const { return input_; }
    DropoutEditor* recurrentSite() const { return recurrent_; }
    DropoutEditor* zoneoutSite() const { return zoneout_; }
    QSpinBox* unitsBox() const { return units_; }
    QComboBox* typeBox() const { return type_; }

    /// A sensible fresh layer of this type (what "Add layer" or a type change starts from).
    static LayerSpec defaultSpec(const std::string& type);

  Q_SIGNALS:
    void structureChanged();
    void rateChanged(const QString& siteId, double rate);
    void moveRequested(dl::LayerRow* row, int delta);
    void removeRequested(dl::LayerRow* row);
    void typeChangeRequested(dl::LayerRow* row, const QString& type);
    void scheduleRequested(const QString& siteId);

  private:
    QSpinBox* addNumber(const QString& label, int value, int lo, int hi, const QString& suffix,
                        const QString& tip);
    void addActivation();
    void addParameters();
    void addSites();
    DropoutEditor* addSite(const std::optional<DropoutSpec>& spec,
                           const std::vector<std::string>& variants, const QString& label,
                           const QString& tip);
    QCheckBox* addCheck(const QString& text, bool on, const QString& tip);

    LayerSpec base_;
    QGridLayout* grid_;
    QHBoxLayout* head_;
    QHBoxLayout* params_;
    int nextRow_ = 2;
    QLabel* title_;
    QComboBox* type_;
    QSpinBox* units_ = nullptr;
    QSpinBox* filters_ = nullptr;
    QSpinBox* kernel_ = nullptr;
    QSpinBox* stride_ = nullptr;
    QSpinBox* padding_ = nullptr;
    QSpinBox* size_ = nullptr;
    QComboBox* activation_ = nullptr;
    QCheckBox* sequences_ = nullptr;
    QCheckBox* untied_ = nullptr;
    DropoutEditor* dropout_ = nullptr;
    DropoutEditor* input_ = nullptr;
    DropoutEditor* recurrent_ = nullptr;
    DropoutEditor* zoneout_ = nullptr;
    QToolButton* up_;
    QToolButton* down_;
    QToolButton* remove_;
};

}  // namespace dl

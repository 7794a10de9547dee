#pragma once
// Builds the network layer by layer: input dropout, hidden layers with their
// dropout sites, add / remove / reorder. The output layer is sized from the data.
#include <QWidget>

#include "core/config/experiment_config.h"

class QVBoxLayout;
class QLabel;

namespace dl {

class DropoutEditor;
class LayerRow;

/// Emits architectureChanged for edits that need a rebuild and rateChanged for live rate edits.
class NetworkBuilder : public QWidget {
    Q_OBJECT
  public:
    explicit NetworkBuilder(QWidget* parent = nullptr);
    void setConfig(const ExperimentConfig& config);
    /// Writes the input dropout and the hidden layers into `config`.
    void applyTo(ExperimentConfig& config) const;
    int layerCount() const { return int(rows_.size()); }
    LayerRow* row(int i) const { return rows_[i]; }
    DropoutEditor* inputDropout() const { return input_; }
    /// Appends a fresh layer of this type before the output layer.
    void addLayer(const std::string& type = "dense");
    /// Replaces a row by a fresh layer of another type (same type: rebuilt from its own spec).
    void changeType(LayerRow* row, const QString& type);
    void moveLayer(LayerRow* row, int delta);
    void removeLayer(LayerRow* row);

  Q_SIGNALS:
    void architectureChanged();
    void rateChanged(const QString& siteId, double rate);
    /// A site's "Schedule…" button was pressed.
    void scheduleRequested(const QString& siteId);

  private:
    LayerRow* makeRow(const LayerSpec& spec);
    void appendRow(const LayerSpec& spec);
    void relayout();
    DropoutEditor* input_;
    QVBoxLayout* rowsLayout_;
    QLabel* outputLabel_;
    std::vector<LayerRow*> rows_;
};

}  // namespace dl

#pragma once
// A small scatter of a data set, for the data panel to show before any training.
#include <QWidget>

#include <memory>

namespace dl {

struct DataSplit;

/// Train (filled) and validation (hollow) points: coloured by class for 2-D classification,
/// x against y for 1-D regression.
class DataPreview : public QWidget {
    Q_OBJECT
  public:
    explicit DataPreview(QWidget* parent = nullptr);
    void setData(std::shared_ptr<const DataSplit> data);
    const std::shared_ptr<const DataSplit>& data() const { return data_; }
    /// Whether the current data set can be drawn (2-D classification or 1-D regression).
    bool isDrawable() const;

    QSize sizeHint() const override { return {300, 260}; }
    QSize minimumSizeHint() const override { return {180, 160}; }

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    QString caption() const;
    std::shared_ptr<const DataSplit> data_;
};

}  // namespace dl

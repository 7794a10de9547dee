#pragma once
// The in-memory data set every loader and generator produces.
#include "base/matrix.h"

#include <string>
#include <vector>

namespace dl {

/// Samples and targets. Classification: y is N×1 holding class indices as
/// floats and numClasses > 0. Regression: y is N×targets and numClasses == 0.
struct Dataset {
    Matrix x;
    Matrix y;
    int numClasses = 0;
    std::vector<int> sampleShape;  ///< shape of one row of x: {2}, {1,28,28}, {T,F}
    std::vector<std::string> classNames;
    std::string name;

    int size() const { return static_cast<int>(x.rows()); }
    bool isClassification() const { return numClasses > 0; }
    bool isImage() const { return sampleShape.size() == 3; }     ///< C×H×W samples
    bool isSequence() const { return sampleShape.size() == 2; }  ///< [T, F] samples
};

/// The three parts every experiment trains, validates and tests on.
struct DataSplit {
    Dataset train;
    Dataset val;
    Dataset test;
};

}  // namespace dl

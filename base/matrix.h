#pragma once
// The one matrix type of the project: float, row-major, one sample per row.
#include <Eigen/Core>

namespace dl {

/// Row-major float matrix: one sample per row (the layout of the whole project).
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace dl

#pragma once
// Exact matrix comparison for GoogleTest: EXPECT_TRUE(test::sameMatrix(got, want)) fails on a
// shape mismatch or any differing entry, and names the shapes, how many entries differ, the
// first one and the largest difference (instead of printing whole matrices).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/matrix.h"

namespace dl::test {

inline ::testing::AssertionResult sameMatrix(const Matrix& got, const Matrix& want) {
    if (got.rows() != want.rows() || got.cols() != want.cols())
        return ::testing::AssertionFailure() << "shape " << got.rows() << "×" << got.cols()
                                             << ", expected " << want.rows() << "×" << want.cols();
    long differing = 0, firstRow = -1, firstCol = -1;
    double largest = 0.0;
    for (long r = 0; r < got.rows(); ++r)
        for (long c = 0; c < got.cols(); ++c) {
            const float a = got(r, c), b = want(r, c);
            if (a == b) continue;
            if (differing++ == 0) firstRow = r, firstCol = c;
            largest = std::max(largest, std::abs(double(a) - double(b)));
        }
    if (differing == 0) return ::testing::AssertionSuccess();
    char text[256];
    std::snprintf(text, sizeof text,
                  "%ld of %ld entries differ; first at (%ld, %ld): %.9g, expected %.9g; largest "
                  "difference %.3g",
                  differing, long(got.size()), firstRow, firstCol, double(got(firstRow, firstCol)),
                  double(want(firstRow, firstCol)), largest);
    return ::testing::AssertionFailure() << text;
}

}  // namespace dl::test

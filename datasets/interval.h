#pragma once
// A closed interval of the real line: the x range and the gap of 1-D regression data.

namespace dl {

/// Closed interval [lo, hi]; meaningful when lo < hi.
struct Interval {
    double lo = 0.0;
    double hi = 0.0;

    double length() const { return hi - lo; }
    bool contains(double v) const { return v >= lo && v <= hi; }
    bool operator==(const Interval&) const = default;
};

}  // namespace dl

#pragma once
// The one exception type for bad input: its message is one sentence naming the
// file or field and what was expected.
#include <stdexcept>
#include <string>

namespace dl {

/// Bad user input (config, data file, command-line value). what() is the sentence to show.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace dl

#pragma once
// A command line CLI11 could not parse, as one sentence like every other input error. Where
// CLI11's own message would mislead (a missing or misspelt command, an option written before
// the command) the sentence says what was wrong and what would work instead.
#include <CLI/CLI.hpp>

#include <string>

namespace dl::cli {

/// The sentence for `e`, thrown by app.parse(argc, argv); ends with "(see --help)."
std::string parseErrorSentence(CLI::App& app, const CLI::ParseError& e, int argc, char** argv);

}  // namespace dl::cli

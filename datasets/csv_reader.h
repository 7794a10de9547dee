#pragma once
// Row-by-row reading of a CSV file with a header row, and error sentences that name the file,
// the line and the column.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/input_file.h"

namespace dl {

/// Parses one CSV cell as a finite number; nullopt if it is not one. Surrounding spaces are
/// ignored.
std::optional<double> parseCsvNumber(std::string_view cell);

/// Reads a comma-separated file: header first, then one row of cells per non-blank line.
/// Cells may be double-quoted ("" inside quotes is a quote); spaces around cells are trimmed.
/// Only regular files are read (base/input_file.h, InputFile). A CSV file is text: a NUL byte
/// in a column name or a cell is an error naming its line and column. Cells and names shown in
/// messages are escaped and cut short (base/text_preview.h).
class CsvReader {
  public:
    /// Opens the file and reads its header; throws InputError if unreadable, empty or malformed.
    explicit CsvReader(std::string path);

    const std::string& path() const { return path_; }
    const std::vector<std::string>& header() const { return header_; }
    /// Index of the column named `name`, or -1.
    int column(const std::string& name) const;

    /// Reads the next non-blank row; false at end of file. Throws InputError on a ragged row.
    bool next();
    const std::vector<std::string>& cells() const { return cells_; }
    /// 1-based line number of the current row (the header is line 1).
    int line() const { return line_; }

    /// The current row's cell `col` as a number; throws on a missing or non-numeric value.
    double number(int col) const;
    /// number(col) rounded to float; throws when it is beyond a float's range (|v| > 3.4e38).
    float floatNumber(int col) const;
    /// The current row's cell `col`, which must not be empty.
    const std::string& text(int col) const;

    /// Throws InputError "<file>: <what>."
    [[noreturn]] void fail(const std::string& what) const;
    /// Throws InputError "<file>: line L, column "NAME": <what>." (NAME previewed).
    [[noreturn]] void failCell(int col, const std::string& what) const;

  private:
    bool readLine(std::string& out);
    void checkNoNul(const std::vector<std::string>& cells) const;

    std::string path_;
    InputFile in_;
    std::string buffer_;
    std::vector<std::string> header_;
    std::vector<std::string> cells_;
    int line_ = 0;
};

}  // namespace dl

#include "datasets/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/input_error.h"
#include "base/text_preview.h"

namespace dl {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool isBlank(std::string_view s) {
    return trim(s).empty();
}

// Why a NUL byte is refused, after "holds a NUL byte".
constexpr const char* kNulHint = "; a CSV file is text (is this file binary or UTF-16?)";

bool isMissingMarker(std::string_view s) {
    return s.empty() || s == "NA" || s == "NaN" || s == "nan" || s == "null";
}

// Reads the quoted cell opening at line[open]; returns the index after its closing quote, or
// npos if the line ends first.
std::size_t readQuoted(std::string_view line, std::size_t open, std::string& cell) {
    for (std::size_t i = open + 1; i < line.size(); ++i) {
        if (line[i] != '"')
            cell += line[i];
        else if (i + 1 < line.size() && line[i + 1] == '"')
            cell += line[++i];
        else
            return i + 1;
    }
    return std::string_view::npos;
}

// Splits one line into cells; false if a quoted cell is not closed on this line.
bool splitCells(std::string_view line, std::vector<std::string>& cells) {
    cells.clear();
    for (std::size_t pos = 0;; ++pos) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
        std::string cell;
        std::size_t end = pos;
        const bool quoted = pos < line.size() && line[pos] == '"';
        if (quoted && (end = readQuoted(line, pos, cell)) == std::string_view::npos) return false;
        const std::size_t comma = std::min(line.find(',', end), line.size());
        if (!quoted) cell = trim(line.substr(pos, comma - pos));
        cells.push_back(std::move(cell));
        if (comma == line.size()) return true;
        pos = comma;
    }
}

}  // namespace

std::optional<double> parseCsvNumber(std::string_view cell) {
    cell = trim(cell);
    if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
    if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v)) return {};
    return v;
}

CsvReader::CsvReader(std::string path) : path_(std::move(path)), in_(path_, "a CSV file") {
    if (!readLine(buffer_)) fail("the file is empty; expected a header row naming the columns");
    if (buffer_.starts_with("\xEF\xBB\xBF")) buffer_.erase(0, 3);  // UTF-8 byte-order mark
    const std::string at = "line " + std::to_string(line_) + ": ";
    if (!splitCells(buffer_, header_)) fail(at + "a quoted column name is not closed");
    for (std::size_t c = 0; c < header_.size(); ++c) {
        const std::string column = "column " + std::to_string(c + 1);
        if (header_[c].empty()) fail(at + column + " has no name");
        if (header_[c].find('\0') != std::string::npos)
            fail(at + column + "'s name holds a NUL byte" + kNulHint);
        for (std::size_t d = 0; d < c; ++d)
            if (header_[d] == header_[c])
                fail(at + "column " + quotedPreview(header_[c]) + " appears twice");
    }
}

bool CsvReader::readLine(std::string& out) {
    while (in_.readLine(out)) {
        ++line_;
        if (!isBlank(out)) return true;
    }
    return false;
}

int CsvReader::column(const std::string& name) const {
    for (std::size_t c = 0; c < header_.size(); ++c)
        if (header_[c] == name) return static_cast<int>(c);
    return -1;
}

bool CsvReader::next() {
    if (!readLine(buffer_)) return false;
    std::string at = "line " + std::to_string(line_) + ": ";
    if (!splitCells(buffer_, cells_)) fail(at + "a quoted value is not closed");
    if (cells_.size() != header_.size()) {
        fail(at + "expected " + std::to_string(header_.size()) +
             " values (one per header column), got " + std::to_string(cells_.size()));
    }
    checkNoNul(cells_);
    return true;
}

// A NUL byte means binary data (or a UTF-16 file); it would also cut a message short.
void CsvReader::checkNoNul(const std::vector<std::string>& cells) const {
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].find('\0') != std::string::npos)
            failCell(int(c), std::string("holds a NUL byte") + kNulHint);
}

double CsvReader::number(int col) const {
    const std::string& cell = text(col);
    if (isMissingMarker(cell)) failCell(col, "missing value");
    auto v = parseCsvNumber(cell);
    if (!v) failCell(col, "expected a finite number, got " + quotedPreview(cell));
    return *v;
}

float CsvReader::floatNumber(int col) const {
    const double v = number(col);
    if (!(std::abs(v) <= double(std::numeric_limits<float>::max())))
        failCell(col, "the number " + escapeText(cells_.at(col), kPreviewChars) +
                          " is beyond the range of a float (about ±3.4e38)");
    return static_cast<float>(v);
}

const std::string& CsvReader::text(int col) const {
    const std::string& cell = cells_.at(col);
    if (cell.empty()) failCell(col, "missing value");
    return cell;
}

void CsvReader::fail(const std::string& what) const {
    throw InputError(path_ + ": " + what + ".");
}

void CsvReader::failCell(int col, const std::string& what) const {
    fail("line " + std::to_string(line_) + ", column " + quotedPreview(header_.at(col)) + ": " +
         what);
}

}  // namespace dl

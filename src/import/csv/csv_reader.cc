#include "import/csv/csv_reader.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "text/fold.h"

namespace ketnoi::import {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kResave = "save it as CSV UTF-8";

// One record as the scanner found it, before the header's rules apply.
struct RawRecord {
  Location location;
  size_t end = 0;  // Offset just past the record's line end.
  std::vector<std::string> cells;
  bool has_content = false;  // Some cell has a character or a quote.
  bool unterminated = false;
  int64_t quote_line = 0;  // Where the quote that never closes opened.
  size_t long_cell = 0;    // 1-based index of the first cell over the limit, or 0.
  size_t long_cell_bytes = 0;
};

// Splits the input into records, one call at a time, counting lines as it goes.
class Scanner {
 public:
  Scanner(std::string_view bytes, size_t start, char separator, size_t max_field_bytes)
      : bytes_(bytes), pos_(start), separator_(separator), max_field_bytes_(max_field_bytes) {}

  // Fills `record` with the next record; false at the end of the input.
  bool Next(RawRecord* record) {
    if (pos_ >= bytes_.size()) return false;
    *record = RawRecord{};
    record->location.line = line_;
    record->location.offset = static_cast<int64_t>(pos_);
    enum class State { kCellStart, kUnquoted, kQuoted, kAfterQuote };
    State state = State::kCellStart;
    std::string cell;
    size_t cell_bytes = 0;  // Counted even once the cell is no longer stored.
    auto append = [&](char c) {
      ++cell_bytes;
      if (cell_bytes <= max_field_bytes_) cell.push_back(c);
      record->has_content = true;
    };
    auto finish_cell = [&] {
      if (cell_bytes > max_field_bytes_ && record->long_cell == 0) {
        record->long_cell = record->cells.size() + 1;
        record->long_cell_bytes = cell_bytes;
      }
      record->cells.push_back(std::move(cell));
      cell.clear();
      cell_bytes = 0;
    };
    while (pos_ < bytes_.size()) {
      const char c = bytes_[pos_];
      if (state == State::kQuoted) {
        if (c == '"') {
          if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '"') {
            append('"');
            pos_ += 2;
          } else {
            state = State::kAfterQuote;
            ++pos_;
          }
        } else if (c == '\r' || c == '\n') {
          append('\n');
          SkipLineEnd();
        } else {
          append(c);
          ++pos_;
        }
        continue;
      }
      if (c == separator_) {
        finish_cell();
        state = State::kCellStart;
        ++pos_;
        continue;
      }
      if (c == '\r' || c == '\n') {
        SkipLineEnd();
        finish_cell();
        record->end = pos_;
        return true;
      }
      if (c == '"' && state == State::kCellStart) {
        state = State::kQuoted;
        record->has_content = true;
        record->quote_line = line_;
        ++pos_;
        continue;
      }
      append(c);
      if (state == State::kCellStart) state = State::kUnquoted;
      ++pos_;
    }
    record->unterminated = state == State::kQuoted;
    finish_cell();
    record->end = pos_;
    return true;
  }

 private:
  // REQUIRES: bytes_[pos_] is '\r' or '\n'. CRLF is one line end.
  void SkipLineEnd() {
    if (bytes_[pos_] == '\r' && pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  std::string_view bytes_;
  size_t pos_;
  int64_t line_ = 1;
  char separator_;
  size_t max_field_bytes_;
};

// The separator of the header line that starts at `start`: the candidate seen most often
// outside quotes.
char DetectSeparator(std::string_view bytes, size_t start) {
  int64_t commas = 0;
  int64_t semicolons = 0;
  int64_t tabs = 0;
  bool quoted = false;
  bool seen_text = false;  // Leading empty lines are not the header.
  for (size_t i = start; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      if (seen_text) break;
      continue;
    } else if (!quoted && c == ',') {
      ++commas;
    } else if (!quoted && c == ';') {
      ++semicolons;
    } else if (!quoted && c == '\t') {
      ++tabs;
    }
    seen_text = true;
  }
  // On a tie ';' wins: a header name holds a comma ("Đơn vị, phòng") far more often than a
  // semicolon, and none at all means a single column, read the same either way.
  if (semicolons > 0 && semicolons >= commas && semicolons >= tabs) return ';';
  if (tabs > commas) return '\t';
  return ',';
}

// Lines that start inside `text`: LF, CR and CRLF each count once.
int64_t CountLineEnds(std::string_view text) {
  int64_t lines = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++lines;
    }
  }
  return lines;
}

// The offset (in `bytes`) of the first invalid UTF-8 byte of the record, or npos. Quotes and
// separators are ASCII, so checking the raw bytes checks the cells.
size_t FindInvalidUtf8In(std::string_view bytes, const RawRecord& record) {
  const auto begin = static_cast<size_t>(record.location.offset);
  const size_t invalid = text::FindInvalidUtf8(bytes.substr(begin, record.end - begin));
  return invalid == std::string_view::npos ? invalid : begin + invalid;
}

// Why `record` cannot be read, or empty when it can (the field count aside).
std::string RecordProblem(std::string_view bytes, const RawRecord& record, size_t max_field_bytes) {
  if (record.unterminated) {
    return "unterminated quoted cell: the quote opened on line " +
           std::to_string(record.quote_line) +
           " is never closed before the end of the file (the file may be truncated)";
  }
  if (record.long_cell != 0) {
    return "cell " + std::to_string(record.long_cell) + " is " +
           std::to_string(record.long_cell_bytes) + " bytes long; the limit is " +
           std::to_string(max_field_bytes) + " bytes";
  }
  const size_t invalid = FindInvalidUtf8In(bytes, record);
  if (invalid != std::string_view::npos) {
    const auto begin = static_cast<size_t>(record.location.offset);
    const int64_t line = record.location.line + CountLineEnds(bytes.substr(begin, invalid - begin));
    return "invalid UTF-8 on line " + std::to_string(line) + " at byte " + std::to_string(invalid) +
           " (the file may be in Windows-1258 or Latin-1); " + std::string(kResave);
  }
  return {};
}

}  // namespace

std::string SeparatorName(char separator) {
  if (separator == '\t') return "tab";
  return std::string("'") + separator + "'";
}

base::Result<CsvTable> ReadCsv(std::string_view bytes, const CsvOptions& options) {
  if (options.separator != '\0' && options.separator != ',' && options.separator != ';' &&
      options.separator != '\t') {
    return base::InvalidArgument("the separator must be ',', ';' or tab", "separator");
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return base::InvalidArgument("the file is UTF-16; " + std::string(kResave));
  }
  const size_t start = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  CsvTable table;
  table.separator = options.separator != '\0' ? options.separator : DetectSeparator(bytes, start);
  Scanner scanner(bytes, start, table.separator, options.max_field_bytes);

  RawRecord record;
  bool have_header = false;
  while (scanner.Next(&record)) {
    if (record.has_content) {
      have_header = true;
      break;
    }
  }
  if (!have_header) return base::InvalidArgument("the file is empty: it has no header line");
  const size_t header_end = std::min(record.end, bytes.size());
  const auto header_begin = static_cast<size_t>(record.location.offset);
  const size_t nul = bytes.substr(header_begin, header_end - header_begin).find('\0');
  if (nul != std::string_view::npos) {
    return base::InvalidArgument(
        "the header line holds a NUL byte at byte " + std::to_string(header_begin + nul) +
        ": the file may be UTF-16 without a byte order mark; " + std::string(kResave));
  }
  const std::string header_problem = RecordProblem(bytes, record, options.max_field_bytes);
  if (!header_problem.empty()) {
    return base::InvalidArgument("the header line cannot be read: " + header_problem);
  }
  table.header_location = record.location;
  table.header = std::move(record.cells);

  const size_t columns = table.header.size();
  while (scanner.Next(&record)) {
    if (!record.has_content) continue;
    ++table.records_read;
    std::string problem = RecordProblem(bytes, record, options.max_field_bytes);
    if (problem.empty() && record.cells.size() > columns) {
      // Empty cells past the header's end hold nothing to lose; text there would be read
      // into the wrong columns, which is worse than not reading the row.
      const bool extra_text =
          std::any_of(record.cells.begin() + static_cast<ptrdiff_t>(columns), record.cells.end(),
                      [](const std::string& cell) { return !cell.empty(); });
      if (extra_text) {
        problem = "the row has " + std::to_string(record.cells.size()) +
                  " cells but the header has " + std::to_string(columns) +
                  " (a cell may hold an unquoted " + SeparatorName(table.separator) + ")";
      } else {
        record.cells.resize(columns);
      }
    }
    if (!problem.empty()) {
      table.rejected.push_back({record.location, std::move(problem)});
      continue;
    }
    if (record.cells.size() < columns) {
      table.warnings.push_back(
          {record.location, "the row has " + std::to_string(record.cells.size()) +
                                " cells but the header has " + std::to_string(columns) +
                                "; the missing cells are read as empty"});
      record.cells.resize(columns);
    }
    table.rows.push_back({record.location, std::move(record.cells)});
  }
  return table;
}

}  // namespace ketnoi::import

// Writes tables as CSV that Excel and LibreOffice open as UTF-8: the export direction of the
// CSV importer, so coordinators can take experts and works out in the form they bring in.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ketnoi::import {

// Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; other tools
// read UTF-8 either way.
enum class CsvBom { kWith, kWithout };

// A cell that starts with '=', '+', '-', '@', tab or CR is run as a formula by spreadsheet
// programs (OWASP "CSV injection"). kEscape writes such cells with a leading "'", which
// Excel shows as text; kKeep writes them as they are (for files read back by programs).
enum class CsvFormulas { kEscape, kKeep };

struct CsvWriteOptions {
  char separator = ',';
  CsvBom bom = CsvBom::kWith;
  CsvFormulas formulas = CsvFormulas::kEscape;
};

// Returns `header` and `rows` as CSV: lines end in CRLF (RFC 4180), and a cell is quoted,
// its quotes doubled, when it holds the separator, a quote, CR or LF, or starts or ends with
// a space. Rows are written as given, even when their length differs from the header's.
// REQUIRES: cells are UTF-8 (they are written byte for byte).
std::string WriteCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows,
                     const CsvWriteOptions& options = {});

}  // namespace ketnoi::import

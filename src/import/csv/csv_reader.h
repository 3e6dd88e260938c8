// An RFC 4180 reader for the spreadsheets coordinators export: bytes in, a header and rows of
// cells out, with every bad row rejected by location and the others kept.
//
// What it accepts, beyond RFC 4180's comma and CRLF: ';' and tab separators (detected from
// the header line when not given, since Vietnamese Excel exports ';'), LF and CR line ends,
// a UTF-8 byte order mark, and cells with text after their closing quote ("a"b reads a"b as
// Excel does). Line ends inside quoted cells are read as "\n".
//
// What it refuses: UTF-16 files (the whole file, with a message that says how to re-save
// it); a header that is not UTF-8 (the whole file: every row would be wrong too); per row,
// invalid UTF-8 (Windows-1258 or Latin-1 bytes), more non-empty cells than the header has,
// a cell longer than `max_field_bytes`, and a quote still open at the end of the file.
//
// Thread safety: pure functions over their arguments.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "import/records.h"

namespace ketnoi::import {

struct CsvOptions {
  // ',', ';' or '\t'; '\0' detects it from the header line: the one of the three that occurs
  // most often outside quotes, ';' on a tie ("Họ tên;Đơn vị, phòng"), ',' when none occurs.
  char separator = '\0';
  // A cell longer than this rejects its row.
  size_t max_field_bytes = size_t{1} << 20;
};

struct CsvRow {
  // The row's first line (1-based, lines inside quoted cells counted) and its byte offset
  // in the input (0-based, the byte order mark included).
  Location location;
  // Exactly as many cells as the header has; cells a short row lacks are empty. Cells are
  // valid UTF-8 but otherwise raw (not trimmed, not NFC).
  std::vector<std::string> cells;
};

struct CsvTable {
  char separator = ',';
  Location header_location;
  std::vector<std::string> header;  // Raw header cells, valid UTF-8.
  std::vector<CsvRow> rows;         // In file order.
  std::vector<Rejected> rejected;   // Rows that could not be read, with the reason.
  std::vector<Rejected> warnings;   // Rows read with a repair (short rows).
  int64_t records_read = 0;         // Data rows seen, kept or rejected; not the header.
};

// Reads `bytes` as CSV. Empty lines, and rows whose cells are all empty and unquoted (Excel
// writes ";;;;" for blank rows), are skipped and not counted.
// Errors: InvalidArgument when the file as a whole cannot be read: it is UTF-16 (a byte
// order mark FF FE or FE FF: "the file is UTF-16; save it as CSV UTF-8"), its header line
// holds NUL bytes or invalid UTF-8 or is itself broken, it has no header line, or
// `options.separator` is not ',', ';', tab or '\0'.
base::Result<CsvTable> ReadCsv(std::string_view bytes, const CsvOptions& options = {});

// "','", "';'" or "tab": the separator as messages name it.
std::string SeparatorName(char separator);

}  // namespace ketnoi::import

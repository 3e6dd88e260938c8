#include "import/csv/csv_writer.h"

#include <algorithm>

namespace ketnoi::import {
namespace {

void AppendCell(std::string_view cell, const CsvWriteOptions& options, std::string* out) {
  const bool formula = options.formulas == CsvFormulas::kEscape && !cell.empty() &&
                       std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
  const bool quote = cell.find_first_of(std::string{options.separator, '"', '\r', '\n'}) !=
                         std::string_view::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (quote) out->push_back('"');
  if (formula) out->push_back('\'');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  if (quote) out->push_back('"');
}

void AppendRow(const std::vector<std::string>& cells, const CsvWriteOptions& options,
               std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out->push_back(options.separator);
    AppendCell(cells[i], options, out);
  }
  // A row of empty cells would be an empty line (or bare separators), which readers skip;
  // an empty quoted cell keeps it a row.
  const bool blank = !cells.empty() && std::all_of(cells.begin(), cells.end(),
                                                   [](const std::string& c) { return c.empty(); });
  if (blank) out->insert(out->size() - (cells.size() - 1), "\"\"");
  out->append("\r\n");
}

}  // namespace

std::string WriteCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows,
                     const CsvWriteOptions& options) {
  std::string out;
  if (options.bom == CsvBom::kWith) out.append("\xEF\xBB\xBF");
  AppendRow(header, options, &out);
  for (const auto& row : rows) AppendRow(row, options, &out);
  return out;
}

}  // namespace ketnoi::import

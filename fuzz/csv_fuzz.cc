// Fuzzes the CSV importer: the reader, both record mappings, the mapping parser, and the
// writer's round trip. Any input must give a table, a batch or an error Status, never a
// crash; a table the reader accepts must read back unchanged after WriteCsv.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "import/csv/csv.h"
#include "import/csv/csv_reader.h"
#include "import/csv/csv_writer.h"

namespace {

using ketnoi::import::CsvKind;
using ketnoi::import::CsvTable;

void CheckRoundTrip(const CsvTable& table) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) rows.push_back(row.cells);
  const std::string written = ketnoi::import::WriteCsv(
      table.header, rows,
      {.separator = table.separator, .formulas = ketnoi::import::CsvFormulas::kKeep});
  auto again = ketnoi::import::ReadCsv(written, {.separator = table.separator});
  if (!again.ok() || again->header != table.header || again->rows.size() != rows.size() ||
      !again->rejected.empty()) {
    std::abort();
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (again->rows[i].cells != rows[i]) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto table = ketnoi::import::ReadCsv(bytes);
  if (table.ok()) CheckRoundTrip(*table);
  const auto mapping = ketnoi::import::DefaultMapping();
  ketnoi::import::ParseExpertsCsv(bytes, mapping).status().IgnoreError();
  ketnoi::import::ParseWorksCsv(bytes, mapping).status().IgnoreError();
  for (CsvKind kind : {CsvKind::kExperts, CsvKind::kWorks}) {
    auto parsed = ketnoi::import::ParseMapping(kind, bytes);
    if (parsed.ok()) {
      // Apply the mapping to a small sheet, as a user's mapping meets their file.
      ketnoi::import::ParseExpertsCsv("full_name;email\nMai;mai@hust.edu.vn\n", *parsed)
          .status()
          .IgnoreError();
    }
  }
  return 0;
}

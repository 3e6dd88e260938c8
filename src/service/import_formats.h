// The import formats by name, for the command line and the API: one call reads a file's
// bytes into an import::ImportBatch with the right parser, and the report of an import
// becomes JSON in one place.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "import/records.h"
#include "model/json.h"
#include "service/importer.h"

namespace ketnoi::service {

struct ImportFile {
  std::string format;  // "orcid", "bibtex", "csv" or "openalex".
  std::string name;    // For the locations in the report ("people.csv").
  std::string_view bytes;
  std::string csv_kind = "experts";  // csv: "experts" or "works".
  std::string csv_mapping;  // csv: a mapping file's text or "field=Header,..."; may be empty.
};

// "orcid, bibtex, csv or openalex".
std::string_view ImportFormatNames();

// Reads `file` with its format's parser; every location names `file.name`. Errors:
// InvalidArgument for an unknown format or csv kind, a bad mapping, or a file that cannot
// be read at all (a UTF-16 CSV, a CSV without a header); a bad record is only rejected in
// the batch.
base::Result<import::ImportBatch> ParseImportFile(const ImportFile& file);

// {"dry_run", "records_read", "created", "updated", "unchanged", "merged", "queued_for_review",
//  "works": {"created", "updated", "unchanged"}, "rejected": [{"file", "line", "offset",
//  "reason"}], "warnings": [...]}.
model::Json ImportReportJson(const ImportReport& report);

// Adds `other`'s counts and lists to `total` (an import of several files).
void AddReport(const ImportReport& other, ImportReport* total);

}  // namespace ketnoi::service

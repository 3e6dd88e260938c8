#include "service/import_formats.h"

#include "import/bibtex/bibtex.h"
#include "import/csv/csv.h"
#include "import/openalex/openalex.h"
#include "import/orcid/orcid.h"

namespace ketnoi::service {
// Declarations, not import:: at the start of a statement, which clang-format reads as a
// C++20 module import.
using import::CsvMapping;
using import::ImportBatch;
namespace {

void NameLocations(const std::string& name, import::ImportBatch* batch) {
  auto set = [&](import::Location& location) {
    if (location.file.empty()) location.file = name;
  };
  for (import::ImportedPerson& person : batch->people) set(person.location);
  for (import::ImportedWork& work : batch->works) set(work.location);
  for (import::Rejected& rejected : batch->rejected) set(rejected.location);
  for (import::Rejected& warning : batch->warnings) set(warning.location);
}

model::Json RecordsJson(const std::vector<import::Rejected>& records) {
  model::Json list = model::Json::array();
  for (const import::Rejected& record : records) {
    list.push_back({{"file", record.location.file},
                    {"line", record.location.line},
                    {"offset", record.location.offset},
                    {"reason", record.reason}});
  }
  return list;
}

}  // namespace

std::string_view ImportFormatNames() { return "orcid, bibtex, csv or openalex"; }

base::Result<import::ImportBatch> ParseImportFile(const ImportFile& file) {
  ImportBatch batch;
  if (file.format == "orcid") {
    batch = import::ParseOrcid(file.bytes);
  } else if (file.format == "bibtex") {
    batch = import::ParseBibtex(file.bytes, {.file = file.name});
  } else if (file.format == "openalex") {
    batch = import::ParseOpenAlex(file.bytes);
  } else if (file.format == "csv") {
    if (file.csv_kind != "experts" && file.csv_kind != "works") {
      return base::InvalidArgument("must be experts or works", "kind");
    }
    const import::CsvKind kind =
        file.csv_kind == "experts" ? import::CsvKind::kExperts : import::CsvKind::kWorks;
    CsvMapping mapping = import::DefaultMapping();
    if (!file.csv_mapping.empty()) {
      auto parsed = import::ParseMapping(kind, file.csv_mapping);
      if (!parsed.ok()) {
        return base::InvalidArgument(parsed.status().message(), "mapping");
      }
      mapping = std::move(parsed).value();
    }
    auto parsed = kind == import::CsvKind::kExperts ? import::ParseExpertsCsv(file.bytes, mapping)
                                                    : import::ParseWorksCsv(file.bytes, mapping);
    if (!parsed.ok()) {
      return base::InvalidArgument(file.name + ": " + parsed.status().message(), "file");
    }
    batch = std::move(parsed).value();
  } else {
    return base::InvalidArgument(
        "unknown import format '" + file.format + "': use " + std::string(ImportFormatNames()),
        "format");
  }
  NameLocations(file.name, &batch);
  return batch;
}

model::Json ImportReportJson(const ImportReport& report) {
  return {{"dry_run", report.dry_run},
          {"records_read", report.records_read},
          {"created", report.created},
          {"updated", report.updated},
          {"unchanged", report.unchanged},
          {"merged", report.merged},
          {"queued_for_review", report.queued},
          {"works",
           {{"created", report.works_created},
            {"updated", report.works_updated},
            {"unchanged", report.works_unchanged}}},
          {"rejected", RecordsJson(report.rejected)},
          {"warnings", RecordsJson(report.warnings)}};
}

void AddReport(const ImportReport& other, ImportReport* total) {
  total->dry_run = other.dry_run;
  total->records_read += other.records_read;
  total->created += other.created;
  total->updated += other.updated;
  total->unchanged += other.unchanged;
  total->merged += other.merged;
  total->queued += other.queued;
  total->works_created += other.works_created;
  total->works_updated += other.works_updated;
  total->works_unchanged += other.works_unchanged;
  total->rejected.insert(total->rejected.end(), other.rejected.begin(), other.rejected.end());
  total->warnings.insert(total->warnings.end(), other.warnings.begin(), other.warnings.end());
}

}  // namespace ketnoi::service

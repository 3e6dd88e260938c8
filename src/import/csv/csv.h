// The CSV importer: a coordinator's spreadsheet of experts, and one of their works, saved as
// CSV, turned into the records of import/records.h.
//
// Which column feeds which record field is a CsvMapping. Without one, a column feeds the
// field whose name or alias (DefaultAliases) its header is; headers and aliases are
// compared case-insensitively, without diacritics, and with '_', '-' and '.' read as spaces,
// so "Họ và tên", "HO VA TEN" and "full_name" all find full_name. An explicit mapping names
// columns for some fields; the others still use the aliases.
//
// Field names (the left side of a mapping):
//   experts: key, full_name, given_names, family_name, other_names, orcid, email, country,
//            organization, department, role, biography, biography_language, keywords
//   works:   key, expert_key, title, abstract, year, venue, doi, url, kind, language,
//            keywords, authors
//
// How cells become fields: every string goes through CleanText (NFC, spaces collapsed;
// biography and abstract keep their line breaks). keywords split on ';', ',' and line
// breaks; other_names and authors on ';' and line breaks (names hold commas: "Nguyen, Mai");
// email on ';', ',' and spaces. orcid must pass NormalizeOrcid or the row is rejected (a
// mistyped iD would merge the expert with someone else). country takes an ISO alpha-2 or
// alpha-3 code or a common English or Vietnamese name ("Japan", "Nhật Bản" -> "JP"),
// otherwise a warning and no country. email needs one '@' with text on both sides, doi must
// pass NormalizeDoi, year must be 1900..2100, language an ISO 639-1 code or a language's
// name, kind one of publication, patent, project, product or a Vietnamese or English word
// for them ("bài báo", "sáng chế", "đề tài", "sản phẩm"): otherwise a warning and the value
// dropped (kind: publication). organization, department and role make one affiliation. When
// full_name is empty it is composed from family_name and given_names (family name first for
// VN, CN, JP, KR and TW, as those names are written), with a warning. A row without a name
// (experts) or title (works) is rejected.
//
// Linking works to experts: ParseCsvPair reads both files and adds each work whose
// expert_key equals an expert row's key, or whose expert_key is the ORCID iD of an expert
// row, to that ImportedPerson::works. ParseWorksCsv alone cannot link (a batch has no
// place for a key it cannot resolve) and says so in a warning when the file has an
// expert_key column.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "import/records.h"

namespace ketnoi::import {

enum class CsvKind { kExperts, kWorks };

struct CsvMapping {
  // Field name -> the header of the column that feeds it, as written in the file (compared
  // like the aliases). An empty header means: do not import this field. Fields not named
  // here are fed by the column whose header is one of their aliases.
  std::map<std::string, std::string> columns;

  bool operator==(const CsvMapping&) const = default;
};

// One field and the headers that feed it by default, each written as people write it; the
// first is the field's own name.
struct CsvFieldAliases {
  std::string_view field;
  std::span<const std::string_view> aliases;
};

// The fields of `kind` in the order of the comment above, with their default aliases.
std::span<const CsvFieldAliases> DefaultAliases(CsvKind kind);

// The mapping that uses only the aliases.
inline CsvMapping DefaultMapping() { return {}; }

// Parses a mapping for `kind` from `text`, either a file of "field=Column Header" lines
// (blank lines and lines starting with '#' are skipped) or, when `text` has no line break,
// a flag string "full_name=Họ tên,email=Thư điện tử" (so headers there cannot hold a comma).
// Spaces around field and header are trimmed; field names are case-insensitive.
// Errors: InvalidArgument naming the line (or item) at fault: no '=', an unknown field
// (listing the known ones), a field mapped twice, invalid UTF-8.
base::Result<CsvMapping> ParseMapping(CsvKind kind, std::string_view text);

// Reads an experts file into ImportBatch::people (no works).
// Errors: InvalidArgument when the file as a whole cannot be read (see ReadCsv), when the
// mapping names a field `kind` does not have or a column the header does not have (the
// message names the column), or when no column gives a name (full_name, given_names or
// family_name). Row problems are ImportBatch::rejected and ::warnings, and the other rows
// are read; the columns no field reads are listed in one warning at the header.
base::Result<ImportBatch> ParseExpertsCsv(std::string_view bytes, const CsvMapping& mapping);

// Reads a works file into ImportBatch::works (no people), as ParseExpertsCsv does experts;
// the title column is required.
base::Result<ImportBatch> ParseWorksCsv(std::string_view bytes, const CsvMapping& mapping);

// One input file of ParseCsvPair. `name` becomes Location::file of what it reports.
struct CsvFile {
  std::string name;
  std::string_view bytes;
  CsvMapping mapping;
};

// Reads an experts file and a works file into one batch and links works to experts (see
// above); a work whose expert_key matches no expert row is kept unlinked, with a warning.
// Errors: as ParseExpertsCsv and ParseWorksCsv, the message prefixed with the file's name.
base::Result<ImportBatch> ParseCsvPair(const CsvFile& experts, const CsvFile& works);

}  // namespace ketnoi::import

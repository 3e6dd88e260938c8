// What every importer produces: people and works as their source describes them, before
// identity resolution decides which registry expert each person is, plus a report of what
// was read and what was rejected, where and why.
//
// Parsers are pure functions from bytes to an ImportBatch: they never touch the store, a
// bad record is rejected with its location and the others are still read, and every
// string they emit is valid UTF-8 in NFC.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/work.h"

namespace ketnoi::import {

// Where a record starts in its input: the line (1-based) for line-oriented formats and
// BibTeX, and always the byte offset (0-based). `file` is set by callers that read several
// files.
struct Location {
  std::string file;
  int64_t line = 0;  // 0 when the format has no lines to speak of.
  int64_t offset = 0;

  bool operator==(const Location&) const = default;
};

// An identifier a source gives a work or a person: {"doi", "10.1/x"}, {"openalex",
// "W2741809807"}, {"eid", "2-s2.0-..."}, {"isbn", ...}. Types are lower case.
struct ExternalId {
  std::string type;
  std::string value;

  bool operator==(const ExternalId&) const = default;
};

// An employment or an education, as ORCID and CSV give them.
struct ImportedAffiliation {
  std::string organization;  // The organisation's name as written in the source.
  std::string department;
  std::string role;  // "Associate Professor", "PhD student", ...
  std::string city;
  std::string country;  // ISO 3166-1 alpha-2 upper case, or empty.
  int start_year = 0;   // 0 when unknown.
  int end_year = 0;     // 0 when unknown or ongoing.
  bool education = false;

  bool operator==(const ImportedAffiliation&) const = default;
};

// An author of a work as the work lists them.
struct ImportedAuthor {
  std::string name;       // As printed: "Nguyễn Văn An", "A. V. Nguyen", "Nguyen, An".
  std::string orcid;      // "0000-0002-1825-0097" (checksum verified), or empty.
  std::string source_id;  // The source's id of the author ("A5023888391"), or empty.
  std::vector<std::string> institutions;  // Affiliations printed on the work.
  bool corresponding = false;

  bool operator==(const ImportedAuthor&) const = default;
};

struct ImportedWork {
  Location location;
  // The work's key in its source (BibTeX key, ORCID put-code, OpenAlex id, CSV key), for
  // reports and for re-imports.
  std::string source_id;
  model::WorkKind kind = model::WorkKind::kPublication;
  std::string type;  // The source's own type: "article", "journal-article", "inproceedings".
  std::string title;
  std::string abstract;
  int year = 0;  // 0 when unknown.
  std::string venue;
  std::string language;  // ISO 639-1 when the source says, else empty.
  std::string doi;       // Lower case, without "https://doi.org/": "10.1109/5.771073".
  std::string url;
  std::vector<std::string> keywords;
  std::vector<ImportedAuthor> authors;  // In printed order; may be empty (ORCID summaries).
  std::vector<ExternalId> external_ids;

  bool operator==(const ImportedWork&) const = default;
};

struct ImportedPerson {
  Location location;
  std::string source_id;  // The person's key in the source (ORCID iD, OpenAlex id, CSV key).
  std::string orcid;      // Checksum-verified ORCID iD, or empty.
  std::string full_name;  // As the person writes it: "Nguyễn Thị Mai".
  std::string given_names;
  std::string family_name;
  std::vector<std::string> other_names;  // Alternative spellings, transliterations.
  std::string biography;
  std::string biography_language;  // ISO 639-1 when known.
  std::vector<std::string> keywords;
  std::vector<std::string> emails;
  std::string country;  // ISO 3166-1 alpha-2 of residence, or empty.
  std::vector<ImportedAffiliation> affiliations;
  std::vector<ExternalId> external_ids;
  // Indexes into ImportBatch::works of the works this record says are theirs (an ORCID
  // record's works, a CSV works row's expert key); works found through author lists are
  // matched later, by identity resolution.
  std::vector<size_t> works;

  bool operator==(const ImportedPerson&) const = default;
};

// A record that could not be read; the others were.
struct Rejected {
  Location location;
  std::string reason;  // Says what is wrong and, where it helps, in which field.

  bool operator==(const Rejected&) const = default;
};

struct ImportBatch {
  std::vector<ImportedPerson> people;
  std::vector<ImportedWork> works;
  std::vector<Rejected> rejected;
  // Things read but not used, or repaired, that a user may want to know about: unknown
  // fields, unknown entry types, a duplicate key. They do not reject the record.
  std::vector<Rejected> warnings;
  int64_t records_read = 0;  // Every record seen, kept or rejected.
};

}  // namespace ketnoi::import

// The ORCID importer: turns ORCID public API v3.0 records (the JSON that
// GET https://pub.orcid.org/v3.0/{iD}/record returns) into the people and works of
// import/records.h.
//
// Input forms, told apart by the first bytes (a UTF-8 byte order mark is skipped):
//   - one record: a JSON object;
//   - a JSON array of records;
//   - JSON lines: one record per line, the first record on one line;
//   - records one after the other, pretty-printed (what `cat a.json b.json` gives).
// Each record gives one ImportedPerson and one ImportedWork per group of works. Records are
// read independently: a record that is malformed, is not valid UTF-8 or lacks a valid
// ORCID iD is rejected with its location and the reason, and the others are still read.
//
// What is read from a record (all other fields are ignored silently, as ORCID adds fields):
//   orcid-identifier.path                     -> orcid and source_id (checksum verified)
//   person.name.{given-names,family-name,credit-name}.value, other-names, biography,
//   keywords (split at "," and ";"), emails, addresses (the first country),
//   researcher-urls (as {"url", ...}) and external-identifiers
//   activities-summary.employments / educations -> affiliations (education = true)
//   activities-summary.works                  -> works, one per group (see below)
// Null values, which ORCID writes for every absent item, count as absent. A known field of
// the wrong type is ignored with a warning naming its JSON path, e.g.
// "person.name.given-names.value: expected a string"; the record is still kept.
//
// Decisions a user may need to know:
//   - Full name: the credit name when there is one; otherwise given names and family name
//     joined, in Western order ("Hiroshi Sato") except when the family name is one of the
//     common Vietnamese family names (Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ,
//     Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý), compared without diacritics and case, so
//     "Nguyen" counts too: then the family name comes first as Vietnamese write it
//     ("Nguyễn Văn An"). The short ones (Le, Ho, Do, Ly, Vo) are also French, Chinese or
//     Korean names; such a person can set a credit name in ORCID to be written their way.
//   - A group of works is one work in several versions (one per source). The preferred
//     version is the one with the highest display-index (ORCID's rule; ties go to the first
//     listed). Its put-code is the source_id.
//   - Work types map to kinds: patent, invention and disclosure -> kPatent; software,
//     data-set, research-tool, research-technique, physical-object, spin-off-company,
//     technical-standard, design and license -> kProduct; every other type (journal-article,
//     conference-paper, book, report, preprint, ...) -> kPublication. ORCID works are never
//     kProject (projects are ORCID fundings, not read here).
//   - DOI: the first external id of type "doi" with relationship "self" that NormalizeDoi
//     accepts. Other "self" ids are kept in external_ids (type lower case); "part-of" and
//     "version-of" ids describe another thing (the journal's ISSN, a preprint) and are
//     dropped, so identity resolution does not take a journal for a work.
//   - Location: the byte offset where the record starts and its line (1-based).
//   - String fields longer than kOrcidMaxFieldBytes are ignored with a warning.
//
// Thread safety: pure functions; safe to call from any number of threads.
#pragma once

#include <cstddef>
#include <string_view>

#include "import/records.h"

namespace ketnoi::import {

// A string field longer than this is ignored with a warning (ORCID itself allows 5,000
// characters for a biography and 1,000 for a title).
inline constexpr size_t kOrcidMaxFieldBytes = size_t{64} * 1024;

// Reads every ORCID record in `input` (one record, an array, JSON lines or records one after
// the other) and returns what was kept, rejected and warned about. Never fails as a whole:
// an input that is not JSON at all gives one rejected record at the first bad byte. Empty
// input (or white space only) gives an empty batch.
ImportBatch ParseOrcid(std::string_view input);

}  // namespace ketnoi::import

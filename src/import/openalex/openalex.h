// The OpenAlex importer: turns JSON lines of OpenAlex work and author objects (the entity
// snapshot files, or API results written one object per line) into the works and people of
// import/records.h. Built for bulk loads: one pass per line with simdjson On-Demand,
// buffers reused from line to line, nothing kept between lines but the output.
//
// Each non-empty line is one object, a work or an author, told apart by its id
// ("https://openalex.org/W..." or "W..." is a work, ".../A..." an author), or, for ids of
// another form, by the fields present (authorships, title, doi, publication_year make a
// work; orcid, display_name_alternatives, last_known_institution(s), x_concepts an author).
//
// Works -> ImportedWork: source_id the short id ("W2741809807", also kept as
// {"openalex", ...}), doi (normalised), title (else display_name), publication_year,
// language, type (kind: "patent" -> kPatent, "dataset"/"software" -> kProduct, "grant" ->
// kProject, all else kPublication), venue from primary_location.source.display_name, url
// from primary_location.landing_page_url, the abstract rebuilt from abstract_inverted_index,
// keywords from "keywords" (else "topics", else "concepts": the first of them that is not
// empty), authors from authorships (name as printed: raw_author_name, else
// author.display_name; orcid normalised; source_id "A..."; institutions' display names, else
// raw_affiliation_strings; is_corresponding), and the other ids of "ids" (mag, pmid, ...).
// Works are not put in any person's `works`: identity resolution links them to people later
// through their authors' source ids and ORCID iDs.
//
// Authors -> ImportedPerson: source_id "A...", orcid, full_name from display_name,
// other_names from display_name_alternatives, affiliations from last_known_institutions
// (or the older last_known_institution) with their country codes, keywords from "topics"
// (else "x_concepts"), and the other ids of "ids" (scopus, ...).
//
// Per-line errors, each rejecting that line only, with its line number and byte offset:
// malformed JSON (the reason gives the byte where simdjson stopped), invalid UTF-8 (the
// first bad byte), a line that is not an object, a missing or unusable id, a line longer
// than kOpenAlexMaxLineBytes. Known fields of the wrong type are ignored with a warning that
// names the field's path ("authorships[2].author.orcid: expected a string, found number");
// null counts as absent; unknown fields are ignored silently and, to stay fast, are skipped
// without full validation (On-Demand checks only what it reads, plus brackets and UTF-8).
// A rebuilt abstract whose index has duplicate, negative, out-of-range (beyond
// kOpenAlexMaxAbstractPosition) or missing positions is rebuilt from the usable positions,
// in order, with one warning; a rebuilt abstract over 16 * kOpenAlexMaxFieldBytes (1 MiB) is
// dropped with a warning.
//
// Thread safety: ParseOpenAlex is a pure function, safe from any number of threads. An
// OpenAlexReader is not thread-safe; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "import/records.h"

namespace ketnoi::import {

// Lines longer than this are rejected unread.
inline constexpr size_t kOpenAlexMaxLineBytes = size_t{16} * 1024 * 1024;
// String fields longer than this are ignored with a warning.
inline constexpr size_t kOpenAlexMaxFieldBytes = size_t{64} * 1024;
// Abstract positions beyond this are ignored (with the abstract's warning).
inline constexpr int64_t kOpenAlexMaxAbstractPosition = 1'000'000;

// Reads OpenAlex JSON lines one line at a time, for callers that stream a large file in
// pieces; keeps its parse buffers from line to line.
class OpenAlexReader {
 public:
  OpenAlexReader();
  ~OpenAlexReader();
  OpenAlexReader(const OpenAlexReader&) = delete;
  OpenAlexReader& operator=(const OpenAlexReader&) = delete;

  // Reads `line` (one line of the input, without its '\n'; a trailing '\r' is allowed) into
  // `batch`: a work or a person, or a rejection, plus any warnings. `line_number` (1-based)
  // and `offset` (of the line's first byte in the input) go into the locations. Lines of
  // white space only are skipped and not counted in records_read.
  // REQUIRES: batch != nullptr.
  void ReadLine(std::string_view line, int64_t line_number, int64_t offset, ImportBatch* batch);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads every line of `input` (JSON lines of OpenAlex works and authors; a UTF-8 byte order
// mark is skipped) and returns what was kept, rejected and warned about. Never fails as a
// whole.
ImportBatch ParseOpenAlex(std::string_view input);

}  // namespace ketnoi::import

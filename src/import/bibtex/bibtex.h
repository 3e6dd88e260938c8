// The BibTeX importer: turns a .bib file (BibTeX or biblatex) into the works of
// import/records.h, one ImportedWork per entry.
//
// Syntax read (as BibTeX 0.99 reads it, see Patashnik's "BibTeXing" and Markey's "Tame the
// BeaST"):
//   - entries @type{key, field = value, ...} and @type(key, ...); types and field names in
//     any case; a trailing comma is allowed; '%' starts a comment up to the end of the line
//     between fields (biber's extension);
//   - values in braces (inner braces are grouping and are kept for the LaTeX decoder), in
//     double quotes (braces inside must balance, and a quote inside braces does not end the
//     value), bare numbers, and string macros: @string{vn = "Việt Nam"} and the standard
//     month macros jan..dec ("January".."December"), which @string may redefine; parts
//     joined with '#'. A macro used before it is defined, or never defined, is empty with a
//     warning (BibTeX's behaviour);
//   - @comment, @preamble and all text outside entries are ignored; an '@' that is not
//     followed by a name and '{' or '(' is text (an e-mail address in a comment). @string,
//     @comment and @preamble are not entries: they do not count in records_read, and a
//     malformed @string is a warning, since it describes no work.
//
// Entries become works:
//   - source_id is the key; type is the entry type in lower case; kind is kPatent for
//     @patent and kPublication for every other type. Types outside BibTeX's and biblatex's
//     standard ones are read the same way with a warning ("unknown entry type '@foo'").
//   - Duplicate keys: both entries are kept as separate works (two different works may share
//     a careless key such as "nguyen2020"; dropping one would lose a work silently, and
//     identity resolution merges true duplicates by DOI and title), with a warning on the
//     second naming the line of the first.
//   - A field given twice: the first value is kept and the second ignored with a warning
//     (BibTeX's behaviour).
//   - title, abstract: LaTeX decoded (latex.h) and cleaned (CleanText: NFC, one space).
//   - author: names split and printed as name_parts.h says ("Nguyễn Văn An",
//     "Hiroshi Sato", "Viettel Group"); "others" is dropped. When there is no author,
//     editor is read instead (the editors of a proceedings volume are its people).
//   - year: the digits of year, or the year of a biblatex date ("2021-05-03"); a year that
//     is not 1 to 4 digits ("2021a", "in press") leaves year 0 with a warning.
//   - venue: by type: journal (or biblatex journaltitle) for article; booktitle for
//     inproceedings, conference, incollection and inbook; school for theses; institution
//     for techreport and report; publisher for book, proceedings and the rest; then the
//     first present of journal, journaltitle, booktitle, school, institution, publisher,
//     organization, howpublished.
//   - doi: the doi field through NormalizeDoi, else a url field on doi.org; a doi field that
//     is not a DOI is dropped with a warning. url, doi and the identifiers are read verbatim
//     (braces and escapes removed, "--" and "~" kept).
//   - keywords: split at ',' and ';', trimmed, duplicates dropped.
//   - language (or biblatex langid): ISO 639-1 from a language name ("vietnamese" -> "vi",
//     "english"/"american"/"british" -> "en", "japanese" -> "ja", ...) or an ISO 639-1/-2
//     code; anything else is dropped with a warning.
//   - isbn, issn, pmid, pmcid -> external_ids of that type; eprint -> external_id of type
//     eprinttype/archiveprefix in lower case ("arxiv"), else "eprint".
//   - Every other field is ignored; fields that no standard style uses are named in one
//     warning per entry ("unknown fields ignored: 'foo', 'bar'").
//
// Rejected entries, each with the Location of its '@' (line and byte offset) and a reason
// that names the line where the problem was found:
//   missing key, missing '=' after a field name, missing or unterminated value (braced or
//   quoted: "line 12: unterminated quoted value of field 'title' started at line 10"), a
//   value whose braces nest deeper than kMaxBraceDepth, a value longer than
//   options.max_field_bytes, an entry not closed before the end of input or before the next
//   entry, invalid UTF-8 anywhere in the entry (with the byte offset), and an entry without
//   a title. A value (or an entry) is taken to end where a line starts with "@name{" or
//   "@name(": a missing closing brace then costs one entry, not the rest of the file.
//   After an error inside an entry, reading resumes at the next '@' at the start of a line
//   (after optional spaces or tabs).
//
// Cost: one pass over the input, linear in its size plus the text that macros expand to,
// which is capped (kMaxMacroExpansionBytes) so a few @string lines cannot make gigabytes.
// Recursion is bounded by kMaxBraceDepth.
//
// Thread safety: pure functions; safe to call from any number of threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "import/records.h"

namespace ketnoi::import {

// Deepest brace nesting accepted in a value; deeper values reject their entry.
inline constexpr int kMaxBraceDepth = 64;

// Bytes that macro references may add to the whole input's values together; beyond it,
// entries that expand more macros are rejected.
inline constexpr size_t kMaxMacroExpansionBytes = size_t{64} << 20;

struct BibtexOptions {
  // Copied into every Location (for callers that read several files).
  std::string file;
  // A value longer than this, after macro expansion, rejects its entry.
  size_t max_field_bytes = size_t{1} << 20;
};

// Reads every entry of `input` and returns the works kept, the entries rejected and the
// warnings. Never fails as a whole: empty input, or input without entries, gives an empty
// batch.
ImportBatch ParseBibtex(std::string_view input, const BibtexOptions& options = {});

}  // namespace ketnoi::import

#include "import/bibtex/bibtex.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "import/bibtex/latex.h"
#include "import/bibtex/name_parts.h"
#include "import/ids.h"
#include "import/internal/scan.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

using bibtex::DecodeLatex;
using bibtex::DecodeLatexVerbatim;

// Entry types of BibTeX's standard styles and of biblatex's data model.
constexpr std::string_view kKnownTypes[] = {
    "article",       "book",           "booklet",     "inbook",
    "incollection",  "inproceedings",  "conference",  "manual",
    "mastersthesis", "phdthesis",      "misc",        "proceedings",
    "techreport",    "unpublished",    "online",      "electronic",
    "www",           "patent",         "software",    "dataset",
    "report",        "thesis",         "collection",  "mvbook",
    "mvcollection",  "mvproceedings",  "mvreference", "bookinbook",
    "suppbook",      "suppcollection", "periodical",  "suppperiodical",
    "reference",     "inreference",    "artwork",     "audio",
    "image",         "movie",          "music",       "performance",
    "video",         "standard",       "letter",      "review",
    "commentary",    "jurisdiction",   "legislation", "legal",
};

// Fields read here, or defined by BibTeX's and biblatex's standard styles: no warning.
constexpr std::string_view kKnownFields[] = {
    "abstract",     "address",      "addendum",     "annote",      "annotation", "archiveprefix",
    "author",       "booksubtitle", "booktitle",    "chapter",     "crossref",   "date",
    "day",          "doi",          "edition",      "editor",      "editora",    "editorb",
    "eid",          "eprint",       "eprintclass",  "eprinttype",  "eventdate",  "eventtitle",
    "file",         "holder",       "howpublished", "institution", "isbn",       "issn",
    "issue",        "journal",      "journaltitle", "key",         "keywords",   "langid",
    "language",     "location",     "maintitle",    "month",       "note",       "number",
    "organization", "origdate",     "origlanguage", "pages",       "pagetotal",  "part",
    "pmcid",        "pmid",         "primaryclass", "pubstate",    "publisher",  "school",
    "series",       "shortauthor",  "shortjournal", "shorttitle",  "subtitle",   "title",
    "titleaddon",   "translator",   "type",         "url",         "urldate",    "venue",
    "version",      "volume",       "year",
};

struct LanguageName {
  std::string_view name;
  std::string_view code;
};

// Language names (babel's and polyglossia's, as langid uses them) and ISO 639-2 codes.
constexpr LanguageName kLanguages[] = {
    {"vietnamese", "vi"}, {"tiếng việt", "vi"}, {"vie", "vi"},        {"english", "en"},
    {"american", "en"},   {"british", "en"},    {"usenglish", "en"},  {"ukenglish", "en"},
    {"canadian", "en"},   {"australian", "en"}, {"newzealand", "en"}, {"eng", "en"},
    {"japanese", "ja"},   {"jpn", "ja"},        {"french", "fr"},     {"fra", "fr"},
    {"fre", "fr"},        {"german", "de"},     {"ngerman", "de"},    {"austrian", "de"},
    {"deu", "de"},        {"ger", "de"},        {"chinese", "zh"},    {"zho", "zh"},
    {"chi", "zh"},        {"korean", "ko"},     {"kor", "ko"},        {"spanish", "es"},
    {"spa", "es"},        {"russian", "ru"},    {"rus", "ru"},        {"thai", "th"},
    {"tha", "th"},        {"italian", "it"},    {"ita", "it"},        {"portuguese", "pt"},
    {"brazilian", "pt"},  {"por", "pt"},        {"dutch", "nl"},      {"nld", "nl"},
    {"polish", "pl"},     {"pol", "pl"},        {"indonesian", "id"}, {"ind", "id"},
    {"swedish", "sv"},    {"swe", "sv"},        {"czech", "cs"},      {"ces", "cs"},
    {"lao", "lo"},        {"khmer", "km"},      {"khm", "km"},
};

constexpr std::pair<std::string_view, std::string_view> kMonthMacros[] = {
    {"jan", "January"},   {"feb", "February"}, {"mar", "March"},    {"apr", "April"},
    {"may", "May"},       {"jun", "June"},     {"jul", "July"},     {"aug", "August"},
    {"sep", "September"}, {"oct", "October"},  {"nov", "November"}, {"dec", "December"},
};

template <typename Range>
bool Contains(const Range& range, std::string_view value) {
  return std::find(std::begin(range), std::end(range), value) != std::end(range);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Characters BibTeX allows in entry types, field names and macro names.
bool IsNameChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7f) return false;
  switch (c) {
    case '"':
    case '#':
    case '%':
    case '\'':
    case '(':
    case ')':
    case ',':
    case '=':
    case '{':
    case '}':
    case '@':
      return false;
    default:
      return true;
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// How a scan of a delimited value ended.
enum class ScanEnd {
  kClosed,           // At its closing delimiter.
  kEndOfInput,       // The input ended first.
  kNextEntry,        // A line starting a new entry came first.
  kUnbalancedBrace,  // A '}' closed nothing (quoted values only).
};

struct Scan {
  ScanEnd end = ScanEnd::kClosed;
  size_t stop = 0;  // Just past the closing delimiter, or where the scan stopped.
  int64_t max_depth = 0;
};

struct Field {
  std::string name;   // Lower case.
  std::string value;  // Raw LaTeX, macros expanded, outer delimiters removed.
};

struct Entry {
  Location location;
  size_t begin = 0;  // The '@'.
  size_t end = 0;    // Just past the closing delimiter.
  std::string type;  // Lower case.
  std::string key;
  std::vector<Field> fields;
  std::unordered_set<std::string> field_names;  // Of `fields`, to find repeats.
  std::vector<std::string> duplicate_fields;
  std::vector<std::string> warnings;  // Found while reading the syntax.
};

// A syntax error inside an entry: what to tell the user and where reading resumes.
struct SyntaxError {
  std::string reason;
  size_t position = 0;  // Where the problem was found.
};

class Parser {
 public:
  Parser(std::string_view input, const BibtexOptions& options)
      : input_(input), options_(options), lines_(input) {
    for (const auto& [name, value] : kMonthMacros) macros_.emplace(name, value);
  }

  ImportBatch Run() {
    while (pos_ < input_.size()) {
      const size_t at = input_.find('@', pos_);
      if (at == std::string_view::npos) break;
      ReadAt(at);
    }
    return std::move(batch_);
  }

 private:
  bool AtEnd(size_t p) const { return p >= input_.size(); }

  Location LocationOf(size_t offset) {
    return Location{options_.file, lines_.LineAt(offset), static_cast<int64_t>(offset)};
  }

  std::string LinePrefix(size_t offset) {
    return "line " + std::to_string(lines_.LineAt(offset)) + ": ";
  }

  size_t SkipName(size_t p) const {
    while (!AtEnd(p) && IsNameChar(input_[p])) ++p;
    return p;
  }

  size_t SkipSpaces(size_t p) const {
    while (!AtEnd(p) && IsSpace(input_[p])) ++p;
    return p;
  }

  size_t SkipHorizontalSpaces(size_t p) const {
    while (!AtEnd(p) && (input_[p] == ' ' || input_[p] == '\t')) ++p;
    return p;
  }

  // Skips white space and, inside entries, '%' comments up to the end of their line.
  size_t SkipSpacesAndComments(size_t p) const {
    for (;;) {
      p = SkipSpaces(p);
      if (AtEnd(p) || input_[p] != '%') return p;
      const size_t newline = input_.find('\n', p);
      if (newline == std::string_view::npos) return input_.size();
      p = newline + 1;
    }
  }

  // If an entry starts at `at` ('@', name, '{' or '('), the offset of its delimiter.
  std::optional<size_t> EntryDelimiter(size_t at) const {
    if (AtEnd(at) || input_[at] != '@') return std::nullopt;
    const size_t name = SkipHorizontalSpaces(at + 1);
    const size_t name_end = SkipName(name);
    if (name_end == name) return std::nullopt;
    const size_t delimiter = SkipSpaces(name_end);
    if (AtEnd(delimiter) || (input_[delimiter] != '{' && input_[delimiter] != '(')) {
      return std::nullopt;
    }
    return delimiter;
  }

  // True if the line that starts at `line_start` starts an entry (after spaces or tabs).
  bool LineStartsEntry(size_t line_start) const {
    return EntryDelimiter(SkipHorizontalSpaces(line_start)).has_value();
  }

  // The next '@' at or after `from` that only spaces or tabs separate from the start of its
  // line; the end of input if there is none.
  size_t NextLineStartAt(size_t from) const {
    for (size_t at = input_.find('@', from); at != std::string_view::npos;
         at = input_.find('@', at + 1)) {
      size_t back = at;
      while (back > 0 && (input_[back - 1] == ' ' || input_[back - 1] == '\t')) --back;
      if (back == 0 || input_[back - 1] == '\n') return at;
    }
    return input_.size();
  }

  std::string Describe(size_t p) const {
    if (AtEnd(p)) return "the end of input";
    const auto u = static_cast<unsigned char>(input_[p]);
    if (u >= 0x20 && u < 0x7f) return Quote(input_.substr(p, 1));
    if (u == '\n' || u == '\r') return "the end of the line";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", u);
    return std::string("byte ") + hex;
  }

  // Scans a value from just past its opening delimiter: to the matching '}' (braced, depth
  // 1 at the start) or to the '"' at depth 0 (quoted). Braces count even when escaped, as
  // in BibTeX. Stops at a line that starts a new entry.
  Scan ScanValue(size_t p, bool quoted) const {
    Scan scan;
    int64_t depth = quoted ? 0 : 1;
    scan.max_depth = depth;
    for (; p < input_.size(); ++p) {
      const char c = input_[p];
      if (c == '{') {
        scan.max_depth = std::max(scan.max_depth, ++depth);
      } else if (c == '}') {
        if (depth == 0) {
          scan.end = ScanEnd::kUnbalancedBrace;
          scan.stop = p;
          return scan;
        }
        if (--depth == 0 && !quoted) {
          scan.stop = p + 1;
          return scan;
        }
      } else if (c == '"' && quoted && depth == 0) {
        scan.stop = p + 1;
        return scan;
      } else if (c == '\n' && LineStartsEntry(p + 1)) {
        scan.end = ScanEnd::kNextEntry;
        scan.stop = SkipHorizontalSpaces(p + 1);
        return scan;
      }
    }
    scan.end = ScanEnd::kEndOfInput;
    scan.stop = input_.size();
    return scan;
  }

  // Reads what starts at the '@' at `at` and moves pos_ past it.
  void ReadAt(size_t at) {
    const std::optional<size_t> delimiter = EntryDelimiter(at);
    if (!delimiter) {
      pos_ = at + 1;
      return;
    }
    const size_t name = SkipHorizontalSpaces(at + 1);
    const std::string type = internal::AsciiLower(input_.substr(name, SkipName(name) - name));
    if (type == "comment" || type == "preamble") {
      SkipGroup(at, *delimiter, type);
      return;
    }
    if (type == "string") {
      ReadString(at, *delimiter);
      return;
    }
    if (type == "set" || type == "xdata") {
      batch_.warnings.push_back(
          {LocationOf(at), "@" + type + " entries group other entries and are not works; ignored"});
      SkipGroup(at, *delimiter, type);
      return;
    }
    ++batch_.records_read;
    Entry entry;
    entry.begin = at;
    entry.location = LocationOf(at);
    entry.type = type;
    if (std::optional<SyntaxError> error = ReadEntry(*delimiter, &entry)) {
      batch_.rejected.push_back({entry.location, std::move(error->reason)});
      pos_ = std::max(NextLineStartAt(error->position), at + 1);
      return;
    }
    pos_ = entry.end;
    BuildWork(std::move(entry));
  }

  // Skips @comment{...}, @preamble{...} and the like; a group that does not close is
  // ignored up to the next entry, with a warning.
  void SkipGroup(size_t at, size_t delimiter, const std::string& type) {
    if (input_[delimiter] == '{') {
      const Scan scan = ScanValue(delimiter + 1, /*quoted=*/false);
      if (scan.end == ScanEnd::kClosed) {
        pos_ = scan.stop;
        return;
      }
      batch_.warnings.push_back({LocationOf(at), LinePrefix(scan.stop) + "@" + type +
                                                     " is not closed; ignored up to here"});
      pos_ = std::max(NextLineStartAt(scan.stop), at + 1);
      return;
    }
    // Parenthesised: up to the first ')' outside braces.
    int64_t depth = 0;
    for (size_t p = delimiter + 1; p < input_.size(); ++p) {
      const char c = input_[p];
      if (c == '{') ++depth;
      if (c == '}' && depth > 0) --depth;
      if (c == ')' && depth == 0) {
        pos_ = p + 1;
        return;
      }
      if (c == '\n' && LineStartsEntry(p + 1)) {
        batch_.warnings.push_back({LocationOf(at), LinePrefix(p + 1) + "@" + type +
                                                       " is not closed; ignored up to here"});
        pos_ = p + 1;
        return;
      }
    }
    pos_ = input_.size();
  }

  // Reads @string{name = value, ...}; a malformed one is a warning.
  void ReadString(size_t at, size_t delimiter) {
    Entry entry;
    entry.begin = at;
    const char close = input_[delimiter] == '{' ? '}' : ')';
    size_t p = delimiter + 1;
    std::optional<SyntaxError> error;
    for (;;) {
      p = SkipSpacesAndComments(p);
      if (AtEnd(p)) {
        error = SyntaxError{LinePrefix(p) + "@string is not closed", p};
        break;
      }
      if (input_[p] == close) {
        ++p;
        break;
      }
      if (input_[p] == ',') {
        ++p;
        continue;
      }
      error = ReadField(&p, close, &entry);
      if (error) break;
    }
    if (error) {
      batch_.warnings.push_back({LocationOf(at), "@string ignored: " + error->reason});
      pos_ = std::max(NextLineStartAt(error->position), at + 1);
      return;
    }
    pos_ = p;
    const size_t invalid = text::FindInvalidUtf8(input_.substr(at, p - at));
    if (invalid != std::string_view::npos) {
      batch_.warnings.push_back({LocationOf(at), "@string ignored: invalid UTF-8 at byte " +
                                                     std::to_string(at + invalid)});
      return;
    }
    for (Field& field : entry.fields) macros_[field.name] = std::move(field.value);
  }

  // Reads an entry's key and fields, from its opening delimiter to its closing one.
  std::optional<SyntaxError> ReadEntry(size_t delimiter, Entry* entry) {
    const char close = input_[delimiter] == '{' ? '}' : ')';
    size_t p = SkipSpaces(delimiter + 1);
    const size_t key_begin = p;
    while (!AtEnd(p) && !IsSpace(input_[p]) && input_[p] != ',' && input_[p] != close &&
           input_[p] != '{' && input_[p] != '}' && input_[p] != '=' && input_[p] != '"') {
      ++p;
    }
    entry->key.assign(input_.substr(key_begin, p - key_begin));
    p = SkipSpaces(p);
    if (!AtEnd(p) && input_[p] == '=') {
      return SyntaxError{LinePrefix(p) + "missing key: field " + Quote(entry->key) +
                             " comes right after the opening delimiter",
                         p};
    }
    if (entry->key.empty()) {
      return SyntaxError{LinePrefix(p) + "missing key before " + Describe(p), p};
    }
    if (AtEnd(p)) return EndOfInput(p, *entry, close);
    if (input_[p] == close) {
      entry->end = p + 1;
      return std::nullopt;
    }
    if (input_[p] != ',') {
      return SyntaxError{
          LinePrefix(p) + "expected ',' after key " + Quote(entry->key) + ", found " + Describe(p),
          p};
    }
    ++p;
    for (;;) {
      p = SkipSpacesAndComments(p);
      if (AtEnd(p)) return EndOfInput(p, *entry, close);
      const char c = input_[p];
      if (c == close) {
        entry->end = p + 1;
        return std::nullopt;
      }
      if (c == ',') {
        ++p;
        continue;
      }
      if (std::optional<SyntaxError> error = ReadField(&p, close, entry)) return error;
      p = SkipSpacesAndComments(p);
      if (AtEnd(p)) return EndOfInput(p, *entry, close);
      if (input_[p] == ',') {
        ++p;
      } else if (input_[p] != close) {
        if (input_[p] == '@' && LineStartsEntry(p)) return NotClosed(p, *entry, close);
        return SyntaxError{LinePrefix(p) + "expected ',' or '" + close +
                               "' after the value of field " +
                               Quote(entry->fields.empty() ? "" : entry->fields.back().name) +
                               ", found " + Describe(p),
                           p};
      }
    }
  }

  SyntaxError EndOfInput(size_t p, const Entry& entry, char close) {
    return SyntaxError{LinePrefix(p) + "end of input inside entry " + Quote(entry.key) +
                           " (missing '" + close + "')",
                       p};
  }

  SyntaxError NotClosed(size_t p, const Entry& entry, char close) {
    return SyntaxError{LinePrefix(p) + "entry " + Quote(entry.key) + " is not closed (missing '" +
                           close + "') before the next entry",
                       p};
  }

  // Reads "name = value # value ..." at *p into entry->fields (or notes a repeated field).
  std::optional<SyntaxError> ReadField(size_t* p, char close, Entry* entry) {
    const size_t name_begin = *p;
    const size_t name_end = SkipName(name_begin);
    if (name_end == name_begin) {
      if (input_[name_begin] == '@' && LineStartsEntry(name_begin)) {
        return NotClosed(name_begin, *entry, close);
      }
      return SyntaxError{
          LinePrefix(name_begin) + "expected a field name, found " + Describe(name_begin),
          name_begin};
    }
    const std::string name = internal::AsciiLower(input_.substr(name_begin, name_end - name_begin));
    size_t q = SkipSpacesAndComments(name_end);
    if (AtEnd(q) || input_[q] != '=') {
      return SyntaxError{
          LinePrefix(q) + "missing '=' after field " + Quote(name) + ", found " + Describe(q), q};
    }
    q = SkipSpacesAndComments(q + 1);
    std::string value;
    for (;;) {
      if (AtEnd(q)) {
        return SyntaxError{
            LinePrefix(q) + "missing value of field " + Quote(name) + " before the end of input",
            q};
      }
      const char c = input_[q];
      if (c == '{' || c == '"') {
        const bool quoted = c == '"';
        const Scan scan = ScanValue(q + 1, quoted);
        const std::string kind = quoted ? "quoted" : "braced";
        if (scan.end == ScanEnd::kEndOfInput || scan.end == ScanEnd::kNextEntry) {
          std::string reason = LinePrefix(scan.stop) + "unterminated " + kind + " value of field " +
                               Quote(name) + " started at line " + std::to_string(lines_.LineAt(q));
          if (scan.end == ScanEnd::kNextEntry) reason += ", before the next entry";
          return SyntaxError{std::move(reason), scan.stop};
        }
        if (scan.end == ScanEnd::kUnbalancedBrace) {
          return SyntaxError{LinePrefix(scan.stop) + "unbalanced '}' in quoted value of field " +
                                 Quote(name) + " started at line " +
                                 std::to_string(lines_.LineAt(q)) + " (or a missing closing '\"')",
                             scan.stop};
        }
        if (scan.max_depth > kMaxBraceDepth + (quoted ? 0 : 1)) {
          return SyntaxError{LinePrefix(q) + "braces nested deeper than " +
                                 std::to_string(kMaxBraceDepth) + " in field " + Quote(name),
                             scan.stop};
        }
        const std::string_view content = input_.substr(q + 1, scan.stop - q - 2);
        if (auto error = Append(content, name, q, &value)) return error;
        q = scan.stop;
      } else if (IsDigit(c)) {
        size_t end = q;
        while (!AtEnd(end) && IsDigit(input_[end])) ++end;
        if (auto error = Append(input_.substr(q, end - q), name, q, &value)) return error;
        q = end;
      } else if (IsNameChar(c)) {
        const size_t end = SkipName(q);
        const std::string macro = internal::AsciiLower(input_.substr(q, end - q));
        const auto found = macros_.find(macro);
        if (found == macros_.end()) {
          entry->warnings.push_back(LinePrefix(q) + "undefined macro " + Quote(macro) +
                                    " in field " + Quote(name) + " read as empty");
        } else {
          expanded_bytes_ += found->second.size();
          if (expanded_bytes_ > kMaxMacroExpansionBytes) {
            return SyntaxError{LinePrefix(q) + "macros expand to more than " +
                                   std::to_string(kMaxMacroExpansionBytes) + " bytes in this input",
                               end};
          }
          if (auto error = Append(found->second, name, q, &value)) return error;
        }
        q = end;
      } else {
        return SyntaxError{
            LinePrefix(q) + "missing value of field " + Quote(name) + ", found " + Describe(q), q};
      }
      const size_t next = SkipSpacesAndComments(q);
      if (AtEnd(next) || input_[next] != '#') break;
      q = SkipSpacesAndComments(next + 1);
    }
    *p = q;
    if (entry->field_names.insert(name).second) {
      entry->fields.push_back({name, std::move(value)});
    } else {
      entry->duplicate_fields.push_back(name);
    }
    return std::nullopt;
  }

  std::optional<SyntaxError> Append(std::string_view part, const std::string& name, size_t at,
                                    std::string* value) {
    if (value->size() + part.size() > options_.max_field_bytes) {
      return SyntaxError{LinePrefix(at) + "value of field " + Quote(name) + " is longer than " +
                             std::to_string(options_.max_field_bytes) + " bytes",
                         at + 1};
    }
    value->append(part);
    return std::nullopt;
  }

  // --- From an entry's fields to a work. ---

  static const std::string* Get(const Entry& entry, std::string_view name) {
    for (const Field& field : entry.fields) {
      if (field.name == name) return &field.value;
    }
    return nullptr;
  }

  void Reject(const Entry& entry, std::string reason) {
    batch_.rejected.push_back({entry.location, std::move(reason)});
  }

  void Warn(const Entry& entry, std::string reason) {
    batch_.warnings.push_back({entry.location, std::move(reason)});
  }

  // The decoded, cleaned text of `raw` (LaTeX, or verbatim for identifiers).
  enum class Decoding { kLatex, kVerbatim };
  static base::Result<std::string> Text(std::string_view raw, Decoding decoding) {
    return CleanText(decoding == Decoding::kLatex ? DecodeLatex(raw) : DecodeLatexVerbatim(raw));
  }

  void BuildWork(Entry entry) {
    const size_t invalid =
        text::FindInvalidUtf8(input_.substr(entry.begin, entry.end - entry.begin));
    if (invalid != std::string_view::npos) {
      const size_t offset = entry.begin + invalid;
      Reject(entry, LinePrefix(offset) + "invalid UTF-8 at byte " + std::to_string(offset) +
                        " (the file is not UTF-8? save it as UTF-8 or use LaTeX accents)");
      return;
    }
    const std::string lower_key = internal::AsciiLower(entry.key);
    const auto [first, inserted] = keys_.emplace(lower_key, entry.location.line);
    if (!inserted) {
      Warn(entry, "duplicate key " + Quote(entry.key) + " (first at line " +
                      std::to_string(first->second) + "); both entries kept");
    }
    for (std::string& warning : entry.warnings) Warn(entry, std::move(warning));
    for (const std::string& name : entry.duplicate_fields) {
      Warn(entry, "field " + Quote(name) + " given twice; the first value is kept");
    }

    ImportedWork work;
    work.location = entry.location;
    auto status = Fill(entry, &work);
    if (!status.ok()) {
      Reject(entry, status.message());
      return;
    }
    batch_.works.push_back(std::move(work));
  }

  base::Status Fill(const Entry& entry, ImportedWork* work) {
    ASSIGN_OR_RETURN(work->source_id, CleanText(entry.key));
    ASSIGN_OR_RETURN(work->type, CleanText(entry.type));
    work->kind = entry.type == "patent" ? model::WorkKind::kPatent : model::WorkKind::kPublication;
    if (!Contains(kKnownTypes, entry.type)) {
      Warn(entry, "unknown entry type '@" + entry.type + "' read as a work");
    }

    const std::string* title = Get(entry, "title");
    if (title == nullptr) {
      return base::InvalidArgument("entry " + Quote(entry.key) + " has no title", "title");
    }
    ASSIGN_OR_RETURN(work->title, Text(*title, Decoding::kLatex));
    if (work->title.empty()) {
      return base::InvalidArgument("entry " + Quote(entry.key) + " has an empty title", "title");
    }
    if (const std::string* abstract = Get(entry, "abstract")) {
      ASSIGN_OR_RETURN(work->abstract, Text(*abstract, Decoding::kLatex));
    }
    RETURN_IF_ERROR(FillAuthors(entry, work));
    RETURN_IF_ERROR(FillYear(entry, work));
    RETURN_IF_ERROR(FillVenue(entry, work));
    RETURN_IF_ERROR(FillLinks(entry, work));
    RETURN_IF_ERROR(FillKeywords(entry, work));
    RETURN_IF_ERROR(FillLanguage(entry, work));
    RETURN_IF_ERROR(FillExternalIds(entry, work));

    std::string unknown;
    for (const Field& field : entry.fields) {
      if (Contains(kKnownFields, field.name)) continue;
      unknown += (unknown.empty() ? "" : ", ") + Quote(field.name);
    }
    if (!unknown.empty()) Warn(entry, "unknown fields ignored: " + unknown);
    return base::Status::Ok();
  }

  base::Status FillAuthors(const Entry& entry, ImportedWork* work) {
    std::string_view field = "author";
    const std::string* names = Get(entry, field);
    if (names == nullptr) {
      field = "editor";
      names = Get(entry, field);
    }
    if (names == nullptr) return base::Status::Ok();
    for (std::string_view raw : bibtex::SplitNameList(*names)) {
      if (raw.empty()) {
        Warn(entry, "empty name in field " + Quote(field) + " skipped");
        continue;
      }
      if (internal::AsciiLower(raw) == "others") continue;
      const bibtex::NameParts parts = bibtex::ParseName(raw);
      if (parts.commas > 2) {
        Warn(entry, "name " + Quote(raw) + " in field " + Quote(field) +
                        " has more than two commas; read as \"Last, Jr, First\"");
      }
      ImportedAuthor author;
      ASSIGN_OR_RETURN(author.name, CleanText(bibtex::DisplayName(parts)));
      if (author.name.empty()) {
        Warn(entry, "name " + Quote(raw) + " in field " + Quote(field) + " has no text; skipped");
        continue;
      }
      work->authors.push_back(std::move(author));
    }
    return base::Status::Ok();
  }

  base::Status FillYear(const Entry& entry, ImportedWork* work) {
    auto all_digits = [](std::string_view text) {
      return !text.empty() && text.size() <= 4 && std::all_of(text.begin(), text.end(), IsDigit);
    };
    if (const std::string* year = Get(entry, "year")) {
      ASSIGN_OR_RETURN(std::string text, Text(*year, Decoding::kLatex));
      if (all_digits(text)) {
        work->year = std::stoi(text);
      } else {
        Warn(entry, "year " + Quote(text) + " is not a year; the year is left unknown");
      }
      return base::Status::Ok();
    }
    if (const std::string* date = Get(entry, "date")) {
      ASSIGN_OR_RETURN(std::string text, Text(*date, Decoding::kVerbatim));
      const std::string_view head = std::string_view(text).substr(0, 4);
      if (all_digits(head) && head.size() == 4 &&
          (text.size() == 4 || text[4] == '-' || text[4] == '/')) {
        work->year = std::stoi(std::string(head));
      } else {
        Warn(entry,
             "date " + Quote(text) + " does not start with a year; the year is left unknown");
      }
    }
    return base::Status::Ok();
  }

  base::Status FillVenue(const Entry& entry, ImportedWork* work) {
    const std::string& type = entry.type;
    std::vector<std::string_view> order;
    if (type == "article" || type == "periodical") {
      order = {"journal", "journaltitle"};
    } else if (type == "inproceedings" || type == "conference" || type == "incollection" ||
               type == "inbook" || type == "inreference" || type == "bookinbook") {
      order = {"booktitle"};
    } else if (type == "phdthesis" || type == "mastersthesis" || type == "thesis") {
      order = {"school", "institution"};
    } else if (type == "techreport" || type == "report") {
      order = {"institution"};
    } else if (type == "manual") {
      order = {"organization", "publisher"};
    } else {
      order = {"publisher"};
    }
    for (std::string_view fallback : {"journal", "journaltitle", "booktitle", "school",
                                      "institution", "publisher", "organization", "howpublished"}) {
      order.push_back(fallback);
    }
    for (std::string_view name : order) {
      const std::string* value = Get(entry, name);
      if (value == nullptr) continue;
      ASSIGN_OR_RETURN(std::string venue, Text(*value, Decoding::kLatex));
      if (venue.empty()) continue;
      work->venue = std::move(venue);
      break;
    }
    return base::Status::Ok();
  }

  base::Status FillLinks(const Entry& entry, ImportedWork* work) {
    if (const std::string* url = Get(entry, "url")) {
      ASSIGN_OR_RETURN(work->url, Text(*url, Decoding::kVerbatim));
    }
    if (const std::string* doi = Get(entry, "doi")) {
      ASSIGN_OR_RETURN(std::string text, Text(*doi, Decoding::kVerbatim));
      if (std::optional<std::string> normal = NormalizeDoi(text)) {
        work->doi = *std::move(normal);
      } else if (!text.empty()) {
        Warn(entry, "doi " + Quote(text) + " is not a DOI; ignored");
      }
    }
    if (work->doi.empty() &&
        internal::AsciiLower(work->url).find("doi.org/") != std::string::npos) {
      if (std::optional<std::string> normal = NormalizeDoi(work->url)) work->doi = *normal;
    }
    if (!work->doi.empty()) {
      ASSIGN_OR_RETURN(work->doi, CleanText(work->doi));
    }
    return base::Status::Ok();
  }

  base::Status FillKeywords(const Entry& entry, ImportedWork* work) {
    const std::string* keywords = Get(entry, "keywords");
    if (keywords == nullptr) return base::Status::Ok();
    ASSIGN_OR_RETURN(std::string text, Text(*keywords, Decoding::kLatex));
    std::unordered_set<std::string> seen;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i < text.size() && text[i] != ',' && text[i] != ';') continue;
      ASSIGN_OR_RETURN(std::string keyword,
                       CleanText(Trim(std::string_view(text).substr(start, i - start))));
      start = i + 1;
      if (keyword.empty() || !seen.insert(keyword).second) continue;
      work->keywords.push_back(std::move(keyword));
    }
    return base::Status::Ok();
  }

  base::Status FillLanguage(const Entry& entry, ImportedWork* work) {
    const std::string* language = Get(entry, "langid");
    if (language == nullptr) language = Get(entry, "language");
    if (language == nullptr) return base::Status::Ok();
    ASSIGN_OR_RETURN(std::string text, Text(*language, Decoding::kLatex));
    ASSIGN_OR_RETURN(std::string lower, text::FoldCase(text));
    // "en-US", "vi_VN": the language part.
    std::string_view code = lower;
    if (code.size() > 2 && (code[2] == '-' || code[2] == '_')) code = code.substr(0, 2);
    const bool iso =
        code.size() == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z';
    if (iso) {
      work->language = std::string(code);
      return base::Status::Ok();
    }
    for (const LanguageName& known : kLanguages) {
      if (known.name == lower) {
        work->language = std::string(known.code);
        return base::Status::Ok();
      }
    }
    if (!text.empty()) Warn(entry, "language " + Quote(text) + " is not a known language; ignored");
    return base::Status::Ok();
  }

  base::Status FillExternalIds(const Entry& entry, ImportedWork* work) {
    for (std::string_view type : {"isbn", "issn", "pmid", "pmcid"}) {
      const std::string* value = Get(entry, type);
      if (value == nullptr) continue;
      ASSIGN_OR_RETURN(std::string text, Text(*value, Decoding::kVerbatim));
      if (!text.empty()) work->external_ids.push_back({std::string(type), std::move(text)});
    }
    if (const std::string* eprint = Get(entry, "eprint")) {
      ASSIGN_OR_RETURN(std::string text, Text(*eprint, Decoding::kVerbatim));
      std::string type = "eprint";
      const std::string* eprint_type = Get(entry, "eprinttype");
      if (eprint_type == nullptr) eprint_type = Get(entry, "archiveprefix");
      if (eprint_type != nullptr) {
        ASSIGN_OR_RETURN(std::string named, Text(*eprint_type, Decoding::kVerbatim));
        if (!named.empty()) type = internal::AsciiLower(named);
      }
      if (!text.empty()) work->external_ids.push_back({std::move(type), std::move(text)});
    }
    return base::Status::Ok();
  }

  std::string_view input_;
  const BibtexOptions& options_;
  internal::LineIndex lines_;
  size_t pos_ = 0;
  std::unordered_map<std::string, std::string> macros_;
  std::unordered_map<std::string, int64_t> keys_;  // Lower-case key -> line of first entry.
  size_t expanded_bytes_ = 0;
  ImportBatch batch_;
};

}  // namespace

ImportBatch ParseBibtex(std::string_view input, const BibtexOptions& options) {
  return Parser(input, options).Run();
}

}  // namespace ketnoi::import

#include "import/openalex/openalex.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "import/ids.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view TypeName(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

// "an integer", "a string", ...: what a field should have been, for warnings.
std::string_view WithArticle(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "an integer";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "a value";
}

// simdjson's messages ("TAPE_ERROR: JSON document has an improper structure: ...") in words
// a user can act on.
std::string DescribeError(error_code error) {
  switch (error) {
    case simdjson::TAPE_ERROR:
      return "improper structure (a missing or extra comma, colon, brace or bracket)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "an object or array is not closed (truncated line?)";
    case simdjson::UNCLOSED_STRING:
      return "a string is not closed";
    case simdjson::STRING_ERROR:
      return "a string has an invalid escape or control character";
    case simdjson::NUMBER_ERROR:
      return "a malformed number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "an invalid literal (expected true, false or null)";
    case simdjson::DEPTH_ERROR:
      return "nested too deeply";
    case simdjson::EMPTY:
      return "no JSON value";
    default:
      return simdjson::error_message(error);
  }
}

// True when `text` is valid UTF-8 that CleanText would return unchanged, judged without ICU:
// no control characters, no leading, trailing or doubled spaces, and only code points of
// blocks whose every character is NFC_Quick_Check=Yes and takes no part in composition as
// its second element (UAX #15, section 9: such a string is in NFC). The blocks cover ASCII,
// Latin with Vietnamese (Latin-1, Extended-A/B, Extended Additional), general punctuation,
// kana, CJK ideographs, Hangul syllables and full-width forms; text with combining marks or
// other scripts goes through CleanText. This quick check lets most lines skip ICU, the
// costliest step of a line otherwise.
bool IsStoredForm(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  char previous = 0;
  size_t i = 0;
  // Eight bytes at a time while they are printable ASCII without two spaces in a row (most
  // English text), then byte by byte from the first that is not.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kLow = 0x7F7F7F7F7F7F7F7FULL;
  // The high bit of each byte of `word` equal to zero, exactly (no borrow between bytes).
  const auto zero_bytes = [](uint64_t word) { return ~(((word & kLow) + kLow) | word | kLow); };
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    const uint64_t spaces = zero_bytes(word ^ (kOnes * ' '));
    // Bytes of 0x80 and up, below 0x20 (0x20 subtracted borrows into the high bit), DEL.
    const uint64_t bad = (word | (word - kOnes * 0x20) | zero_bytes(word ^ (kOnes * 0x7F))) & kHigh;
    // A space after a space: within the word (little-endian: byte k + 1 is 8 bits higher),
    // or the word's first byte after the previous word's last.
    const bool double_space = (spaces & (spaces << 8)) != 0 || (previous == ' ' && (spaces & 0x80));
    if (bad != 0 || double_space) break;
    previous = text[i + 7];
  }
  for (; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f || (lead == ' ' && previous == ' ')) return false;
      previous = static_cast<char>(lead);
      ++i;
      continue;
    }
    previous = 0;
    uint32_t code = 0;
    size_t length = 0;
    if ((lead & 0xE0) == 0xC0) {
      code = lead & 0x1F;
      length = 2;
    } else if ((lead & 0xF0) == 0xE0) {
      code = lead & 0x0F;
      length = 3;
    } else {
      return false;  // Four-byte sequences and invalid leads: leave them to CleanText.
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800)) return false;
    const bool quick_yes = (code >= 0x00A0 && code <= 0x024F) ||  // Latin-1, Latin Ext-A/B.
                           (code >= 0x1E00 && code <= 0x1EFF) ||  // Latin Ext Additional.
                           (code >= 0x2010 && code <= 0x2027) ||  // Dashes, quotes, bullets.
                           (code >= 0x2030 && code <= 0x205E) ||  // More punctuation.
                           (code >= 0x3041 && code <= 0x3096) ||  // Hiragana.
                           (code >= 0x30A1 && code <= 0x30FA) ||  // Katakana.
                           (code >= 0x4E00 && code <= 0x9FFF) ||  // CJK unified ideographs.
                           (code >= 0xAC00 && code <= 0xD7A3) ||  // Hangul syllables.
                           (code >= 0xFF01 && code <= 0xFF60);    // Full-width forms.
    if (!quick_yes) return false;
    i += length;
  }
  return true;
}

// The short form of an OpenAlex id ("W2741809807" from "https://openalex.org/W2741809807"):
// one letter, upper case, and digits; "" when `id` has another form.
std::string ShortId(std::string_view id) {
  for (std::string_view prefix :
       {"https://openalex.org/", "http://openalex.org/", "openalex.org/"}) {
    if (id.substr(0, prefix.size()) == prefix) {
      id.remove_prefix(prefix.size());
      break;
    }
  }
  if (id.size() < 2 || std::isalpha(static_cast<unsigned char>(id[0])) == 0) return {};
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return {};
  }
  std::string short_id(id);
  short_id[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(short_id[0])));
  return short_id;
}

model::WorkKind KindOfWorkType(std::string_view type) {
  if (type == "patent") return model::WorkKind::kPatent;
  if (type == "dataset" || type == "software") return model::WorkKind::kProduct;
  if (type == "grant") return model::WorkKind::kProject;
  return model::WorkKind::kPublication;
}

void AddUnique(std::vector<std::string>* values, std::string value) {
  if (value.empty()) return;
  if (std::find(values->begin(), values->end(), value) != values->end()) return;
  values->push_back(std::move(value));
}

// Where simdjson's indexing stage most likely stopped in `line`: the first control character
// inside a string, else the opening quote of a string left open, else the end.
size_t StructuralErrorOffset(std::string_view line) {
  bool in_string = false;
  bool escaped = false;
  size_t string_start = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (!in_string) {
      if (c == '"') {
        in_string = true;
        string_start = i;
      }
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) return i;
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      in_string = false;
    }
  }
  return in_string ? string_start : line.size();
}

struct AbstractWord {
  int64_t position;
  std::string_view word;  // In the parser's string buffer, valid for the current line.
};

// A JSON path, built on the stack as the reader descends and spelled out only for a warning
// ("authorships[2].author.orcid"), so that reading a line allocates no path strings.
struct Path {
  const Path* parent = nullptr;
  std::string_view name;  // A member's name; empty for an array element.
  size_t index = 0;       // The element's index when `name` is empty.

  Path Member(std::string_view member) const { return Path{this, member, 0}; }
  Path Element(size_t element) const { return Path{this, {}, element}; }

  std::string ToString() const {
    std::string prefix = parent != nullptr ? parent->ToString() : std::string();
    if (name.empty()) return prefix + "[" + std::to_string(index) + "]";
    if (prefix.empty()) return std::string(name);
    return prefix + "." + std::string(name);
  }
};

// Reads the fields of one line's object. Fields of works and authors are read into both a
// work and a person, since the id that tells which it is may come after them; Finish()
// keeps the right one. Every reader returns SUCCESS or the simdjson error that makes the
// line malformed; wrong types are warnings, not errors.
class LineReader {
 public:
  LineReader(Location location, std::vector<AbstractWord>* words,
             std::vector<std::string_view>* slots)
      : location_(std::move(location)), words_(words), slots_(slots) {}

  error_code Read(od::object& object) {
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      od::value value;
      if (auto error = field.value().get(value)) return error;
      if (auto error = ReadField(key, value)) return error;
    }
    return SUCCESS;
  }

  // Moves the record into `batch`, or returns why the line is rejected.
  std::optional<std::string> Finish(ImportBatch* batch) {
    if (!id_error_.empty()) return id_error_;
    if (raw_id_.empty()) return std::string("missing id");
    std::string short_id = ShortId(raw_id_);
    bool is_work = false;
    if (!short_id.empty()) {
      if (short_id[0] != 'W' && short_id[0] != 'A') {
        return "id \"" + raw_id_ + "\" is neither a work (W...) nor an author (A...)";
      }
      is_work = short_id[0] == 'W';
    } else if (work_fields_ != author_fields_) {
      is_work = work_fields_;
      short_id = raw_id_;
    } else {
      return "cannot tell whether \"" + raw_id_ + "\" is a work or an author";
    }
    external_ids_.insert(external_ids_.begin(), {"openalex", short_id});
    if (is_work) {
      work_.location = location_;
      work_.source_id = std::move(short_id);
      if (work_.title.empty()) work_.title = std::move(display_name_);
      work_.kind = KindOfWorkType(work_.type);
      if (work_.keywords.empty()) work_.keywords = std::move(topics_);
      if (work_.keywords.empty()) work_.keywords = std::move(concepts_);
      work_.external_ids = std::move(external_ids_);
      batch->works.push_back(std::move(work_));
    } else {
      person_.location = location_;
      person_.source_id = std::move(short_id);
      person_.full_name = std::move(display_name_);
      std::erase(person_.other_names, person_.full_name);
      person_.keywords = std::move(topics_);
      if (person_.keywords.empty()) person_.keywords = std::move(concepts_);
      person_.external_ids = std::move(external_ids_);
      batch->people.push_back(std::move(person_));
    }
    for (Rejected& warning : warnings_) batch->warnings.push_back(std::move(warning));
    return std::nullopt;
  }

 private:
  error_code ReadField(std::string_view key, od::value& value) {
    const Path at{nullptr, key, 0};
    // Ordered roughly by how often the key appears in a work line.
    if (key == "id") return ReadId(value);
    if (key == "display_name") return ReadString(value, at, &display_name_);
    if (key == "title") {
      work_fields_ = true;
      return ReadString(value, at, &work_.title);
    }
    if (key == "doi") {
      work_fields_ = true;
      return ReadDoi(value, at);
    }
    if (key == "publication_year") {
      work_fields_ = true;
      return ReadYear(value, at);
    }
    if (key == "language") return ReadLanguage(value, at);
    if (key == "type") return ReadString(value, at, &work_.type);
    if (key == "primary_location") return ReadPrimaryLocation(value, at);
    if (key == "authorships") {
      work_fields_ = true;
      return ForEachObject(value, at, [this](od::object& object, const Path& item) {
        return ReadAuthorship(object, item);
      });
    }
    if (key == "abstract_inverted_index") return ReadAbstract(value, at);
    // Work keywords: [{"display_name": ...}] now, [{"keyword": ...}] in older snapshots.
    if (key == "keywords") return ReadNames(value, at, "keyword", &work_.keywords);
    if (key == "topics") return ReadNames(value, at, "display_name", &topics_);
    if (key == "concepts") return ReadNames(value, at, "display_name", &concepts_);
    if (key == "ids") return ReadIds(value, at);
    if (key == "orcid") {
      author_fields_ = true;
      return ReadOrcid(value, at, &person_.orcid);
    }
    if (key == "display_name_alternatives") {
      author_fields_ = true;
      return ReadStrings(value, at, &person_.other_names);
    }
    if (key == "last_known_institutions") {
      author_fields_ = true;
      return ForEachObject(value, at, [this](od::object& object, const Path& item) {
        return ReadLastKnownInstitution(object, item);
      });
    }
    if (key == "last_known_institution") {
      author_fields_ = true;
      od::object object;
      bool present = false;
      if (auto error = GetObject(value, at, &object, &present)) return error;
      return present ? ReadLastKnownInstitution(object, at) : SUCCESS;
    }
    if (key == "x_concepts") {
      author_fields_ = true;
      return ReadNames(value, at, "display_name", &concepts_);
    }
    return SUCCESS;  // Unknown fields are skipped.
  }

  void Warn(const Path& at, std::string_view what) {
    warnings_.push_back({location_, at.ToString() + ": " + std::string(what)});
  }

  // Checks the value's type: *usable is true when it is `expected`; null is absent, and any
  // other type is warned about.
  error_code Expect(od::value& value, od::json_type expected, const Path& at, bool* usable) {
    od::json_type type;
    *usable = false;
    if (auto error = value.type().get(type)) return error;
    if (type == od::json_type::null) return SUCCESS;
    if (type != expected) {
      Warn(at, "expected " + std::string(WithArticle(expected)) + ", found " +
                   std::string(TypeName(type)));
      return SUCCESS;
    }
    *usable = true;
    return SUCCESS;
  }

  // *out = the cleaned string, or unchanged when the value is null or unusable.
  error_code ReadString(od::value& value, const Path& at, std::string* out) {
    bool usable = false;
    if (auto error = Expect(value, od::json_type::string, at, &usable)) return error;
    if (!usable) return SUCCESS;
    std::string_view raw;
    if (auto error = value.get_string().get(raw)) return error;
    *out = Clean(raw, at);
    return SUCCESS;
  }

  std::string Clean(std::string_view raw, const Path& at) {
    if (raw.size() > kOpenAlexMaxFieldBytes) {
      Warn(at, std::to_string(raw.size()) + " bytes, longer than the limit of " +
                   std::to_string(kOpenAlexMaxFieldBytes) + "; ignored");
      return {};
    }
    if (IsStoredForm(raw)) return std::string(raw);
    auto clean = CleanText(raw);
    if (!clean.ok()) {
      Warn(at, clean.status().message());
      return {};
    }
    return std::move(*clean);
  }

  error_code GetObject(od::value& value, const Path& at, od::object* object, bool* present) {
    if (auto error = Expect(value, od::json_type::object, at, present)) return error;
    if (!*present) return SUCCESS;
    return value.get_object().get(*object);
  }

  // Calls fn(object, path) for each object element of the array `value`; null elements are
  // skipped and others warned about.
  template <typename Fn>
  error_code ForEachObject(od::value& value, const Path& at, Fn&& fn) {
    bool usable = false;
    if (auto error = Expect(value, od::json_type::array, at, &usable)) return error;
    if (!usable) return SUCCESS;
    od::array array;
    if (auto error = value.get_array().get(array)) return error;
    size_t index = 0;
    for (auto element : array) {
      od::value item;
      if (auto error = element.get(item)) return error;
      const Path item_at = at.Element(index++);
      od::object object;
      bool present = false;
      if (auto error = GetObject(item, item_at, &object, &present)) return error;
      if (!present) continue;
      if (auto error = fn(object, item_at)) return error;
    }
    return SUCCESS;
  }

  error_code ReadId(od::value& value) {
    od::json_type type;
    if (auto error = value.type().get(type)) return error;
    if (type == od::json_type::null) return SUCCESS;
    if (type != od::json_type::string) {
      id_error_ = "id: expected a string, found " + std::string(TypeName(type));
      return SUCCESS;
    }
    std::string_view raw;
    if (auto error = value.get_string().get(raw)) return error;
    raw_id_ = Clean(raw.substr(0, 256), Path{nullptr, "id", 0});
    return SUCCESS;
  }

  error_code ReadDoi(od::value& value, const Path& at) {
    std::string raw;
    if (auto error = ReadString(value, at, &raw)) return error;
    if (raw.empty()) return SUCCESS;
    if (std::optional<std::string> doi = NormalizeDoi(raw)) {
      work_.doi = std::move(*doi);
    } else {
      Warn(at, "\"" + raw.substr(0, 80) + "\" is not a DOI");
    }
    return SUCCESS;
  }

  error_code ReadOrcid(od::value& value, const Path& at, std::string* out) {
    std::string raw;
    if (auto error = ReadString(value, at, &raw)) return error;
    if (raw.empty()) return SUCCESS;
    if (std::optional<std::string> orcid = NormalizeOrcid(raw)) {
      *out = std::move(*orcid);
    } else {
      Warn(at, "\"" + raw.substr(0, 80) + "\" is not a valid ORCID iD");
    }
    return SUCCESS;
  }

  error_code ReadYear(od::value& value, const Path& at) {
    bool usable = false;
    if (auto error = Expect(value, od::json_type::number, at, &usable)) return error;
    if (!usable) return SUCCESS;
    int64_t year = 0;
    const error_code error = value.get_int64().get(year);
    if (error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE) {
      Warn(at, "expected an integer");
      return SUCCESS;
    }
    if (error) return error;
    if (year < 1 || year > 9999) {
      Warn(at, std::to_string(year) + " is not a year");
      return SUCCESS;
    }
    work_.year = static_cast<int>(year);
    return SUCCESS;
  }

  error_code ReadLanguage(od::value& value, const Path& at) {
    std::string language;
    if (auto error = ReadString(value, at, &language)) return error;
    if (language.size() == 2 && std::islower(static_cast<unsigned char>(language[0])) != 0 &&
        std::islower(static_cast<unsigned char>(language[1])) != 0) {
      work_.language = std::move(language);
    } else if (!language.empty()) {
      Warn(at, "\"" + language.substr(0, 20) + "\" is not an ISO 639-1 code");
    }
    return SUCCESS;
  }

  std::string Country(std::string code, const Path& at) {
    if (code.empty()) return {};
    if (code.size() == 2 && std::isalpha(static_cast<unsigned char>(code[0])) != 0 &&
        std::isalpha(static_cast<unsigned char>(code[1])) != 0) {
      for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return code;
    }
    Warn(at, "\"" + code.substr(0, 20) + "\" is not a two-letter code");
    return {};
  }

  error_code ReadPrimaryLocation(od::value& value, const Path& at) {
    od::object location;
    bool present = false;
    if (auto error = GetObject(value, at, &location, &present)) return error;
    if (!present) return SUCCESS;
    for (auto field : location) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      od::value member;
      if (auto error = field.value().get(member)) return error;
      const Path member_at = at.Member(key);
      if (key == "landing_page_url") {
        if (auto error = ReadString(member, member_at, &work_.url)) return error;
      } else if (key == "source") {
        od::object source;
        if (auto error = GetObject(member, member_at, &source, &present)) return error;
        if (!present) continue;
        for (auto source_field : source) {
          std::string_view source_key;
          if (auto error = source_field.unescaped_key().get(source_key)) return error;
          if (source_key != "display_name") continue;
          od::value name;
          if (auto error = source_field.value().get(name)) return error;
          if (auto error = ReadString(name, member_at.Member(source_key), &work_.venue)) {
            return error;
          }
        }
      }
    }
    return SUCCESS;
  }

  error_code ReadAuthorship(od::object& object, const Path& at) {
    ImportedAuthor author;
    std::string display_name;
    std::vector<std::string> raw_affiliations;
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      od::value value;
      if (auto error = field.value().get(value)) return error;
      const Path member_at = at.Member(key);
      if (key == "author") {
        od::object person;
        bool present = false;
        if (auto error = GetObject(value, member_at, &person, &present)) return error;
        if (present) {
          if (auto error = ReadAuthorRef(person, member_at, &author, &display_name)) {
            return error;
          }
        }
      } else if (key == "raw_author_name") {
        if (auto error = ReadString(value, member_at, &author.name)) return error;
      } else if (key == "institutions") {
        if (auto error = ReadNames(value, member_at, "display_name", &author.institutions)) {
          return error;
        }
      } else if (key == "raw_affiliation_strings") {
        if (auto error = ReadStrings(value, member_at, &raw_affiliations)) return error;
      } else if (key == "is_corresponding") {
        bool usable = false;
        if (auto error = Expect(value, od::json_type::boolean, member_at, &usable)) return error;
        if (usable) {
          if (auto error = value.get_bool().get(author.corresponding)) return error;
        }
      }
    }
    if (author.name.empty()) author.name = std::move(display_name);
    if (author.institutions.empty()) author.institutions = std::move(raw_affiliations);
    if (author.name.empty() && author.source_id.empty() && author.orcid.empty()) {
      Warn(at, "an author without name or id; skipped");
      return SUCCESS;
    }
    work_.authors.push_back(std::move(author));
    return SUCCESS;
  }

  error_code ReadAuthorRef(od::object& object, const Path& at, ImportedAuthor* author,
                           std::string* display_name) {
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      od::value value;
      if (auto error = field.value().get(value)) return error;
      const Path member_at = at.Member(key);
      if (key == "id") {
        std::string id;
        if (auto error = ReadString(value, member_at, &id)) return error;
        author->source_id = ShortId(id);
        if (author->source_id.empty() && !id.empty()) {
          Warn(member_at, "\"" + id.substr(0, 80) + "\" is not an OpenAlex author id");
        }
      } else if (key == "display_name") {
        if (auto error = ReadString(value, member_at, display_name)) return error;
      } else if (key == "orcid") {
        if (auto error = ReadOrcid(value, member_at, &author->orcid)) return error;
      }
    }
    return SUCCESS;
  }

  // Appends the "display_name" (or `alternative`) of each object of the array `value`
  // (OpenAlex's dehydrated topics, concepts, institutions, keywords) to *names.
  error_code ReadNames(od::value& value, const Path& at, std::string_view alternative,
                       std::vector<std::string>* names) {
    return ForEachObject(value, at, [&](od::object& object, const Path& item) -> error_code {
      for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        if (key != "display_name" && key != alternative) continue;
        od::value name_value;
        if (auto error = field.value().get(name_value)) return error;
        std::string name;
        if (auto error = ReadString(name_value, item.Member(key), &name)) return error;
        AddUnique(names, std::move(name));
        break;
      }
      return SUCCESS;
    });
  }

  error_code ReadStrings(od::value& value, const Path& at, std::vector<std::string>* out) {
    bool usable = false;
    if (auto error = Expect(value, od::json_type::array, at, &usable)) return error;
    if (!usable) return SUCCESS;
    od::array array;
    if (auto error = value.get_array().get(array)) return error;
    size_t index = 0;
    for (auto element : array) {
      od::value item;
      if (auto error = element.get(item)) return error;
      std::string text;
      if (auto error = ReadString(item, at.Element(index++), &text)) return error;
      AddUnique(out, std::move(text));
    }
    return SUCCESS;
  }

  error_code ReadLastKnownInstitution(od::object& object, const Path& at) {
    ImportedAffiliation affiliation;
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      od::value value;
      if (auto error = field.value().get(value)) return error;
      const Path member_at = at.Member(key);
      if (key == "display_name") {
        if (auto error = ReadString(value, member_at, &affiliation.organization)) return error;
      } else if (key == "country_code") {
        std::string code;
        if (auto error = ReadString(value, member_at, &code)) return error;
        affiliation.country = Country(std::move(code), member_at);
      }
    }
    if (affiliation.organization.empty()) return SUCCESS;
    for (const ImportedAffiliation& known : person_.affiliations) {
      if (known.organization == affiliation.organization) return SUCCESS;
    }
    person_.affiliations.push_back(std::move(affiliation));
    return SUCCESS;
  }

  // "ids": {"openalex": ..., "doi": ..., "mag": 123, "pmid": "https://..."}: the ids not
  // read elsewhere become external ids.
  error_code ReadIds(od::value& value, const Path& at) {
    od::object ids;
    bool present = false;
    if (auto error = GetObject(value, at, &ids, &present)) return error;
    if (!present) return SUCCESS;
    for (auto field : ids) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return error;
      if (key == "openalex" || key == "doi" || key == "orcid") continue;
      od::value member;
      if (auto error = field.value().get(member)) return error;
      od::json_type type;
      if (auto error = member.type().get(type)) return error;
      const Path member_at = at.Member(key);
      std::string text;
      if (type == od::json_type::number) {
        std::string_view raw = member.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                                raw.back() == '\t')) {
          raw.remove_suffix(1);
        }
        text = Clean(raw, member_at);
      } else if (auto error = ReadString(member, member_at, &text)) {
        return error;
      }
      std::string type_name = Clean(key, member_at);
      if (!text.empty() && !type_name.empty()) {
        external_ids_.push_back({std::move(type_name), std::move(text)});
      }
    }
    return SUCCESS;
  }

  // Rebuilds the abstract from {"word": [positions], ...}: each word at its positions,
  // joined by single spaces. Unusable positions are dropped and reported once.
  error_code ReadAbstract(od::value& value, const Path& at) {
    od::object index;
    bool present = false;
    if (auto error = GetObject(value, at, &index, &present)) return error;
    if (!present) return SUCCESS;
    words_->clear();
    int64_t unusable = 0;
    for (auto field : index) {
      std::string_view word;
      if (auto error = field.unescaped_key().get(word)) return error;
      od::value positions;
      if (auto error = field.value().get(positions)) return error;
      od::json_type type;
      if (auto error = positions.type().get(type)) return error;
      if (type != od::json_type::array) {
        ++unusable;
        continue;
      }
      od::array array;
      if (auto error = positions.get_array().get(array)) return error;
      for (auto element : array) {
        int64_t position = 0;
        const error_code error = element.get_int64().get(position);
        if (error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE) {
          ++unusable;
          continue;
        }
        if (error) return error;
        if (position < 0 || position > kOpenAlexMaxAbstractPosition) {
          ++unusable;
          continue;
        }
        words_->push_back({position, word});
      }
    }
    // Words go to their slots; a slot already taken is a duplicate (the first listed word
    // stays). Dense indexes (the norm) are placed directly, sparse ones sorted instead so
    // that a few huge positions cost nothing.
    int64_t last = -1;
    for (const AbstractWord& word : *words_) last = std::max(last, word.position);
    std::string text;
    int64_t duplicates = 0;
    int64_t missing = 0;
    const auto append = [&text](std::string_view word) {
      if (!text.empty()) text += ' ';
      text += word;
    };
    if (last < 4 * static_cast<int64_t>(words_->size()) + 64) {
      std::vector<std::string_view>& slots = *slots_;
      slots.assign(static_cast<size_t>(last + 1), std::string_view());
      std::vector<bool> taken(static_cast<size_t>(last + 1), false);
      for (const AbstractWord& word : *words_) {
        const auto slot = static_cast<size_t>(word.position);
        if (taken[slot]) {
          ++duplicates;
          continue;
        }
        taken[slot] = true;
        slots[slot] = word.word;
      }
      for (size_t slot = 0; slot < slots.size(); ++slot) {
        if (taken[slot]) {
          append(slots[slot]);
        } else {
          ++missing;
        }
      }
    } else {
      std::stable_sort(
          words_->begin(), words_->end(),
          [](const AbstractWord& a, const AbstractWord& b) { return a.position < b.position; });
      int64_t previous = -1;
      for (const AbstractWord& word : *words_) {
        if (word.position == previous) {
          ++duplicates;
          continue;
        }
        missing += word.position - previous - 1;
        previous = word.position;
        append(word.word);
      }
    }
    if (unusable + duplicates + missing > 0) {
      std::string what = "inconsistent index, rebuilt from its usable positions (";
      what += std::to_string(unusable) + " unusable or beyond " +
              std::to_string(kOpenAlexMaxAbstractPosition) + ", ";
      what += std::to_string(duplicates) + " duplicate, ";
      what += std::to_string(missing) + " missing)";
      Warn(at, what);
    }
    if (text.size() > kOpenAlexMaxFieldBytes * 16) {
      Warn(at, "rebuilt abstract of " + std::to_string(text.size()) + " bytes; ignored");
      return SUCCESS;
    }
    if (IsStoredForm(text)) {
      work_.abstract = std::move(text);
      return SUCCESS;
    }
    auto clean = CleanText(text);
    if (clean.ok()) {
      work_.abstract = std::move(*clean);
    } else {
      Warn(at, clean.status().message());
    }
    return SUCCESS;
  }

  Location location_;
  std::vector<AbstractWord>* words_;
  std::vector<std::string_view>* slots_;
  std::string raw_id_;
  std::string id_error_;
  std::string display_name_;
  bool work_fields_ = false;
  bool author_fields_ = false;
  std::vector<std::string> topics_;
  std::vector<std::string> concepts_;
  std::vector<ExternalId> external_ids_;
  ImportedWork work_;
  ImportedPerson person_;
  std::vector<Rejected> warnings_;
};

}  // namespace

struct OpenAlexReader::State {
  od::parser parser;
  std::string buffer;  // The current line followed by simdjson's padding.
  std::vector<AbstractWord> words;
  std::vector<std::string_view> slots;
};

OpenAlexReader::OpenAlexReader() : state_(std::make_unique<State>()) {}
OpenAlexReader::~OpenAlexReader() = default;

void OpenAlexReader::ReadLine(std::string_view line, int64_t line_number, int64_t offset,
                              ImportBatch* batch) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  size_t lead = 0;
  while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
  if (lead == line.size()) return;
  ++batch->records_read;
  Location location;
  location.line = line_number;
  location.offset = offset;
  auto reject = [&](std::string reason) {
    batch->rejected.push_back({location, std::move(reason)});
  };
  if (line.size() > kOpenAlexMaxLineBytes) {
    reject("line of " + std::to_string(line.size()) + " bytes, longer than the limit of " +
           std::to_string(kOpenAlexMaxLineBytes));
    return;
  }
  // A copy with padding: simdjson reads up to SIMDJSON_PADDING bytes past the end.
  std::string& buffer = state_->buffer;
  buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buffer.data(), line.data(), line.size());
  std::memset(buffer.data() + line.size(), ' ', simdjson::SIMDJSON_PADDING);

  auto malformed = [&](od::document* document, error_code error) {
    if (error == simdjson::UTF8_ERROR) {
      const size_t invalid = text::FindInvalidUtf8(line);
      reject("invalid UTF-8 at byte " +
             std::to_string(offset +
                            static_cast<int64_t>(invalid == std::string_view::npos ? 0 : invalid)));
      return;
    }
    // Errors found while indexing the line leave no document to ask where they are.
    int64_t at = static_cast<int64_t>(StructuralErrorOffset(line));
    const char* where = nullptr;
    if (document != nullptr && !document->current_location().get(where) && where >= buffer.data() &&
        where <= buffer.data() + line.size()) {
      at = where - buffer.data();
    }
    reject("malformed JSON at byte " + std::to_string(offset + at) + ": " + DescribeError(error));
  };

  od::document document;
  error_code error =
      state_->parser
          .iterate(simdjson::padded_string_view(buffer.data(), line.size(), buffer.size()))
          .get(document);
  if (error) {
    malformed(nullptr, error);
    return;
  }
  od::json_type type;
  if ((error = document.type().get(type))) {
    malformed(&document, error);
    return;
  }
  if (type != od::json_type::object) {
    reject("expected a JSON object (a work or an author), found " + std::string(TypeName(type)));
    return;
  }
  od::object object;
  if ((error = document.get_object().get(object))) {
    malformed(&document, error);
    return;
  }
  LineReader reader(location, &state_->words, &state_->slots);
  if ((error = reader.Read(object))) {
    malformed(&document, error);
    return;
  }
  // After the object, anything but white space is an error On-Demand does not report itself.
  const char* rest = nullptr;
  if (!document.current_location().get(rest)) {
    reject("malformed JSON at byte " + std::to_string(offset + (rest - buffer.data())) +
           ": content after the object");
    return;
  }
  if (std::optional<std::string> reason = reader.Finish(batch)) reject(std::move(*reason));
}

ImportBatch ParseOpenAlex(std::string_view input) {
  ImportBatch batch;
  OpenAlexReader reader;
  size_t pos = input.substr(0, kByteOrderMark.size()) == kByteOrderMark ? kByteOrderMark.size() : 0;
  int64_t line_number = 1;
  while (pos < input.size()) {
    size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    reader.ReadLine(input.substr(pos, end - pos), line_number, static_cast<int64_t>(pos), &batch);
    pos = end + 1;
    ++line_number;
  }
  return batch;
}

}  // namespace ketnoi::import

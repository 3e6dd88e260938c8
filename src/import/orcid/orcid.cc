#include "import/orcid/orcid.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// nlohmann rather than simdjson here: an ORCID file holds one or a few records, so parsing
// speed does not matter, while nlohmann reports the byte position of a syntax error (simdjson
// does not) and its tree makes the type-checked walk of ORCID's deep schema short.
#include <nlohmann/json.hpp>

#include "import/ids.h"
#include "import/internal/scan.h"
#include "import/names.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

size_t SkipSpace(std::string_view text, size_t pos) {
  while (pos < text.size() && internal::IsAsciiSpace(text[pos])) ++pos;
  return pos;
}

// Where ScanJson stops.
enum class Stop {
  // The end (exclusive) of the array element that starts at `begin`: the first ',' or ']'
  // outside strings and brackets. The brackets are only counted, not matched: the JSON
  // parser judges the element afterwards; this only has to cut the array so that one
  // broken element leaves the next ones readable.
  kEndOfElement,
  // Just past the bracket that closes the object or array opening at `begin`.
  kEndOfValue,
};

// Scans `text` from `begin`, skipping strings, to where `stop` says; the end of `text` when
// it gets there first.
size_t ScanJson(std::string_view text, size_t begin, Stop stop) {
  int64_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (stop == Stop::kEndOfValue) {
        if (--depth == 0) return i + 1;
      } else {
        if (depth == 0) return i;
        --depth;
      }
    } else if (c == ',' && depth == 0 && stop == Stop::kEndOfElement) {
      return i;
    }
  }
  return text.size();
}

// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence, for messages.
std::string Excerpt(std::string_view text, size_t limit = 40) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 5: " prefix, which repeats what the caller says better (the absolute offset).
std::string ReadableParseError(const std::string& what) {
  std::string message = what;
  const size_t at = message.find("parse error");
  if (at != std::string::npos) {
    const size_t colon = message.find(": ", at);
    if (colon != std::string::npos) message = message.substr(colon + 2);
  }
  // The "last read" excerpt may end inside a UTF-8 sequence; messages must stay valid.
  const size_t invalid = text::FindInvalidUtf8(message);
  if (invalid != std::string::npos) message.resize(invalid);
  return message;
}

std::string TypeName(const Json& value) { return value.type_name(); }

model::WorkKind KindOfWorkType(std::string_view type) {
  static constexpr std::array<std::string_view, 3> kPatents = {"patent", "invention", "disclosure"};
  static constexpr std::array<std::string_view, 9> kProducts = {
      "software",           "data-set",        "research-tool",
      "research-technique", "physical-object", "spin-off-company",
      "technical-standard", "design",          "license"};
  if (std::find(kPatents.begin(), kPatents.end(), type) != kPatents.end()) {
    return model::WorkKind::kPatent;
  }
  if (std::find(kProducts.begin(), kProducts.end(), type) != kProducts.end()) {
    return model::WorkKind::kProduct;
  }
  return model::WorkKind::kPublication;
}

void AddUnique(std::vector<std::string>* values, std::string value) {
  if (value.empty()) return;
  if (std::find(values->begin(), values->end(), value) != values->end()) return;
  values->push_back(std::move(value));
}

// Reads one parsed record into an ImportedPerson and its works, collecting warnings. Every
// accessor takes the JSON path of what it reads, for the warnings.
class RecordReader {
 public:
  explicit RecordReader(Location location) : location_(std::move(location)) {}

  // Returns the rejection reason, or nullopt when the record is kept; then person() and
  // works() hold it.
  std::optional<std::string> Read(const Json& record) {
    const Json* identifier = Object(record, "orcid-identifier", "orcid-identifier");
    std::string raw_orcid;
    if (identifier != nullptr) {
      raw_orcid = String(*identifier, "path", "orcid-identifier.path");
      if (raw_orcid.empty()) raw_orcid = String(*identifier, "uri", "orcid-identifier.uri");
    }
    if (raw_orcid.empty()) return "missing orcid-identifier.path";
    std::optional<std::string> orcid = NormalizeOrcid(raw_orcid);
    if (!orcid) {
      return "orcid-identifier.path: \"" + Excerpt(raw_orcid) +
             "\" is not a valid ORCID iD (wrong form or check digit)";
    }
    person_.location = location_;
    person_.orcid = *orcid;
    person_.source_id = *orcid;
    if (const Json* person = Object(record, "person", "person")) ReadPerson(*person);
    if (const Json* activities = Object(record, "activities-summary", "activities-summary")) {
      ReadActivities(*activities);
    }
    return std::nullopt;
  }

  ImportedPerson& person() { return person_; }
  std::vector<ImportedWork>& works() { return works_; }
  std::vector<Rejected>& warnings() { return warnings_; }

 private:
  void Warn(const std::string& path, const std::string& what) {
    warnings_.push_back({location_, path + ": " + what});
  }

  // The member `key` of `parent` when present and not null, else nullptr.
  static const Json* Member(const Json& parent, std::string_view key) {
    if (!parent.is_object()) return nullptr;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    return &*it;
  }

  const Json* Object(const Json& parent, std::string_view key, const std::string& path) {
    const Json* value = Member(parent, key);
    if (value == nullptr) return nullptr;
    if (!value->is_object()) {
      Warn(path, "expected an object, found " + TypeName(*value));
      return nullptr;
    }
    return value;
  }

  const Json* Array(const Json& parent, std::string_view key, const std::string& path) {
    const Json* value = Member(parent, key);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
      Warn(path, "expected an array, found " + TypeName(*value));
      return nullptr;
    }
    return value;
  }

  // The cleaned text of the string `parent[key]`, or "" when absent, null or unusable.
  std::string String(const Json& parent, std::string_view key, const std::string& path,
                     bool keep_newlines = false) {
    const Json* value = Member(parent, key);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      Warn(path, "expected a string, found " + TypeName(*value));
      return {};
    }
    const auto& raw = value->get_ref<const std::string&>();
    if (raw.size() > kOrcidMaxFieldBytes) {
      Warn(path, std::to_string(raw.size()) + " bytes, longer than the limit of " +
                     std::to_string(kOrcidMaxFieldBytes) + "; ignored");
      return {};
    }
    auto clean = CleanText(raw, keep_newlines);
    if (!clean.ok()) {
      Warn(path, clean.status().message());
      return {};
    }
    return std::move(*clean);
  }

  // ORCID wraps many strings as {"value": "..."}: parent[key].value.
  std::string ValueString(const Json& parent, std::string_view key, const std::string& path) {
    const Json* wrapper = Object(parent, key, path);
    if (wrapper == nullptr) return {};
    return String(*wrapper, "value", path + ".value");
  }

  // The year of the ORCID date parent[key] ({"year": {"value": "2019"}, ...}), or 0.
  int Year(const Json& parent, std::string_view key, const std::string& path) {
    const Json* date = Object(parent, key, path);
    if (date == nullptr) return 0;
    const Json* year = Object(*date, "year", path + ".year");
    if (year == nullptr) return 0;
    const std::string year_path = path + ".year.value";
    const Json* value = Member(*year, "value");
    if (value == nullptr) return 0;
    if (value->is_number_integer()) {
      const auto number = value->get<int64_t>();
      if (number >= 1 && number <= 9999) return static_cast<int>(number);
    } else if (value->is_string()) {
      const auto& digits = value->get_ref<const std::string&>();
      int number = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (error == std::errc() && end == digits.data() + digits.size() && number >= 1 &&
          number <= 9999) {
        return number;
      }
    } else {
      Warn(year_path, "expected a string, found " + TypeName(*value));
      return 0;
    }
    Warn(year_path, "not a year: " + Excerpt(value->dump()));
    return 0;
  }

  // The elements of parent[key_a][key_b] (ORCID's {"keyword": [...]} wrappers), each with
  // its path, or nothing.
  std::vector<std::pair<const Json*, std::string>> Items(const Json& parent,
                                                         std::string_view section,
                                                         std::string_view item,
                                                         const std::string& path) {
    std::vector<std::pair<const Json*, std::string>> items;
    const Json* wrapper = Object(parent, section, path);
    if (wrapper == nullptr) return items;
    const std::string array_path = path + "." + std::string(item);
    const Json* array = Array(*wrapper, item, array_path);
    if (array == nullptr) return items;
    for (size_t i = 0; i < array->size(); ++i) {
      const Json& element = (*array)[i];
      std::string element_path = array_path + "[" + std::to_string(i) + "]";
      if (element.is_null()) continue;
      if (!element.is_object()) {
        Warn(element_path, "expected an object, found " + TypeName(element));
        continue;
      }
      items.emplace_back(&element, std::move(element_path));
    }
    return items;
  }

  void ReadPerson(const Json& person) {
    if (const Json* name = Object(person, "name", "person.name")) {
      person_.given_names = ValueString(*name, "given-names", "person.name.given-names");
      person_.family_name = ValueString(*name, "family-name", "person.name.family-name");
      const std::string credit = ValueString(*name, "credit-name", "person.name.credit-name");
      person_.full_name = credit.empty() ? JoinName() : credit;
    }
    for (const auto& [other, path] :
         Items(person, "other-names", "other-name", "person.other-names")) {
      std::string content = String(*other, "content", path + ".content");
      if (content != person_.full_name) AddUnique(&person_.other_names, std::move(content));
    }
    if (const Json* biography = Object(person, "biography", "person.biography")) {
      person_.biography =
          String(*biography, "content", "person.biography.content", /*keep_newlines=*/true);
    }
    for (const auto& [keyword, path] : Items(person, "keywords", "keyword", "person.keywords")) {
      SplitKeywords(String(*keyword, "content", path + ".content"));
    }
    for (const auto& [email, path] : Items(person, "emails", "email", "person.emails")) {
      AddUnique(&person_.emails, String(*email, "email", path + ".email"));
    }
    for (const auto& [address, path] : Items(person, "addresses", "address", "person.addresses")) {
      const std::string country =
          Country(ValueString(*address, "country", path + ".country"), path + ".country.value");
      if (person_.country.empty()) person_.country = country;
    }
    for (const auto& [url, path] :
         Items(person, "researcher-urls", "researcher-url", "person.researcher-urls")) {
      std::string value = ValueString(*url, "url", path + ".url");
      if (!value.empty()) person_.external_ids.push_back({"url", std::move(value)});
    }
    for (const auto& [identifier, path] :
         Items(person, "external-identifiers", "external-identifier",
               "person.external-identifiers")) {
      std::string type =
          internal::AsciiLower(String(*identifier, "external-id-type", path + ".external-id-type"));
      std::string value = String(*identifier, "external-id-value", path + ".external-id-value");
      if (!type.empty() && !value.empty()) {
        person_.external_ids.push_back({std::move(type), std::move(value)});
      }
    }
  }

  std::string JoinName() const {
    const std::string& given = person_.given_names;
    const std::string& family = person_.family_name;
    if (given.empty()) return family;
    if (family.empty()) return given;
    if (IsVietnameseFamilyName(family)) return family + " " + given;
    return given + " " + family;
  }

  void SplitKeywords(std::string_view content) {
    while (!content.empty()) {
      const size_t cut = content.find_first_of(",;");
      const std::string_view piece = content.substr(0, cut);
      auto clean = CleanText(piece);
      if (clean.ok()) AddUnique(&person_.keywords, std::move(*clean));
      if (cut == std::string_view::npos) break;
      content.remove_prefix(cut + 1);
    }
  }

  // `code` as an ISO 3166-1 alpha-2 code in upper case, or "" (with a warning) when it is not
  // two letters.
  std::string Country(const std::string& code, const std::string& path) {
    if (code.empty()) return {};
    if (code.size() == 2 && std::isalpha(static_cast<unsigned char>(code[0])) != 0 &&
        std::isalpha(static_cast<unsigned char>(code[1])) != 0) {
      std::string upper = code;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return upper;
    }
    Warn(path, "\"" + Excerpt(code) + "\" is not a two-letter country code");
    return {};
  }

  void ReadActivities(const Json& activities) {
    ReadAffiliations(activities, "employments", "employment-summary", /*education=*/false);
    ReadAffiliations(activities, "educations", "education-summary", /*education=*/true);
    ReadWorks(activities);
  }

  void ReadAffiliations(const Json& activities, std::string_view section,
                        std::string_view summary_key, bool education) {
    const std::string base = "activities-summary." + std::string(section);
    for (const auto& [group, group_path] : Items(activities, section, "affiliation-group", base)) {
      const std::string summaries_path = group_path + ".summaries";
      const Json* summaries = Array(*group, "summaries", summaries_path);
      if (summaries == nullptr) continue;
      for (size_t i = 0; i < summaries->size(); ++i) {
        const std::string path =
            summaries_path + "[" + std::to_string(i) + "]." + std::string(summary_key);
        const Json* summary = Object((*summaries)[i], summary_key, path);
        if (summary == nullptr) continue;
        ImportedAffiliation affiliation;
        affiliation.education = education;
        affiliation.department = String(*summary, "department-name", path + ".department-name");
        affiliation.role = String(*summary, "role-title", path + ".role-title");
        affiliation.start_year = Year(*summary, "start-date", path + ".start-date");
        affiliation.end_year = Year(*summary, "end-date", path + ".end-date");
        if (const Json* organization = Object(*summary, "organization", path + ".organization")) {
          affiliation.organization = String(*organization, "name", path + ".organization.name");
          const std::string address_path = path + ".organization.address";
          if (const Json* address = Object(*organization, "address", address_path)) {
            affiliation.city = String(*address, "city", address_path + ".city");
            affiliation.country = Country(String(*address, "country", address_path + ".country"),
                                          address_path + ".country");
          }
        }
        if (affiliation.organization.empty()) {
          Warn(path, "no organization name; affiliation skipped");
          continue;
        }
        person_.affiliations.push_back(std::move(affiliation));
      }
    }
  }

  // The display-index of a work summary (a string in v3.0 activities, a number elsewhere),
  // or 0.
  static int64_t DisplayIndex(const Json& summary) {
    const Json* index = Member(summary, "display-index");
    if (index == nullptr) return 0;
    if (index->is_number_integer()) return index->get<int64_t>();
    if (!index->is_string()) return 0;
    const auto& digits = index->get_ref<const std::string&>();
    int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    return error == std::errc() && end == digits.data() + digits.size() ? number : 0;
  }

  void ReadWorks(const Json& activities) {
    for (const auto& [group, group_path] :
         Items(activities, "works", "group", "activities-summary.works")) {
      const std::string summaries_path = group_path + ".work-summary";
      const Json* summaries = Array(*group, "work-summary", summaries_path);
      if (summaries == nullptr) continue;
      // The preferred version has the highest display-index; ties go to the first listed.
      const Json* preferred = nullptr;
      std::string preferred_path;
      int64_t best_index = 0;
      for (size_t i = 0; i < summaries->size(); ++i) {
        const Json& summary = (*summaries)[i];
        std::string path = summaries_path + "[" + std::to_string(i) + "]";
        if (summary.is_null()) continue;
        if (!summary.is_object()) {
          Warn(path, "expected an object, found " + TypeName(summary));
          continue;
        }
        const int64_t index = DisplayIndex(summary);
        if (preferred == nullptr || index > best_index) {
          preferred = &summary;
          preferred_path = std::move(path);
          best_index = index;
        }
      }
      if (preferred != nullptr) ReadWork(*preferred, preferred_path);
    }
  }

  void ReadWork(const Json& summary, const std::string& path) {
    ImportedWork work;
    work.location = location_;
    if (const Json* put_code = Member(summary, "put-code")) {
      if (put_code->is_number_integer()) {
        work.source_id = std::to_string(put_code->get<int64_t>());
      } else if (put_code->is_string()) {
        work.source_id = String(summary, "put-code", path + ".put-code");
      } else {
        Warn(path + ".put-code", "expected a number, found " + TypeName(*put_code));
      }
    }
    if (const Json* title = Object(summary, "title", path + ".title")) {
      work.title = ValueString(*title, "title", path + ".title.title");
      if (work.title.empty()) {
        work.title = ValueString(*title, "translated-title", path + ".title.translated-title");
      }
    }
    if (work.title.empty()) {
      Warn(path, "no title; work skipped");
      return;
    }
    work.type = String(summary, "type", path + ".type");
    work.kind = KindOfWorkType(work.type);
    work.year = Year(summary, "publication-date", path + ".publication-date");
    work.venue = ValueString(summary, "journal-title", path + ".journal-title");
    work.url = ValueString(summary, "url", path + ".url");
    for (const auto& [id, id_path] :
         Items(summary, "external-ids", "external-id", path + ".external-ids")) {
      const std::string type =
          internal::AsciiLower(String(*id, "external-id-type", id_path + ".external-id-type"));
      std::string value = String(*id, "external-id-value", id_path + ".external-id-value");
      std::string relationship =
          String(*id, "external-id-relationship", id_path + ".external-id-relationship");
      // An id without a relationship is taken as the work's own, as ORCID did before 2.0.
      if (type.empty() || value.empty() || (!relationship.empty() && relationship != "self")) {
        continue;
      }
      if (type == "doi") {
        std::optional<std::string> doi = NormalizeDoi(value);
        if (!doi) {
          Warn(id_path + ".external-id-value", "\"" + Excerpt(value) + "\" is not a DOI");
        } else if (work.doi.empty()) {
          work.doi = std::move(*doi);
        }
        continue;
      }
      work.external_ids.push_back({type, std::move(value)});
    }
    works_.push_back(std::move(work));
  }

  Location location_;
  ImportedPerson person_;
  std::vector<ImportedWork> works_;
  std::vector<Rejected> warnings_;
};

// Reads the input record by record into `batch_`.
class OrcidParser {
 public:
  OrcidParser(std::string_view input, ImportBatch* batch)
      : input_(input), lines_(input), batch_(batch) {}

  void Run() {
    size_t start = 0;
    if (input_.substr(0, kByteOrderMark.size()) == kByteOrderMark) start = kByteOrderMark.size();
    start = SkipSpace(input_, start);
    if (start == input_.size()) return;
    if (input_[start] == '[') {
      ReadArray(start);
    } else if (input_[start] == '{') {
      ReadObjects(start);
    } else {
      ++batch_->records_read;
      const auto first = static_cast<unsigned char>(input_[start]);
      std::string found = first < 0x80 ? "'" + std::string(1, input_[start]) + "'"
                                       : "byte " + std::to_string(first);
      Reject(start, "expected a JSON object or an array of ORCID records at byte " +
                        std::to_string(start) + ", found " + found);
    }
  }

 private:
  Location LocationAt(size_t offset) {
    Location location;
    location.offset = static_cast<int64_t>(offset);
    location.line = lines_.LineAt(offset);
    return location;
  }

  void Reject(size_t offset, std::string reason) {
    batch_->rejected.push_back({LocationAt(offset), std::move(reason)});
  }

  void ReadArray(size_t open) {
    size_t pos = open + 1;
    while (true) {
      pos = SkipSpace(input_, pos);
      if (pos == input_.size()) {
        batch_->warnings.push_back(
            {LocationAt(open), "the array of records is not closed with ']' (truncated file?)"});
        return;
      }
      if (input_[pos] == ']') break;
      const size_t end = ScanJson(input_, pos, Stop::kEndOfElement);
      if (end == pos) {
        // A stray '}' where an element should start, or the ',' after one.
        if (input_[pos] == '}') {
          ++batch_->records_read;
          Reject(pos, "unexpected '}' at byte " + std::to_string(pos));
        }
        ++pos;
        continue;
      }
      size_t trimmed = end;
      while (trimmed > pos && internal::IsAsciiSpace(input_[trimmed - 1])) --trimmed;
      ReadRecord(pos, trimmed);
      pos = end;
      if (pos < input_.size() && input_[pos] == ',') ++pos;
    }
    const size_t rest = SkipSpace(input_, pos + 1);
    if (rest < input_.size()) {
      batch_->warnings.push_back({LocationAt(rest), "content after the array of records ignored"});
    }
  }

  void ReadObjects(size_t start) {
    const size_t first_end = ScanJson(input_, start, Stop::kEndOfValue);
    if (SkipSpace(input_, first_end) == input_.size()) {
      ReadRecord(start, first_end);
      return;
    }
    if (input_.substr(start, first_end - start).find('\n') == std::string_view::npos) {
      ReadLines(start);
      return;
    }
    // Pretty-printed records one after the other.
    size_t pos = start;
    while ((pos = SkipSpace(input_, pos)) < input_.size()) {
      if (input_[pos] != '{') {
        // Not the start of a record: reject up to the next line that starts with '{'.
        size_t next = input_.find("\n{", pos);
        next = next == std::string_view::npos ? input_.size() : next + 1;
        ++batch_->records_read;
        Reject(pos, "expected '{' at the start of a record at byte " + std::to_string(pos));
        pos = next;
        continue;
      }
      const size_t end = ScanJson(input_, pos, Stop::kEndOfValue);
      ReadRecord(pos, end);
      pos = end;
    }
  }

  void ReadLines(size_t start) {
    size_t pos = start;
    while (pos < input_.size()) {
      size_t end = input_.find('\n', pos);
      if (end == std::string_view::npos) end = input_.size();
      const size_t next = end + 1;
      const size_t begin = SkipSpace(input_.substr(0, end), pos);
      while (end > begin && internal::IsAsciiSpace(input_[end - 1])) --end;
      if (begin < end) ReadRecord(begin, end);
      pos = next;
    }
  }

  // Reads the record in input_[begin, end).
  void ReadRecord(size_t begin, size_t end) {
    ++batch_->records_read;
    const std::string_view text = input_.substr(begin, end - begin);
    const Location location = LocationAt(begin);
    const size_t invalid = text::FindInvalidUtf8(text);
    if (invalid != std::string_view::npos) {
      Reject(begin, "invalid UTF-8 at byte " + std::to_string(begin + invalid));
      return;
    }
    Json record;
    try {
      record = Json::parse(text);
    } catch (const Json::parse_error& error) {
      // `byte` counts from 1 and is one past the end at the end of input.
      const size_t at = begin + std::min<size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
      const Location error_location = LocationAt(at);
      batch_->rejected.push_back({location, "malformed JSON at byte " + std::to_string(at) +
                                                " (line " + std::to_string(error_location.line) +
                                                "): " + ReadableParseError(error.what())});
      return;
    } catch (const Json::exception& error) {
      Reject(begin, std::string("unreadable JSON: ") + error.what());
      return;
    }
    if (!record.is_object()) {
      Reject(begin, "expected a JSON object for an ORCID record, found " + TypeName(record));
      return;
    }
    RecordReader reader(location);
    if (std::optional<std::string> reason = reader.Read(record)) {
      Reject(begin, std::move(*reason));
      return;
    }
    ImportedPerson& person = reader.person();
    for (ImportedWork& work : reader.works()) {
      person.works.push_back(batch_->works.size());
      batch_->works.push_back(std::move(work));
    }
    batch_->people.push_back(std::move(person));
    for (Rejected& warning : reader.warnings()) batch_->warnings.push_back(std::move(warning));
  }

  std::string_view input_;
  internal::LineIndex lines_;
  ImportBatch* batch_;
};

}  // namespace

ImportBatch ParseOrcid(std::string_view input) {
  ImportBatch batch;
  OrcidParser(input, &batch).Run();
  return batch;
}

}  // namespace ketnoi::import

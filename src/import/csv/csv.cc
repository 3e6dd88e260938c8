#include "import/csv/csv.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "import/csv/csv_reader.h"
#include "import/csv/internal/vocabulary.h"
#include "import/ids.h"
#include "text/fold.h"

namespace ketnoi::import {
namespace {

using csv_internal::MatchKey;

// Field indexes; the order of the alias tables below.
enum ExpertField : size_t {
  kExpertKey,
  kFullName,
  kGivenNames,
  kFamilyName,
  kOtherNames,
  kOrcid,
  kEmail,
  kCountry,
  kOrganization,
  kDepartment,
  kRole,
  kBiography,
  kBiographyLanguage,
  kExpertKeywords,
  kExpertFieldCount,
};

enum WorkField : size_t {
  kWorkKey,
  kExpertKeyOfWork,
  kTitle,
  kAbstract,
  kYear,
  kVenue,
  kDoi,
  kUrl,
  kKind,
  kLanguage,
  kWorkKeywords,
  kAuthors,
  kWorkFieldCount,
};

constexpr auto kKeyAliases = std::to_array<std::string_view>(
    {"key", "id", "mã", "mã chuyên gia", "mã số", "code", "expert id"});
constexpr auto kFullNameAliases = std::to_array<std::string_view>(
    {"full_name", "name", "full name", "họ và tên", "họ tên", "tên đầy đủ", "expert name"});
constexpr auto kGivenNamesAliases =
    std::to_array<std::string_view>({"given_names", "given name", "first name", "forename", "tên"});
constexpr auto kFamilyNameAliases =
    std::to_array<std::string_view>({"family_name", "family name", "last name", "surname", "họ"});
constexpr auto kOtherNamesAliases = std::to_array<std::string_view>(
    {"other_names", "also known as", "alternative names", "tên khác", "tên gọi khác"});
constexpr auto kOrcidAliases = std::to_array<std::string_view>({"orcid", "orcid id", "mã orcid"});
constexpr auto kEmailAliases = std::to_array<std::string_view>(
    {"email", "e-mail", "emails", "mail", "thư điện tử", "địa chỉ email"});
constexpr auto kCountryAliases =
    std::to_array<std::string_view>({"country", "country code", "quốc gia", "nước", "quốc tịch"});
constexpr auto kOrganizationAliases = std::to_array<std::string_view>(
    {"organization", "organisation", "affiliation", "institution", "employer", "đơn vị", "cơ quan",
     "đơn vị công tác", "cơ quan công tác", "nơi công tác"});
constexpr auto kDepartmentAliases = std::to_array<std::string_view>(
    {"department", "faculty", "phòng ban", "khoa", "bộ môn", "phòng"});
constexpr auto kRoleAliases = std::to_array<std::string_view>(
    {"role", "title", "position", "job title", "chức danh", "chức vụ", "học hàm"});
constexpr auto kBiographyAliases = std::to_array<std::string_view>(
    {"biography", "bio", "profile", "tiểu sử", "giới thiệu", "tóm tắt tiểu sử"});
constexpr auto kBiographyLanguageAliases =
    std::to_array<std::string_view>({"biography_language", "bio language", "ngôn ngữ tiểu sử"});
constexpr auto kExpertKeywordsAliases = std::to_array<std::string_view>(
    {"keywords", "skills", "expertise", "research interests", "lĩnh vực", "lĩnh vực chuyên môn",
     "chuyên môn", "chuyên ngành", "từ khóa", "kỹ năng"});

constexpr auto kWorkKeyAliases =
    std::to_array<std::string_view>({"key", "id", "mã", "mã công trình", "work id", "code"});
constexpr auto kExpertKeyOfWorkAliases = std::to_array<std::string_view>(
    {"expert_key", "expert", "expert id", "mã chuyên gia", "chuyên gia"});
constexpr auto kTitleAliases = std::to_array<std::string_view>(
    {"title", "tên công trình", "tiêu đề", "tên", "tên bài báo", "tên đề tài", "tên sản phẩm"});
constexpr auto kAbstractAliases =
    std::to_array<std::string_view>({"abstract", "summary", "description", "tóm tắt", "mô tả"});
constexpr auto kYearAliases = std::to_array<std::string_view>(
    {"year", "publication year", "năm", "năm công bố", "năm xuất bản"});
constexpr auto kVenueAliases =
    std::to_array<std::string_view>({"venue", "journal", "conference", "source", "publisher",
                                     "tạp chí", "hội nghị", "nơi công bố", "nơi đăng"});
constexpr auto kDoiAliases = std::to_array<std::string_view>({"doi"});
constexpr auto kUrlAliases =
    std::to_array<std::string_view>({"url", "link", "website", "liên kết", "đường dẫn"});
constexpr auto kKindAliases =
    std::to_array<std::string_view>({"kind", "type", "work type", "loại", "loại công trình"});
constexpr auto kLanguageAliases = std::to_array<std::string_view>({"language", "lang", "ngôn ngữ"});
constexpr auto kWorkKeywordsAliases = std::to_array<std::string_view>({"keywords", "từ khóa"});
constexpr auto kAuthorsAliases = std::to_array<std::string_view>(
    {"authors", "author", "tác giả", "các tác giả", "nhóm tác giả"});

const std::array<CsvFieldAliases, kExpertFieldCount> kExpertFields{{
    {"key", kKeyAliases},
    {"full_name", kFullNameAliases},
    {"given_names", kGivenNamesAliases},
    {"family_name", kFamilyNameAliases},
    {"other_names", kOtherNamesAliases},
    {"orcid", kOrcidAliases},
    {"email", kEmailAliases},
    {"country", kCountryAliases},
    {"organization", kOrganizationAliases},
    {"department", kDepartmentAliases},
    {"role", kRoleAliases},
    {"biography", kBiographyAliases},
    {"biography_language", kBiographyLanguageAliases},
    {"keywords", kExpertKeywordsAliases},
}};

const std::array<CsvFieldAliases, kWorkFieldCount> kWorkFields{{
    {"key", kWorkKeyAliases},
    {"expert_key", kExpertKeyOfWorkAliases},
    {"title", kTitleAliases},
    {"abstract", kAbstractAliases},
    {"year", kYearAliases},
    {"venue", kVenueAliases},
    {"doi", kDoiAliases},
    {"url", kUrlAliases},
    {"kind", kKindAliases},
    {"language", kLanguageAliases},
    {"keywords", kWorkKeywordsAliases},
    {"authors", kAuthorsAliases},
}};

std::string_view KindName(CsvKind kind) { return kind == CsvKind::kExperts ? "experts" : "works"; }

std::string FieldList(CsvKind kind) {
  std::string list;
  for (const CsvFieldAliases& field : DefaultAliases(kind)) {
    if (!list.empty()) list += ", ";
    list += field.field;
  }
  return list;
}

// The index of the field `name` names (compared as MatchKey does), or nullopt.
std::optional<size_t> FindField(CsvKind kind, std::string_view name) {
  const std::string key = MatchKey(name);
  const auto fields = DefaultAliases(kind);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (MatchKey(fields[i].field) == key) return i;
  }
  return std::nullopt;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Which column feeds each field of one file, and which columns none reads.
struct Columns {
  std::vector<int> of_field;  // Column index per field, -1 when no column feeds it.
  std::vector<std::string> unused;
};

base::Result<Columns> ResolveColumns(CsvKind kind, const std::vector<std::string>& header,
                                     const CsvMapping& mapping) {
  const auto fields = DefaultAliases(kind);
  Columns columns;
  columns.of_field.assign(fields.size(), -1);
  std::vector<bool> explicit_field(fields.size(), false);
  std::vector<bool> taken(header.size(), false);
  std::vector<std::string> header_keys;
  header_keys.reserve(header.size());
  for (const std::string& cell : header) header_keys.push_back(MatchKey(cell));

  for (const auto& [name, column] : mapping.columns) {
    const std::optional<size_t> field = FindField(kind, name);
    if (!field) {
      return base::InvalidArgument("the mapping names " + Quoted(name) +
                                       ", which is not a field of " + std::string(KindName(kind)) +
                                       "; the fields are " + FieldList(kind),
                                   "mapping");
    }
    explicit_field[*field] = true;
    if (Trim(column).empty()) continue;  // "orcid=": do not import the field.
    const std::string key = MatchKey(column);
    const auto found = std::find(header_keys.begin(), header_keys.end(), key);
    if (found == header_keys.end()) {
      std::string have;
      for (const std::string& cell : header) have += (have.empty() ? "" : ", ") + Quoted(cell);
      return base::InvalidArgument("the mapping reads " + std::string(fields[*field].field) +
                                       " from the column " + Quoted(column) +
                                       ", which the header does not have; its columns are " + have,
                                   std::string(fields[*field].field));
    }
    const auto index = static_cast<size_t>(found - header_keys.begin());
    columns.of_field[*field] = static_cast<int>(index);
    taken[index] = true;
  }

  for (size_t field = 0; field < fields.size(); ++field) {
    if (explicit_field[field]) continue;
    std::vector<std::string> alias_keys;
    for (std::string_view alias : fields[field].aliases) alias_keys.push_back(MatchKey(alias));
    for (size_t column = 0; column < header.size(); ++column) {
      if (taken[column] || std::find(alias_keys.begin(), alias_keys.end(), header_keys[column]) ==
                               alias_keys.end()) {
        continue;
      }
      columns.of_field[field] = static_cast<int>(column);
      taken[column] = true;
      break;
    }
  }
  for (size_t column = 0; column < header.size(); ++column) {
    if (!taken[column] && !header_keys[column].empty()) columns.unused.push_back(header[column]);
  }
  return columns;
}

// The cells of one row as fields, cleaned, with the warnings they raise. A row that cannot
// be imported sets `reject`; its warnings are then dropped with it.
class RowReader {
 public:
  RowReader(const CsvRow& row, const Columns& columns) : row_(row), columns_(columns) {}

  std::string_view Raw(size_t field) const {
    const int column = columns_.of_field[field];
    return column < 0 ? std::string_view() : std::string_view(row_.cells[column]);
  }

  // The cell through CleanText; empty when no column feeds the field.
  std::string Text(size_t field, std::string_view name, bool keep_newlines = false) {
    auto clean = CleanText(Raw(field), keep_newlines);
    if (clean.ok()) return std::move(*clean);
    Reject(std::string(name) + ": " + clean.status().message());
    return {};
  }

  // The cell split on any of `separators` and line breaks, each part cleaned; empty parts
  // and repeats dropped.
  std::vector<std::string> List(size_t field, std::string_view name, std::string_view separators) {
    std::vector<std::string> items;
    std::string_view rest = Raw(field);
    while (!rest.empty()) {
      const size_t end = rest.find_first_of(std::string(separators) + "\n");
      const std::string_view part = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      auto clean = CleanText(part);
      if (!clean.ok()) {
        Reject(std::string(name) + ": " + clean.status().message());
        return {};
      }
      if (!clean->empty() && std::find(items.begin(), items.end(), *clean) == items.end()) {
        items.push_back(std::move(*clean));
      }
    }
    return items;
  }

  void Warn(std::string message) { warnings_.push_back({row_.location, std::move(message)}); }
  void Reject(std::string reason) {
    if (reject_.empty()) reject_ = std::move(reason);
  }

  const Location& location() const { return row_.location; }
  bool rejected() const { return !reject_.empty(); }

  // Moves the row's outcome into `batch`; true when the row is kept.
  bool Finish(ImportBatch* batch) {
    if (rejected()) {
      batch->rejected.push_back({row_.location, std::move(reject_)});
      return false;
    }
    for (Rejected& warning : warnings_) batch->warnings.push_back(std::move(warning));
    return true;
  }

 private:
  const CsvRow& row_;
  const Columns& columns_;
  std::vector<Rejected> warnings_;
  std::string reject_;
};

bool IsEmailAddress(std::string_view text) {
  const size_t at = text.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string_view::npos;
}

// The year in `text`, 0 when it is empty, nullopt when it is not a year from 1900 to 2100.
std::optional<int> ParseYear(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return 0;
  if (text.size() != 4) return std::nullopt;
  int year = 0;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    year = year * 10 + (c - '0');
  }
  if (year < 1900 || year > 2100) return std::nullopt;
  return year;
}

// Countries where a name is written family name first.
bool FamilyNameFirst(std::string_view country) {
  return country == "VN" || country == "CN" || country == "JP" || country == "KR" ||
         country == "TW";
}

ImportedPerson ReadExpert(RowReader& row) {
  ImportedPerson person;
  person.location = row.location();
  person.source_id = row.Text(kExpertKey, "key");
  person.full_name = row.Text(kFullName, "full_name");
  person.given_names = row.Text(kGivenNames, "given_names");
  person.family_name = row.Text(kFamilyName, "family_name");
  person.other_names = row.List(kOtherNames, "other_names", ";");

  const std::string country = row.Text(kCountry, "country");
  if (!country.empty()) {
    if (auto code = csv_internal::CountryCodeFor(country)) {
      person.country = std::move(*code);
    } else {
      row.Warn("country: " + Quoted(country) +
               " is not a country name or ISO code KetNoi knows (left empty; write a code such "
               "as JP)");
    }
  }

  if (person.full_name.empty() && (!person.given_names.empty() || !person.family_name.empty())) {
    const std::string& first =
        FamilyNameFirst(person.country) ? person.family_name : person.given_names;
    const std::string& second =
        FamilyNameFirst(person.country) ? person.given_names : person.family_name;
    person.full_name = first.empty() || second.empty() ? first + second : first + " " + second;
    row.Warn("full_name is empty: composed from family_name and given_names as " +
             Quoted(person.full_name));
  }
  if (person.full_name.empty()) {
    row.Reject("the row has no name (full_name, given_names and family_name are empty)");
  }

  const std::string orcid = row.Text(kOrcid, "orcid");
  if (!orcid.empty()) {
    if (auto normal = NormalizeOrcid(orcid)) {
      person.orcid = std::move(*normal);
    } else {
      row.Reject("orcid: " + Quoted(orcid) +
                 " is not a valid ORCID iD (16 digits with a correct check digit); the row is "
                 "rejected because a mistyped iD could merge this expert with someone else: "
                 "correct the iD or clear the cell");
    }
  }

  for (std::string& email : row.List(kEmail, "email", ";, ")) {
    if (IsEmailAddress(email)) {
      person.emails.push_back(std::move(email));
    } else {
      row.Warn("email: " + Quoted(email) + " is not an e-mail address (dropped)");
    }
  }

  ImportedAffiliation affiliation;
  affiliation.organization = row.Text(kOrganization, "organization");
  affiliation.department = row.Text(kDepartment, "department");
  affiliation.role = row.Text(kRole, "role");
  if (!affiliation.organization.empty() || !affiliation.department.empty() ||
      !affiliation.role.empty()) {
    person.affiliations.push_back(std::move(affiliation));
  }

  person.biography = row.Text(kBiography, "biography", /*keep_newlines=*/true);
  const std::string language = row.Text(kBiographyLanguage, "biography_language");
  if (!language.empty()) {
    if (auto code = csv_internal::LanguageCodeFor(language)) {
      person.biography_language = std::move(*code);
    } else {
      row.Warn("biography_language: " + Quoted(language) +
               " is not a language KetNoi knows (left empty; write an ISO 639-1 code such as "
               "vi)");
    }
  }
  person.keywords = row.List(kExpertKeywords, "keywords", ";,");
  return person;
}

ImportedWork ReadWork(RowReader& row) {
  ImportedWork work;
  work.location = row.location();
  work.source_id = row.Text(kWorkKey, "key");
  work.title = row.Text(kTitle, "title");
  if (work.title.empty()) row.Reject("the row has no title");
  work.abstract = row.Text(kAbstract, "abstract", /*keep_newlines=*/true);
  work.venue = row.Text(kVenue, "venue");
  work.url = row.Text(kUrl, "url");

  const std::string year = row.Text(kYear, "year");
  if (auto value = ParseYear(year)) {
    work.year = *value;
  } else {
    row.Warn("year: " + Quoted(year) + " is not a year from 1900 to 2100 (read as unknown)");
  }

  const std::string doi = row.Text(kDoi, "doi");
  if (!doi.empty()) {
    if (auto normal = NormalizeDoi(doi)) {
      work.doi = std::move(*normal);
    } else {
      row.Warn("doi: " + Quoted(doi) + " is not a DOI such as 10.1109/5.771073 (dropped)");
    }
  }

  work.type = row.Text(kKind, "kind");
  if (!work.type.empty()) {
    if (auto kind = csv_internal::WorkKindFor(work.type)) {
      work.kind = *kind;
    } else {
      row.Warn("kind: " + Quoted(work.type) +
               " is not a kind KetNoi knows: publication, patent, project or product (bài báo, "
               "sáng chế, dự án, sản phẩm); read as publication");
    }
  }

  const std::string language = row.Text(kLanguage, "language");
  if (!language.empty()) {
    if (auto code = csv_internal::LanguageCodeFor(language)) {
      work.language = std::move(*code);
    } else {
      row.Warn("language: " + Quoted(language) +
               " is not a language KetNoi knows (left empty; write an ISO 639-1 code such as "
               "en)");
    }
  }
  work.keywords = row.List(kWorkKeywords, "keywords", ";,");
  for (std::string& name : row.List(kAuthors, "authors", ";")) {
    ImportedAuthor author;
    author.name = std::move(name);
    work.authors.push_back(std::move(author));
  }
  return work;
}

std::string LineOf(const Location& location) { return "line " + std::to_string(location.line); }

// What one file gives: a batch, and for a works file each kept work's expert key.
struct ParsedFile {
  ImportBatch batch;
  std::vector<std::string> expert_keys;  // Parallel to batch.works.
  std::string expert_key_column;         // The works file's expert_key header, or empty.
  Location header_location;
};

base::Result<ParsedFile> ParseFile(CsvKind kind, std::string_view bytes,
                                   const CsvMapping& mapping) {
  ASSIGN_OR_RETURN(CsvTable table, ReadCsv(bytes));
  ASSIGN_OR_RETURN(Columns columns, ResolveColumns(kind, table.header, mapping));
  if (kind == CsvKind::kExperts && columns.of_field[kFullName] < 0 &&
      columns.of_field[kGivenNames] < 0 && columns.of_field[kFamilyName] < 0) {
    return base::InvalidArgument(
        "no column gives the experts' names: name one 'full_name', 'Họ và tên' or 'Name', or "
        "map one (full_name=Your Header)",
        "full_name");
  }
  if (kind == CsvKind::kWorks && columns.of_field[kTitle] < 0) {
    return base::InvalidArgument(
        "no column gives the works' titles: name one 'title' or 'Tên công trình', or map one "
        "(title=Your Header)",
        "title");
  }

  ParsedFile parsed;
  parsed.header_location = table.header_location;
  ImportBatch& batch = parsed.batch;
  batch.records_read = table.records_read;
  batch.rejected = std::move(table.rejected);
  batch.warnings = std::move(table.warnings);
  if (!columns.unused.empty()) {
    std::string list;
    for (const std::string& name : columns.unused)
      list += (list.empty() ? "" : ", ") + Quoted(name);
    batch.warnings.push_back({table.header_location, "columns not imported: " + list});
  }

  // The first row with a key or ORCID iD, by value, so repeats can point at it.
  std::unordered_map<std::string, Location> first_key;
  std::unordered_map<std::string, Location> first_orcid;
  for (const CsvRow& csv_row : table.rows) {
    RowReader row(csv_row, columns);
    if (kind == CsvKind::kExperts) {
      ImportedPerson person = ReadExpert(row);
      // Only kept rows count as first: ReadExpert has made every check by now.
      if (!person.source_id.empty() && !row.rejected()) {
        auto [it, inserted] = first_key.emplace(person.source_id, person.location);
        if (!inserted) {
          row.Warn("key " + Quoted(person.source_id) + " is also the key of the row on " +
                   LineOf(it->second) + "; works with this key are linked to that first row");
        }
      }
      if (!person.orcid.empty() && !row.rejected()) {
        auto [it, inserted] = first_orcid.emplace(person.orcid, person.location);
        if (!inserted) {
          row.Warn("orcid " + person.orcid + " is also on the row on " + LineOf(it->second) +
                   " (the same expert twice?)");
        }
      }
      if (row.Finish(&batch)) batch.people.push_back(std::move(person));
    } else {
      ImportedWork work = ReadWork(row);
      std::string expert_key = row.Text(kExpertKeyOfWork, "expert_key");
      if (!work.source_id.empty() && !row.rejected()) {
        auto [it, inserted] = first_key.emplace(work.source_id, work.location);
        if (!inserted) {
          row.Warn("key " + Quoted(work.source_id) + " is also the key of the row on " +
                   LineOf(it->second));
        }
      }
      if (row.Finish(&batch)) {
        batch.works.push_back(std::move(work));
        parsed.expert_keys.push_back(std::move(expert_key));
      }
    }
  }
  if (kind == CsvKind::kWorks && columns.of_field[kExpertKeyOfWork] >= 0) {
    parsed.expert_key_column = table.header[columns.of_field[kExpertKeyOfWork]];
  }
  return parsed;
}

void SortByPosition(std::vector<Rejected>* items) {
  std::stable_sort(items->begin(), items->end(), [](const Rejected& a, const Rejected& b) {
    return a.location.offset < b.location.offset;
  });
}

void SetFile(const std::string& name, ImportBatch* batch) {
  if (name.empty()) return;
  for (auto& person : batch->people) person.location.file = name;
  for (auto& work : batch->works) work.location.file = name;
  for (auto& item : batch->rejected) item.location.file = name;
  for (auto& item : batch->warnings) item.location.file = name;
}

base::Result<ParsedFile> ParseSorted(CsvKind kind, const CsvFile& file) {
  auto parsed = ParseFile(kind, file.bytes, file.mapping);
  if (!parsed.ok()) {
    return parsed.status().WithContext(file.name.empty() ? std::string(KindName(kind)) + " file"
                                                         : file.name);
  }
  SortByPosition(&parsed->batch.rejected);
  SortByPosition(&parsed->batch.warnings);
  SetFile(file.name, &parsed->batch);
  return parsed;
}

}  // namespace

std::span<const CsvFieldAliases> DefaultAliases(CsvKind kind) {
  if (kind == CsvKind::kExperts) return kExpertFields;
  return kWorkFields;
}

base::Result<CsvMapping> ParseMapping(CsvKind kind, std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const bool lines = text.find_first_of("\r\n") != std::string_view::npos;
  const std::string_view item_name = lines ? "line " : "item ";
  CsvMapping mapping;
  std::unordered_map<size_t, int> first_item;  // Field index -> the item that mapped it.
  int number = 0;
  while (!text.empty()) {
    ++number;
    const size_t end = text.find_first_of(lines ? "\r\n" : ",");
    std::string_view item = Trim(text.substr(0, end));
    if (end == std::string_view::npos) {
      text = {};
    } else {
      // CRLF ends one line.
      const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
      text.remove_prefix(end + (crlf ? 2 : 1));
    }
    if (item.empty() || (lines && item.front() == '#')) continue;
    const std::string where = std::string(item_name) + std::to_string(number) + ": ";
    const size_t invalid = text::FindInvalidUtf8(item);
    if (invalid != std::string_view::npos) {
      return base::InvalidArgument(where + "not valid UTF-8 at byte " + std::to_string(invalid) +
                                       " of the " + std::string(lines ? "line" : "item"),
                                   "mapping");
    }
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      return base::InvalidArgument(where + "expected field=Column Header, got " + Quoted(item),
                                   "mapping");
    }
    const std::string_view name = Trim(item.substr(0, equals));
    const std::optional<size_t> field = FindField(kind, name);
    if (!field) {
      return base::InvalidArgument(where + Quoted(name) + " is not a field of " +
                                       std::string(KindName(kind)) + "; the fields are " +
                                       FieldList(kind),
                                   "mapping");
    }
    const std::string_view field_name = DefaultAliases(kind)[*field].field;
    auto [it, inserted] = first_item.emplace(*field, number);
    if (!inserted) {
      return base::InvalidArgument(where + std::string(field_name) + " is mapped twice (first on " +
                                       std::string(item_name) + std::to_string(it->second) + ")",
                                   "mapping");
    }
    auto column = CleanText(Trim(item.substr(equals + 1)));
    if (!column.ok()) return column.status().WithContext(where);
    mapping.columns.emplace(field_name, std::move(*column));
  }
  return mapping;
}

base::Result<ImportBatch> ParseExpertsCsv(std::string_view bytes, const CsvMapping& mapping) {
  ASSIGN_OR_RETURN(ParsedFile parsed, ParseSorted(CsvKind::kExperts, {"", bytes, mapping}));
  return std::move(parsed.batch);
}

base::Result<ImportBatch> ParseWorksCsv(std::string_view bytes, const CsvMapping& mapping) {
  ASSIGN_OR_RETURN(ParsedFile parsed, ParseSorted(CsvKind::kWorks, {"", bytes, mapping}));
  if (!parsed.expert_key_column.empty()) {
    parsed.batch.warnings.insert(
        parsed.batch.warnings.begin(),
        {parsed.header_location,
         "the column " + Quoted(parsed.expert_key_column) +
             " (expert_key) links works to experts only when the experts file is imported "
             "with this one; these works are not linked"});
  }
  return std::move(parsed.batch);
}

base::Result<ImportBatch> ParseCsvPair(const CsvFile& experts, const CsvFile& works) {
  ASSIGN_OR_RETURN(ParsedFile people, ParseSorted(CsvKind::kExperts, experts));
  ASSIGN_OR_RETURN(ParsedFile parsed_works, ParseSorted(CsvKind::kWorks, works));
  ImportBatch batch = std::move(people.batch);
  batch.records_read += parsed_works.batch.records_read;
  batch.works = std::move(parsed_works.batch.works);
  for (auto& item : parsed_works.batch.rejected) batch.rejected.push_back(std::move(item));
  for (auto& item : parsed_works.batch.warnings) batch.warnings.push_back(std::move(item));

  std::unordered_map<std::string, size_t> by_key;
  std::unordered_map<std::string, size_t> by_orcid;
  for (size_t i = 0; i < batch.people.size(); ++i) {
    if (!batch.people[i].source_id.empty()) by_key.emplace(batch.people[i].source_id, i);
    if (!batch.people[i].orcid.empty()) by_orcid.emplace(batch.people[i].orcid, i);
  }
  for (size_t w = 0; w < batch.works.size(); ++w) {
    const std::string& key = parsed_works.expert_keys[w];
    if (key.empty()) continue;
    std::optional<size_t> person;
    if (auto found = by_key.find(key); found != by_key.end()) {
      person = found->second;
    } else if (auto orcid = NormalizeOrcid(key)) {
      if (auto by = by_orcid.find(*orcid); by != by_orcid.end()) person = by->second;
    }
    if (!person) {
      batch.warnings.push_back(
          {batch.works[w].location, "expert_key " + Quoted(key) +
                                        " is neither the key nor the ORCID iD of an expert row "
                                        "read from the experts file; the work is not linked"});
      continue;
    }
    batch.people[*person].works.push_back(w);
  }
  return batch;
}

}  // namespace ketnoi::import

#include "storage/sqlite/sqlite_store.h"

#include <algorithm>
#include <array>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "model/enums.h"
#include "storage/sqlite/internal/connection.h"
#include "storage/sqlite/internal/json_column.h"
#include "storage/sqlite/migrations.h"

namespace ketnoi::storage {
namespace {

using model::Chapter;
using model::Expert;
using model::Membership;
using model::Organization;
using model::Problem;
using model::TaxonomyGroup;
using model::TaxonomyVersion;
using model::Work;
using sqlite::internal::Connection;
using sqlite::internal::FieldBinder;
using sqlite::internal::FieldReader;
using sqlite::internal::Statement;
using Json = nlohmann::json;

constexpr int64_t kMaxPageLimit = 1000;

// ---------------------------------------------------------------------------------------
// Columns that hold enums or JSON lists.

Status Unreadable(std::string_view column, std::string_view problem) {
  return base::DataLoss("column " + std::string(column) +
                        " holds an unreadable value: " + std::string(problem));
}

template <typename E>
Result<E> EnumColumn(const std::string& name, std::string_view column) {
  std::optional<E> value = model::FromName<E>(name);
  if (!value.has_value()) return Unreadable(column, "unknown name '" + name + "'");
  return *value;
}

std::string EncodeJson(const Json& json) {
  // Replace rather than throw on invalid UTF-8: the service validates text, and a store
  // write must not fail halfway through on an exception.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Parses a JSON-array column and maps it with `convert` (Json -> Result<T>). nlohmann
// reports type mismatches by exception; they stop here and become DataLoss.
template <typename T, typename Convert>
Result<T> DecodeArray(const std::string& text, std::string_view column, Convert&& convert) {
  // Most lists are empty (an imported expert's languages, skills, availability), and
  // parsing "[]" costs a parser's allocations all the same.
  if (text == "[]") return T();
  try {
    const Json json = Json::parse(text);
    if (!json.is_array()) return Unreadable(column, "not a JSON array");
    return convert(json);
  } catch (const Json::exception& e) {
    return Unreadable(column, e.what());
  }
}

std::string EncodeStrings(const std::vector<std::string>& values) {
  return sqlite::internal::JsonStringArray(values);
}

Result<std::vector<std::string>> DecodeStrings(const std::string& text, std::string_view column) {
  return DecodeArray<std::vector<std::string>>(
      text, column, [](const Json& json) -> Result<std::vector<std::string>> {
        return json.get<std::vector<std::string>>();
      });
}

template <typename E>
std::string EncodeEnums(const std::vector<E>& values) {
  std::string json = "[";
  for (E value : values) {
    if (json.size() > 1) json += ',';
    sqlite::internal::AppendJsonString(model::ToName(value), &json);  // ASCII names.
  }
  return json + "]";
}

template <typename E>
Result<std::vector<E>> DecodeEnums(const std::string& text, std::string_view column) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, DecodeStrings(text, column));
  std::vector<E> values;
  values.reserve(names.size());
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(E value, EnumColumn<E>(name, column));
    values.push_back(value);
  }
  return values;
}

std::string EncodeAvailability(const std::vector<model::AvailabilityWindow>& windows) {
  if (windows.empty()) return "[]";
  Json json = Json::array();
  for (const auto& window : windows) {
    json.push_back({{"from", window.from},
                    {"to", window.to},
                    {"hours_per_month", window.hours_per_month},
                    {"note", window.note}});
  }
  return EncodeJson(json);
}

Result<std::vector<model::AvailabilityWindow>> DecodeAvailability(const std::string& text,
                                                                  std::string_view column) {
  return DecodeArray<std::vector<model::AvailabilityWindow>>(
      text, column, [](const Json& json) -> Result<std::vector<model::AvailabilityWindow>> {
        std::vector<model::AvailabilityWindow> windows;
        for (const Json& item : json) {
          windows.push_back({.from = item.at("from").get<std::string>(),
                             .to = item.at("to").get<std::string>(),
                             .hours_per_month = item.at("hours_per_month").get<int>(),
                             .note = item.at("note").get<std::string>()});
        }
        return windows;
      });
}

std::string EncodeLocalizedList(const std::vector<model::LocalizedText>& texts) {
  Json json = Json::array();
  for (const auto& text : texts) json.push_back({{"vi", text.vi}, {"en", text.en}});
  return EncodeJson(json);
}

Result<std::vector<model::LocalizedText>> DecodeLocalizedList(const std::string& text,
                                                              std::string_view column) {
  return DecodeArray<std::vector<model::LocalizedText>>(
      text, column, [](const Json& json) -> Result<std::vector<model::LocalizedText>> {
        std::vector<model::LocalizedText> texts;
        for (const Json& item : json) {
          texts.push_back(
              {.vi = item.at("vi").get<std::string>(), .en = item.at("en").get<std::string>()});
        }
        return texts;
      });
}

std::string EncodeRequiredSkills(const std::vector<model::RequiredSkill>& skills) {
  Json json = Json::array();
  for (const auto& skill : skills) {
    json.push_back({{"name", skill.name}, {"level", std::string(model::ToName(skill.level))}});
  }
  return EncodeJson(json);
}

Result<std::vector<model::RequiredSkill>> DecodeRequiredSkills(const std::string& text,
                                                               std::string_view column) {
  return DecodeArray<std::vector<model::RequiredSkill>>(
      text, column, [column](const Json& json) -> Result<std::vector<model::RequiredSkill>> {
        std::vector<model::RequiredSkill> skills;
        for (const Json& item : json) {
          ASSIGN_OR_RETURN(
              model::SkillLevel level,
              EnumColumn<model::SkillLevel>(item.at("level").get<std::string>(), column));
          skills.push_back({.name = item.at("name").get<std::string>(), .level = level});
        }
        return skills;
      });
}

// [1,2,3], for SQLite's json_each.
std::string EncodeIds(std::span<const Id> ids) {
  std::string json = "[";
  for (Id id : ids) {
    if (json.size() > 1) json += ',';
    json += std::to_string(id);
  }
  return json + "]";
}

// ---------------------------------------------------------------------------------------
// References between rows.

Result<bool> RowExists(Connection& db, std::string_view table, Id id) {
  ASSIGN_OR_RETURN(
      int64_t found,
      db.QueryInt("SELECT EXISTS (SELECT 1 FROM " + std::string(table) + " WHERE id = ?1)", id));
  return found != 0;
}

// Checked before writing, rather than left to the FOREIGN KEY constraint, because SQLite's
// constraint error does not say which reference failed and the client needs the field.
Status CheckReference(Connection& db, std::string_view table, Id id, std::string_view noun,
                      const std::string& field) {
  ASSIGN_OR_RETURN(bool exists, RowExists(db, table, id));
  if (exists) return Status();
  return base::InvalidArgument("no " + std::string(noun) + " has id " + std::to_string(id), field);
}

Status CheckGroupIds(Connection& db, const std::vector<Id>& group_ids) {
  std::unordered_set<Id> seen;
  for (size_t i = 0; i < group_ids.size(); ++i) {
    const std::string field = "group_ids[" + std::to_string(i) + "]";
    if (!seen.insert(group_ids[i]).second) {
      return base::InvalidArgument(
          "taxonomy group " + std::to_string(group_ids[i]) + " is listed twice", field);
    }
    RETURN_IF_ERROR(CheckReference(db, "taxonomy_groups", group_ids[i], "taxonomy group", field));
  }
  return Status();
}

// A kind of row that may refer to an entity: `count_sql` counts them for the entity ?1.
struct Referrer {
  std::string_view count_sql;
  std::string_view description;  // Follows the count: "2 problems commissioned by it".
};

// RESTRICT references are counted before deleting so the error can say what is in the way.
Status CheckUnreferenced(Connection& db, std::string_view noun, Id id,
                         std::span<const Referrer> referrers) {
  std::string in_the_way;
  for (const Referrer& referrer : referrers) {
    ASSIGN_OR_RETURN(int64_t count, db.QueryInt(referrer.count_sql, id));
    if (count == 0) continue;
    if (!in_the_way.empty()) in_the_way += ", ";
    in_the_way += std::to_string(count) + " " + std::string(referrer.description);
  }
  if (in_the_way.empty()) return Status();
  return base::FailedPrecondition(std::string(noun) + " " + std::to_string(id) +
                                  " is still referenced by " + in_the_way +
                                  "; remove those references first");
}

// ---------------------------------------------------------------------------------------
// Child rows (affiliations, groups, authors, ...): written by replacing all of a parent's
// rows, read for a whole page of parents with one query per child table.

// Whether the parent whose child rows are written was just created: then it has none to
// replace (a deleted parent's rows went with it, ON DELETE CASCADE), and looking for them
// is a statement per child table that a bulk import pays for every row it creates.
enum class Write { kCreate, kUpdate };

// Child rows written by one INSERT statement, at most: running a statement has a cost of
// its own in SQLite (its statement transaction, its cursors), paid once for a work's
// authors rather than once for each. 16 rows of the widest child table bind 112
// parameters, far below SQLite's limit.
constexpr size_t kMaxRowsPerInsert = 16;

// One kind of child rows, (parent_column, position, columns...) in `table`, with the text
// of the statements that write them, built once (each kind is a function-local constant):
// a bulk import writes the children of every row it creates.
class ChildRows {
 public:
  ChildRows(std::string_view table, std::string_view parent_column,
            std::span<const std::string_view> columns) {
    erase_sql_.append("DELETE FROM ").append(table).append(" WHERE ");
    erase_sql_.append(parent_column).append(" = ?1");
    std::string head = "INSERT INTO ";
    head.append(table).append(" (").append(parent_column).append(", position");
    std::string row = "(?, ?";
    for (std::string_view column : columns) {
      head.append(", ").append(column);
      row += ", ?";
    }
    head += ") VALUES ";
    row += ')';
    std::string sql = head + row;
    for (std::string& insert_sql : insert_sql_) {
      insert_sql = sql;
      sql.append(", ").append(row);
    }
  }

  // Deletes the child rows of `parent` (unless it was just created), then inserts `count`
  // rows whose values after the parent and position `bind_row(binder, i)` binds, up to
  // kMaxRowsPerInsert rows per statement, in order (so they get the rowids they would get
  // one by one). `bind_row` may bind text borrowed from the caller: each statement runs
  // before Replace returns.
  template <typename BindRow>
  Status Replace(Connection& db, Write write, Id parent, size_t count, BindRow&& bind_row) const {
    if (write == Write::kUpdate) {
      ASSIGN_OR_RETURN(Statement erase, db.Prepare(erase_sql_));
      erase.BindInt(1, parent);
      RETURN_IF_ERROR(erase.Run());
    }
    for (size_t begin = 0; begin < count; begin += kMaxRowsPerInsert) {
      const size_t rows = std::min(kMaxRowsPerInsert, count - begin);
      ASSIGN_OR_RETURN(Statement insert, db.Prepare(insert_sql_[rows - 1]));
      FieldBinder binder(&insert);
      for (size_t i = begin; i < begin + rows; ++i) {
        binder.Int(parent).Int(static_cast<int64_t>(i));
        bind_row(binder, i);
      }
      RETURN_IF_ERROR(insert.Run());
    }
    return Status();
  }

 private:
  std::string erase_sql_;
  std::array<std::string, kMaxRowsPerInsert> insert_sql_;  // [n - 1]: n rows.
};

// Runs `select_sql`, whose first column is a parent id and whose ?1 is a JSON array of the
// ids of `parents`, and calls on_row(parent, reader) with the reader at the second column.
template <typename T, typename OnRow>
Status ForEachChildRow(Connection& db, std::string_view select_sql, std::vector<T>* parents,
                       OnRow&& on_row) {
  if (parents->empty()) return Status();
  std::unordered_map<Id, T*> by_id;
  std::vector<Id> ids;
  for (T& parent : *parents) {
    by_id[parent.id] = &parent;
    ids.push_back(parent.id);
  }
  // One parent (every Get) is looked up by equality: the IN list makes SQLite build a
  // temporary table of the ids first, which cost more than the rows read.
  constexpr std::string_view kInList = " IN (SELECT value FROM json_each(?1))";
  const size_t in_list = select_sql.find(kInList);
  std::optional<Statement> prepared;
  if (ids.size() == 1 && in_list != std::string_view::npos) {
    std::string sql(select_sql.substr(0, in_list));
    sql.append(" = ?1").append(select_sql.substr(in_list + kInList.size()));
    ASSIGN_OR_RETURN(prepared, db.Prepare(sql));
    prepared->BindInt(1, ids.front());
  } else {
    ASSIGN_OR_RETURN(prepared, db.Prepare(select_sql));
    prepared->BindText(1, EncodeIds(ids));
  }
  Statement& select = *prepared;
  while (true) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status();
    FieldReader reader(select);
    const auto parent = by_id.find(reader.Int());
    if (parent == by_id.end()) continue;
    RETURN_IF_ERROR(on_row(*parent->second, reader));
  }
}

// ---------------------------------------------------------------------------------------
// What the generic Create/Get/Update/Delete/List need to know about each entity: its table,
// its scalar columns (in the order Bind writes and Read reads them) and its sort fields.
// Columns id, created_at and updated_at are common to all and handled generically.
// Bind and WriteChildren bind the entity's own text borrowed (the entity outlives the
// statements that write it) and what they compute from it, the JSON lists, copied.

struct SortField {
  std::string_view name;    // As the client writes it (Page::sort).
  std::string_view column;  // The SQL expression.
};

// Defaults for entities without references, child rows or RESTRICT referrers.
struct EntityDefaults {
  static constexpr std::string_view kUniqueScope = "";
  // Whether all of the entity's references are in child rows, which the FOREIGN KEY
  // constraints check as they are written: then CheckReferences runs only when writing
  // them fails, to name the reference at fault, and not a query per reference before
  // every write.
  static constexpr bool kReferencesOnlyInChildren = false;
  template <typename T>
  static Status CheckReferences(Connection& /*db*/, const T& /*value*/) {
    return Status();
  }
  template <typename T>
  static Status WriteChildren(Connection& /*db*/, const T& /*value*/, Id /*id*/, Write /*write*/) {
    return Status();
  }
  template <typename T>
  static Status LoadChildren(Connection& /*db*/, std::vector<T>* /*values*/) {
    return Status();
  }
  static Status CheckUnreferenced(Connection& /*db*/, Id /*id*/) { return Status(); }
};

template <typename T>
struct Entity;

template <>
struct Entity<Organization> : EntityDefaults {
  static constexpr std::string_view kTable = "organizations";
  static constexpr std::string_view kNoun = "organization";
  static constexpr std::array<std::string_view, 9> kColumns{
      "name", "name_en", "short_name",     "kind",          "country",
      "city", "website", "description_vi", "description_en"};
  static constexpr std::array<SortField, 3> kSorts{
      {{"id", "id"}, {"name", "name"}, {"country", "country"}}};

  static void Bind(FieldBinder& b, const Organization& v) {
    b.BorrowedText(v.name)
        .BorrowedText(v.name_en)
        .BorrowedText(v.short_name)
        .BorrowedText(model::ToName(v.kind));
    b.BorrowedText(v.country).BorrowedText(v.city).BorrowedText(v.website);
    b.BorrowedText(v.description.vi).BorrowedText(v.description.en);
  }
  static Status Read(FieldReader& r, Organization* v) {
    v->name = r.Text();
    v->name_en = r.Text();
    v->short_name = r.Text();
    ASSIGN_OR_RETURN(v->kind, EnumColumn<model::OrganizationKind>(r.Text(), "kind"));
    v->country = r.Text();
    v->city = r.Text();
    v->website = r.Text();
    v->description.vi = r.Text();
    v->description.en = r.Text();
    return Status();
  }
  static Status CheckUnreferenced(Connection& db, Id id) {
    static constexpr std::array<Referrer, 3> kReferrers{{
        {"SELECT COUNT(*) FROM problems WHERE organization_id = ?1", "problem(s) it commissions"},
        {"SELECT COUNT(DISTINCT expert_id) FROM expert_affiliations WHERE organization_id = ?1",
         "expert(s) affiliated with it"},
        {"SELECT COUNT(*) FROM chapters WHERE host_organization_id = ?1", "chapter(s) it hosts"},
    }};
    return storage::CheckUnreferenced(db, kNoun, id, kReferrers);
  }
};

template <>
struct Entity<TaxonomyVersion> : EntityDefaults {
  static constexpr std::string_view kTable = "taxonomy_versions";
  static constexpr std::string_view kNoun = "taxonomy version";
  static constexpr std::array<std::string_view, 8> kColumns{
      "code", "name_vi", "name_en", "issued_on", "effective_from", "status", "note_vi", "note_en"};
  static constexpr std::array<SortField, 3> kSorts{
      {{"id", "id"}, {"code", "code"}, {"issued_on", "issued_on"}}};

  static void Bind(FieldBinder& b, const TaxonomyVersion& v) {
    b.BorrowedText(v.code)
        .BorrowedText(v.name.vi)
        .BorrowedText(v.name.en)
        .BorrowedText(v.issued_on)
        .BorrowedText(v.effective_from);
    b.BorrowedText(model::ToName(v.status)).BorrowedText(v.note.vi).BorrowedText(v.note.en);
  }
  static Status Read(FieldReader& r, TaxonomyVersion* v) {
    v->code = r.Text();
    v->name.vi = r.Text();
    v->name.en = r.Text();
    v->issued_on = r.Text();
    v->effective_from = r.Text();
    ASSIGN_OR_RETURN(v->status, EnumColumn<model::TaxonomyStatus>(r.Text(), "status"));
    v->note.vi = r.Text();
    v->note.en = r.Text();
    return Status();
  }
  static Status CheckUnreferenced(Connection& db, Id id) {
    static constexpr std::array<Referrer, 1> kReferrers{{
        {"SELECT COUNT(*) FROM taxonomy_groups WHERE version_id = ?1", "group(s) of it"},
    }};
    return storage::CheckUnreferenced(db, kNoun, id, kReferrers);
  }
};

template <>
struct Entity<TaxonomyGroup> : EntityDefaults {
  static constexpr std::string_view kTable = "taxonomy_groups";
  static constexpr std::string_view kNoun = "taxonomy group";
  static constexpr std::string_view kUniqueScope = " of this version";
  static constexpr std::array<std::string_view, 8> kColumns{
      "version_id",     "number",         "name_vi",     "name_en",
      "description_vi", "description_en", "provisional", "products"};
  static constexpr std::array<SortField, 2> kSorts{{{"id", "id"}, {"number", "number"}}};

  static void Bind(FieldBinder& b, const TaxonomyGroup& v) {
    b.Int(v.version_id).Int(v.number).BorrowedText(v.name.vi).BorrowedText(v.name.en);
    b.BorrowedText(v.description.vi).BorrowedText(v.description.en).Bool(v.provisional);
    b.Text(EncodeLocalizedList(v.products));
  }
  static Status Read(FieldReader& r, TaxonomyGroup* v) {
    v->version_id = r.Int();
    v->number = static_cast<int>(r.Int());
    v->name.vi = r.Text();
    v->name.en = r.Text();
    v->description.vi = r.Text();
    v->description.en = r.Text();
    v->provisional = r.Bool();
    ASSIGN_OR_RETURN(v->products, DecodeLocalizedList(r.Text(), "products"));
    return Status();
  }
  static Status CheckReferences(Connection& db, const TaxonomyGroup& v) {
    return CheckReference(db, "taxonomy_versions", v.version_id, "taxonomy version", "version_id");
  }
  static Status CheckUnreferenced(Connection& db, Id id) {
    static constexpr std::array<Referrer, 2> kReferrers{{
        {"SELECT COUNT(*) FROM expert_groups WHERE group_id = ?1", "expert(s) tagged with it"},
        {"SELECT COUNT(*) FROM problem_groups WHERE group_id = ?1", "problem(s) tagged with it"},
    }};
    return storage::CheckUnreferenced(db, kNoun, id, kReferrers);
  }
};

template <>
struct Entity<Chapter> : EntityDefaults {
  static constexpr std::string_view kTable = "chapters";
  static constexpr std::string_view kNoun = "chapter";
  static constexpr std::array<std::string_view, 8> kColumns{
      "code",           "name_vi",       "name_en", "status", "founded_on", "host_organization_id",
      "description_vi", "description_en"};
  static constexpr std::array<SortField, 2> kSorts{{{"id", "id"}, {"code", "code"}}};

  static void Bind(FieldBinder& b, const Chapter& v) {
    b.BorrowedText(v.code).BorrowedText(v.name.vi).BorrowedText(v.name.en).BorrowedText(
        model::ToName(v.status));
    b.BorrowedText(v.founded_on).IdOrNull(v.host_organization_id);
    b.BorrowedText(v.description.vi).BorrowedText(v.description.en);
  }
  static Status Read(FieldReader& r, Chapter* v) {
    v->code = r.Text();
    v->name.vi = r.Text();
    v->name.en = r.Text();
    ASSIGN_OR_RETURN(v->status, EnumColumn<model::ChapterStatus>(r.Text(), "status"));
    v->founded_on = r.Text();
    v->host_organization_id = r.IdOrZero();
    v->description.vi = r.Text();
    v->description.en = r.Text();
    return Status();
  }
  static Status CheckReferences(Connection& db, const Chapter& v) {
    if (v.host_organization_id == 0) return Status();
    return CheckReference(db, "organizations", v.host_organization_id, "organization",
                          "host_organization_id");
  }
  static Status WriteChildren(Connection& db, const Chapter& v, Id id, Write write) {
    static constexpr std::array<std::string_view, 1> kCountryColumns{"country"};
    static const ChildRows kCountries("chapter_countries", "chapter_id", kCountryColumns);
    return kCountries.Replace(db, write, id, v.countries.size(),
                              [&](FieldBinder& b, size_t i) { b.BorrowedText(v.countries[i]); });
  }
  static Status LoadChildren(Connection& db, std::vector<Chapter>* chapters) {
    return ForEachChildRow(
        db,
        "SELECT chapter_id, country FROM chapter_countries "
        "WHERE chapter_id IN (SELECT value FROM json_each(?1)) ORDER BY chapter_id, position",
        chapters, [](Chapter& chapter, FieldReader& r) {
          chapter.countries.push_back(r.Text());
          return Status();
        });
  }
};

// Rewrites the words of the expert's names in expert_name_words (schema 3), split as the
// migration that created the table splits them. Called after every write of their names.
//
// A new expert's only name is their ASCII name (their other names are added later, and a
// deleted expert's went with them); when it is ASCII, which SQLite's lower() lower-cases
// the same way however SQLite was built (with ICU or not), its words are split here and
// written with one statement, which costs a fraction of the recursive query.
Status IndexNameWords(Connection& db, Id expert_id, Write write = Write::kUpdate,
                      std::string_view name_ascii = {}) {
  const bool ascii = std::all_of(name_ascii.begin(), name_ascii.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (write == Write::kCreate && ascii) {
    std::vector<std::string> words;
    for (size_t i = 0; i < name_ascii.size();) {
      const size_t end = std::min(name_ascii.find(' ', i), name_ascii.size());
      if (end > i) {
        std::string word(name_ascii.substr(i, end - i));
        for (char& c : word) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        if (std::find(words.begin(), words.end(), word) == words.end()) {
          words.push_back(std::move(word));
        }
      }
      i = end + 1;
    }
    // [n - 1]: the statement inserting n words.
    static const std::array<std::string, kMaxRowsPerInsert> kInsertSql = [] {
      std::array<std::string, kMaxRowsPerInsert> texts;
      std::string sql = "INSERT OR IGNORE INTO expert_name_words (word, expert_id) VALUES (?, ?)";
      for (std::string& text : texts) {
        text = sql;
        sql += ", (?, ?)";
      }
      return texts;
    }();
    for (size_t begin = 0; begin < words.size(); begin += kMaxRowsPerInsert) {
      const size_t rows = std::min(kMaxRowsPerInsert, words.size() - begin);
      ASSIGN_OR_RETURN(Statement insert, db.Prepare(kInsertSql[rows - 1]));
      FieldBinder binder(&insert);
      for (size_t i = begin; i < begin + rows; ++i) binder.BorrowedText(words[i]).Int(expert_id);
      RETURN_IF_ERROR(insert.Run());
    }
    return Status();
  }
  if (write == Write::kUpdate) {
    ASSIGN_OR_RETURN(Statement erase,
                     db.Prepare("DELETE FROM expert_name_words WHERE expert_id = ?1"));
    erase.BindInt(1, expert_id);
    RETURN_IF_ERROR(erase.Run());
  }
  ASSIGN_OR_RETURN(Statement insert,
                   db.Prepare("WITH RECURSIVE "
                              "names (rest) AS ("
                              "SELECT lower(name_ascii) || ' ' FROM experts WHERE id = ?1 "
                              "UNION ALL SELECT lower(name_ascii) || ' ' FROM expert_names "
                              "WHERE expert_id = ?1), "
                              "split (word, rest) AS ("
                              "SELECT '', rest FROM names "
                              "UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), "
                              "substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> '') "
                              "INSERT OR IGNORE INTO expert_name_words (word, expert_id) "
                              "SELECT word, ?1 FROM split WHERE word <> ''"));
  insert.BindInt(1, expert_id);
  return insert.Run();
}

template <>
struct Entity<Expert> : EntityDefaults {
  static constexpr std::string_view kTable = "experts";
  static constexpr std::string_view kNoun = "expert";
  static constexpr std::array<std::string_view, 16> kColumns{"full_name",
                                                             "name_ascii",
                                                             "orcid",
                                                             "email",
                                                             "country",
                                                             "city",
                                                             "background",
                                                             "career_stage",
                                                             "languages",
                                                             "engagement_modes",
                                                             "availability",
                                                             "consent_contact",
                                                             "consent_public_profile",
                                                             "bio_vi",
                                                             "bio_en",
                                                             "skills"};
  static constexpr std::array<SortField, 5> kSorts{{{"id", "id"},
                                                    {"full_name", "full_name"},
                                                    {"name_ascii", "name_ascii"},
                                                    {"country", "country"},
                                                    {"updated_at", "updated_at"}}};

  static void Bind(FieldBinder& b, const Expert& v) {
    b.BorrowedText(v.full_name)
        .BorrowedText(v.name_ascii)
        .BorrowedTextOrNull(v.orcid)
        .BorrowedText(v.email);
    b.BorrowedText(v.country).BorrowedText(v.city).BorrowedText(model::ToName(v.background));
    b.BorrowedText(model::ToName(v.career_stage)).Text(EncodeStrings(v.languages));
    b.Text(EncodeEnums(v.engagement_modes)).Text(EncodeAvailability(v.availability));
    b.Bool(v.consent.contact).Bool(v.consent.public_profile);
    b.BorrowedText(v.bio.vi).BorrowedText(v.bio.en).Text(EncodeStrings(v.skills));
  }
  static Status Read(FieldReader& r, Expert* v) {
    v->full_name = r.Text();
    v->name_ascii = r.Text();
    v->orcid = r.Text();
    v->email = r.Text();
    v->country = r.Text();
    v->city = r.Text();
    ASSIGN_OR_RETURN(v->background, EnumColumn<model::Background>(r.Text(), "background"));
    ASSIGN_OR_RETURN(v->career_stage, EnumColumn<model::CareerStage>(r.Text(), "career_stage"));
    ASSIGN_OR_RETURN(v->languages, DecodeStrings(r.Text(), "languages"));
    ASSIGN_OR_RETURN(v->engagement_modes,
                     DecodeEnums<model::EngagementMode>(r.Text(), "engagement_modes"));
    ASSIGN_OR_RETURN(v->availability, DecodeAvailability(r.Text(), "availability"));
    v->consent.contact = r.Bool();
    v->consent.public_profile = r.Bool();
    v->bio.vi = r.Text();
    v->bio.en = r.Text();
    ASSIGN_OR_RETURN(v->skills, DecodeStrings(r.Text(), "skills"));
    return Status();
  }
  static Status CheckReferences(Connection& db, const Expert& v) {
    for (size_t i = 0; i < v.affiliations.size(); ++i) {
      RETURN_IF_ERROR(CheckReference(db, "organizations", v.affiliations[i].organization_id,
                                     "organization",
                                     "affiliations[" + std::to_string(i) + "].organization_id"));
    }
    return CheckGroupIds(db, v.group_ids);
  }
  static Status WriteChildren(Connection& db, const Expert& v, Id id, Write write) {
    static constexpr std::array<std::string_view, 3> kAffiliationColumns{"organization_id", "title",
                                                                         "current"};
    static const ChildRows kAffiliations("expert_affiliations", "expert_id", kAffiliationColumns);
    RETURN_IF_ERROR(
        kAffiliations.Replace(db, write, id, v.affiliations.size(), [&](FieldBinder& b, size_t i) {
          const model::Affiliation& a = v.affiliations[i];
          b.Int(a.organization_id).BorrowedText(a.title);
          b.Bool(a.current);
        }));
    static constexpr std::array<std::string_view, 1> kGroupColumns{"group_id"};
    static const ChildRows kGroups("expert_groups", "expert_id", kGroupColumns);
    RETURN_IF_ERROR(kGroups.Replace(db, write, id, v.group_ids.size(),
                                    [&](FieldBinder& b, size_t i) { b.Int(v.group_ids[i]); }));
    return IndexNameWords(db, id, write, v.name_ascii);
  }
  static Status LoadChildren(Connection& db, std::vector<Expert>* experts) {
    RETURN_IF_ERROR(ForEachChildRow(
        db,
        "SELECT expert_id, organization_id, title, current FROM expert_affiliations "
        "WHERE expert_id IN (SELECT value FROM json_each(?1)) ORDER BY expert_id, position",
        experts, [](Expert& expert, FieldReader& r) {
          model::Affiliation& a = expert.affiliations.emplace_back();
          a.organization_id = r.Int();
          a.title = r.Text();
          a.current = r.Bool();
          return Status();
        }));
    return ForEachChildRow(
        db,
        "SELECT expert_id, group_id FROM expert_groups "
        "WHERE expert_id IN (SELECT value FROM json_each(?1)) ORDER BY expert_id, position",
        experts, [](Expert& expert, FieldReader& r) {
          expert.group_ids.push_back(r.Int());
          return Status();
        });
  }
};

template <>
struct Entity<Work> : EntityDefaults {
  static constexpr std::string_view kTable = "works";
  static constexpr std::string_view kNoun = "work";
  static constexpr std::array<std::string_view, 9> kColumns{
      "kind", "title", "abstract", "year", "venue", "language", "doi", "url", "keywords"};
  static constexpr std::array<SortField, 3> kSorts{
      {{"id", "id"}, {"year", "year"}, {"title", "title"}}};
  static constexpr bool kReferencesOnlyInChildren = true;  // The authors' experts.

  static void Bind(FieldBinder& b, const Work& v) {
    b.BorrowedText(model::ToName(v.kind))
        .BorrowedText(v.title)
        .BorrowedText(v.abstract)
        .Int(v.year);
    b.BorrowedText(v.venue)
        .BorrowedText(v.language)
        .BorrowedText(v.doi)
        .BorrowedText(v.url)
        .Text(EncodeStrings(v.keywords));
  }
  static Status Read(FieldReader& r, Work* v) {
    ASSIGN_OR_RETURN(v->kind, EnumColumn<model::WorkKind>(r.Text(), "kind"));
    v->title = r.Text();
    v->abstract = r.Text();
    v->year = static_cast<int>(r.Int());
    v->venue = r.Text();
    v->language = r.Text();
    v->doi = r.Text();
    v->url = r.Text();
    ASSIGN_OR_RETURN(v->keywords, DecodeStrings(r.Text(), "keywords"));
    return Status();
  }
  static Status CheckReferences(Connection& db, const Work& v) {
    for (size_t i = 0; i < v.authors.size(); ++i) {
      if (v.authors[i].expert_id == 0) continue;  // An author outside the registry.
      RETURN_IF_ERROR(CheckReference(db, "experts", v.authors[i].expert_id, "expert",
                                     "authors[" + std::to_string(i) + "].expert_id"));
    }
    return Status();
  }
  static Status WriteChildren(Connection& db, const Work& v, Id id, Write write) {
    static constexpr std::array<std::string_view, 5> kAuthorColumns{
        "name", "expert_id", "corresponding", "hidden", "key_work"};
    static const ChildRows kAuthors("work_authors", "work_id", kAuthorColumns);
    return kAuthors.Replace(db, write, id, v.authors.size(), [&](FieldBinder& b, size_t i) {
      const model::WorkAuthor& a = v.authors[i];
      b.BorrowedText(a.name).IdOrNull(a.expert_id).Bool(a.corresponding).Bool(a.hidden);
      b.Bool(a.key);
    });
  }
  static Status LoadChildren(Connection& db, std::vector<Work>* works) {
    return ForEachChildRow(
        db,
        "SELECT work_id, name, expert_id, corresponding, hidden, key_work FROM work_authors "
        "WHERE work_id IN (SELECT value FROM json_each(?1)) ORDER BY work_id, position",
        works, [](Work& work, FieldReader& r) {
          model::WorkAuthor& a = work.authors.emplace_back();
          a.name = r.Text();
          a.expert_id = r.IdOrZero();
          a.corresponding = r.Bool();
          a.hidden = r.Bool();
          a.key = r.Bool();
          return Status();
        });
  }
};

template <>
struct Entity<Problem> : EntityDefaults {
  static constexpr std::string_view kTable = "problems";
  static constexpr std::string_view kNoun = "problem";
  static constexpr std::array<std::string_view, 18> kColumns{
      "title_vi",        "title_en",        "summary_vi",      "summary_en",      "description_vi",
      "description_en",  "organization_id", "skills",          "deliverables",    "budget_amount",
      "budget_currency", "deadline",        "engagement_mode", "confidentiality", "ip_terms",
      "trl_current",     "trl_target",      "status"};
  static constexpr std::array<SortField, 3> kSorts{
      {{"id", "id"}, {"deadline", "deadline"}, {"updated_at", "updated_at"}}};

  static void Bind(FieldBinder& b, const Problem& v) {
    b.BorrowedText(v.title.vi)
        .BorrowedText(v.title.en)
        .BorrowedText(v.summary.vi)
        .BorrowedText(v.summary.en);
    b.BorrowedText(v.description.vi).BorrowedText(v.description.en).Int(v.organization_id);
    b.Text(EncodeRequiredSkills(v.skills)).Text(EncodeStrings(v.deliverables));
    b.Int(v.budget.amount).BorrowedText(v.budget.currency).BorrowedText(v.deadline);
    b.BorrowedText(model::ToName(v.engagement_mode)).BorrowedText(model::ToName(v.confidentiality));
    b.BorrowedText(model::ToName(v.ip_terms));
    if (v.trl.has_value()) {
      b.Int(v.trl->current).Int(v.trl->target);
    } else {
      b.OptionalInt(std::nullopt).OptionalInt(std::nullopt);
    }
    b.BorrowedText(model::ToName(v.status));
  }
  static Status Read(FieldReader& r, Problem* v) {
    v->title.vi = r.Text();
    v->title.en = r.Text();
    v->summary.vi = r.Text();
    v->summary.en = r.Text();
    v->description.vi = r.Text();
    v->description.en = r.Text();
    v->organization_id = r.Int();
    ASSIGN_OR_RETURN(v->skills, DecodeRequiredSkills(r.Text(), "skills"));
    ASSIGN_OR_RETURN(v->deliverables, DecodeStrings(r.Text(), "deliverables"));
    v->budget.amount = r.Int();
    v->budget.currency = r.Text();
    v->deadline = r.Text();
    ASSIGN_OR_RETURN(v->engagement_mode,
                     EnumColumn<model::EngagementMode>(r.Text(), "engagement_mode"));
    ASSIGN_OR_RETURN(v->confidentiality,
                     EnumColumn<model::Confidentiality>(r.Text(), "confidentiality"));
    ASSIGN_OR_RETURN(v->ip_terms, EnumColumn<model::IpTerms>(r.Text(), "ip_terms"));
    const std::optional<int64_t> trl_current = r.OptionalInt();
    const std::optional<int64_t> trl_target = r.OptionalInt();
    v->trl.reset();
    if (trl_current.has_value() && trl_target.has_value()) {
      v->trl = model::Trl{.current = static_cast<int>(*trl_current),
                          .target = static_cast<int>(*trl_target)};
    }
    ASSIGN_OR_RETURN(v->status, EnumColumn<model::ProblemStatus>(r.Text(), "status"));
    return Status();
  }
  static Status CheckReferences(Connection& db, const Problem& v) {
    RETURN_IF_ERROR(
        CheckReference(db, "organizations", v.organization_id, "organization", "organization_id"));
    return CheckGroupIds(db, v.group_ids);
  }
  static Status WriteChildren(Connection& db, const Problem& v, Id id, Write write) {
    static constexpr std::array<std::string_view, 1> kGroupColumns{"group_id"};
    static const ChildRows kGroups("problem_groups", "problem_id", kGroupColumns);
    return kGroups.Replace(db, write, id, v.group_ids.size(),
                           [&](FieldBinder& b, size_t i) { b.Int(v.group_ids[i]); });
  }
  static Status LoadChildren(Connection& db, std::vector<Problem>* problems) {
    return ForEachChildRow(
        db,
        "SELECT problem_id, group_id FROM problem_groups "
        "WHERE problem_id IN (SELECT value FROM json_each(?1)) ORDER BY problem_id, position",
        problems, [](Problem& problem, FieldReader& r) {
          problem.group_ids.push_back(r.Int());
          return Status();
        });
  }
};

// The SQL below depends on the entity type only, so each text is built once (a constant;
// the connection's statement cache looks statements up by it).

// "SELECT id, name, ..., created_at, updated_at FROM table": the order Select reads.
template <typename T>
const std::string& SelectSql() {
  static const std::string sql = [] {
    std::string text = "SELECT id";
    for (std::string_view column : Entity<T>::kColumns) text += ", " + std::string(column);
    return text + ", created_at, updated_at FROM " + std::string(Entity<T>::kTable);
  }();
  return sql;
}

// The entity's columns bound as ?1..?n and the current time as ?n+1, for both timestamps.
template <typename T>
const std::string& InsertSql() {
  static const std::string sql = [] {
    const auto& columns = Entity<T>::kColumns;
    std::string names;
    std::string values;
    for (size_t i = 0; i < columns.size(); ++i) {
      names += std::string(columns[i]) + ", ";
      values += "?" + std::to_string(i + 1) + ", ";
    }
    const std::string now = "?" + std::to_string(columns.size() + 1);
    return "INSERT INTO " + std::string(Entity<T>::kTable) + " (" + names +
           "created_at, updated_at) VALUES (" + values + now + ", " + now + ")";
  }();
  return sql;
}

// The entity's columns as ?1..?n, updated_at as ?n+1 and the id as ?n+2; created_at stays.
template <typename T>
const std::string& UpdateSql() {
  static const std::string sql = [] {
    const auto& columns = Entity<T>::kColumns;
    std::string text = "UPDATE " + std::string(Entity<T>::kTable) + " SET ";
    for (size_t i = 0; i < columns.size(); ++i) {
      text += std::string(columns[i]) + " = ?" + std::to_string(i + 1) + ", ";
    }
    return text + "updated_at = ?" + std::to_string(columns.size() + 1) + " WHERE id = ?" +
           std::to_string(columns.size() + 2);
  }();
  return sql;
}

template <typename T>
const std::string& CreatedAtSql() {
  static const std::string sql =
      "SELECT created_at FROM " + std::string(Entity<T>::kTable) + " WHERE id = ?1";
  return sql;
}

// The connection reports a UNIQUE violation by column; say which entity it is about.
template <typename T>
Status DescribeDuplicate(Status status) {
  if (status.code() != base::StatusCode::kAlreadyExists) return status;
  return base::AlreadyExists("another " + std::string(Entity<T>::kNoun) +
                                 std::string(Entity<T>::kUniqueScope) + " already has this " +
                                 status.field(),
                             status.field());
}

// ---------------------------------------------------------------------------------------
// List queries.

using Value = std::variant<int64_t, std::string>;

// A WHERE clause built from a filter, with its parameters in order of their `?`.
struct Where {
  std::string sql;  // "" or " WHERE ... AND ...".
  std::vector<Value> params;

  void Add(std::string_view condition, Value param) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += condition;
    params.push_back(std::move(param));
  }
};

void BindValues(Statement& statement, const std::vector<Value>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* number = std::get_if<int64_t>(&values[i])) {
      statement.BindInt(index, *number);
    } else {
      statement.BindText(index, std::get<std::string>(values[i]));
    }
  }
}

// Escapes LIKE's wildcards so a name prefix matches literally.
std::string EscapeLike(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

Where ToWhere(const OrganizationFilter& filter) {
  Where where;
  if (!filter.country.empty()) where.Add("country = ?", filter.country);
  if (filter.kind.has_value()) where.Add("kind = ?", std::string(model::ToName(*filter.kind)));
  return where;
}

Where ToWhere(const TaxonomyGroupFilter& filter) {
  Where where;
  if (filter.version_id.has_value()) where.Add("version_id = ?", *filter.version_id);
  return where;
}

Where ToWhere(const ChapterFilter& filter) {
  Where where;
  if (!filter.country.empty()) {
    where.Add("id IN (SELECT chapter_id FROM chapter_countries WHERE country = ?)", filter.country);
  }
  return where;
}

Where ToWhere(const ExpertFilter& filter) {
  Where where;
  if (!filter.country.empty()) where.Add("country = ?", filter.country);
  if (filter.chapter_id.has_value()) {
    where.Add("id IN (SELECT expert_id FROM memberships WHERE chapter_id = ?)", *filter.chapter_id);
  }
  if (filter.group_id.has_value()) {
    where.Add("id IN (SELECT expert_id FROM expert_groups WHERE group_id = ?)", *filter.group_id);
  }
  if (filter.organization_id.has_value()) {
    where.Add("id IN (SELECT expert_id FROM expert_affiliations WHERE organization_id = ?)",
              *filter.organization_id);
  }
  if (!filter.name_prefix.empty()) {
    // LIKE ignores ASCII case, and name_ascii has no diacritics, so this is the
    // case-insensitive match the filter promises: the prefix may start at any word, since
    // people search a Vietnamese name by its given name as often as by its family name.
    where.Add("(' ' || name_ascii) LIKE ? ESCAPE '\\'",
              "% " + EscapeLike(filter.name_prefix) + "%");
  }
  return where;
}

Where ToWhere(const WorkFilter& filter) {
  Where where;
  if (filter.expert_id.has_value()) {
    where.Add("id IN (SELECT work_id FROM work_authors WHERE expert_id = ?)", *filter.expert_id);
  }
  if (filter.kind.has_value()) where.Add("kind = ?", std::string(model::ToName(*filter.kind)));
  if (!filter.language.empty()) where.Add("language = ?", filter.language);
  return where;
}

Where ToWhere(const ProblemFilter& filter) {
  Where where;
  if (!filter.country.empty()) {
    where.Add("organization_id IN (SELECT id FROM organizations WHERE country = ?)",
              filter.country);
  }
  if (filter.organization_id.has_value()) {
    where.Add("organization_id = ?", *filter.organization_id);
  }
  if (filter.group_id.has_value()) {
    where.Add("id IN (SELECT problem_id FROM problem_groups WHERE group_id = ?)", *filter.group_id);
  }
  if (filter.status.has_value()) {
    where.Add("status = ?", std::string(model::ToName(*filter.status)));
  }
  return where;
}

Status CheckPage(const Page& page) {
  if (page.limit < 1 || page.limit > kMaxPageLimit) {
    return base::InvalidArgument("limit must be between 1 and " + std::to_string(kMaxPageLimit),
                                 "limit");
  }
  if (page.offset < 0) return base::InvalidArgument("offset must not be negative", "offset");
  if (page.after_id < 0) return base::InvalidArgument("after_id must not be negative", "after_id");
  if (page.after_id > 0 &&
      (page.offset != 0 || page.descending || !(page.sort.empty() || page.sort == "id"))) {
    return base::InvalidArgument("after_id needs the order by id, ascending, and no offset",
                                 "after_id");
  }
  return Status();
}

// The ORDER BY expression for `page`: the whitelisted sort column, then id so that pages do
// not overlap or skip rows when sort values tie.
Result<std::string> OrderBy(std::span<const SortField> sorts, const Page& page) {
  const std::string_view name = page.sort.empty() ? std::string_view("id") : page.sort;
  const std::string direction = page.descending ? " DESC" : " ASC";
  std::string accepted;
  for (const SortField& sort : sorts) {
    if (sort.name == name) {
      if (sort.column == "id") return "id" + direction;
      std::string order(sort.column);
      order += direction;
      order += ", id";
      order += direction;
      return order;
    }
    if (!accepted.empty()) accepted += ", ";
    accepted += sort.name;
  }
  return base::InvalidArgument("cannot sort by '" + page.sort + "'; accepted fields: " + accepted,
                               "sort");
}

}  // namespace

// ---------------------------------------------------------------------------------------

class SqliteStore final : public Store {
 public:
  SqliteStore(Connection db, const base::Clock* clock) : db_(std::move(db)), clock_(clock) {}

  Result<int> SchemaVersion() override {
    std::lock_guard lock(mutex_);
    return sqlite::AppliedSchemaVersion(db_);
  }

  Status InTransaction(const std::function<Status()>& body) override {
    std::lock_guard lock(mutex_);
    return RunInTransaction(Access::kWrite, body);
  }

  Status InBulkTransaction(const std::function<Status()>& body) override {
    std::lock_guard lock(mutex_);
    if (depth_ > 0) return RunInTransaction(Access::kWrite, body);
    // Committed with synchronous=NORMAL: in WAL mode the commit is atomic but left in the
    // operating system's hands until Sync (or a later FULL commit, or a checkpoint).
    RETURN_IF_ERROR(db_.Run("PRAGMA synchronous = NORMAL"));
    savepoints_ = false;
    Status status = RunInTransaction(Access::kWrite, body);
    savepoints_ = true;
    RETURN_IF_ERROR(db_.Run("PRAGMA synchronous = FULL"));
    if (status.ok()) unsynced_ = true;
    return status;
  }

  Status Sync() override {
    std::lock_guard lock(mutex_);
    if (!unsynced_) return Status();
    RETURN_IF_ERROR(db_.SyncFiles());
    unsynced_ = false;
    return Status();
  }

  Result<Organization> CreateOrganization(Organization org) override {
    return Create(std::move(org));
  }
  Result<Organization> GetOrganization(Id id) override { return Get<Organization>(id); }
  Result<Organization> UpdateOrganization(Organization org) override {
    return Update(std::move(org));
  }
  Status DeleteOrganization(Id id) override { return Delete<Organization>(id); }
  Result<ListResult<Organization>> ListOrganizations(const OrganizationFilter& filter,
                                                     const Page& page) override {
    return List<Organization>(ToWhere(filter), page);
  }

  Result<TaxonomyVersion> CreateTaxonomyVersion(TaxonomyVersion v) override {
    return Create(std::move(v));
  }
  Result<TaxonomyVersion> GetTaxonomyVersion(Id id) override { return Get<TaxonomyVersion>(id); }
  Result<TaxonomyVersion> UpdateTaxonomyVersion(TaxonomyVersion v) override {
    return Update(std::move(v));
  }
  Status DeleteTaxonomyVersion(Id id) override { return Delete<TaxonomyVersion>(id); }
  Result<ListResult<TaxonomyVersion>> ListTaxonomyVersions(const Page& page) override {
    return List<TaxonomyVersion>(Where{}, page);
  }

  Result<TaxonomyGroup> CreateTaxonomyGroup(TaxonomyGroup g) override {
    return Create(std::move(g));
  }
  Result<TaxonomyGroup> GetTaxonomyGroup(Id id) override { return Get<TaxonomyGroup>(id); }
  Result<TaxonomyGroup> UpdateTaxonomyGroup(TaxonomyGroup g) override {
    return Update(std::move(g));
  }
  Status DeleteTaxonomyGroup(Id id) override { return Delete<TaxonomyGroup>(id); }
  Result<ListResult<TaxonomyGroup>> ListTaxonomyGroups(const TaxonomyGroupFilter& filter,
                                                       const Page& page) override {
    return List<TaxonomyGroup>(ToWhere(filter), page);
  }

  Result<Chapter> CreateChapter(Chapter chapter) override { return Create(std::move(chapter)); }
  Result<Chapter> GetChapter(Id id) override { return Get<Chapter>(id); }
  Result<Chapter> UpdateChapter(Chapter chapter) override { return Update(std::move(chapter)); }
  Status DeleteChapter(Id id) override { return Delete<Chapter>(id); }
  Result<ListResult<Chapter>> ListChapters(const ChapterFilter& filter, const Page& page) override {
    return List<Chapter>(ToWhere(filter), page);
  }

  Result<Membership> PutMembership(const Membership& membership) override;
  Status DeleteMembership(Id chapter_id, Id expert_id) override;
  Result<std::vector<Membership>> ListMembershipsOfChapter(Id chapter_id) override {
    return ListMemberships<Chapter>("chapter_id", chapter_id);
  }
  Result<std::vector<Membership>> ListMembershipsOfExpert(Id expert_id) override {
    return ListMemberships<Expert>("expert_id", expert_id);
  }

  Result<Expert> CreateExpert(Expert expert) override { return Create(std::move(expert)); }
  Result<Expert> GetExpert(Id id) override { return Get<Expert>(id); }
  Result<Expert> UpdateExpert(Expert expert) override { return Update(std::move(expert)); }
  Status DeleteExpert(Id id) override { return Delete<Expert>(id); }
  Result<ListResult<Expert>> ListExperts(const ExpertFilter& filter, const Page& page) override {
    return List<Expert>(ToWhere(filter), page);
  }

  Result<Work> CreateWork(Work work) override { return Create(std::move(work)); }
  Result<Work> GetWork(Id id) override { return Get<Work>(id); }
  Result<Work> UpdateWork(Work work) override { return Update(std::move(work)); }
  Status DeleteWork(Id id) override { return Delete<Work>(id); }
  Result<ListResult<Work>> ListWorks(const WorkFilter& filter, const Page& page) override {
    return List<Work>(ToWhere(filter), page);
  }

  Result<std::optional<Id>> FindExpertBySource(const std::string& source,
                                               const std::string& source_id) override;
  Status PutExpertSource(const std::string& source, const std::string& source_id,
                         Id expert_id) override;
  Status AddExpertNames(Id expert_id, const std::vector<OtherName>& names) override;
  Result<std::vector<std::string>> ListExpertNames(Id expert_id) override;
  Result<std::vector<WorkEvidence>> ListWorkEvidence(Id expert_id) override;
  Result<std::vector<NamedExpert>> FindExpertsByNameWords(const std::vector<std::string>& words,
                                                          int64_t limit) override;
  Result<std::optional<Id>> FindExpertByOrcid(const std::string& orcid) override;
  Result<std::optional<Id>> FindWorkByKey(const std::string& key) override;
  Status PutWorkKeys(Id work_id, const std::vector<std::string>& keys) override;
  Result<model::IdentityReview> CreateIdentityReview(const model::IdentityReview& review) override;
  Result<model::IdentityReview> GetIdentityReview(Id id) override;
  Result<ListResult<model::IdentityReview>> ListIdentityReviews(
      std::optional<model::ReviewStatus> status, const Page& page) override;
  Result<model::IdentityReview> DecideIdentityReview(Id id, model::ReviewStatus status) override;
  Status MergeExperts(Id into, Id from) override;

  Result<Problem> CreateProblem(Problem problem) override { return Create(std::move(problem)); }
  Result<Problem> GetProblem(Id id) override { return Get<Problem>(id); }
  Result<Problem> UpdateProblem(Problem problem) override { return Update(std::move(problem)); }
  Status DeleteProblem(Id id) override { return Delete<Problem>(id); }
  Result<ListResult<Problem>> ListProblems(const ProblemFilter& filter, const Page& page) override {
    return List<Problem>(ToWhere(filter), page);
  }

 private:
  enum class Access { kRead, kWrite };

  // The methods below require mutex_ to be held by the calling thread.

  Status RunInTransaction(Access access, const std::function<Status()>& body);
  // Runs `body` one transaction level deeper, turning an exception into an error.
  Status RunBody(const std::function<Status()>& body);

  // RunInTransaction for a body that returns Result<T>.
  template <typename T, typename Body>
  Result<T> ComputeInTransaction(Access access, Body&& body) {
    std::optional<T> out;
    RETURN_IF_ERROR(RunInTransaction(access, [&]() -> Status {
      Result<T> result = body();
      if (!result.ok()) return std::move(result).status();
      out = std::move(result).value();
      return Status();
    }));
    return std::move(*out);
  }

  std::string Now() const { return base::FormatTimestamp(clock_->NowSeconds()); }

  // Rows of T's table matching `suffix` (WHERE / ORDER BY / LIMIT), with their child rows.
  template <typename T>
  Result<std::vector<T>> Select(const std::string& suffix, const std::vector<Value>& params);

  template <typename T>
  Result<T> GetLocked(Id id) {
    ASSIGN_OR_RETURN(std::vector<T> rows, Select<T>(" WHERE id = ?", {Value(id)}));
    if (rows.empty()) return NotFound<T>(id);
    return std::move(rows.front());
  }

  // `value` as Get would return it once stored with this id and these timestamps. Every
  // field goes to its column (or child rows) and comes back unchanged, which the store
  // tests check for each entity, so Create and Update return this rather than read back
  // what they have just written (as costly as the write itself).
  template <typename T>
  static T Stored(T value, Id id, const std::string& created_at, const std::string& updated_at) {
    T stored = std::move(value);
    stored.id = id;
    stored.timestamps.created_at = created_at;
    stored.timestamps.updated_at = updated_at;
    return stored;
  }

  // Entity<T>::WriteChildren; for entities whose references are all in child rows, with
  // the reference at fault named when a FOREIGN KEY constraint fails.
  template <typename T>
  Status WriteChildren(const T& value, Id id, Write write) {
    using E = Entity<T>;
    Status status = E::WriteChildren(db_, value, id, write);
    if constexpr (E::kReferencesOnlyInChildren) {
      if (!status.ok()) {
        Status reference = E::CheckReferences(db_, value);
        if (!reference.ok()) return reference;
      }
    }
    return status;
  }

  template <typename T>
  static Status NotFound(Id id) {
    return base::NotFound("no " + std::string(Entity<T>::kNoun) + " has id " + std::to_string(id));
  }

  // The generic operations behind the public methods; they take the lock.
  template <typename T>
  Result<T> Create(T value);
  template <typename T>
  Result<T> Get(Id id);
  template <typename T>
  Result<T> Update(T value);
  template <typename T>
  Status Delete(Id id);
  template <typename T>
  Result<ListResult<T>> List(const Where& where, const Page& page);
  template <typename Owner>
  Result<std::vector<Membership>> ListMemberships(std::string_view column, Id id);
  // An optional id from a one-column query with text parameters.
  Result<std::optional<Id>> FindId(std::string_view sql,
                                   std::initializer_list<std::string_view> parameters);
  Result<model::IdentityReview> GetReviewLocked(Id id);
  // FindExpertsByNameWords from memo_, reading what it lacks.
  Result<std::vector<NamedExpert>> FindByNameWordsMemo(const std::vector<std::string>& words,
                                                       int64_t limit);
  // Puts `expert_id`, whose names were just written (a new expert, or names added), in the
  // memo's entries for the words they now have, and forgets their names.
  Status NoteNamesChanged(Id expert_id);
  void ForgetNameWords() {
    memo_.words.clear();
    memo_.names.clear();
  }

  // A recursive mutex because InTransaction holds it while its body calls the other methods
  // on the same thread; other threads wait for the whole transaction.
  std::recursive_mutex mutex_;
  Connection db_;  // GUARDED_BY(mutex_)
  const base::Clock* clock_;
  int depth_ = 0;  // GUARDED_BY(mutex_): open transaction plus savepoints.
  // GUARDED_BY(mutex_): a bulk transaction has committed since the last Sync.
  bool unsynced_ = false;
  // GUARDED_BY(mutex_): false inside InBulkTransaction, whose nested calls need none.
  bool savepoints_ = true;

  // Identity resolution's candidates as read inside the current write transaction, which
  // a bulk import asks for again and again (the same family names, person after person).
  // While the transaction holds the write lock (BEGIN IMMEDIATE) and mutex_, only this
  // store's own calls change names, and each of them keeps the memo exact: creating an
  // expert or adding names inserts the expert into the words they now have
  // (NoteNamesChanged); any other change of names (an expert updated, deleted or merged),
  // any failed write and any rollback forgets the memo, and so does the end of the
  // transaction. GUARDED_BY(mutex_).
  struct NameWordsMemo {
    struct Word {
      std::vector<Id> ids;    // Ascending: the first experts who have the word.
      bool complete = false;  // `ids` holds every expert who has the word.
    };
    bool usable = false;                          // Inside an outermost write transaction.
    std::unordered_map<std::string, Word> words;  // By the word as stored (lower-case).
    std::unordered_map<Id, NamedExpert> names;
  };
  NameWordsMemo memo_;
};

Status SqliteStore::RunInTransaction(Access access, const std::function<Status()>& body) {
  const bool outermost = depth_ == 0;
  // A read inside a transaction sees that transaction's snapshot already and writes
  // nothing a savepoint would have to undo. Inside InBulkTransaction a failed call fails
  // the whole transaction, so what it wrote needs no savepoint of its own to be undone
  // (each savepoint copies every page its writes change, the first time they change it).
  if (!outermost && (access == Access::kRead || !savepoints_)) {
    Status status = RunBody(body);
    // What a failed write did is undone with the transaction; until then, what the memo
    // holds may not match it.
    if (!status.ok() && access == Access::kWrite) ForgetNameWords();
    return status;
  }
  const std::string savepoint = "nested_" + std::to_string(depth_);
  // The outermost write takes the write lock up front (IMMEDIATE): a deferred transaction
  // that reads and then writes fails with SQLITE_BUSY at once, without waiting, if another
  // process wrote in between. Nested calls use a SAVEPOINT, so each write method stays
  // atomic on its own and an enclosing InTransaction can still undo it.
  std::string begin = "SAVEPOINT " + savepoint;
  if (outermost) begin = access == Access::kWrite ? "BEGIN IMMEDIATE" : "BEGIN";
  // Run, not Exec: every store method opens and closes a savepoint, and the statements
  // that do it are worth keeping compiled.
  RETURN_IF_ERROR(db_.Run(begin));
  if (outermost) memo_.usable = access == Access::kWrite;

  Status status = RunBody(body);

  if (outermost || !status.ok()) ForgetNameWords();
  if (outermost) memo_.usable = false;
  if (status.ok()) {
    status = db_.Run(outermost ? std::string("COMMIT") : "RELEASE " + savepoint);
    if (status.ok()) return status;
  }
  ForgetNameWords();
  // After some errors (disk full, I/O) SQLite has already rolled the whole transaction back;
  // then there is nothing left to undo.
  if (db_.InTransaction()) {
    const std::string rollback =
        outermost ? std::string("ROLLBACK") : "ROLLBACK TO " + savepoint + "; RELEASE " + savepoint;
    db_.Exec(rollback).IgnoreError();
  }
  return status;
}

Status SqliteStore::RunBody(const std::function<Status()>& body) {
  ++depth_;
  Status status;
  try {
    status = body();
  } catch (const std::exception& e) {
    // Not expected (library exceptions are caught where they arise), but the transaction
    // must still be closed or every later call on this store would fail.
    status = base::Internal(std::string("exception inside a transaction: ") + e.what());
  }
  --depth_;
  return status;
}

template <typename T>
Result<std::vector<T>> SqliteStore::Select(const std::string& suffix,
                                           const std::vector<Value>& params) {
  using E = Entity<T>;
  ASSIGN_OR_RETURN(Statement select, db_.Prepare(SelectSql<T>() + suffix));
  BindValues(select, params);
  std::vector<T> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool more, select.Step());
    if (!more) break;
    T& value = rows.emplace_back();
    FieldReader reader(select);
    value.id = reader.Int();
    RETURN_IF_ERROR(E::Read(reader, &value)
                        .WithContext(std::string(E::kTable) + " row " + std::to_string(value.id)));
    value.timestamps.created_at = reader.Text();
    value.timestamps.updated_at = reader.Text();
  }
  RETURN_IF_ERROR(E::LoadChildren(db_, &rows));
  return rows;
}

template <typename T>
Result<T> SqliteStore::Create(T value) {
  using E = Entity<T>;
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<T>(Access::kWrite, [&]() -> Result<T> {
    if constexpr (!E::kReferencesOnlyInChildren) RETURN_IF_ERROR(E::CheckReferences(db_, value));
    ASSIGN_OR_RETURN(Statement insert, db_.Prepare(InsertSql<T>()));
    FieldBinder binder(&insert);
    E::Bind(binder, value);
    const std::string now = Now();
    binder.BorrowedText(now);
    RETURN_IF_ERROR(DescribeDuplicate<T>(insert.Run()));
    const Id id = db_.LastInsertRowId();
    RETURN_IF_ERROR(WriteChildren(value, id, Write::kCreate));
    if constexpr (std::is_same_v<T, Expert>) RETURN_IF_ERROR(NoteNamesChanged(id));
    return Stored(std::move(value), id, now, now);
  });
}

template <typename T>
Result<T> SqliteStore::Get(Id id) {
  std::lock_guard lock(mutex_);
  // A read transaction, so the row and its children come from one snapshot.
  return ComputeInTransaction<T>(Access::kRead, [&]() { return GetLocked<T>(id); });
}

template <typename T>
Result<T> SqliteStore::Update(T value) {
  using E = Entity<T>;
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<T>(Access::kWrite, [&]() -> Result<T> {
    // The names may change: which words lose the expert is not worth working out.
    if constexpr (std::is_same_v<T, Expert>) ForgetNameWords();
    ASSIGN_OR_RETURN(Statement created,
                     db_.Prepare(CreatedAtSql<T>()));  // Also tells whether it exists.
    created.BindInt(1, value.id);
    ASSIGN_OR_RETURN(bool exists, created.Step());
    if (!exists) return NotFound<T>(value.id);
    const std::string created_at = created.Text(0);
    if constexpr (!E::kReferencesOnlyInChildren) RETURN_IF_ERROR(E::CheckReferences(db_, value));
    ASSIGN_OR_RETURN(Statement update, db_.Prepare(UpdateSql<T>()));
    FieldBinder binder(&update);
    E::Bind(binder, value);
    const std::string now = Now();
    binder.BorrowedText(now).Int(value.id);
    RETURN_IF_ERROR(DescribeDuplicate<T>(update.Run()));
    RETURN_IF_ERROR(WriteChildren(value, value.id, Write::kUpdate));
    const Id id = value.id;
    return Stored(std::move(value), id, created_at, now);
  });
}

template <typename T>
Status SqliteStore::Delete(Id id) {
  using E = Entity<T>;
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    if constexpr (std::is_same_v<T, Expert>) ForgetNameWords();
    ASSIGN_OR_RETURN(bool exists, RowExists(db_, E::kTable, id));
    if (!exists) return NotFound<T>(id);
    RETURN_IF_ERROR(E::CheckUnreferenced(db_, id));
    ASSIGN_OR_RETURN(Statement erase,
                     db_.Prepare("DELETE FROM " + std::string(E::kTable) + " WHERE id = ?1"));
    erase.BindInt(1, id);
    Status status = erase.Run();
    // CheckUnreferenced should have caught every RESTRICT reference; this is the backstop.
    if (status.code() == base::StatusCode::kInvalidArgument) {
      return base::FailedPrecondition(std::string(E::kNoun) + " " + std::to_string(id) +
                                      " is still referenced by other entities");
    }
    return status;
  });
}

template <typename T>
Result<ListResult<T>> SqliteStore::List(const Where& where, const Page& page) {
  using E = Entity<T>;
  RETURN_IF_ERROR(CheckPage(page));
  ASSIGN_OR_RETURN(std::string order, OrderBy(E::kSorts, page));
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<ListResult<T>>(Access::kRead, [&]() -> Result<ListResult<T>> {
    ListResult<T> result;
    result.total = -1;
    if (page.count_total) {
      ASSIGN_OR_RETURN(Statement count,
                       db_.Prepare("SELECT COUNT(*) FROM " + std::string(E::kTable) + where.sql));
      BindValues(count, where.params);
      ASSIGN_OR_RETURN(bool row, count.Step());
      result.total = row ? count.Int(0) : 0;
    }
    Where bounded = where;
    if (page.after_id > 0) bounded.Add("id > ?", page.after_id);
    std::vector<Value> params = bounded.params;
    params.emplace_back(page.limit);
    params.emplace_back(page.offset);
    ASSIGN_OR_RETURN(result.items,
                     Select<T>(bounded.sql + " ORDER BY " + order + " LIMIT ? OFFSET ?", params));
    return result;
  });
}

Result<Membership> SqliteStore::PutMembership(const Membership& membership) {
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<Membership>(Access::kWrite, [&]() -> Result<Membership> {
    RETURN_IF_ERROR(
        CheckReference(db_, "chapters", membership.chapter_id, "chapter", "chapter_id"));
    RETURN_IF_ERROR(CheckReference(db_, "experts", membership.expert_id, "expert", "expert_id"));
    ASSIGN_OR_RETURN(Statement upsert,
                     db_.Prepare("INSERT INTO memberships (chapter_id, expert_id, role, joined_on) "
                                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (chapter_id, expert_id) "
                                 "DO UPDATE SET role = excluded.role, "
                                 "joined_on = excluded.joined_on"));
    FieldBinder(&upsert)
        .Int(membership.chapter_id)
        .Int(membership.expert_id)
        .Text(model::ToName(membership.role))
        .Text(membership.joined_on);
    RETURN_IF_ERROR(upsert.Run());
    return membership;
  });
}

Status SqliteStore::DeleteMembership(Id chapter_id, Id expert_id) {
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    ASSIGN_OR_RETURN(Statement erase,
                     db_.Prepare("DELETE FROM memberships WHERE chapter_id = ?1 AND "
                                 "expert_id = ?2"));
    FieldBinder(&erase).Int(chapter_id).Int(expert_id);
    RETURN_IF_ERROR(erase.Run());
    if (db_.Changes() == 0) {
      return base::NotFound("expert " + std::to_string(expert_id) + " is not a member of chapter " +
                            std::to_string(chapter_id));
    }
    return Status();
  });
}

template <typename Owner>
Result<std::vector<Membership>> SqliteStore::ListMemberships(std::string_view column, Id id) {
  std::lock_guard lock(mutex_);
  using Memberships = std::vector<Membership>;
  return ComputeInTransaction<Memberships>(Access::kRead, [&]() -> Result<Memberships> {
    // NotFound for an unknown owner, so a client can tell it from "no members yet".
    ASSIGN_OR_RETURN(bool exists, RowExists(db_, Entity<Owner>::kTable, id));
    if (!exists) return NotFound<Owner>(id);
    ASSIGN_OR_RETURN(Statement select,
                     db_.Prepare("SELECT chapter_id, expert_id, role, joined_on FROM memberships "
                                 "WHERE " +
                                 std::string(column) + " = ?1 ORDER BY chapter_id, expert_id"));
    select.BindInt(1, id);
    Memberships memberships;
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return memberships;
      FieldReader r(select);
      Membership& m = memberships.emplace_back();
      m.chapter_id = r.Int();
      m.expert_id = r.Int();
      ASSIGN_OR_RETURN(m.role, EnumColumn<model::MembershipRole>(r.Text(), "memberships.role"));
      m.joined_on = r.Text();
    }
  });
}

// ---------------------------------------------------------------------------------------
// Imports and identity resolution.

Result<std::optional<Id>> SqliteStore::FindId(std::string_view sql,
                                              std::initializer_list<std::string_view> parameters) {
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<std::optional<Id>>(Access::kRead, [&]() -> Result<std::optional<Id>> {
    ASSIGN_OR_RETURN(Statement select, db_.Prepare(sql));
    FieldBinder binder(&select);
    // The caller's text outlives the statement, which goes back to the cache here.
    for (std::string_view parameter : parameters) binder.BorrowedText(parameter);
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return std::optional<Id>();
    return std::optional<Id>(select.Int(0));
  });
}

Result<std::optional<Id>> SqliteStore::FindExpertBySource(const std::string& source,
                                                          const std::string& source_id) {
  return FindId("SELECT expert_id FROM expert_sources WHERE source = ?1 AND source_id = ?2",
                {source, source_id});
}

Status SqliteStore::PutExpertSource(const std::string& source, const std::string& source_id,
                                    Id expert_id) {
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    RETURN_IF_ERROR(CheckReference(db_, "experts", expert_id, "expert", "expert_id"));
    ASSIGN_OR_RETURN(Statement upsert,
                     db_.Prepare("INSERT INTO expert_sources (source, source_id, expert_id) "
                                 "VALUES (?1, ?2, ?3) ON CONFLICT (source, source_id) "
                                 "DO UPDATE SET expert_id = excluded.expert_id"));
    FieldBinder(&upsert).BorrowedText(source).BorrowedText(source_id).Int(expert_id);
    return upsert.Run();
  });
}

Status SqliteStore::AddExpertNames(Id expert_id, const std::vector<OtherName>& names) {
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    RETURN_IF_ERROR(CheckReference(db_, "experts", expert_id, "expert", "expert_id"));
    ASSIGN_OR_RETURN(Statement insert,
                     db_.Prepare("INSERT INTO expert_names (expert_id, name, name_ascii) "
                                 "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"));
    for (const OtherName& name : names) {
      insert.Reset();
      FieldBinder(&insert).Int(expert_id).BorrowedText(name.name).BorrowedText(name.name_ascii);
      RETURN_IF_ERROR(insert.Run());
    }
    RETURN_IF_ERROR(IndexNameWords(db_, expert_id));
    return NoteNamesChanged(expert_id);
  });
}

Result<std::vector<Store::WorkEvidence>> SqliteStore::ListWorkEvidence(Id expert_id) {
  std::lock_guard lock(mutex_);
  using Works = std::vector<WorkEvidence>;
  return ComputeInTransaction<Works>(Access::kRead, [&]() -> Result<Works> {
    ASSIGN_OR_RETURN(
        Statement select,
        db_.Prepare("SELECT w.id, w.doi, w.title, w.year, a.name, a.expert_id "
                    "FROM works AS w JOIN work_authors AS a ON a.work_id = w.id "
                    "WHERE w.id IN (SELECT work_id FROM work_authors WHERE expert_id = ?1) "
                    "ORDER BY w.id, a.position"));
    select.BindInt(1, expert_id);
    Works works;
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return works;
      const Id id = select.Int(0);
      if (works.empty() || works.back().id != id) {
        works.push_back({.id = id,
                         .doi = select.Text(1),
                         .title = select.Text(2),
                         .year = static_cast<int>(select.Int(3)),
                         .authors = {}});
      }
      works.back().authors.push_back(
          {.name = select.Text(4), .expert_id = select.IsNull(5) ? 0 : select.Int(5)});
    }
  });
}

Result<std::vector<std::string>> SqliteStore::ListExpertNames(Id expert_id) {
  std::lock_guard lock(mutex_);
  using Names = std::vector<std::string>;
  return ComputeInTransaction<Names>(Access::kRead, [&]() -> Result<Names> {
    ASSIGN_OR_RETURN(
        Statement select,
        db_.Prepare("SELECT name FROM expert_names WHERE expert_id = ?1 ORDER BY name"));
    select.BindInt(1, expert_id);
    Names names;
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return names;
      names.push_back(select.Text(0));
    }
  });
}

namespace {

// Past this many distinct words, candidates are found with one IN list rather than one
// branch per word (see FindExpertsByNameWords).
constexpr size_t kMaxMergedWords = 16;

// The SQL of FindExpertsByNameWords for `count` words (?1..?count) and the limit
// (?count+1): the first candidates by id, each with their full name and (on rows of
// their own, in no particular order) their other names.
std::string NameWordsSql(size_t count) {
  std::string candidates;
  if (count <= kMaxMergedWords) {
    // Each word's ids come in order from the primary key (word, expert_id), and a UNION
    // with ORDER BY merges them, stopping at the limit: the ids of common words (a family
    // name shared by a tenth of the registry) are not all read and sorted.
    for (size_t i = 1; i <= count; ++i) {
      if (i > 1) candidates += " UNION ";
      candidates +=
          "SELECT expert_id FROM expert_name_words WHERE word = lower(?" + std::to_string(i) + ")";
    }
  } else {
    candidates = "SELECT DISTINCT expert_id FROM expert_name_words WHERE word IN (";
    for (size_t i = 1; i <= count; ++i) {
      candidates += (i > 1 ? ", lower(?" : "lower(?") + std::to_string(i) + ")";
    }
    candidates += ")";
  }
  return "WITH candidates (id) AS (" + candidates + " ORDER BY 1 LIMIT ?" +
         std::to_string(count + 1) +
         ") SELECT c.id, e.full_name, n.name FROM candidates AS c "
         "JOIN experts AS e ON e.id = c.id LEFT JOIN expert_names AS n ON n.expert_id = c.id";
}

}  // namespace

Result<std::vector<Store::NamedExpert>> SqliteStore::FindExpertsByNameWords(
    const std::vector<std::string>& words, int64_t limit) {
  std::vector<std::string> distinct = words;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.empty()) return std::vector<NamedExpert>();
  std::lock_guard lock(mutex_);
  using Experts = std::vector<NamedExpert>;
  // The memo holds words as stored: lower-cased by SQLite's lower(), which changes ASCII
  // letters alone the same way whether SQLite was built with ICU or not.
  const bool ascii = std::all_of(distinct.begin(), distinct.end(), [](const std::string& word) {
    return std::all_of(word.begin(), word.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  });
  if (memo_.usable && ascii && limit > 0) {
    for (std::string& word : distinct) {
      for (char& c : word) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    Result<Experts> found = ComputeInTransaction<Experts>(
        Access::kRead, [&]() { return FindByNameWordsMemo(distinct, limit); });
    if (!found.ok()) ForgetNameWords();  // It may have read part of an entry.
    return found;
  }
  return ComputeInTransaction<Experts>(Access::kRead, [&]() -> Result<Experts> {
    // expert_name_words holds each expert's words lower-cased as SQLite's lower() does
    // (ASCII only), so the words asked for are lower-cased the same way. The candidates'
    // names come in the same query; they are put in order here, which costs less than
    // SQLite's sorter.
    ASSIGN_OR_RETURN(Statement select, db_.Prepare(NameWordsSql(distinct.size())));
    FieldBinder binder(&select);
    for (const std::string& word : distinct) binder.Text(word);
    binder.Int(limit);
    Experts experts;
    std::unordered_map<Id, size_t> index;
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      const Id id = select.Int(0);
      auto [found, added] = index.emplace(id, experts.size());
      if (added) experts.push_back({.id = id, .full_name = select.Text(1), .other_names = {}});
      if (!select.IsNull(2)) experts[found->second].other_names.push_back(select.Text(2));
    }
    // By id, and each expert's other names in byte order, as ListExpertNames gives them
    // (ORDER BY name: the BINARY collation, which compares as memcmp, as std::string does).
    std::sort(experts.begin(), experts.end(),
              [](const NamedExpert& a, const NamedExpert& b) { return a.id < b.id; });
    for (NamedExpert& expert : experts) {
      std::sort(expert.other_names.begin(), expert.other_names.end());
    }
    return experts;
  });
}

Result<std::vector<Store::NamedExpert>> SqliteStore::FindByNameWordsMemo(
    const std::vector<std::string>& words, int64_t limit) {
  // The first `limit` experts having any of the words are among the first `limit` having
  // each word, so each word's entry needs no more than that.
  const auto wanted = static_cast<size_t>(limit);
  std::vector<Id> ids;
  for (const std::string& word : words) {
    NameWordsMemo::Word& entry = memo_.words[word];
    if (!entry.complete && entry.ids.size() < wanted) {
      ASSIGN_OR_RETURN(Statement select,
                       db_.Prepare("SELECT expert_id FROM expert_name_words WHERE word = ?1 "
                                   "ORDER BY expert_id LIMIT ?2"));
      select.BindText(1, word);
      select.BindInt(2, limit + 1);  // One more tells whether these are all.
      entry.ids.clear();
      while (true) {
        ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) break;
        entry.ids.push_back(select.Int(0));
      }
      entry.complete = entry.ids.size() <= wanted;
      if (!entry.complete) entry.ids.resize(wanted);
    }
    ids.insert(ids.end(), entry.ids.begin(),
               entry.ids.begin() + static_cast<std::ptrdiff_t>(std::min(wanted, entry.ids.size())));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > wanted) ids.resize(wanted);

  std::vector<Id> unnamed;
  for (Id id : ids) {
    if (!memo_.names.contains(id)) unnamed.push_back(id);
  }
  if (!unnamed.empty()) {
    ASSIGN_OR_RETURN(Statement select,
                     db_.Prepare("SELECT e.id, e.full_name, n.name FROM experts AS e "
                                 "LEFT JOIN expert_names AS n ON n.expert_id = e.id "
                                 "WHERE e.id IN (SELECT value FROM json_each(?1))"));
    select.BindText(1, EncodeIds(unnamed));
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      const Id id = select.Int(0);
      auto [named, added] = memo_.names.try_emplace(id);
      if (added) named->second = {.id = id, .full_name = select.Text(1), .other_names = {}};
      if (!select.IsNull(2)) named->second.other_names.push_back(select.Text(2));
    }
    // In byte order, as ListExpertNames gives them.
    for (Id id : unnamed) {
      if (auto named = memo_.names.find(id); named != memo_.names.end()) {
        std::sort(named->second.other_names.begin(), named->second.other_names.end());
      }
    }
  }
  std::vector<NamedExpert> experts;
  experts.reserve(ids.size());
  for (Id id : ids) {
    // An id without an expert (which the foreign key rules out) is left out, as the join
    // of the query without the memo leaves it out.
    if (auto named = memo_.names.find(id); named != memo_.names.end()) {
      experts.push_back(named->second);
    }
  }
  return experts;
}

Status SqliteStore::NoteNamesChanged(Id expert_id) {
  memo_.names.erase(expert_id);
  if (memo_.words.empty()) return Status();
  ASSIGN_OR_RETURN(Statement select,
                   db_.Prepare("SELECT word FROM expert_name_words WHERE expert_id = ?1"));
  select.BindInt(1, expert_id);
  while (true) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status();
    const auto entry = memo_.words.find(select.Text(0));
    if (entry == memo_.words.end()) continue;
    std::vector<Id>& ids = entry->second.ids;
    const auto at = std::lower_bound(ids.begin(), ids.end(), expert_id);
    if (at != ids.end() && *at == expert_id) continue;
    if (entry->second.complete) {
      ids.insert(at, expert_id);
    } else if (at != ids.end()) {
      // Among the first experts with the word now, and the last of them no longer is.
      ids.insert(at, expert_id);
      ids.pop_back();
    }
  }
}

Result<std::optional<Id>> SqliteStore::FindExpertByOrcid(const std::string& orcid) {
  return FindId("SELECT id FROM experts WHERE orcid = ?1", {orcid});
}

Result<std::optional<Id>> SqliteStore::FindWorkByKey(const std::string& key) {
  return FindId("SELECT work_id FROM work_keys WHERE key = ?1", {key});
}

Status SqliteStore::PutWorkKeys(Id work_id, const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    ASSIGN_OR_RETURN(Statement insert, db_.Prepare("INSERT INTO work_keys (key, work_id) "
                                                   "VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
    // The FOREIGN KEY constraint checks the work as a key is written, so the query that
    // names a missing work runs only when that fails or when no key was written (rather
    // than before every work a bulk import stores).
    bool written = false;
    for (const std::string& key : keys) {
      insert.Reset();
      FieldBinder(&insert).BorrowedText(key).Int(work_id);
      if (Status status = insert.Run(); !status.ok()) {
        RETURN_IF_ERROR(CheckReference(db_, "works", work_id, "work", "work_id"));
        return status;
      }
      written = written || db_.Changes() > 0;
    }
    if (!written) RETURN_IF_ERROR(CheckReference(db_, "works", work_id, "work", "work_id"));
    return Status();
  });
}

namespace {

constexpr std::string_view kReviewColumns =
    "SELECT id, expert_id, candidate_id, name_match, reasons, status, created_at, decided_at "
    "FROM identity_reviews";

// The review on the current row of a statement selecting kReviewColumns.
Result<model::IdentityReview> ReadReview(const Statement& select) {
  FieldReader r(select);
  model::IdentityReview review;
  review.id = r.Int();
  review.expert_id = r.Int();
  review.candidate_id = r.Int();
  review.name_match = r.Text();
  ASSIGN_OR_RETURN(review.reasons, DecodeStrings(r.Text(), "identity_reviews.reasons"));
  ASSIGN_OR_RETURN(review.status,
                   EnumColumn<model::ReviewStatus>(r.Text(), "identity_reviews.status"));
  review.created_at = r.Text();
  review.decided_at = r.Text();
  return review;
}

}  // namespace

Result<model::IdentityReview> SqliteStore::GetReviewLocked(Id id) {
  ASSIGN_OR_RETURN(Statement select, db_.Prepare(std::string(kReviewColumns) + " WHERE id = ?1"));
  select.BindInt(1, id);
  ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return base::NotFound("no identity review has id " + std::to_string(id));
  return ReadReview(select);
}

Result<model::IdentityReview> SqliteStore::CreateIdentityReview(
    const model::IdentityReview& review) {
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<model::IdentityReview>(
      Access::kWrite, [&]() -> Result<model::IdentityReview> {
        RETURN_IF_ERROR(CheckReference(db_, "experts", review.expert_id, "expert", "expert_id"));
        RETURN_IF_ERROR(
            CheckReference(db_, "experts", review.candidate_id, "expert", "candidate_id"));
        ASSIGN_OR_RETURN(
            Statement insert,
            db_.Prepare("INSERT INTO identity_reviews (expert_id, candidate_id, name_match, "
                        "reasons, status, created_at, decided_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '') ON CONFLICT DO NOTHING"));
        FieldBinder(&insert)
            .Int(review.expert_id)
            .Int(review.candidate_id)
            .Text(review.name_match)
            .Text(EncodeStrings(review.reasons))
            .Text(model::ToName(model::ReviewStatus::kOpen))
            .Text(Now());
        RETURN_IF_ERROR(insert.Run());
        if (db_.Changes() == 0) {
          return base::AlreadyExists("experts " + std::to_string(review.expert_id) + " and " +
                                         std::to_string(review.candidate_id) +
                                         " are already under review",
                                     "candidate_id");
        }
        return GetReviewLocked(db_.LastInsertRowId());
      });
}

Result<model::IdentityReview> SqliteStore::GetIdentityReview(Id id) {
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<model::IdentityReview>(Access::kRead,
                                                     [&]() { return GetReviewLocked(id); });
}

Result<ListResult<model::IdentityReview>> SqliteStore::ListIdentityReviews(
    std::optional<model::ReviewStatus> status, const Page& page) {
  std::lock_guard lock(mutex_);
  using Reviews = ListResult<model::IdentityReview>;
  return ComputeInTransaction<Reviews>(Access::kRead, [&]() -> Result<Reviews> {
    const std::string where = status.has_value() ? " WHERE status = ?1" : "";
    const std::string status_name(status.has_value() ? model::ToName(*status) : "");
    ASSIGN_OR_RETURN(Statement count, db_.Prepare("SELECT COUNT(*) FROM identity_reviews" + where));
    if (status.has_value()) count.BindText(1, status_name);
    ASSIGN_OR_RETURN(bool counted, count.Step());
    Reviews reviews;
    reviews.total = counted ? count.Int(0) : 0;
    const int64_t limit = std::clamp<int64_t>(page.limit, 0, kMaxPageLimit);
    ASSIGN_OR_RETURN(
        Statement select,
        db_.Prepare(std::string(kReviewColumns) + where +
                    std::string(page.descending ? " ORDER BY id DESC" : " ORDER BY id") +
                    " LIMIT " + std::to_string(limit) + " OFFSET " +
                    std::to_string(std::max<int64_t>(page.offset, 0))));
    if (status.has_value()) select.BindText(1, status_name);
    while (true) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return reviews;
      ASSIGN_OR_RETURN(model::IdentityReview review, ReadReview(select));
      reviews.items.push_back(std::move(review));
    }
  });
}

Result<model::IdentityReview> SqliteStore::DecideIdentityReview(Id id, model::ReviewStatus status) {
  std::lock_guard lock(mutex_);
  return ComputeInTransaction<model::IdentityReview>(
      Access::kWrite, [&]() -> Result<model::IdentityReview> {
        ASSIGN_OR_RETURN(model::IdentityReview review, GetReviewLocked(id));
        if (review.status != model::ReviewStatus::kOpen) {
          return base::FailedPrecondition("identity review " + std::to_string(id) +
                                          " was already decided (" +
                                          std::string(model::ToName(review.status)) + ")");
        }
        ASSIGN_OR_RETURN(Statement update,
                         db_.Prepare("UPDATE identity_reviews SET status = ?1, decided_at = ?2 "
                                     "WHERE id = ?3"));
        FieldBinder(&update).Text(model::ToName(status)).Text(Now()).Int(id);
        RETURN_IF_ERROR(update.Run());
        return GetReviewLocked(id);
      });
}

Status SqliteStore::MergeExperts(Id into, Id from) {
  if (into == from) return base::InvalidArgument("an expert cannot be merged into itself", "from");
  std::lock_guard lock(mutex_);
  return RunInTransaction(Access::kWrite, [&]() -> Status {
    ForgetNameWords();
    RETURN_IF_ERROR(CheckReference(db_, "experts", into, "expert", "into"));
    RETURN_IF_ERROR(CheckReference(db_, "experts", from, "expert", "from"));
    // Where both are authors of one work, `into` keeps its own entry and `from`'s goes.
    // Rows that would collide with what `into` has are dropped; identity reviews between
    // the two are closed as merged; the rest follows the expert.
    static constexpr std::array<std::string_view, 7> kSteps{
        "DELETE FROM work_authors WHERE expert_id = ?2 AND work_id IN "
        "  (SELECT work_id FROM work_authors WHERE expert_id = ?1)",
        "UPDATE work_authors SET expert_id = ?1 WHERE expert_id = ?2",
        "INSERT INTO memberships (chapter_id, expert_id, role, joined_on) "
        "  SELECT chapter_id, ?1, role, joined_on FROM memberships WHERE expert_id = ?2 "
        "  ON CONFLICT DO NOTHING",
        "UPDATE expert_sources SET expert_id = ?1 WHERE expert_id = ?2",
        "INSERT INTO expert_names (expert_id, name, name_ascii) "
        "  SELECT ?1, name, name_ascii FROM expert_names WHERE expert_id = ?2 "
        "  UNION ALL SELECT ?1, full_name, name_ascii FROM experts WHERE id = ?2 "
        "  ON CONFLICT DO NOTHING",
        "INSERT INTO expert_affiliations (expert_id, position, organization_id, title, current) "
        "  SELECT ?1, (SELECT COALESCE(MAX(position), -1) FROM expert_affiliations "
        "              WHERE expert_id = ?1) + 1 + position, organization_id, title, current "
        "  FROM expert_affiliations WHERE expert_id = ?2 AND organization_id NOT IN "
        "    (SELECT organization_id FROM expert_affiliations WHERE expert_id = ?1)",
        "INSERT INTO expert_groups (expert_id, group_id, position) "
        "  SELECT ?1, group_id, (SELECT COALESCE(MAX(position), -1) FROM expert_groups "
        "                        WHERE expert_id = ?1) + 1 + position "
        "  FROM expert_groups WHERE expert_id = ?2 ON CONFLICT DO NOTHING",
    };
    for (std::string_view sql : kSteps) {
      ASSIGN_OR_RETURN(Statement step, db_.Prepare(sql));
      FieldBinder(&step).Int(into).Int(from);
      RETURN_IF_ERROR(step.Run());
    }
    // Reviews between the two are decided by the merge; they stay as history (the deleted
    // expert's side becomes null).
    ASSIGN_OR_RETURN(Statement close,
                     db_.Prepare("UPDATE identity_reviews SET status = ?3, decided_at = ?4 "
                                 "WHERE status = ?5 AND ((expert_id = ?1 AND candidate_id = ?2) "
                                 "OR (expert_id = ?2 AND candidate_id = ?1))"));
    FieldBinder(&close)
        .Int(into)
        .Int(from)
        .Text(model::ToName(model::ReviewStatus::kMerged))
        .Text(Now())
        .Text(model::ToName(model::ReviewStatus::kOpen));
    RETURN_IF_ERROR(close.Run());
    ASSIGN_OR_RETURN(Statement erase, db_.Prepare("DELETE FROM experts WHERE id = ?1"));
    erase.BindInt(1, from);
    RETURN_IF_ERROR(erase.Run());
    return IndexNameWords(db_, into);
  });
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const base::Clock* clock) {
  if (clock == nullptr) return base::InvalidArgument("a clock is required", "clock");
  ASSIGN_OR_RETURN(Connection db, Connection::Open(path));
  // busy_timeout first, so that switching to WAL waits for other processes' locks.
  // foreign_keys is per connection and off by default; synchronous=FULL makes a committed
  // write survive power loss, which is what "durable once the method returns OK" requires.
  // temp_store=MEMORY keeps temporary files in memory, above all the statement journal
  // that every savepoint (each store method inside a transaction) writes the pages it
  // changes to: on disk, past its first 64 KiB, that is a write call per page. Nothing
  // there is needed after a crash (the WAL is), so durability is unchanged.
  Status configured = db.Exec(
      "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
      "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;");
  if (configured.code() == base::StatusCode::kDataLoss) {
    return base::DataLoss(path + " is not a KetNoi database: " + configured.message());
  }
  RETURN_IF_ERROR(configured.WithContext("configuring " + path));
  Result<int> migrated = sqlite::Migrate(db, *clock);
  if (!migrated.ok()) {
    const Status& status = migrated.status();
    if (status.code() == base::StatusCode::kDataLoss) {
      return base::DataLoss(path + " is not a KetNoi database: " + status.message());
    }
    return status.WithContext("migrating " + path);
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db), clock));
}

}  // namespace ketnoi::storage

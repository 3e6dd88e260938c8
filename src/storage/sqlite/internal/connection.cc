#include "storage/sqlite/internal/connection.h"

#include <functional>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ketnoi::storage::sqlite::internal {
namespace {

// Distinct SQL texts the statement cache keeps. The store prepares a few dozen; SQL that
// carried values in its text would each be a new one, and past this many the cache is
// emptied rather than let grow.
constexpr size_t kMaxCachedTexts = 256;

// "UNIQUE constraint failed: taxonomy_groups.version_id, taxonomy_groups.number" names the
// columns of the violated key; the last one is the one that distinguishes rows within the
// key's scope, so it is the field a client should change.
std::string ConstraintColumn(std::string_view message) {
  const size_t dot = message.rfind('.');
  if (dot == std::string_view::npos) return {};
  return std::string(message.substr(dot + 1));
}

}  // namespace

// Idle statements by their SQL text (as sqlite3_sql gives it back). Several statements of
// one text may be idle at once when a caller had two in use together.
class StatementCache {
 public:
  using Idle = std::vector<sqlite3_stmt*>;

  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() { Clear(); }

  // An idle statement prepared from exactly `sql`, now in use, with the list to give it
  // back to; a null statement when there is none.
  std::pair<sqlite3_stmt*, Idle*> Take(std::string_view sql) {
    const auto found = idle_.find(sql);
    if (found == idle_.end() || found->second.empty()) return {nullptr, nullptr};
    sqlite3_stmt* stmt = found->second.back();
    found->second.pop_back();
    return {stmt, &found->second};
  }

  // Takes back a statement that Take or the Connection handed out; `idle` is the list Take
  // took it from (in generation `generation`), or null.
  void Give(sqlite3_stmt* stmt, Idle* idle, uint64_t generation) {
    // Reset now, not when it is next used: a statement left in the middle of its rows
    // keeps its read transaction open.
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    // The list it came from, when the cache has not been emptied since: the same text,
    // without hashing it again (a statement is given back as often as one is prepared).
    if (idle != nullptr && generation == generation_) {
      idle->push_back(stmt);
      return;
    }
    const std::string_view sql = sqlite3_sql(stmt);
    auto found = idle_.find(sql);
    if (found == idle_.end()) {
      if (idle_.size() >= kMaxCachedTexts) Clear();
      found = idle_.emplace(std::string(sql), Idle()).first;
    }
    found->second.push_back(stmt);
  }

  // Changes whenever the lists are destroyed, which makes the lists handed out by Take
  // invalid.
  uint64_t generation() const { return generation_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };

  void Clear() {
    for (auto& [sql, statements] : idle_) {
      for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
    }
    idle_.clear();
    ++generation_;
  }

  // Node-based, so a list stays where it is while others are added.
  std::unordered_map<std::string, Idle, Hash, std::equal_to<>> idle_;
  uint64_t generation_ = 0;
};

void Statement::Releaser::operator()(sqlite3_stmt* stmt) const {
  if (cache != nullptr) {
    cache->Give(stmt, idle, generation);
  } else {
    sqlite3_finalize(stmt);
  }
}

Status SqliteError(sqlite3* db, int rc) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      std::string field = ConstraintColumn(message);
      return base::AlreadyExists("another row already has this " + field, field);
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return base::InvalidArgument("a referenced entity does not exist (" + message + ")");
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return base::Unavailable("the database is busy, try again: " + message);
    case SQLITE_CANTOPEN:
      return base::Unavailable("cannot open the database file: " + message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return base::DataLoss("the database file is corrupt or not a SQLite database: " + message);
    default:
      return base::Internal("SQLite error " + std::to_string(rc) + ": " + message);
  }
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void Statement::BindInt(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_.get(), index, value));
}

void Statement::BindText(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
  NoteBind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8));
}

void Statement::BindBorrowedText(int index, std::string_view value) {
  NoteBind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_STATIC,
                               SQLITE_UTF8));
}

void Statement::BindNull(int index) { NoteBind(sqlite3_bind_null(stmt_.get(), index)); }

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return base::Internal(std::string("binding a statement parameter failed: ") +
                          sqlite3_errstr(bind_error_));
  }
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc);
}

Status Statement::Run() {
  while (true) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_error_ = SQLITE_OK;
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::string Statement::Text(int column) const {
  // Ask for the text before its length: the conversion may change the byte count.
  const auto* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

Result<Connection> Connection::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the owner serialises every use of the connection and of its statements (see
  // the header), so SQLite's own per-connection mutex, taken and released on every call
  // (each bind, step, reset and column read), would only repeat that: about 4 % of a bulk
  // import's instructions.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // Own the handle before checking rc: SQLite allocates one even when opening fails.
  Connection connection(raw);
  if (rc != SQLITE_OK) {
    return SqliteError(raw, rc).WithContext("opening " + path);
  }
  sqlite3_extended_result_codes(raw, 1);
  return connection;
}

Connection::Connection(sqlite3* db) : db_(db), cache_(std::make_unique<StatementCache>()) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Status Connection::Exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_.get(), rc);
  return Status();
}

Status Connection::SyncFiles() {
  // The journal first: in WAL mode it holds every commit not yet checkpointed, and a
  // checkpoint syncs the database file itself once it is complete (the WAL is reused only
  // after that), so the database file is synced for the checkpoints still under way.
  for (int op : {SQLITE_FCNTL_JOURNAL_POINTER, SQLITE_FCNTL_FILE_POINTER}) {
    sqlite3_file* file = nullptr;
    int rc = sqlite3_file_control(db_.get(), "main", op, static_cast<void*>(&file));
    if (rc != SQLITE_OK) return SqliteError(db_.get(), rc);
    if (file == nullptr || file->pMethods == nullptr) continue;  // Not open (in memory).
    rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
    if (rc != SQLITE_OK) {
      return base::Internal("syncing the database to the disk failed: " +
                            std::string(sqlite3_errstr(rc)));
    }
  }
  return Status();
}

Status Connection::Run(std::string_view sql) {
  ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  return statement.Run();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  const uint64_t generation = cache_->generation();
  if (auto [stmt, idle] = cache_->Take(sql); stmt != nullptr) {
    return Statement(db_.get(), stmt,
                     {.cache = cache_.get(), .idle = idle, .generation = generation});
  }
  if (sql.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return base::Internal("SQL statement too long");
  }
  sqlite3_stmt* raw = nullptr;
  // PERSISTENT: the statement is meant to be kept, so SQLite allocates it accordingly.
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  // Only a statement whose text is all of `sql` is cached: Take looks statements up by the
  // text they were prepared from, which SQLite gives back without what followed the first
  // statement.
  const bool cacheable = raw != nullptr && std::string_view(sqlite3_sql(raw)) == sql;
  Statement statement(db_.get(), raw, {.cache = cacheable ? cache_.get() : nullptr});
  if (rc != SQLITE_OK) return SqliteError(db_.get(), rc);
  return statement;
}

Result<int64_t> Connection::QueryInt(std::string_view sql, std::optional<int64_t> parameter) {
  ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  if (parameter.has_value()) statement.BindInt(1, *parameter);
  ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return base::Internal("query returned no row: " + std::string(sql));
  return statement.Int(0);
}

FieldBinder& FieldBinder::Int(int64_t value) {
  statement_->BindInt(next_++, value);
  return *this;
}

FieldBinder& FieldBinder::Text(std::string_view value) {
  statement_->BindText(next_++, value);
  return *this;
}

FieldBinder& FieldBinder::BorrowedText(std::string_view value) {
  statement_->BindBorrowedText(next_++, value);
  return *this;
}

FieldBinder& FieldBinder::BorrowedTextOrNull(std::string_view value) {
  if (value.empty()) {
    statement_->BindNull(next_++);
    return *this;
  }
  return BorrowedText(value);
}

FieldBinder& FieldBinder::IdOrNull(int64_t id) {
  if (id == 0) {
    statement_->BindNull(next_++);
    return *this;
  }
  return Int(id);
}

FieldBinder& FieldBinder::OptionalInt(std::optional<int64_t> value) {
  if (!value.has_value()) {
    statement_->BindNull(next_++);
    return *this;
  }
  return Int(*value);
}

std::optional<int64_t> FieldReader::OptionalInt() {
  const int column = next_++;
  if (statement_.IsNull(column)) return std::nullopt;
  return statement_.Int(column);
}

}  // namespace ketnoi::storage::sqlite::internal

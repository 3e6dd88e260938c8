// Thin RAII wrappers over the SQLite C API, private to storage/sqlite/.
//
// Connection owns a sqlite3 handle and Statement a prepared sqlite3_stmt; both release it in
// their destructor, so no code path leaks a handle. Compiling SQL costs more than running
// most of the store's statements, so a Connection keeps the statements it prepared in a
// cache keyed by their SQL text: Prepare hands out an idle one when there is one, and a
// Statement gives itself back, reset and with its parameters unbound, when destroyed (to
// the list it was taken from, without looking its text up again). The cache finalises them
// all before the connection closes.
//
// SqliteError maps SQLite result codes to the Status codes of base/status.h by what the
// caller should do: busy -> Unavailable, corrupt or not a database -> DataLoss, UNIQUE ->
// AlreadyExists naming the column, FOREIGN KEY -> InvalidArgument, anything else -> Internal
// with SQLite's message.
//
// FieldBinder and FieldReader bind and read columns in sequence, so the column order of a
// table is written once per direction. Text is bound copied (SQLite keeps its own copy, so
// a temporary will do) or borrowed (SQLite reads it where it is: no allocation and copy per
// parameter, for text that outlives the statement's run, such as the fields of the entity
// being written).
//
// Thread safety: none; the owner (SqliteStore) serialises all use of a Connection and of the
// Statements it prepared (a Statement going back to the cache touches the Connection).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ketnoi::storage::sqlite::internal {

using base::Result;
using base::Status;

// Returns the Status for result code `rc` (extended codes included) on `db`.
// REQUIRES: rc is not SQLITE_OK, SQLITE_ROW or SQLITE_DONE.
Status SqliteError(sqlite3* db, int rc);

class StatementCache;

// A prepared statement borrowed from its Connection's cache (or owned, when the cache keeps
// no statement of its SQL text). REQUIRES: destroyed before its Connection.
class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Parameter indexes start at 1, as in SQLite. A failed bind is a programming error (index
  // out of range); it is reported by the next Step() or Run().
  void BindInt(int index, int64_t value);
  void BindText(int index, std::string_view value);
  // BindText without a copy. REQUIRES: `value` stays alive and unchanged until the
  // statement's last Step() before it is reset or destroyed.
  void BindBorrowedText(int index, std::string_view value);
  void BindNull(int index);

  // Advances to the next row: true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Executes the statement to completion, ignoring any rows.
  Status Run();
  // Makes the statement ready to run again, with all parameters unbound.
  void Reset();

  // Column accessors for the current row; indexes start at 0.
  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;

 private:
  friend class Connection;
  // Gives the statement back to `cache`, or finalises it when there is none. `idle` is the
  // cache's list of idle statements of its text, when known, and `generation` the cache's
  // generation then (the list is valid while that has not changed).
  struct Releaser {
    StatementCache* cache = nullptr;
    std::vector<sqlite3_stmt*>* idle = nullptr;
    uint64_t generation = 0;
    void operator()(sqlite3_stmt* stmt) const;
  };

  Statement(sqlite3* db, sqlite3_stmt* stmt, Releaser releaser) : db_(db), stmt_(stmt, releaser) {}
  void NoteBind(int rc);

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Releaser> stmt_;
  int bind_error_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens (creating if needed) the database file at `path`, or a private in-memory database
  // for ":memory:". Unavailable when the file cannot be opened.
  static Result<Connection> Open(const std::string& path);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // Runs one or more SQL statements that take no parameters; rows are ignored. Compiles them
  // every time: for schema changes and settings, not for what runs often (see Run).
  Status Exec(const std::string& sql);
  // Runs the one SQL statement `sql`, which takes no parameters, through the cache.
  Status Run(std::string_view sql);
  // A statement for the first SQL statement in `sql`: an idle one from the cache, or a
  // newly compiled one that goes to the cache when the caller is done with it.
  Result<Statement> Prepare(std::string_view sql);
  // Runs a query that returns one integer (COUNT(*), EXISTS ...).
  Result<int64_t> QueryInt(std::string_view sql, std::optional<int64_t> parameter = {});

  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_.get()); }
  int64_t Changes() const { return sqlite3_changes64(db_.get()); }
  // True while a transaction is open (SQLite may end one by itself after some errors).
  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  // Flushes the database file and its journal (the WAL) to the disk: what was committed
  // with synchronous=NORMAL, which leaves that to the operating system, is durable once
  // this returns OK. Internal when the disk reports an error.
  Status SyncFiles();

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  explicit Connection(sqlite3* db);

  std::unique_ptr<sqlite3, Closer> db_;
  // Declared after db_, so its statements are finalised before the handle closes; on the
  // heap, so the Statements that point to it survive a move of the Connection.
  std::unique_ptr<StatementCache> cache_;
};

// Binds consecutive parameters, starting at `first`.
class FieldBinder {
 public:
  explicit FieldBinder(Statement* statement, int first = 1) : statement_(statement), next_(first) {}

  FieldBinder& Int(int64_t value);
  FieldBinder& Bool(bool value) { return Int(value ? 1 : 0); }
  FieldBinder& Text(std::string_view value);
  // Text without a copy: REQUIRES as Statement::BindBorrowedText.
  FieldBinder& BorrowedText(std::string_view value);
  // Binds NULL for an empty string, so UNIQUE columns allow many "absent" values; borrowed.
  FieldBinder& BorrowedTextOrNull(std::string_view value);
  // Binds NULL for 0, the "no reference" id.
  FieldBinder& IdOrNull(int64_t id);
  FieldBinder& OptionalInt(std::optional<int64_t> value);

  // The index the next bind will use.
  int next() const { return next_; }

 private:
  Statement* statement_;
  int next_;
};

// Reads consecutive columns of the current row, starting at `first`.
class FieldReader {
 public:
  explicit FieldReader(const Statement& statement, int first = 0)
      : statement_(statement), next_(first) {}

  int64_t Int() { return statement_.Int(next_++); }
  bool Bool() { return statement_.Int(next_++) != 0; }
  // NULL reads as "".
  std::string Text() { return statement_.Text(next_++); }
  // NULL reads as 0.
  int64_t IdOrZero() { return statement_.Int(next_++); }
  std::optional<int64_t> OptionalInt();

 private:
  const Statement& statement_;
  int next_;
};

}  // namespace ketnoi::storage::sqlite::internal

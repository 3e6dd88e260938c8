// The versioned schema of the SQLite store and the code that brings a database file up to it.
//
// A database records each migration it has applied as a row of
// schema_migrations(version, applied_at). Migrate() applies, in ascending order, every
// migration whose version is not yet recorded, each in its own IMMEDIATE transaction together
// with its record, so a crash leaves the file at a whole version. Migrations are never edited
// once released: a schema change is a new entry at the end of the list.
//
// Thread safety: Migrations() and LatestSchemaVersion() are pure; the others use `db`, which
// the caller must not use concurrently.
#pragma once

#include <span>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/sqlite/internal/connection.h"

namespace ketnoi::storage::sqlite {

struct Migration {
  int version;  // 1, 2, 3, ... without gaps.
  std::string_view description;
  std::string_view sql;  // One or more statements, run inside the migration's transaction.
};

// The migrations this program knows, in ascending version order.
std::span<const Migration> Migrations();

// The version a database has once every known migration is applied.
int LatestSchemaVersion();

// Returns the highest migration version applied to `db`; 0 for a new, empty database.
// Errors: DataLoss if `db` is a SQLite database of another program (it has tables but no
// schema_migrations) or is not a SQLite database at all.
base::Result<int> AppliedSchemaVersion(internal::Connection& db);

// Applies the migrations of `migrations` that `db` has not seen and returns the resulting
// version. Errors: FailedPrecondition if `db` is at a version newer than the last of
// `migrations` (written by a newer program); DataLoss as for AppliedSchemaVersion; the error
// of a failing migration, with its version as context (the database stays at the previous
// version).
// REQUIRES: `migrations` ascending by version, without gaps, starting at 1.
base::Result<int> Migrate(internal::Connection& db, const base::Clock& clock,
                          std::span<const Migration> migrations = Migrations());

}  // namespace ketnoi::storage::sqlite

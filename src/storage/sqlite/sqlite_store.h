// SqliteStore: the embedded Store, one SQLite database file (WAL journal, foreign keys on,
// synchronous=FULL so that an acknowledged write survives a crash or power loss).
//
// Open() applies the versioned schema migrations (storage/sqlite/migrations.cc) that the
// file has not yet seen, each in its own transaction; opening twice is harmless.
//
// Thread safety: all methods may be called from any thread; a mutex serialises access to
// the single connection. InTransaction holds it for the whole body, on the calling thread.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "storage/store.h"

namespace ketnoi::storage {

class SqliteStore;

// Opens (creating if needed) the database at `path`; ":memory:" gives a private in-memory
// database. `clock` stamps created_at / updated_at and must outlive the store.
// Errors: Unavailable if the file cannot be opened, DataLoss if it is not a KetNoi database
// or is corrupt, FailedPrecondition if it was written by a newer KetNoi.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const base::Clock* clock);

}  // namespace ketnoi::storage

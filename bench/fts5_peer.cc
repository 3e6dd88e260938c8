#include "bench/fts5_peer.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace ketnoi::bench {
namespace {

// Owns a connection; closes it on destruction.
struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// Owns a prepared statement; finalizes it on destruction.
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

base::Status SqliteError(sqlite3* db, const std::string& what) {
  return base::Internal("sqlite: " + what + ": " + sqlite3_errmsg(db));
}

base::Result<Connection> Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) return base::Unavailable("sqlite: open " + path);
  return db;
}

base::Status Execute(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db, sql);
  }
  return base::Status::Ok();
}

base::Result<Statement> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db, "prepare " + sql);
  }
  return Statement(raw);
}

// `text`'s words ORed, each quoted (so that no word is read as FTS5 syntax) and each once.
std::string OrMatchExpression(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '.' || c == ',' || c == '"') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  std::string expression;
  for (const std::string& w : words) {
    if (!expression.empty()) expression += " OR ";
    expression += '"' + w + '"';
  }
  return expression;
}

class Fts5Searcher : public PeerSearcher {
 public:
  Fts5Searcher(Connection db, Statement query, const CorpusGenerator& corpus)
      : db_(std::move(db)), query_(std::move(query)), corpus_(corpus) {}

  base::Result<std::vector<int64_t>> TopExperts(const SynthQuery& query, int k) override {
    const std::string expression = OrMatchExpression(query.text);
    sqlite3_stmt* statement = query_.get();
    sqlite3_reset(statement);
    sqlite3_bind_text(statement, 1, expression.c_str(), -1, SQLITE_TRANSIENT);
    works_.clear();
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      // bm25() is negative, better when smaller: negate it for CombSUM.
      works_.push_back({sqlite3_column_int64(statement, 0), -sqlite3_column_double(statement, 1)});
    }
    if (rc != SQLITE_DONE) return SqliteError(db_.get(), "search");
    return CombSumTopExperts(works_, corpus_, k);
  }

 private:
  Connection db_;
  Statement query_;
  const CorpusGenerator& corpus_;
  std::vector<ScoredWork> works_;
};

class Fts5Peer : public PeerEngine {
 public:
  Fts5Peer(std::unique_ptr<TempDir> dir, std::string path, Connection db, Statement insert,
           const CorpusGenerator& corpus)
      : dir_(std::move(dir)),
        path_(std::move(path)),
        db_(std::move(db)),
        insert_(std::move(insert)),
        corpus_(corpus) {}

  std::string name() const override { return "fts5"; }
  std::string notes() const override {
    return "SQLite " + std::string(sqlite3_libversion()) +
           " FTS5: contentless table (title, abstract), tokenize 'porter unicode61 "
           "remove_diacritics 0', detail=full (positions), bm25(), OR of the query's words; "
           "'optimize' after the build";
  }

  // FTS5 has one writer per database; several tables would not make one index.
  int max_writers() const override { return 1; }
  base::Status Start(int writers) override {
    if (writers != 1) return base::InvalidArgument("fts5 has one writer");
    return base::Status::Ok();
  }

  base::Status Add(int /*writer*/, const std::vector<SynthExpert>& experts) override {
    sqlite3_stmt* statement = insert_.get();
    for (const SynthExpert& expert : experts) {
      for (const SynthWork& work : expert.works) {
        sqlite3_reset(statement);
        sqlite3_bind_int64(statement, 1, work.id);
        sqlite3_bind_text(statement, 2, work.title.data(), static_cast<int>(work.title.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(statement, 3, work.abstract.data(),
                          static_cast<int>(work.abstract.size()), SQLITE_STATIC);
        if (sqlite3_step(statement) != SQLITE_DONE) return SqliteError(db_.get(), "insert");
      }
    }
    return base::Status::Ok();
  }

  base::Status Commit() override { return Execute(db_.get(), "COMMIT"); }

  base::Status Optimize() override {
    return Execute(db_.get(), "INSERT INTO works(works) VALUES('optimize')");
  }

  base::Result<PeerSize> Size() override {
    PeerSize size;
    RETURN_IF_ERROR(Execute(
        db_.get(), "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, works, row)"));
    ASSIGN_OR_RETURN(Statement count, Prepare(db_.get(), "SELECT sum(doc) FROM vocabulary"));
    if (sqlite3_step(count.get()) != SQLITE_ROW) return SqliteError(db_.get(), "count");
    size.postings = sqlite3_column_int64(count.get(), 0);
    size.total_bytes = dir_->SizeInBytes();
    size.bytes = size.total_bytes;
    size.how = "database file / (term, row) pairs from fts5vocab; includes positions";
    return size;
  }

  base::Result<std::unique_ptr<PeerSearcher>> NewSearcher() override {
    ASSIGN_OR_RETURN(Connection db, Open(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
    RETURN_IF_ERROR(Execute(db.get(), "PRAGMA cache_size=-262144"));
    ASSIGN_OR_RETURN(Statement query, Prepare(db.get(),
                                              "SELECT rowid, rank FROM works WHERE works MATCH ?1 "
                                              "ORDER BY rank LIMIT " +
                                                  std::to_string(kPeerDepth)));
    return std::unique_ptr<PeerSearcher>(
        std::make_unique<Fts5Searcher>(std::move(db), std::move(query), corpus_));
  }

 private:
  std::unique_ptr<TempDir> dir_;
  std::string path_;
  Connection db_;
  Statement insert_;
  const CorpusGenerator& corpus_;
};

}  // namespace

base::Result<std::unique_ptr<PeerEngine>> NewFts5Peer(const CorpusGenerator& corpus) {
  ASSIGN_OR_RETURN(std::unique_ptr<TempDir> dir, TempDir::Create("ketnoi-bench-fts5"));
  const std::string path = (dir->path() / "works.db").string();
  ASSIGN_OR_RETURN(Connection db,
                   Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX));
  // A bulk load into a throwaway file: no journal, no fsync, a large page cache.
  RETURN_IF_ERROR(Execute(db.get(),
                          "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                          "PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY"));
  RETURN_IF_ERROR(Execute(db.get(),
                          "CREATE VIRTUAL TABLE works USING fts5(title, abstract, content='', "
                          "tokenize='porter unicode61 remove_diacritics 0')"));
  RETURN_IF_ERROR(Execute(db.get(), "BEGIN"));
  ASSIGN_OR_RETURN(
      Statement insert,
      Prepare(db.get(), "INSERT INTO works(rowid, title, abstract) VALUES(?1, ?2, ?3)"));
  return std::unique_ptr<PeerEngine>(
      std::make_unique<Fts5Peer>(std::move(dir), path, std::move(db), std::move(insert), corpus));
}

}  // namespace ketnoi::bench

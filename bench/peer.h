// Peer engines for the engine benchmark: public search engines indexing the same synthetic
// works as KetNoi's engine, so that speed ratios are measured in one run on one machine.
//
// A peer ranks works (BM25, OR of the query's terms) and the benchmark aggregates the top
// `kPeerDepth` works into experts by CombSUM (the sum of the work scores of each expert;
// Macdonald & Ounis, "Voting for candidates", CIKM 2006), as KetNoi aggregates works.
// Peers tokenise the text with their own English tokenisers (with stemming); they see the
// same strings as KetNoi, not KetNoi's terms.
//
// Ownership: a PeerEngine owns its temporary folder (TempDir) and removes it when
// destroyed; a PeerSearcher must not outlive its PeerEngine.
// Thread safety: a PeerEngine is used by one thread at a time; each thread that searches
// opens its own PeerSearcher.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "bench/corpus.h"

namespace ketnoi::bench {

// Works a peer retrieves per query before aggregating them into experts.
inline constexpr int kPeerDepth = 1000;

// A uniquely named folder under std::filesystem::temp_directory_path(), removed with
// everything in it when the object is destroyed.
class TempDir {
 public:
  // Errors: Unavailable if the folder cannot be created.
  static base::Result<std::unique_ptr<TempDir>> Create(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Total size of the regular files below the folder, in bytes.
  int64_t SizeInBytes() const;

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

struct ScoredWork {
  int64_t work_id = 0;
  double score = 0;  // Larger is better.
};

// CombSUM: the `k` experts (ids, best first) whose works in `works` have the largest sum of
// scores; ties broken by smaller id.
std::vector<int64_t> CombSumTopExperts(const std::vector<ScoredWork>& works,
                                       const CorpusGenerator& corpus, int k);

struct PeerSize {
  int64_t bytes = 0;        // What the postings are divided into (see `how`).
  int64_t postings = 0;     // (term, work) pairs in the peer's own terms.
  int64_t total_bytes = 0;  // The whole database.
  std::string how;          // How `bytes` and `postings` were counted.
};

class PeerSearcher {
 public:
  virtual ~PeerSearcher() = default;
  // The `k` best experts for `query` (ids, best first): CombSUM over the top kPeerDepth
  // works. Errors: Internal for a library failure.
  virtual base::Result<std::vector<int64_t>> TopExperts(const SynthQuery& query, int k) = 0;
};

class PeerEngine {
 public:
  virtual ~PeerEngine() = default;

  virtual std::string name() const = 0;
  // One line on tokenisation and storage, for the table's notes.
  virtual std::string notes() const = 0;

  // How many writers may index at once, each on its own thread and its own shard.
  virtual int max_writers() const = 0;
  // Prepares `writers` shards. REQUIRES: 1 <= writers <= max_writers(); called once, first.
  virtual base::Status Start(int writers) = 0;
  // Indexes the works of `experts` into shard `writer`. Shard w receives the w-th of
  // `writers` contiguous ranges of experts, in id order, each expert once.
  // Thread safety: calls for distinct writers may run concurrently.
  virtual base::Status Add(int writer, const std::vector<SynthExpert>& experts) = 0;
  // Makes everything added durable (commit).
  virtual base::Status Commit() = 0;
  // Post-build optimisation (compaction, segment merging), which also merges the shards
  // into one index; timed apart. REQUIRES: Commit().
  virtual base::Status Optimize() = 0;
  virtual base::Result<PeerSize> Size() = 0;
  // REQUIRES: Commit() (and Optimize(), if called) has returned.
  virtual base::Result<std::unique_ptr<PeerSearcher>> NewSearcher() = 0;
};

}  // namespace ketnoi::bench

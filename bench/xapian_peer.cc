#include "bench/xapian_peer.h"

#include <xapian.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace ketnoi::bench {
namespace {

base::Status FromXapian(const Xapian::Error& error, const std::string& what) {
  return base::Internal("xapian: " + what + ": " + error.get_description());
}

// The query's terms as Xapian indexes them, each with its frequency in the query (wqf),
// ORed: the same analysis as the documents, without QueryParser's syntax.
Xapian::Query OrQuery(Xapian::TermGenerator& generator, const std::string& text) {
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text_without_positions(text);
  std::vector<Xapian::Query> terms;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    terms.emplace_back(*it, it.get_wdf());
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::TermGenerator EnglishTermGenerator() {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  // Stemmed terms only (no unstemmed copies with a Z prefix): one term per word, as the
  // other engines index.
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  return generator;
}

class XapianSearcher : public PeerSearcher {
 public:
  XapianSearcher(const std::string& path, const CorpusGenerator& corpus)
      : database_(path), enquire_(database_), corpus_(corpus) {
    enquire_.set_weighting_scheme(Xapian::BM25Weight());
    generator_ = EnglishTermGenerator();
  }

  base::Result<std::vector<int64_t>> TopExperts(const SynthQuery& query, int k) override {
    try {
      enquire_.set_query(OrQuery(generator_, query.text));
      const Xapian::MSet mset = enquire_.get_mset(0, kPeerDepth);
      works_.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        works_.push_back({static_cast<int64_t>(*it), it.get_weight()});
      }
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "search");
    }
    return CombSumTopExperts(works_, corpus_, k);
  }

 private:
  Xapian::Database database_;
  Xapian::Enquire enquire_;
  Xapian::TermGenerator generator_;
  const CorpusGenerator& corpus_;
  std::vector<ScoredWork> works_;
};

class XapianPeer : public PeerEngine {
 public:
  XapianPeer(std::unique_ptr<TempDir> compact_dir, const CorpusGenerator& corpus)
      : compact_dir_(std::move(compact_dir)), corpus_(corpus) {}

  std::string name() const override { return "xapian"; }
  std::string notes() const override {
    return "Xapian " + std::string(Xapian::version_string()) +
           ": glass on disk, TermGenerator English stemmer (STEM_ALL), no positions, "
           "BM25Weight defaults, OR of the query's terms; built as databases of " +
           std::to_string(kChunkDocuments) +
           " works on each writer thread, merged into one by compaction";
  }

  int max_writers() const override { return 64; }

  base::Status Start(int writers) override {
    // One flush per chunk: buffer a whole chunk in memory (the default threshold, 10,000
    // documents, flushes often on a bulk build). Set before a database is opened; a
    // caller's value wins.
    setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(kChunkDocuments).c_str(), /*overwrite=*/0);
    writers_.resize(writers);
    return base::Status::Ok();
  }

  base::Status Add(int writer, const std::vector<SynthExpert>& experts) override {
    std::vector<std::unique_ptr<Chunk>>& chunks = writers_[writer];
    try {
      for (const SynthExpert& expert : experts) {
        for (const SynthWork& work : expert.works) {
          if (chunks.empty() || chunks.back()->documents == kChunkDocuments) {
            // Write the full chunk out and free its buffer before starting the next.
            if (!chunks.empty()) chunks.back()->database.commit();
            ASSIGN_OR_RETURN(std::unique_ptr<Chunk> chunk, NewChunk(work.id));
            chunks.push_back(std::move(chunk));
          }
          Chunk& chunk = *chunks.back();
          Xapian::Document document;
          chunk.generator.set_document(document);
          chunk.generator.index_text_without_positions(work.title);
          chunk.generator.index_text_without_positions(work.abstract);
          // Works arrive in id order, so a chunk's docids count its works from 1, and
          // compaction, which appends the chunks in order, turns them back into work ids.
          // (replace_document with an explicit docid would first look for an old version.)
          const Xapian::docid docid = chunk.database.add_document(document);
          ++chunk.documents;
          if (static_cast<int64_t>(docid) != work.id - chunk.first_work_id + 1) {
            return base::Internal("xapian: docid " + std::to_string(docid) + " for work " +
                                  std::to_string(work.id));
          }
        }
      }
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "index");
    }
    return base::Status::Ok();
  }

  base::Status Commit() override {
    try {
      for (auto& chunks : writers_) {
        for (auto& chunk : chunks) chunk->database.commit();
      }
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "commit");
    }
    return base::Status::Ok();
  }

  base::Status Optimize() override {
    try {
      Xapian::Database all;
      for (auto& chunks : writers_) {
        for (auto& chunk : chunks) all.add_database(chunk->database);
      }
      all.compact(compact_dir_->path().string());
      all.close();
      for (auto& chunks : writers_) {
        for (auto& chunk : chunks) chunk->database.close();
      }
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "compact");
    }
    writers_.clear();  // Only the compacted database is measured and searched.
    return base::Status::Ok();
  }

  base::Result<PeerSize> Size() override {
    PeerSize size;
    try {
      Xapian::Database database(compact_dir_->path().string());
      for (auto it = database.allterms_begin(); it != database.allterms_end(); ++it) {
        size.postings += it.get_termfreq();
      }
      if (database.get_lastdocid() != static_cast<Xapian::docid>(corpus_.work_count())) {
        return base::Internal("xapian: compacted database ends at docid " +
                              std::to_string(database.get_lastdocid()));
      }
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "size");
    }
    size.total_bytes = compact_dir_->SizeInBytes();
    std::error_code error;
    size.bytes = static_cast<int64_t>(
        std::filesystem::file_size(compact_dir_->path() / "postlist.glass", error));
    if (error) size.bytes = size.total_bytes;
    size.how =
        "postlist.glass (postings and document lengths) / sum of term frequencies; the whole "
        "database also holds termlists";
    return size;
  }

  base::Result<std::unique_ptr<PeerSearcher>> NewSearcher() override {
    try {
      return std::unique_ptr<PeerSearcher>(
          std::make_unique<XapianSearcher>(compact_dir_->path().string(), corpus_));
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "open");
    }
  }

 private:
  // A database of at most kChunkDocuments consecutive works. Xapian merges its buffer
  // into ever larger B-trees as a database grows, so a bulk build is faster as small
  // databases merged by compaction at the end (as the Xapian documentation advises).
  struct Chunk {
    std::unique_ptr<TempDir> dir;
    Xapian::WritableDatabase database;
    Xapian::TermGenerator generator;
    int64_t first_work_id = 0;
    int documents = 0;
  };
  static constexpr int kChunkDocuments = 100000;

  static base::Result<std::unique_ptr<Chunk>> NewChunk(int64_t first_work_id) {
    auto chunk = std::make_unique<Chunk>();
    ASSIGN_OR_RETURN(chunk->dir, TempDir::Create("ketnoi-bench-xapian"));
    try {
      chunk->database = Xapian::WritableDatabase(
          chunk->dir->path().string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::Error& error) {
      return FromXapian(error, "create");
    }
    chunk->generator = EnglishTermGenerator();
    chunk->first_work_id = first_work_id;
    return chunk;
  }

  std::unique_ptr<TempDir> compact_dir_;
  const CorpusGenerator& corpus_;
  std::vector<std::vector<std::unique_ptr<Chunk>>> writers_;  // Per writer, in work order.
};

}  // namespace

base::Result<std::unique_ptr<PeerEngine>> NewXapianPeer(const CorpusGenerator& corpus) {
  ASSIGN_OR_RETURN(std::unique_ptr<TempDir> compact_dir,
                   TempDir::Create("ketnoi-bench-xapian-compact"));
  return std::unique_ptr<PeerEngine>(std::make_unique<XapianPeer>(std::move(compact_dir), corpus));
}

}  // namespace ketnoi::bench

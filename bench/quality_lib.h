// Support for quality_bench: evaluation metrics, the plain TF-IDF baseline, and loaders for
// the dblp expert-finding set (../shared/eval/dblp), the demo experts (data/demo) and the
// judged Vietnamese queries (bench/judged/*.tsv).
//
// Benchmarks may read files; the engine may not, so everything here turns files into the
// engine's inputs (rank::ExpertInput) and plain vectors.
//
// Thread safety: plain functions and values; TfIdfIndex is immutable after Build.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"
#include "rank/engine.h"

namespace ketnoi::bench {

// ---- Metrics ---------------------------------------------------------------------------

// Per-query effectiveness, computed over a full ranking of the candidates.
struct QueryMetrics {
  double average_precision = 0;
  double reciprocal_rank = 0;
  double precision_at_5 = 0;
  double precision_at_10 = 0;
  double ndcg_at_10 = 0;
};

// Ranks all candidates by `scores` (higher first) and scores the ranking against `grades`
// (same order; 0 = not relevant, 1 = relevant, 2 = ideal). Ties are broken pessimistically:
// among equal scores, lower grades come first (the README of the dblp set asks for this).
// nDCG uses gains 2^grade - 1 and log2 discounts (Järvelin & Kekäläinen 2002).
// REQUIRES: scores.size() == grades.size().
QueryMetrics EvaluateRanking(const std::vector<double>& scores, const std::vector<int>& grades);

// Running means of QueryMetrics.
class MetricsMean {
 public:
  void Add(const QueryMetrics& metrics);
  QueryMetrics Mean() const;
  int count() const { return count_; }

 private:
  QueryMetrics sum_;
  int count_ = 0;
};

// ---- The plain TF-IDF baseline ---------------------------------------------------------

// Lowercase tokens: maximal runs of ASCII letters and digits, and of non-ASCII bytes (so a
// Vietnamese syllable or a Japanese run stays one token), without English stop words (the
// 127 of NLTK's list); no stemming: the deliberately plain tokeniser of the README's
// baseline. (Without the stop list the baseline loses 0.012 MAP on dblp and is further from
// the README's figures.)
std::vector<std::string> PlainTokens(std::string_view text);

// True for the English stop words PlainTokens drops.
bool IsEnglishStopWord(std::string_view token);

// Document vectors with log tf-idf weights, (1 + ln tf) * ln(N / df), L2-normalised; a query
// is weighted the same way (with the collection's idf) and compared by cosine.
class TfIdfIndex {
 public:
  explicit TfIdfIndex(const std::vector<std::vector<std::string>>& documents);

  // cosine(query, d) for every document d, in document order.
  std::vector<double> Cosines(const std::vector<std::string>& query_tokens) const;
  // The same for a query already weighted by Vector (or any sparse vector over term ids).
  std::vector<double> Cosines(const std::vector<std::pair<int, double>>& query) const;

  // The weighted, normalised vector of `tokens` (term id, weight); unknown terms dropped.
  std::vector<std::pair<int, double>> Vector(const std::vector<std::string>& tokens) const;
  // The normalised vector of document `doc`.
  const std::vector<std::pair<int, double>>& DocumentVector(size_t doc) const {
    return documents_[doc];
  }
  size_t documents() const { return documents_.size(); }
  const std::string& TermText(int term) const { return terms_[term]; }
  double Idf(int term) const { return idf_[term]; }

 private:
  std::unordered_map<std::string, int> term_ids_;
  std::vector<std::string> terms_;
  std::vector<double> idf_;
  std::vector<std::vector<std::pair<int, double>>> documents_;
  // Postings per term: (document, weight).
  std::vector<std::vector<std::pair<int, double>>> postings_;
};

// ---- dblp ------------------------------------------------------------------------------

struct DblpQuery {
  int doc = 0;
  std::set<std::string> tags;
};

struct DblpData {
  std::vector<std::string> documents;                 // By doc id (text = title + abstract).
  std::vector<std::vector<int>> candidate_documents;  // Pool candidates 0..n-1 -> doc ids.
  std::vector<std::set<std::string>> candidate_tags;  // Pool candidates -> topic tags.
  std::vector<DblpQuery> queries;
  std::vector<std::pair<int, int>> citations;  // (citing, cited).
};

// Reads documents.jsonl, doc_candidate.tsv, candidates.tsv, queries.tsv and
// doc_doc_citations.tsv from `directory`. Errors: NotFound for a missing file,
// DataLoss for a malformed line (with file and line number).
base::Result<DblpData> LoadDblp(const std::string& directory);

// The relevance of every pool candidate for `query`: 1 when the tags intersect, else 0.
std::vector<int> DblpGrades(const DblpData& data, const DblpQuery& query);

// One ExpertInput per pool candidate (id = candidate id + 1, since 0 means "not stored"),
// with the candidate's documents as English works (all text in the abstract: the set does
// not separate titles).
std::vector<rank::ExpertInput> DblpExperts(const DblpData& data);

// ---- Demo experts and judged queries ---------------------------------------------------

// Experts of every data/demo/experts-*.json in `directory`, with their works, as engine
// inputs; ExpertInput::id is the dataset id (e.g. 1001). Sorted by id.
// Errors: NotFound when no experts file exists; DataLoss for malformed JSON.
base::Result<std::vector<rank::ExpertInput>> LoadDemoExperts(const std::string& directory);

struct JudgedQuery {
  std::string id;
  std::string text;
  std::map<int64_t, int> grades;  // Dataset expert id -> grade (1 or 2).
};

// Reads a judged-query TSV: a header line, then `query_id<TAB>text<TAB>id:grade,id:grade`
// (a bare id means grade 1); lines starting with '#' are comments.
// Errors: NotFound, DataLoss naming the line.
base::Result<std::vector<JudgedQuery>> LoadJudged(const std::string& path);

// Reads a whole file. Errors: NotFound.
base::Result<std::string> ReadFile(const std::string& path);

}  // namespace ketnoi::bench

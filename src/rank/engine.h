// Engine: finds the experts best able to solve a problem, ranked, each with the reasons;
// and scores given (problem, expert) pairs, so an expert's feed can rank problems.
//
// The engine knows nothing of HTTP, SQL or files: callers hand it experts with their works
// (ExpertInput) and ask it questions (MatchQuery). Inside, text/ analyses the text, index/
// keeps compressed postings, and rank/ aggregates work evidence into expert scores:
//
//   score(q, e) = sum over works d of e:  weight(d) * BM25F(q, d)  / norm(e)   (+ profile)
//
// where weight(d) reflects recency and the expert's role in the work (see rank/scoring.h
// for the exact model and its sources), and the result is exact top-k: equal to ranking
// every expert exhaustively by the same score. Scores are normalised by what the problem
// could score at most, so they are comparable across problems (0..1). With
// ScoringParams::latent_weight w > 0 (the default) the displayed score is fused with a latent
// (LSA) similarity, (1 - w) * lexical + w * latent, still exact top-k and in 0..1 (see
// rank/scoring.h and the top comment of engine.cc).
//
// Changes are incremental: Upsert and Remove are visible to the next query, without a
// rebuild.
//
// Thread safety: all methods may be called concurrently; queries run in parallel with each
// other and wait only for the brief swap at the end of an Upsert or Remove.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/common.h"
#include "model/expert.h"
#include "rank/scoring.h"

namespace ketnoi::text {
class Glossary;
}

namespace ketnoi::rank {

using model::Id;

struct WorkInput {
  Id id = 0;
  std::string title;
  std::string abstract;
  std::vector<std::string> keywords;
  std::string venue;
  int year = 0;             // 0 when unknown.
  std::string language;     // ISO 639-1 of title/abstract, or "" to detect.
  int author_position = 0;  // 0-based position of the expert among the authors.
  int author_count = 1;
  bool corresponding = false;
  bool hidden = false;  // Curated away by the expert: never matched.
  bool key = false;     // Marked by the expert as a key work: weighs more.
  // When set, the work's text (title, abstract, keywords, venue and language) is that of
  // *shared_text and this input's own is not read: the inputs of a work's co-authors can
  // then hold its text once between them rather than a copy each.
  std::shared_ptr<const WorkInput> shared_text;

  // The input whose text is this work's: *shared_text, or this one.
  const WorkInput& text_source() const { return shared_text != nullptr ? *shared_text : *this; }
};

struct ExpertInput {
  Id id = 0;
  std::string name;  // For display in explanations only.
  std::vector<std::string> skills;
  std::string bio_vi;
  std::string bio_en;
  std::vector<WorkInput> works;
  // Attributes for filters.
  std::string country;  // ISO 3166-1 alpha-2.
  std::vector<Id> chapter_ids;
  std::vector<std::string> languages;  // ISO 639-1 the expert works in.
  std::vector<Id> group_ids;
  std::vector<model::EngagementMode> engagement_modes;
  std::vector<model::AvailabilityWindow> availability;
};

// Filters are applied inside the search. Within one field, any value matches (OR); across
// fields, all must match (AND). Empty fields do not filter.
struct MatchFilters {
  std::vector<std::string> countries;
  std::vector<Id> chapter_ids;
  std::vector<std::string> languages;
  std::vector<Id> group_ids;
  std::vector<model::EngagementMode> engagement_modes;
  // The expert has an availability window overlapping [available_from, available_to]
  // (YYYY-MM-DD; either may be empty for an open end).
  std::string available_from;
  std::string available_to;
  std::vector<Id> exclude_expert_ids;  // Conflicts of interest.
};

struct MatchQuery {
  std::string text;      // Title and statement, any language.
  std::string language;  // "vi", "en", "ja" or "" to detect.
  MatchFilters filters;
  int k = 10;  // 1..1000.
  // Top matching works to explain per expert; 0 skips explanations altogether (no terms
  // either), for batch work that needs only the ranking.
  int evidence_works = 3;
};

// One query term's share of an expert's score.
struct TermContribution {
  std::string term;  // As the user would recognise it ("bán dẫn", "semiconductor").
  double share = 0;  // Fraction of the expert's score, 0..1.
};

struct WorkEvidence {
  Id work_id = 0;
  double score = 0;     // The work's contribution to the expert's score.
  std::string title;    // With matched words wrapped in <mark>...</mark> (HTML-escaped).
  std::string snippet;  // A passage of the abstract, marked the same way.
  int year = 0;
};

struct ExpertMatch {
  Id expert_id = 0;
  double score = 0;                     // Normalised, 0..1, comparable across problems.
  std::vector<TermContribution> terms;  // Largest first, at most 8.
  std::vector<WorkEvidence> works;      // Largest first.
};

struct PairScore {
  Id expert_id = 0;
  double score = 0;  // Normalised as ExpertMatch::score; 0 for unknown experts.
};

// A work's title and abstract, as explanations show them.
struct WorkText {
  std::string title;
  std::string abstract;
};

// Reads a work's text where the application keeps it (the server: its store); nullopt for
// a work it does not know (removed since it was indexed). Called by Match, on the calling
// thread, outside the engine's locks.
using WorkTextSource = std::function<std::optional<WorkText>(Id work_id)>;

struct EngineOptions {
  const text::Glossary* glossary = nullptr;  // Optional; must outlive the engine.
  int current_year = 2026;                   // For recency weighting.
  int threads = 0;                           // For BuildAll; 0 = hardware concurrency.
  ScoringParams scoring;                     // Model parameters; see rank/scoring.h.
  // Upserted experts accumulate in a small uncompressed delta segment, merged into a new
  // compressed base when it holds this many experts (replaced ones included); 0 = automatic:
  // 5% of the base, at least 64 and at most 2,000.
  int delta_merge_threshold = 0;
  // Where explanations read the title and abstract of the works they show. Unset, the
  // engine keeps every work's text with its record; set, it keeps none and asks this for
  // the few works it shows (a work it does not find is left out). Titles and abstracts are
  // most of what an index holds (about 3 GB of 2M works), and copying them is a tenth of a
  // build, so a server whose store has them sets this.
  WorkTextSource work_text;
};

// Wall-clock seconds of the stages of a BuildAll.
struct BuildSeconds {
  double analysis = 0;  // Text analysis and per-document counting (phase 1).
  double latent = 0;    // Learning the latent space from the sample.
  double records = 0;   // Every expert folded into the space, and impacts (phase 2).
  double base = 0;      // Postings, forward lists and filters.
};

struct EngineStats {
  int64_t experts = 0;
  int64_t works = 0;
  int64_t terms = 0;
  int64_t postings = 0;
  int64_t posting_bytes = 0;  // Compressed size of all postings.
  int64_t forward_bytes = 0;  // The base's forward lists (with the latent stage on), if any.
  int64_t delta_experts = 0;  // Experts in the delta segment, not yet merged.
  BuildSeconds last_build;    // Of the last BuildAll (zero before one).
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces the whole index with `experts`, analysing them on `options.threads` threads.
  // Errors: InvalidArgument naming the expert and work with invalid UTF-8.
  base::Status BuildAll(std::vector<ExpertInput> experts);

  // Adds the expert, or replaces them and all their works. Visible to the next query.
  base::Status Upsert(ExpertInput expert);
  // Removes the expert. NotFound if unknown.
  base::Status Remove(Id expert_id);

  // The k best experts for the query, best first, with explanations.
  // Errors: InvalidArgument for empty text, invalid UTF-8 or k outside 1..1000.
  base::Result<std::vector<ExpertMatch>> Match(const MatchQuery& query) const;

  // The query's score for each of `expert_ids` (in the same order), ignoring filters.
  base::Result<std::vector<PairScore>> ScorePairs(const std::string& text,
                                                  const std::vector<Id>& expert_ids) const;

  EngineStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ketnoi::rank

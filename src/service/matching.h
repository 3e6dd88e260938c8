// Matching: the use cases of the matching engine over the registry — the experts for a
// problem (or for any text), the problems for an expert — and keeping the engine's index
// in step with the Catalog.
//
// The engine (rank::Engine) holds its index in memory. Build() loads every expert and work
// from the store at start (the engine analyses them in parallel); afterwards the Catalog
// reports each change through CatalogListener and the affected experts are re-indexed, so
// the next query sees it without a rebuild.
//
// Conflicts of interest are excluded automatically: an expert currently affiliated with the
// commissioning organisation is never proposed for that organisation's problem.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/problem.h"
#include "model/work.h"
#include "rank/engine.h"
#include "service/catalog.h"

namespace ketnoi::service {

// An expert proposed for a problem, with the reasons.
struct ExpertProposal {
  model::Expert expert;
  rank::ExpertMatch match;
};

// A problem proposed to an expert.
struct ProblemProposal {
  model::Problem problem;
  double score = 0;
};

struct MatchRequest {
  std::string text;
  rank::MatchFilters filters;
  int k = 10;
};

class Matching final : public CatalogListener {
 public:
  // REQUIRES: catalog outlives this object. `glossary` may be null.
  Matching(Catalog* catalog, rank::EngineOptions options);

  // Loads every expert and work from the store into a fresh index.
  Status Build();

  // The k best experts for `request.text`. Errors: InvalidArgument for empty text or k
  // outside 1..100.
  Result<std::vector<ExpertProposal>> MatchText(const MatchRequest& request);

  // The k best experts for a stored problem; `request.text` is ignored (the problem's
  // title, statement and skills are the query) and the problem's own organisation's
  // experts are excluded. Errors: NotFound.
  Result<std::vector<ExpertProposal>> MatchProblem(Id problem_id, MatchRequest request);

  // The problems open to proposals (open, matching, proposals) that fit the expert best,
  // by the same normalised score, leaving out those that fit too poorly to be worth the
  // expert's time (the list may be empty). Errors: NotFound for the expert.
  Result<std::vector<ProblemProposal>> ProblemsForExpert(Id expert_id, int k);

  rank::EngineStats Stats() const { return engine_.Stats(); }

  // CatalogListener: re-index what changed. Many experts at once (an import of people by
  // the thousand, against an index of fewer than kRebuildShare times as many) rebuild the
  // whole index from the store, in parallel: one upsert each would re-read and re-analyse
  // every such expert one by one and merge the whole index again every few hundred.
  void OnExpertChanged(Id expert_id) override;
  void OnExpertRemoved(Id expert_id) override;
  void OnExpertsChanged(const std::vector<Id>& changed, const std::vector<Id>& removed) override;
  static constexpr size_t kRebuildAtLeast = 64;
  static constexpr size_t kRebuildShare = 4;

 private:
  // The engine's view of a stored expert and their works (hidden works excluded there).
  Result<rank::ExpertInput> LoadExpert(const model::Expert& expert);
  // Upserts the stored expert, if they still exist. REQUIRES: reindex_mutex_ held.
  void Reindex(Id expert_id);

  Catalog* catalog_;
  rank::Engine engine_;
  std::mutex reindex_mutex_;  // Serialises re-indexing so the last change wins.
};

// The text that represents a problem as a query: titles, summaries, statements and skills
// in every language it was written in.
std::string ProblemQueryText(const model::Problem& problem);

// The engine's inputs for `experts` (in id order), each with the works they authored (as
// seen from their place in the author list) and the chapters of `memberships`. A work's
// registered co-authors share one copy of its text (WorkInput::shared_text) rather than
// each having a copy.
std::vector<rank::ExpertInput> EngineInputs(const std::vector<model::Expert>& experts,
                                            const std::vector<model::Work>& works,
                                            const std::vector<model::Membership>& memberships);
// The same, the works' text moved out of `works` into the inputs.
std::vector<rank::ExpertInput> EngineInputs(const std::vector<model::Expert>& experts,
                                            std::vector<model::Work>&& works,
                                            const std::vector<model::Membership>& memberships);

// The engine's filters for the problem's own conflicts: experts currently affiliated with
// the commissioning organisation.
std::vector<Id> ConflictedExperts(Catalog& catalog, const model::Problem& problem);

}  // namespace ketnoi::service

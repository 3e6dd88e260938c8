#include "service/matching.h"

#include <algorithm>
#include <map>
#include <set>

namespace ketnoi::service {
namespace {

// Below this calibrated score a problem is not worth an expert's attention: on the demo
// data it separates problems in the expert's field from those that share only common
// words with their works.
constexpr double kMinFeedScore = 0.55;

// The engine's view of one work from the point of view of the author `expert_id`, without
// its text.
rank::WorkInput AuthorshipInput(const model::Work& work, Id expert_id) {
  rank::WorkInput input;
  input.id = work.id;
  input.year = work.year;
  input.language = work.language;
  input.author_count = static_cast<int>(work.authors.size());
  for (size_t i = 0; i < work.authors.size(); ++i) {
    if (work.authors[i].expert_id != expert_id) continue;
    input.author_position = static_cast<int>(i);
    input.corresponding = work.authors[i].corresponding;
    input.hidden = work.authors[i].hidden;
    input.key = work.authors[i].key;
    break;
  }
  return input;
}

rank::ExpertInput ToExpertInput(const model::Expert& expert) {
  rank::ExpertInput input;
  input.id = expert.id;
  input.name = expert.full_name;
  input.skills = expert.skills;
  input.bio_vi = expert.bio.vi;
  input.bio_en = expert.bio.en;
  input.country = expert.country;
  input.languages = expert.languages;
  input.group_ids = expert.group_ids;
  input.engagement_modes = expert.engagement_modes;
  input.availability = expert.availability;
  return input;
}

void AppendLine(std::string& out, const std::string& line) {
  if (line.empty()) return;
  if (!out.empty()) out += '\n';
  out += line;
}

// `options` with explanations reading works' text from the store through `catalog`, so
// that the engine keeps no copy of it.
rank::EngineOptions WithStoredWorkText(rank::EngineOptions options, Catalog* catalog) {
  options.work_text = [catalog](Id work_id) -> std::optional<rank::WorkText> {
    auto work = catalog->Get<model::Work>(work_id);
    if (!work.ok()) return std::nullopt;  // Removed since it was indexed.
    return rank::WorkText{std::move(work->title), std::move(work->abstract)};
  };
  return options;
}

// Moves the text of `work` (title, abstract, keywords, venue) into `input`.
void MoveText(model::Work& work, rank::WorkInput* input) {
  input->title = std::move(work.title);
  input->abstract = std::move(work.abstract);
  input->keywords = std::move(work.keywords);
  input->venue = std::move(work.venue);
}

}  // namespace

std::string ProblemQueryText(const model::Problem& problem) {
  std::string text;
  for (const model::LocalizedText* part :
       {&problem.title, &problem.summary, &problem.description}) {
    AppendLine(text, part->vi);
    AppendLine(text, part->en);
  }
  for (const model::RequiredSkill& skill : problem.skills) {
    AppendLine(text, skill.name);
    // A must-have skill is what the problem is about: say it twice.
    if (skill.level == model::SkillLevel::kMust) AppendLine(text, skill.name);
  }
  return text;
}

std::vector<Id> ConflictedExperts(Catalog& catalog, const model::Problem& problem) {
  std::vector<Id> conflicted;
  if (problem.organization_id == 0) return conflicted;
  storage::ExpertFilter filter;
  filter.organization_id = problem.organization_id;
  auto experts = ListAll<model::Expert>(catalog, filter);
  if (!experts.ok()) return conflicted;
  for (const model::Expert& expert : *experts) {
    for (const model::Affiliation& affiliation : expert.affiliations) {
      if (affiliation.current && affiliation.organization_id == problem.organization_id) {
        conflicted.push_back(expert.id);
        break;
      }
    }
  }
  return conflicted;
}

std::vector<rank::ExpertInput> EngineInputs(const std::vector<model::Expert>& experts,
                                            const std::vector<model::Work>& works,
                                            const std::vector<model::Membership>& memberships) {
  return EngineInputs(experts, std::vector<model::Work>(works), memberships);
}

std::vector<rank::ExpertInput> EngineInputs(const std::vector<model::Expert>& experts,
                                            std::vector<model::Work>&& works,
                                            const std::vector<model::Membership>& memberships) {
  std::map<Id, rank::ExpertInput> inputs;
  for (const model::Expert& expert : experts) inputs.emplace(expert.id, ToExpertInput(expert));
  std::vector<rank::ExpertInput*> authors;  // The input of each author (null: none).
  for (model::Work& work : works) {
    authors.clear();
    size_t registered = 0;
    for (const model::WorkAuthor& author : work.authors) {
      auto input = inputs.find(author.expert_id);
      authors.push_back(input != inputs.end() ? &input->second : nullptr);
      if (authors.back() != nullptr) ++registered;
    }
    // Co-authors share one copy of the text, moved out of `work`.
    std::shared_ptr<const rank::WorkInput> text;
    if (registered > 1) {
      auto shared = std::make_shared<rank::WorkInput>();
      MoveText(work, shared.get());
      shared->language = work.language;
      text = std::move(shared);
    }
    for (size_t i = 0; i < authors.size(); ++i) {
      if (authors[i] == nullptr) continue;
      rank::WorkInput input = AuthorshipInput(work, work.authors[i].expert_id);
      if (text != nullptr) {
        input.shared_text = text;
      } else {  // The one registered author.
        MoveText(work, &input);
      }
      authors[i]->works.push_back(std::move(input));
    }
  }
  for (const model::Membership& member : memberships) {
    auto input = inputs.find(member.expert_id);
    if (input != inputs.end()) input->second.chapter_ids.push_back(member.chapter_id);
  }
  std::vector<rank::ExpertInput> all;
  all.reserve(inputs.size());
  for (auto& [id, input] : inputs) all.push_back(std::move(input));
  return all;
}

Matching::Matching(Catalog* catalog, rank::EngineOptions options)
    : catalog_(catalog), engine_(WithStoredWorkText(std::move(options), catalog)) {}

Status Matching::Build() {
  ASSIGN_OR_RETURN(std::vector<model::Expert> experts, ListAll<model::Expert>(*catalog_, {}));
  ASSIGN_OR_RETURN(std::vector<model::Work> works, ListAll<model::Work>(*catalog_, {}));
  ASSIGN_OR_RETURN(std::vector<model::Chapter> chapters, ListAll<model::Chapter>(*catalog_, {}));
  std::vector<model::Membership> memberships;
  for (const model::Chapter& chapter : chapters) {
    ASSIGN_OR_RETURN(auto members, catalog_->ListMembers(chapter.id));
    memberships.insert(memberships.end(), members.begin(), members.end());
  }
  return engine_.BuildAll(EngineInputs(experts, std::move(works), memberships));
}

Result<rank::ExpertInput> Matching::LoadExpert(const model::Expert& expert) {
  rank::ExpertInput input = ToExpertInput(expert);
  storage::WorkFilter by_author;
  by_author.expert_id = expert.id;
  ASSIGN_OR_RETURN(std::vector<model::Work> works, ListAll<model::Work>(*catalog_, by_author));
  for (model::Work& work : works) {
    rank::WorkInput work_input = AuthorshipInput(work, expert.id);
    MoveText(work, &work_input);
    input.works.push_back(std::move(work_input));
  }
  ASSIGN_OR_RETURN(auto memberships, catalog_->ListMembershipsOfExpert(expert.id));
  for (const model::Membership& m : memberships) input.chapter_ids.push_back(m.chapter_id);
  return input;
}

void Matching::Reindex(Id expert_id) {
  auto expert = catalog_->Get<model::Expert>(expert_id);
  if (!expert.ok()) return;  // Removed meanwhile; its removal is told apart.
  auto input = LoadExpert(*expert);
  if (input.ok()) engine_.Upsert(std::move(input).value()).IgnoreError();
}

void Matching::OnExpertChanged(Id expert_id) {
  std::lock_guard<std::mutex> lock(reindex_mutex_);
  Reindex(expert_id);
}

void Matching::OnExpertRemoved(Id expert_id) {
  std::lock_guard<std::mutex> lock(reindex_mutex_);
  engine_.Remove(expert_id).IgnoreError();  // NotFound: it was never indexed.
}

void Matching::OnExpertsChanged(const std::vector<Id>& changed, const std::vector<Id>& removed) {
  std::lock_guard<std::mutex> lock(reindex_mutex_);
  const size_t count = changed.size() + removed.size();
  // A change committed by another thread while the store is read waits for the lock and
  // is applied after the rebuild, so the last change still wins. The engine's statistics
  // (a pass over its terms) are read only for a change of many experts, not for every edit.
  if (count >= kRebuildAtLeast &&
      count * kRebuildShare >= static_cast<size_t>(engine_.Stats().experts) && Build().ok()) {
    return;
  }
  for (Id id : removed) engine_.Remove(id).IgnoreError();  // NotFound: never indexed.
  for (Id id : changed) Reindex(id);
}

Result<std::vector<ExpertProposal>> Matching::MatchText(const MatchRequest& request) {
  if (request.k < 1 || request.k > 100) {
    return base::InvalidArgument("must be between 1 and 100", "k");
  }
  if (request.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return base::InvalidArgument("must not be empty: say what the problem is", "text");
  }
  rank::MatchQuery query;
  query.text = request.text;
  query.filters = request.filters;
  query.k = request.k;
  auto matches = engine_.Match(query);
  if (!matches.ok()) {
    const base::Status& status = matches.status();
    return status.field().empty() ? status.WithFieldPrefix("text") : status;
  }
  std::vector<ExpertProposal> proposals;
  for (rank::ExpertMatch& match : *matches) {
    auto expert = catalog_->Get<model::Expert>(match.expert_id);
    // An expert removed between the query and here is simply left out.
    if (!expert.ok()) continue;
    proposals.push_back({std::move(expert).value(), std::move(match)});
  }
  return proposals;
}

Result<std::vector<ExpertProposal>> Matching::MatchProblem(Id problem_id, MatchRequest request) {
  ASSIGN_OR_RETURN(model::Problem problem, catalog_->Get<model::Problem>(problem_id));
  request.text = ProblemQueryText(problem);
  for (Id id : ConflictedExperts(*catalog_, problem)) {
    request.filters.exclude_expert_ids.push_back(id);
  }
  return MatchText(request);
}

Result<std::vector<ProblemProposal>> Matching::ProblemsForExpert(Id expert_id, int k) {
  if (k < 1 || k > 100) return base::InvalidArgument("must be between 1 and 100", "k");
  ASSIGN_OR_RETURN(model::Expert expert, catalog_->Get<model::Expert>(expert_id));
  // The conflict rule of MatchProblem seen from the expert's side: no problem of an
  // organisation the expert currently works for.
  std::set<Id> own_organizations;
  for (const model::Affiliation& affiliation : expert.affiliations) {
    if (affiliation.current) own_organizations.insert(affiliation.organization_id);
  }
  std::vector<ProblemProposal> proposals;
  using model::ProblemStatus;
  for (ProblemStatus status :
       {ProblemStatus::kOpen, ProblemStatus::kMatching, ProblemStatus::kProposals}) {
    storage::ProblemFilter filter;
    filter.status = status;
    ASSIGN_OR_RETURN(std::vector<model::Problem> problems,
                     ListAll<model::Problem>(*catalog_, filter));
    for (model::Problem& problem : problems) {
      if (own_organizations.contains(problem.organization_id)) continue;
      ASSIGN_OR_RETURN(auto scores, engine_.ScorePairs(ProblemQueryText(problem), {expert.id}));
      if (scores.empty() || scores[0].score < kMinFeedScore) continue;
      proposals.push_back({std::move(problem), scores[0].score});
    }
  }
  // Ties keep the order of ids, whatever the status.
  std::sort(proposals.begin(), proposals.end(),
            [](const ProblemProposal& a, const ProblemProposal& b) {
              if (a.score != b.score) return a.score > b.score;
              return a.problem.id < b.problem.id;
            });
  if (proposals.size() > static_cast<size_t>(k)) proposals.resize(k);
  return proposals;
}

}  // namespace ketnoi::service

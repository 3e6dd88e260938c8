#include "service/importer.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

#include "import/identity.h"
#include "import/names.h"
#include "model/enums.h"
#include "text/fold.h"

namespace ketnoi::service {
// Declarations, not import:: at the start of a statement, which clang-format reads as a
// C++20 module import.
using import::CompareNames;
using import::Comparison;
using import::NameMatch;
using import::PersonEvidence;
using import::Rejected;
using import::SameOrganization;
using import::WorkKeys;
namespace {

// Identity resolution compares an imported person with at most this many registry experts
// sharing a family-name word (the most common Vietnamese family names are shared by a
// large part of any registry; the review queue, not a longer scan, handles the rest).
constexpr int64_t kMaxCandidates = 200;
// The id a dry run gives the expert it would create (nothing is written in a dry run).
constexpr Id kNotStored = -1;
// Records written per commit (each still all-or-nothing on its own). A commit writes every
// page its records changed, and consecutive records change the same index pages, so fewer
// commits write less: a 20k-work import wrote 155k pages at 256 records a commit, 45k at
// 8192 (for a 56 MB database). When a record fails, its commit's records are applied again
// one savepoint each.
constexpr size_t kRecordsPerCommit = 8192;
// A commit also ends once its records have taken this long: the store is held while it runs,
// and records differ widely in size (an ORCID record may bring a hundred works), so this
// bounds how long others' requests wait behind an import.
constexpr std::chrono::milliseconds kMaxCommitTime{250};
// Skills taken from an import (keywords), at most.
constexpr size_t kMaxImportedSkills = 40;

// Whether the first or the last word of `name` is a common Vietnamese family name
// (import::IsVietnameseFamilyName: with diacritics, or without them when the spelling is
// rarely another language's, so "Ho Wing Kam" is not taken for Vietnamese but "Hồ Minh"
// is). Reads a name's order, and guesses that someone abroad is overseas Vietnamese.
bool HasVietnameseFamilyName(std::string_view name) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < name.size();) {
    const size_t end = std::min(name.find(' ', i), name.size());
    if (end > i) words.push_back(name.substr(i, end - i));
    i = end + 1;
  }
  return !words.empty() && (import::IsVietnameseFamilyName(words.front()) ||
                            import::IsVietnameseFamilyName(words.back()));
}

// `text` without diacritics, or as it is when it cannot be folded.
std::string Folded(std::string_view text) {
  auto folded = text::FoldDiacritics(text);
  return folded.ok() ? std::move(folded).value() : std::string(text);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

model::OrganizationKind GuessOrganizationKind(std::string_view name) {
  const std::string lower = Lower(Folded(name));
  for (std::string_view word : {"university", "college", "school", "dai hoc", "truong"}) {
    if (lower.find(word) != std::string::npos) return model::OrganizationKind::kUniversity;
  }
  for (std::string_view word : {"institute", "academy", "laboratory", "vien ", "riken"}) {
    if (lower.find(word) != std::string::npos) return model::OrganizationKind::kInstitute;
  }
  return model::OrganizationKind::kEnterprise;
}

std::string DisplayName(const import::ImportedPerson& person) {
  if (!person.full_name.empty()) return person.full_name;
  if (person.given_names.empty()) return person.family_name;
  if (person.family_name.empty()) return person.given_names;
  return HasVietnameseFamilyName(person.family_name)
             ? person.family_name + " " + person.given_names
             : person.given_names + " " + person.family_name;
}

// Adds `value` to `list` unless it is there (compared without case). Returns whether added.
bool AddUnique(std::vector<std::string>* list, const std::string& value) {
  const std::string lower = Lower(value);
  for (const std::string& item : *list) {
    if (Lower(item) == lower) return false;
  }
  list->push_back(value);
  return true;
}

bool FillEmpty(std::string* field, const std::string& value) {
  if (!field->empty() || value.empty()) return false;
  *field = value;
  return true;
}

Rejected RejectedAt(const import::Location& location, const Status& status) {
  std::string reason = status.message();
  if (!status.field().empty()) reason += " (field: " + status.field() + ")";
  return {location, reason};
}  // namespace

}  // namespace

// The state of one Apply.
struct Importer::Run {
  Importer& importer;
  const import::ImportBatch& batch;
  const ImportOptions& options;
  ImportReport& report;
  std::optional<std::vector<model::Organization>> organizations;  // Loaded on first use.
  // The registry organisation each affiliation name found in `organizations` (comparing
  // a name with every organisation folds both, which cost more than anything else about a
  // person); forgotten with `organizations`.
  std::unordered_map<std::string, Id> organization_ids;
  // Names as identity resolution reads them, split once per Apply: the same registry
  // experts are candidates for many imported people.
  std::unordered_map<std::string, import::NameWords> split_names;
  // A candidate's names as last seen, each split (in `split_names`, whose elements stay
  // where they are): a candidate is compared with each of the namesakes imported after
  // them, and finding their names by id once costs less than hashing every name each time.
  struct CandidateNames {
    std::string full_name;
    std::vector<std::string> other_names;
    std::vector<const import::NameWords*> split;  // The full name, then the others.
  };
  std::unordered_map<Id, CandidateNames> candidate_names;
  // The registry expert of each source id looked up or stored in the current transaction
  // (nullopt: none), as FindExpertBySource would answer: an imported work names its
  // authors by source id, and the same authors come back work after work. Only the
  // transaction's own writes change the answers while it holds the database, so the memo
  // is emptied when a transaction begins or is undone.
  std::unordered_map<std::string, std::optional<Id>> experts_by_source;

  // FindExpertBySource(options.source, source_id), remembered.
  Result<std::optional<Id>> ExpertBySource(const std::string& source_id) {
    if (auto found = experts_by_source.find(source_id); found != experts_by_source.end()) {
      return found->second;
    }
    ASSIGN_OR_RETURN(std::optional<Id> id, store().FindExpertBySource(options.source, source_id));
    experts_by_source.emplace(source_id, id);
    return id;
  }

  Catalog& catalog() { return *importer.catalog_; }
  storage::Store& store() { return *importer.store_; }

  // How an imported person was found in the registry.
  struct Resolution {
    Id expert_id = 0;       // 0: a new expert.
    bool resolved = false;  // Found by identity resolution (not by source or ORCID).
    std::vector<std::pair<Id, import::Comparison>> reviews;
  };

  PersonEvidence EvidenceOf(const import::ImportedPerson& person) const {
    PersonEvidence evidence;
    evidence.name = DisplayName(person);
    evidence.other_names = person.other_names;
    evidence.orcid = person.orcid;
    evidence.emails = person.emails;
    for (const import::ImportedAffiliation& a : person.affiliations) {
      evidence.organizations.push_back(a.organization);
    }
    for (size_t index : person.works) {
      if (index >= batch.works.size()) continue;
      const import::ImportedWork& work = batch.works[index];
      for (const std::string& key : import::WorkKeys(work.doi, work.title, work.year)) {
        evidence.work_keys.push_back(key);
      }
      for (const import::ImportedAuthor& author : work.authors) {
        evidence.coauthors.push_back(author.name);
      }
    }
    return evidence;
  }

  // The candidate's names, split; read again when they are not those seen last time.
  const std::vector<const import::NameWords*>& SplitNames(
      const storage::Store::NamedExpert& candidate) {
    CandidateNames& names = candidate_names[candidate.id];
    if (names.split.empty() || names.full_name != candidate.full_name ||
        names.other_names != candidate.other_names) {
      names.full_name = candidate.full_name;
      names.other_names = candidate.other_names;
      names.split.clear();
      names.split.push_back(&Split(candidate.full_name));
      for (const std::string& name : candidate.other_names) names.split.push_back(&Split(name));
    }
    return names.split;
  }

  const import::NameWords& Split(const std::string& name) {
    auto found = split_names.find(name);
    if (found == split_names.end()) {
      found = split_names.emplace(name, import::SplitName(name)).first;
    }
    return found->second;
  }

  // The registry's organisations, read on first use and kept up to date with those this
  // import creates.
  Result<const std::vector<model::Organization>*> Organizations() {
    if (!organizations.has_value()) {
      ASSIGN_OR_RETURN(organizations, ListAll<model::Organization>(catalog(), {}));
    }
    return &*organizations;
  }

  // What the registry knows of `expert`, who is also known as `other_names`.
  Result<import::PersonEvidence> EvidenceOf(const model::Expert& expert,
                                            std::vector<std::string> other_names) {
    const Id expert_id = expert.id;
    PersonEvidence evidence;
    evidence.name = expert.full_name;
    evidence.other_names = std::move(other_names);
    evidence.orcid = expert.orcid;
    if (!expert.email.empty()) evidence.emails.push_back(expert.email);
    ASSIGN_OR_RETURN(const std::vector<model::Organization>* known, Organizations());
    for (const model::Affiliation& a : expert.affiliations) {
      auto organization =
          std::find_if(known->begin(), known->end(),
                       [&](const model::Organization& o) { return o.id == a.organization_id; });
      if (organization == known->end()) continue;
      evidence.organizations.push_back(organization->name);
      if (!organization->name_en.empty()) evidence.organizations.push_back(organization->name_en);
    }
    ASSIGN_OR_RETURN(std::vector<storage::Store::WorkEvidence> works,
                     store().ListWorkEvidence(expert_id));
    for (const storage::Store::WorkEvidence& work : works) {
      for (const std::string& key : import::WorkKeys(work.doi, work.title, work.year)) {
        evidence.work_keys.push_back(key);
      }
      for (const storage::Store::WorkEvidence::Author& author : work.authors) {
        if (author.expert_id != expert_id) evidence.coauthors.push_back(author.name);
      }
    }
    return evidence;
  }

  Result<Resolution> Resolve(const import::ImportedPerson& person) {
    Resolution resolution;
    if (!person.source_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<Id> id, ExpertBySource(person.source_id));
      if (id.has_value()) {
        resolution.expert_id = *id;
        return resolution;
      }
    }
    if (!person.orcid.empty()) {
      ASSIGN_OR_RETURN(std::optional<Id> id, store().FindExpertByOrcid(person.orcid));
      if (id.has_value()) {
        resolution.expert_id = *id;
        return resolution;
      }
    }
    std::vector<std::string> words;
    for (const std::string& key : import::FamilyKeys(DisplayName(person))) AddUnique(&words, key);
    for (const std::string& name : person.other_names) {
      for (const std::string& key : import::FamilyKeys(name)) AddUnique(&words, key);
    }
    if (words.empty()) return resolution;
    ASSIGN_OR_RETURN(std::vector<storage::Store::NamedExpert> candidates,
                     store().FindExpertsByNameWords(words, kMaxCandidates));
    const import::PersonEvidence imported = EvidenceOf(person);
    NameMatch best_name = import::NameMatch::kConflict;
    std::vector<const import::NameWords*> imported_names;
    for (const std::string& name : person.other_names) imported_names.push_back(&Split(name));
    imported_names.push_back(&Split(imported.name));
    auto agrees = [&](const import::NameWords* known) {
      return std::any_of(imported_names.begin(), imported_names.end(),
                         [&](const import::NameWords* x) {
                           return CompareNames(*x, *known) != NameMatch::kConflict;
                         });
    };
    for (storage::Store::NamedExpert& candidate : candidates) {
      // The names first: most candidates share only a family name, and the rest of what is
      // known of them (every work) is worth reading only when the names agree.
      const std::vector<const import::NameWords*>& names = SplitNames(candidate);
      if (std::none_of(names.begin(), names.end(), agrees)) continue;
      ASSIGN_OR_RETURN(model::Expert expert, catalog().Get<model::Expert>(candidate.id));
      ASSIGN_OR_RETURN(PersonEvidence known, EvidenceOf(expert, std::move(candidate.other_names)));
      Comparison comparison = import::ComparePeople(imported, known);
      if (comparison.decision == import::Decision::kSame && comparison.name > best_name) {
        best_name = comparison.name;
        resolution.expert_id = candidate.id;
        resolution.resolved = true;
      } else if (comparison.decision == import::Decision::kReview) {
        resolution.reviews.emplace_back(candidate.id, std::move(comparison));
      }
    }
    if (resolution.expert_id != 0) resolution.reviews.clear();
    return resolution;
  }

  // The registry organisation named `name`, created when there is none and `country` is
  // known (kNotStored in a dry run); 0 when neither.
  Result<Id> Organization(const import::ImportedAffiliation& affiliation,
                          const std::string& person_country) {
    ASSIGN_OR_RETURN(const std::vector<model::Organization>* all, Organizations());
    // `organizations` only grows while it is kept, so the first one that matched a name
    // stays the first.
    if (auto found = organization_ids.find(affiliation.organization);
        found != organization_ids.end()) {
      return found->second;
    }
    for (const model::Organization& known : *all) {
      if (import::SameOrganization(known.name, affiliation.organization) ||
          (!known.name_en.empty() && SameOrganization(known.name_en, affiliation.organization))) {
        organization_ids.emplace(affiliation.organization, known.id);
        return known.id;
      }
    }
    // An affiliation without its own country is taken to be in the person's country of
    // residence (a CSV sheet gives one country per row).
    const std::string& country = affiliation.country.empty() ? person_country : affiliation.country;
    if (country.empty()) return Id{0};
    if (options.dry_run) return kNotStored;
    model::Organization organization;
    organization.name = affiliation.organization;
    organization.kind = GuessOrganizationKind(affiliation.organization);
    organization.country = country;
    organization.city = affiliation.city;
    ASSIGN_OR_RETURN(model::Organization created, catalog().Create(organization));
    organizations->push_back(created);
    return created.id;
  }

  // Completes `expert` with what `person` says. Returns whether anything changed.
  Result<bool> Complete(const import::ImportedPerson& person, model::Expert* expert,
                        const import::Location& location) {
    bool changed = FillEmpty(&expert->orcid, person.orcid);
    if (expert->email.empty()) {
      for (const std::string& email : person.emails) {
        if (FillEmpty(&expert->email, email)) {
          changed = true;
          break;
        }
      }
    }
    changed = FillEmpty(&expert->country, person.country) || changed;
    const bool vietnamese_bio = person.biography_language == "vi";
    changed =
        FillEmpty(vietnamese_bio ? &expert->bio.vi : &expert->bio.en, person.biography) || changed;
    for (const std::string& keyword : person.keywords) {
      if (expert->skills.size() >= kMaxImportedSkills) break;
      changed = AddUnique(&expert->skills, keyword) || changed;
    }
    for (const import::ImportedAffiliation& affiliation : person.affiliations) {
      if (affiliation.education || affiliation.organization.empty()) continue;
      ASSIGN_OR_RETURN(Id organization_id, Organization(affiliation, person.country));
      if (organization_id == 0) {
        if (!options.dry_run) {
          report.warnings.push_back(
              {location, "affiliation '" + affiliation.organization +
                             "' left out: no such organisation and no country to create it "
                             "(give the person's or the affiliation's country)"});
        }
        continue;
      }
      const bool known = std::any_of(
          expert->affiliations.begin(), expert->affiliations.end(),
          [&](const model::Affiliation& a) { return a.organization_id == organization_id; });
      if (known) continue;
      expert->affiliations.push_back(
          {organization_id, affiliation.role, affiliation.end_year == 0});
      changed = true;
      if (expert->country.empty()) changed = FillEmpty(&expert->country, affiliation.country);
    }
    return changed;
  }

  // Stores one person and their works. Runs inside a transaction.
  Status Person(const import::ImportedPerson& person) {
    ASSIGN_OR_RETURN(Resolution resolution, Resolve(person));
    Id expert_id = resolution.expert_id;
    const std::string name = DisplayName(person);
    std::string full_name;  // The expert's, as stored.
    if (expert_id == 0) {
      model::Expert expert;
      expert.full_name = name;
      ASSIGN_OR_RETURN(bool completed, Complete(person, &expert, person.location));
      (void)completed;
      // Without a country (many ORCID records give none) the expert is stored with it
      // unknown, and is taken to live outside Vietnam.
      expert.background = expert.country == "VN"          ? model::Background::kDomestic
                          : HasVietnameseFamilyName(name) ? model::Background::kOverseasVietnamese
                                                          : model::Background::kForeign;
      ++report.created;
      if (options.dry_run) {
        expert_id = kNotStored;
      } else {
        ASSIGN_OR_RETURN(model::Expert created, catalog().Create(std::move(expert)));
        expert_id = created.id;
        full_name = std::move(created.full_name);
      }
      for (const auto& [candidate, comparison] : resolution.reviews) {
        ++report.queued;
        if (options.dry_run) continue;
        model::IdentityReview review;
        review.expert_id = candidate;
        review.candidate_id = expert_id;
        review.name_match = std::string(import::NameMatchName(comparison.name));
        review.reasons = comparison.reasons;
        RETURN_IF_ERROR(store().CreateIdentityReview(review).status());
      }
    } else {
      ASSIGN_OR_RETURN(model::Expert expert, catalog().Get<model::Expert>(expert_id));
      ASSIGN_OR_RETURN(bool changed, Complete(person, &expert, person.location));
      if (resolution.resolved) ++report.merged;
      if (changed) {
        ++report.updated;
        if (!options.dry_run) {
          ASSIGN_OR_RETURN(model::Expert updated, catalog().Update(std::move(expert)));
          full_name = std::move(updated.full_name);
        } else {
          full_name = std::move(expert.full_name);
        }
      } else {
        ++report.unchanged;
        full_name = std::move(expert.full_name);
      }
    }
    if (!options.dry_run) {
      if (!person.source_id.empty()) {
        RETURN_IF_ERROR(store().PutExpertSource(options.source, person.source_id, expert_id));
        experts_by_source[person.source_id] = expert_id;
      }
      std::vector<storage::Store::OtherName> names;
      std::vector<std::string> all = person.other_names;
      all.push_back(name);
      for (const std::string& other : all) {
        if (other.empty() || other == full_name) continue;
        names.push_back({.name = other, .name_ascii = Folded(other)});
      }
      if (!names.empty()) RETURN_IF_ERROR(store().AddExpertNames(expert_id, names));
    }
    for (size_t index : person.works) {
      if (index >= batch.works.size()) continue;
      RETURN_IF_ERROR(Work(batch.works[index], expert_id, name)
                          .WithContext("work '" + batch.works[index].title + "'"));
    }
    return Status::Ok();
  }

  // The registry expert an author of an imported work is, by ORCID iD or source id; 0 when
  // neither is known.
  Result<Id> AuthorExpert(const import::ImportedAuthor& author) {
    if (!author.source_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<Id> id, ExpertBySource(author.source_id));
      if (id.has_value()) return *id;
    }
    if (!author.orcid.empty()) {
      ASSIGN_OR_RETURN(std::optional<Id> id, store().FindExpertByOrcid(author.orcid));
      if (id.has_value()) return *id;
    }
    return Id{0};
  }

  // Links `expert_id` (named `name`) to the author entry whose name agrees with theirs, or
  // adds an entry. Returns whether `work` changed.
  static bool Link(model::Work* work, Id expert_id, const std::string& name) {
    if (expert_id == 0) return false;
    for (const model::WorkAuthor& author : work->authors) {
      if (author.expert_id == expert_id) return false;
    }
    for (model::WorkAuthor& author : work->authors) {
      if (author.expert_id == 0 &&
          CompareNames(author.name, name) != import::NameMatch::kConflict) {
        author.expert_id = expert_id;
        return true;
      }
    }
    work->authors.push_back({.name = name, .expert_id = expert_id});
    return true;
  }

  // Stores one work, linked to `expert_id` (0: linked only through its authors' ids).
  Status Work(const import::ImportedWork& imported, Id expert_id, const std::string& name) {
    const std::vector<std::string> keys = WorkKeys(imported.doi, imported.title, imported.year);
    std::optional<Id> existing;
    for (const std::string& key : keys) {
      ASSIGN_OR_RETURN(existing, store().FindWorkByKey(key));
      if (existing.has_value()) break;
    }
    model::Work work;
    bool changed = false;
    if (existing.has_value()) {
      ASSIGN_OR_RETURN(work, catalog().Get<model::Work>(*existing));
      changed = FillEmpty(&work.abstract, imported.abstract);
      changed = FillEmpty(&work.venue, imported.venue) || changed;
      changed = FillEmpty(&work.doi, imported.doi) || changed;
      changed = FillEmpty(&work.url, imported.url) || changed;
      if (work.year == 0 && imported.year != 0) {
        work.year = imported.year;
        changed = true;
      }
      for (const std::string& keyword : imported.keywords) {
        changed = AddUnique(&work.keywords, keyword) || changed;
      }
    } else {
      work.kind = imported.kind;
      work.title = imported.title;
      work.abstract = imported.abstract;
      work.year = imported.year;
      work.venue = imported.venue;
      work.language = imported.language;
      work.doi = imported.doi;
      work.url = imported.url;
      work.keywords = imported.keywords;
      for (const import::ImportedAuthor& author : imported.authors) {
        ASSIGN_OR_RETURN(Id author_expert, AuthorExpert(author));
        work.authors.push_back({.name = author.name,
                                .expert_id = author_expert,
                                .corresponding = author.corresponding});
      }
      changed = true;
    }
    changed = Link(&work, expert_id, name) || changed;
    if (work.authors.empty()) return base::InvalidArgument("the work has no author", "authors");
    if (!existing.has_value()) {
      ++report.works_created;
    } else if (changed) {
      ++report.works_updated;
    } else {
      ++report.works_unchanged;
    }
    if (options.dry_run) return Status::Ok();
    Id id = existing.value_or(0);
    if (!existing.has_value()) {
      ASSIGN_OR_RETURN(model::Work created, catalog().Create(std::move(work)));
      id = created.id;
    } else if (changed) {
      RETURN_IF_ERROR(catalog().Update(std::move(work)).status());
    }
    return store().PutWorkKeys(id, keys);
  }
};

Result<ImportReport> Importer::Apply(const import::ImportBatch& batch,
                                     const ImportOptions& options) {
  ImportReport report;
  report.dry_run = options.dry_run;
  report.records_read = batch.records_read;
  report.rejected = batch.rejected;
  report.warnings = batch.warnings;
  Run run{*this, batch, options, report, std::nullopt, {}, {}, {}, {}};

  std::string owner_name;
  if (options.expert_id != 0) {
    ASSIGN_OR_RETURN(model::Expert owner, catalog_->Get<model::Expert>(options.expert_id));
    owner_name = owner.full_name;
  }
  // Each record in a transaction of its own (a savepoint): a failure undoes that record's
  // writes and the counts it added, and the import goes on with the next. Records commit
  // kRecordsPerCommit at a time, so that a bulk import does not wait for the disk after
  // every record; the report is returned only once everything is committed and synced.
  //
  // A task is a record: a person with their works, or a work of no person in the batch.
  struct Task {
    const import::Location* location;
    const import::ImportedPerson* person;  // Null for a work on its own.
    const import::ImportedWork* work;
  };
  std::vector<Task> tasks;
  tasks.reserve(batch.people.size() + batch.works.size());
  std::vector<bool> attached(batch.works.size(), false);
  for (const import::ImportedPerson& person : batch.people) {
    for (size_t index : person.works) {
      if (index < attached.size()) attached[index] = true;
    }
    tasks.push_back({.location = &person.location, .person = &person, .work = nullptr});
  }
  for (size_t i = 0; i < batch.works.size(); ++i) {
    if (attached[i]) continue;
    const import::ImportedWork& work = batch.works[i];
    tasks.push_back({.location = &work.location, .person = nullptr, .work = &work});
  }
  auto run_task = [&](const Task& task) {
    return task.person != nullptr ? run.Person(*task.person)
                                  : run.Work(*task.work, options.expert_id, owner_name);
  };
  // The organisations and expert sources a record or a transaction wrote are gone when it
  // is undone; read them again when needed.
  auto forget_written = [&run] {
    run.organizations.reset();
    run.organization_ids.clear();
    run.experts_by_source.clear();
  };
  auto apply_one = [&](const Task& task) {
    const ImportReport::Counts before = report.counts();
    const Status status = catalog_->InTransaction([&] { return run_task(task); });
    if (status.ok()) return;
    report.set_counts(before);
    forget_written();
    report.rejected.push_back(RejectedAt(*task.location, status));
  };
  for (size_t begin = 0, end = 0; begin < tasks.size(); begin = end) {
    // A commit takes the records from `begin` until kRecordsPerCommit of them or
    // kMaxCommitTime, whichever comes first (the store is held meanwhile), or one fails;
    // `end` is then past the last it ran.
    const size_t limit = std::min(tasks.size(), begin + kRecordsPerCommit);
    end = begin;
    // First the records together, without a savepoint each (the savepoints, which copy
    // every page a record changes, were a sixth of a bulk import's instructions): when
    // they all succeed, which is the rule, that stores the same as record by record.
    // When one fails, the transaction is undone with everything the report gained in it,
    // and the records are applied again one savepoint each, which keeps the others and
    // reports that one (being deterministic, they decide the same).
    const ImportReport::Counts before = report.counts();
    const size_t rejected_before = report.rejected.size();
    const size_t warnings_before = report.warnings.size();
    bool record_failed = false;
    run.experts_by_source.clear();  // Others may have written since the last transaction.
    const auto started = std::chrono::steady_clock::now();
    const Status together = catalog_->InBulkTransaction([&]() -> Status {
      while (end < limit) {
        Status status = run_task(tasks[end++]);
        if (!status.ok()) {
          record_failed = true;
          return status;
        }
        if (std::chrono::steady_clock::now() - started >= kMaxCommitTime) break;
      }
      return Status::Ok();
    });
    if (together.ok()) continue;
    if (!record_failed) return together;  // The store failed, not a record.
    report.set_counts(before);
    report.rejected.resize(rejected_before);
    report.warnings.resize(warnings_before);
    forget_written();
    RETURN_IF_ERROR(catalog_->InTransaction([&] {
      for (size_t i = begin; i < end; ++i) apply_one(tasks[i]);
      return Status::Ok();
    }));
  }
  // The bulk transactions reach the disk together, before the report says they are stored.
  RETURN_IF_ERROR(store_->Sync());
  return report;
}

Result<ListResult<model::IdentityReview>> Importer::ListReviews(
    std::optional<model::ReviewStatus> status, const Page& page) {
  return store_->ListIdentityReviews(status, page);
}

Result<model::IdentityReview> Importer::Merge(Id review_id) {
  ASSIGN_OR_RETURN(model::IdentityReview review, store_->GetIdentityReview(review_id));
  if (review.status != model::ReviewStatus::kOpen) {
    return base::FailedPrecondition("identity review " + std::to_string(review_id) +
                                    " was already decided (" +
                                    std::string(model::ToName(review.status)) + ")");
  }
  RETURN_IF_ERROR(catalog_->MergeExperts(review.expert_id, review.candidate_id));
  return store_->GetIdentityReview(review_id);
}

Result<model::IdentityReview> Importer::KeepApart(Id review_id) {
  return store_->DecideIdentityReview(review_id, model::ReviewStatus::kKeptApart);
}

}  // namespace ketnoi::service

// Store: the system of record for every entity of the domain model.
//
// Callers (the service layer) see only this interface; SQLite (storage/sqlite/) is the
// embedded implementation and a PostgreSQL one can be added without touching callers.
//
// Contracts shared by every method:
// - Create* ignores the id and timestamps of its argument, assigns them, and returns the
//   stored entity as a later Get* would return it. Create* and Update* take the entity by
//   value: a caller that is done with it moves it in, and it becomes the result uncopied.
// - Update* replaces every field of the entity with the given id (timestamps excepted) and
//   returns the stored entity; NotFound when no entity has that id.
// - Unique keys (expert ORCID, chapter code, taxonomy version code, group number within a
//   version) violated -> AlreadyExists naming the field. A reference to a missing entity
//   -> InvalidArgument naming the field. Deleting an entity that others still reference
//   (an organization with problems, a taxonomy version with groups) -> FailedPrecondition.
// - Every write is atomic and durable once the method returns OK (InBulkTransaction's
//   once Sync returns OK).
// - Store does not validate field formats; the service layer does that before calling.
//
// Thread safety: implementations are safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/review.h"
#include "model/taxonomy.h"
#include "model/work.h"

namespace ketnoi::storage {

using base::Result;
using base::Status;
using model::Id;

// Which slice of a list to return, and in which order.
struct Page {
  int64_t offset = 0;
  int64_t limit = 20;
  std::string sort;  // A field name listed by the entity's filter; empty = by id.
  bool descending = false;
  // Keyset paging, for walking every entity: > 0 lists only those whose id is above it
  // (the last id of the previous page), found directly where an offset has every earlier
  // entity stepped over. Requires the order by id, ascending, and no offset.
  Id after_id = 0;
  // Whether ListResult::total is counted, which reads every matching entity.
  bool count_total = true;
};

template <typename T>
struct ListResult {
  std::vector<T> items;
  int64_t total = 0;  // Matching entities before offset and limit; -1 when not counted.
};

// Filters: an empty string or nullopt means "any". Sort fields accepted are listed.
struct ExpertFilter {  // sort: id, full_name, name_ascii, country, updated_at
  std::string country;
  std::optional<Id> chapter_id;
  std::optional<Id> group_id;
  std::optional<Id> organization_id;  // Any affiliation, current or past.
  std::string name_prefix;  // Case-insensitive prefix of name_ascii or of any of its words.
};
struct WorkFilter {  // sort: id, year, title
  std::optional<Id> expert_id;
  std::optional<model::WorkKind> kind;
  std::string language;
};
struct OrganizationFilter {  // sort: id, name, country
  std::string country;
  std::optional<model::OrganizationKind> kind;
};
struct ChapterFilter {  // sort: id, code
  std::string country;  // Chapters covering this country.
};
struct TaxonomyGroupFilter {  // sort: id, number
  std::optional<Id> version_id;
};
struct ProblemFilter {  // sort: id, deadline, updated_at
  std::string country;  // Country of the commissioning organization.
  std::optional<Id> organization_id;
  std::optional<Id> group_id;
  std::optional<model::ProblemStatus> status;
};

class Store {
 public:
  virtual ~Store() = default;

  // Returns the schema version the store is at after its migrations.
  virtual Result<int> SchemaVersion() = 0;

  // Runs `body` so that all its writes through this store commit together or not at all:
  // if `body` returns an error, nothing it wrote remains. Calls may nest.
  // REQUIRES: `body` uses this store only from the calling thread.
  virtual Status InTransaction(const std::function<Status()>& body) = 0;

  // InTransaction for bulk writes: the calls inside `body` (and InTransaction calls nested
  // in it) need not be atomic one by one, since the whole transaction is undone when any
  // of them fails. A store may then leave out what makes each call atomic on its own (in
  // SQLite, a savepoint per call, which costs as much as a small write). Outside a
  // transaction; nested, it is InTransaction.
  // Unlike every other write, a bulk transaction need not be durable when it returns OK,
  // only once Sync returns OK after it: a bulk import commits many and acknowledges them
  // together, and waiting for the disk at each commit was a tenth of its time. A crash
  // before Sync keeps each bulk transaction whole or undoes it whole.
  // REQUIRES: as InTransaction; and `body` returns an error as soon as a call fails (a
  // failed call may have written part of what it was asked to, which only undoing the
  // whole transaction removes).
  virtual Status InBulkTransaction(const std::function<Status()>& body) = 0;
  // Makes every transaction committed so far durable, bulk ones included.
  virtual Status Sync() = 0;

  virtual Result<model::Organization> CreateOrganization(model::Organization org) = 0;
  virtual Result<model::Organization> GetOrganization(Id id) = 0;
  virtual Result<model::Organization> UpdateOrganization(model::Organization org) = 0;
  virtual Status DeleteOrganization(Id id) = 0;
  virtual Result<ListResult<model::Organization>> ListOrganizations(
      const OrganizationFilter& filter, const Page& page) = 0;

  virtual Result<model::TaxonomyVersion> CreateTaxonomyVersion(model::TaxonomyVersion v) = 0;
  virtual Result<model::TaxonomyVersion> GetTaxonomyVersion(Id id) = 0;
  virtual Result<model::TaxonomyVersion> UpdateTaxonomyVersion(model::TaxonomyVersion v) = 0;
  virtual Status DeleteTaxonomyVersion(Id id) = 0;
  virtual Result<ListResult<model::TaxonomyVersion>> ListTaxonomyVersions(const Page& page) = 0;

  virtual Result<model::TaxonomyGroup> CreateTaxonomyGroup(model::TaxonomyGroup g) = 0;
  virtual Result<model::TaxonomyGroup> GetTaxonomyGroup(Id id) = 0;
  virtual Result<model::TaxonomyGroup> UpdateTaxonomyGroup(model::TaxonomyGroup g) = 0;
  virtual Status DeleteTaxonomyGroup(Id id) = 0;
  virtual Result<ListResult<model::TaxonomyGroup>> ListTaxonomyGroups(
      const TaxonomyGroupFilter& filter, const Page& page) = 0;

  virtual Result<model::Chapter> CreateChapter(model::Chapter chapter) = 0;
  virtual Result<model::Chapter> GetChapter(Id id) = 0;
  virtual Result<model::Chapter> UpdateChapter(model::Chapter chapter) = 0;
  virtual Status DeleteChapter(Id id) = 0;  // Also removes its memberships.
  virtual Result<ListResult<model::Chapter>> ListChapters(const ChapterFilter& filter,
                                                          const Page& page) = 0;

  // Adds or replaces the membership of (chapter_id, expert_id).
  virtual Result<model::Membership> PutMembership(const model::Membership& membership) = 0;
  // NotFound when the expert is not a member of the chapter.
  virtual Status DeleteMembership(Id chapter_id, Id expert_id) = 0;
  virtual Result<std::vector<model::Membership>> ListMembershipsOfChapter(Id chapter_id) = 0;
  virtual Result<std::vector<model::Membership>> ListMembershipsOfExpert(Id expert_id) = 0;

  virtual Result<model::Expert> CreateExpert(model::Expert expert) = 0;
  virtual Result<model::Expert> GetExpert(Id id) = 0;
  virtual Result<model::Expert> UpdateExpert(model::Expert expert) = 0;
  // Also removes the expert's memberships and unlinks them from works' author lists.
  virtual Status DeleteExpert(Id id) = 0;
  virtual Result<ListResult<model::Expert>> ListExperts(const ExpertFilter& filter,
                                                        const Page& page) = 0;

  virtual Result<model::Work> CreateWork(model::Work work) = 0;
  virtual Result<model::Work> GetWork(Id id) = 0;
  virtual Result<model::Work> UpdateWork(model::Work work) = 0;
  virtual Status DeleteWork(Id id) = 0;
  virtual Result<ListResult<model::Work>> ListWorks(const WorkFilter& filter, const Page& page) = 0;

  // --- Imports and identity resolution -------------------------------------------------

  // The expert that the record `source_id` of `source` ("orcid", "openalex", "csv",
  // "bibtex") became on an earlier import, or nullopt.
  virtual Result<std::optional<Id>> FindExpertBySource(const std::string& source,
                                                       const std::string& source_id) = 0;
  // Links the record to `expert_id`, replacing an earlier link of the same record.
  virtual Status PutExpertSource(const std::string& source, const std::string& source_id,
                                 Id expert_id) = 0;

  // Names the expert is also known as (each with its ASCII fold), kept for identity
  // resolution; adding a name the expert has is a no-op.
  struct OtherName {
    std::string name;
    std::string name_ascii;
  };
  virtual Status AddExpertNames(Id expert_id, const std::vector<OtherName>& names) = 0;
  // The names the expert is also known as, in byte order.
  virtual Result<std::vector<std::string>> ListExpertNames(Id expert_id) = 0;
  // An expert as identity resolution first sees them: by their names only.
  struct NamedExpert {
    Id id = 0;
    std::string full_name;
    std::vector<std::string> other_names;  // As ListExpertNames gives them.

    bool operator==(const NamedExpert&) const = default;
  };
  // Experts with any of `words` (lower-case ASCII) as a whole word (between spaces, ASCII
  // case ignored) of their ASCII name or of a name they are also known as: the candidates
  // identity resolution compares. At most `limit` of them, in id order, with their names,
  // so that the candidates whose names disagree cost nothing more.
  virtual Result<std::vector<NamedExpert>> FindExpertsByNameWords(
      const std::vector<std::string>& words, int64_t limit) = 0;
  // What identity resolution compares of an expert's works (hidden ones included): each
  // work's DOI, title and year and its authors, in work id order, the authors in theirs.
  // One query, where listing the works would read every column and list them page by page.
  struct WorkEvidence {
    Id id = 0;
    std::string doi;
    std::string title;
    int year = 0;
    struct Author {
      std::string name;
      Id expert_id = 0;  // 0: not a registry expert.
    };
    std::vector<Author> authors;
  };
  virtual Result<std::vector<WorkEvidence>> ListWorkEvidence(Id expert_id) = 0;
  // The expert with this ORCID iD (exactly as stored), or nullopt.
  virtual Result<std::optional<Id>> FindExpertByOrcid(const std::string& orcid) = 0;

  // The work a key ("doi:10.1/x", or a normalised title and year) belongs to, or nullopt.
  virtual Result<std::optional<Id>> FindWorkByKey(const std::string& key) = 0;
  // Adds keys of `work_id`; a key that already belongs to another work is left to it.
  virtual Status PutWorkKeys(Id work_id, const std::vector<std::string>& keys) = 0;

  virtual Result<model::IdentityReview> CreateIdentityReview(
      const model::IdentityReview& review) = 0;  // AlreadyExists for the same pair.
  virtual Result<model::IdentityReview> GetIdentityReview(Id id) = 0;
  virtual Result<ListResult<model::IdentityReview>> ListIdentityReviews(
      std::optional<model::ReviewStatus> status, const Page& page) = 0;
  // Sets the status of an open review and its decision time. FailedPrecondition when the
  // review is no longer open.
  virtual Result<model::IdentityReview> DecideIdentityReview(Id id, model::ReviewStatus status) = 0;

  // Makes `from` part of `into`: their authorships (with the curation choices), chapter
  // memberships, sources, other names (with `from`'s own name), affiliations and groups
  // that `into` lacks move to `into`, and `from` is deleted. NotFound for either;
  // InvalidArgument when they are the same expert.
  virtual Status MergeExperts(Id into, Id from) = 0;

  virtual Result<model::Problem> CreateProblem(model::Problem problem) = 0;
  virtual Result<model::Problem> GetProblem(Id id) = 0;
  virtual Result<model::Problem> UpdateProblem(model::Problem problem) = 0;
  virtual Status DeleteProblem(Id id) = 0;
  virtual Result<ListResult<model::Problem>> ListProblems(const ProblemFilter& filter,
                                                          const Page& page) = 0;
};

}  // namespace ketnoi::storage

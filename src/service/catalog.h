// Catalog: the use cases that create, read, change, delete and list the registry's
// entities (organizations, taxonomy, chapters and memberships, experts, works, problems).
//
// Every write is validated (model/validate.h) and completed (an expert's ASCII name is
// derived from the full name; text is NFC-normalised) before it reaches the Store, so the
// HTTP layer and the dataset loader get the same guarantees. The Catalog does not own the
// store.
//
// The entity operations are templates, instantiated in catalog.cc for Organization,
// TaxonomyVersion, TaxonomyGroup, Chapter, Expert, Work and Problem.
//
// Thread safety: as safe as the Store it wraps (SqliteStore: any thread).
#pragma once

#include <vector>

#include "base/result.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/taxonomy.h"
#include "model/work.h"
#include "storage/store.h"

namespace ketnoi::service {

using base::Result;
using base::Status;
using model::Id;
using storage::ListResult;
using storage::Page;

// Maps an entity type to the filter its List accepts.
template <typename T>
struct FilterOf;
template <>
struct FilterOf<model::Organization> {
  using type = storage::OrganizationFilter;
};
template <>
struct FilterOf<model::TaxonomyVersion> {
  struct type {};
};
template <>
struct FilterOf<model::TaxonomyGroup> {
  using type = storage::TaxonomyGroupFilter;
};
template <>
struct FilterOf<model::Chapter> {
  using type = storage::ChapterFilter;
};
template <>
struct FilterOf<model::Expert> {
  using type = storage::ExpertFilter;
};
template <>
struct FilterOf<model::Work> {
  using type = storage::WorkFilter;
};
template <>
struct FilterOf<model::Problem> {
  using type = storage::ProblemFilter;
};
template <typename T>
using Filter = typename FilterOf<T>::type;

// Told about changes that affect how experts match: an expert created or changed, their
// works or chapter memberships changed, or the expert removed. Called after the change is
// committed, on the thread that made it.
class CatalogListener {
 public:
  virtual ~CatalogListener() = default;
  virtual void OnExpertChanged(Id expert_id) = 0;
  virtual void OnExpertRemoved(Id expert_id) = 0;
};

class Catalog {
 public:
  // REQUIRES: store outlives the Catalog.
  explicit Catalog(storage::Store* store) : store_(store) {}

  // Sets (or clears, with nullptr) the one listener. REQUIRES: called before the Catalog is
  // shared between threads; `listener` outlives the Catalog or is cleared first.
  void SetListener(CatalogListener* listener) { listener_ = listener; }

  // Validates and stores a new entity; its id and timestamps are assigned.
  // Errors: InvalidArgument (with the field), AlreadyExists for a taken unique key.
  template <typename T>
  Result<T> Create(T value);

  // Errors: NotFound.
  template <typename T>
  Result<T> Get(Id id);

  // Replaces the entity with id `value.id`. Errors: as Create, and NotFound.
  template <typename T>
  Result<T> Update(T value);

  // Errors: NotFound; FailedPrecondition while other entities refer to it.
  template <typename T>
  Status Delete(Id id);

  // Errors: InvalidArgument for an unknown sort field or a limit outside 1..1000.
  template <typename T>
  Result<ListResult<T>> List(const Filter<T>& filter, const Page& page);

  // Adds or replaces a membership. Errors: InvalidArgument, NotFound for the chapter.
  Result<model::Membership> PutMembership(const model::Membership& membership);
  Status DeleteMembership(Id chapter_id, Id expert_id);
  // Errors: NotFound for the chapter.
  Result<std::vector<model::Membership>> ListMembers(Id chapter_id);
  // Errors: NotFound for the expert.
  Result<std::vector<model::Membership>> ListMembershipsOfExpert(Id expert_id);

  // Makes expert `from` part of `into` (Store::MergeExperts) and tells the listener.
  // Errors: NotFound, InvalidArgument for the same expert.
  Status MergeExperts(Id into, Id from);

  // Finds a chapter by its code ("JP", "UK-IE"), case-insensitively. Errors: NotFound.
  Result<model::Chapter> FindChapterByCode(std::string_view code);

  Result<int> SchemaVersion() { return store_->SchemaVersion(); }

  // Runs `body` atomically (see Store::InTransaction).
  Status InTransaction(const std::function<Status()>& body) { return store_->InTransaction(body); }
  // Runs `body` atomically, its calls not atomic one by one (see Store::InBulkTransaction).
  Status InBulkTransaction(const std::function<Status()>& body) {
    return store_->InBulkTransaction(body);
  }

 private:
  // The experts whose matching data a write of `value` changes.
  template <typename T>
  std::vector<Id> AffectedExperts(const T& value) const;
  void NotifyChanged(const std::vector<Id>& expert_ids);

  storage::Store* store_;
  CatalogListener* listener_ = nullptr;
};

// List is specialised per entity type in catalog.cc.
// NOLINTBEGIN(bugprone-macro-parentheses): `Type` is a template argument.
#define KETNOI_DECLARE_LIST(Type) \
  template <>                     \
  Result<ListResult<Type>> Catalog::List<Type>(const Filter<Type>& filter, const Page& page);
KETNOI_DECLARE_LIST(model::Organization)
KETNOI_DECLARE_LIST(model::TaxonomyVersion)
KETNOI_DECLARE_LIST(model::TaxonomyGroup)
KETNOI_DECLARE_LIST(model::Chapter)
KETNOI_DECLARE_LIST(model::Expert)
KETNOI_DECLARE_LIST(model::Work)
KETNOI_DECLARE_LIST(model::Problem)
#undef KETNOI_DECLARE_LIST
// NOLINTEND(bugprone-macro-parentheses)

// Reads every page of a list into one vector.
template <typename T>
Result<std::vector<T>> ListAll(Catalog& catalog, const Filter<T>& filter) {
  constexpr int kPageSize = 1000;
  std::vector<T> all;
  Page page{.offset = 0, .limit = kPageSize, .sort = {}, .descending = false};
  while (true) {
    ASSIGN_OR_RETURN(ListResult<T> result, catalog.List<T>(filter, page));
    for (T& item : result.items) all.push_back(std::move(item));
    page.offset += kPageSize;
    if (page.offset >= result.total) return all;
  }
}

}  // namespace ketnoi::service

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

#include <mutex>
#include <thread>
#include <unordered_map>
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
// committed, on the thread that made it: a change made outside a Catalog transaction right
// away, one by one; the changes of a transaction (InTransaction, InBulkTransaction) once it
// commits, together, and not at all when it is undone.
class CatalogListener {
 public:
  virtual ~CatalogListener() = default;
  virtual void OnExpertChanged(Id expert_id) = 0;
  virtual void OnExpertRemoved(Id expert_id) = 0;
  // The experts a committed transaction changed and those it removed, each id once, in the
  // list of what happened to it last. By default one call each, removals first.
  virtual void OnExpertsChanged(const std::vector<Id>& changed, const std::vector<Id>& removed) {
    for (Id id : removed) OnExpertRemoved(id);
    for (Id id : changed) OnExpertChanged(id);
  }
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

  // Runs `body` atomically (see Store::InTransaction); the listener hears of its changes
  // once it commits.
  Status InTransaction(const std::function<Status()>& body) {
    return Transaction(/*bulk=*/false, body);
  }
  // Runs `body` atomically, its calls not atomic one by one, and durably only once the
  // store's Sync returns OK (see Store::InBulkTransaction); the listener hears of its
  // changes once it commits.
  Status InBulkTransaction(const std::function<Status()>& body) {
    return Transaction(/*bulk=*/true, body);
  }
  // Runs `body` (not atomically), the listener hearing of every change it commits, in any
  // number of transactions, together when it returns: an import commits every few hundred
  // records, and the index is better updated once for all of them.
  Status Batched(const std::function<Status()>& body);

 private:
  // The experts whose matching data a write of `value` changes.
  template <typename T>
  std::vector<Id> AffectedExperts(const T& value) const;
  void NotifyChanged(const std::vector<Id>& expert_ids);
  void NotifyRemoved(Id expert_id);
  // Runs a store transaction of the calling thread, keeping the changes it notifies until
  // the outermost one commits (a nested one that fails drops its own).
  Status Transaction(bool bulk, const std::function<Status()>& body);
  // Ends a transaction or batch of the calling thread: drops the notices from `mark` on if
  // `undone`, and tells the listener of the rest once the thread is in neither.
  void EndDeferring(bool transaction, bool undone, size_t mark);
  // Keeps the notice if the calling thread is inside a transaction; false if it is not.
  bool Defer(Id expert_id, bool removed);

  storage::Store* store_;
  CatalogListener* listener_ = nullptr;
  // Per thread inside a transaction: its depth and the changes notified in it, in order.
  // Threads apart, since a change made outside any transaction is told at once.
  struct Notice {
    Id expert_id = 0;
    bool removed = false;
  };
  struct Deferred {
    int depth = 0;    // Nested transactions.
    int batches = 0;  // Nested Batched calls.
    std::vector<Notice> notices;
  };
  std::mutex deferred_mutex_;
  std::unordered_map<std::thread::id, Deferred> deferred_;  // Guarded by deferred_mutex_.
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
  // Keyset pages, uncounted: each page is found directly, so a walk over n entities reads
  // n rows, not (with offsets and totals) n for every page.
  Page page{.offset = 0,
            .limit = kPageSize,
            .sort = {},
            .descending = false,
            .after_id = 0,
            .count_total = false};
  while (true) {
    ASSIGN_OR_RETURN(ListResult<T> result, catalog.List<T>(filter, page));
    const bool last = result.items.size() < static_cast<size_t>(kPageSize);
    if (!result.items.empty()) {
      if (result.items.back().id <= page.after_id) {
        return base::Internal("a list page did not follow its after_id");
      }
      page.after_id = result.items.back().id;
    }
    for (T& item : result.items) all.push_back(std::move(item));
    if (last) return all;
  }
}

}  // namespace ketnoi::service

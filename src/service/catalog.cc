#include "service/catalog.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <type_traits>
#include <utility>

#include "model/validate.h"
#include "text/fold.h"

namespace ketnoi::service {
namespace {

using model::Chapter;
using model::Expert;
using model::Organization;
using model::Problem;
using model::TaxonomyGroup;
using model::TaxonomyVersion;
using model::Work;
using storage::Store;

// The Store's member functions for each entity type, so the Catalog's operations are
// written once.
template <typename T>
struct StoreOps;

#define KETNOI_STORE_OPS(Type, Name)                      \
  template <>                                             \
  struct StoreOps<Type> {                                 \
    static constexpr auto kCreate = &Store::Create##Name; \
    static constexpr auto kGet = &Store::Get##Name;       \
    static constexpr auto kUpdate = &Store::Update##Name; \
    static constexpr auto kDelete = &Store::Delete##Name; \
  };

KETNOI_STORE_OPS(Organization, Organization)
KETNOI_STORE_OPS(TaxonomyVersion, TaxonomyVersion)
KETNOI_STORE_OPS(TaxonomyGroup, TaxonomyGroup)
KETNOI_STORE_OPS(Chapter, Chapter)
KETNOI_STORE_OPS(Expert, Expert)
KETNOI_STORE_OPS(Work, Work)
KETNOI_STORE_OPS(Problem, Problem)
#undef KETNOI_STORE_OPS

// Brings entity-specific derived fields up to date before validation.
template <typename T>
Status Complete(T&) {
  return Status::Ok();
}

template <>
Status Complete(Expert& expert) {
  if (expert.name_ascii.empty() && !expert.full_name.empty()) {
    auto folded = text::FoldDiacritics(expert.full_name);
    if (!folded.ok()) return folded.status().WithFieldPrefix("full_name");
    expert.name_ascii = std::move(folded).value();
  }
  return Status::Ok();
}

template <typename T>
Status Prepare(T& value) {
  RETURN_IF_ERROR(Complete(value));
  return model::Validate(value);
}

}  // namespace

template <typename T>
std::vector<Id> Catalog::AffectedExperts(const T& value) const {
  if constexpr (std::is_same_v<T, Expert>) {
    return {value.id};
  } else if constexpr (std::is_same_v<T, Work>) {
    std::vector<Id> ids;
    for (const model::WorkAuthor& author : value.authors) {
      if (author.expert_id != 0) ids.push_back(author.expert_id);
    }
    return ids;
  } else {
    return {};
  }
}

Status Catalog::MergeExperts(Id into, Id from) {
  RETURN_IF_ERROR(store_->MergeExperts(into, from));
  NotifyRemoved(from);
  NotifyChanged({into});
  return Status::Ok();
}

void Catalog::NotifyChanged(const std::vector<Id>& expert_ids) {
  if (listener_ == nullptr) return;
  for (Id id : expert_ids) {
    if (!Defer(id, /*removed=*/false)) listener_->OnExpertChanged(id);
  }
}

void Catalog::NotifyRemoved(Id expert_id) {
  if (listener_ == nullptr) return;
  if (!Defer(expert_id, /*removed=*/true)) listener_->OnExpertRemoved(expert_id);
}

bool Catalog::Defer(Id expert_id, bool removed) {
  std::lock_guard lock(deferred_mutex_);
  auto it = deferred_.find(std::this_thread::get_id());
  if (it == deferred_.end()) return false;
  it->second.notices.push_back({expert_id, removed});
  return true;
}

Status Catalog::Transaction(bool bulk, const std::function<Status()>& body) {
  size_t mark = 0;
  {
    std::lock_guard lock(deferred_mutex_);
    Deferred& deferred = deferred_[std::this_thread::get_id()];
    ++deferred.depth;
    mark = deferred.notices.size();
  }
  Status status = bulk ? store_->InBulkTransaction(body) : store_->InTransaction(body);
  EndDeferring(/*transaction=*/true, /*undone=*/!status.ok(), mark);
  return status;
}

Status Catalog::Batched(const std::function<Status()>& body) {
  {
    std::lock_guard lock(deferred_mutex_);
    ++deferred_[std::this_thread::get_id()].batches;
  }
  Status status = body();
  EndDeferring(/*transaction=*/false, /*undone=*/false, 0);  // What committed stays.
  return status;
}

void Catalog::EndDeferring(bool transaction, bool undone, size_t mark) {
  const std::thread::id thread = std::this_thread::get_id();
  std::vector<Notice> notices;
  {
    std::lock_guard lock(deferred_mutex_);
    Deferred& deferred = deferred_[thread];
    if (undone) deferred.notices.resize(mark);  // Nothing of it happened.
    --(transaction ? deferred.depth : deferred.batches);
    if (deferred.depth > 0 || deferred.batches > 0) return;
    notices = std::move(deferred.notices);
    deferred_.erase(thread);
  }
  if (listener_ == nullptr || notices.empty()) return;
  // What happened last to each expert, in the order of their first notice.
  std::unordered_map<Id, size_t> last;
  for (size_t i = 0; i < notices.size(); ++i) last[notices[i].expert_id] = i;
  std::vector<Id> changed;
  std::vector<Id> removed;
  for (const Notice& notice : notices) {
    auto it = last.find(notice.expert_id);
    if (it == last.end()) continue;  // Already listed.
    (notices[it->second].removed ? removed : changed).push_back(notice.expert_id);
    last.erase(it);
  }
  listener_->OnExpertsChanged(changed, removed);
}

template <typename T>
Result<T> Catalog::Create(T value) {
  RETURN_IF_ERROR(Prepare(value));
  ASSIGN_OR_RETURN(T stored, (store_->*StoreOps<T>::kCreate)(std::move(value)));
  if (listener_ != nullptr) NotifyChanged(AffectedExperts(stored));
  return stored;
}

template <typename T>
Result<T> Catalog::Get(Id id) {
  return (store_->*StoreOps<T>::kGet)(id);
}

template <typename T>
Result<T> Catalog::Update(T value) {
  RETURN_IF_ERROR(Prepare(value));
  // Which experts are affected matters to the listener only (reading a work before
  // changing it costs as much as the change; an import changes works by the thousand).
  std::vector<Id> affected;
  if constexpr (std::is_same_v<T, Work>) {
    // Authors removed from the work are affected as much as those added.
    if (listener_ != nullptr) {
      if (auto before = Get<T>(value.id); before.ok()) affected = AffectedExperts(*before);
    }
  }
  ASSIGN_OR_RETURN(T stored, (store_->*StoreOps<T>::kUpdate)(std::move(value)));
  if (listener_ == nullptr) return stored;
  for (Id id : AffectedExperts(stored)) affected.push_back(id);
  NotifyChanged(affected);
  return stored;
}

template <typename T>
Status Catalog::Delete(Id id) {
  std::vector<Id> affected;
  if constexpr (std::is_same_v<T, Work>) {
    if (auto before = Get<T>(id); before.ok()) affected = AffectedExperts(*before);
  }
  if constexpr (std::is_same_v<T, Chapter>) {
    if (auto members = store_->ListMembershipsOfChapter(id); members.ok()) {
      for (const model::Membership& m : *members) affected.push_back(m.expert_id);
    }
  }
  RETURN_IF_ERROR((store_->*StoreOps<T>::kDelete)(id));
  if constexpr (std::is_same_v<T, Expert>) {
    NotifyRemoved(id);
  }
  NotifyChanged(affected);
  return Status::Ok();
}

template <>
Result<ListResult<Organization>> Catalog::List(const Filter<Organization>& f, const Page& p) {
  return store_->ListOrganizations(f, p);
}
template <>
Result<ListResult<TaxonomyVersion>> Catalog::List(const Filter<TaxonomyVersion>&, const Page& p) {
  return store_->ListTaxonomyVersions(p);
}
template <>
Result<ListResult<TaxonomyGroup>> Catalog::List(const Filter<TaxonomyGroup>& f, const Page& p) {
  return store_->ListTaxonomyGroups(f, p);
}
template <>
Result<ListResult<Chapter>> Catalog::List(const Filter<Chapter>& f, const Page& p) {
  return store_->ListChapters(f, p);
}
template <>
Result<ListResult<Expert>> Catalog::List(const Filter<Expert>& f, const Page& p) {
  // Names are searched without diacritics, so "nguyen" and "Nguyễn" find the same people.
  Filter<Expert> folded = f;
  auto name = text::FoldDiacritics(f.name_prefix);
  if (!name.ok()) return name.status().WithFieldPrefix("q");
  folded.name_prefix = std::move(name).value();
  folded.name_prefix.erase(0, folded.name_prefix.find_first_not_of(' '));
  return store_->ListExperts(folded, p);
}
template <>
Result<ListResult<Work>> Catalog::List(const Filter<Work>& f, const Page& p) {
  return store_->ListWorks(f, p);
}
template <>
Result<ListResult<Problem>> Catalog::List(const Filter<Problem>& f, const Page& p) {
  return store_->ListProblems(f, p);
}

Result<model::Membership> Catalog::PutMembership(const model::Membership& membership) {
  RETURN_IF_ERROR(model::Validate(membership));
  RETURN_IF_ERROR(store_->GetChapter(membership.chapter_id).status());
  ASSIGN_OR_RETURN(model::Membership stored, store_->PutMembership(membership));
  NotifyChanged({stored.expert_id});
  return stored;
}

Status Catalog::DeleteMembership(Id chapter_id, Id expert_id) {
  RETURN_IF_ERROR(store_->DeleteMembership(chapter_id, expert_id));
  NotifyChanged({expert_id});
  return Status::Ok();
}

Result<std::vector<model::Membership>> Catalog::ListMembershipsOfExpert(Id expert_id) {
  return store_->ListMembershipsOfExpert(expert_id);
}

Result<std::vector<model::Membership>> Catalog::ListMembers(Id chapter_id) {
  RETURN_IF_ERROR(store_->GetChapter(chapter_id).status());
  return store_->ListMembershipsOfChapter(chapter_id);
}

Result<Chapter> Catalog::FindChapterByCode(std::string_view code) {
  // Chapters are few (one per country or region); a scan is simpler than another index.
  ASSIGN_OR_RETURN(
      auto chapters,
      store_->ListChapters({}, Page{.offset = 0, .limit = 1000, .sort = {}, .descending = false}));
  auto same = [code](const std::string& candidate) {
    return std::equal(candidate.begin(), candidate.end(), code.begin(), code.end(),
                      [](char a, char b) { return std::toupper(a) == std::toupper(b); });
  };
  for (Chapter& chapter : chapters.items) {
    if (same(chapter.code)) return std::move(chapter);
  }
  return base::NotFound("no chapter has the code '" + std::string(code) + "'");
}

#define KETNOI_INSTANTIATE(Type)                     \
  template Result<Type> Catalog::Create<Type>(Type); \
  template Result<Type> Catalog::Get<Type>(Id);      \
  template Result<Type> Catalog::Update<Type>(Type); \
  template Status Catalog::Delete<Type>(Id);

KETNOI_INSTANTIATE(Organization)
KETNOI_INSTANTIATE(TaxonomyVersion)
KETNOI_INSTANTIATE(TaxonomyGroup)
KETNOI_INSTANTIATE(Chapter)
KETNOI_INSTANTIATE(Expert)
KETNOI_INSTANTIATE(Work)
KETNOI_INSTANTIATE(Problem)
#undef KETNOI_INSTANTIATE

}  // namespace ketnoi::service

#include "service/dataset.h"

#include <array>
#include <functional>
#include <string_view>

#include "model/json.h"
#include "service/json_text.h"

namespace ketnoi::service {
namespace {

using model::Json;

// Collections in the order they must be loaded: each refers only to those before it.
constexpr std::array<std::string_view, 8> kCollections = {
    "taxonomy_versions", "taxonomy_groups", "organizations", "chapters",
    "experts",           "memberships",     "works",         "problems"};

// Where an item came from, for error messages: "experts-asia.json: experts[3]".
struct Item {
  std::string origin;
  Json value;
};

// The item's local id, or 0 when it has none (memberships, or a malformed item that
// Store() will report).
int64_t LocalId(const Json& item) {
  auto id = item.is_object() ? item.find("id") : item.end();
  return id != item.end() && id->is_number_integer() ? id->get<int64_t>() : 0;
}

// A dataset's items by collection name, in file order.
using ItemsByCollection = std::map<std::string, std::vector<Item>, std::less<>>;

// Adds the items of `file` to `items`. Errors: malformed JSON, an unknown collection.
Status CollectItems(const DatasetFile& file, ItemsByCollection* items) {
  auto parsed = ParseJson(file.contents);
  if (!parsed.ok()) return parsed.status().WithContext(file.name);
  Json document = std::move(parsed).value();
  if (!document.is_object()) {
    return base::InvalidArgument(file.name + ": must be a JSON object of collections");
  }
  for (auto& [name, list] : document.items()) {
    if (std::find(kCollections.begin(), kCollections.end(), name) == kCollections.end()) {
      return base::InvalidArgument(file.name + ": unknown collection", name);
    }
    if (!list.is_array()) return base::InvalidArgument(file.name + ": must be an array", name);
    for (size_t i = 0; i < list.size(); ++i) {
      (*items)[name].push_back(
          Item{file.name + ": " + name + "[" + std::to_string(i) + "]", std::move(list[i])});
    }
  }
  return Status::Ok();
}

// Local id -> stored id, per collection.
using IdMap = std::map<std::string, std::map<int64_t, Id>, std::less<>>;

class Loader {
 public:
  explicit Loader(Catalog& catalog) : catalog_(catalog) {}

  Status Collect(const DatasetFile& file) { return CollectItems(file, &items_); }
  Status LoadAll(DatasetReport* report);

 private:
  // Rewrites a local id (a number or null) to its stored id.
  Status RemapValue(Json& value, std::string_view collection);
  // Rewrites the local id at `key` of `object`, or each element of the array at `key`.
  Status Remap(Json& object, std::string_view key, std::string_view collection);
  Status RemapArray(Json& object, std::string_view key, std::string_view collection);
  Status RemapReferences(std::string_view collection, Json& item);

  template <typename T>
  Status Store(std::string_view collection, Item& item);
  Status StoreMembership(Item& item);

  Catalog& catalog_;
  ItemsByCollection items_;
  IdMap ids_;
};

Status Loader::RemapValue(Json& value, std::string_view collection) {
  if (value.is_null()) return Status::Ok();
  if (!value.is_number_integer()) return base::InvalidArgument("must be an integer id");
  const auto& known = ids_[std::string(collection)];
  auto found = known.find(value.get<int64_t>());
  if (found == known.end()) {
    return base::InvalidArgument("refers to " + std::string(collection) + " id " +
                                 std::to_string(value.get<int64_t>()) +
                                 ", which the dataset does not define");
  }
  value = found->second;
  return Status::Ok();
}

Status Loader::Remap(Json& object, std::string_view key, std::string_view collection) {
  auto it = object.find(key);
  if (it == object.end()) return Status::Ok();
  return RemapValue(*it, collection).WithFieldPrefix(key);
}

Status Loader::RemapArray(Json& object, std::string_view key, std::string_view collection) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return Status::Ok();
  for (size_t i = 0; i < it->size(); ++i) {
    Json& element = (*it)[i];
    std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    if (element.is_object()) {
      // Arrays of objects: affiliations (organization_id), authors (expert_id).
      RETURN_IF_ERROR(Remap(element, "organization_id", "organizations").WithFieldPrefix(path));
      RETURN_IF_ERROR(Remap(element, "expert_id", "experts").WithFieldPrefix(path));
    } else {
      RETURN_IF_ERROR(RemapValue(element, collection).WithFieldPrefix(path));
    }
  }
  return Status::Ok();
}

Status Loader::RemapReferences(std::string_view collection, Json& item) {
  if (collection == "taxonomy_groups") return Remap(item, "version_id", "taxonomy_versions");
  if (collection == "chapters") return Remap(item, "host_organization_id", "organizations");
  if (collection == "experts") {
    RETURN_IF_ERROR(RemapArray(item, "affiliations", "organizations"));
    return RemapArray(item, "group_ids", "taxonomy_groups");
  }
  if (collection == "memberships") {
    RETURN_IF_ERROR(Remap(item, "chapter_id", "chapters"));
    return Remap(item, "expert_id", "experts");
  }
  if (collection == "works") return RemapArray(item, "authors", "experts");
  if (collection == "problems") {
    RETURN_IF_ERROR(Remap(item, "organization_id", "organizations"));
    return RemapArray(item, "group_ids", "taxonomy_groups");
  }
  return Status::Ok();
}

template <typename T>
Status Loader::Store(std::string_view collection, Item& item) {
  Json& value = item.value;
  if (!value.is_object()) return base::InvalidArgument("must be a JSON object");
  auto id = value.find("id");
  if (id == value.end() || !id->is_number_integer()) {
    return base::InvalidArgument("every dataset item needs an integer id", "id");
  }
  int64_t local_id = id->get<int64_t>();
  auto& known = ids_[std::string(collection)];
  if (known.count(local_id) > 0) {
    return base::InvalidArgument("duplicate id " + std::to_string(local_id), "id");
  }
  RETURN_IF_ERROR(RemapReferences(collection, value));
  RETURN_IF_ERROR(NormalizeText(&value));
  T entity;
  RETURN_IF_ERROR(model::FromJson(value, &entity));
  ASSIGN_OR_RETURN(T stored, catalog_.Create(std::move(entity)));
  known[local_id] = stored.id;
  return Status::Ok();
}

Status Loader::StoreMembership(Item& item) {
  RETURN_IF_ERROR(RemapReferences("memberships", item.value));
  model::Membership membership;
  RETURN_IF_ERROR(model::FromJson(item.value, &membership));
  return catalog_.PutMembership(membership).status();
}

Status Loader::LoadAll(DatasetReport* report) {
  for (std::string_view collection : kCollections) {
    auto found = items_.find(collection);
    if (found == items_.end()) continue;
    // Stored in the order of their local ids, so a fresh database numbers them the same
    // way the dataset's files do.
    std::stable_sort(found->second.begin(), found->second.end(), [](const Item& a, const Item& b) {
      return LocalId(a.value) < LocalId(b.value);
    });
    for (Item& item : found->second) {
      Status status;
      if (collection == "taxonomy_versions")
        status = Store<model::TaxonomyVersion>(collection, item);
      if (collection == "taxonomy_groups") status = Store<model::TaxonomyGroup>(collection, item);
      if (collection == "organizations") status = Store<model::Organization>(collection, item);
      if (collection == "chapters") status = Store<model::Chapter>(collection, item);
      if (collection == "experts") status = Store<model::Expert>(collection, item);
      if (collection == "memberships") status = StoreMembership(item);
      if (collection == "works") status = Store<model::Work>(collection, item);
      if (collection == "problems") status = Store<model::Problem>(collection, item);
      RETURN_IF_ERROR(status.WithContext(item.origin));
      ++(*report)[std::string(collection)];
    }
  }
  return Status::Ok();
}

}  // namespace

Result<DatasetReport> LoadDataset(Catalog& catalog, const std::vector<DatasetFile>& files) {
  Loader loader(catalog);
  for (const DatasetFile& file : files) RETURN_IF_ERROR(loader.Collect(file));
  DatasetReport report;
  RETURN_IF_ERROR(catalog.InTransaction([&] { return loader.LoadAll(&report); }));
  return report;
}

namespace {

// The entities of `collection` with their local ids; references stay local ids.
template <typename T>
Result<std::vector<T>> ReadCollection(ItemsByCollection& items, std::string_view collection) {
  std::vector<T> entities;
  auto found = items.find(collection);
  if (found == items.end()) return entities;
  for (Item& item : found->second) {
    Status status = NormalizeText(&item.value);
    T entity;
    if (status.ok()) status = model::FromJson(item.value, &entity);
    RETURN_IF_ERROR(status.WithContext(item.origin));
    if constexpr (requires { entity.id; }) entity.id = LocalId(item.value);
    entities.push_back(std::move(entity));
  }
  return entities;
}

}  // namespace

Result<DatasetEntities> ReadDataset(const std::vector<DatasetFile>& files) {
  ItemsByCollection items;
  for (const DatasetFile& file : files) RETURN_IF_ERROR(CollectItems(file, &items));
  DatasetEntities entities;
  ASSIGN_OR_RETURN(entities.experts, ReadCollection<model::Expert>(items, "experts"));
  ASSIGN_OR_RETURN(entities.works, ReadCollection<model::Work>(items, "works"));
  ASSIGN_OR_RETURN(entities.memberships, ReadCollection<model::Membership>(items, "memberships"));
  ASSIGN_OR_RETURN(entities.problems, ReadCollection<model::Problem>(items, "problems"));
  return entities;
}

}  // namespace ketnoi::service

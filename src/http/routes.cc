#include "http/routes.h"

#include "http/openapi_document.h"
#include "model/enums.h"
#include "model/json.h"
#include "service/json_text.h"

namespace ketnoi::http {
namespace {

using base::Result;
using base::Status;
using model::Json;
using service::Catalog;
using service::Filter;

template <typename T>
Reply JsonReply(Result<T> result, int status = 200) {
  if (!result.ok()) return Reply::Error(result.status());
  return Reply{.status = status, .body = model::ToJson(*result), .location = {}};
}

Reply NoContent(const Status& status) {
  if (!status.ok()) return Reply::Error(status);
  return Reply{.status = 204, .body = nullptr, .location = {}};
}

// Parses a request body that must be a JSON object, with its text in NFC.
Result<Json> ParseBody(std::string_view body) {
  if (body.empty()) return base::InvalidArgument("the request needs a JSON object body");
  ASSIGN_OR_RETURN(Json json, service::ParseJson(body));
  if (!json.is_object()) return base::InvalidArgument("the body must be a JSON object");
  RETURN_IF_ERROR(service::NormalizeText(&json));
  return json;
}

template <typename T>
Result<T> DecodeBody(std::string_view body) {
  ASSIGN_OR_RETURN(Json json, ParseBody(body));
  T value;
  RETURN_IF_ERROR(model::FromJson(json, &value));
  return value;
}

template <typename E>
Result<std::optional<E>> ParseEnum(const QueryParams& query, std::string_view name) {
  ASSIGN_OR_RETURN(std::string text, query.String(name));
  if (text.empty()) return std::optional<E>();
  std::optional<E> value = model::FromName<E>(text);
  if (!value) {
    return base::InvalidArgument("must be one of " + model::AcceptedNames<E>(), std::string(name));
  }
  return value;
}

// Each entity's filter, read from the query string. Also rejects unknown parameters.
#define KETNOI_PAGE_PARAMS "offset", "limit", "sort", "order"

Result<Filter<model::Organization>> ParseFilter(const QueryParams& q, Catalog&,
                                                const model::Organization*) {
  RETURN_IF_ERROR(q.CheckAllowed({KETNOI_PAGE_PARAMS, "country", "kind"}));
  Filter<model::Organization> f;
  ASSIGN_OR_RETURN(f.country, q.Country("country"));
  ASSIGN_OR_RETURN(f.kind, ParseEnum<model::OrganizationKind>(q, "kind"));
  return f;
}

Result<Filter<model::TaxonomyVersion>> ParseFilter(const QueryParams& q, Catalog&,
                                                   const model::TaxonomyVersion*) {
  RETURN_IF_ERROR(q.CheckAllowed({KETNOI_PAGE_PARAMS}));
  return Filter<model::TaxonomyVersion>{};
}

Result<Filter<model::TaxonomyGroup>> ParseFilter(const QueryParams& q, Catalog&,
                                                 const model::TaxonomyGroup*) {
  RETURN_IF_ERROR(q.CheckAllowed({KETNOI_PAGE_PARAMS, "version"}));
  Filter<model::TaxonomyGroup> f;
  ASSIGN_OR_RETURN(f.version_id, q.OptionalId("version"));
  return f;
}

Result<Filter<model::Chapter>> ParseFilter(const QueryParams& q, Catalog&, const model::Chapter*) {
  RETURN_IF_ERROR(q.CheckAllowed({KETNOI_PAGE_PARAMS, "country"}));
  Filter<model::Chapter> f;
  ASSIGN_OR_RETURN(f.country, q.Country("country"));
  return f;
}

// A chapter is named by its id or its code ("?chapter=JP").
Result<std::optional<model::Id>> ParseChapter(const QueryParams& q, Catalog& catalog) {
  ASSIGN_OR_RETURN(std::string text, q.String("chapter"));
  if (text.empty()) return std::optional<model::Id>();
  if (text.find_first_not_of("0123456789") == std::string::npos) return q.OptionalId("chapter");
  auto chapter = catalog.FindChapterByCode(text);
  if (!chapter.ok()) {
    return base::InvalidArgument("no chapter has the id or code '" + text + "'", "chapter");
  }
  return std::optional<model::Id>(chapter->id);
}

Result<Filter<model::Expert>> ParseFilter(const QueryParams& q, Catalog& catalog,
                                          const model::Expert*) {
  RETURN_IF_ERROR(
      q.CheckAllowed({KETNOI_PAGE_PARAMS, "country", "chapter", "group", "organization", "q"}));
  Filter<model::Expert> f;
  ASSIGN_OR_RETURN(f.country, q.Country("country"));
  ASSIGN_OR_RETURN(f.chapter_id, ParseChapter(q, catalog));
  ASSIGN_OR_RETURN(f.group_id, q.OptionalId("group"));
  ASSIGN_OR_RETURN(f.organization_id, q.OptionalId("organization"));
  ASSIGN_OR_RETURN(f.name_prefix, q.String("q"));
  return f;
}

Result<Filter<model::Work>> ParseFilter(const QueryParams& q, Catalog&, const model::Work*) {
  RETURN_IF_ERROR(q.CheckAllowed({KETNOI_PAGE_PARAMS, "expert", "kind", "language"}));
  Filter<model::Work> f;
  ASSIGN_OR_RETURN(f.expert_id, q.OptionalId("expert"));
  ASSIGN_OR_RETURN(f.kind, ParseEnum<model::WorkKind>(q, "kind"));
  ASSIGN_OR_RETURN(f.language, q.String("language"));
  return f;
}

Result<Filter<model::Problem>> ParseFilter(const QueryParams& q, Catalog&, const model::Problem*) {
  RETURN_IF_ERROR(
      q.CheckAllowed({KETNOI_PAGE_PARAMS, "country", "organization", "group", "status"}));
  Filter<model::Problem> f;
  ASSIGN_OR_RETURN(f.country, q.Country("country"));
  ASSIGN_OR_RETURN(f.organization_id, q.OptionalId("organization"));
  ASSIGN_OR_RETURN(f.group_id, q.OptionalId("group"));
  ASSIGN_OR_RETURN(f.status, ParseEnum<model::ProblemStatus>(q, "status"));
  return f;
}

#undef KETNOI_PAGE_PARAMS

template <typename T>
Reply List(Catalog& catalog, const RequestContext& request) {
  auto page = ParsePage(request.query);
  if (!page.ok()) return Reply::Error(page.status());
  auto filter = ParseFilter(request.query, catalog, static_cast<const T*>(nullptr));
  if (!filter.ok()) return Reply::Error(filter.status());
  auto result = catalog.List<T>(*filter, *page);
  if (!result.ok()) return Reply::Error(result.status());
  Json items = Json::array();
  for (const T& item : result->items) items.push_back(model::ToJson(item));
  return Reply{.status = 200,
               .body = {{"items", std::move(items)},
                        {"total", result->total},
                        {"offset", page->offset},
                        {"limit", page->limit}},
               .location = {}};
}

// The five routes of one collection: list, create, get, replace, patch, delete.
template <typename T>
void AddCollection(Router* router, Catalog* catalog, const std::string& base) {
  const std::string item = base + "/{id}";
  router->Add("GET", base, [catalog](const RequestContext& r) { return List<T>(*catalog, r); });
  router->Add("POST", base, [catalog, base](const RequestContext& r) {
    auto value = DecodeBody<T>(r.body);
    if (!value.ok()) return Reply::Error(value.status());
    Reply reply = JsonReply(catalog->Create<T>(std::move(value).value()), 201);
    if (reply.status == 201)
      reply.location = base + "/" + std::to_string(reply.body["id"].get<int64_t>());
    return reply;
  });
  router->Add("GET", item, [catalog](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    return JsonReply(catalog->Get<T>(*id));
  });
  router->Add("PUT", item, [catalog](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto value = DecodeBody<T>(r.body);
    if (!value.ok()) return Reply::Error(value.status());
    value->id = *id;
    return JsonReply(catalog->Update<T>(std::move(value).value()));
  });
  // JSON Merge Patch (RFC 7396): the stored entity, with the body's keys replaced.
  router->Add("PATCH", item, [catalog](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto patch = ParseBody(r.body);
    if (!patch.ok()) return Reply::Error(patch.status());
    auto current = catalog->Get<T>(*id);
    if (!current.ok()) return Reply::Error(current.status());
    Json merged = model::ToJson(*current);
    merged.merge_patch(*patch);
    T value;
    if (Status status = model::FromJson(merged, &value); !status.ok()) return Reply::Error(status);
    value.id = *id;
    return JsonReply(catalog->Update<T>(std::move(value)));
  });
  router->Add("DELETE", item, [catalog](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    return NoContent(catalog->Delete<T>(*id));
  });
}

void AddMembershipRoutes(Router* router, Catalog* catalog) {
  router->Add("GET", "/api/v1/chapters/{id}/members", [catalog](const RequestContext& r) {
    if (Status s = r.query.CheckAllowed({}); !s.ok()) return Reply::Error(s);
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto members = catalog->ListMembers(*id);
    if (!members.ok()) return Reply::Error(members.status());
    Json items = Json::array();
    for (const auto& m : *members) items.push_back(model::ToJson(m));
    int64_t total = static_cast<int64_t>(items.size());
    return Reply{
        .status = 200,
        .body = {{"items", std::move(items)}, {"total", total}, {"offset", 0}, {"limit", total}},
        .location = {}};
  });
  router->Add("PUT", "/api/v1/chapters/{id}/members/{expert_id}",
              [catalog](const RequestContext& r) {
                auto chapter_id = ParsePathId(r.path_params[0]);
                if (!chapter_id.ok()) return Reply::Error(chapter_id.status());
                auto expert_id = ParsePathId(r.path_params[1]);
                if (!expert_id.ok()) return Reply::Error(expert_id.status());
                auto membership = DecodeBody<model::Membership>(r.body.empty() ? "{}" : r.body);
                if (!membership.ok()) return Reply::Error(membership.status());
                membership->chapter_id = *chapter_id;
                membership->expert_id = *expert_id;
                return JsonReply(catalog->PutMembership(*membership));
              });
  router->Add("DELETE", "/api/v1/chapters/{id}/members/{expert_id}",
              [catalog](const RequestContext& r) {
                auto chapter_id = ParsePathId(r.path_params[0]);
                if (!chapter_id.ok()) return Reply::Error(chapter_id.status());
                auto expert_id = ParsePathId(r.path_params[1]);
                if (!expert_id.ok()) return Reply::Error(expert_id.status());
                return NoContent(catalog->DeleteMembership(*chapter_id, *expert_id));
              });
}

}  // namespace

void AddApiRoutes(Router* router, Catalog* catalog, const std::string& version) {
  router->Add("GET", "/api/v1/health", [catalog, version](const RequestContext&) {
    auto schema = catalog->SchemaVersion();
    if (!schema.ok()) return Reply::Error(schema.status());
    return Reply{.status = 200,
                 .body = {{"status", "ok"}, {"version", version}, {"schema_version", *schema}},
                 .location = {}};
  });
  router->Add("GET", "/api/v1/openapi.json", [](const RequestContext&) {
    return Reply{.status = 200, .body = Json::parse(OpenApiDocument()), .location = {}};
  });
  AddCollection<model::Organization>(router, catalog, "/api/v1/organizations");
  AddCollection<model::TaxonomyVersion>(router, catalog, "/api/v1/taxonomy/versions");
  AddCollection<model::TaxonomyGroup>(router, catalog, "/api/v1/taxonomy/groups");
  AddCollection<model::Chapter>(router, catalog, "/api/v1/chapters");
  AddMembershipRoutes(router, catalog);
  AddCollection<model::Expert>(router, catalog, "/api/v1/experts");
  AddCollection<model::Work>(router, catalog, "/api/v1/works");
  AddCollection<model::Problem>(router, catalog, "/api/v1/problems");
}

}  // namespace ketnoi::http

#include "http/routes.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "http/openapi_document.h"
#include "model/enums.h"
#include "model/json.h"
#include "model/validate.h"
#include "service/import_formats.h"
#include "service/json_text.h"

namespace ketnoi::http {
namespace {

using base::Result;
using base::Status;
using model::Id;
using model::Json;
using service::Catalog;
using service::Filter;

template <typename T>
Reply JsonReply(Result<T> result, int status = 200) {
  if (!result.ok()) return Reply::Error(result.status());
  return Reply{.status = status, .body = model::ToJson(*result), .location = {}, .etag = {}};
}

// The strong entity tag of a stored entity (RFC 9110, 8.8.3): a hash of its JSON form,
// quoted, so any change to the entity changes it. Clients send it back in If-Match to change
// the entity only as they read it.
std::string EntityTag(const Json& entity) {
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits.
  for (const unsigned char c : entity.dump()) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) tag += kHex[(hash >> shift) & 0xf];
  tag += '"';
  return tag;
}

// A reply of one entity, with its tag.
template <typename T>
Reply EntityReply(Result<T> result, int status = 200) {
  Reply reply = JsonReply(std::move(result), status);
  if (reply.status < 300) reply.etag = EntityTag(reply.body);
  return reply;
}

// Whether an If-Match header lets a change of the entity tagged `tag` proceed (RFC 9110,
// 13.1.1): absent, "*" (the entity exists), or a list holding `tag` by strong comparison
// (weak tags, W/"...", never match).
bool IfMatchHolds(std::string_view header, const std::string& tag) {
  auto trim = [](std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
  };
  header = trim(header);
  if (header.empty() || header == "*") return true;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    if (trim(header.substr(0, comma)) == tag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// The stored entity's tag when an If-Match header does not hold for it, else nullopt. Without
// the header nothing is serialised or hashed.
template <typename T>
std::optional<std::string> StaleTag(const T& stored, std::string_view if_match) {
  if (if_match.empty()) return std::nullopt;
  std::string tag = EntityTag(model::ToJson(stored));
  if (IfMatchHolds(if_match, tag)) return std::nullopt;
  return tag;
}

// 412 Precondition Failed: the entity changed since the client read it.
Reply PreconditionFailed(std::string_view noun, const std::string& tag) {
  return Reply{.status = 412,
               .body = ErrorBody(base::FailedPrecondition(
                   "the " + std::string(noun) +
                       " was changed by someone else since you read it (it is now " + tag +
                       "); read it again and redo your change",
                   "If-Match")),
               .location = {},
               .etag = tag};
}

Reply NoContent(const Status& status) {
  if (!status.ok()) return Reply::Error(status);
  return Reply{.status = 204, .body = nullptr, .location = {}, .etag = {}};
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

// The reply of a list route: {"items", "total", "offset", "limit"}.
template <typename T>
Reply ListReply(const storage::ListResult<T>& result, const storage::Page& page) {
  Json items = Json::array();
  for (const T& item : result.items) items.push_back(model::ToJson(item));
  return Reply{.status = 200,
               .body = {{"items", std::move(items)},
                        {"total", result.total},
                        {"offset", page.offset},
                        {"limit", page.limit}},
               .location = {},
               .etag = {}};
}

template <typename T>
Reply List(Catalog& catalog, const RequestContext& request) {
  auto page = ParsePage(request.query);
  if (!page.ok()) return Reply::Error(page.status());
  auto filter = ParseFilter(request.query, catalog, static_cast<const T*>(nullptr));
  if (!filter.ok()) return Reply::Error(filter.status());
  auto result = catalog.List<T>(*filter, *page);
  if (!result.ok()) return Reply::Error(result.status());
  return ListReply(*result, *page);
}

// Reads entity `id`, lets `change` modify it and writes it back, all in one transaction, so
// that concurrent changes to other parts of it are kept; answers with what was stored and its
// tag. With an If-Match header that the stored entity's tag does not satisfy, nothing is
// changed and the answer is 412.
template <typename T, typename Change>
Reply ChangeInTransaction(Catalog* catalog, Id id, std::string_view noun, std::string_view if_match,
                          Change&& change) {
  Result<T> updated = base::Internal("not updated");
  std::optional<std::string> stale;  // The stored tag, when If-Match failed.
  const Status status = catalog->InTransaction([&]() -> Status {
    ASSIGN_OR_RETURN(T value, catalog->Get<T>(id));
    stale = StaleTag(value, if_match);
    if (stale) return Status();
    RETURN_IF_ERROR(change(value));
    updated = catalog->Update<T>(std::move(value));
    return updated.status();
  });
  if (!status.ok()) return Reply::Error(status);
  if (stale) return PreconditionFailed(noun, *stale);
  return EntityReply(std::move(updated));
}

// The five routes of one collection: list, create, get, replace, patch, delete. Get, replace
// and patch answer with the entity's tag (ETag); replace, patch and delete honour If-Match.
template <typename T>
void AddCollection(Router* router, Catalog* catalog, const std::string& base,
                   std::string_view noun) {
  const std::string item = base + "/{id}";
  router->Add("GET", base, [catalog](const RequestContext& r) { return List<T>(*catalog, r); });
  router->Add("POST", base, [catalog, base](const RequestContext& r) {
    auto value = DecodeBody<T>(r.body);
    if (!value.ok()) return Reply::Error(value.status());
    Reply reply = EntityReply(catalog->Create<T>(std::move(value).value()), 201);
    if (reply.status == 201)
      reply.location = base + "/" + std::to_string(reply.body["id"].get<int64_t>());
    return reply;
  });
  router->Add("GET", item, [catalog](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    return EntityReply(catalog->Get<T>(*id));
  });
  router->Add("PUT", item, [catalog, noun](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto value = DecodeBody<T>(r.body);
    if (!value.ok()) return Reply::Error(value.status());
    value->id = *id;
    return ChangeInTransaction<T>(catalog, *id, noun, r.if_match, [&](T& stored) -> Status {
      stored = std::move(value).value();
      return Status();
    });
  });
  // JSON Merge Patch (RFC 7396): the stored entity, with the body's keys replaced. Read and
  // written in one transaction, so that two patches of different keys both count.
  router->Add("PATCH", item, [catalog, noun](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto patch = ParseBody(r.body);
    if (!patch.ok()) return Reply::Error(patch.status());
    return ChangeInTransaction<T>(catalog, *id, noun, r.if_match, [&](T& value) -> Status {
      Json merged = model::ToJson(value);
      merged.merge_patch(*patch);
      T patched;
      RETURN_IF_ERROR(model::FromJson(merged, &patched));
      patched.id = *id;
      value = std::move(patched);
      return Status();
    });
  });
  router->Add("DELETE", item, [catalog, noun](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    if (r.if_match.empty()) return NoContent(catalog->Delete<T>(*id));
    std::optional<std::string> stale;
    const Status status = catalog->InTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(T value, catalog->Get<T>(*id));
      stale = StaleTag(value, r.if_match);
      if (stale) return Status();
      return catalog->Delete<T>(*id);
    });
    if (stale && status.ok()) return PreconditionFailed(noun, *stale);
    return NoContent(status);
  });
}

// An expert's curation of one of their works: {"hidden": bool, "key": bool} (either or
// both) for the expert's own entry among the work's authors. The work is read, changed and
// written in one transaction, so changes to other authors' entries made meanwhile are kept,
// where a PATCH of the work replaces its whole authors array.
void AddWorkAuthorRoutes(Router* router, Catalog* catalog) {
  router->Add(
      "PATCH", "/api/v1/works/{id}/authors/{expert_id}", [catalog](const RequestContext& r) {
        auto work_id = ParsePathId(r.path_params[0]);
        if (!work_id.ok()) return Reply::Error(work_id.status());
        auto expert_id = ParsePathId(r.path_params[1]);
        if (!expert_id.ok()) return Reply::Error(expert_id.status());
        auto body = ParseBody(r.body);
        if (!body.ok()) return Reply::Error(body.status());
        std::optional<bool> hidden;
        std::optional<bool> key;
        for (const auto& [name, value] : body->items()) {
          if (name != "hidden" && name != "key") {
            return Reply::Error(
                base::InvalidArgument("unknown field; expected hidden or key", name));
          }
          if (!value.is_boolean())
            return Reply::Error(base::InvalidArgument("must be true or false", name));
          (name == "hidden" ? hidden : key) = value.get<bool>();
        }
        if (!hidden && !key) {
          return Reply::Error(base::InvalidArgument("the body needs hidden, key or both"));
        }
        return ChangeInTransaction<model::Work>(
            catalog, *work_id, "work", r.if_match, [&](model::Work& work) -> Status {
              auto author = std::find_if(
                  work.authors.begin(), work.authors.end(),
                  [&](const model::WorkAuthor& a) { return a.expert_id == *expert_id; });
              if (author == work.authors.end()) {
                return base::NotFound("expert " + std::to_string(*expert_id) +
                                      " is not an author of work " + std::to_string(*work_id));
              }
              if (hidden) author->hidden = *hidden;
              if (key) author->key = *key;
              return Status();
            });
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
        .location = {},
        .etag = {}};
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

// Splits "a,b,c" into its non-empty parts.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

Result<Id> ParseIdText(const std::string& text, const std::string& field) {
  QueryParams one(std::multimap<std::string, std::string>{{field, text}});
  ASSIGN_OR_RETURN(std::optional<Id> id, one.OptionalId(field));
  return *id;
}

Result<Id> ParseChapterText(Catalog& catalog, const std::string& text, const std::string& field) {
  if (text.find_first_not_of("0123456789") == std::string::npos) return ParseIdText(text, field);
  auto chapter = catalog.FindChapterByCode(text);
  if (!chapter.ok()) return base::InvalidArgument("no chapter has the code '" + text + "'", field);
  return chapter->id;
}

// The filters of a match, the same whether they come from a query string or a JSON body:
// each is a list of strings (countries, chapter ids or codes, languages, group ids, modes,
// excluded expert ids) or a date.
struct FilterText {
  std::vector<std::string> countries, chapters, languages, groups, modes, exclude;
  std::string available_from, available_to;
};

Result<rank::MatchFilters> ToFilters(Catalog& catalog, const FilterText& in) {
  rank::MatchFilters out;
  for (size_t i = 0; i < in.countries.size(); ++i) {
    QueryParams one(std::multimap<std::string, std::string>{{"country", in.countries[i]}});
    ASSIGN_OR_RETURN(std::string country, one.Country("country"));
    out.countries.push_back(country);
  }
  for (const std::string& chapter : in.chapters) {
    ASSIGN_OR_RETURN(Id id, ParseChapterText(catalog, chapter, "chapter"));
    out.chapter_ids.push_back(id);
  }
  for (const std::string& language : in.languages) {
    if (!model::IsValidLanguageCode(language)) {
      return base::InvalidArgument("must be an ISO 639-1 code such as vi, en or ja", "language");
    }
    out.languages.push_back(language);
  }
  for (const std::string& group : in.groups) {
    ASSIGN_OR_RETURN(Id id, ParseIdText(group, "group"));
    out.group_ids.push_back(id);
  }
  for (const std::string& mode : in.modes) {
    auto value = model::FromName<model::EngagementMode>(mode);
    if (!value) {
      return base::InvalidArgument(
          "must be one of " + model::AcceptedNames<model::EngagementMode>(), "mode");
    }
    out.engagement_modes.push_back(*value);
  }
  for (const std::string& id : in.exclude) {
    ASSIGN_OR_RETURN(Id expert, ParseIdText(id, "exclude"));
    out.exclude_expert_ids.push_back(expert);
  }
  for (const auto& [date, field] : {std::pair{&in.available_from, "available_from"},
                                    std::pair{&in.available_to, "available_to"}}) {
    if (!date->empty() && !model::IsValidDate(*date)) {
      return base::InvalidArgument("must be a date YYYY-MM-DD", field);
    }
  }
  out.available_from = in.available_from;
  out.available_to = in.available_to;
  return out;
}

// Reads the filters and k of GET .../matches from the query string.
Result<service::MatchRequest> ParseMatchQuery(Catalog& catalog, const QueryParams& q) {
  RETURN_IF_ERROR(q.CheckAllowed({"k", "country", "chapter", "language", "group", "mode",
                                  "available_from", "available_to", "exclude"}));
  service::MatchRequest request;
  ASSIGN_OR_RETURN(int64_t k, q.Integer("k", 10, 1, 100));
  request.k = static_cast<int>(k);
  FilterText text;
  for (auto [list, name] :
       {std::pair{&text.countries, "country"}, std::pair{&text.chapters, "chapter"},
        std::pair{&text.languages, "language"}, std::pair{&text.groups, "group"},
        std::pair{&text.modes, "mode"}, std::pair{&text.exclude, "exclude"}}) {
    ASSIGN_OR_RETURN(std::string value, q.String(name));
    *list = SplitList(value);
  }
  ASSIGN_OR_RETURN(text.available_from, q.String("available_from"));
  ASSIGN_OR_RETURN(text.available_to, q.String("available_to"));
  ASSIGN_OR_RETURN(request.filters, ToFilters(catalog, text));
  return request;
}

// Reads POST /match's body: {"text", "k", "filters": {...}}.
Result<service::MatchRequest> ParseMatchBody(Catalog& catalog, std::string_view body) {
  ASSIGN_OR_RETURN(Json json, ParseBody(body));
  service::MatchRequest request;
  FilterText text;
  for (const auto& [key, value] : json.items()) {
    if (key == "text") {
      if (!value.is_string()) return base::InvalidArgument("must be a string", "text");
      request.text = value.get<std::string>();
    } else if (key == "k") {
      if (!value.is_number_integer()) return base::InvalidArgument("must be an integer", "k");
      int64_t k = value.get<int64_t>();
      if (k < 1 || k > 100) return base::InvalidArgument("must be between 1 and 100", "k");
      request.k = static_cast<int>(k);
    } else if (key == "filters") {
      if (!value.is_object()) return base::InvalidArgument("must be an object", "filters");
      for (const auto& [name, item] : value.items()) {
        std::string field = "filters." + name;
        std::vector<std::string>* list = name == "countries"          ? &text.countries
                                         : name == "chapters"         ? &text.chapters
                                         : name == "languages"        ? &text.languages
                                         : name == "groups"           ? &text.groups
                                         : name == "engagement_modes" ? &text.modes
                                         : name == "exclude"          ? &text.exclude
                                                                      : nullptr;
        if (list != nullptr) {
          if (!item.is_array()) return base::InvalidArgument("must be an array", field);
          for (const Json& element : item) {
            if (element.is_string()) {
              list->push_back(element.get<std::string>());
            } else if (element.is_number_integer()) {
              list->push_back(std::to_string(element.get<int64_t>()));
            } else {
              return base::InvalidArgument("must hold strings or integers", field);
            }
          }
        } else if (name == "available_from" || name == "available_to") {
          if (!item.is_string()) return base::InvalidArgument("must be a date string", field);
          (name == "available_from" ? text.available_from : text.available_to) =
              item.get<std::string>();
        } else {
          return base::InvalidArgument("unknown filter", field);
        }
      }
    } else {
      return base::InvalidArgument("unknown field", key);
    }
  }
  auto filters = ToFilters(catalog, text);
  if (!filters.ok()) return filters.status().WithFieldPrefix("filters");
  request.filters = std::move(filters).value();
  return request;
}

// The part of an expert shown beside a match; contact data is not part of it.
Json ExpertSummary(const model::Expert& expert) {
  Json full = model::ToJson(expert);
  Json summary;
  for (const char* key :
       {"id", "full_name", "name_ascii", "country", "city", "background", "affiliations",
        "career_stage", "languages", "engagement_modes", "availability", "group_ids", "skills"}) {
    summary[key] = full[key];
  }
  return summary;
}

Reply ProposalsReply(Result<std::vector<service::ExpertProposal>> result) {
  if (!result.ok()) return Reply::Error(result.status());
  Json items = Json::array();
  for (const service::ExpertProposal& proposal : *result) {
    Json terms = Json::array();
    for (const auto& term : proposal.match.terms) {
      terms.push_back({{"term", term.term}, {"share", term.share}});
    }
    Json works = Json::array();
    for (const auto& work : proposal.match.works) {
      works.push_back({{"work_id", work.work_id},
                       {"score", work.score},
                       {"title", work.title},
                       {"snippet", work.snippet},
                       {"year", work.year}});
    }
    items.push_back({{"expert", ExpertSummary(proposal.expert)},
                     {"score", proposal.match.score},
                     {"terms", std::move(terms)},
                     {"works", std::move(works)}});
  }
  int64_t total = static_cast<int64_t>(items.size());
  return Reply{.status = 200,
               .body = {{"items", std::move(items)}, {"total", total}},
               .location = {},
               .etag = {}};
}

void AddMatchingRoutes(Router* router, Catalog* catalog, service::Matching* matching) {
  router->Add("POST", "/api/v1/match", [catalog, matching](const RequestContext& r) {
    auto request = ParseMatchBody(*catalog, r.body);
    if (!request.ok()) return Reply::Error(request.status());
    return ProposalsReply(matching->MatchText(*request));
  });
  router->Add("GET", "/api/v1/problems/{id}/matches", [catalog, matching](const RequestContext& r) {
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto request = ParseMatchQuery(*catalog, r.query);
    if (!request.ok()) return Reply::Error(request.status());
    return ProposalsReply(matching->MatchProblem(*id, std::move(request).value()));
  });
  router->Add("GET", "/api/v1/experts/{id}/problems", [matching](const RequestContext& r) {
    if (Status s = r.query.CheckAllowed({"k"}); !s.ok()) return Reply::Error(s);
    auto id = ParsePathId(r.path_params[0]);
    if (!id.ok()) return Reply::Error(id.status());
    auto k = r.query.Integer("k", 10, 1, 100);
    if (!k.ok()) return Reply::Error(k.status());
    auto result = matching->ProblemsForExpert(*id, static_cast<int>(*k));
    if (!result.ok()) return Reply::Error(result.status());
    Json items = Json::array();
    for (const service::ProblemProposal& proposal : *result) {
      items.push_back({{"problem", model::ToJson(proposal.problem)}, {"score", proposal.score}});
    }
    int64_t total = static_cast<int64_t>(items.size());
    return Reply{.status = 200,
                 .body = {{"items", std::move(items)}, {"total", total}},
                 .location = {},
                 .etag = {}};
  });
}

Result<bool> ParseBool(const QueryParams& q, std::string_view name) {
  ASSIGN_OR_RETURN(std::string text, q.String(name));
  if (text.empty() || text == "false") return false;
  if (text == "true") return true;
  return base::InvalidArgument("must be true or false", std::string(name));
}

// Reads POST /import/{format}'s query string and body into the file to parse and the
// import's options.
Result<std::pair<service::ImportFile, service::ImportOptions>> ParseImportRequest(
    Catalog& catalog, const RequestContext& r) {
  RETURN_IF_ERROR(r.query.CheckAllowed({"dry_run", "expert_id", "kind", "mapping", "file"}));
  service::ImportFile file;
  file.format = r.path_params[0];
  file.bytes = r.body;
  ASSIGN_OR_RETURN(file.name, r.query.String("file"));
  if (file.name.empty()) file.name = "upload";
  ASSIGN_OR_RETURN(std::string kind, r.query.String("kind"));
  ASSIGN_OR_RETURN(file.csv_mapping, r.query.String("mapping"));
  if (file.format != "csv") {
    // Accepting them would let a client believe they had an effect.
    if (!kind.empty()) return base::InvalidArgument("only for the csv format", "kind");
    if (!file.csv_mapping.empty())
      return base::InvalidArgument("only for the csv format", "mapping");
  }
  if (!kind.empty()) file.csv_kind = kind;

  service::ImportOptions options;
  options.source = file.format;
  ASSIGN_OR_RETURN(options.dry_run, ParseBool(r.query, "dry_run"));
  ASSIGN_OR_RETURN(std::optional<Id> expert_id, r.query.OptionalId("expert_id"));
  if (expert_id) {
    // A parameter naming a missing expert is the request's fault, not a missing resource.
    if (auto owner = catalog.Get<model::Expert>(*expert_id); !owner.ok()) {
      if (owner.status().code() != base::StatusCode::kNotFound) return owner.status();
      return base::InvalidArgument("no expert has the id " + std::to_string(*expert_id),
                                   "expert_id");
    }
    options.expert_id = *expert_id;
  }
  return std::pair{std::move(file), std::move(options)};
}

using Decision = Result<model::IdentityReview> (service::Importer::*)(Id);

// POST /api/v1/identity-reviews/{id}/<action>: one decision on a review, under `serial`.
void AddDecisionRoute(Router* router, service::Importer* importer,
                      const std::shared_ptr<std::mutex>& serial, const std::string& action,
                      Decision decide) {
  router->Add("POST", "/api/v1/identity-reviews/{id}/" + action,
              [importer, serial, decide](const RequestContext& r) {
                if (Status s = r.query.CheckAllowed({}); !s.ok()) return Reply::Error(s);
                auto id = ParsePathId(r.path_params[0]);
                if (!id.ok()) return Reply::Error(id.status());
                std::lock_guard<std::mutex> lock(*serial);
                return JsonReply((importer->*decide)(*id));
              });
}

// Imports and review decisions run one at a time: an Importer does one import at a time,
// and two imports of the same people at once could each create the same expert.
void AddImportRoutes(Router* router, Catalog* catalog, service::Importer* importer) {
  auto serial = std::make_shared<std::mutex>();
  router->Add(
      "POST", "/api/v1/import/{format}",
      [catalog, importer, serial](const RequestContext& r) {
        auto request = ParseImportRequest(*catalog, r);
        if (!request.ok()) return Reply::Error(request.status());
        const auto& [file, options] = *request;
        auto batch = service::ParseImportFile(file);
        if (!batch.ok()) return Reply::Error(batch.status());
        if (file.bytes.empty()) {
          return Reply::Error(
              base::InvalidArgument("the request body must be the file to import", "body"));
        }
        std::lock_guard<std::mutex> lock(*serial);
        // The index hears of the import's experts together at its end, not commit by
        // commit: an import of thousands of people is then one rebuild of the index.
        base::Result<service::ImportReport> report = base::Internal("import not run");
        const auto& import_options = options;  // A structured binding cannot be captured.
        catalog
            ->Batched([&] {
              report = importer->Apply(*batch, import_options);
              return report.status();
            })
            .IgnoreError();  // The report says it.
        if (!report.ok()) return Reply::Error(report.status());
        return Reply{
            .status = 200, .body = service::ImportReportJson(*report), .location = {}, .etag = {}};
      },
      BodyLimit::kUpload);

  router->Add("GET", "/api/v1/identity-reviews", [importer](const RequestContext& r) {
    if (Status s = r.query.CheckAllowed({"status", "offset", "limit"}); !s.ok()) {
      return Reply::Error(s);
    }
    auto page = ParsePage(r.query);
    if (!page.ok()) return Reply::Error(page.status());
    auto status = ParseEnum<model::ReviewStatus>(r.query, "status");
    if (!status.ok()) return Reply::Error(status.status());
    auto result = importer->ListReviews(*status, *page);
    if (!result.ok()) return Reply::Error(result.status());
    return ListReply(*result, *page);
  });
  AddDecisionRoute(router, importer, serial, "merge", &service::Importer::Merge);
  AddDecisionRoute(router, importer, serial, "keep-apart", &service::Importer::KeepApart);
}

}  // namespace

void AddApiRoutes(Router* router, Catalog* catalog, service::Matching* matching,
                  service::Importer* importer, const std::string& version) {
  router->Add("GET", "/api/v1/health", [catalog, version](const RequestContext&) {
    auto schema = catalog->SchemaVersion();
    if (!schema.ok()) return Reply::Error(schema.status());
    return Reply{.status = 200,
                 .body = {{"status", "ok"}, {"version", version}, {"schema_version", *schema}},
                 .location = {},
                 .etag = {}};
  });
  router->Add("GET", "/api/v1/openapi.json", [](const RequestContext&) {
    return Reply{.status = 200, .body = Json::parse(OpenApiDocument()), .location = {}, .etag = {}};
  });
  AddCollection<model::Organization>(router, catalog, "/api/v1/organizations", "organization");
  AddCollection<model::TaxonomyVersion>(router, catalog, "/api/v1/taxonomy/versions",
                                        "taxonomy version");
  AddCollection<model::TaxonomyGroup>(router, catalog, "/api/v1/taxonomy/groups", "taxonomy group");
  AddCollection<model::Chapter>(router, catalog, "/api/v1/chapters", "chapter");
  AddMembershipRoutes(router, catalog);
  AddCollection<model::Expert>(router, catalog, "/api/v1/experts", "expert");
  AddCollection<model::Work>(router, catalog, "/api/v1/works", "work");
  AddWorkAuthorRoutes(router, catalog);
  AddCollection<model::Problem>(router, catalog, "/api/v1/problems", "problem");
  AddMatchingRoutes(router, catalog, matching);
  AddImportRoutes(router, catalog, importer);
}

}  // namespace ketnoi::http

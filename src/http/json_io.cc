#include "http/json_io.h"

#include <charconv>

#include "model/validate.h"

namespace ketnoi::http {

using base::InvalidArgument;
using base::Result;
using base::Status;
using base::StatusCode;

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:  // A unique key is taken: a conflict with stored state.
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

model::Json ErrorBody(const Status& status) {
  model::Json field = nullptr;
  if (!status.field().empty()) field = status.field();
  return {{"error",
           {{"code", std::string(base::StatusCodeName(status.code()))},
            {"message", status.message()},
            {"field", field}}}};
}

Status QueryParams::CheckAllowed(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [name, value] : params_) {
    bool known = false;
    for (std::string_view candidate : allowed) known = known || candidate == name;
    if (!known) {
      std::string list;
      for (std::string_view candidate : allowed) {
        if (!list.empty()) list += ", ";
        list += candidate;
      }
      return InvalidArgument("unknown query parameter; accepted: " + list, name);
    }
  }
  return Status::Ok();
}

Result<std::string> QueryParams::String(std::string_view name) const {
  std::string key(name);
  if (params_.count(key) > 1) return InvalidArgument("given more than once", key);
  auto it = params_.find(key);
  if (it == params_.end()) return std::string();
  return it->second;
}

Result<int64_t> QueryParams::Integer(std::string_view name, int64_t fallback, int64_t min,
                                     int64_t max) const {
  ASSIGN_OR_RETURN(std::string text, String(name));
  if (text.empty()) return fallback;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument("must be an integer, got '" + text + "'", std::string(name));
  }
  if (value < min || value > max) {
    return InvalidArgument("must be between " + std::to_string(min) + " and " + std::to_string(max),
                           std::string(name));
  }
  return value;
}

Result<std::optional<model::Id>> QueryParams::OptionalId(std::string_view name) const {
  ASSIGN_OR_RETURN(std::string text, String(name));
  if (text.empty()) return std::optional<model::Id>();
  ASSIGN_OR_RETURN(int64_t id, Integer(name, 0, 1, INT64_MAX));
  return std::optional<model::Id>(id);
}

Result<std::string> QueryParams::Country(std::string_view name) const {
  ASSIGN_OR_RETURN(std::string text, String(name));
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!text.empty() && !model::IsValidCountryCode(text)) {
    return InvalidArgument("must be an ISO 3166-1 alpha-2 country code such as VN or JP",
                           std::string(name));
  }
  return text;
}

Result<service::Page> ParsePage(const QueryParams& query) {
  service::Page page;
  ASSIGN_OR_RETURN(page.offset, query.Integer("offset", 0, 0, INT64_MAX));
  ASSIGN_OR_RETURN(page.limit, query.Integer("limit", 20, 1, 1000));
  ASSIGN_OR_RETURN(page.sort, query.String("sort"));
  ASSIGN_OR_RETURN(std::string order, query.String("order"));
  if (order == "desc") {
    page.descending = true;
  } else if (!order.empty() && order != "asc") {
    return InvalidArgument("must be asc or desc", "order");
  }
  return page;
}

Result<model::Id> ParsePathId(std::string_view text) {
  model::Id id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return base::NotFound("no entity has the id " + std::string(text));
  }
  return id;
}

}  // namespace ketnoi::http

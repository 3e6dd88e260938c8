// The mapping between HTTP and the service layer that does not need a socket: Status codes
// to HTTP statuses (the one table), error bodies, and the parsing of query parameters.
//
// Thread safety: pure functions; QueryParams is a value.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "model/common.h"
#include "model/json.h"
#include "service/catalog.h"

namespace ketnoi::http {

// Returns the HTTP status for `code`: 400, 403, 404, 409, 503 or 500.
int HttpStatusFor(base::StatusCode code);

// {"error": {"code": "invalid_argument", "message": "...", "field": "..."}}; "field" is
// null when the status names none.
model::Json ErrorBody(const base::Status& status);

// The query parameters of one request. Every getter reports a bad value as InvalidArgument
// naming the parameter.
class QueryParams {
 public:
  explicit QueryParams(std::multimap<std::string, std::string> params)
      : params_(std::move(params)) {}

  // InvalidArgument for the first parameter not in `allowed` (typos must not be ignored).
  base::Status CheckAllowed(std::initializer_list<std::string_view> allowed) const;

  // The value of `name`, or "" when absent. InvalidArgument when given twice.
  base::Result<std::string> String(std::string_view name) const;
  // The integer value of `name` within [min, max], or `fallback` when absent.
  base::Result<int64_t> Integer(std::string_view name, int64_t fallback, int64_t min,
                                int64_t max) const;
  // The id value of `name` (a positive integer), or nullopt when absent.
  base::Result<std::optional<model::Id>> OptionalId(std::string_view name) const;
  // An ISO 3166-1 alpha-2 country code (upper-cased), or "" when absent.
  base::Result<std::string> Country(std::string_view name) const;

 private:
  std::multimap<std::string, std::string> params_;
};

// Reads offset (default 0), limit (default 20, 1..1000), sort and order (asc|desc).
base::Result<service::Page> ParsePage(const QueryParams& query);

// Parses a path segment that the router matched as digits. NotFound when it does not fit
// an id (the resource cannot exist).
base::Result<model::Id> ParsePathId(std::string_view text);

}  // namespace ketnoi::http

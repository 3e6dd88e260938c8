// Router: the API's routes as data — method, path template and handler — independent of the
// HTTP library, so the routes can be listed (the OpenAPI test compares them with the
// document) and handlers tested without a socket.
//
// Thread safety: Add() before serving; handlers are then called concurrently.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "http/json_io.h"
#include "model/json.h"

namespace ketnoi::http {

struct RequestContext {
  std::vector<std::string> path_params;  // Values of the template's {params}, in order.
  QueryParams query;
  std::string_view body;
  // The If-Match header (RFC 9110, 13.1.1): "" when absent, "*", or entity tags separated
  // by commas.
  std::string_view if_match;
};

struct Reply {
  int status = 200;
  model::Json body;      // null: no body.
  std::string location;  // Location header for 201 Created.
  std::string etag;      // ETag header: the entity's tag (quoted), for If-Match.

  static Reply Error(const base::Status& status) {
    return Reply{.status = HttpStatusFor(status.code()),
                 .body = ErrorBody(status),
                 .location = {},
                 .etag = {}};
  }
};

using Handler = std::function<Reply(const RequestContext&)>;

// How large a request body a route accepts: a JSON document (kJson, up to
// ServerOptions::max_body_bytes) or a file's bytes (kUpload, up to
// ServerOptions::max_upload_bytes). A larger body is answered 413 without being kept.
enum class BodyLimit { kJson, kUpload };

struct Route {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE".
  std::string path;    // OpenAPI template form: "/api/v1/experts/{id}".
  Handler handler;
  BodyLimit body_limit = BodyLimit::kJson;
};

class Router {
 public:
  // Registers `handler` for `method` on `path`; a "{name}" segment matches one path segment
  // (ids are matched as digits only when the name is "id" or ends in "_id").
  void Add(std::string method, std::string path, Handler handler,
           BodyLimit body_limit = BodyLimit::kJson) {
    routes_.push_back(Route{std::move(method), std::move(path), std::move(handler), body_limit});
  }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Converts a path template to the regular expression the HTTP library matches:
// "/api/v1/experts/{id}" -> "/api/v1/experts/(\d+)".
std::string PathPattern(std::string_view path_template);

}  // namespace ketnoi::http

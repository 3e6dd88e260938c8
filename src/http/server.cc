#include "http/server.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>

#include "http/routes.h"

namespace ketnoi::http {

std::string PathPattern(std::string_view path_template) {
  std::string pattern;
  size_t i = 0;
  while (i < path_template.size()) {
    if (path_template[i] != '{') {
      pattern += path_template[i++];
      continue;
    }
    size_t close = path_template.find('}', i);
    std::string_view name = path_template.substr(i + 1, close - i - 1);
    bool is_id = name == "id" || (name.size() > 3 && name.substr(name.size() - 3) == "_id");
    pattern += is_id ? "(\\d+)" : "([^/]+)";
    i = close + 1;
  }
  return pattern;
}

struct HttpServer::Impl {
  service::Catalog* catalog;
  service::Matching* matching;
  service::Importer* importer;
  base::Logger* logger;
  ServerOptions options;
  Router router;
  httplib::Server server;

  void Install();
  size_t BodyLimitBytes(BodyLimit limit) const;
  // The largest body any route accepts: the library's own limit.
  size_t LargestBodyBytes() const;
  void Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res,
                std::string_view body) const;
  void DispatchWithBody(const Route& route, const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) const;
};

namespace {

void WriteJson(httplib::Response& res, int status, const model::Json& body) {
  res.status = status;
  if (!body.is_null()) res.set_content(body.dump(), "application/json; charset=utf-8");
}

base::Status StatusForHttpError(int status) {
  switch (status) {
    case 404:
      return base::NotFound("no such resource");
    case 405:
      return base::InvalidArgument("method not allowed on this resource");
    case 413:
      return base::InvalidArgument("request body is too large");
    case 414:
      return base::InvalidArgument("request URI is too long");
    default:
      return base::Status(base::StatusCode::kInvalidArgument, "bad request");
  }
}

// The declared Content-Length of `req`, or nullopt when it has none (a chunked body).
std::optional<size_t> DeclaredLength(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return std::nullopt;
  const std::string text = req.get_header_value("Content-Length");
  size_t length = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return length;
}

// Whether `req` carries a body: a request with neither Content-Length nor
// Transfer-Encoding has none (RFC 9112, section 6.3), as `curl -X POST` sends it; the
// library's body reader would take it for a malformed request.
bool HasBody(const httplib::Request& req) {
  return req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
}

}  // namespace

size_t HttpServer::Impl::BodyLimitBytes(BodyLimit limit) const {
  return limit == BodyLimit::kUpload ? options.max_upload_bytes : options.max_body_bytes;
}

size_t HttpServer::Impl::LargestBodyBytes() const {
  return std::max(options.max_body_bytes, options.max_upload_bytes);
}

// Reads the body itself rather than letting the library buffer it, so that each route keeps
// at most its own limit in memory. A body over the limit is still read to its end, up to
// the largest limit (the library answers a longer declared length with 413 itself), and
// dropped: a server that answered before reading would close a connection whose client is
// still sending, and the client would see a reset instead of the 413.
void HttpServer::Impl::DispatchWithBody(const Route& route, const httplib::Request& req,
                                        httplib::Response& res,
                                        const httplib::ContentReader& reader) const {
  if (!HasBody(req)) {
    Dispatch(route, req, res, {});
    return;
  }
  const size_t limit = BodyLimitBytes(route.body_limit);
  const size_t drain_limit = LargestBodyBytes();
  std::string body;
  size_t received = 0;
  bool too_large = DeclaredLength(req).value_or(0) > limit;
  auto keep = [&](const char* data, size_t size) {
    received += size;
    if (received > limit) too_large = true;
    if (!too_large) body.append(data, size);
    return received <= drain_limit;
  };
  bool read = false;
  if (req.is_multipart_form_data()) {
    // The API takes a file's bytes as the body; a form is read through and refused.
    read = reader([](const httplib::MultipartFormData&) { return true; }, keep);
    if (read && !too_large) {
      WriteJson(res, 400,
                ErrorBody(base::InvalidArgument(
                    "send the file's bytes as the request body, not as a multipart form")));
      return;
    }
  } else {
    read = reader(keep);
  }
  if (too_large) {
    WriteJson(
        res, 413,
        ErrorBody(base::InvalidArgument("request body is too large: this route accepts at most " +
                                        std::to_string(limit) + " bytes")));
    return;
  }
  if (!read) {
    // The library set the status (400, or 413 past its own limit); the error handler writes
    // the JSON body.
    if (res.status < 400) res.status = 400;
    return;
  }
  Dispatch(route, req, res, body);
}

void HttpServer::Impl::Dispatch(const Route& route, const httplib::Request& req,
                                httplib::Response& res, std::string_view body) const {
  const std::string if_match = req.get_header_value("If-Match");
  RequestContext context{
      .path_params = {}, .query = QueryParams(req.params), .body = body, .if_match = if_match};
  for (size_t i = 1; i < req.matches.size(); ++i) context.path_params.push_back(req.matches[i]);
  Reply reply = route.handler(context);
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  if (!reply.etag.empty()) res.set_header("ETag", reply.etag);
  WriteJson(res, reply.status, reply.body);
  if (reply.status >= 500) {
    logger->Error(route.method + " " + req.path + " -> " + std::to_string(reply.status) + ": " +
                  reply.body.dump());
  }
}

void HttpServer::Impl::Install() {
  AddApiRoutes(&router, catalog, matching, importer, options.version);
  for (const Route& route : router.routes()) {
    std::string pattern = PathPattern(route.path);
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      Dispatch(route, req, res, req.body);
    };
    // The methods that carry a body read it under the route's own limit.
    auto with_body = [this, &route](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& reader) {
      DispatchWithBody(route, req, res, reader);
    };
    if (route.method == "GET") server.Get(pattern, handler);
    if (route.method == "POST") server.Post(pattern, with_body);
    if (route.method == "PUT") server.Put(pattern, with_body);
    if (route.method == "PATCH") server.Patch(pattern, with_body);
    if (route.method == "DELETE") server.Delete(pattern, with_body);
  }
  // A body sent to no route is read through and dropped, rather than buffered whole.
  auto no_route = [this](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& reader) {
    size_t received = 0;
    auto drop = [&](const char*, size_t size) {
      received += size;
      return received <= LargestBodyBytes();
    };
    if (!HasBody(req)) {
      // Nothing to read.
    } else if (req.is_multipart_form_data()) {
      reader([](const httplib::MultipartFormData&) { return true; }, drop);
    } else {
      reader(drop);
    }
    WriteJson(res, 404, ErrorBody(base::NotFound("no resource at " + req.path)));
  };
  server.Post(".*", no_route);
  server.Put(".*", no_route);
  server.Patch(".*", no_route);
  server.Delete(".*", no_route);
  // The library has one limit for every request; the routes apply their own below it.
  server.set_payload_max_length(LargestBodyBytes());
  // Called for every status >= 400; fills in a JSON body where the library produced none
  // (unknown path, body too large, malformed request line).
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        base::Status status = StatusForHttpError(res.status);
        if (res.status == 404) status = base::NotFound("no resource at " + req.path);
        WriteJson(res, res.status, ErrorBody(status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(error);  // NOLINT(performance-unnecessary-value-param)
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        logger->Error("unhandled exception serving " + req.path + ": " + what);
        WriteJson(res, 500, ErrorBody(base::Internal("the server failed to handle the request")));
      });
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (logger->Enabled(base::LogLevel::kDebug)) {
      logger->Debug(req.method + " " + req.path + " " + std::to_string(res.status));
    }
  });
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
}

HttpServer::HttpServer(service::Catalog* catalog, service::Matching* matching,
                       service::Importer* importer, base::Logger* logger, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->catalog = catalog;
  impl_->matching = matching;
  impl_->importer = importer;
  impl_->logger = logger;
  impl_->options = std::move(options);
  impl_->Install();
}

HttpServer::~HttpServer() { Stop(); }

base::Result<int> HttpServer::Bind(const std::string& host, int port) {
  if (!impl_->options.web_root.empty()) {
    if (!std::filesystem::is_directory(impl_->options.web_root)) {
      return base::InvalidArgument("web root " + impl_->options.web_root + " is not a folder",
                                   "web-root");
    }
    impl_->server.set_mount_point("/", impl_->options.web_root);
  }
  int bound = port;
  if (port == 0) {
    bound = impl_->server.bind_to_any_port(host);
  } else if (!impl_->server.bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) {
    return base::Unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use or not available)");
  }
  return bound;
}

base::Status HttpServer::Serve() {
  if (!impl_->server.listen_after_bind()) return base::Unavailable("the HTTP server stopped");
  return base::Status::Ok();
}

void HttpServer::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

const std::vector<Route>& HttpServer::routes() const { return impl_->router.routes(); }

base::Result<std::pair<std::string, int>> ParseListenAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return base::InvalidArgument("must be HOST:PORT, e.g. 127.0.0.1:8080", "listen");
  }
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  std::string_view port_text = text.substr(colon + 1);
  int port = -1;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
      port > 65535) {
    return base::InvalidArgument("port must be a number from 0 to 65535", "listen");
  }
  return std::make_pair(host, port);
}

}  // namespace ketnoi::http

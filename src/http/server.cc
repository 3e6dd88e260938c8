#include "http/server.h"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <filesystem>
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
  base::Logger* logger;
  ServerOptions options;
  Router router;
  httplib::Server server;

  void Install();
  void Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res) const;
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

}  // namespace

void HttpServer::Impl::Dispatch(const Route& route, const httplib::Request& req,
                                httplib::Response& res) const {
  RequestContext context{.path_params = {}, .query = QueryParams(req.params), .body = req.body};
  for (size_t i = 1; i < req.matches.size(); ++i) context.path_params.push_back(req.matches[i]);
  Reply reply = route.handler(context);
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  WriteJson(res, reply.status, reply.body);
  if (reply.status >= 500) {
    logger->Error(route.method + " " + req.path + " -> " + std::to_string(reply.status) + ": " +
                  reply.body.dump());
  }
}

void HttpServer::Impl::Install() {
  AddApiRoutes(&router, catalog, matching, options.version);
  for (const Route& route : router.routes()) {
    std::string pattern = PathPattern(route.path);
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      Dispatch(route, req, res);
    };
    if (route.method == "GET") server.Get(pattern, handler);
    if (route.method == "POST") server.Post(pattern, handler);
    if (route.method == "PUT") server.Put(pattern, handler);
    if (route.method == "PATCH") server.Patch(pattern, handler);
    if (route.method == "DELETE") server.Delete(pattern, handler);
  }
  server.set_payload_max_length(options.max_body_bytes);
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

HttpServer::HttpServer(service::Catalog* catalog, service::Matching* matching, base::Logger* logger,
                       ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->catalog = catalog;
  impl_->matching = matching;
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

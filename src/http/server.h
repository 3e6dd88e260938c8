// HttpServer: serves the JSON API (http/routes.h) under /api/v1 and the web UI's static
// files from a folder, over HTTP/1.1 (cpp-httplib underneath, kept out of this header).
//
// Errors never leave as HTML: unknown API paths, oversized bodies (413) and handler
// failures all answer with the JSON error body of http/json_io.h.
//
// Body limits are per route (Route::body_limit): each API route reads its own body and
// stops keeping it at its limit, so a JSON route holds at most max_body_bytes in memory
// even though the import routes accept max_upload_bytes. A body over the limit is still
// read to its end (up to the larger limit) and dropped, so the client gets its 413.
//
// Thread safety: Bind and Serve from one thread; Stop from any thread (it makes Serve
// return after in-flight requests finish). Requests are handled on a thread pool.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/logging.h"
#include "base/result.h"
#include "http/router.h"
#include "service/catalog.h"
#include "service/importer.h"
#include "service/matching.h"

namespace ketnoi::http {

struct ServerOptions {
  std::string web_root;  // Folder served at "/"; empty serves no files.
  // Larger request bodies get 413: JSON bodies, and the files of the import routes
  // (BodyLimit::kUpload).
  size_t max_body_bytes = size_t{1} << 20;
  size_t max_upload_bytes = size_t{64} << 20;
  std::string version;  // Reported by /api/v1/health.
};

class HttpServer {
 public:
  // REQUIRES: catalog, matching, importer and logger outlive the server; importer wraps
  // the same catalog.
  HttpServer(service::Catalog* catalog, service::Matching* matching, service::Importer* importer,
             base::Logger* logger, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds to host:port (port 0 picks a free port) and returns the bound port.
  // Errors: Unavailable when the address cannot be bound; InvalidArgument for a web_root
  // that is not a folder.
  base::Result<int> Bind(const std::string& host, int port);

  // Serves until Stop() is called. REQUIRES: Bind succeeded.
  base::Status Serve();

  void Stop();

  // The API routes, in registration order.
  const std::vector<Route>& routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080" for all interfaces).
// Errors: InvalidArgument naming the field "listen".
base::Result<std::pair<std::string, int>> ParseListenAddress(std::string_view text);

}  // namespace ketnoi::http

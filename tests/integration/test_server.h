// TestServer: a real KetNoi HTTP server on a free loopback port, over a fresh SQLite
// database in its own temporary folder, for tests that talk HTTP to it. Its body limits
// are small so that tests can exceed them: kMaxBodyBytes for JSON, kMaxUploadBytes for
// imported files.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/logging.h"
#include "http/server.h"
#include "model/json.h"
#include "service/catalog.h"
#include "service/importer.h"
#include "service/matching.h"
#include "storage/store.h"

namespace ketnoi::testing {

// The parsed reply of one request.
struct HttpReply {
  int status = 0;
  model::Json body;  // null when the body is empty or not JSON.
  std::string text;
  std::string content_type;
  std::string location;
  std::string etag;
};

class TestServer {
 public:
  static constexpr size_t kMaxBodyBytes = 64 * 1024;
  static constexpr size_t kMaxUploadBytes = 1024 * 1024;

  TestServer();
  ~TestServer();

  HttpReply Get(const std::string& path);
  HttpReply Delete(const std::string& path);
  // Send `body` as it is, which may be malformed on purpose.
  HttpReply PostText(const std::string& path, const std::string& body);
  HttpReply PutText(const std::string& path, const std::string& body);
  HttpReply Patch(const std::string& path, const std::string& body);
  // PUT, PATCH or DELETE `path` with `body` (ignored for DELETE) and an If-Match header.
  HttpReply SendIfMatch(const std::string& method, const std::string& path, const std::string& body,
                        const std::string& if_match);
  HttpReply Post(const std::string& path, const model::Json& body) {
    return PostText(path, body.dump());
  }
  HttpReply Put(const std::string& path, const model::Json& body) {
    return PutText(path, body.dump());
  }

  // POSTs `body` as it is with `content_type`, as a client uploads a file.
  HttpReply PostFile(const std::string& path, const std::string& body,
                     const std::string& content_type);

  // POSTs `body` in chunks of `chunk_bytes` (Transfer-Encoding: chunked, no Content-Length).
  HttpReply PostChunked(const std::string& path, const std::string& body, size_t chunk_bytes);
  // POSTs nothing, with neither Content-Length nor Transfer-Encoding (as `curl -X POST`
  // does), over a raw connection. Only the status and the JSON body are filled in.
  HttpReply PostNoBody(const std::string& path);
  // POSTs `body` as the one file of a multipart form, as an HTML form uploads it.
  HttpReply PostForm(const std::string& path, const std::string& body);

  // POSTs `body` and returns the created entity's id; fails the test if not 201.
  int64_t Create(const std::string& collection_path, const model::Json& body);

  const http::HttpServer& server() const { return *server_; }

 private:
  std::filesystem::path dir_;
  base::FakeClock clock_{1795000000};
  base::Logger logger_{base::LogLevel::kWarning};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Catalog> catalog_;
  std::unique_ptr<service::Matching> matching_;
  std::unique_ptr<service::Importer> importer_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace ketnoi::testing

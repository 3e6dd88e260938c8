#include "integration/test_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::testing {
namespace {

std::filesystem::path MakeTempDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("ketnoi-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

HttpReply ToReply(const httplib::Result& result) {
  HttpReply reply;
  if (!result) {
    ADD_FAILURE() << "HTTP request failed: " << httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.text = result->body;
  reply.content_type = result->get_header_value("Content-Type");
  reply.location = result->get_header_value("Location");
  reply.etag = result->get_header_value("ETag");
  reply.body = model::Json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  return reply;
}

std::string WebRoot() {
  const char* source = std::getenv("KETNOI_SOURCE_DIR");
  return source != nullptr ? std::string(source) + "/web" : std::string();
}

}  // namespace

TestServer::TestServer() : dir_(MakeTempDir()) {
  auto store = storage::OpenSqliteStore((dir_ / "test.db").string(), &clock_);
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return;
  }
  store_ = std::move(store).value();
  catalog_ = std::make_unique<service::Catalog>(store_.get());
  matching_ = std::make_unique<service::Matching>(catalog_.get(), rank::EngineOptions{});
  if (auto built = matching_->Build(); !built.ok()) ADD_FAILURE() << built.ToString();
  catalog_->SetListener(matching_.get());
  importer_ = std::make_unique<service::Importer>(catalog_.get(), store_.get());
  server_ =
      std::make_unique<http::HttpServer>(catalog_.get(), matching_.get(), importer_.get(), &logger_,
                                         http::ServerOptions{.web_root = WebRoot(),
                                                             .max_body_bytes = kMaxBodyBytes,
                                                             .max_upload_bytes = kMaxUploadBytes,
                                                             .version = "test"});
  auto port = server_->Bind("127.0.0.1", 0);
  if (!port.ok()) {
    ADD_FAILURE() << port.status().ToString();
    return;
  }
  port_ = *port;
  thread_ = std::thread([this] { server_->Serve().IgnoreError(); });
  client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
  client_->set_connection_timeout(5);
  client_->set_read_timeout(10);
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  importer_.reset();
  if (catalog_) catalog_->SetListener(nullptr);
  matching_.reset();
  catalog_.reset();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

HttpReply TestServer::Get(const std::string& path) { return ToReply(client_->Get(path)); }
HttpReply TestServer::Delete(const std::string& path) { return ToReply(client_->Delete(path)); }
HttpReply TestServer::PostText(const std::string& path, const std::string& body) {
  return ToReply(client_->Post(path, body, "application/json"));
}
HttpReply TestServer::PostFile(const std::string& path, const std::string& body,
                               const std::string& content_type) {
  return ToReply(client_->Post(path, body, content_type));
}
HttpReply TestServer::PostChunked(const std::string& path, const std::string& body,
                                  size_t chunk_bytes) {
  return ToReply(client_->Post(
      path,
      [&body, chunk_bytes](size_t offset, httplib::DataSink& sink) {
        if (offset >= body.size()) {
          sink.done();
          return true;
        }
        return sink.write(body.data() + offset, std::min(chunk_bytes, body.size() - offset));
      },
      "application/octet-stream"));
}
HttpReply TestServer::PostNoBody(const std::string& path) {
  HttpReply reply;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ADD_FAILURE() << "cannot connect to the test server";
    if (fd >= 0) close(fd);
    return reply;
  }
  const std::string request =
      "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
    ADD_FAILURE() << "cannot send the request";
  }
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, n);
  close(fd);
  // "HTTP/1.1 404 Not Found\r\n...\r\n\r\n{...}"
  if (response.size() > 12) reply.status = std::atoi(response.c_str() + 9);
  const size_t body = response.find("\r\n\r\n");
  if (body != std::string::npos) {
    reply.text = response.substr(body + 4);
    reply.body = model::Json::parse(reply.text, nullptr, /*allow_exceptions=*/false);
    if (reply.body.is_discarded()) reply.body = nullptr;
  }
  return reply;
}
HttpReply TestServer::PostForm(const std::string& path, const std::string& body) {
  return ToReply(
      client_->Post(path, httplib::MultipartFormDataItems{{.name = "file",
                                                           .content = body,
                                                           .filename = "upload.csv",
                                                           .content_type = "text/csv"}}));
}
HttpReply TestServer::PutText(const std::string& path, const std::string& body) {
  return ToReply(client_->Put(path, body, "application/json"));
}
HttpReply TestServer::Patch(const std::string& path, const std::string& body) {
  return ToReply(client_->Patch(path, body, "application/merge-patch+json"));
}
HttpReply TestServer::SendIfMatch(const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& if_match) {
  const httplib::Headers headers = {{"If-Match", if_match}};
  if (method == "PUT") return ToReply(client_->Put(path, headers, body, "application/json"));
  if (method == "PATCH") {
    return ToReply(client_->Patch(path, headers, body, "application/merge-patch+json"));
  }
  if (method == "DELETE") return ToReply(client_->Delete(path, headers));
  ADD_FAILURE() << "SendIfMatch: unsupported method " << method;
  return {};
}

int64_t TestServer::Create(const std::string& collection_path, const model::Json& body) {
  HttpReply reply = Post(collection_path, body);
  EXPECT_EQ(reply.status, 201) << collection_path << ": " << reply.text;
  if (reply.status != 201) return 0;
  return reply.body["id"].get<int64_t>();
}

}  // namespace ketnoi::testing

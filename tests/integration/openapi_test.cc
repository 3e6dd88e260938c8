// The OpenAPI document served at /api/v1/openapi.json must describe exactly the routes the
// server registers: every route documented, and nothing documented that does not exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "integration/test_server.h"

namespace ketnoi::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

TEST(OpenApiTest, DocumentsEveryRouteAndOnlyThose) {
  TestServer server;
  HttpReply reply = server.Get("/api/v1/openapi.json");
  ASSERT_EQ(reply.status, 200);
  const model::Json& doc = reply.body;
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");

  std::set<std::string> registered;
  for (const http::Route& route : server.server().routes()) {
    registered.insert(Lower(route.method) + " " + route.path);
  }
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      documented.insert(method + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
  for (const std::string& route : registered) {
    EXPECT_TRUE(documented.count(route)) << "route not in the OpenAPI document: " << route;
  }
  for (const std::string& route : documented) {
    EXPECT_TRUE(registered.count(route)) << "documented route the server lacks: " << route;
  }
  EXPECT_GE(registered.size(), 40u);
}

TEST(OpenApiTest, EverySchemaReferenceResolves) {
  TestServer server;
  const model::Json doc = server.Get("/api/v1/openapi.json").body;
  const model::Json& components = doc["components"];
  std::vector<const model::Json*> stack{&doc};
  int references = 0;
  while (!stack.empty()) {
    const model::Json* node = stack.back();
    stack.pop_back();
    if (node->is_object()) {
      if (auto ref = node->find("$ref"); ref != node->end()) {
        // "#/components/<kind>/<name>": schemas, parameters, headers, responses.
        const std::string target = ref->get<std::string>();
        const std::string prefix = "#/components/";
        const size_t slash = target.find('/', prefix.size());
        ASSERT_TRUE(target.starts_with(prefix) && slash != std::string::npos) << target;
        const std::string kind = target.substr(prefix.size(), slash - prefix.size());
        const std::string name = target.substr(slash + 1);
        EXPECT_TRUE(components.contains(kind) && components[kind].contains(name))
            << "dangling $ref " << target;
        ++references;
      }
      for (const auto& [key, child] : node->items()) stack.push_back(&child);
    } else if (node->is_array()) {
      for (const auto& child : *node) stack.push_back(&child);
    }
  }
  EXPECT_GT(references, 50);
}

}  // namespace
}  // namespace ketnoi::testing

#include "http/json_io.h"

#include <gtest/gtest.h>

#include "http/router.h"
#include "http/server.h"

namespace ketnoi::http {
namespace {

using base::StatusCode;

QueryParams Query(std::multimap<std::string, std::string> params) {
  return QueryParams(std::move(params));
}

TEST(HttpStatusTest, OneTableForEveryCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(ErrorBodyTest, NamesCodeMessageAndField) {
  model::Json body = ErrorBody(base::InvalidArgument("must be a date YYYY-MM-DD", "deadline"));
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "must be a date YYYY-MM-DD");
  EXPECT_EQ(body["error"]["field"], "deadline");
  EXPECT_TRUE(ErrorBody(base::NotFound("x"))["error"]["field"].is_null());
}

TEST(QueryParamsTest, ParsesAndRejectsByName) {
  QueryParams query({{"limit", "50"}, {"country", "jp"}, {"expert", "12"}});
  EXPECT_TRUE(query.CheckAllowed({"limit", "country", "expert"}).ok());
  EXPECT_EQ(query.CheckAllowed({"limit"}).field(), "country");
  EXPECT_EQ(*query.Integer("limit", 20, 1, 1000), 50);
  EXPECT_EQ(*query.Integer("offset", 7, 0, 10), 7);
  EXPECT_EQ(*query.Country("country"), "JP");
  EXPECT_EQ(**query.OptionalId("expert"), 12);
  EXPECT_FALSE(query.OptionalId("organization")->has_value());

  QueryParams bad({{"limit", "12abc"}, {"country", "XX"}, {"expert", "0"}});
  EXPECT_EQ(bad.Integer("limit", 20, 1, 1000).status().field(), "limit");
  EXPECT_EQ(bad.Country("country").status().field(), "country");
  EXPECT_EQ(bad.OptionalId("expert").status().field(), "expert");
}

TEST(ParsePageTest, DefaultsAndBounds) {
  auto page = ParsePage(Query({}));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->offset, 0);
  EXPECT_EQ(page->limit, 20);
  EXPECT_FALSE(page->descending);
  EXPECT_TRUE(ParsePage(Query({{"order", "desc"}}))->descending);
  EXPECT_EQ(ParsePage(Query({{"limit", "1001"}})).status().field(), "limit");
  EXPECT_EQ(ParsePage(Query({{"order", "random"}})).status().field(), "order");
}

TEST(ParsePathIdTest, OutOfRangeIsNotFound) {
  EXPECT_EQ(*ParsePathId("42"), 42);
  EXPECT_EQ(ParsePathId("99999999999999999999").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ParsePathId("0").status().code(), StatusCode::kNotFound);
}

TEST(PathPatternTest, IdsAreDigits) {
  EXPECT_EQ(PathPattern("/api/v1/experts/{id}"), "/api/v1/experts/(\\d+)");
  EXPECT_EQ(PathPattern("/api/v1/chapters/{id}/members/{expert_id}"),
            "/api/v1/chapters/(\\d+)/members/(\\d+)");
  EXPECT_EQ(PathPattern("/api/v1/things/{name}"), "/api/v1/things/([^/]+)");
}

TEST(ListenAddressTest, ParsesHostAndPort) {
  auto address = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->first, "127.0.0.1");
  EXPECT_EQ(address->second, 8080);
  EXPECT_EQ(ParseListenAddress("[::1]:0")->first, "::1");
  EXPECT_EQ(ParseListenAddress(":9000")->first, "0.0.0.0");
  EXPECT_EQ(ParseListenAddress("localhost").status().field(), "listen");
  EXPECT_EQ(ParseListenAddress("localhost:99999").status().field(), "listen");
}

}  // namespace
}  // namespace ketnoi::http

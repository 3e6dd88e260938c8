// The JSON API over real HTTP: every route, the list filters, and the bad inputs a client
// can send — each must get the documented status and an error naming the field.
#include <gtest/gtest.h>

#include <string>

#include "integration/test_server.h"

namespace ketnoi::testing {
namespace {

using model::Json;

// A small registry: taxonomy, two organisations, a chapter, two experts, a work, a problem.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    version_ = server_.Create(
        "/api/v1/taxonomy/versions",
        {{"code", "1131/QD-TTg"},
         {"name", {{"vi", "Danh mục công nghệ chiến lược"}, {"en", "Strategic technologies"}}},
         {"issued_on", "2025-06-12"},
         {"effective_from", "2025-06-12"},
         {"status", "current"}});
    chips_ = server_.Create(
        "/api/v1/taxonomy/groups",
        {{"version_id", version_},
         {"number", 6},
         {"name", {{"vi", "Công nghệ chip bán dẫn"}, {"en", "Semiconductor chips"}}}});
    robots_ =
        server_.Create("/api/v1/taxonomy/groups",
                       {{"version_id", version_},
                        {"number", 5},
                        {"name", {{"vi", "Công nghệ robot và tự động hóa"}, {"en", "Robotics"}}}});
    nic_ = server_.Create("/api/v1/organizations", {{"name", "Trung tâm Đổi mới sáng tạo Quốc gia"},
                                                    {"short_name", "NIC"},
                                                    {"kind", "agency"},
                                                    {"country", "VN"}});
    lab_ = server_.Create(
        "/api/v1/organizations",
        {{"name", "Setouchi University of Technology"}, {"kind", "university"}, {"country", "JP"}});
    japan_ =
        server_.Create("/api/v1/chapters", {{"code", "JP"},
                                            {"name", {{"vi", "Chi hội Nhật Bản"}, {"en", "Japan"}}},
                                            {"countries", {"JP"}},
                                            {"status", "pilot"}});
    mai_ = server_.Create(
        "/api/v1/experts",
        {{"full_name", "Nguyễn Thị Mai"},
         {"orcid", "0000-0002-1825-0097"},
         {"country", "JP"},
         {"city", "Osaka"},
         {"affiliations", {{{"organization_id", lab_}, {"title", "Associate Professor"}}}},
         {"languages", {"vi", "ja", "en"}},
         {"engagement_modes", {"joint_research"}},
         {"group_ids", {chips_}}});
    khoi_ = server_.Create(
        "/api/v1/experts",
        {{"full_name", "Đặng Minh Khôi"}, {"country", "VN"}, {"group_ids", {robots_}}});
    EXPECT_EQ(
        server_
            .Put("/api/v1/chapters/" + std::to_string(japan_) + "/members/" + std::to_string(mai_),
                 Json{{"role", "lead"}})
            .status,
        200);
    work_ = server_.Create(
        "/api/v1/works", {{"kind", "publication"},
                          {"title", "A 12-bit SAR ADC for wearable sensors"},
                          {"year", 2024},
                          {"language", "en"},
                          {"authors",
                           {{{"name", "Mai Nguyen"}, {"expert_id", mai_}, {"corresponding", true}},
                            {{"name", "K. Tanaka"}}}}});
    problem_ = server_.Create("/api/v1/problems",
                              {{"title", {{"vi", "Giảm lỗi hàn dây trong đóng gói chip"}}},
                               {"organization_id", nic_},
                               {"group_ids", {chips_}},
                               {"skills", {{{"name", "wire bonding"}, {"level", "must"}}}},
                               {"budget", {{"amount", 2500000000}, {"currency", "VND"}}},
                               {"deadline", "2027-03-31"},
                               {"status", "open"}});
  }

  static std::string Path(const std::string& collection, int64_t id) {
    return "/api/v1/" + collection + "/" + std::to_string(id);
  }

  // Asserts `reply` is a JSON error with `status`, `code` and, if given, `field`.
  static void ExpectError(const HttpReply& reply, int status, const std::string& code,
                          const std::string& field = "") {
    EXPECT_EQ(reply.status, status) << reply.text;
    EXPECT_NE(reply.content_type.find("application/json"), std::string::npos) << reply.content_type;
    ASSERT_TRUE(reply.body.is_object()) << reply.text;
    EXPECT_EQ(reply.body["error"]["code"], code) << reply.text;
    EXPECT_FALSE(reply.body["error"]["message"].get<std::string>().empty());
    if (!field.empty()) {
      EXPECT_EQ(reply.body["error"]["field"], field) << reply.text;
    }
  }

  TestServer server_;
  int64_t version_ = 0, chips_ = 0, robots_ = 0, nic_ = 0, lab_ = 0, japan_ = 0;
  int64_t mai_ = 0, khoi_ = 0, work_ = 0, problem_ = 0;
};

TEST_F(ApiTest, HealthReportsVersionAndSchema) {
  HttpReply reply = server_.Get("/api/v1/health");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["status"], "ok");
  EXPECT_GE(reply.body["schema_version"].get<int>(), 1);
}

TEST_F(ApiTest, CreatedEntitiesReadBackWithLocation) {
  HttpReply created = server_.Post(
      "/api/v1/organizations",
      Json{{"name", "Công ty CP Vi mạch Kinh Bắc"}, {"kind", "enterprise"}, {"country", "VN"}});
  ASSERT_EQ(created.status, 201);
  int64_t id = created.body["id"];
  EXPECT_EQ(created.location, Path("organizations", id));
  HttpReply read = server_.Get(created.location);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body["name"], "Công ty CP Vi mạch Kinh Bắc");
  EXPECT_FALSE(read.body["created_at"].get<std::string>().empty());

  HttpReply expert = server_.Get(Path("experts", mai_));
  ASSERT_EQ(expert.status, 200);
  EXPECT_EQ(expert.body["name_ascii"], "Nguyen Thi Mai");
  EXPECT_EQ(expert.body["affiliations"][0]["organization_id"], lab_);
  HttpReply work = server_.Get(Path("works", work_));
  EXPECT_EQ(work.body["authors"][0]["expert_id"], mai_);
  EXPECT_TRUE(work.body["authors"][1]["expert_id"].is_null());
  HttpReply problem = server_.Get(Path("problems", problem_));
  EXPECT_EQ(problem.body["budget"]["amount"], 2500000000LL);
  EXPECT_EQ(server_.Get(Path("taxonomy/groups", chips_)).body["version_id"], version_);
  EXPECT_EQ(server_.Get(Path("taxonomy/versions", version_)).body["code"], "1131/QD-TTg");
  EXPECT_EQ(server_.Get(Path("chapters", japan_)).body["code"], "JP");
}

TEST_F(ApiTest, DecomposedVietnameseIsStoredComposed) {
  // "Trần" typed as a + combining circumflex + combining grave.
  int64_t id = server_.Create("/api/v1/experts",
                              {{"full_name", "Tra\xCC\x82\xCC\x80n Văn An"}, {"country", "VN"}});
  HttpReply reply = server_.Get(Path("experts", id));
  EXPECT_EQ(reply.body["full_name"], "Trần Văn An");
  EXPECT_EQ(reply.body["name_ascii"], "Tran Van An");
}

TEST_F(ApiTest, PutReplacesAndPatchMerges) {
  HttpReply put =
      server_.Put(Path("experts", khoi_),
                  Json{{"full_name", "Đặng Minh Khôi"}, {"country", "KR"}, {"city", "Daejeon"}});
  ASSERT_EQ(put.status, 200) << put.text;
  EXPECT_EQ(put.body["country"], "KR");
  EXPECT_TRUE(put.body["group_ids"].empty());  // PUT replaces every field.

  HttpReply patch = server_.Patch(Path("experts", mai_), R"({"city": "Kyoto"})");
  ASSERT_EQ(patch.status, 200) << patch.text;
  EXPECT_EQ(patch.body["city"], "Kyoto");
  EXPECT_EQ(patch.body["orcid"], "0000-0002-1825-0097");  // Untouched fields stay.
  EXPECT_EQ(server_.Get(Path("experts", mai_)).body["city"], "Kyoto");

  ExpectError(server_.Patch(Path("experts", mai_), R"({"country": "Japan"})"), 400,
              "invalid_argument", "country");
  ExpectError(server_.Patch(Path("experts", 999), R"({"city": "Kyoto"})"), 404, "not_found");
}

TEST_F(ApiTest, AnAuthorsCurationOfAWorkRoundTrips) {
  HttpReply put = server_.Put(
      Path("works", work_),
      Json{{"kind", "publication"},
           {"title", "A 12-bit SAR ADC for wearable sensors"},
           {"year", 2024},
           {"authors",
            {{{"name", "Mai Nguyen"}, {"expert_id", mai_}, {"hidden", true}, {"key", false}},
             {{"name", "K. Tanaka"}, {"key", true}}}}});
  ASSERT_EQ(put.status, 200) << put.text;
  HttpReply read = server_.Get(Path("works", work_));
  EXPECT_EQ(read.body["authors"][0]["hidden"], true);
  EXPECT_EQ(read.body["authors"][0]["key"], false);
  EXPECT_EQ(read.body["authors"][1]["hidden"], false);
  EXPECT_EQ(read.body["authors"][1]["key"], true);
}

// Optimistic concurrency (RFC 9110 conditional requests): a client that sends back the ETag
// it read changes the entity only if nobody changed it since; without If-Match, as before.
TEST_F(ApiTest, IfMatchRefusesChangesToWhatChangedSinceItWasRead) {
  const int64_t expert = server_.Create(
      "/api/v1/experts", {{"full_name", "Trần Quốc Việt"}, {"country", "VN"}, {"city", "Huế"}});
  const std::string path = Path("experts", expert);
  HttpReply read = server_.Get(path);
  ASSERT_EQ(read.status, 200);
  ASSERT_EQ(read.etag.size(), 18u) << read.etag;  // A quoted strong tag.
  EXPECT_EQ(read.etag.front(), '"');
  EXPECT_EQ(server_.Get(path).etag, read.etag);  // Stable while nothing changes.

  // A first curator edits with the tag they read: accepted, and the tag moves.
  HttpReply first = server_.SendIfMatch("PATCH", path, R"({"city": "Đà Nẵng"})", read.etag);
  ASSERT_EQ(first.status, 200) << first.text;
  EXPECT_NE(first.etag, read.etag);
  EXPECT_EQ(first.etag, server_.Get(path).etag);

  // A second curator, who read before that edit, is refused with 412 and the current tag;
  // the stored expert keeps the first edit.
  HttpReply late = server_.SendIfMatch("PATCH", path, R"({"city": "Cần Thơ"})", read.etag);
  ExpectError(late, 412, "failed_precondition", "If-Match");
  EXPECT_EQ(late.etag, first.etag);
  EXPECT_EQ(server_.Get(path).body["city"], "Đà Nẵng");
  Json replaced = server_.Get(path).body;
  replaced["city"] = "Cần Thơ";
  ExpectError(server_.SendIfMatch("PUT", path, replaced.dump(), read.etag), 412,
              "failed_precondition", "If-Match");
  ExpectError(server_.SendIfMatch("DELETE", path, "", read.etag), 412, "failed_precondition",
              "If-Match");
  EXPECT_EQ(server_.Get(path).status, 200);
  EXPECT_EQ(server_.Get(path).body["city"], "Đà Nẵng");

  // With the current tag among others, or "*", the change goes through; weak tags never
  // match (strong comparison).
  HttpReply put =
      server_.SendIfMatch("PUT", path, replaced.dump(), "\"0000000000000000\", " + first.etag);
  ASSERT_EQ(put.status, 200) << put.text;
  EXPECT_EQ(put.body["city"], "Cần Thơ");
  ExpectError(server_.SendIfMatch("PATCH", path, R"({"city": "x"})", "W/" + put.etag), 412,
              "failed_precondition", "If-Match");
  HttpReply any = server_.SendIfMatch("PATCH", path, R"({"city": "Vinh"})", "*");
  ASSERT_EQ(any.status, 200) << any.text;
  // The work-author curation route takes If-Match too.
  const int64_t work = server_.Create(
      "/api/v1/works", {{"kind", "publication"},
                        {"title", "Readout circuits"},
                        {"authors", {{{"name", "Viet Tran"}, {"expert_id", expert}}}}});
  HttpReply work_read = server_.Get(Path("works", work));
  const std::string author = Path("works", work) + "/authors/" + std::to_string(expert);
  ASSERT_EQ(server_.SendIfMatch("PATCH", author, R"({"key": true})", work_read.etag).status, 200);
  ExpectError(server_.SendIfMatch("PATCH", author, R"({"hidden": true})", work_read.etag), 412,
              "failed_precondition", "If-Match");
  EXPECT_EQ(server_.Get(Path("works", work)).body["authors"][0]["hidden"], false);
  // Delete with the current tag.
  const std::string work_path = Path("works", work);
  EXPECT_EQ(server_.SendIfMatch("DELETE", work_path, "", server_.Get(work_path).etag).status, 204);
  EXPECT_EQ(server_.Get(work_path).status, 404);
}

TEST_F(ApiTest, AnAuthorsCurationChangesOnlyTheirEntry) {
  const int64_t work = server_.Create(
      "/api/v1/works", {{"kind", "publication"},
                        {"title", "Low-power readout for MEMS sensors"},
                        {"year", 2023},
                        {"authors",
                         {{{"name", "Mai Nguyen"}, {"expert_id", mai_}},
                          {{"name", "K. Dang"}, {"expert_id", khoi_}, {"corresponding", true}},
                          {{"name", "R. Sato"}}}}});
  auto author_path = [&](int64_t expert) {
    return Path("works", work) + "/authors/" + std::to_string(expert);
  };
  // Two curators, one after the other, each changing one expert's entry: the second keeps
  // the first's change (a PATCH of the whole authors array read before it would not).
  HttpReply khoi_key = server_.Patch(author_path(khoi_), R"({"key": true})");
  ASSERT_EQ(khoi_key.status, 200) << khoi_key.text;
  EXPECT_EQ(khoi_key.body["authors"][1]["key"], true);
  HttpReply mai_hidden = server_.Patch(author_path(mai_), R"({"hidden": true})");
  ASSERT_EQ(mai_hidden.status, 200) << mai_hidden.text;
  const Json authors = server_.Get(Path("works", work)).body["authors"];
  ASSERT_EQ(authors.size(), 3u);
  EXPECT_EQ(authors[0]["hidden"], true);
  EXPECT_EQ(authors[0]["key"], false);
  EXPECT_EQ(authors[1]["hidden"], false);
  EXPECT_EQ(authors[1]["key"], true);
  EXPECT_EQ(authors[1]["corresponding"], true);  // The rest of the entry stays.
  EXPECT_EQ(authors[2]["name"], "R. Sato");
  EXPECT_EQ(mai_hidden.body, server_.Get(Path("works", work)).body);  // The whole work.

  HttpReply both = server_.Patch(author_path(mai_), R"({"hidden": false, "key": true})");
  ASSERT_EQ(both.status, 200) << both.text;
  EXPECT_EQ(both.body["authors"][0]["hidden"], false);
  EXPECT_EQ(both.body["authors"][0]["key"], true);

  ExpectError(server_.Patch(author_path(mai_), R"({"hidden": "yes"})"), 400, "invalid_argument",
              "hidden");
  ExpectError(server_.Patch(author_path(mai_), R"({"title": "x"})"), 400, "invalid_argument",
              "title");
  ExpectError(server_.Patch(author_path(mai_), "{}"), 400, "invalid_argument");
  ExpectError(server_.Patch(author_path(mai_), "[true]"), 400, "invalid_argument");
  // Khôi is not an author of the fixture's work; there is no work 999.
  ExpectError(
      server_.Patch(Path("works", work_) + "/authors/" + std::to_string(khoi_), R"({"key": true})"),
      404, "not_found");
  ExpectError(
      server_.Patch("/api/v1/works/999/authors/" + std::to_string(mai_), R"({"key": true})"), 404,
      "not_found");
  EXPECT_EQ(server_.Get(Path("works", work)).body, both.body);  // Errors changed nothing.
}

TEST_F(ApiTest, DeleteRemovesAndThenNotFound) {
  HttpReply deleted = server_.Delete(Path("works", work_));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.text.empty());
  ExpectError(server_.Get(Path("works", work_)), 404, "not_found");
  ExpectError(server_.Delete(Path("works", work_)), 404, "not_found");
  int64_t unused = server_.Create(
      "/api/v1/organizations", {{"name", "Quỹ Đầu tư Ví dụ"}, {"kind", "fund"}, {"country", "VN"}});
  const std::pair<const char*, int64_t> entities[] = {
      {"problems", problem_}, {"experts", khoi_}, {"chapters", japan_}, {"organizations", unused}};
  for (const auto& [collection, id] : entities) {
    EXPECT_EQ(server_.Delete(Path(collection, id)).status, 204) << collection;
    EXPECT_EQ(server_.Get(Path(collection, id)).status, 404) << collection;
  }
  // An organisation that experts are affiliated with stays until they are not.
  ExpectError(server_.Delete(Path("organizations", lab_)), 409, "failed_precondition");
}

TEST_F(ApiTest, ListsArePagedWithTotals) {
  for (int i = 0; i < 5; ++i) {
    server_.Create("/api/v1/experts",
                   {{"full_name", "Expert " + std::to_string(i)}, {"country", "GB"}});
  }
  HttpReply page = server_.Get("/api/v1/experts?limit=3&offset=2&sort=id");
  ASSERT_EQ(page.status, 200) << page.text;
  EXPECT_EQ(page.body["total"], 7);
  EXPECT_EQ(page.body["offset"], 2);
  EXPECT_EQ(page.body["limit"], 3);
  ASSERT_EQ(page.body["items"].size(), 3u);
  EXPECT_EQ(page.body["items"][0]["full_name"], "Expert 0");

  HttpReply descending = server_.Get("/api/v1/experts?sort=id&order=desc&limit=1");
  EXPECT_EQ(descending.body["items"][0]["full_name"], "Expert 4");
  HttpReply by_name = server_.Get("/api/v1/experts?sort=name_ascii&limit=1000");
  EXPECT_EQ(by_name.body["items"].back()["full_name"], "Nguyễn Thị Mai");
}

TEST_F(ApiTest, ExpertFilters) {
  auto names = [&](const std::string& query) {
    HttpReply reply = server_.Get("/api/v1/experts?" + query);
    EXPECT_EQ(reply.status, 200) << query << ": " << reply.text;
    std::vector<std::string> out;
    for (const auto& item : reply.body["items"]) out.push_back(item["full_name"]);
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names("country=JP"), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("country=jp"), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("country=VN"), Names{"Đặng Minh Khôi"});
  EXPECT_EQ(names("chapter=JP"), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("chapter=" + std::to_string(japan_)), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("group=" + std::to_string(robots_)), Names{"Đặng Minh Khôi"});
  EXPECT_EQ(names("organization=" + std::to_string(lab_)), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("q=nguyen"), Names{"Nguyễn Thị Mai"});
  EXPECT_EQ(names("q=Nguy%E1%BB%85n"), Names{"Nguyễn Thị Mai"});  // "Nguyễn", URL-encoded.
  EXPECT_EQ(names("q=dang%20minh"), Names{"Đặng Minh Khôi"});
  EXPECT_EQ(names("q=khoi"), Names{"Đặng Minh Khôi"});  // A given name finds them too.
  EXPECT_TRUE(names("country=GB").empty());
}

TEST_F(ApiTest, OtherCollectionFilters) {
  auto total = [&](const std::string& path) {
    HttpReply reply = server_.Get(path);
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.text;
    return reply.body["total"].get<int>();
  };
  EXPECT_EQ(total("/api/v1/organizations?country=VN"), 1);
  EXPECT_EQ(total("/api/v1/organizations?kind=university"), 1);
  EXPECT_EQ(total("/api/v1/works?expert=" + std::to_string(mai_)), 1);
  EXPECT_EQ(total("/api/v1/works?expert=" + std::to_string(khoi_)), 0);
  EXPECT_EQ(total("/api/v1/works?kind=patent"), 0);
  EXPECT_EQ(total("/api/v1/problems?status=open"), 1);
  EXPECT_EQ(total("/api/v1/problems?status=draft"), 0);
  EXPECT_EQ(total("/api/v1/problems?group=" + std::to_string(chips_)), 1);
  EXPECT_EQ(total("/api/v1/problems?country=VN"), 1);
  EXPECT_EQ(total("/api/v1/problems?organization=" + std::to_string(lab_)), 0);
  EXPECT_EQ(total("/api/v1/chapters?country=JP"), 1);
  EXPECT_EQ(total("/api/v1/chapters?country=GB"), 0);
  EXPECT_EQ(total("/api/v1/taxonomy/groups?version=" + std::to_string(version_)), 2);
  EXPECT_EQ(total("/api/v1/taxonomy/versions"), 1);
}

TEST_F(ApiTest, ChapterMemberships) {
  std::string members = Path("chapters", japan_) + "/members";
  HttpReply list = server_.Get(members);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["total"], 1);
  EXPECT_EQ(list.body["items"][0]["expert_id"], mai_);
  EXPECT_EQ(list.body["items"][0]["role"], "lead");

  EXPECT_EQ(server_.PutText(members + "/" + std::to_string(khoi_), "").status, 200);
  EXPECT_EQ(server_.Get(members).body["total"], 2);
  EXPECT_EQ(server_.Delete(members + "/" + std::to_string(khoi_)).status, 204);
  ExpectError(server_.Delete(members + "/" + std::to_string(khoi_)), 404, "not_found");
  ExpectError(server_.Get(Path("chapters", 999) + "/members"), 404, "not_found");
  ExpectError(server_.PutText(members + "/" + std::to_string(khoi_), R"({"role": "boss"})"), 400,
              "invalid_argument", "role");
}

TEST_F(ApiTest, MalformedJsonIs400WithPosition) {
  HttpReply reply = server_.PostText("/api/v1/experts", R"({"full_name": "An", )");
  ExpectError(reply, 400, "invalid_argument");
  EXPECT_NE(reply.body["error"]["message"].get<std::string>().find("malformed JSON at byte"),
            std::string::npos);
  ExpectError(server_.PostText("/api/v1/experts", "[1, 2]"), 400, "invalid_argument");
  ExpectError(server_.PostText("/api/v1/experts", ""), 400, "invalid_argument");
  ExpectError(server_.PostText("/api/v1/experts", "{\"full_name\": \"\xC3\x28\"}"), 400,
              "invalid_argument");
}

TEST_F(ApiTest, InvalidFieldsNameTheField) {
  ExpectError(server_.Post("/api/v1/experts",
                           Json{{"full_name", "An"}, {"country", "VN"}, {"colour", "red"}}),
              400, "invalid_argument", "colour");
  ExpectError(server_.Post("/api/v1/experts", Json{{"full_name", 42}, {"country", "VN"}}), 400,
              "invalid_argument", "full_name");
  ExpectError(server_.Post("/api/v1/experts", Json{{"country", "VN"}}), 400, "invalid_argument",
              "full_name");
  ExpectError(
      server_.Post("/api/v1/experts",
                   Json{{"full_name", "An"}, {"country", "VN"}, {"orcid", "0000-0002-1825-0098"}}),
      400, "invalid_argument", "orcid");
  ExpectError(
      server_.Post("/api/v1/experts",
                   Json{{"full_name", "An"},
                        {"country", "VN"},
                        {"availability", {{{"from", "2026-05-01"}, {"to", "2026-02-30"}}}}}),
      400, "invalid_argument", "availability[0].to");
  ExpectError(
      server_.Post("/api/v1/experts", Json{{"full_name", "An"},
                                           {"country", "VN"},
                                           {"affiliations", {{{"organization_id", 9999}}}}}),
      400, "invalid_argument", "affiliations[0].organization_id");
  ExpectError(server_.Post("/api/v1/problems", Json{{"title", {{"vi", "Bài toán"}}},
                                                    {"organization_id", nic_},
                                                    {"confidentiality", "secret"}}),
              400, "invalid_argument", "confidentiality");
  ExpectError(server_.Post("/api/v1/problems", Json{{"title", {{"vi", "Bài toán"}}},
                                                    {"organization_id", nic_},
                                                    {"trl", {{"current", 5}, {"target", 12}}}}),
              400, "invalid_argument", "trl.target");
  ExpectError(
      server_.Post("/api/v1/works", Json{{"kind", "publication"},
                                         {"title", "T"},
                                         {"authors", {{{"name", "X"}, {"expert_id", "seven"}}}}}),
      400, "invalid_argument", "authors[0].expert_id");
}

TEST_F(ApiTest, ConflictsAre409) {
  ExpectError(server_.Post("/api/v1/experts", Json{{"full_name", "Lê Văn Tám"},
                                                   {"country", "VN"},
                                                   {"orcid", "0000-0002-1825-0097"}}),
              409, "already_exists", "orcid");
  ExpectError(server_.Post("/api/v1/chapters", Json{{"code", "JP"}, {"name", {{"en", "Again"}}}}),
              409, "already_exists", "code");
  // The organisation still commissions a problem.
  ExpectError(server_.Delete(Path("organizations", nic_)), 409, "failed_precondition");
  EXPECT_EQ(server_.Get(Path("organizations", nic_)).status, 200);
}

TEST_F(ApiTest, BadQueryParametersAre400) {
  ExpectError(server_.Get("/api/v1/experts?contry=JP"), 400, "invalid_argument", "contry");
  ExpectError(server_.Get("/api/v1/experts?country=Japan"), 400, "invalid_argument", "country");
  ExpectError(server_.Get("/api/v1/experts?limit=0"), 400, "invalid_argument", "limit");
  ExpectError(server_.Get("/api/v1/experts?limit=5000"), 400, "invalid_argument", "limit");
  ExpectError(server_.Get("/api/v1/experts?offset=-1"), 400, "invalid_argument", "offset");
  ExpectError(server_.Get("/api/v1/experts?limit=ten"), 400, "invalid_argument", "limit");
  ExpectError(server_.Get("/api/v1/experts?order=up"), 400, "invalid_argument", "order");
  ExpectError(server_.Get("/api/v1/experts?sort=salary"), 400, "invalid_argument", "sort");
  ExpectError(server_.Get("/api/v1/experts?chapter=MARS"), 400, "invalid_argument", "chapter");
  ExpectError(server_.Get("/api/v1/experts?group=abc"), 400, "invalid_argument", "group");
  ExpectError(server_.Get("/api/v1/problems?status=finished"), 400, "invalid_argument", "status");
  ExpectError(server_.Get("/api/v1/experts?country=JP&country=VN"), 400, "invalid_argument",
              "country");
}

TEST_F(ApiTest, UnknownResourcesAre404Json) {
  ExpectError(server_.Get("/api/v1/experts/424242"), 404, "not_found");
  ExpectError(server_.Get("/api/v1/experts/99999999999999999999999"), 404, "not_found");
  ExpectError(server_.Get("/api/v1/experts/abc"), 404, "not_found");
  ExpectError(server_.Get("/api/v1/nothing-here"), 404, "not_found");
  ExpectError(server_.PostText("/api/v1/nothing-here", "{}"), 404, "not_found");
  ExpectError(server_.PostText("/api/v1/health", "{}"), 404, "not_found");
}

TEST_F(ApiTest, OversizedBodyIs413Json) {
  std::string huge = R"({"full_name": ")" + std::string(200 * 1024, 'a') + R"(", "country": "VN"})";
  HttpReply reply = server_.PostText("/api/v1/experts", huge);
  EXPECT_EQ(reply.status, 413);
  ASSERT_TRUE(reply.body.is_object()) << reply.text.substr(0, 200);
  EXPECT_EQ(reply.body["error"]["code"], "invalid_argument");
  EXPECT_EQ(server_.Get("/api/v1/experts").body["total"], 2);  // Nothing was stored.
}

TEST_F(ApiTest, ServesTheWebPage) {
  HttpReply reply = server_.Get("/");
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(reply.text.find("KetNoi"), std::string::npos);
}

}  // namespace
}  // namespace ketnoi::testing

namespace ketnoi::testing {
namespace {

// Matching over HTTP: the engine is built from the store at start and kept current by
// every write, so these tests create data through the API and query it at once.
class MatchApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    company_ = server_.Create(
        "/api/v1/organizations",
        {{"name", "Công ty CP Vi mạch Kinh Bắc"}, {"kind", "enterprise"}, {"country", "VN"}});
    lab_ = server_.Create(
        "/api/v1/organizations",
        {{"name", "Setouchi University of Technology"}, {"kind", "university"}, {"country", "JP"}});
    analog_ = server_.Create(
        "/api/v1/experts", {{"full_name", "Nguyễn Thị Mai"},
                            {"country", "JP"},
                            {"affiliations", {{{"organization_id", lab_}, {"title", "Professor"}}}},
                            {"engagement_modes", {"joint_research"}}});
    battery_ = server_.Create("/api/v1/experts", {{"full_name", "Park Ji-woo"}, {"country", "KR"}});
    bonding_work_ = server_.Create(
        "/api/v1/works",
        {{"kind", "publication"},
         {"title", "Wire bonding reliability of copper wires in fine-pitch chip packaging"},
         {"abstract",
          "We study wire bonding failures in semiconductor packaging: ball bond "
          "lift-off, intermetallic growth and heel cracks in copper wire bonds."},
         {"year", 2024},
         {"language", "en"},
         {"authors", {{{"name", "Mai Nguyen"}, {"expert_id", analog_}}}}});
    server_.Create(
        "/api/v1/works",
        {{"kind", "publication"},
         {"title", "Sodium-ion battery cathodes from layered oxides"},
         {"abstract", "Layered oxide cathodes for sodium-ion batteries with long cycle life."},
         {"year", 2023},
         {"language", "en"},
         {"authors", {{{"name", "J. Park"}, {"expert_id", battery_}}}}});
    problem_ = server_.Create(
        "/api/v1/problems", {{"title", {{"en", "Reduce wire bonding failures in chip packaging"}}},
                             {"description", {{"en", "Our copper wire bonds show heel cracks."}}},
                             {"organization_id", company_},
                             {"status", "open"}});
  }

  static int64_t FirstExpert(const HttpReply& reply) {
    if (reply.status != 200 || reply.body["items"].empty()) return 0;
    return reply.body["items"][0]["expert"]["id"].get<int64_t>();
  }

  TestServer server_;
  int64_t company_ = 0, lab_ = 0, analog_ = 0, battery_ = 0, bonding_work_ = 0, problem_ = 0;
};

TEST_F(MatchApiTest, MatchesTextWithReasons) {
  HttpReply reply =
      server_.Post("/api/v1/match", Json{{"text", "wire bonding heel cracks"}, {"k", 5}});
  ASSERT_EQ(reply.status, 200) << reply.text;
  ASSERT_FALSE(reply.body["items"].empty());
  const Json& best = reply.body["items"][0];
  EXPECT_EQ(best["expert"]["id"], analog_);
  EXPECT_EQ(best["expert"]["full_name"], "Nguyễn Thị Mai");
  EXPECT_FALSE(best["expert"].contains("email"));
  EXPECT_GT(best["score"].get<double>(), 0.0);
  EXPECT_LE(best["score"].get<double>(), 1.0);
  ASSERT_FALSE(best["terms"].empty());
  ASSERT_FALSE(best["works"].empty());
  EXPECT_EQ(best["works"][0]["work_id"], bonding_work_);
  EXPECT_NE(best["works"][0]["title"].get<std::string>().find("<mark>"), std::string::npos);
}

TEST_F(MatchApiTest, FiltersApplyInsideTheSearch) {
  HttpReply korea = server_.Post(
      "/api/v1/match", Json{{"text", "wire bonding"}, {"filters", {{"countries", {"KR"}}}}});
  ASSERT_EQ(korea.status, 200) << korea.text;
  for (const auto& item : korea.body["items"]) EXPECT_EQ(item["expert"]["country"], "KR");
  HttpReply excluded = server_.Post(
      "/api/v1/match", Json{{"text", "wire bonding"}, {"filters", {{"exclude", {analog_}}}}});
  EXPECT_NE(FirstExpert(excluded), analog_);
  HttpReply mode = server_.Get("/api/v1/problems/" + std::to_string(problem_) +
                               "/matches?mode=joint_research&country=JP,VN");
  EXPECT_EQ(FirstExpert(mode), analog_) << mode.text;
}

TEST_F(MatchApiTest, ProblemMatchesExcludeTheOrganisationsOwnExperts) {
  std::string matches = "/api/v1/problems/" + std::to_string(problem_) + "/matches";
  EXPECT_EQ(FirstExpert(server_.Get(matches)), analog_);
  // Once the expert works for the commissioning company, she has a conflict of interest.
  ASSERT_EQ(server_
                .Patch("/api/v1/experts/" + std::to_string(analog_),
                       R"({"affiliations": [{"organization_id": )" + std::to_string(company_) +
                           R"(, "title": "Advisor", "current": true}]})")
                .status,
            200);
  HttpReply after = server_.Get(matches);
  ASSERT_EQ(after.status, 200);
  for (const auto& item : after.body["items"]) EXPECT_NE(item["expert"]["id"], analog_);
}

TEST_F(MatchApiTest, ChangesAreVisibleToTheNextQuery) {
  int64_t newcomer =
      server_.Create("/api/v1/experts", {{"full_name", "Lê Hoàng Nam"}, {"country", "CZ"}});
  int64_t work = server_.Create("/api/v1/works",
                                {{"kind", "publication"},
                                 {"title", "Hyperspectral imaging of durian ripeness"},
                                 {"authors", {{{"name", "Nam Le"}, {"expert_id", newcomer}}}}});
  EXPECT_EQ(FirstExpert(server_.Post("/api/v1/match", Json{{"text", "durian ripeness imaging"}})),
            newcomer);
  ASSERT_EQ(server_.Delete("/api/v1/works/" + std::to_string(work)).status, 204);
  HttpReply gone = server_.Post("/api/v1/match", Json{{"text", "durian ripeness imaging"}});
  EXPECT_NE(FirstExpert(gone), newcomer) << gone.text;
  ASSERT_EQ(server_.Delete("/api/v1/experts/" + std::to_string(analog_)).status, 204);
  EXPECT_NE(FirstExpert(server_.Post("/api/v1/match", Json{{"text", "wire bonding"}})), analog_);
}

TEST_F(MatchApiTest, ProblemsForAnExpert) {
  HttpReply reply = server_.Get("/api/v1/experts/" + std::to_string(analog_) + "/problems?k=5");
  ASSERT_EQ(reply.status, 200) << reply.text;
  ASSERT_FALSE(reply.body["items"].empty());
  EXPECT_EQ(reply.body["items"][0]["problem"]["id"], problem_);
  EXPECT_GT(reply.body["items"][0]["score"].get<double>(), 0.0);
  EXPECT_EQ(server_.Get("/api/v1/experts/999999/problems").status, 404);
}

TEST_F(MatchApiTest, AnExpertIsNotOfferedConflictedOrClosedProblems) {
  std::string feed = "/api/v1/experts/" + std::to_string(analog_) + "/problems";
  auto offered = [&](int64_t problem) {
    HttpReply reply = server_.Get(feed);
    EXPECT_EQ(reply.status, 200) << reply.text;
    for (const auto& item : reply.body["items"]) {
      if (item["problem"]["id"] == problem) return true;
    }
    return false;
  };
  int64_t second =
      server_.Create("/api/v1/problems",
                     {{"title", {{"en", "Heel cracks in copper wire bonding of sensor packages"}}},
                      {"organization_id", lab_},
                      {"status", "matching"}});
  EXPECT_TRUE(offered(problem_));
  // Her own university's problem is a conflict of interest.
  EXPECT_FALSE(offered(second));
  ASSERT_EQ(
      server_.Patch("/api/v1/problems/" + std::to_string(problem_), R"({"status": "awarded"})")
          .status,
      200);
  EXPECT_FALSE(offered(problem_));
}

TEST_F(MatchApiTest, BadMatchRequestsNameTheField) {
  auto expect = [&](const HttpReply& reply, const std::string& field) {
    EXPECT_EQ(reply.status, 400) << reply.text;
    EXPECT_EQ(reply.body["error"]["field"], field) << reply.text;
  };
  expect(server_.Post("/api/v1/match", Json{{"k", 5}}), "text");
  expect(server_.Post("/api/v1/match", Json{{"text", "x"}, {"k", 0}}), "k");
  expect(server_.Post("/api/v1/match", Json{{"text", "x"}, {"colour", 1}}), "colour");
  expect(server_.Post("/api/v1/match", Json{{"text", "x"}, {"filters", {{"planets", {1}}}}}),
         "filters.planets");
  expect(
      server_.Post("/api/v1/match", Json{{"text", "x"}, {"filters", {{"countries", {"Japan"}}}}}),
      "filters.country");
  expect(server_.Post("/api/v1/match",
                      Json{{"text", "x"}, {"filters", {{"available_from", "2026-13-01"}}}}),
         "filters.available_from");
  expect(server_.Get("/api/v1/problems/" + std::to_string(problem_) + "/matches?k=1000"), "k");
  expect(server_.Get("/api/v1/problems/" + std::to_string(problem_) + "/matches?mode=lunch"),
         "mode");
  EXPECT_EQ(server_.Get("/api/v1/problems/424242/matches").status, 404);
}

}  // namespace
}  // namespace ketnoi::testing

namespace ketnoi::testing {
namespace {

// Imports over HTTP: the body is the file as the expert or coordinator has it, and the reply
// is the import's report.
class ImportApiTest : public ::testing::Test {
 protected:
  // An ORCID public API v3.0 record of a fictional person (the iD's check digit is valid)
  // with one employment and one work.
  static std::string HuyRecord() {
    return R"json({
  "orcid-identifier": {"path": "0009-0007-1234-5670", "host": "orcid.org"},
  "person": {
    "name": {"given-names": {"value": "Quốc Huy"}, "family-name": {"value": "Trần"},
             "credit-name": null},
    "addresses": {"address": [{"country": {"value": "JP"}}]},
    "keywords": {"keyword": [{"content": "silicon photonics; optical interconnects"}]}
  },
  "activities-summary": {
    "employments": {"affiliation-group": [{"summaries": [{"employment-summary": {
      "role-title": "Researcher", "start-date": {"year": {"value": "2020"}}, "end-date": null,
      "organization": {"name": "Kansai Institute of Photonics",
                       "address": {"city": "Kobe", "country": "JP"}}}}]}]},
    "works": {"group": [{"work-summary": [{
      "put-code": 501, "type": "journal-article",
      "title": {"title": {"value": "Low-loss silicon nitride waveguides for optical interconnects"}},
      "external-ids": {"external-id": [{"external-id-type": "doi",
        "external-id-value": "10.5555/ketnoi.api.0001", "external-id-relationship": "self"}]},
      "publication-date": {"year": {"value": "2022"}},
      "journal-title": {"value": "Journal of Example Photonics"}}]}]}
  }
})json";
  }

  HttpReply Import(const std::string& format_and_query, const std::string& body,
                   const std::string& content_type = "application/octet-stream") {
    return server_.PostFile("/api/v1/import/" + format_and_query, body, content_type);
  }

  int64_t ExpertTotal() { return server_.Get("/api/v1/experts").body["total"].get<int64_t>(); }

  // The one expert whose name starts with `prefix`, or null.
  Json FindExpert(const std::string& prefix) {
    HttpReply reply = server_.Get("/api/v1/experts?q=" + prefix);
    EXPECT_EQ(reply.status, 200) << reply.text;
    if (reply.body["total"] != 1) return nullptr;
    return reply.body["items"][0];
  }

  static void ExpectError(const HttpReply& reply, int status, const std::string& code,
                          const std::string& field = "") {
    EXPECT_EQ(reply.status, status) << reply.text.substr(0, 300);
    ASSERT_TRUE(reply.body.is_object()) << reply.text.substr(0, 300);
    EXPECT_EQ(reply.body["error"]["code"], code) << reply.text;
    if (!field.empty()) {
      EXPECT_EQ(reply.body["error"]["field"], field) << reply.text;
    }
  }

  TestServer server_;
};

TEST_F(ImportApiTest, ImportsAnOrcidRecordOnceAndReimportsWithoutChange) {
  HttpReply first = Import("orcid?file=huy.json", HuyRecord(), "application/json");
  ASSERT_EQ(first.status, 200) << first.text;
  EXPECT_EQ(first.body["dry_run"], false);
  EXPECT_EQ(first.body["records_read"], 1);
  EXPECT_EQ(first.body["created"], 1);
  EXPECT_EQ(first.body["works"]["created"], 1);
  EXPECT_TRUE(first.body["rejected"].empty()) << first.text;

  Json huy = FindExpert("tran%20quoc");
  ASSERT_TRUE(huy.is_object());
  EXPECT_EQ(huy["full_name"], "Trần Quốc Huy");
  EXPECT_EQ(huy["orcid"], "0009-0007-1234-5670");
  EXPECT_EQ(huy["country"], "JP");
  HttpReply works = server_.Get("/api/v1/works?expert=" + huy["id"].dump());
  ASSERT_EQ(works.body["total"], 1) << works.text;
  EXPECT_EQ(works.body["items"][0]["doi"], "10.5555/ketnoi.api.0001");

  HttpReply again = Import("orcid", HuyRecord(), "application/json");
  ASSERT_EQ(again.status, 200) << again.text;
  EXPECT_EQ(again.body["created"], 0);
  EXPECT_EQ(again.body["unchanged"], 1);
  EXPECT_EQ(again.body["works"]["created"], 0);
  EXPECT_EQ(ExpertTotal(), 1);
  EXPECT_EQ(server_.Get("/api/v1/works").body["total"], 1);
}

TEST_F(ImportApiTest, ADryRunReportsButStoresNothing) {
  HttpReply reply = Import("orcid?dry_run=true", HuyRecord(), "application/json");
  ASSERT_EQ(reply.status, 200) << reply.text;
  EXPECT_EQ(reply.body["dry_run"], true);
  EXPECT_EQ(reply.body["created"], 1);
  EXPECT_EQ(reply.body["works"]["created"], 1);
  EXPECT_EQ(ExpertTotal(), 0);
  EXPECT_EQ(server_.Get("/api/v1/works").body["total"], 0);
  // dry_run=false is the default, spelt out.
  EXPECT_EQ(Import("orcid?dry_run=false", HuyRecord()).body["created"], 1);
  EXPECT_EQ(ExpertTotal(), 1);
}

TEST_F(ImportApiTest, BibtexRejectsTheBrokenEntryAndStoresTheGoodOne) {
  int64_t huy =
      server_.Create("/api/v1/experts", {{"full_name", "Trần Quốc Huy"}, {"country", "JP"}});
  const std::string bib =
      "% Exported from a reference manager\n"
      "@article{tran2021,\n"
      "  author = {Trần, Quốc Huy and Sato, Kenji},\n"
      "  title = {Thermal tuning of microring resonators},\n"
      "  journal = {Journal of Example Photonics},\n"
      "  year = 2021\n"
      "}\n"
      "@inproceedings{broken,\n"
      "  author = {Tran, Quoc Huy},\n"
      "  title = \"A title whose quote never closes,\n"
      "  year = 2020\n"
      "}\n";
  HttpReply reply =
      Import("bibtex?file=refs.bib&expert_id=" + std::to_string(huy), bib, "application/x-bibtex");
  ASSERT_EQ(reply.status, 200) << reply.text;
  EXPECT_EQ(reply.body["records_read"], 2);
  EXPECT_EQ(reply.body["works"]["created"], 1);
  ASSERT_EQ(reply.body["rejected"].size(), 1u) << reply.text;
  const Json& rejected = reply.body["rejected"][0];
  EXPECT_EQ(rejected["file"], "refs.bib");
  EXPECT_EQ(rejected["line"], 8);
  EXPECT_NE(rejected["reason"].get<std::string>().find("title"), std::string::npos) << rejected;

  HttpReply works = server_.Get("/api/v1/works?expert=" + std::to_string(huy));
  ASSERT_EQ(works.body["total"], 1) << works.text;
  EXPECT_EQ(works.body["items"][0]["title"], "Thermal tuning of microring resonators");
}

// Imported experts are found by the next search: an import of many people at once is
// indexed when it ends (one rebuild), a small one expert by expert; a rejected row is in
// neither the database nor the index.
TEST_F(ImportApiTest, ImportedExpertsAreMatchedOnceTheImportEnds) {
  auto best = [&](const std::string& text) -> int64_t {
    HttpReply reply = server_.Post("/api/v1/match", Json{{"text", text}, {"k", 3}});
    EXPECT_EQ(reply.status, 200) << reply.text;
    if (reply.status != 200 || reply.body["items"].empty()) return 0;
    return reply.body["items"][0]["expert"]["id"].get<int64_t>();
  };
  std::string csv = "Họ và tên;Quốc gia;Lĩnh vực chuyên môn\n";
  const int people = 80;  // More than one expert at a time would re-index well.
  for (int i = 0; i < people; ++i) {
    csv += "Lê Văn Khoa " + std::string(1, static_cast<char>('A' + i % 26)) + std::to_string(i) +
           ";VN;cảm biến mẫu k" + std::to_string(i) + "x\n";
  }
  csv += ";VN;cảm biến mẫu k999x\n";  // No name: rejected.
  HttpReply many = Import("csv?kind=experts", csv, "text/csv");
  ASSERT_EQ(many.status, 200) << many.text;
  EXPECT_EQ(many.body["created"], people);
  ASSERT_EQ(many.body["rejected"].size(), 1u) << many.text;
  for (int i : {0, 17, 79}) {
    Json expert = FindExpert("le%20van%20khoa%20" +
                             std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i));
    ASSERT_TRUE(expert.is_object()) << i;
    EXPECT_EQ(best("k" + std::to_string(i) + "x"), expert["id"].get<int64_t>()) << i;
  }
  EXPECT_EQ(best("k999x"), 0);

  HttpReply one =
      Import("csv?kind=experts",
             "Họ và tên;Quốc gia;Lĩnh vực chuyên môn\nHồ Thị Ngọc;VN;cầu dây văng\n", "text/csv");
  ASSERT_EQ(one.status, 200) << one.text;
  Json ngoc = FindExpert("ho%20thi%20ngoc");
  ASSERT_TRUE(ngoc.is_object());
  EXPECT_EQ(best("kiểm định cầu dây văng"), ngoc["id"].get<int64_t>());
}

TEST_F(ImportApiTest, CsvWithBomSemicolonsAndVietnameseHeaders) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "Mã;Họ và tên;Quốc gia;Đơn vị công tác;Lĩnh vực chuyên môn\r\n"
      "1;Phạm Thu Hà;Nhật Bản;Tohoku Institute of Materials;vật liệu bán dẫn, pin natri\r\n"
      "2;Võ Minh Tâm;VN;Viện Vật lý Ứng dụng;quang học\r\n";
  HttpReply reply = Import("csv?kind=experts&file=chuyen_gia.csv", csv, "text/csv");
  ASSERT_EQ(reply.status, 200) << reply.text;
  EXPECT_EQ(reply.body["records_read"], 2);
  EXPECT_EQ(reply.body["created"], 2);
  EXPECT_TRUE(reply.body["rejected"].empty()) << reply.text;

  Json ha = FindExpert("pham%20thu");
  ASSERT_TRUE(ha.is_object());
  EXPECT_EQ(ha["full_name"], "Phạm Thu Hà");
  EXPECT_EQ(ha["country"], "JP");
  EXPECT_EQ(ha["skills"], Json({"vật liệu bán dẫn", "pin natri"}));
  for (const Json& warning : reply.body["warnings"]) {
    EXPECT_EQ(warning["file"], "chuyen_gia.csv");
    EXPECT_GT(warning["line"].get<int>(), 0);
  }
  EXPECT_EQ(FindExpert("vo%20minh")["country"], "VN");

  // A header the aliases do not know, named by a mapping.
  HttpReply mapped = Import("csv?mapping=" + std::string("full_name%3DChuy%C3%AAn%20gia") +
                                ",country%3DN%C6%A1i%20%E1%BB%9F",
                            "Chuyên gia,Nơi ở\nLê Thị Lan,VN\n", "text/csv");
  ASSERT_EQ(mapped.status, 200) << mapped.text;
  EXPECT_EQ(mapped.body["created"], 1);
  EXPECT_EQ(FindExpert("le%20thi%20lan")["full_name"], "Lê Thị Lan");
}

TEST_F(ImportApiTest, BadParametersAre400NamingThem) {
  ExpectError(Import("endnote", "x"), 400, "invalid_argument", "format");
  ExpectError(Import("orcid?dryrun=true", HuyRecord()), 400, "invalid_argument", "dryrun");
  ExpectError(Import("orcid?dry_run=yes", HuyRecord()), 400, "invalid_argument", "dry_run");
  ExpectError(Import("orcid?kind=works", HuyRecord()), 400, "invalid_argument", "kind");
  ExpectError(Import("csv?kind=people", "name\nAn\n"), 400, "invalid_argument", "kind");
  ExpectError(Import("csv?mapping=colour%3DMau", "name\nAn\n"), 400, "invalid_argument", "mapping");
  ExpectError(Import("bibtex?expert_id=4242", "@misc{a, title={T}}"), 400, "invalid_argument",
              "expert_id");
  ExpectError(Import("orcid", ""), 400, "invalid_argument", "body");
  ExpectError(server_.Get("/api/v1/identity-reviews?status=maybe"), 400, "invalid_argument",
              "status");
  ExpectError(server_.Get("/api/v1/identity-reviews?sort=id"), 400, "invalid_argument", "sort");
  EXPECT_EQ(ExpertTotal(), 0);
}

TEST_F(ImportApiTest, ImportBodiesHaveTheirOwnLimit) {
  // Larger than a JSON body may be, within the upload limit: a BibTeX file whose comment
  // lines make up most of its size.
  std::string bib;
  while (bib.size() < 2 * TestServer::kMaxBodyBytes) {
    bib += "% " + std::string(78, '-') + "\n";
  }
  bib += "@misc{tool, author = {Kenji Sato}, title = {An open photonics design kit}}\n";
  ASSERT_LT(bib.size(), TestServer::kMaxUploadBytes);
  HttpReply within = Import("bibtex", bib, "application/x-bibtex");
  ASSERT_EQ(within.status, 200) << within.text.substr(0, 300);
  EXPECT_EQ(within.body["records_read"], 1);

  std::string huge = bib + std::string(TestServer::kMaxUploadBytes, '%');
  HttpReply too_large = Import("bibtex", huge, "application/x-bibtex");
  ExpectError(too_large, 413, "invalid_argument");
  EXPECT_EQ(server_.Get("/api/v1/works").body["total"], 1);  // Nothing more was stored.
  // The JSON routes keep their smaller limit.
  ExpectError(server_.PostText(
                  "/api/v1/experts",
                  R"({"full_name": ")" + std::string(2 * TestServer::kMaxBodyBytes, 'a') + R"("})"),
              413, "invalid_argument");
}

TEST_F(ImportApiTest, ChunkedBodiesKeepTheLimitsToo) {
  const std::string csv = "Họ và tên;Quốc gia\nĐỗ Văn Long;VN\n";
  HttpReply small = server_.PostChunked("/api/v1/import/csv", csv, 8);
  ASSERT_EQ(small.status, 200) << small.text;
  EXPECT_EQ(small.body["created"], 1);
  std::string big = csv + std::string(TestServer::kMaxUploadBytes, '\n');
  ExpectError(server_.PostChunked("/api/v1/import/csv", big, 64 * 1024), 413, "invalid_argument");
  ExpectError(
      server_.PostChunked(
          "/api/v1/experts",
          R"({"full_name": ")" + std::string(2 * TestServer::kMaxBodyBytes, 'a') + R"("})", 4096),
      413, "invalid_argument");
  EXPECT_EQ(ExpertTotal(), 1);
}

TEST_F(ImportApiTest, AMultipartFormIsRefusedWithAReason) {
  ExpectError(server_.PostForm("/api/v1/import/csv", "Họ và tên;Quốc gia\nĐỗ Văn Long;VN\n"), 400,
              "invalid_argument");
  EXPECT_EQ(ExpertTotal(), 0);
}

TEST_F(ImportApiTest, NamesakesAreReviewedAndDecidedOnce) {
  ASSERT_EQ(Import("orcid", HuyRecord()).status, 200);
  const int64_t huy = FindExpert("tran%20quoc")["id"];
  // Same name and organisation, nothing else in common: a new expert and a review.
  auto namesake = [&](const std::string& key) {
    return Import("csv",
                  "Mã;Họ và tên;Đơn vị công tác;Quốc gia\n" + key +
                      ";Trần Quốc Huy;Kansai Institute of Photonics;JP\n",
                  "text/csv");
  };
  HttpReply queued = namesake("17");
  ASSERT_EQ(queued.status, 200) << queued.text;
  EXPECT_EQ(queued.body["created"], 1);
  EXPECT_EQ(queued.body["queued_for_review"], 1);
  EXPECT_EQ(ExpertTotal(), 2);

  HttpReply open = server_.Get("/api/v1/identity-reviews?status=open");
  ASSERT_EQ(open.status, 200) << open.text;
  ASSERT_EQ(open.body["total"], 1);
  EXPECT_EQ(open.body["offset"], 0);
  EXPECT_EQ(open.body["limit"], 20);
  const Json review = open.body["items"][0];
  EXPECT_EQ(review["expert_id"], huy);
  EXPECT_TRUE(review["candidate_id"].is_number_integer());
  EXPECT_NE(review["candidate_id"], huy);
  EXPECT_FALSE(review["name_match"].get<std::string>().empty());
  EXPECT_TRUE(review["reasons"].is_array());
  EXPECT_EQ(review["status"], "open");
  EXPECT_FALSE(review["created_at"].get<std::string>().empty());
  EXPECT_TRUE(review["decided_at"].is_null());

  const std::string path = "/api/v1/identity-reviews/" + review["id"].dump();
  // As `curl -X POST` sends it: no body, no Content-Length.
  HttpReply kept = server_.PostNoBody(path + "/keep-apart");
  ASSERT_EQ(kept.status, 200) << kept.text;
  EXPECT_EQ(kept.body["status"], "kept_apart");
  EXPECT_TRUE(kept.body["decided_at"].is_string());
  ExpectError(server_.PostText(path + "/keep-apart", ""), 409, "failed_precondition");
  ExpectError(server_.PostText(path + "/merge", ""), 409, "failed_precondition");
  EXPECT_EQ(ExpertTotal(), 2);
  EXPECT_EQ(server_.Get("/api/v1/identity-reviews?status=kept_apart").body["total"], 1);
  EXPECT_EQ(server_.Get("/api/v1/identity-reviews?status=open").body["total"], 0);

  // Another namesake record, which the coordinator merges.
  ASSERT_EQ(namesake("18").body["queued_for_review"].get<int>() >= 1, true);
  HttpReply next = server_.Get("/api/v1/identity-reviews?status=open");
  ASSERT_GE(next.body["total"].get<int>(), 1) << next.text;
  const Json second = next.body["items"][0];
  HttpReply merged =
      server_.PostText("/api/v1/identity-reviews/" + second["id"].dump() + "/merge", "");
  ASSERT_EQ(merged.status, 200) << merged.text;
  EXPECT_EQ(merged.body["status"], "merged");
  ExpectError(server_.Get("/api/v1/experts/" + second["candidate_id"].dump()), 404, "not_found");
  EXPECT_EQ(server_.Get("/api/v1/experts/" + second["expert_id"].dump()).status, 200);

  ExpectError(server_.PostText("/api/v1/identity-reviews/4242/merge", ""), 404, "not_found");
  ExpectError(server_.PostText("/api/v1/identity-reviews/4242/keep-apart", ""), 404, "not_found");
  ExpectError(server_.PostNoBody("/api/v1/identity-reviews/4242/merge"), 404, "not_found");
  ExpectError(server_.PostNoBody("/api/v1/no-such-thing"), 404, "not_found");
}

}  // namespace
}  // namespace ketnoi::testing

#include "service/batch_scoring.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ketnoi::service {
namespace {

TEST(BatchScoringTest, ParsesProfilesAndReportsBadLines) {
  std::string jsonl =
      R"({"id": "a1", "name": "Trần Bảo", "works": [{"id": "w1", "title": "SAR ADC", "abstract": "Low power", "year": 2021, "lang": "en"}]})"
      "\n"
      R"({"id": 7, "name": "Kim", "works": []})"
      "\n\n"
      R"({"name": "no id", "works": []})"
      "\n"
      R"({"id": "x", "works": [{"title": 5}]})"
      "\n"
      "{not json\n"
      "{\"id\": \"bad\", \"name\": \"\xC3\x28\", \"works\": []}\n";
  Profiles profiles = ParseProfiles(jsonl);
  ASSERT_EQ(profiles.experts.size(), 2u);
  EXPECT_EQ(profiles.ids, (std::vector<std::string>{"a1", "7"}));
  EXPECT_EQ(profiles.experts[0].id, 1);
  EXPECT_EQ(profiles.experts[0].works[0].title, "SAR ADC");
  EXPECT_EQ(profiles.experts[0].works[0].year, 2021);
  ASSERT_EQ(profiles.errors.size(), 4u);
  EXPECT_EQ(profiles.errors[0].line, 4);
  EXPECT_EQ(profiles.errors[0].message, "id: missing");
  EXPECT_EQ(profiles.errors[1].line, 5);
  EXPECT_EQ(profiles.errors[1].message, "works[0].title: must be a string");
  EXPECT_EQ(profiles.errors[2].line, 6);
  EXPECT_NE(profiles.errors[2].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(profiles.errors[3].line, 7);
  EXPECT_NE(profiles.errors[3].message.find("invalid UTF-8"), std::string::npos);
}

TEST(BatchScoringTest, ParsesQueriesAndPairs) {
  Queries queries = ParseQueries(
      "{\"id\": \"q1\", \"title\": \"Lỗi hàn dây\", \"text\": \"trong đóng gói chip\"}\n"
      "{\"id\": \"q2\", \"title\": \"\"}\n"
      "[1]\r\n");
  ASSERT_EQ(queries.queries.size(), 1u);
  EXPECT_EQ(queries.queries[0].text, "Lỗi hàn dây\ntrong đóng gói chip");
  ASSERT_EQ(queries.errors.size(), 2u);
  EXPECT_EQ(queries.errors[0].line, 2);
  EXPECT_EQ(queries.errors[1].line, 3);

  Pairs pairs = ParsePairs("q1\ta1\nq1 a1\nq1\ta1\textra\n\nq2\t7\n");
  EXPECT_EQ(pairs.pairs.size(), 2u);
  ASSERT_EQ(pairs.errors.size(), 2u);
  EXPECT_EQ(pairs.errors[0].line, 2);
  EXPECT_EQ(pairs.errors[1].line, 3);
}

TEST(BatchScoringTest, ScoresTopKAndPairs) {
  Profiles profiles = ParseProfiles(
      R"({"id": "analog", "works": [{"title": "Low-power SAR ADC design", "abstract": "A successive approximation ADC for sensors"}]})"
      "\n"
      R"({"id": "battery", "works": [{"title": "Sodium-ion battery cathodes", "abstract": "Layered oxides"}]})"
      "\n");
  Queries queries = ParseQueries(R"({"id": "q", "title": "SAR ADC for wearable sensors"})");
  std::ostringstream top;
  std::vector<LineError> errors;
  ASSERT_TRUE(
      RunBatchScoring(profiles, queries, {.top_k = 1, .pairs = nullptr}, {}, top, &errors).ok());
  EXPECT_EQ(top.str().substr(0, 9), "q\tanalog\t");

  Pairs pairs = ParsePairs("q\tbattery\nq\tanalog\nq\tnobody\n");
  std::ostringstream scored;
  ASSERT_TRUE(
      RunBatchScoring(profiles, queries, {.top_k = 10, .pairs = &pairs}, {}, scored, &errors).ok());
  std::istringstream lines(scored.str());
  std::string query, expert;
  double battery = -1, analog = -1;
  lines >> query >> expert >> battery >> query >> expert >> analog;
  EXPECT_EQ(expert, "analog");
  EXPECT_GT(analog, battery);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].message, "unknown expert id nobody");
}

}  // namespace
}  // namespace ketnoi::service

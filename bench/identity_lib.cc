#include "bench/identity_lib.h"

#include <fstream>
#include <sstream>

namespace ketnoi::bench {
// Declarations, not import:: at the start of a statement, which clang-format reads as a
// C++20 module import.
using import::PersonEvidence;
namespace {

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

std::vector<std::string> List(const std::string& field) {
  std::vector<std::string> items;
  for (std::string& item : Split(field, ';')) {
    if (!item.empty()) items.push_back(std::move(item));
  }
  return items;
}

PersonEvidence Person(const std::vector<std::string>& fields, size_t first) {
  import::PersonEvidence person;
  person.name = fields[first];
  person.orcid = fields[first + 1];
  person.emails = List(fields[first + 2]);
  person.organizations = List(fields[first + 3]);
  person.coauthors = List(fields[first + 4]);
  person.work_keys = List(fields[first + 5]);
  return person;
}  // namespace

}  // namespace

base::Result<std::vector<LabelledPair>> ReadLabelledPairs(const std::string& path) {
  std::ifstream file(path);
  if (!file) return base::NotFound("cannot open " + path);
  constexpr size_t kColumns = 14;
  std::vector<LabelledPair> pairs;
  std::string line;
  bool header = true;
  for (int number = 1; std::getline(file, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> fields = Split(line, '\t');
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (fields.size() != kColumns) {
      return base::InvalidArgument(where + "expected " + std::to_string(kColumns) +
                                   " tab-separated fields, found " + std::to_string(fields.size()));
    }
    if (fields[0] != "same" && fields[0] != "different") {
      return base::InvalidArgument(where + "label must be 'same' or 'different'");
    }
    pairs.push_back({number, fields[0] == "same", fields[1], Person(fields, 2), Person(fields, 8)});
  }
  return pairs;
}

IdentityScores ScoreIdentity(const std::vector<LabelledPair>& pairs) {
  IdentityScores scores;
  for (const LabelledPair& pair : pairs) {
    const import::Comparison comparison = import::ComparePeople(pair.a, pair.b);
    ++scores.pairs;
    scores.same += pair.same ? 1 : 0;
    if (comparison.decision == import::Decision::kSame) {
      ++scores.merged;
      scores.merged_right += pair.same ? 1 : 0;
      if (!pair.same) scores.wrong.push_back({&pair, comparison});
    } else if (comparison.decision == import::Decision::kReview) {
      ++scores.reviewed;
      scores.reviewed_same += pair.same ? 1 : 0;
    } else if (pair.same) {
      scores.wrong.push_back({&pair, comparison});
    }
  }
  return scores;
}

}  // namespace ketnoi::bench

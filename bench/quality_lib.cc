#include "bench/quality_lib.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "service/dataset.h"
#include "service/matching.h"

namespace ketnoi::bench {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  if (!cells.empty() && !cells.back().empty() && cells.back().back() == '\r') {
    cells.back().pop_back();
  }
  return cells;
}

std::set<std::string> SplitTags(const std::string& cell) {
  std::set<std::string> tags;
  std::stringstream stream(cell);
  std::string tag;
  while (std::getline(stream, tag, ',')) {
    if (!tag.empty()) tags.insert(tag);
  }
  return tags;
}

// Lines of a TSV file after its header.
base::Result<std::vector<std::vector<std::string>>> ReadTsv(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  std::vector<std::vector<std::string>> rows;
  std::stringstream stream(content);
  std::string line;
  bool header = true;
  while (std::getline(stream, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(SplitTabs(line));
  }
  return rows;
}

int ParseInt(const std::string& text, bool* ok) {
  try {
    size_t used = 0;
    int value = std::stoi(text, &used);
    *ok = used == text.size();
    return value;
  } catch (const std::exception&) {
    *ok = false;
    return 0;
  }
}

}  // namespace

QueryMetrics EvaluateRanking(const std::vector<double>& scores, const std::vector<int>& grades) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return grades[a] < grades[b];  // Pessimistic: relevant candidates last among equals.
  });
  QueryMetrics metrics;
  int relevant_total = 0;
  for (int grade : grades) relevant_total += grade > 0 ? 1 : 0;
  if (relevant_total == 0) return metrics;
  int relevant_seen = 0;
  double dcg = 0;
  for (size_t rank = 0; rank < order.size(); ++rank) {
    int grade = grades[order[rank]];
    if (rank < 10) dcg += (std::pow(2.0, grade) - 1) / std::log2(rank + 2.0);
    if (grade <= 0) continue;
    ++relevant_seen;
    metrics.average_precision += static_cast<double>(relevant_seen) / (rank + 1);
    if (metrics.reciprocal_rank == 0) metrics.reciprocal_rank = 1.0 / (rank + 1);
    if (rank < 5) metrics.precision_at_5 += 1.0 / 5;
    if (rank < 10) metrics.precision_at_10 += 1.0 / 10;
  }
  metrics.average_precision /= relevant_total;
  std::vector<int> ideal = grades;
  std::sort(ideal.rbegin(), ideal.rend());
  double ideal_dcg = 0;
  for (size_t rank = 0; rank < ideal.size() && rank < 10; ++rank) {
    ideal_dcg += (std::pow(2.0, ideal[rank]) - 1) / std::log2(rank + 2.0);
  }
  metrics.ndcg_at_10 = ideal_dcg > 0 ? dcg / ideal_dcg : 0;
  return metrics;
}

void MetricsMean::Add(const QueryMetrics& metrics) {
  sum_.average_precision += metrics.average_precision;
  sum_.reciprocal_rank += metrics.reciprocal_rank;
  sum_.precision_at_5 += metrics.precision_at_5;
  sum_.precision_at_10 += metrics.precision_at_10;
  sum_.ndcg_at_10 += metrics.ndcg_at_10;
  ++count_;
}

QueryMetrics MetricsMean::Mean() const {
  QueryMetrics mean = sum_;
  if (count_ == 0) return mean;
  mean.average_precision /= count_;
  mean.reciprocal_rank /= count_;
  mean.precision_at_5 /= count_;
  mean.precision_at_10 /= count_;
  mean.ndcg_at_10 /= count_;
  return mean;
}

bool IsEnglishStopWord(std::string_view token) {
  static const std::set<std::string_view> kStopWords = {
      "a",      "about",  "above",  "after",    "again",      "against",    "all",     "am",
      "an",     "and",    "any",    "are",      "as",         "at",         "be",      "because",
      "been",   "before", "being",  "below",    "between",    "both",       "but",     "by",
      "can",    "did",    "do",     "does",     "doing",      "down",       "during",  "each",
      "few",    "for",    "from",   "further",  "had",        "has",        "have",    "having",
      "he",     "her",    "here",   "hers",     "herself",    "him",        "himself", "his",
      "how",    "i",      "if",     "in",       "into",       "is",         "it",      "its",
      "itself", "just",   "me",     "more",     "most",       "my",         "myself",  "no",
      "nor",    "not",    "now",    "of",       "off",        "on",         "once",    "only",
      "or",     "other",  "our",    "ours",     "ourselves",  "out",        "over",    "own",
      "same",   "she",    "should", "so",       "some",       "such",       "t",       "than",
      "that",   "the",    "their",  "theirs",   "them",       "themselves", "then",    "there",
      "these",  "they",   "this",   "those",    "through",    "to",         "too",     "under",
      "until",  "up",     "very",   "was",      "we",         "were",       "what",    "when",
      "where",  "which",  "while",  "who",      "whom",       "why",        "will",    "with",
      "you",    "your",   "yours",  "yourself", "yourselves", "s"};
  return kStopWords.contains(token);
}

std::vector<std::string> PlainTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && !IsEnglishStopWord(current)) tokens.push_back(current);
    current.clear();
  };
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool ascii_alnum = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= 'A' && byte <= 'Z');
    if (ascii_alnum || byte >= 0x80) {
      current.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : c);
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

TfIdfIndex::TfIdfIndex(const std::vector<std::vector<std::string>>& documents) {
  std::vector<std::unordered_map<int, int>> counts(documents.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    for (const std::string& token : documents[d]) {
      auto [it, inserted] = term_ids_.emplace(token, static_cast<int>(terms_.size()));
      if (inserted) terms_.push_back(token);
      ++counts[d][it->second];
    }
  }
  std::vector<int> df(terms_.size(), 0);
  for (const auto& doc : counts) {
    for (const auto& [term, count] : doc) ++df[term];
  }
  idf_.resize(terms_.size());
  const double n = static_cast<double>(documents.size());
  for (size_t t = 0; t < terms_.size(); ++t) idf_[t] = std::log(n / df[t]);
  documents_.resize(documents.size());
  postings_.resize(terms_.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    auto& vector = documents_[d];
    double norm = 0;
    for (const auto& [term, count] : counts[d]) {
      double weight = (1 + std::log(static_cast<double>(count))) * idf_[term];
      if (weight <= 0) continue;
      vector.emplace_back(term, weight);
      norm += weight * weight;
    }
    std::sort(vector.begin(), vector.end());
    norm = std::sqrt(norm);
    for (auto& [term, weight] : vector) {
      weight /= norm;
      postings_[term].emplace_back(static_cast<int>(d), weight);
    }
  }
}

std::vector<std::pair<int, double>> TfIdfIndex::Vector(
    const std::vector<std::string>& tokens) const {
  std::unordered_map<int, int> counts;
  for (const std::string& token : tokens) {
    auto it = term_ids_.find(token);
    if (it != term_ids_.end()) ++counts[it->second];
  }
  std::vector<std::pair<int, double>> vector;
  double norm = 0;
  for (const auto& [term, count] : counts) {
    double weight = (1 + std::log(static_cast<double>(count))) * idf_[term];
    if (weight <= 0) continue;
    vector.emplace_back(term, weight);
    norm += weight * weight;
  }
  std::sort(vector.begin(), vector.end());
  if (norm > 0) {
    norm = std::sqrt(norm);
    for (auto& entry : vector) entry.second /= norm;
  }
  return vector;
}

std::vector<double> TfIdfIndex::Cosines(const std::vector<std::string>& query_tokens) const {
  return Cosines(Vector(query_tokens));
}

std::vector<double> TfIdfIndex::Cosines(const std::vector<std::pair<int, double>>& query) const {
  std::vector<double> cosines(documents_.size(), 0.0);
  for (const auto& [term, query_weight] : query) {
    for (const auto& [doc, weight] : postings_[term]) cosines[doc] += query_weight * weight;
  }
  return cosines;
}

base::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

base::Result<DblpData> LoadDblp(const std::string& directory) {
  DblpData data;
  {
    ASSIGN_OR_RETURN(std::string content, ReadFile(directory + "/documents.jsonl"));
    std::stringstream stream(content);
    std::string line;
    int line_number = 0;
    while (std::getline(stream, line)) {
      ++line_number;
      if (line.empty()) continue;
      auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!json.is_object() || !json["doc"].is_number_integer() || !json["text"].is_string()) {
        return base::DataLoss("documents.jsonl:" + std::to_string(line_number) + ": malformed");
      }
      auto doc = json["doc"].get<int>();
      if (doc < 0) return base::DataLoss("documents.jsonl: negative doc id");
      if (static_cast<size_t>(doc) >= data.documents.size()) data.documents.resize(doc + 1);
      data.documents[doc] = json["text"].get<std::string>();
    }
  }
  const int document_count = static_cast<int>(data.documents.size());
  auto parse_pair = [&](const std::vector<std::string>& row, const std::string& file, int* a,
                        int* b) -> base::Status {
    bool ok_a = false;
    bool ok_b = false;
    if (row.size() >= 2) {
      *a = ParseInt(row[0], &ok_a);
      *b = ParseInt(row[1], &ok_b);
    }
    if (!ok_a || !ok_b || *a < 0 || *b < 0) return base::DataLoss(file + ": malformed row");
    return base::Status::Ok();
  };
  {
    ASSIGN_OR_RETURN(auto rows, ReadTsv(directory + "/candidates.tsv"));
    for (const auto& row : rows) {
      bool ok = false;
      int candidate = ParseInt(row[0], &ok);
      if (!ok || candidate < 0) return base::DataLoss("candidates.tsv: malformed row");
      if (static_cast<size_t>(candidate) >= data.candidate_tags.size()) {
        data.candidate_tags.resize(candidate + 1);
      }
      data.candidate_tags[candidate] = SplitTags(row.size() > 1 ? row[1] : "");
    }
    data.candidate_documents.resize(data.candidate_tags.size());
  }
  {
    ASSIGN_OR_RETURN(auto rows, ReadTsv(directory + "/doc_candidate.tsv"));
    for (const auto& row : rows) {
      int doc = 0;
      int candidate = 0;
      RETURN_IF_ERROR(parse_pair(row, "doc_candidate.tsv", &doc, &candidate));
      if (doc >= document_count) return base::DataLoss("doc_candidate.tsv: unknown doc");
      // Candidates outside the pool are not ranked.
      if (static_cast<size_t>(candidate) < data.candidate_documents.size()) {
        data.candidate_documents[candidate].push_back(doc);
      }
    }
  }
  {
    ASSIGN_OR_RETURN(auto rows, ReadTsv(directory + "/queries.tsv"));
    for (const auto& row : rows) {
      bool ok = false;
      DblpQuery query;
      query.doc = ParseInt(row[0], &ok);
      if (!ok || query.doc < 0 || query.doc >= document_count) {
        return base::DataLoss("queries.tsv: malformed row");
      }
      query.tags = SplitTags(row.size() > 1 ? row[1] : "");
      data.queries.push_back(std::move(query));
    }
  }
  {
    ASSIGN_OR_RETURN(auto rows, ReadTsv(directory + "/doc_doc_citations.tsv"));
    for (const auto& row : rows) {
      int citing = 0;
      int cited = 0;
      RETURN_IF_ERROR(parse_pair(row, "doc_doc_citations.tsv", &citing, &cited));
      if (citing < document_count && cited < document_count) {
        data.citations.emplace_back(citing, cited);
      }
    }
  }
  return data;
}

std::vector<int> DblpGrades(const DblpData& data, const DblpQuery& query) {
  std::vector<int> grades(data.candidate_tags.size(), 0);
  for (size_t c = 0; c < grades.size(); ++c) {
    for (const std::string& tag : data.candidate_tags[c]) {
      if (query.tags.contains(tag)) {
        grades[c] = 1;
        break;
      }
    }
  }
  return grades;
}

std::vector<rank::ExpertInput> DblpExperts(const DblpData& data) {
  std::vector<rank::ExpertInput> experts;
  for (size_t c = 0; c < data.candidate_documents.size(); ++c) {
    rank::ExpertInput expert;
    expert.id = static_cast<rank::Id>(c) + 1;
    expert.name = "candidate " + std::to_string(c);
    expert.languages = {"en"};
    for (int doc : data.candidate_documents[c]) {
      rank::WorkInput work;
      work.id = doc + 1;
      work.abstract = data.documents[doc];
      work.language = "en";
      expert.works.push_back(std::move(work));
    }
    experts.push_back(std::move(expert));
  }
  return experts;
}

base::Result<std::vector<rank::ExpertInput>> LoadDemoExperts(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  if (error || paths.empty()) return base::NotFound("no dataset files in " + directory);
  std::sort(paths.begin(), paths.end());
  std::vector<service::DatasetFile> files;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
    files.push_back({path, std::move(contents)});
  }
  ASSIGN_OR_RETURN(service::DatasetEntities dataset, service::ReadDataset(files));
  return service::EngineInputs(dataset.experts, dataset.works, dataset.memberships);
}

base::Result<std::vector<JudgedQuery>> LoadJudged(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  std::vector<JudgedQuery> queries;
  std::stringstream stream(content);
  std::string line;
  int line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    if (line_number == 1 || line.empty() || line[0] == '#') continue;
    auto cells = SplitTabs(line);
    auto where = path + ":" + std::to_string(line_number);
    if (cells.size() != 3) return base::DataLoss(where + ": expected 3 tab-separated cells");
    JudgedQuery query;
    query.id = cells[0];
    query.text = cells[1];
    std::stringstream ids(cells[2]);
    std::string entry;
    while (std::getline(ids, entry, ',')) {
      while (!entry.empty() && entry.front() == ' ') entry.erase(entry.begin());
      if (entry.empty()) continue;
      size_t colon = entry.find(':');
      bool ok_id = false;
      bool ok_grade = true;
      int64_t id = ParseInt(entry.substr(0, colon), &ok_id);
      int grade = colon == std::string::npos ? 1 : ParseInt(entry.substr(colon + 1), &ok_grade);
      if (!ok_id || !ok_grade || grade < 1 || grade > 3) {
        return base::DataLoss(where + ": bad judgement '" + entry.append("'"));
      }
      query.grades[id] = grade;
    }
    if (query.text.empty() || query.grades.empty()) {
      return base::DataLoss(where + ": empty text or no relevant experts");
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

}  // namespace ketnoi::bench

#include "service/batch_scoring.h"

#include <map>
#include <utility>

#include "service/json_text.h"

namespace ketnoi::service {
namespace {

using model::Json;

// Calls `line_fn(line_number, line)` for each non-blank line of `text`.
template <typename Fn>
void ForEachLine(std::string_view text, Fn line_fn) {
  int number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (line.find_first_not_of(" \t") != std::string_view::npos) line_fn(number, line);
    start = end + 1;
  }
}

// An id written as a JSON string or integer, as text.
base::Result<std::string> IdText(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return base::InvalidArgument("missing", key);
  if (it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return base::InvalidArgument("must be a non-empty string or an integer", key);
}

base::Result<std::string> OptionalString(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return base::InvalidArgument("must be a string", key);
  return it->get<std::string>();
}

base::Result<Json> ParseObject(std::string_view line) {
  ASSIGN_OR_RETURN(Json json, ParseJson(line));
  if (!json.is_object()) return base::InvalidArgument("must be a JSON object");
  return json;
}

LineError ToLineError(int line, const base::Status& status) {
  std::string message = status.message();
  if (!status.field().empty()) message = status.field() + ": " + message;
  return {line, std::move(message)};
}

base::Result<rank::ExpertInput> ParseProfile(const Json& json, std::string* id) {
  ASSIGN_OR_RETURN(*id, IdText(json, "id"));
  rank::ExpertInput expert;
  ASSIGN_OR_RETURN(expert.name, OptionalString(json, "name"));
  auto works = json.find("works");
  if (works == json.end() || !works->is_array()) {
    return base::InvalidArgument("must be an array of works", "works");
  }
  int64_t next_work = 1;
  for (size_t i = 0; i < works->size(); ++i) {
    const Json& item = (*works)[i];
    std::string path = "works[" + std::to_string(i) + "]";
    if (!item.is_object()) return base::InvalidArgument("must be an object", path);
    rank::WorkInput work;
    work.id = next_work++;
    auto read = [&](const char* key, std::string* out) {
      auto value = OptionalString(item, key);
      if (!value.ok()) return value.status().WithFieldPrefix(path);
      *out = std::move(value).value();
      return base::Status::Ok();
    };
    RETURN_IF_ERROR(read("title", &work.title));
    RETURN_IF_ERROR(read("abstract", &work.abstract));
    RETURN_IF_ERROR(read("lang", &work.language));
    if (auto year = item.find("year"); year != item.end() && !year->is_null()) {
      if (!year->is_number_integer())
        return base::InvalidArgument("must be an integer", path + ".year");
      work.year = year->get<int>();
    }
    expert.works.push_back(std::move(work));
  }
  return expert;
}

}  // namespace

Profiles ParseProfiles(std::string_view jsonl) {
  Profiles profiles;
  ForEachLine(jsonl, [&](int number, std::string_view line) {
    auto json = ParseObject(line);
    std::string id;
    auto expert =
        json.ok() ? ParseProfile(*json, &id) : base::Result<rank::ExpertInput>(json.status());
    if (!expert.ok()) {
      profiles.errors.push_back(ToLineError(number, expert.status()));
      return;
    }
    expert->id = static_cast<model::Id>(profiles.experts.size() + 1);
    profiles.ids.push_back(std::move(id));
    profiles.experts.push_back(std::move(expert).value());
  });
  return profiles;
}

Queries ParseQueries(std::string_view jsonl) {
  Queries queries;
  ForEachLine(jsonl, [&](int number, std::string_view line) {
    auto parse = [&]() -> base::Result<BatchQuery> {
      ASSIGN_OR_RETURN(Json json, ParseObject(line));
      BatchQuery query;
      ASSIGN_OR_RETURN(query.id, IdText(json, "id"));
      ASSIGN_OR_RETURN(std::string title, OptionalString(json, "title"));
      ASSIGN_OR_RETURN(std::string text, OptionalString(json, "text"));
      query.text = title.empty() ? text : text.empty() ? title : title + "\n" + text;
      if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return base::InvalidArgument("needs a title or a text", "text");
      }
      return query;
    };
    auto query = parse();
    if (query.ok()) {
      queries.queries.push_back(std::move(query).value());
    } else {
      queries.errors.push_back(ToLineError(number, query.status()));
    }
  });
  return queries;
}

Pairs ParsePairs(std::string_view tsv) {
  Pairs pairs;
  ForEachLine(tsv, [&](int number, std::string_view line) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size() ||
        line.find('\t', tab + 1) != std::string_view::npos) {
      pairs.errors.push_back({number, "expected query_id<TAB>expert_id"});
      return;
    }
    pairs.pairs.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
  });
  return pairs;
}

base::Status RunBatchScoring(const Profiles& profiles, const Queries& queries,
                             const BatchOptions& options, rank::EngineOptions engine_options,
                             std::ostream& out, std::vector<LineError>* errors) {
  rank::Engine engine(std::move(engine_options));
  RETURN_IF_ERROR(engine.BuildAll(profiles.experts));
  if (options.pairs == nullptr) {
    for (const BatchQuery& query : queries.queries) {
      rank::MatchQuery match{.text = query.text,
                             .language = {},
                             .filters = {},
                             .k = options.top_k,
                             .evidence_works = 0};
      ASSIGN_OR_RETURN(auto results, engine.Match(match));
      for (const rank::ExpertMatch& result : results) {
        out << query.id << '\t' << profiles.ids[result.expert_id - 1] << '\t' << result.score
            << '\n';
      }
    }
    return base::Status::Ok();
  }
  std::map<std::string, size_t> query_index;
  for (size_t i = 0; i < queries.queries.size(); ++i) query_index[queries.queries[i].id] = i;
  std::map<std::string, model::Id> expert_index;
  for (size_t i = 0; i < profiles.ids.size(); ++i) {
    expert_index[profiles.ids[i]] = static_cast<model::Id>(i + 1);
  }
  // Pairs are grouped by query so each query is analysed once, then written in input order.
  std::map<size_t, std::vector<size_t>> pairs_of_query;
  for (size_t i = 0; i < options.pairs->pairs.size(); ++i) {
    const auto& [query_id, expert_id] = options.pairs->pairs[i];
    auto query = query_index.find(query_id);
    if (query == query_index.end() || expert_index.count(expert_id) == 0) {
      errors->push_back({static_cast<int>(i + 1), query == query_index.end()
                                                      ? "unknown query id " + query_id
                                                      : "unknown expert id " + expert_id});
      continue;
    }
    pairs_of_query[query->second].push_back(i);
  }
  std::vector<double> scores(options.pairs->pairs.size(), -1);
  for (const auto& [query, pair_indexes] : pairs_of_query) {
    std::vector<model::Id> ids;
    for (size_t i : pair_indexes) ids.push_back(expert_index[options.pairs->pairs[i].second]);
    ASSIGN_OR_RETURN(auto results, engine.ScorePairs(queries.queries[query].text, ids));
    for (size_t j = 0; j < pair_indexes.size(); ++j) scores[pair_indexes[j]] = results[j].score;
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] < 0) continue;
    out << options.pairs->pairs[i].first << '\t' << options.pairs->pairs[i].second << '\t'
        << scores[i] << '\n';
  }
  return base::Status::Ok();
}

}  // namespace ketnoi::service

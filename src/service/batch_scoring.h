// Batch scoring without a database, for evaluation and batch work (`ketnoi score`):
// profiles and queries come as JSON lines, pairs as TSV, and the output is TSV lines
// "query_id<TAB>expert_id<TAB>score".
//
//   profiles (one expert per line): {"id", "name", "works": [{"id", "title", "abstract",
//                                    "year", "lang"}]}
//   queries (one problem per line):  {"id", "title", "text"}
//   pairs:                           query_id<TAB>expert_id
//
// Ids may be JSON strings or integers and are echoed as given. A bad line is reported with
// its line number and skipped; the others are used.
//
// Thread safety: the parsers are pure functions; RunBatchScoring uses its engine alone.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "rank/engine.h"

namespace ketnoi::service {

// A line that could not be used: "line 12: missing \"id\"".
struct LineError {
  int line = 0;
  std::string message;
};

struct Profiles {
  std::vector<std::string> ids;            // External ids, by engine id - 1.
  std::vector<rank::ExpertInput> experts;  // Engine ids are 1..N in line order.
  std::vector<LineError> errors;
};

struct BatchQuery {
  std::string id;
  std::string text;  // Title and text joined.
};

struct Queries {
  std::vector<BatchQuery> queries;
  std::vector<LineError> errors;
};

struct Pairs {
  std::vector<std::pair<std::string, std::string>> pairs;  // (query id, expert id).
  std::vector<LineError> errors;
};

Profiles ParseProfiles(std::string_view jsonl);
Queries ParseQueries(std::string_view jsonl);
Pairs ParsePairs(std::string_view tsv);

struct BatchOptions {
  int top_k = 10;                // Used when `pairs` is null.
  const Pairs* pairs = nullptr;  // Score exactly these pairs instead of the top k.
};

// Builds an engine over `profiles` and writes the scores of `queries` to `out`. Pairs that
// name an unknown query or expert are reported in `errors` (by pairs line) and skipped.
// Errors: from the engine (invalid UTF-8 is caught earlier, by the parsers).
base::Status RunBatchScoring(const Profiles& profiles, const Queries& queries,
                             const BatchOptions& options, rank::EngineOptions engine_options,
                             std::ostream& out, std::vector<LineError>* errors);

}  // namespace ketnoi::service

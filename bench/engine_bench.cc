// engine_bench: KetNoi's matching engine against Xapian and SQLite FTS5 on one synthetic
// corpus (bench/corpus.h), in one run, on one machine. Prints a Markdown table: indexing
// rate, index size per posting, query latency percentiles on one thread, throughput on two
// threads, and each peer's figure divided by ours; then the targets of the engine issue,
// met or not. See docs/BENCHMARKS.md for what is measured and how.
//
//   engine_bench --experts 50000 --queries 1000 --seed 42 --peers xapian,fts5
//
// Only peers are streamed from the generator; KetNoi's engine receives the whole corpus at
// once (Engine::BuildAll takes it by value), so the corpus must fit in memory for "ours".
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "bench/corpus.h"
#include "bench/fts5_peer.h"
#include "bench/peer.h"
#include "bench/xapian_peer.h"
#include "rank/engine.h"

namespace ketnoi::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr int kTopK = 10;
constexpr size_t kFeedProblems = 200;  // Open problems scored for one expert's feed.
constexpr int kWarmupQueries = 10;
constexpr int64_t kPeerBatchExperts = 2000;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Flags {
  int64_t experts = 10000;
  int queries = 1000;
  int peer_queries = 200;
  double peer_seconds = 60;
  uint64_t seed = 42;
  std::string peers = "xapian,fts5";
  int threads = 2;
  int evidence_works = 0;
  // ScoringParams::latent_weight for ours; negative keeps the engine's default.
  double latent_weight = -1;
  bool skip_ours = false;
  bool skip_single_thread_build = false;
};

// Logs progress to stderr, so that stdout holds only the table.
template <typename... Args>
void Log(const char* format, Args... args) {
  std::fprintf(stderr, format, args...);
  std::fputc('\n', stderr);
}

// The engine as the server runs it: works' text stays where the corpus keeps it (the
// server's store), read for the works explanations show: here by generating the work's
// expert again. With --evidence-works the engine keeps the text itself, so that the timed
// explanations do not include generating experts.
rank::EngineOptions EngineOptionsFor(const Flags& flags, int threads,
                                     const CorpusGenerator& corpus) {
  rank::EngineOptions options;
  options.threads = threads;
  if (flags.latent_weight >= 0) {
    options.scoring.latent_weight = static_cast<float>(flags.latent_weight);
  }
  if (flags.evidence_works == 0) {
    options.work_text = [&corpus](model::Id work_id) -> std::optional<rank::WorkText> {
      const int64_t expert = corpus.ExpertOfWork(work_id);
      if (expert < 0) return std::nullopt;
      for (SynthWork& work : corpus.Expert(expert).works) {
        if (work.id == work_id)
          return rank::WorkText{std::move(work.title), std::move(work.abstract)};
      }
      return std::nullopt;
    };
  }
  return options;
}

std::string FormatWeight(double weight) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", weight);
  return text;
}

using Searcher = std::function<base::Result<std::vector<int64_t>>(const SynthQuery&)>;
// Makes a searcher for one thread.
using SearcherFactory = std::function<base::Result<Searcher>()>;

struct QueryFigures {
  int measured = 0;  // Queries timed on one thread (the first `measured` of the list).
  double p50_ms = kNone;
  double p95_ms = kNone;
  double p99_ms = kNone;
  double mean_ms = kNone;
  double qps = kNone;  // On `threads` threads, over the same queries.
  int empty = 0;       // Queries that found no expert.
  std::vector<std::vector<int64_t>> results;
};

// Nearest-rank percentile of sorted `values`.
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNone;
  const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// Times each of the first `limit` queries on one thread (stopping after `seconds`, once at
// least kWarmupQueries are done), then the same queries shared by `threads` threads
// (stopping after `seconds` too).
base::Result<QueryFigures> MeasureQueries(const std::vector<SynthQuery>& queries, int limit,
                                          double seconds, int threads,
                                          const SearcherFactory& factory) {
  QueryFigures figures;
  const int count = std::min<int>(limit, static_cast<int>(queries.size()));
  ASSIGN_OR_RETURN(Searcher searcher, factory());
  for (int i = 0; i < std::min(count, kWarmupQueries); ++i) {
    ASSIGN_OR_RETURN(std::vector<int64_t> ignored, searcher(queries[i]));
  }
  std::vector<double> latencies;
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < count; ++i) {
    if (i >= kWarmupQueries && SecondsSince(start) > seconds) break;
    const Clock::time_point query_start = Clock::now();
    ASSIGN_OR_RETURN(std::vector<int64_t> experts, searcher(queries[i]));
    latencies.push_back(SecondsSince(query_start) * 1000);
    if (experts.empty()) ++figures.empty;
    figures.results.push_back(std::move(experts));
  }
  figures.measured = static_cast<int>(latencies.size());
  double total = 0;
  for (double latency : latencies) total += latency;
  figures.mean_ms = latencies.empty() ? kNone : total / latencies.size();
  std::sort(latencies.begin(), latencies.end());
  figures.p50_ms = Percentile(latencies, 50);
  figures.p95_ms = Percentile(latencies, 95);
  figures.p99_ms = Percentile(latencies, 99);

  std::vector<Searcher> searchers;
  for (int t = 0; t < threads; ++t) {
    ASSIGN_OR_RETURN(Searcher s, factory());
    searchers.push_back(std::move(s));
  }
  std::atomic<int> next{0};
  std::atomic<int> completed{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> workers;
  const Clock::time_point parallel_start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = next++; i < figures.measured; i = next++) {
        if (!searchers[t](queries[i]).ok()) failed = true;
        ++completed;
        if (SecondsSince(parallel_start) > seconds) break;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  if (failed) return base::Internal("a query failed on the parallel run");
  figures.qps = completed / SecondsSince(parallel_start);
  return figures;
}

// What the table shows for one engine.
struct EngineFigures {
  std::string name;
  std::string notes;
  int64_t works = 0;
  double build_seconds_one_thread = kNone;
  double works_per_second_one_thread = kNone;
  double works_per_second_threads = kNone;
  double optimize_seconds = kNone;
  // Per thread, counting the optimisation (single-threaded) as part of the build.
  double works_per_second_with_optimize = kNone;
  int64_t postings = 0;
  int64_t bytes = 0;
  int64_t total_bytes = 0;
  std::string size_how;
  QueryFigures short_queries;
  QueryFigures long_queries;
  QueryFigures long_filtered;  // Ours only.
  // Ours only: one expert's feed, ScorePairs of one expert against kFeedProblems long
  // queries taken as open problems; the first request, and the same request again.
  rank::BuildSeconds stages_one_thread;  // Ours only: of the 1-thread build, if any.
  double feed_first_ms = kNone;
  double feed_again_ms = kNone;
  double overlap_short = kNone;  // Mean |top-10 ∩ ours' top-10| / 10.
  double overlap_long = kNone;
};

std::vector<rank::ExpertInput> ToEngineInput(std::vector<SynthExpert> experts) {
  std::vector<rank::ExpertInput> inputs;
  inputs.reserve(experts.size());
  for (SynthExpert& expert : experts) {
    rank::ExpertInput input;
    input.id = expert.id;
    input.name = "Expert " + std::to_string(expert.id);
    input.country = std::move(expert.country);
    input.languages = {"vi", "en"};
    input.works.reserve(expert.works.size());
    for (SynthWork& work : expert.works) {
      rank::WorkInput w;
      w.id = work.id;
      w.title = std::move(work.title);
      w.abstract = std::move(work.abstract);
      w.year = work.year;
      w.language = SynthLanguageCode(work.language);
      w.author_position = work.author_position;
      w.author_count = work.author_count;
      input.works.push_back(std::move(w));
    }
    std::vector<SynthWork>().swap(expert.works);  // Free as we go: the corpus is large.
    inputs.push_back(std::move(input));
  }
  return inputs;
}

Searcher OursSearcher(const rank::Engine& engine, const rank::MatchFilters& filters,
                      int evidence_works) {
  return [&engine, &filters,
          evidence_works](const SynthQuery& query) -> base::Result<std::vector<int64_t>> {
    rank::MatchQuery match;
    match.text = query.text;
    match.language = "";  // Detected, as for a problem typed in the web UI.
    match.filters = filters;
    match.k = kTopK;
    match.evidence_works = evidence_works;
    ASSIGN_OR_RETURN(std::vector<rank::ExpertMatch> matches, engine.Match(match));
    std::vector<int64_t> ids;
    ids.reserve(matches.size());
    for (const rank::ExpertMatch& m : matches) ids.push_back(m.expert_id);
    return ids;
  };
}

void LogStages(const rank::BuildSeconds& stages) {
  Log("ours: build stages: analysis %.2f s, latent space %.2f s, fold-in and impacts %.2f s, "
      "postings and forward lists %.2f s",
      stages.analysis, stages.latent, stages.records, stages.base);
}

base::Result<EngineFigures> RunOurs(const Flags& flags, const CorpusGenerator& corpus,
                                    const std::vector<SynthQuery>& short_queries,
                                    const std::vector<SynthQuery>& long_queries) {
  EngineFigures figures;
  figures.name = "ours";
  figures.notes =
      "KetNoi rank::Engine: its own analyzer (vi/en, folded and exact forms, compounds, "
      "Porter2); Match(k=10, evidence_works=" +
      std::to_string(flags.evidence_works) +
      "), query language detected; works' text kept by the engine only with evidence_works > 0, "
      "else read where the corpus keeps it, as the server reads it from its store; "
      "latent_weight " +
      FormatWeight(EngineOptionsFor(flags, 1, corpus).scoring.latent_weight);
  figures.works = corpus.work_count();

  auto generate = [&] {
    const Clock::time_point start = Clock::now();
    std::vector<rank::ExpertInput> inputs =
        ToEngineInput(corpus.Experts(0, corpus.expert_count(), flags.threads));
    Log("ours: generated %lld experts in %.1f s", static_cast<long long>(inputs.size()),
        SecondsSince(start));
    return inputs;
  };

  if (!flags.skip_single_thread_build) {
    std::vector<rank::ExpertInput> inputs = generate();
    rank::Engine engine(EngineOptionsFor(flags, 1, corpus));
    const Clock::time_point start = Clock::now();
    RETURN_IF_ERROR(engine.BuildAll(std::move(inputs)));
    figures.build_seconds_one_thread = SecondsSince(start);
    figures.works_per_second_one_thread = figures.works / figures.build_seconds_one_thread;
    figures.works_per_second_with_optimize = figures.works_per_second_one_thread;
    Log("ours: built on 1 thread in %.1f s", figures.build_seconds_one_thread);
    figures.stages_one_thread = engine.Stats().last_build;
    LogStages(figures.stages_one_thread);
  }

  rank::Engine engine(EngineOptionsFor(flags, flags.threads, corpus));
  {
    std::vector<rank::ExpertInput> inputs = generate();
    const Clock::time_point start = Clock::now();
    RETURN_IF_ERROR(engine.BuildAll(std::move(inputs)));
    const double seconds = SecondsSince(start);
    figures.works_per_second_threads = figures.works / seconds;
    Log("ours: built on %d threads in %.1f s", flags.threads, seconds);
    LogStages(engine.Stats().last_build);
  }
  const rank::EngineStats stats = engine.Stats();
  figures.postings = stats.postings;
  figures.bytes = stats.posting_bytes;
  figures.total_bytes = stats.posting_bytes + stats.forward_bytes;
  figures.size_how =
      "EngineStats::posting_bytes / EngineStats::postings; the engine's postings are "
      "(term, expert) pairs with impacts, the peers' are (term, work) pairs; the whole index "
      "adds the forward lists (EngineStats::forward_bytes) kept with the latent stage on";
  Log("ours: %lld experts, %lld works, %lld terms, %lld postings, %lld posting bytes, "
      "%lld forward-list bytes",
      static_cast<long long>(stats.experts), static_cast<long long>(stats.works),
      static_cast<long long>(stats.terms), static_cast<long long>(stats.postings),
      static_cast<long long>(stats.posting_bytes), static_cast<long long>(stats.forward_bytes));

  const rank::MatchFilters no_filters;
  rank::MatchFilters one_country;
  one_country.countries = {corpus.CountryOf(0)};  // 1 expert in 10.
  auto factory = [&](const rank::MatchFilters& filters) -> SearcherFactory {
    return [&engine, &filters, &flags]() -> base::Result<Searcher> {
      return OursSearcher(engine, filters, flags.evidence_works);
    };
  };
  const double unlimited = std::numeric_limits<double>::infinity();
  ASSIGN_OR_RETURN(figures.short_queries, MeasureQueries(short_queries, flags.queries, unlimited,
                                                         flags.threads, factory(no_filters)));
  Log("ours: short p50 %.3f ms", figures.short_queries.p50_ms);
  ASSIGN_OR_RETURN(figures.long_queries, MeasureQueries(long_queries, flags.queries, unlimited,
                                                        flags.threads, factory(no_filters)));
  Log("ours: long p50 %.3f ms", figures.long_queries.p50_ms);
  ASSIGN_OR_RETURN(figures.long_filtered, MeasureQueries(long_queries, flags.queries, unlimited,
                                                         flags.threads, factory(one_country)));
  Log("ours: long filtered p50 %.3f ms", figures.long_filtered.p50_ms);

  // An expert's feed scores every open problem for them (service::Matching::
  // ProblemsForExpert); the engine keeps each problem's prepared query until the index
  // changes, so a second request costs far less than the first.
  const size_t problems = std::min(kFeedProblems, long_queries.size());
  const rank::Id feed_expert = corpus.Expert(corpus.expert_count() / 2).id;
  auto feed = [&]() -> base::Result<double> {
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < problems; ++i) {
      ASSIGN_OR_RETURN(auto scores, engine.ScorePairs(long_queries[i].text, {feed_expert}));
      if (scores.size() != 1) return base::Internal("ScorePairs gave no score");
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  ASSIGN_OR_RETURN(figures.feed_first_ms, feed());
  ASSIGN_OR_RETURN(figures.feed_again_ms, feed());
  Log("ours: an expert's feed of %zu problems: %.1f ms, again %.1f ms", problems,
      figures.feed_first_ms, figures.feed_again_ms);
  return figures;
}

// Mean share of `ours`' top-10 found in `theirs`, over the queries both answered.
double Overlap(const std::vector<std::vector<int64_t>>& ours,
               const std::vector<std::vector<int64_t>>& theirs) {
  const size_t count = std::min(ours.size(), theirs.size());
  if (count == 0) return kNone;
  double total = 0;
  for (size_t q = 0; q < count; ++q) {
    const std::unordered_set<int64_t> mine(ours[q].begin(), ours[q].end());
    int shared = 0;
    for (int64_t id : theirs[q]) shared += mine.count(id) ? 1 : 0;
    total += static_cast<double>(shared) / kTopK;
  }
  return total / count;
}

base::Result<EngineFigures> RunPeer(const Flags& flags, const std::string& name,
                                    const CorpusGenerator& corpus,
                                    const std::vector<SynthQuery>& short_queries,
                                    const std::vector<SynthQuery>& long_queries) {
  std::unique_ptr<PeerEngine> peer;
  if (name == "xapian") {
    ASSIGN_OR_RETURN(peer, NewXapianPeer(corpus));
  } else if (name == "fts5") {
    ASSIGN_OR_RETURN(peer, NewFts5Peer(corpus));
  } else {
    return base::InvalidArgument("unknown peer '" + name + "' (xapian, fts5)", "--peers");
  }
  EngineFigures figures;
  figures.name = peer->name();
  figures.notes = peer->notes();
  figures.works = corpus.work_count();

  // Writer w indexes the w-th contiguous range of experts on its own thread. Generation
  // is not timed: only the peer's own calls are, per thread.
  const int writers = std::clamp(flags.threads, 1, peer->max_writers());
  RETURN_IF_ERROR(peer->Start(writers).WithContext(name));
  std::vector<double> writer_seconds(writers, 0);
  std::vector<base::Status> writer_status(writers);
  const Clock::time_point build_start = Clock::now();
  {
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        const int64_t first = corpus.expert_count() * w / writers;
        const int64_t last = corpus.expert_count() * (w + 1) / writers;
        for (int64_t begin = first; begin < last; begin += kPeerBatchExperts) {
          const int64_t end = std::min(last, begin + kPeerBatchExperts);
          const std::vector<SynthExpert> batch = corpus.Experts(begin, end, 1);
          const Clock::time_point start = Clock::now();
          writer_status[w] = peer->Add(w, batch);
          writer_seconds[w] += SecondsSince(start);
          if (!writer_status[w].ok()) return;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  for (const base::Status& status : writer_status) RETURN_IF_ERROR(status.WithContext(name));
  double commit_seconds = 0;
  {
    const Clock::time_point start = Clock::now();
    RETURN_IF_ERROR(peer->Commit().WithContext(name));
    commit_seconds = SecondsSince(start);
  }
  double thread_seconds = commit_seconds;
  for (double seconds : writer_seconds) thread_seconds += seconds;
  // The parallel build lasts as long as its slowest writer (generation excluded).
  const double parallel_seconds =
      *std::max_element(writer_seconds.begin(), writer_seconds.end()) + commit_seconds;
  figures.build_seconds_one_thread = thread_seconds;
  figures.works_per_second_one_thread = figures.works / thread_seconds;
  if (writers > 1) figures.works_per_second_threads = figures.works / parallel_seconds;
  Log("%s: indexed on %d writer threads in %.1f s wall (%.1f s of indexing per thread "
      "summed, generation excluded)",
      name.c_str(), writers, SecondsSince(build_start), thread_seconds);
  {
    const Clock::time_point start = Clock::now();
    RETURN_IF_ERROR(peer->Optimize().WithContext(name));
    figures.optimize_seconds = SecondsSince(start);
    Log("%s: optimized in %.1f s", name.c_str(), figures.optimize_seconds);
  }
  figures.works_per_second_with_optimize =
      figures.works / (figures.build_seconds_one_thread + figures.optimize_seconds);
  ASSIGN_OR_RETURN(PeerSize size, peer->Size());
  figures.postings = size.postings;
  figures.bytes = size.bytes;
  figures.total_bytes = size.total_bytes;
  figures.size_how = size.how;

  SearcherFactory factory = [&peer]() -> base::Result<Searcher> {
    ASSIGN_OR_RETURN(std::unique_ptr<PeerSearcher> searcher, peer->NewSearcher());
    std::shared_ptr<PeerSearcher> shared = std::move(searcher);
    return Searcher([shared](const SynthQuery& query) { return shared->TopExperts(query, kTopK); });
  };
  ASSIGN_OR_RETURN(figures.short_queries,
                   MeasureQueries(short_queries, flags.peer_queries, flags.peer_seconds,
                                  flags.threads, factory));
  Log("%s: short p50 %.3f ms over %d queries", name.c_str(), figures.short_queries.p50_ms,
      figures.short_queries.measured);
  ASSIGN_OR_RETURN(
      figures.long_queries,
      MeasureQueries(long_queries, flags.peer_queries, flags.peer_seconds, flags.threads, factory));
  Log("%s: long p50 %.3f ms over %d queries", name.c_str(), figures.long_queries.p50_ms,
      figures.long_queries.measured);
  return figures;
}

// ---- Output. ----

std::string Format(double value, int decimals) {
  if (std::isnan(value)) return "–";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}

// Three significant figures at most, without exponent: 0.00123, 1.23, 123, 12345.
std::string Figure(double value) {
  if (std::isnan(value)) return "–";
  const double magnitude = std::fabs(value);
  const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return Format(value, decimals);
}

std::string Ratio(double peer, double ours) {
  if (std::isnan(peer) || std::isnan(ours) || ours == 0) return "–";
  return Format(peer / ours, peer / ours >= 10 ? 0 : 2) + "×";
}

// How a row's values are printed.
enum class Shown {
  kFigure,         // With the ratio peer ÷ ours.
  kFigureNoRatio,  // Where a ratio means nothing.
  kCount,          // An integer, no ratio.
};

class Table {
 public:
  explicit Table(const std::vector<EngineFigures>& engines)
      : engines_(engines), have_ours_(!engines.empty() && engines[0].name == "ours") {
    std::string header = "| metric |";
    std::string rule = "|---|";
    for (size_t i = 0; i < engines_.size(); ++i) {
      header += " " + engines_[i].name + " |";
      rule += "---:|";
      if (i > 0 && have_ours_) {
        header += " " + engines_[i].name + " ÷ ours |";
        rule += "---:|";
      }
    }
    std::printf("%s\n%s\n", header.c_str(), rule.c_str());
  }

  // One row: `value` of each engine and, for each peer when ours was measured, the ratio
  // peer ÷ ours (a dash unless `shown` is kFigure).
  void Row(const std::string& metric, const std::function<double(const EngineFigures&)>& value,
           Shown shown = Shown::kFigure) {
    std::string line = "| " + metric + " |";
    for (size_t i = 0; i < engines_.size(); ++i) {
      const double v = value(engines_[i]);
      line += ' ';
      line += shown == Shown::kCount ? Format(v, 0) : Figure(v);
      line += " |";
      if (i > 0 && have_ours_) {
        line += ' ';
        line += shown == Shown::kFigure ? Ratio(v, value(engines_[0])) : std::string("–");
        line += " |";
      }
    }
    std::printf("%s\n", line.c_str());
  }

 private:
  const std::vector<EngineFigures>& engines_;
  const bool have_ours_;
};

void PrintQueryRows(Table& table, const std::string& kind, QueryFigures EngineFigures::*queries,
                    int threads) {
  table.Row(
      kind + " queries timed",
      [&](const EngineFigures& e) { return static_cast<double>((e.*queries).measured); },
      Shown::kCount);
  table.Row(kind + " p50 ms", [&](const EngineFigures& e) { return (e.*queries).p50_ms; });
  table.Row(kind + " p95 ms", [&](const EngineFigures& e) { return (e.*queries).p95_ms; });
  table.Row(kind + " p99 ms", [&](const EngineFigures& e) { return (e.*queries).p99_ms; });
  table.Row(kind + " mean ms", [&](const EngineFigures& e) { return (e.*queries).mean_ms; });
  table.Row(kind + " queries/s, " + std::to_string(threads) + " threads",
            [&](const EngineFigures& e) { return (e.*queries).qps; });
  table.Row(
      kind + " queries with no result",
      [&](const EngineFigures& e) { return static_cast<double>((e.*queries).empty); },
      Shown::kCount);
}

void PrintTable(const Flags& flags, const CorpusGenerator& corpus,
                const std::vector<EngineFigures>& engines) {
  std::printf("\n## engine_bench: %lld experts, %lld works, seed %llu\n\n",
              static_cast<long long>(corpus.expert_count()),
              static_cast<long long>(corpus.work_count()),
              static_cast<unsigned long long>(flags.seed));
  Table table(engines);
  table.Row(
      "works", [](const EngineFigures& e) { return static_cast<double>(e.works); }, Shown::kCount);
  table.Row("indexing works/s per thread, build + commit",
            [](const EngineFigures& e) { return e.works_per_second_one_thread; });
  table.Row("indexing works/s, " + std::to_string(flags.threads) + " threads",
            [](const EngineFigures& e) { return e.works_per_second_threads; });
  table.Row("indexing works/s per thread, with optimize/merge",
            [](const EngineFigures& e) { return e.works_per_second_with_optimize; });
  table.Row(
      "optimize/merge s (1 thread)", [](const EngineFigures& e) { return e.optimize_seconds; },
      Shown::kFigureNoRatio);
  table.Row("postings (millions)", [](const EngineFigures& e) { return e.postings / 1e6; });
  table.Row("index bytes / posting", [](const EngineFigures& e) {
    return e.postings > 0 ? static_cast<double>(e.bytes) / e.postings : kNone;
  });
  table.Row("index bytes / work (same unit for all)", [](const EngineFigures& e) {
    return e.works > 0 ? static_cast<double>(e.bytes) / e.works : kNone;
  });
  table.Row("whole index MiB",
            [](const EngineFigures& e) { return static_cast<double>(e.total_bytes) / (1 << 20); });
  PrintQueryRows(table, "short", &EngineFigures::short_queries, flags.threads);
  PrintQueryRows(table, "long", &EngineFigures::long_queries, flags.threads);
  table.Row(
      "top-10 overlap with ours, short", [](const EngineFigures& e) { return e.overlap_short; },
      Shown::kFigureNoRatio);
  table.Row(
      "top-10 overlap with ours, long", [](const EngineFigures& e) { return e.overlap_long; },
      Shown::kFigureNoRatio);

  if (!engines.empty() && engines[0].name == "ours") {
    const EngineFigures& ours = engines[0];
    std::printf("\n### ours, long queries filtered to one country in ten (10%% of experts)\n\n");
    std::printf("| metric | unfiltered | filter 10%% | filtered ÷ unfiltered |\n");
    std::printf("|---|---:|---:|---:|\n");
    auto row = [](const char* metric, double unfiltered, double filtered) {
      std::printf("| %s | %s | %s | %s |\n", metric, Figure(unfiltered).c_str(),
                  Figure(filtered).c_str(), Ratio(filtered, unfiltered).c_str());
    };
    row("p50 ms", ours.long_queries.p50_ms, ours.long_filtered.p50_ms);
    row("p95 ms", ours.long_queries.p95_ms, ours.long_filtered.p95_ms);
    row("p99 ms", ours.long_queries.p99_ms, ours.long_filtered.p99_ms);
    row("mean ms", ours.long_queries.mean_ms, ours.long_filtered.mean_ms);
    row("queries/s, 2 threads", ours.long_queries.qps, ours.long_filtered.qps);
    std::printf("| queries with no result | %d | %d | – |\n", ours.long_queries.empty,
                ours.long_filtered.empty);
    if (!std::isnan(ours.build_seconds_one_thread)) {
      const rank::BuildSeconds& stages = ours.stages_one_thread;
      std::printf(
          "\n### ours, build stages on 1 thread (seconds)\n\n| analysis | latent space | "
          "fold-in and impacts | postings and forward lists | whole build |\n"
          "|---:|---:|---:|---:|---:|\n| %.2f | %.2f | %.2f | %.2f | %.2f |\n",
          stages.analysis, stages.latent, stages.records, stages.base,
          ours.build_seconds_one_thread);
    }
    std::printf(
        "\n### ours, an expert's feed (one expert scored against %zu long queries as open "
        "problems)\n\n| metric | first request | same request again | again ÷ first |\n"
        "|---|---:|---:|---:|\n| ms | %s | %s | %s |\n",
        kFeedProblems, Figure(ours.feed_first_ms).c_str(), Figure(ours.feed_again_ms).c_str(),
        Ratio(ours.feed_again_ms, ours.feed_first_ms).c_str());
  }

  std::printf("\nNotes:\n");
  for (const EngineFigures& e : engines) {
    std::printf("- %s: %s. Size: %s.\n", e.name.c_str(), e.notes.c_str(), e.size_how.c_str());
  }
}

void PrintTargets(const CorpusGenerator& corpus, const std::vector<EngineFigures>& engines) {
  if (engines.empty() || engines[0].name != "ours") return;
  const EngineFigures& ours = engines[0];
  const EngineFigures* xapian = nullptr;
  for (const EngineFigures& e : engines) {
    if (e.name == "xapian") xapian = &e;
  }
  std::printf("\n### Targets (set for 50k experts / 2M works; this run: %lld experts)\n\n",
              static_cast<long long>(corpus.expert_count()));
  std::printf("| target | measured | |\n|---|---:|---|\n");
  auto row = [](const char* target, const std::string& measured, bool known, bool met) {
    std::printf("| %s | %s | %s |\n", target, measured.c_str(),
                !known ? "not measured"
                : met  ? "met"
                       : "NOT met");
  };
  const double p50 = ours.long_queries.p50_ms;
  const double p99 = ours.long_queries.p99_ms;
  row("long-query top-10 p50 ≤ 5 ms, 1 thread", Figure(p50) + " ms", !std::isnan(p50), p50 <= 5);
  row("long-query top-10 p99 ≤ 25 ms, 1 thread", Figure(p99) + " ms", !std::isnan(p99), p99 <= 25);
  const double speedup = xapian ? xapian->long_queries.p50_ms / p50 : kNone;
  row("≥ 20× faster than Xapian (long p50)", Figure(speedup) + "×", !std::isnan(speedup),
      speedup >= 20);
  const double rate = ours.works_per_second_one_thread;
  row("indexing ≥ 25k works/s per thread, with analysis", Figure(rate) + " works/s",
      !std::isnan(rate), rate >= 25000);
  const double bytes = ours.postings > 0 ? static_cast<double>(ours.bytes) / ours.postings : kNone;
  row("≤ 1.5 bytes per posting", Figure(bytes) + " B", !std::isnan(bytes), bytes <= 1.5);
  const double filter = ours.long_filtered.p50_ms / p50;
  row("10% filter ≤ 1.5× unfiltered (long p50)", Figure(filter) + "×", !std::isnan(filter),
      filter <= 1.5);
}

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty() && item != "none") items.push_back(item);
  }
  return items;
}

// The first line of /proc/loadavg: other processes on a 2-core machine skew timings.
std::string LoadAverage() {
  std::FILE* file = std::fopen("/proc/loadavg", "r");
  if (file == nullptr) return "unknown";
  char buffer[128] = {};
  const bool read = std::fgets(buffer, sizeof(buffer), file) != nullptr;
  std::fclose(file);
  std::string line = read ? buffer : "unknown";
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

int Run(const Flags& flags) {
  const Clock::time_point start = Clock::now();
  const std::string load_at_start = LoadAverage();
  CorpusOptions options;
  options.experts = flags.experts;
  options.seed = flags.seed;
  const CorpusGenerator corpus(options);
  const std::vector<SynthQuery> short_queries = corpus.ShortQueries(flags.queries, flags.seed + 1);
  const std::vector<SynthQuery> long_queries = corpus.LongQueries(flags.queries, flags.seed + 2);
  Log("corpus: %lld experts, %lld works", static_cast<long long>(corpus.expert_count()),
      static_cast<long long>(corpus.work_count()));

  std::vector<EngineFigures> engines;
  if (!flags.skip_ours) {
    base::Result<EngineFigures> ours = RunOurs(flags, corpus, short_queries, long_queries);
    if (!ours.ok()) {
      Log("ours: %s", ours.status().ToString().c_str());
      return 1;
    }
    engines.push_back(std::move(ours).value());
  }
  for (const std::string& name : Split(flags.peers)) {
    base::Result<EngineFigures> peer = RunPeer(flags, name, corpus, short_queries, long_queries);
    if (!peer.ok()) {
      Log("%s: %s", name.c_str(), peer.status().ToString().c_str());
      return 1;
    }
    if (!engines.empty() && engines[0].name == "ours") {
      peer->overlap_short = Overlap(engines[0].short_queries.results, peer->short_queries.results);
      peer->overlap_long = Overlap(engines[0].long_queries.results, peer->long_queries.results);
    }
    engines.push_back(std::move(peer).value());
  }

  PrintTable(flags, corpus, engines);
  PrintTargets(corpus, engines);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "\nPeak resident memory %.1f GiB; whole run %.0f s; /proc/loadavg at start %s, "
      "at end %s.\n",
      usage.ru_maxrss / (1024.0 * 1024.0), SecondsSince(start), load_at_start.c_str(),
      LoadAverage().c_str());
  return 0;
}

}  // namespace
}  // namespace ketnoi::bench

int main(int argc, char** argv) {
  ketnoi::bench::Flags flags;
  CLI::App app{"KetNoi engine benchmark against Xapian and SQLite FTS5 (docs/BENCHMARKS.md)"};
  app.add_option("--experts", flags.experts, "Experts in the synthetic corpus (~40 works each)");
  app.add_option("--queries", flags.queries, "Short and long queries each, for ours");
  app.add_option("--peer-queries", flags.peer_queries,
                 "At most this many of the same queries for each peer");
  app.add_option("--peer-seconds", flags.peer_seconds,
                 "Stop timing a peer's queries of one kind after this many seconds");
  app.add_option("--seed", flags.seed, "Seed of the corpus and the queries");
  app.add_option("--peers", flags.peers, "Comma-separated: xapian, fts5, or none");
  app.add_option("--threads", flags.threads, "Threads for the parallel build and queries/s");
  app.add_option("--evidence-works", flags.evidence_works, "MatchQuery::evidence_works");
  app.add_option("--latent-weight", flags.latent_weight,
                 "ScoringParams::latent_weight for ours (default: the engine's)");
  app.add_flag("--skip-ours", flags.skip_ours, "Measure the peers only");
  app.add_flag("--skip-single-thread-build", flags.skip_single_thread_build,
               "Build ours only once, on --threads threads (for corpora near memory size)");
  CLI11_PARSE(app, argc, argv);
  return ketnoi::bench::Run(flags);
}

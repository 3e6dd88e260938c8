// quality_bench: matching quality of the engine against a plain TF-IDF baseline, in the same
// run, on two sets:
//
//   quality_bench [--dblp DIR]           the dblp expert-finding set (default mode): 114
//                                        query papers, 199 pool candidates, relevance by
//                                        shared topic tag; MAP, MRR, P@5, P@10.
//   quality_bench --judged FILE [--demo DIR] [--glossary FILE]
//                                        judged Vietnamese problem statements over the demo
//                                        experts; MAP, MRR, P@5, nDCG@10.
//
// Every system ranks every candidate (ties broken pessimistically), so the figures do not
// depend on a cut-off. Systems, one table row each:
//   tfidf ...        the README's baseline (sum over the candidate's works of
//                    cosine(query, work), log tf-idf, plain lowercase tokens), and the same
//                    with other aggregations and with Rocchio feedback;
//   LSA ...          rank/latent.h alone: votes of single works, expert centroids, and
//                    centroids with feedback in the latent space; fused with tfidf;
//   engine ...       rank::Engine::ScorePairs with the default ScoringParams (lexical and
//                    latent stages fused; --set NAME=VALUE changes a parameter of this
//                    row), then one parameter changed at a time (latent weight, language
//                    directions, latent feedback, aggregation exponent, k1, b, field
//                    weights, profile, recency); with feedback through the public API (terms
//                    of the evidence works that Match gives for the top experts); the
//                    lexical engine (latent_weight 0) fused here with this program's LSA
//                    ranker at several weights.
// With --judged, a last table runs the 40 problems of data/demo/problems.json (as the
// service queries them) and shows whether the same experts recur at the top of unrelated
// problems.
//
// Paths default to $KETNOI_SOURCE_DIR/../shared/eval/dblp and $KETNOI_SOURCE_DIR/data/demo,
// else to the source tree this program was built from.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bench/quality_lib.h"
#include "model/json.h"
#include "model/problem.h"
#include "rank/engine.h"
#include "rank/latent.h"
#include "service/matching.h"
#include "text/analyzer.h"
#include "text/glossary.h"

#ifndef KETNOI_SOURCE_DIR_DEFAULT
#define KETNOI_SOURCE_DIR_DEFAULT "."
#endif

namespace ketnoi::bench {
namespace {

struct Flags {
  std::string dblp;
  std::string judged;
  std::string demo;
  std::string glossary;
  bool engine = true;
  bool verbose = false;
  // Latent space over the engine's analysis (text::Analyzer terms) and, on the demo set,
  // with each expert's bilingual profile as one more document, instead of plain tokens.
  // Default: plain tokens on dblp (better there), the analyzer on the judged set.
  bool latent_analyzer = false;
  bool latent_plain = false;
  // Judged set: drop the experts' Vietnamese biographies, so that a Vietnamese query reaches
  // them only through English text (glossary translations, shared Latin terms) or their
  // Vietnamese works: a harder cross-language test.
  bool drop_vietnamese_bio = false;
  // ScoringParams of the main engine changed from the defaults (--set NAME=VALUE).
  std::vector<std::pair<std::string, double>> engine_settings;
  int latent_dimensions = 48;
  double latent_weight = 0.7;  // Fusion weight of the latent scores, 0..1.
  int prf_documents = 10;      // Rocchio: top works used as feedback.
  int prf_terms = 20;          // Rocchio: expansion terms kept.
  double prf_weight = 0.5;     // Rocchio: weight of the feedback centroid.
};

std::string SourceDir() {
  const char* env = std::getenv("KETNOI_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : KETNOI_SOURCE_DIR_DEFAULT;
}

void Usage() {
  std::fprintf(stderr,
               "usage: quality_bench [--dblp DIR] [--judged FILE [--demo DIR] [--glossary FILE]]\n"
               "                     [--no-engine] [--latent-dims N] [--latent-weight W]\n"
               "                     [--latent-analyzer | --latent-plain] [--set NAME=VALUE ...]\n"
               "                     [--drop-vi-bio]\n"
               "                     [--prf-docs N] [--prf-terms N] [--prf-weight W] [-v]\n");
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string number;
    try {
      if (arg == "--dblp") {
        if (!value(&flags->dblp)) return false;
      } else if (arg == "--judged") {
        if (!value(&flags->judged)) return false;
      } else if (arg == "--demo") {
        if (!value(&flags->demo)) return false;
      } else if (arg == "--glossary") {
        if (!value(&flags->glossary)) return false;
      } else if (arg == "--no-engine") {
        flags->engine = false;
      } else if (arg == "--set") {
        if (!value(&number)) return false;
        const size_t equals = number.find('=');
        if (equals == std::string::npos) return false;
        flags->engine_settings.emplace_back(number.substr(0, equals),
                                            std::stod(number.substr(equals + 1)));
      } else if (arg == "--latent-analyzer") {
        flags->latent_analyzer = true;
      } else if (arg == "--drop-vi-bio") {
        flags->drop_vietnamese_bio = true;
      } else if (arg == "--latent-plain") {
        flags->latent_plain = true;
      } else if (arg == "-v" || arg == "--verbose") {
        flags->verbose = true;
      } else if (arg == "--latent-dims") {
        if (!value(&number)) return false;
        flags->latent_dimensions = std::stoi(number);
      } else if (arg == "--latent-weight") {
        if (!value(&number)) return false;
        flags->latent_weight = std::stod(number);
      } else if (arg == "--prf-docs") {
        if (!value(&number)) return false;
        flags->prf_documents = std::stoi(number);
      } else if (arg == "--prf-terms") {
        if (!value(&number)) return false;
        flags->prf_terms = std::stoi(number);
      } else if (arg == "--prf-weight") {
        if (!value(&number)) return false;
        flags->prf_weight = std::stod(number);
      } else {
        return false;
      }
    } catch (const std::exception&) {
      return false;
    }
  }
  return true;
}

// ---- The evaluation frame shared by both sets ------------------------------------------

struct Corpus {
  std::vector<std::string> documents;            // Unique works, as plain text.
  std::vector<std::vector<int>> candidate_docs;  // Candidate -> indexes into documents.
  std::vector<rank::ExpertInput> experts;        // Engine inputs, in candidate order.
};

struct EvalQuery {
  std::string id;
  std::string text;
  std::vector<int> grades;  // Per candidate.
};

using System = std::function<std::vector<double>(const EvalQuery&)>;

struct Row {
  std::string name;
  QueryMetrics metrics;
  double seconds = 0;
};

Row Run(const std::string& name, const System& system, const std::vector<EvalQuery>& queries,
        bool verbose) {
  MetricsMean mean;
  auto start = std::chrono::steady_clock::now();
  for (const EvalQuery& query : queries) {
    QueryMetrics metrics = EvaluateRanking(system(query), query.grades);
    if (verbose) {
      std::fprintf(stderr, "%-18s %-8s AP %.3f RR %.3f\n", name.c_str(), query.id.c_str(),
                   metrics.average_precision, metrics.reciprocal_rank);
    }
    mean.Add(metrics);
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return {name, mean.Mean(), elapsed.count()};
}

void PrintTable(const std::vector<Row>& rows, bool ndcg) {
  const QueryMetrics& base = rows.front().metrics;
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  std::printf("| system | MAP | MRR | P@5 | %s | MAP / baseline | ms/query |\n",
              ndcg ? "nDCG@10" : "P@10");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const Row& row : rows) {
    const QueryMetrics& m = row.metrics;
    std::printf("| %s | %.3f | %.3f | %.3f | %.3f | %.2f | %.1f |\n", row.name.c_str(),
                m.average_precision, m.reciprocal_rank, m.precision_at_5,
                ndcg ? m.ndcg_at_10 : m.precision_at_10,
                ratio(m.average_precision, base.average_precision), row.seconds * 1000);
  }
}

// Aggregates document scores over each candidate's documents: the sum of the `top` best
// (all by default: CombSUM, the README's baseline; 1 is CombMAX; Macdonald & Ounis, CIKM
// 2006, "Voting for candidates").
std::vector<double> Votes(const Corpus& corpus, const std::vector<double>& doc_scores,
                          size_t top = SIZE_MAX) {
  std::vector<double> scores(corpus.candidate_docs.size(), 0.0);
  std::vector<double> mine;
  for (size_t c = 0; c < scores.size(); ++c) {
    mine.clear();
    for (int doc : corpus.candidate_docs[c]) mine.push_back(doc_scores[doc]);
    size_t n = std::min(top, mine.size());
    std::partial_sort(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(n), mine.end(),
                      std::greater<>());
    for (size_t i = 0; i < n; ++i) scores[c] += mine[i];
  }
  return scores;
}

// Linear fusion after max-normalising each list (all scores are >= 0): (1 - w) a + w b.
std::vector<double> Fuse(const std::vector<double>& a, const std::vector<double>& b, double w) {
  auto max_of = [](const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m = std::max(m, x);
    return m > 0 ? m : 1.0;
  };
  double max_a = max_of(a);
  double max_b = max_of(b);
  std::vector<double> fused(a.size());
  for (size_t i = 0; i < a.size(); ++i) fused[i] = (1 - w) * a[i] / max_a + w * b[i] / max_b;
  return fused;
}

// Feedback terms worth adding: no numbers, nothing shorter than 3 letters.
bool UsefulFeedbackTerm(const std::string& term) {
  return term.size() >= 3 &&
         !std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The lexical lab: the baseline, and what aggregation, feedback and a latent space change.
class LexicalLab {
 public:
  LexicalLab(const Corpus& corpus, const Flags& flags, const text::Glossary* glossary)
      : corpus_(corpus), flags_(flags) {
    std::vector<std::vector<std::string>> tokens;
    tokens.reserve(corpus.documents.size());
    for (const auto& text : corpus.documents) tokens.push_back(PlainTokens(text));
    index_ = std::make_unique<TfIdfIndex>(tokens);
    std::vector<std::vector<int>> latent_docs = corpus.candidate_docs;
    if (flags.latent_analyzer) {
      text::AnalyzerOptions analyzer_options;
      analyzer_options.glossary = glossary;
      analyzer_ = std::make_unique<text::Analyzer>(analyzer_options);
      for (size_t d = 0; d < corpus.documents.size(); ++d) {
        tokens[d] = AnalyzedTerms(corpus.documents[d]);
      }
      // Each expert's profile (skills and both biographies) is one more document: the
      // biographies say the same in Vietnamese and English, so the space learns which
      // words of the two languages go together (cross-language LSI, Dumais, Letsche,
      // Littman & Landauer 1997).
      for (size_t c = 0; c < corpus.experts.size(); ++c) {
        const rank::ExpertInput& expert = corpus.experts[c];
        std::string profile = expert.bio_vi + "\n" + expert.bio_en;
        for (const auto& skill : expert.skills) profile += "\n" + skill;
        if (profile.size() <= 1) continue;
        latent_docs[c].push_back(static_cast<int>(tokens.size()));
        tokens.push_back(AnalyzedTerms(profile));
      }
    }
    rank::LatentRankerOptions options;
    options.space.dimensions = flags.latent_dimensions;
    auto ranker = rank::LatentRanker::Build(tokens, latent_docs, options);
    if (ranker.ok()) {
      latent_ = std::make_unique<rank::LatentRanker>(std::move(ranker).value());
    } else {
      std::fprintf(stderr, "latent: %s\n", ranker.status().ToString().c_str());
    }
  }

  std::vector<double> Baseline(const EvalQuery& query, size_t top = SIZE_MAX) const {
    return Votes(corpus_, index_->Cosines(PlainTokens(query.text)), top);
  }

  // Rocchio (1971) pseudo-relevance feedback: q' = q + beta * centroid(top R works), keeping
  // the query's own terms and the `prf_terms` heaviest new ones.
  std::vector<double> Feedback(const EvalQuery& query) const {
    auto vector = index_->Vector(PlainTokens(query.text));
    std::unordered_map<int, double> weights(vector.begin(), vector.end());
    std::unordered_map<int, double> feedback;
    const auto top = TopDocuments(index_->Cosines(vector), flags_.prf_documents);
    for (int doc : top) {
      for (const auto& [term, weight] : index_->DocumentVector(doc)) {
        if (UsefulFeedbackTerm(index_->TermText(term))) feedback[term] += weight / top.size();
      }
    }
    int added = 0;
    for (const auto& [term, weight] : SortedByWeight(feedback)) {
      bool known = weights.contains(term);
      if (!known && added >= flags_.prf_terms) continue;
      added += known ? 0 : 1;
      weights[term] += flags_.prf_weight * weight;
    }
    std::vector<std::pair<int, double>> expanded(weights.begin(), weights.end());
    return Votes(corpus_, index_->Cosines(expanded));
  }

  // Votes of single works in the latent space: sum of max(0, cosine).
  std::vector<double> LatentVotes(const EvalQuery& query) const {
    std::vector<double> doc_scores(corpus_.documents.size(), 0.0);
    if (latent_ == nullptr) return doc_scores;
    const rank::LatentSpace& space = latent_->space();
    std::vector<float> q =
        latent_->Embed(analyzer_ != nullptr ? AnalyzedTerms(query.text) : PlainTokens(query.text));
    for (size_t d = 0; d < doc_scores.size(); ++d) {
      doc_scores[d] = std::max(0.0f, space.Cosine(q.data(), space.Document(d)));
    }
    return Votes(corpus_, doc_scores);
  }

  // rank::LatentRanker: expert centroids, with or without feedback in the latent space.
  std::vector<double> Latent(const EvalQuery& query, bool feedback) const {
    if (latent_ == nullptr) return std::vector<double>(corpus_.candidate_docs.size(), 0.0);
    auto mode = feedback ? rank::LatentRanker::Feedback::kOn : rank::LatentRanker::Feedback::kOff;
    if (analyzer_ == nullptr) return latent_->Score(PlainTokens(query.text), {}, mode);
    std::vector<std::string> terms;
    std::vector<float> weights;
    if (auto analyzed = analyzer_->AnalyzeQuery(query.text); analyzed.ok()) {
      for (const auto& term : *analyzed) {
        terms.push_back(term.text);
        weights.push_back(term.weight);
      }
    }
    return latent_->Score(terms, weights, mode);
  }

  // The heaviest new terms of `feedback_docs`, as words, for expanding an engine query
  // through its public API.
  std::vector<std::string> FeedbackWords(const std::string& text,
                                         const std::vector<int>& feedback_docs) const {
    std::unordered_set<int> query_terms;
    for (const auto& [term, weight] : index_->Vector(PlainTokens(text))) query_terms.insert(term);
    std::unordered_map<int, double> feedback;
    for (int doc : feedback_docs) {
      for (const auto& [term, weight] : index_->DocumentVector(doc)) {
        if (!query_terms.contains(term) && UsefulFeedbackTerm(index_->TermText(term))) {
          feedback[term] += weight;
        }
      }
    }
    std::vector<std::string> words;
    for (const auto& [term, weight] : SortedByWeight(feedback)) {
      if (static_cast<int>(words.size()) >= flags_.prf_terms) break;
      words.push_back(index_->TermText(term));
    }
    return words;
  }

 private:
  std::vector<std::string> AnalyzedTerms(const std::string& text) const {
    std::vector<std::string> terms;
    if (auto analyzed = analyzer_->Analyze(text); analyzed.ok()) {
      for (auto& term : *analyzed) terms.push_back(std::move(term.text));
    }
    return terms;
  }

  static std::vector<int> TopDocuments(const std::vector<double>& scores, int count) {
    std::vector<int> order(scores.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    auto top = static_cast<size_t>(std::clamp<int>(count, 0, static_cast<int>(order.size())));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [&](int a, int b) { return scores[a] > scores[b]; });
    order.resize(top);
    return order;
  }

  static std::vector<std::pair<int, double>> SortedByWeight(
      const std::unordered_map<int, double>& weights) {
    std::vector<std::pair<int, double>> sorted(weights.begin(), weights.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return sorted;
  }

  const Corpus& corpus_;
  const Flags& flags_;
  std::unique_ptr<TfIdfIndex> index_;
  std::unique_ptr<rank::LatentRanker> latent_;
  std::unique_ptr<text::Analyzer> analyzer_;  // With --latent-analyzer only.
};

// Sets the ScoringParams field `name` (as spelled in rank/scoring.h) to `value`. Returns false
// for an unknown name.
bool SetParam(const std::string& name, double value, rank::ScoringParams* params) {
  const auto v = static_cast<float>(value);
  const std::map<std::string, float*> fields = {
      {"k1", &params->k1},
      {"alpha", &params->alpha},
      {"beta", &params->beta},
      {"latent_weight", &params->latent_weight},
      {"latent_size_exponent", &params->latent_size_exponent},
      {"latent_full_documents", &params->latent_full_documents},
      {"vietnamese_syllable_weight", &params->vietnamese_syllable_weight},
      {"latent_feedback_weight", &params->latent_feedback_weight},
      {"latent_expert_feedback_weight", &params->latent_expert_feedback_weight},
      {"normalization_mass", &params->normalization_mass},
      {"calibration_midpoint", &params->calibration_midpoint},
  };
  if (name == "latent_singular_value_exponent") {
    params->latent.singular_value_exponent = value;
    return true;
  }
  if (name == "latent_language_directions") {
    params->latent_language_directions = static_cast<int>(value);
    return true;
  }
  if (name == "latent_feedback_documents") {
    params->latent_feedback_documents = static_cast<int>(value);
    return true;
  }
  if (name == "latent_expert_feedback_experts") {
    params->latent_expert_feedback_experts = static_cast<int>(value);
    return true;
  }
  if (name == "max_query_terms") {
    params->max_query_terms = static_cast<int>(value);
    return true;
  }
  if (name == "latent_dimensions") {
    params->latent.dimensions = static_cast<int>(value);
    return true;
  }
  auto it = fields.find(name);
  if (it == fields.end()) return false;
  *it->second = v;
  return true;
}

// The default ScoringParams changed by the --set flags. Returns false for an unknown name.
bool MainParams(const Flags& flags, rank::ScoringParams* params) {
  for (const auto& [name, value] : flags.engine_settings) {
    if (!SetParam(name, value, params)) {
      std::fprintf(stderr, "--set: unknown parameter %s\n", name.c_str());
      return false;
    }
  }
  return true;
}

std::string FormatWeight(double weight) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", weight);
  return text;
}

std::vector<rank::Id> CandidateIds(const Corpus& corpus) {
  std::vector<rank::Id> ids;
  for (const auto& expert : corpus.experts) ids.push_back(expert.id);
  return ids;
}

// Runs every system on `queries` and prints the table. Returns false on an engine error.
bool Evaluate(const Corpus& corpus, const std::vector<EvalQuery>& queries, const Flags& flags,
              const text::Glossary* glossary, bool topical) {
  const bool ndcg = !topical;
  LexicalLab lab(corpus, flags, glossary);
  const double w = flags.latent_weight;
  std::vector<Row> rows;
  auto add = [&](const std::string& name, const System& system) {
    rows.push_back(Run(name, system, queries, flags.verbose));
  };
  // Feedback in the latent space helps when relevance is topical (dblp: a paper and the
  // experts of its field) and hurts specific problem statements (the judged set).
  const bool feedback = topical;
  add("tfidf: sum of cosines (baseline)", [&](const EvalQuery& q) { return lab.Baseline(q); });
  add("tfidf: max cosine", [&](const EvalQuery& q) { return lab.Baseline(q, 1); });
  add("tfidf: sum of top 5", [&](const EvalQuery& q) { return lab.Baseline(q, 5); });
  add("tfidf + Rocchio feedback", [&](const EvalQuery& q) { return lab.Feedback(q); });
  add("LSA: sum of cosines", [&](const EvalQuery& q) { return lab.LatentVotes(q); });
  add("LSA: expert centroids", [&](const EvalQuery& q) { return lab.Latent(q, false); });
  if (feedback) {
    add("LSA: centroids + latent feedback",
        [&](const EvalQuery& q) { return lab.Latent(q, true); });
  }
  const std::string latent_name = feedback ? "LSA centroids + feedback" : "LSA centroids";
  add("tfidf + " + latent_name + " (w " + FormatWeight(w) + ")",
      [&](const EvalQuery& q) { return Fuse(lab.Baseline(q), lab.Latent(q, feedback), w); });
  if (!flags.engine) {
    PrintTable(rows, ndcg);
    return true;
  }
  const std::vector<rank::Id> ids = CandidateIds(corpus);
  bool failed = false;
  // An engine built with `params`, and a scorer of every candidate through ScorePairs.
  auto build_engine = [&](const rank::ScoringParams& params) -> std::unique_ptr<rank::Engine> {
    rank::EngineOptions options;
    options.glossary = glossary;
    options.scoring = params;
    auto engine = std::make_unique<rank::Engine>(options);
    auto start = std::chrono::steady_clock::now();
    base::Status status = engine->BuildAll(corpus.experts);
    std::chrono::duration<double> build = std::chrono::steady_clock::now() - start;
    if (!status.ok()) {
      std::fprintf(stderr, "engine: BuildAll: %s\n", status.ToString().c_str());
      failed = true;
      return nullptr;
    }
    if (flags.verbose) std::fprintf(stderr, "engine built in %.2f s\n", build.count());
    return engine;
  };
  auto engine_scores = [&](const rank::Engine& engine, const std::string& text) {
    std::vector<double> scores(ids.size(), 0.0);
    auto pairs = engine.ScorePairs(text, ids);
    if (!pairs.ok()) {
      if (!failed) std::fprintf(stderr, "engine: %s\n", pairs.status().ToString().c_str());
      failed = true;
      return scores;
    }
    for (size_t i = 0; i < ids.size(); ++i) scores[i] = std::max(0.0, (*pairs)[i].score);
    return scores;
  };
  rank::ScoringParams main_params;
  if (!MainParams(flags, &main_params)) return false;
  std::unique_ptr<rank::Engine> engine = build_engine(main_params);
  if (engine == nullptr) return false;
  std::unordered_map<rank::Id, int> doc_of_work;  // For feedback: engine work id -> doc.
  for (size_t c = 0; c < corpus.experts.size(); ++c) {
    const auto& works = corpus.experts[c].works;
    for (size_t i = 0; i < works.size(); ++i)
      doc_of_work[works[i].id] = corpus.candidate_docs[c][i];
  }
  // Pseudo-relevance feedback through the public API: Match, then the evidence works of the
  // top experts give the new words.
  auto expanded_text = [&](const std::string& text) {
    rank::MatchQuery match;
    match.text = text;
    match.k = 5;
    match.evidence_works = 3;
    auto result = engine->Match(match);
    if (!result.ok()) return text;
    std::vector<int> docs;
    for (const auto& expert : *result) {
      for (const auto& work : expert.works) {
        auto it = doc_of_work.find(work.work_id);
        if (it != doc_of_work.end()) docs.push_back(it->second);
      }
    }
    std::string expanded = text;
    for (const std::string& word : lab.FeedbackWords(text, docs)) expanded += " " + word;
    return expanded;
  };
  add(flags.engine_settings.empty() ? "engine (default ScoringParams)"
                                    : "engine (ScoringParams changed by --set)",
      [&](const EvalQuery& q) { return engine_scores(*engine, q.text); });
  // Variants: one parameter changed at a time from the defaults.
  struct Variant {
    const char* name;
    std::function<void(rank::ScoringParams&)> change;
  };
  const std::vector<Variant> variants = {
      {"engine, lexical only (latent_weight 0)", [](auto& p) { p.latent_weight = 0.0f; }},
      {"engine, latent_weight 0.3", [](auto& p) { p.latent_weight = 0.3f; }},
      {"engine, latent_weight 0.5", [](auto& p) { p.latent_weight = 0.5f; }},
      {"engine, every query term (max_query_terms 0)", [](auto& p) { p.max_query_terms = 0; }},
      {"engine, max_query_terms 16", [](auto& p) { p.max_query_terms = 16; }},
      {"engine, max_query_terms 64", [](auto& p) { p.max_query_terms = 64; }},
      {"engine, latent_weight 1 (latent only)", [](auto& p) { p.latent_weight = 1.0f; }},
      {"engine, no language direction removed", [](auto& p) { p.latent_language_directions = 0; }},
      {"engine, 4 language directions removed", [](auto& p) { p.latent_language_directions = 4; }},
      {"engine, latent feedback (weight 3)", [](auto& p) { p.latent_feedback_weight = 3.0f; }},
      {"engine, no expert feedback", [](auto& p) { p.latent_expert_feedback_weight = 0.0f; }},
      {"engine, expert feedback weight 1", [](auto& p) { p.latent_expert_feedback_weight = 1.0f; }},
      {"engine, latent_dimensions 64", [](auto& p) { p.latent.dimensions = 64; }},
      {"engine, alpha 0.4, size exponent 0.6, feedback 1 (the defaults before)",
       [](auto& p) {
         p.alpha = 0.4f;
         p.latent_size_exponent = 0.6f;
         p.latent_expert_feedback_weight = 1.0f;
       }},
      {"engine, alpha 0.25", [](auto& p) { p.alpha = 0.25f; }},
      {"engine, alpha 1 (mean of works)", [](auto& p) { p.alpha = 1.0f; }},
      {"engine, k1 2.0", [](auto& p) { p.k1 = 2.0f; }},
      {"engine, abstract b 0.3", [](auto& p) { p.abstract.b = 0.3f; }},
      {"engine, fields equal (title 1, keywords 1)",
       [](auto& p) { p.title.weight = p.keywords.weight = 1.0f; }},
      {"engine, no profile (beta 0)", [](auto& p) { p.beta = 0.0f; }},
      {"engine, no recency or role weights",
       [](auto& p) {
         p.recency_half_life_years = 1e6f;
         p.other_author_weight = 1.0f;
       }},
  };
  std::unique_ptr<rank::Engine> lexical;  // latent_weight 0, for the fusion rows below.
  for (const Variant& variant : variants) {
    rank::ScoringParams params;
    variant.change(params);
    std::unique_ptr<rank::Engine> other = build_engine(params);
    if (other == nullptr) return false;
    add(variant.name, [&](const EvalQuery& q) { return engine_scores(*other, q.text); });
    if (lexical == nullptr && params.latent_weight == 0) lexical = std::move(other);
  }
  add("engine + feedback (public API)",
      [&](const EvalQuery& q) { return engine_scores(*engine, expanded_text(q.text)); });
  for (double weight : {0.3, 0.5, w}) {
    add("lexical engine + " + latent_name + " (w " + FormatWeight(weight) + ")",
        [&, weight](const EvalQuery& q) {
          return Fuse(engine_scores(*lexical, q.text), lab.Latent(q, feedback), weight);
        });
  }
  if (failed) return false;
  PrintTable(rows, ndcg);
  return true;
}

// ---- Long problem statements: do the same experts recur at the top? ---------------------

struct ProblemQuery {
  std::string text;
  std::set<rank::Id> groups;
};

// The problems of `path` (data/demo/problems.json) as the service queries them.
base::Result<std::vector<ProblemQuery>> LoadProblems(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("problems")) {
    return base::DataLoss(path + ": not a JSON object with \"problems\"");
  }
  std::vector<ProblemQuery> problems;
  for (const nlohmann::json& item : json["problems"]) {
    model::Problem problem;
    RETURN_IF_ERROR(model::FromJson(item, &problem).WithContext(path));
    problems.push_back(
        {service::ProblemQueryText(problem), {problem.group_ids.begin(), problem.group_ids.end()}});
  }
  return problems;
}

// Runs every problem through `engine` (Match, top 3) and prints one table row: how many
// distinct experts fill the top-3 slots, the expert found most often and in how many top 3s,
// the share of top-3 experts who share a technology group with the problem (a check that
// needs no judgements: unrelated experts pulled up by the latent space share none), and the
// median score shown for the best match (CalibratedScore's midpoint is set for about 0.7).
void PrintRecurrence(const std::string& name, const rank::Engine& engine,
                     const std::vector<ProblemQuery>& problems,
                     const std::vector<rank::ExpertInput>& experts) {
  std::unordered_map<rank::Id, const rank::ExpertInput*> by_id;
  for (const auto& expert : experts) by_id[expert.id] = &expert;
  std::map<rank::Id, int> count;
  int slots = 0;
  int same_group = 0;
  std::vector<double> best;
  for (const ProblemQuery& problem : problems) {
    rank::MatchQuery query;
    query.text = problem.text;
    query.k = 3;
    query.evidence_works = 0;
    auto matches = engine.Match(query);
    if (!matches.ok()) continue;
    if (!matches->empty()) best.push_back(matches->front().score);
    for (const rank::ExpertMatch& match : *matches) {
      ++count[match.expert_id];
      ++slots;
      const auto& groups = by_id.at(match.expert_id)->group_ids;
      if (std::any_of(groups.begin(), groups.end(),
                      [&](rank::Id g) { return problem.groups.contains(g); })) {
        ++same_group;
      }
    }
  }
  auto most = std::max_element(count.begin(), count.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  std::sort(best.begin(), best.end());
  const double median = best.empty() ? 0.0 : best[best.size() / 2];
  std::printf("| %s | %zu of %d | %s (%lld): %d | %.2f | %.2f |\n", name.c_str(), count.size(),
              slots, most == count.end() ? "-" : by_id.at(most->first)->name.c_str(),
              most == count.end() ? 0LL : static_cast<long long>(most->first),
              most == count.end() ? 0 : most->second,
              slots > 0 ? static_cast<double>(same_group) / slots : 0.0, median);
}

// The recurrence table for the main engine and the settings that matter for it.
bool EvaluateProblems(const std::vector<rank::ExpertInput>& experts,
                      const std::vector<ProblemQuery>& problems, const rank::ScoringParams& main,
                      const text::Glossary* glossary) {
  struct Setting {
    std::string name;
    rank::ScoringParams params;
  };
  std::vector<Setting> settings = {{"engine (main)", main}};
  settings.push_back({"engine, lexical only (latent_weight 0)", main});
  settings.back().params.latent_weight = 0;
  settings.push_back({"engine, no language directions removed", main});
  settings.back().params.latent_language_directions = 0;
  std::printf("\n%zu problems of data/demo/problems.json, top 3 each:\n\n", problems.size());
  std::printf(
      "| system | distinct experts in the top-3 slots | most frequent expert: top 3s | "
      "top-3 experts sharing a group with the problem | median best score |\n"
      "|---|---|---|---|---|\n");
  for (const Setting& setting : settings) {
    rank::EngineOptions options;
    options.glossary = glossary;
    options.scoring = setting.params;
    rank::Engine engine(options);
    if (base::Status status = engine.BuildAll(experts); !status.ok()) {
      std::fprintf(stderr, "engine: BuildAll: %s\n", status.ToString().c_str());
      return false;
    }
    PrintRecurrence(setting.name, engine, problems, experts);
  }
  return true;
}

// ---- The two sets ----------------------------------------------------------------------

int RunDblp(const Flags& flags) {
  std::string directory = flags.dblp.empty() ? SourceDir() + "/../shared/eval/dblp" : flags.dblp;
  auto data = LoadDblp(directory);
  if (!data.ok()) {
    std::fprintf(stderr, "dblp: %s\n", data.status().ToString().c_str());
    return 1;
  }
  Corpus corpus;
  corpus.documents = data->documents;
  corpus.candidate_docs = data->candidate_documents;
  corpus.experts = DblpExperts(*data);
  std::vector<EvalQuery> queries;
  for (const DblpQuery& query : data->queries) {
    queries.push_back(
        {std::to_string(query.doc), data->documents[query.doc], DblpGrades(*data, query)});
  }
  std::printf("dblp (%s): %zu queries, %zu candidates, %zu documents\n\n", directory.c_str(),
              queries.size(), corpus.candidate_docs.size(), corpus.documents.size());
  if (!Evaluate(corpus, queries, flags, nullptr, /*topical=*/true)) return 1;
  std::printf(
      "\nReference for the baseline (../shared/eval/README.md): MAP 0.324, MRR 0.666, "
      "P@5 0.388, P@10 0.306.\n");
  return 0;
}

int RunJudged(Flags flags) {
  flags.latent_analyzer = !flags.latent_plain;
  std::string demo = flags.demo.empty() ? SourceDir() + "/data/demo" : flags.demo;
  std::string glossary_path =
      flags.glossary.empty() ? SourceDir() + "/data/glossary/technology.tsv" : flags.glossary;
  auto experts = LoadDemoExperts(demo);
  auto judged = LoadJudged(flags.judged);
  if (!experts.ok() || !judged.ok()) {
    std::fprintf(stderr, "%s\n",
                 (!experts.ok() ? experts.status() : judged.status()).ToString().c_str());
    return 1;
  }
  std::unique_ptr<text::Glossary> glossary;
  if (auto tsv = ReadFile(glossary_path); tsv.ok()) {
    auto parsed = text::Glossary::Parse(*tsv);
    if (parsed.ok()) {
      glossary = std::make_unique<text::Glossary>(std::move(parsed).value());
    } else {
      std::fprintf(stderr, "glossary: %s\n", parsed.status().ToString().c_str());
    }
  } else {
    std::fprintf(stderr, "no glossary at %s: the engine runs without translation\n",
                 glossary_path.c_str());
  }
  Corpus corpus;
  corpus.experts = std::move(experts).value();
  if (flags.drop_vietnamese_bio) {
    for (auto& expert : corpus.experts) expert.bio_vi.clear();
  }
  std::unordered_map<rank::Id, int> doc_of_work;
  for (const auto& expert : corpus.experts) {
    std::vector<int> docs;
    for (const auto& work : expert.works) {
      auto [it, inserted] = doc_of_work.emplace(work.id, static_cast<int>(corpus.documents.size()));
      if (inserted) {
        const rank::WorkInput& source = work.text_source();
        std::string text = source.title + "\n" + source.abstract;
        for (const auto& keyword : source.keywords) text += "\n" + keyword;
        corpus.documents.push_back(std::move(text));
      }
      docs.push_back(it->second);
    }
    corpus.candidate_docs.push_back(std::move(docs));
  }
  std::unordered_map<rank::Id, size_t> position;
  for (size_t c = 0; c < corpus.experts.size(); ++c) position[corpus.experts[c].id] = c;
  std::vector<EvalQuery> queries;
  for (const JudgedQuery& query : *judged) {
    EvalQuery eval{query.id, query.text, std::vector<int>(corpus.experts.size(), 0)};
    for (const auto& [id, grade] : query.grades) {
      auto it = position.find(id);
      if (it == position.end()) {
        std::fprintf(stderr, "%s: unknown expert id %lld\n", query.id.c_str(),
                     static_cast<long long>(id));
        return 1;
      }
      eval.grades[it->second] = grade;
    }
    queries.push_back(std::move(eval));
  }
  std::printf("judged (%s): %zu queries over %zu demo experts, %zu works\n\n", flags.judged.c_str(),
              queries.size(), corpus.experts.size(), corpus.documents.size());
  if (!Evaluate(corpus, queries, flags, glossary.get(), /*topical=*/false)) return 1;
  if (!flags.engine) return 0;
  auto problems = LoadProblems(demo + "/problems.json");
  if (!problems.ok()) {
    std::fprintf(stderr, "problems: %s\n", problems.status().ToString().c_str());
    return 1;
  }
  rank::ScoringParams main_params;
  if (!MainParams(flags, &main_params)) return 1;
  return EvaluateProblems(corpus.experts, *problems, main_params, glossary.get()) ? 0 : 1;
}

}  // namespace
}  // namespace ketnoi::bench

int main(int argc, char** argv) {
  ketnoi::bench::Flags flags;
  if (!ketnoi::bench::ParseFlags(argc, argv, &flags)) {
    ketnoi::bench::Usage();
    return 2;
  }
  if (!flags.judged.empty()) return ketnoi::bench::RunJudged(flags);
  return ketnoi::bench::RunDblp(flags);
}

// The engine's data flow (see engine.h for the model):
//
//   BuildAll:  inputs --AnalyzeExpert (N threads, one Analyzer and LocalDictionary each)-->
//              analysed experts --merge dictionaries, length statistics--> MakeRecord -->
//              ExpertRecords --BuildBase--> compressed base segment.
//   Upsert:    AnalyzeExpert --> MakeRecord with the current statistics --> delta segment;
//              the old version is tombstoned (base) or its slot killed (delta). When the
//              delta reaches its threshold, the same Upsert merges it into a new base.
//   Match:     AnalyzeQuery --> term ids and weights qw * idf (idf from live df) -->
//              delta experts scored exhaustively (seeding the top k) --> block-max MaxScore
//              (or, for very selective filters, direct scoring) over the base -->
//              explanations for the final k only.
//
// Concurrency: `mutex_` (shared) guards the State. Writers are serialised by
// `writer_mutex_`, so a writer may read the State without the shared lock (nobody else
// mutates it) and does all its heavy work (analysis, impacts, evidence, segment builds)
// unlocked; it takes the unique lock only to apply the prepared change: insert new terms,
// adjust df and statistics, flip a tombstone, append a delta slot, or swap in a new base.
// Queries hold the shared lock while they read the State.
//
// Statistics and staleness: df (hence idf) is exact after every change, as idf is applied
// at query time. Average field lengths are updated with every change too, but impacts are
// computed once, when an expert is (re)indexed, with the averages of that moment, and merges
// reuse them; so the base's impacts carry the averages of their indexing time. The drift is
// small while the collection's composition is stable; BuildAll recomputes everything.
//
// Latent fusion (ScoringParams::latent_weight = w > 0): the latent documents are bags of
// the engine's term ids: a visible work's (title, abstract, keywords) come from the
// analysis AnalyzeExpert already did, a profile's (biographies, skills) from one short
// analysis of its own (see LatentProfile). Between the two indexing phases BuildAll learns
// a LatentSpace over a sample of the experts' documents and projects out the language
// direction found from the sampled experts' parallel Vietnamese and English biographies, or
// without enough of them from the mean Vietnamese and English works (so that the space
// compares topics, not languages); phase 2 then folds every expert in
// (LatentSpace::Embed of each document, in parallel) and keeps one unit centroid per expert
// (the normalised sum of its documents' unit vectors), in base ordinal order, beside the
// base. Upsert folds the new expert into the existing space the same way (no retraining;
// terms new since BuildAll are unknown to it) and appends its centroid beside the delta
// slot; merges carry the centroids over. The space itself is learned again only by
// BuildAll. Queries are embedded from their resolved term ids. A query scores
//   f(e) = (1 - w) * L(x_e) + w * max(0, cos(q, c_e)),   L(x) = x / (x* + m)
// (AnchoredLexical), x_e = raw_e / norm the normalised lexical score and x* the query's best
// over all live experts, filters aside: the best expert's lexical part is its calibrated
// score C(x*), the others' are on the same linear scale below it. The top k by f is exact
// (MatchFused): the base's lexical top kFusedLexicalDepth by the filters gives a threshold
// theta that bounds every other allowed base expert's raw score, so f(e) <= B(e) =
// (1 - w) * L(theta / norm) + w * max(0, cos_e), a bound that grows with cos_e alone. Base
// experts outside the lexical top are then scored exactly (from the base's forward lists) in
// decreasing order of cos_e while B of the next one exceeds the k-th best f found so far:
// every expert left out has f <= B <= that k-th score, which can only rise. (In practice:
// the best cosines first, then one pass over all whose bound beats the k-th score so far.)
// Delta experts are all scored exactly. With expert feedback (ScoringParams::
// latent_expert_feedback_weight > 0) this runs twice on one lexical stage: first for the
// best few experts without filters, whose unit centroids move the query vector (Rocchio),
// then for the k best with the moved vector; both rankings are exact. On the linear scale the bound
// separates: theta is typically 0.7-0.8 of the best raw score, where the saturating C put theta and
// the best within a few percent of each other and left hundreds of experts to score exactly.
#include "rank/engine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "index/bitmap.h"
#include "index/maxscore.h"
#include "index/postings.h"
#include "index/topk.h"
#include "rank/aggregation.h"
#include "rank/explain.h"
#include "rank/filters.h"
#include "rank/internal/records.h"
#include "rank/internal/segment.h"
#include "rank/latent.h"
#include "text/analyzer.h"
#include "text/fold.h"
#include "text/term_dictionary.h"

namespace ketnoi::rank {
namespace {

using internal::AnalyzedExpert;
using internal::BaseSegment;
using internal::DeltaSegment;
using internal::ExpertRecord;
using internal::LengthStats;
using internal::LocalDictionary;
using internal::RecordPtr;

constexpr uint32_t kUnknownTerm = 0xffffffffu;
// Below this fraction of the base passing the filters, the listed experts are scored
// directly instead of traversing the lists.
constexpr double kSelectiveFilter = 0.02;
constexpr size_t kSnippetChars = 200;
constexpr size_t kMaxExplainedTerms = 8;
// Below this many sampled experts with both a Vietnamese and an English biography, BuildAll
// finds the latent space's language direction from the mean works of the two languages.
constexpr size_t kMinParallelBiographies = 20;
// The fused ranking takes this many lexical best first: every other expert's lexical score
// is then bounded by the last of them, a bound that only the best cosines can overcome.
// Deeper prunes the lists less, shallower leaves more experts to score exactly (3,000
// experts, long queries p50/p99: depth 10 0.43/8.9 ms, 30 0.34/4.3, 100 0.44/7.0).
constexpr size_t kFusedLexicalDepth = 30;

// Analyzers are not thread-safe and cost something to create: callers borrow one.
class AnalyzerPool {
 public:
  explicit AnalyzerPool(text::AnalyzerOptions options) : options_(options) {}

  class Lease {
   public:
    Lease(AnalyzerPool* pool, std::unique_ptr<text::Analyzer> analyzer)
        : pool_(pool), analyzer_(std::move(analyzer)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (analyzer_ != nullptr) pool_->Return(std::move(analyzer_));
    }
    text::Analyzer& operator*() { return *analyzer_; }

   private:
    AnalyzerPool* pool_;
    std::unique_ptr<text::Analyzer> analyzer_;
  };

  Lease Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto analyzer = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(analyzer));
      }
    }
    return Lease(this, std::make_unique<text::Analyzer>(options_));
  }

 private:
  void Return(std::unique_ptr<text::Analyzer> analyzer) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(analyzer));
  }

  text::AnalyzerOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<text::Analyzer>> free_;
};

struct Location {
  bool in_base = true;
  uint32_t index = 0;  // Base ordinal or delta slot.
};

struct State {
  text::TermDictionary term_ids;
  std::vector<int32_t> df;  // Per term id: works and profiles containing it.
  LengthStats lengths;
  std::shared_ptr<const BaseSegment> base = std::make_shared<BaseSegment>();
  index::Bitmap live;  // Base ordinals not tombstoned.
  size_t tombstones = 0;
  DeltaSegment delta;
  std::unordered_map<Id, Location> where;
  // Latent fusion: the space (null when off), and the unit centroids of the base's
  // ordinals and of the delta's slots (dimensions() floats each).
  std::shared_ptr<const LatentSpace> latent;
  std::vector<float> base_latent;
  std::vector<float> delta_latent;

  int64_t documents() const { return lengths.works + lengths.profiles; }
  const ExpertRecord& Record(Location location) const {
    return location.in_base ? *base->experts[location.index] : *delta.experts[location.index];
  }
};

struct PreparedTerm {
  std::string text;
  std::string display;
  uint32_t id = kUnknownTerm;
  float weight = 0;        // qw * idf.
  float query_weight = 0;  // qw.
};

struct PreparedQuery {
  // Known terms first (the ones searched), sorted by id; then unknown ones and the known
  // ones left out by query reduction.
  std::vector<PreparedTerm> terms;
  size_t known = 0;
  float norm = 1;  // sum over all terms of qw * idf * MaxTermEvidence.
};

int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// The dot product of two k-vectors. Eight independent partial sums let the compiler use
// vector instructions; one running sum would wait on each addition in turn, and a query
// takes one dot product per expert.
float Dot(const float* a, const float* b, size_t k) {
  constexpr size_t kLanes = 8;
  std::array<float, kLanes> partial{};
  size_t j = 0;
  for (; j + kLanes <= k; j += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) partial[lane] += a[j + lane] * b[j + lane];
  }
  float sum = 0;
  for (; j < k; ++j) sum += a[j] * b[j];
  for (float p : partial) sum += p;
  return sum;
}

// The display form of a query term in lower case, for grouping and showing.
std::string LowerDisplay(const std::string& display) {
  auto lower = text::FoldCase(display);
  return lower.ok() ? std::move(lower).value() : display;
}

// Whether `phrase` contains `word` as a whole space-separated word.
bool ContainsWord(std::string_view phrase, std::string_view word) {
  if (phrase.size() <= word.size()) return false;
  for (size_t at = phrase.find(word); at != std::string_view::npos;
       at = phrase.find(word, at + 1)) {
    bool starts = at == 0 || phrase[at - 1] == ' ';
    bool ends = at + word.size() == phrase.size() || phrase[at + word.size()] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

text::AnalyzerOptions AnalyzerOptionsFor(const EngineOptions& options) {
  text::AnalyzerOptions analyzer;
  analyzer.glossary = options.glossary;
  analyzer.syllable_weight = options.scoring.vietnamese_syllable_weight;
  return analyzer;
}

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// The bag of `ids` (repeats counted), in id order.
TermCounts CountTerms(std::vector<uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  TermCounts bag;
  for (uint32_t id : ids) {
    if (bag.empty() || bag.back().term != id) bag.push_back({id, 0.0f});
    ++bag.back().count;
  }
  return bag;
}

// Renumbers `bag` from an analysis dictionary to engine term ids (null: the same).
void MapTerms(const std::vector<uint32_t>* global_ids, TermCounts* bag) {
  if (global_ids == nullptr) return;
  for (TermCount& term : *bag) term.term = (*global_ids)[term.term];
}

// The latent document of an expert's profile: both biographies and the skills (parallel
// Vietnamese and English text, from which the space learns which words go together across
// the languages), analysed as one text whose language is detected over the whole, unlike
// the lexical index, which analyses each biography in its own language. That is one more
// short analysis per expert, but it is what the space was tuned with: the lexical index's
// profile terms cost the judged Vietnamese set 0.897 -> 0.892 MAP and MRR 1 -> 0.99. None
// when the expert has no profile text or it fails analysis (AnalyzeExpert reports that).
std::optional<TermCounts> LatentProfile(text::Analyzer& analyzer, const ExpertInput& expert,
                                        LocalDictionary& dictionary) {
  std::string profile = expert.bio_vi + "\n" + expert.bio_en;
  for (const std::string& skill : expert.skills) profile += "\n" + skill;
  if (profile.size() <= 1) return std::nullopt;
  std::vector<uint32_t> ids;
  if (!analyzer.AnalyzeIds(profile, text::Language::kUnknown, dictionary, &ids).ok()) {
    return std::nullopt;
  }
  return CountTerms(std::move(ids));
}

// An expert's latent documents: its works' (from the analysis, local ids mapped by
// `global_ids`), then its profile's if any (`profile` in the same local ids).
std::vector<TermCounts> LatentDocuments(const AnalyzedExpert& analyzed,
                                        const std::vector<uint32_t>* global_ids,
                                        std::optional<TermCounts> profile) {
  std::vector<TermCounts> documents = internal::LatentWorkDocuments(analyzed, global_ids);
  if (profile.has_value()) {
    MapTerms(global_ids, &*profile);
    documents.push_back(std::move(*profile));
  }
  return documents;
}

// An expert's Vietnamese and English biographies as bags of terms of `dictionary`, analysed
// as AnalyzeExpert analyses them: a translation pair for
// LatentSpace::RemoveLanguageDirections (empty when either is missing or fails analysis).
using ParallelTerms = std::pair<TermCounts, TermCounts>;

ParallelTerms BiographyTerms(text::Analyzer& analyzer, const ExpertInput& expert,
                             LocalDictionary& dictionary) {
  if (IsBlank(expert.bio_vi) || IsBlank(expert.bio_en)) return {};
  std::vector<uint32_t> vi;
  std::vector<uint32_t> en;
  if (!analyzer.AnalyzeIds(expert.bio_vi, text::Language::kVietnamese, dictionary, &vi).ok() ||
      !analyzer.AnalyzeIds(expert.bio_en, text::Language::kEnglish, dictionary, &en).ok()) {
    return {};
  }
  return {CountTerms(std::move(vi)), CountTerms(std::move(en))};
}

// Normalises `v` (n floats) to unit length; a zero vector stays zero.
void NormalizeVector(float* v, int n) {
  double norm = 0;
  for (int i = 0; i < n; ++i) norm += static_cast<double>(v[i]) * v[i];
  if (!(norm > 0)) return;
  const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (int i = 0; i < n; ++i) v[i] *= scale;
}

// The size factor of an expert with `documents` latent documents, in [0, 1].
float LatentSizeFactor(const ScoringParams& params, size_t documents) {
  if (!(params.latent_full_documents > 0)) return 1.0f;
  const double ratio = static_cast<double>(documents) / params.latent_full_documents;
  return static_cast<float>(std::min(1.0, std::pow(ratio, params.latent_size_exponent)));
}

// Scales the unit centroid of `documents` documents by their size factor.
void ScaleCentroid(const ScoringParams& params, size_t documents, float* centroid, int k) {
  NormalizeVector(centroid, k);
  const float factor = LatentSizeFactor(params, documents);
  for (int j = 0; j < k; ++j) centroid[j] *= factor;
}

// The latent vectors of the works several experts share (SharedWorkAnalyses::SharedIds),
// each embedded once for all of BuildAll's threads: the first thread to embed a work keeps
// its vector, the others read it once it is complete (or, meanwhile, embed it themselves).
// As SharedWorkAnalyses does, a work whose bag of terms is not the one embedded under its
// id (by a checksum of the bag) is embedded again.
class SharedWorkVectors {
 public:
  SharedWorkVectors(const std::unordered_set<Id>& shared, int dimensions)
      : dimensions_(dimensions),
        vectors_(shared.size() * static_cast<size_t>(dimensions)),
        checksums_(shared.size()),
        states_(std::make_unique<std::atomic<uint8_t>[]>(shared.size())) {
    slots_.reserve(shared.size());
    for (Id id : shared) slots_.emplace(id, slots_.size());
  }

  static uint64_t Checksum(const TermCounts& bag) {
    uint64_t sum = bag.size();
    for (const TermCount& term : bag) {
      sum = sum * 0x9E3779B97F4A7C15ULL +
            (uint64_t{term.term} << 32 | std::bit_cast<uint32_t>(term.count));
    }
    return sum;
  }

  // The vector of `work`, whose bag has `checksum`, if one is complete, else null.
  const float* Find(Id work, uint64_t checksum) const {
    auto slot = slots_.find(work);
    if (slot == slots_.end() || states_[slot->second].load(std::memory_order_acquire) != kReady ||
        checksums_[slot->second] != checksum) {
      return nullptr;
    }
    return &vectors_[slot->second * dimensions_];
  }

  // Keeps `v` as the vector of `work` (its bag's `checksum`) if it is shared and has none
  // yet.
  void Keep(Id work, uint64_t checksum, const float* v) {
    auto slot = slots_.find(work);
    if (slot == slots_.end()) return;
    uint8_t empty = kEmpty;
    if (!states_[slot->second].compare_exchange_strong(empty, kWriting,
                                                       std::memory_order_relaxed)) {
      return;
    }
    std::copy(v, v + dimensions_, &vectors_[slot->second * dimensions_]);
    checksums_[slot->second] = checksum;
    states_[slot->second].store(kReady, std::memory_order_release);
  }

 private:
  static constexpr uint8_t kEmpty = 0, kWriting = 1, kReady = 2;
  size_t dimensions_;
  std::unordered_map<Id, size_t> slots_;  // Fixed once made.
  std::vector<float> vectors_;
  std::vector<uint64_t> checksums_;  // Written before the slot is ready.
  std::unique_ptr<std::atomic<uint8_t>[]> states_;
};

// Writes the fold-in centroid of the expert's latent documents (those of
// LatentDocuments(analyzed, global_ids, profile)) in `space` (dimensions() floats) to
// `centroid`, size-scaled, embedding each work's bag as it is read, or reading its vector
// from `shared` (which keeps those it embeds) when not null. Embedding a training document
// gives its training vector up to rounding, so the sampled experts and the others are
// treated alike.
void FoldInExpert(const ScoringParams& params, const LatentSpace& space,
                  const AnalyzedExpert& analyzed, const std::vector<uint32_t>* global_ids,
                  std::optional<TermCounts> profile, float* centroid,
                  SharedWorkVectors* shared = nullptr) {
  const int k = space.dimensions();
  std::fill(centroid, centroid + k, 0.0f);
  std::vector<float> v(k);
  size_t documents = 0;
  auto add = [&](const float* vector) {
    for (int j = 0; j < k; ++j) centroid[j] += vector[j];
    ++documents;
  };
  internal::ForEachLatentWorkDocument(
      analyzed, global_ids, [&](const ExpertRecord::Work& work, const TermCounts& document) {
        const uint64_t checksum = shared != nullptr ? SharedWorkVectors::Checksum(document) : 0;
        if (const float* known =
                shared != nullptr ? shared->Find(work.meta.id, checksum) : nullptr) {
          add(known);
          return;
        }
        space.Embed(document, v.data());
        if (shared != nullptr) shared->Keep(work.meta.id, checksum, v.data());
        add(v.data());
      });
  if (profile.has_value()) {
    MapTerms(global_ids, &*profile);
    space.Embed(*profile, v.data());
    add(v.data());
  }
  ScaleCentroid(params, documents, centroid, k);
}

}  // namespace

struct Engine::Impl {
  explicit Impl(EngineOptions engine_options)
      : options(std::move(engine_options)), analyzers(AnalyzerOptionsFor(options)) {
    state = std::make_unique<State>();
  }

  // REQUIRES: writer_mutex held (reads the State without the shared lock).
  size_t DeltaLimit() const {
    if (options.delta_merge_threshold > 0) return options.delta_merge_threshold;
    return std::clamp<size_t>(state->base->experts.size() / 20, 64, 2000);
  }

  base::Result<std::vector<text::QueryTerm>> AnalyzeQuery(const std::string& text,
                                                          const std::string& language) {
    if (IsBlank(text)) return base::InvalidArgument("the problem text is empty", "text");
    auto lease = analyzers.Acquire();
    auto terms = (*lease).AnalyzeQuery(text, text::LanguageFromCode(language));
    if (!terms.ok()) return base::InvalidArgument(terms.status().message(), "text");
    return terms;
  }

  // REQUIRES: shared lock (or writer_mutex) held.
  PreparedQuery Prepare(const std::vector<text::QueryTerm>& query_terms) const {
    PreparedQuery query;
    const float max_evidence = MaxTermEvidence(options.scoring);
    float norm = 0;
    std::vector<PreparedTerm> unknown;
    for (const text::QueryTerm& term : query_terms) {
      if (!(term.weight > 0)) continue;
      PreparedTerm prepared{term.text, term.display.empty() ? term.text : term.display,
                            kUnknownTerm, 0, term.weight};
      const uint32_t id = state->term_ids.Find(term.text);
      int64_t df = 0;
      if (id != text::TermDictionary::kNotFound) {
        prepared.id = id;
        df = state->df[id];
      }
      prepared.weight = term.weight * Idf(state->documents(), df);
      norm += prepared.weight * max_evidence;
      (prepared.id != kUnknownTerm && df > 0 ? query.terms : unknown).push_back(prepared);
    }
    // Query reduction (ScoringParams::max_query_terms): the others join the unknown terms,
    // which the latent embedding still reads.
    const auto cap = static_cast<size_t>(std::max(0, options.scoring.max_query_terms));
    if (cap > 0 && query.terms.size() > cap) {
      std::stable_sort(
          query.terms.begin(), query.terms.end(),
          [](const PreparedTerm& a, const PreparedTerm& b) { return a.weight > b.weight; });
      unknown.insert(unknown.begin(), std::make_move_iterator(query.terms.begin() + cap),
                     std::make_move_iterator(query.terms.end()));
      query.terms.resize(cap);
    }
    std::sort(query.terms.begin(), query.terms.end(),
              [](const PreparedTerm& a, const PreparedTerm& b) { return a.id < b.id; });
    query.known = query.terms.size();
    for (PreparedTerm& term : unknown) query.terms.push_back(std::move(term));
    query.norm = norm > 0 ? norm : 1;
    return query;
  }

  // Raw scores of the delta's live experts passing `filters` (null: no filter) into `top`,
  // with documents numbered after the base's ordinals.
  void ScoreDelta(const PreparedQuery& query, const CompiledFilters* filters,
                  index::TopK* top) const {
    const DeltaSegment& delta = state->delta;
    if (delta.live == 0) return;
    const std::vector<float> scores = DeltaRawScores(query);
    const uint32_t offset = static_cast<uint32_t>(state->base->experts.size());
    for (uint32_t slot = 0; slot < scores.size(); ++slot) {
      const RecordPtr& record = delta.experts[slot];
      if (record == nullptr || !(scores[slot] > 0)) continue;
      if (filters != nullptr && !Matches(*filters, record->id, record->attributes)) continue;
      top->Push(offset + slot, scores[slot]);
    }
  }

  // Raw scores of every delta slot (dead ones included).
  std::vector<float> DeltaRawScores(const PreparedQuery& query) const {
    const DeltaSegment& delta = state->delta;
    std::vector<float> scores(delta.experts.size(), 0);
    for (size_t i = 0; i < query.known; ++i) {
      auto it = delta.postings.find(query.terms[i].id);
      if (it == delta.postings.end()) continue;
      for (const internal::DeltaPosting& posting : it->second) {
        scores[posting.slot] += query.terms[i].weight * posting.evidence;
      }
    }
    return scores;
  }

  // Raw scores of base `ordinals` (strictly increasing), read from the same quantised lists
  // MaxScore reads, so the scores are identical to Match's.
  std::vector<float> BaseRawScores(const PreparedQuery& query,
                                   const std::vector<uint32_t>& ordinals) const {
    if (state->base->HasForward()) return ForwardRawScores(query, ordinals);
    std::vector<float> raw(ordinals.size(), 0);
    std::vector<index::PostingCursor> cursors;
    std::vector<index::WeightedCursor> weighted;
    OpenCursors(query, &cursors, &weighted);
    for (size_t i = 0; i < ordinals.size(); ++i) {
      for (const index::WeightedCursor& term : weighted) {
        term.cursor->NextGEQ(ordinals[i]);
        if (term.cursor->doc() == ordinals[i]) {
          raw[i] += term.weight * term.impact_values[term.cursor->impact()];
        }
      }
    }
    return raw;
  }

  // BaseRawScores from the base's forward lists: the same codes, weights and order of
  // summation as through the postings (OpenCursors' order), hence the same floats.
  std::vector<float> ForwardRawScores(const PreparedQuery& query,
                                      const std::vector<uint32_t>& ordinals) const {
    const BaseSegment& base = *state->base;
    struct Term {
      uint32_t id = 0;
      float weight = 0;
    };
    std::vector<Term> terms;  // In OpenCursors' order.
    for (size_t i = 0; i < query.known; ++i) {
      const uint32_t id = query.terms[i].id;
      if (base.postings.size(id) == 0) continue;
      terms.push_back({id, query.terms[i].weight * base.scale[id]});
    }
    std::vector<uint32_t> by_id(terms.size());  // Indexes of `terms` by increasing id.
    for (uint32_t j = 0; j < by_id.size(); ++j) by_id[j] = j;
    std::sort(by_id.begin(), by_id.end(),
              [&](uint32_t a, uint32_t b) { return terms[a].id < terms[b].id; });
    std::vector<float> raw(ordinals.size(), 0);
    std::vector<uint8_t> codes(terms.size());
    for (size_t i = 0; i < ordinals.size(); ++i) {
      const uint32_t* first = base.forward_terms.data() + base.forward_begin[ordinals[i]];
      const uint32_t* const begin = first;
      const uint32_t* const last = base.forward_terms.data() + base.forward_begin[ordinals[i] + 1];
      for (uint32_t j : by_id) {
        // Galloping (Bentley & Yao 1976): the next query term is usually a few cache lines
        // ahead in the expert's list, where a binary search over the rest would miss the
        // cache at every step.
        size_t step = 8;
        while (first + step < last && first[step] < terms[j].id) {
          first += step;
          step *= 2;
        }
        first = std::lower_bound(first, std::min(first + step + 1, last), terms[j].id);
        codes[j] = first != last && *first == terms[j].id
                       ? base.forward_codes[base.forward_begin[ordinals[i]] + (first - begin)]
                       : 0;
      }
      for (size_t j = 0; j < terms.size(); ++j) {
        if (codes[j] != 0) raw[i] += terms[j].weight * base.impact_values[codes[j]];
      }
    }
    return raw;
  }

  // Cursors over the base lists of the query's known terms, weighted qw * idf * scale and
  // valued by the base's impact codes.
  void OpenCursors(const PreparedQuery& query, std::vector<index::PostingCursor>* cursors,
                   std::vector<index::WeightedCursor>* weighted) const {
    const BaseSegment& base = *state->base;
    cursors->clear();
    cursors->reserve(query.known);
    weighted->clear();
    for (size_t i = 0; i < query.known; ++i) {
      const uint32_t id = query.terms[i].id;
      if (base.postings.size(id) == 0) continue;
      cursors->emplace_back(base.postings, id);
      weighted->push_back(
          {&cursors->back(), query.terms[i].weight * base.scale[id], base.impact_values.data()});
    }
  }

  // The base ordinals passing `filters` and not tombstoned: null for all of them, else
  // `selected` or the live bitmap.
  const index::Bitmap* AllowedBase(const CompiledFilters& filters, index::Bitmap* selected) const {
    const BaseSegment& base = *state->base;
    const index::Bitmap* allowed = nullptr;
    if (filters.HasAttributeFilters()) {
      *selected = base.filters.Select(filters, base.experts);
      if (state->tombstones > 0) selected->And(state->live);
      allowed = selected;
    } else if (!filters.excluded.empty()) {
      *selected = state->live;
      allowed = selected;
    } else if (state->tombstones > 0) {
      allowed = &state->live;
    }
    if (!filters.excluded.empty()) {
      for (Id id : filters.excluded) {
        auto it = state->where.find(id);
        if (it != state->where.end() && it->second.in_base) selected->Clear(it->second.index);
      }
    }
    return allowed;
  }

  void ScoreBase(const PreparedQuery& query, const CompiledFilters& filters,
                 index::TopK* top) const {
    const BaseSegment& base = *state->base;
    const uint32_t n = static_cast<uint32_t>(base.experts.size());
    if (n == 0) return;
    std::vector<index::PostingCursor> cursors;
    std::vector<index::WeightedCursor> weighted;
    OpenCursors(query, &cursors, &weighted);
    if (weighted.empty()) return;
    // The set of allowed ordinals, only materialised when something is excluded.
    index::Bitmap selected;
    const index::Bitmap* allowed = AllowedBase(filters, &selected);
    if (allowed != nullptr && allowed == &selected && selected.Count() < kSelectiveFilter * n) {
      std::vector<uint32_t> listed;
      selected.ForEach([&](uint32_t ordinal) { listed.push_back(ordinal); });
      index::ScoreListedDocs(weighted, listed, top);
      return;
    }
    index::BlockMaxMaxScore(weighted, {n, allowed, kWindow}, top);
  }

  // REQUIRES: shared lock (or writer_mutex) held.
  bool LatentOn() const { return options.scoring.latent_weight > 0 && state->latent != nullptr; }

  // The fused score of an expert with lexical score `raw` and latent cosine `cosine`, for a
  // query whose best raw lexical score (FusionAnchor) is `best`.
  double Fused(double raw, float norm, double best, double cosine) const {
    return FusedScore(options.scoring, AnchoredLexical(options.scoring, raw / norm, best / norm),
                      std::max(0.0, cosine));
  }

  // The lexical stage of a fused ranking: the base's lexical top by some filters, best first,
  // and theta >= the raw score of every allowed base expert not in it (the last one's when
  // the top is full, else 0: all others scored 0).
  struct LexicalStage {
    std::vector<index::ScoredDoc> top;
    double theta = 0;
  };

  LexicalStage LexicalTop(const PreparedQuery& query, const CompiledFilters& filters,
                          size_t depth) const {
    index::TopK lexical(depth);
    ScoreBase(query, filters, &lexical);
    LexicalStage stage;
    stage.theta = lexical.full() ? lexical.threshold() : 0.0;
    stage.top = lexical.TakeSorted();
    return stage;
  }

  // What a fused ranking needs before the latent part: the delta's raw scores, the base's
  // lexical top by the filters, the fusion anchor and the query vector.
  struct FusionSetup {
    std::vector<float> delta_raw;  // DeltaRawScores.
    LexicalStage lexical;          // By the filters, at least `depth` deep.
    // The best raw lexical score over all live experts, filters aside, so that a displayed
    // score does not depend on the filters it was found with.
    double best = 0;
    std::vector<float> q;  // The unit query vector, feedback applied.
  };

  // REQUIRES: shared lock held, LatentOn().
  FusionSetup PrepareFusion(const PreparedQuery& query, const CompiledFilters& filters,
                            size_t depth) const {
    const ScoringParams& params = options.scoring;
    const bool filtered = filters.HasAttributeFilters() || !filters.excluded.empty();
    const bool feedback =
        params.latent_expert_feedback_weight > 0 && params.latent_expert_feedback_experts > 0;
    // The first ranking of expert feedback is as deep as the experts it takes.
    const size_t feedback_depth =
        std::max(kFusedLexicalDepth,
                 static_cast<size_t>(std::max(0, params.latent_expert_feedback_experts)));
    if (feedback && !filtered) depth = std::max(depth, feedback_depth);
    FusionSetup setup;
    if (state->delta.live > 0) setup.delta_raw = DeltaRawScores(query);
    for (uint32_t slot = 0; slot < setup.delta_raw.size(); ++slot) {
      if (state->delta.experts[slot] != nullptr) {
        setup.best = std::max<double>(setup.best, setup.delta_raw[slot]);
      }
    }
    setup.lexical = LexicalTop(query, filters, depth);
    // Expert feedback ranks first without the filters, at a depth that keeps that ranking
    // exact; otherwise a top 1 without them gives the anchor.
    std::optional<LexicalStage> unfiltered;
    if (filtered) {
      unfiltered = LexicalTop(query, CompiledFilters(), feedback ? feedback_depth : 1);
    }
    for (const LexicalStage* stage : {&setup.lexical, unfiltered ? &*unfiltered : nullptr}) {
      if (stage != nullptr && !stage->top.empty()) {
        setup.best = std::max<double>(setup.best, stage->top.front().score);
      }
    }
    setup.q = EmbedQuery(query);
    if (feedback) {
      setup.q = ExpertFeedback(query, setup, filtered ? *unfiltered : setup.lexical);
    }
    return setup;
  }

  // Rocchio feedback at the level of experts (Rocchio 1971; the expert-level relevance
  // feedback of Macdonald & Ounis, "Expertise drift and query expansion in expert search",
  // CIKM 2007, which takes the top candidates' profiles rather than top documents as the
  // pseudo-relevant set): the query vector moved towards the mean unit centroid of the
  // first fused ranking's latent_expert_feedback_experts best experts, over all live experts
  // and without filters (so that an expert's score does not depend on the filters), with
  // weight latent_expert_feedback_weight, and normalised again. Unlike feedback from the
  // nearest training documents, the feedback set is chosen by the fused score, lexical
  // evidence included, so it drifts less off a specific problem.
  // `setup`: its delta_raw, best and q (before feedback); `unfiltered`: the base's lexical
  // top without filters, at least kFusedLexicalDepth deep.
  std::vector<float> ExpertFeedback(const PreparedQuery& query, const FusionSetup& setup,
                                    const LexicalStage& unfiltered) const {
    const ScoringParams& params = options.scoring;
    index::TopK first(static_cast<size_t>(params.latent_expert_feedback_experts));
    FusedTop(query, setup.q, setup.best, setup.delta_raw, unfiltered, CompiledFilters(), &first);
    if (first.docs().empty()) return setup.q;
    const size_t k = setup.q.size();
    const size_t n = state->base->experts.size();
    const auto step = static_cast<float>(params.latent_expert_feedback_weight /
                                         static_cast<double>(first.docs().size()));
    std::vector<float> moved = setup.q;
    std::vector<float> centroid(k);
    for (const index::ScoredDoc& doc : first.docs()) {
      const float* from =
          doc.doc < n ? &state->base_latent[doc.doc * k] : &state->delta_latent[(doc.doc - n) * k];
      // Centroids are stored scaled by their size factor: each expert counts alike here.
      std::copy(from, from + k, centroid.begin());
      NormalizeVector(centroid.data(), static_cast<int>(k));
      for (size_t j = 0; j < k; ++j) moved[j] += step * centroid[j];
    }
    NormalizeVector(moved.data(), static_cast<int>(k));
    return moved;
  }

  // The unit query vector in the latent space, from the query's resolved term ids (terms the
  // space has not learned, added since BuildAll or rare, are ignored by it).
  // REQUIRES: LatentOn().
  std::vector<float> EmbedQuery(const PreparedQuery& query) const {
    TermCounts terms;
    for (const PreparedTerm& term : query.terms) {
      if (term.id != kUnknownTerm) terms.push_back({term.id, term.query_weight});
    }
    const ScoringParams& params = options.scoring;
    return state->latent->Feedback(state->latent->Embed(terms), params.latent_feedback_documents,
                                   params.latent_feedback_weight);
  }

  float Cosine(const std::vector<float>& query, const std::vector<float>& centroids,
               size_t row) const {
    return Dot(query.data(), centroids.data() + row * query.size(), query.size());
  }

  // The exact top k by the fused score (see the top comment): all of the delta, the base's
  // lexical top, then the other base experts by decreasing cosine while their bound can
  // still beat the k-th fused score. Scores in `top` are fused (displayed) scores.
  // REQUIRES: shared lock held, LatentOn().
  void MatchFused(const PreparedQuery& query, const CompiledFilters& filters,
                  index::TopK* top) const {
    const FusionSetup setup = PrepareFusion(query, filters, std::max(top->k(), kFusedLexicalDepth));
    FusedTop(query, setup.q, setup.best, setup.delta_raw, setup.lexical, filters, top);
  }

  // The fused top k for query vector `q` and anchor `best`, from the delta's raw scores
  // `delta_raw` and the base's lexical top `lexical` by `filters` (at least top->k() deep).
  // REQUIRES: shared lock held, LatentOn().
  void FusedTop(const PreparedQuery& query, const std::vector<float>& q, double best,
                const std::vector<float>& delta_raw, const LexicalStage& lexical,
                const CompiledFilters& filters, index::TopK* top) const {
    const bool filtered = filters.HasAttributeFilters() || !filters.excluded.empty();
    const DeltaSegment& delta = state->delta;
    const BaseSegment& base = *state->base;
    const uint32_t n = static_cast<uint32_t>(base.experts.size());
    const double theta = lexical.theta;
    // The delta, exhaustively.
    const uint32_t offset = n;
    for (uint32_t slot = 0; slot < delta_raw.size(); ++slot) {
      const RecordPtr& record = delta.experts[slot];
      if (record == nullptr) continue;
      if (filtered && !Matches(filters, record->id, record->attributes)) continue;
      top->Push(offset + slot, static_cast<float>(Fused(delta_raw[slot], query.norm, best,
                                                        Cosine(q, state->delta_latent, slot))));
    }
    if (n == 0) return;
    index::Bitmap selected;
    const index::Bitmap* allowed = AllowedBase(filters, &selected);
    // Cosines of the allowed experts only (the lexical top is among them); -1 marks the
    // others, as it marks those done. A filter to a tenth of the experts reads a tenth of
    // the centroids.
    std::vector<float> cosines;
    if (allowed == nullptr) {
      cosines.resize(n);
      for (uint32_t ordinal = 0; ordinal < n; ++ordinal) {
        cosines[ordinal] = Cosine(q, state->base_latent, ordinal);
      }
    } else {
      cosines.assign(n, -1);
      allowed->ForEach(
          [&](uint32_t ordinal) { cosines[ordinal] = Cosine(q, state->base_latent, ordinal); });
    }
    for (const index::ScoredDoc& doc : lexical.top) {
      top->Push(doc.doc, static_cast<float>(Fused(doc.score, query.norm, best, cosines[doc.doc])));
      cosines[doc.doc] = -1;  // Done.
    }
    // The rest: f(e) <= B(e) = FusedScore(L(theta), max(0, cos_e)), FusedScore being
    // increasing in both and L (AnchoredLexical) in the raw score. The slack covers float
    // rounding of the sums, so that a bound is never below the score it bounds.
    const double lexical_bound =
        AnchoredLexical(options.scoring, theta / query.norm, best / query.norm);
    auto bound = [&](float cosine) {
      return FusedScore(options.scoring, lexical_bound, cosine) + 1e-6;
    };
    std::vector<std::pair<float, uint32_t>> candidates;
    const double first_threshold = top->threshold();
    for (uint32_t ordinal = 0; ordinal < n; ++ordinal) {
      if (!(cosines[ordinal] > 0)) continue;  // Not allowed, done, or no latent evidence.
      if (bound(cosines[ordinal]) <= first_threshold) continue;
      candidates.emplace_back(cosines[ordinal], ordinal);
    }
    // First the best cosines, to raise the k-th fused score; then, in one pass in ordinal
    // order, every candidate whose bound still beats it.
    const size_t head = std::min(candidates.size(), std::max<size_t>(top->k(), 64));
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(head),
                      candidates.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    auto score = [&](std::vector<uint32_t>& ordinals) {
      std::sort(ordinals.begin(), ordinals.end());
      const std::vector<float> raw = BaseRawScores(query, ordinals);
      for (size_t i = 0; i < ordinals.size(); ++i) {
        top->Push(ordinals[i],
                  static_cast<float>(Fused(raw[i], query.norm, best, cosines[ordinals[i]])));
      }
    };
    std::vector<uint32_t> ordinals;
    for (size_t i = 0; i < head; ++i) ordinals.push_back(candidates[i].second);
    score(ordinals);
    ordinals.clear();
    const double threshold = top->threshold();
    for (size_t i = head; i < candidates.size(); ++i) {
      if (bound(candidates[i].first) > threshold) ordinals.push_back(candidates[i].second);
    }
    score(ordinals);
  }

  // Fills the explanation of `match` from the expert's forward data.
  // `query_words`: QueryWords of the query text, for joining phrases.
  void Explain(const PreparedQuery& query, std::string_view query_words, const ExpertRecord& record,
               int evidence_works, Highlighter& highlighter, ExpertMatch* match) const {
    const ScoringParams& params = options.scoring;
    const float mass_norm = WorkMassNorm(record, params);
    std::vector<double> term_score(query.known, 0);
    // The query's known terms by id, for a document's terms (in no particular order): open
    // addressing over (id << 32 | index + 1), 0 empty.
    const uint64_t mask = std::bit_ceil(std::max<size_t>(16, query.known * 2)) - 1;
    std::vector<uint64_t> slots(mask + 1, 0);
    auto slot_of = [mask](uint32_t id) { return (uint64_t{id} * 0x9E3779B1u) & mask; };
    for (size_t i = 0; i < query.known; ++i) {
      uint64_t at = slot_of(query.terms[i].id);
      while (slots[at] != 0) at = (at + 1) & mask;
      slots[at] = uint64_t{query.terms[i].id} << 32 | (i + 1);
    }
    // Per query term, what a document adds; summed below in query order, so that the sums
    // do not depend on the order of the document's terms.
    std::vector<double> contribution(query.known, 0);
    auto add_document = [&](uint32_t begin, uint32_t end, double scale) {
      bool matched = false;
      for (uint32_t t = begin; t < end; ++t) {
        const uint32_t id = record.terms[t];
        uint64_t at = slot_of(id);
        while (slots[at] != 0 && static_cast<uint32_t>(slots[at] >> 32) != id) {
          at = (at + 1) & mask;
        }
        if (slots[at] == 0) continue;
        const size_t i = static_cast<uint32_t>(slots[at]) - 1;
        contribution[i] = scale * query.terms[i].weight * DequantizeImpact(record.impacts[t]);
        matched = true;
      }
      double total = 0;
      if (!matched) return total;
      for (size_t i = 0; i < query.known; ++i) {
        if (contribution[i] == 0) continue;
        term_score[i] += contribution[i];
        total += contribution[i];
        contribution[i] = 0;
      }
      return total;
    };
    std::vector<std::pair<double, size_t>> works;
    for (size_t w = 0; w < record.works.size(); ++w) {
      const ExpertRecord::Work& work = record.works[w];
      const double score =
          add_document(work.terms_begin, work.terms_end, work.meta.weight / mass_norm);
      if (score > 0) works.emplace_back(score, w);
    }
    const double profile_score =
        add_document(record.profile_begin, static_cast<uint32_t>(record.terms.size()), params.beta);
    double expert_total = profile_score;
    for (const auto& [score, w] : works) expert_total += score;

    // Term shares, grouped by what the user typed, in lower case ("bán" and its folded "ban"
    // are one; "Nhà" and "nhà" are one).
    double total = 0;
    TermShares by_display;
    for (size_t i = 0; i < query.known; ++i) {
      if (term_score[i] <= 0) continue;
      total += term_score[i];
      std::string display = LowerDisplay(query.terms[i].display);
      auto it = std::find_if(by_display.begin(), by_display.end(),
                             [&](const auto& entry) { return entry.first == display; });
      if (it == by_display.end()) {
        by_display.emplace_back(std::move(display), term_score[i]);
      } else {
        it->second += term_score[i];
      }
    }
    by_display = JoinPhrases(std::move(by_display), query_words);
    std::stable_sort(by_display.begin(), by_display.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // A phrase explains better than its words: a word of a phrase already listed ("bệnh"
    // beside "bệnh viện") adds nothing for the reader and is left out.
    std::vector<std::string> shown;
    for (size_t i = 0; i < by_display.size() && shown.size() < kMaxExplainedTerms; ++i) {
      const std::string& display = by_display[i].first;
      bool inside_shown_phrase = std::any_of(shown.begin(), shown.end(), [&](const std::string& s) {
        return ContainsWord(s, display);
      });
      bool phrase_of_it_follows =
          display.find(' ') == std::string::npos &&
          std::any_of(by_display.begin() + static_cast<std::ptrdiff_t>(i) + 1, by_display.end(),
                      [&](const auto& later) {
                        return later.second >= 0.5 * by_display[i].second &&
                               ContainsWord(later.first, display);
                      });
      if (inside_shown_phrase || phrase_of_it_follows) continue;
      shown.push_back(display);
      match->terms.push_back({display, by_display[i].second / total});
    }

    std::stable_sort(works.begin(), works.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < works.size() && static_cast<int>(match->works.size()) < evidence_works;
         ++i) {
      const ExpertRecord::Work& work = record.works[works[i].second];
      WorkEvidence evidence;
      evidence.work_id = work.meta.id;
      evidence.score = expert_total > 0 ? works[i].first / expert_total : 0;
      evidence.year = work.meta.year;
      std::string_view title = record.Title(work);
      std::string_view abstract = record.Abstract(work);
      std::optional<WorkText> text;
      if (!KeepsText()) {
        text = options.work_text(work.meta.id);
        if (!text.has_value()) continue;  // Removed since it was indexed.
        title = text->title;
        abstract = text->abstract;
      }
      evidence.title =
          Highlighter::Render(title, highlighter.FindMatches(title, work.meta.language));
      evidence.snippet = Highlighter::Snippet(
          abstract, highlighter.FindMatches(abstract, work.meta.language), kSnippetChars);
      match->works.push_back(std::move(evidence));
    }
  }

  void ApplyMerge();

  // Whether records keep their works' text (else explanations read it from work_text).
  bool KeepsText() const { return !options.work_text; }

  // What ScorePairs needs of a text besides the experts' own data: its analysis, which
  // depends on the text alone, and, for the state `version`, the prepared query, the fusion
  // anchor and the query vector (feedback applied), whose making is a whole ranking over
  // all experts. An expert's feed scores every open problem on each request; with this,
  // only the first request after a change to the index pays for that.
  struct PairQuery {
    std::vector<text::QueryTerm> terms;
    uint64_t version = 0;
    PreparedQuery prepared;
    double best = 0;
    std::vector<float> q;  // Empty without latent fusion.
  };
  static constexpr size_t kMaxPairQueries = 1024;

  std::shared_ptr<const PairQuery> FindPairQuery(const std::string& text) const {
    std::lock_guard memo_lock(pair_memo_mutex);
    auto it = pair_memo.find(text);
    return it == pair_memo.end() ? nullptr : it->second;
  }
  void KeepPairQuery(const std::string& text, std::shared_ptr<const PairQuery> query) const {
    std::lock_guard memo_lock(pair_memo_mutex);
    if (pair_memo.size() >= kMaxPairQueries && !pair_memo.contains(text)) pair_memo.clear();
    pair_memo[text] = std::move(query);
  }

  static constexpr uint32_t kWindow = 1024;

  const EngineOptions options;
  AnalyzerPool analyzers;
  std::mutex writer_mutex;
  mutable std::shared_mutex mutex;
  std::unique_ptr<State> state;  // Guarded by mutex; replaced whole by BuildAll.
  BuildSeconds last_build;       // Guarded by mutex.
  // Counts the changes to the State that can change a score: every write under the
  // exclusive lock adds one. Guarded by mutex.
  uint64_t version = 0;
  mutable std::mutex pair_memo_mutex;
  // ScorePairs' PairQuery by text, of any version; emptied when full. Guarded by
  // pair_memo_mutex.
  mutable std::unordered_map<std::string, std::shared_ptr<const PairQuery>> pair_memo;
};

// REQUIRES: writer_mutex held.
void Engine::Impl::ApplyMerge() {
  const State& s = *state;
  std::vector<RecordPtr> records;
  records.reserve(s.where.size());
  for (uint32_t ordinal = 0; ordinal < s.base->experts.size(); ++ordinal) {
    if (s.live.Test(ordinal)) records.push_back(s.base->experts[ordinal]);
  }
  for (const RecordPtr& record : s.delta.experts) {
    if (record != nullptr) records.push_back(record);
  }
  // The centroids follow their experts, in the new base's order.
  std::vector<float> base_latent;
  if (s.latent != nullptr) {
    const size_t k = static_cast<size_t>(s.latent->dimensions());
    base_latent.reserve(records.size() * k);
    for (uint32_t ordinal = 0; ordinal < s.base->experts.size(); ++ordinal) {
      if (!s.live.Test(ordinal)) continue;
      const auto from = s.base_latent.begin() + static_cast<std::ptrdiff_t>(ordinal * k);
      base_latent.insert(base_latent.end(), from, from + static_cast<std::ptrdiff_t>(k));
    }
    for (uint32_t slot = 0; slot < s.delta.experts.size(); ++slot) {
      if (s.delta.experts[slot] == nullptr) continue;
      const auto from = s.delta_latent.begin() + static_cast<std::ptrdiff_t>(slot * k);
      base_latent.insert(base_latent.end(), from, from + static_cast<std::ptrdiff_t>(k));
    }
  }
  std::unordered_map<Id, Location> where;
  for (uint32_t i = 0; i < records.size(); ++i) where[records[i]->id] = {true, i};
  const size_t n = records.size();
  auto base = internal::BuildBase(std::move(records), s.df.size(), options.scoring,
                                  ResolveThreads(options.threads), /*forward=*/LatentOn());
  std::unique_lock lock(mutex);
  ++version;
  state->base = std::move(base);
  state->live = index::Bitmap(n, /*full=*/true);
  state->tombstones = 0;
  state->delta = DeltaSegment();
  state->where = std::move(where);
  state->base_latent = std::move(base_latent);
  state->delta_latent.clear();
}

Engine::Engine(EngineOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Engine::~Engine() = default;

base::Status Engine::BuildAll(std::vector<ExpertInput> experts) {
  std::lock_guard writer(impl_->writer_mutex);
  const ScoringParams& params = impl_->options.scoring;
  const size_t n = experts.size();
  const int threads =
      std::max(1, std::min<int>(ResolveThreads(impl_->options.threads), static_cast<int>(n)));
  {
    std::unordered_map<Id, size_t> seen;
    for (size_t i = 0; i < n; ++i) {
      if (!seen.emplace(experts[i].id, i).second) {
        return base::InvalidArgument("duplicate expert id " + std::to_string(experts[i].id),
                                     "experts[" + std::to_string(i) + "].id");
      }
    }
  }

  BuildSeconds seconds;
  auto stage_start = std::chrono::steady_clock::now();
  auto end_stage = [&](double* stage) {
    const auto now = std::chrono::steady_clock::now();
    *stage = std::chrono::duration<double>(now - stage_start).count();
    stage_start = now;
  };

  // Phase 1: analysis, expert i on thread i % threads.
  std::vector<AnalyzedExpert> analyzed(n);
  // Latent training sample: every stride-th expert, so that about latent_training_documents
  // documents train the space; every expert is then folded in (phase 2).
  const bool latent = params.latent_weight > 0;
  size_t latent_stride = 1;
  if (latent) {
    size_t total = 0;
    for (const ExpertInput& expert : experts) total += expert.works.size() + 1;
    const auto cap = static_cast<size_t>(std::max(2, params.latent_training_documents));
    latent_stride = std::max<size_t>(1, (total + cap - 1) / cap);
  }
  const auto sampled = [&](size_t i) { return latent && i % latent_stride == 0; };
  std::vector<std::optional<TermCounts>> profiles(latent ? n : 0);  // Local ids.
  std::vector<ParallelTerms> biographies(latent ? n : 0);
  std::vector<LocalDictionary> dictionaries(threads);
  std::vector<base::Status> errors(threads);
  const std::unordered_set<Id> shared_ids = internal::SharedWorkAnalyses::SharedIds(experts);
  {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        auto lease = impl_->analyzers.Acquire();
        internal::SharedWorkAnalyses shared(&shared_ids);
        for (size_t i = t; i < n; i += threads) {
          if (latent) profiles[i] = LatentProfile(*lease, experts[i], dictionaries[t]);
          if (sampled(i)) biographies[i] = BiographyTerms(*lease, experts[i], dictionaries[t]);
          auto result =
              internal::AnalyzeExpert(*lease, experts[i], params, impl_->options.current_year,
                                      impl_->KeepsText(), dictionaries[t], &shared);
          experts[i] = ExpertInput();  // Analysed (its text copied if kept): free it.
          if (!result.ok()) {
            errors[t] = std::move(result).status();
            return;
          }
          analyzed[i] = std::move(result).value();
        }
      });
    }
    for (std::thread& thread : pool) thread.join();
  }
  for (const base::Status& error : errors) RETURN_IF_ERROR(error);
  end_stage(&seconds.analysis);

  // Global term ids, in order of the thread dictionaries: the first one's ids stay as they are.
  auto state = std::make_unique<State>();
  state->term_ids = std::move(dictionaries[0]);
  std::vector<std::vector<uint32_t>> global_ids(threads);
  for (int t = 1; t < threads; ++t) {
    std::vector<std::string_view> terms(dictionaries[t].size());
    for (uint32_t id = 0; id < terms.size(); ++id) terms[id] = dictionaries[t].term(id);
    global_ids[t].resize(terms.size());
    state->term_ids.InternAll(terms, global_ids[t]);
    dictionaries[t] = LocalDictionary();
  }
  for (const AnalyzedExpert& expert : analyzed) internal::AccountLengths(expert, &state->lengths);
  const auto thread_ids = [&](size_t i) {
    const size_t t = i % threads;
    return t == 0 ? nullptr : &global_ids[t];
  };

  // The latent space over the sample's documents. A work shared by co-authors (same work
  // id) is one document. Without a space (too few documents or terms to learn one) the
  // engine ranks lexically.
  std::shared_ptr<LatentSpace> space;
  if (latent) {
    std::vector<TermCounts> documents;
    std::unordered_map<Id, size_t> seen_works;
    std::vector<size_t> vietnamese_works;
    std::vector<size_t> english_works;
    size_t parallel = 0;
    for (size_t i = 0; i < n; i += latent_stride) {
      const std::vector<ExpertRecord::Work>& works = analyzed[i].record->works;
      std::vector<TermCounts> expert_documents =
          LatentDocuments(analyzed[i], thread_ids(i), profiles[i]);
      for (size_t d = 0; d < expert_documents.size(); ++d) {
        const bool work = d < works.size();  // Else the profile.
        if (work && !seen_works.emplace(works[d].meta.id, documents.size()).second) continue;
        if (work && works[d].meta.language == text::Language::kVietnamese) {
          vietnamese_works.push_back(documents.size());
        } else if (work && works[d].meta.language == text::Language::kEnglish) {
          english_works.push_back(documents.size());
        }
        documents.push_back(std::move(expert_documents[d]));
      }
      MapTerms(thread_ids(i), &biographies[i].first);
      MapTerms(thread_ids(i), &biographies[i].second);
      if (!biographies[i].first.empty() && !biographies[i].second.empty()) ++parallel;
    }
    auto learned = LatentSpace::Build(documents, static_cast<uint32_t>(state->term_ids.size()),
                                      params.latent, threads);
    if (learned.ok()) {
      space = std::make_shared<LatentSpace>(std::move(learned).value());
      // The language direction from the parallel biographies; with too few of them (English
      // profiles imported from ORCID or OpenAlex have none), from the mean Vietnamese and
      // English works.
      if (params.latent_language_directions > 0 && parallel < kMinParallelBiographies) {
        space->RemoveMeanDifference(vietnamese_works, english_works);
      } else {
        space->RemoveLanguageDirections(biographies, params.latent_language_directions);
      }
      state->base_latent.assign(n * space->dimensions(), 0.0f);
    }
    biographies = {};
  }

  end_stage(&seconds.latent);

  // Phase 2: impacts with the collection's statistics, and each expert's latent centroid.
  std::vector<RecordPtr> records(n);
  {
    std::optional<SharedWorkVectors> shared_vectors;
    if (space != nullptr) shared_vectors.emplace(shared_ids, space->dimensions());
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < n; i += threads) {
          const std::vector<uint32_t>* ids = thread_ids(i);
          if (space != nullptr) {
            FoldInExpert(params, *space, analyzed[i], ids, std::move(profiles[i]),
                         &state->base_latent[i * space->dimensions()], &*shared_vectors);
          }
          records[i] = std::make_shared<const ExpertRecord>(
              internal::MakeRecord(std::move(analyzed[i]), ids, state->lengths, params));
        }
      });
    }
    for (std::thread& thread : pool) thread.join();
  }
  analyzed.clear();
  end_stage(&seconds.records);
  state->df.assign(state->term_ids.size(), 0);
  for (const RecordPtr& record : records) internal::AccountDf(*record, +1, &state->df);
  for (uint32_t i = 0; i < n; ++i) state->where[records[i]->id] = {true, i};
  state->live = index::Bitmap(n, /*full=*/true);
  // Forward lists serve the fused ranking's exact scores (MatchFused).
  state->base = internal::BuildBase(std::move(records), state->term_ids.size(), params, threads,
                                    /*forward=*/params.latent_weight > 0 && space != nullptr);
  state->latent = std::move(space);
  end_stage(&seconds.base);

  std::unique_lock lock(impl_->mutex);
  ++impl_->version;
  impl_->state.swap(state);
  impl_->last_build = seconds;
  lock.unlock();
  return base::Status::Ok();  // The old state is freed outside the lock.
}

base::Status Engine::Upsert(ExpertInput expert) {
  const ScoringParams& params = impl_->options.scoring;
  LocalDictionary dictionary;
  AnalyzedExpert analyzed;
  std::optional<TermCounts> profile;
  {
    auto lease = impl_->analyzers.Acquire();
    if (params.latent_weight > 0) profile = LatentProfile(*lease, expert, dictionary);
    auto result = internal::AnalyzeExpert(*lease, expert, params, impl_->options.current_year,
                                          impl_->KeepsText(), dictionary);
    if (!result.ok()) return std::move(result).status();
    analyzed = std::move(result).value();
  }

  std::lock_guard writer(impl_->writer_mutex);
  State& s = *impl_->state;
  // Unlocked preparation: only writers mutate the State and we are the only writer.
  std::vector<uint32_t> global_ids;
  std::vector<std::string_view> new_terms;  // Views into `dictionary`.
  uint32_t next_id = static_cast<uint32_t>(s.term_ids.size());
  for (uint32_t local = 0; local < dictionary.size(); ++local) {
    const std::string_view term = dictionary.term(local);
    const uint32_t id = s.term_ids.Find(term);
    if (id != text::TermDictionary::kNotFound) {
      global_ids.push_back(id);
    } else {
      global_ids.push_back(next_id++);
      new_terms.push_back(term);
    }
  }
  auto old = s.where.find(analyzed.id());
  const ExpertRecord* old_record = old == s.where.end() ? nullptr : &s.Record(old->second);
  LengthStats lengths = s.lengths;
  if (old_record != nullptr) internal::AccountLengths(*old_record, -1, &lengths);
  internal::AccountLengths(analyzed, &lengths);
  // Fold-in: the expert's documents embedded in the existing space (no retraining; terms
  // new since BuildAll are unknown to it).
  std::vector<float> centroid;
  if (s.latent != nullptr) {
    centroid.resize(s.latent->dimensions());
    FoldInExpert(params, *s.latent, analyzed, &global_ids, std::move(profile), centroid.data());
  }
  auto record = std::make_shared<const ExpertRecord>(
      internal::MakeRecord(std::move(analyzed), &global_ids, lengths, params));
  std::vector<std::pair<uint32_t, float>> evidence;
  ExpertEvidence(*record, params, &evidence);

  {
    std::unique_lock lock(impl_->mutex);
    ++impl_->version;
    for (std::string_view term : new_terms) s.term_ids.Intern(term);
    s.df.resize(s.term_ids.size(), 0);
    if (old_record != nullptr) {
      internal::AccountDf(*old_record, -1, &s.df);
      if (old->second.in_base) {
        s.live.Clear(old->second.index);
        ++s.tombstones;
      } else {
        s.delta.Kill(old->second.index);
      }
    }
    internal::AccountDf(*record, +1, &s.df);
    s.lengths = lengths;
    const Id id = record->id;
    const uint32_t slot = s.delta.Add(std::move(record), evidence);
    s.where[id] = {false, slot};
    if (s.latent != nullptr) {
      s.delta_latent.resize((static_cast<size_t>(slot) + 1) * centroid.size(), 0.0f);
      std::copy(centroid.begin(), centroid.end(),
                s.delta_latent.begin() + static_cast<std::ptrdiff_t>(slot * centroid.size()));
    }
  }
  if (s.delta.experts.size() >= impl_->DeltaLimit()) impl_->ApplyMerge();
  return base::Status::Ok();
}

base::Status Engine::Remove(Id expert_id) {
  std::lock_guard writer(impl_->writer_mutex);
  State& s = *impl_->state;
  auto it = s.where.find(expert_id);
  if (it == s.where.end()) return base::NotFound("expert " + std::to_string(expert_id));
  {
    std::unique_lock lock(impl_->mutex);
    ++impl_->version;
    const ExpertRecord& record = s.Record(it->second);
    internal::AccountDf(record, -1, &s.df);
    internal::AccountLengths(record, -1, &s.lengths);
    if (it->second.in_base) {
      s.live.Clear(it->second.index);
      ++s.tombstones;
    } else {
      s.delta.Kill(it->second.index);
    }
    s.where.erase(it);
  }
  // Many removals leave a base full of tombstones: they count towards the merge threshold.
  if (s.delta.experts.size() + s.tombstones >= impl_->DeltaLimit()) impl_->ApplyMerge();
  return base::Status::Ok();
}

base::Result<std::vector<ExpertMatch>> Engine::Match(const MatchQuery& query) const {
  if (query.k < 1 || query.k > 1000) {
    return base::InvalidArgument("k must be between 1 and 1000", "k");
  }
  if (query.evidence_works < 0) {
    return base::InvalidArgument("evidence_works must not be negative", "evidence_works");
  }
  ASSIGN_OR_RETURN(CompiledFilters filters, CompileFilters(query.filters));
  ASSIGN_OR_RETURN(std::vector<text::QueryTerm> query_terms,
                   impl_->AnalyzeQuery(query.text, query.language));

  std::shared_lock lock(impl_->mutex);
  const PreparedQuery prepared = impl_->Prepare(query_terms);
  index::TopK top(static_cast<size_t>(query.k));
  const bool fused = impl_->LatentOn();
  if (fused) {
    impl_->MatchFused(prepared, filters, &top);
  } else {
    // The delta first: its results raise the threshold before the base is traversed.
    impl_->ScoreDelta(
        prepared, filters.HasAttributeFilters() || !filters.excluded.empty() ? &filters : nullptr,
        &top);
    impl_->ScoreBase(prepared, filters, &top);
  }
  const std::vector<index::ScoredDoc> best = top.TakeSorted();
  std::vector<RecordPtr> records;
  const State& s = *impl_->state;
  const size_t base_size = s.base->experts.size();
  for (const index::ScoredDoc& doc : best) {
    records.push_back(doc.doc < base_size ? s.base->experts[doc.doc]
                                          : s.delta.experts[doc.doc - base_size]);
  }
  lock.unlock();  // Records are immutable and shared: explanations need no lock.

  std::vector<ExpertMatch> matches;
  if (best.empty()) return matches;
  auto lease = impl_->analyzers.Acquire();
  std::vector<std::string> term_texts;
  for (const PreparedTerm& term : prepared.terms) term_texts.push_back(term.text);
  Highlighter highlighter(*lease, std::move(term_texts));
  const std::string query_words = query.evidence_works > 0 ? QueryWords(query.text) : "";
  for (size_t i = 0; i < best.size(); ++i) {
    ExpertMatch match;
    match.expert_id = records[i]->id;
    match.score = fused ? static_cast<double>(best[i].score)
                        : CalibratedScore(impl_->options.scoring,
                                          static_cast<double>(best[i].score) / prepared.norm);
    if (query.evidence_works > 0) {
      impl_->Explain(prepared, query_words, *records[i], query.evidence_works, highlighter, &match);
    }
    matches.push_back(std::move(match));
  }
  return matches;
}

base::Result<std::vector<PairScore>> Engine::ScorePairs(const std::string& text,
                                                        const std::vector<Id>& expert_ids) const {
  std::shared_ptr<const Impl::PairQuery> pair = impl_->FindPairQuery(text);
  std::vector<text::QueryTerm> query_terms;
  if (pair == nullptr) {
    ASSIGN_OR_RETURN(query_terms, impl_->AnalyzeQuery(text, ""));
  }
  std::vector<PairScore> scores(expert_ids.size());
  std::shared_lock lock(impl_->mutex);
  const State& s = *impl_->state;
  const bool fused = impl_->LatentOn();
  if (pair == nullptr || pair->version != impl_->version) {
    auto made = std::make_shared<Impl::PairQuery>();
    if (pair == nullptr) {
      made->terms = std::move(query_terms);
    } else {
      made->terms = pair->terms;
    }
    made->version = impl_->version;
    made->prepared = impl_->Prepare(made->terms);
    if (fused) {
      // The fusion anchor and query vector, as in Match (a top 1 suffices for the anchor).
      Impl::FusionSetup setup = impl_->PrepareFusion(made->prepared, CompiledFilters(), 1);
      made->best = setup.best;
      made->q = std::move(setup.q);
    }
    pair = made;
    impl_->KeepPairQuery(text, std::move(made));
  }
  const PreparedQuery& prepared = pair->prepared;
  auto display = [&](double raw, bool in_base, uint32_t index) {
    if (!fused) return CalibratedScore(impl_->options.scoring, raw / prepared.norm);
    const float cosine = impl_->Cosine(pair->q, in_base ? s.base_latent : s.delta_latent, index);
    return static_cast<double>(
        static_cast<float>(impl_->Fused(raw, prepared.norm, pair->best, cosine)));
  };
  // Base experts are scored from the same quantised lists Match reads, so the scores are
  // identical; the cursors move forward only, hence the sort by ordinal.
  std::vector<std::pair<uint32_t, size_t>> in_base;
  for (size_t i = 0; i < expert_ids.size(); ++i) {
    scores[i].expert_id = expert_ids[i];
    auto it = s.where.find(expert_ids[i]);
    if (it == s.where.end()) continue;
    if (it->second.in_base) {
      in_base.emplace_back(it->second.index, i);
      continue;
    }
    float raw = 0;
    const uint32_t slot = it->second.index;
    for (size_t t = 0; t < prepared.known; ++t) {
      auto list = s.delta.postings.find(prepared.terms[t].id);
      if (list == s.delta.postings.end()) continue;
      // Slots are appended in order, so each list is sorted by slot.
      auto posting = std::lower_bound(
          list->second.begin(), list->second.end(), slot,
          [](const internal::DeltaPosting& p, uint32_t value) { return p.slot < value; });
      if (posting != list->second.end() && posting->slot == slot) {
        raw += prepared.terms[t].weight * posting->evidence;
      }
    }
    scores[i].score = display(raw, false, slot);
  }
  std::sort(in_base.begin(), in_base.end());
  std::vector<uint32_t> ordinals;
  for (const auto& entry : in_base) ordinals.push_back(entry.first);
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
  const std::vector<float> raw = impl_->BaseRawScores(prepared, ordinals);
  for (const auto& [ordinal, i] : in_base) {
    const size_t at =
        std::lower_bound(ordinals.begin(), ordinals.end(), ordinal) - ordinals.begin();
    scores[i].score = display(raw[at], true, ordinal);
  }
  return scores;
}

EngineStats Engine::Stats() const {
  std::shared_lock lock(impl_->mutex);
  const State& s = *impl_->state;
  EngineStats stats;
  stats.experts = static_cast<int64_t>(s.where.size());
  stats.works = s.lengths.works;
  stats.terms = std::count_if(s.df.begin(), s.df.end(), [](int32_t df) { return df > 0; });
  stats.postings = static_cast<int64_t>(s.base->postings.num_postings() + s.delta.num_postings);
  stats.posting_bytes = static_cast<int64_t>(s.base->postings.bytes());
  stats.forward_bytes = static_cast<int64_t>(s.base->ForwardBytes());
  stats.delta_experts = static_cast<int64_t>(s.delta.live);
  stats.last_build = impl_->last_build;
  return stats;
}

}  // namespace ketnoi::rank

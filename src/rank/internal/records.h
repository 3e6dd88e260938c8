// Internal: what the engine keeps per expert, and how an ExpertInput becomes that.
//
// Indexing is two-phase, because BM25F impacts need collection statistics (average field
// lengths) that are only known once every expert is analysed:
//   1. AnalyzeExpert: text -> per-document term frequencies per field, with terms numbered
//      in a LocalDictionary (one per analysing thread; no shared state, no locks).
//   2. MakeRecord: term frequencies + collection statistics -> 8-bit work impacts over
//      global term ids: the ExpertRecord, immutable from then on.
// An ExpertRecord is the source of truth from which segments are (re)built: expert-level
// evidence is recomputed from its work impacts, so merges need no re-analysis.
//
// Thread safety: AnalyzedExpert and LocalDictionary are single-thread values; an
// ExpertRecord is immutable and shared (shared_ptr<const>) between segments and threads.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "rank/engine.h"
#include "rank/latent.h"
#include "rank/scoring.h"
#include "text/analyzer.h"
#include "text/term_dictionary.h"

namespace ketnoi::rank::internal {

// Terms numbered in order of first sight (one per analysing thread).
using LocalDictionary = text::TermDictionary;

struct WorkMeta {
  Id id = 0;
  int year = 0;
  float weight = 0;  // WorkWeight.
  text::Language language = text::Language::kUnknown;
};

// A date as YYYYMMDD.
struct DateRange {
  int32_t from = 0;
  int32_t to = 99999999;
};

// The attributes filters test.
struct ExpertAttributes {
  std::string country;
  std::vector<Id> chapter_ids;
  std::vector<std::string> languages;
  std::vector<Id> group_ids;
  std::vector<model::EngagementMode> engagement_modes;
  std::vector<DateRange> availability;
};

// Per-field term frequencies packed in one byte, the common case of a term seen in one field
// fewer than 64 times: field << 6 | tf. 0 means the frequencies are in a side list.
inline constexpr uint8_t kWideTf = 0;

// Parses "YYYY-MM-DD" to YYYYMMDD. Empty gives `empty_value`.
base::Result<int32_t> ParseDate(std::string_view date, int32_t empty_value);

// Sums of field lengths, for average field lengths.
struct LengthStats {
  int64_t works = 0;
  std::array<double, kNumWorkFields> work_length{};
  int64_t profiles = 0;  // Non-empty profiles.
  std::array<double, kNumProfileFields> profile_length{};

  float AverageWork(int field) const {
    return works > 0 ? static_cast<float>(work_length[field] / works) : 0.0f;
  }
  float AverageProfile(int field) const {
    return profiles > 0 ? static_cast<float>(profile_length[field] / profiles) : 0.0f;
  }
};

struct ExpertRecord {
  Id id = 0;
  std::string name;
  ExpertAttributes attributes;
  struct Work {
    WorkMeta meta;
    uint32_t terms_begin = 0, terms_end = 0;                      // Range of terms/impacts.
    uint32_t title_begin = 0, title_size = 0, abstract_size = 0;  // In `text`; abstract
                                                                  // follows the title.
    std::array<uint32_t, kNumWorkFields> length{};
  };
  std::vector<Work> works;
  // Forward data: per work (and the profile, last), its distinct terms (global ids, in the
  // order the analysis met them) and their quantised impacts. Kept for explanations and for
  // rebuilding segments; nothing needs a document's terms sorted, so they are not.
  std::vector<uint32_t> terms;
  std::vector<uint8_t> impacts;
  uint32_t profile_begin = 0;  // Profile terms are [profile_begin, terms.size()).
  std::array<uint32_t, kNumProfileFields> profile_length{};
  std::string text;  // Titles and abstracts, concatenated; empty unless kept (keep_text).
  double total_weight = 0;

  std::string_view Title(const Work& work) const {
    return std::string_view(text).substr(work.title_begin, work.title_size);
  }
  std::string_view Abstract(const Work& work) const {
    return std::string_view(text).substr(work.title_begin + work.title_size, work.abstract_size);
  }
  bool HasProfile() const { return profile_length[kSkills] + profile_length[kBio] > 0; }
};

// An analysed expert waiting for collection statistics: the record it will become, except
// that `record.terms` hold local dictionary ids and `record.impacts` packed term frequencies
// (see kWideTf), each document's terms unique but unsorted. Kept this compact (5 bytes per
// distinct term of a work, plus the text the record keeps anyway) because BuildAll holds
// every expert in this form until the statistics are known.
struct AnalyzedExpert {
  struct WideTf {
    uint32_t entry = 0;  // Index in record.terms.
    std::array<uint8_t, 4> tf{};
  };
  std::unique_ptr<ExpertRecord> record;
  std::vector<WideTf> wide;  // Entries whose packed byte is kWideTf, in entry order.
  Id id() const;
};

// The analyses of works that several experts share, kept by one analysing thread so that
// it analyses each such work once: a co-author's record copies the terms and frequencies
// found for the first author. A shared work is one whose WorkInput::id more than one input
// names. The same id stands for the same work; as a guard, a work whose parts (title,
// keywords, abstract, venue, language) differ in size from those first analysed under its id
// is analysed again.
// In a registry every author of a co-authored work is an expert, so a bulk import of works
// of n registered authors analyses each 1 time rather than n.
class SharedWorkAnalyses {
 public:
  // `shared`: the ids more than one input names; must outlive this.
  explicit SharedWorkAnalyses(const std::unordered_set<Id>* shared) : shared_(shared) {}

  // The ids of the works named by more than one of `inputs`' visible works.
  static std::unordered_set<Id> SharedIds(const std::vector<ExpertInput>& inputs);

  // Appends the kept analysis of `work` to a pending record (`wide` entries offset to
  // `terms`' end) and returns its field lengths; nullopt when there is none.
  std::optional<std::array<uint32_t, kNumWorkFields>> Reuse(
      const WorkInput& work, std::vector<uint32_t>& terms, std::vector<uint8_t>& impacts,
      std::vector<AnalyzedExpert::WideTf>& wide) const;
  // Keeps the analysis of `work`, if it is shared, found by AnalyzeExpert: its entries
  // are terms[begin..] and impacts[begin..], and its wide ones wide[wide_begin..].
  void Keep(const WorkInput& work, const std::vector<uint32_t>& terms,
            const std::vector<uint8_t>& impacts, const std::vector<AnalyzedExpert::WideTf>& wide,
            uint32_t begin, size_t wide_begin, const std::array<uint32_t, kNumWorkFields>& length);

 private:
  struct Analysis {
    uint64_t fingerprint = 0;  // Of the parts' sizes.
    uint32_t terms_begin = 0, terms_end = 0;
    uint32_t wide_begin = 0, wide_end = 0;
    std::array<uint32_t, kNumWorkFields> length{};
  };
  static uint64_t Fingerprint(const WorkInput& work);

  const std::unordered_set<Id>* shared_;
  std::unordered_map<Id, Analysis> analyses_;
  std::vector<uint32_t> terms_;
  std::vector<uint8_t> impacts_;
  std::vector<AnalyzedExpert::WideTf> wide_;  // Entries relative to the work's first term.
};

// Phase 1. With `keep_text`, the works' titles and abstracts are copied into the record's
// text; `input`'s works are released either way. With `shared`, the works it keeps are not
// analysed again, and the shared works analysed are kept in it.
// Errors: InvalidArgument naming the expert (and work) whose text is not UTF-8 or whose
// availability dates are malformed.
base::Result<AnalyzedExpert> AnalyzeExpert(text::Analyzer& analyzer, ExpertInput& input,
                                           const ScoringParams& params, int current_year,
                                           bool keep_text, LocalDictionary& dictionary,
                                           SharedWorkAnalyses* shared = nullptr);

// Adds (sign +1) or removes (-1) an expert's documents to length statistics and df.
void AccountLengths(const AnalyzedExpert& expert, LengthStats* stats);
void AccountLengths(const ExpertRecord& record, int sign, LengthStats* stats);
void AccountDf(const ExpertRecord& record, int sign, std::vector<int32_t>* df);

// An analysed expert's works as documents for the latent space (rank/latent.h): bags of
// term ids mapped by `global_ids` as in MakeRecord, one per work in `record.works` order, of
// its title, keywords and abstract (the venue says where, not what). Counts are the
// analysis' term frequencies, so the space needs no analysis of its own.
std::vector<TermCounts> LatentWorkDocuments(const AnalyzedExpert& analyzed,
                                            const std::vector<uint32_t>* global_ids);
// The same documents one at a time: calls `each` with every work and its bag, in
// `record.works` order (the bag is only valid during the call), without holding them all.
void ForEachLatentWorkDocument(
    const AnalyzedExpert& analyzed, const std::vector<uint32_t>* global_ids,
    const std::function<void(const ExpertRecord::Work&, const TermCounts&)>& each);

// Sorts `keys` (term << 8 | code, the terms distinct and below 2^term_bits) in increasing
// order: by LSD radix sort on the term from a few dozen keys on (an expert's forward list),
// where it costs a fraction of a comparison sort, whose branches on random term ids are
// mispredicted half the time; `buffer` is scratch.
void SortByTerm(std::vector<uint64_t>& keys, std::vector<uint64_t>& buffer, int term_bits);

// Phase 2: `global_ids[local id]` maps the analysis dictionary to engine term ids; null
// when they are the same.
ExpertRecord MakeRecord(AnalyzedExpert analyzed, const std::vector<uint32_t>* global_ids,
                        const LengthStats& stats, const ScoringParams& params);

}  // namespace ketnoi::rank::internal

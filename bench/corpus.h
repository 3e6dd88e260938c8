// Synthetic corpus for the engine benchmark: experts with works whose words follow Zipf
// distributions within topics, in English-like and Vietnamese-like text, and queries drawn
// from the same topics.
//
// The model, per expert:
//   - 1..3 topics out of `topics`; each topic owns a word list (English-like words and
//     Vietnamese two-syllable compounds, picked from shared domain pools, so topics overlap
//     a little as real fields do) whose frequencies follow Zipf's law by rank;
//   - 20..60 works, each in English or Vietnamese, with a main topic taken from the
//     expert's topics; every token is drawn from the main topic (`topic_share`), another of
//     the expert's topics, or a shared background Zipf distribution. Vietnamese works also
//     carry a few English technical words, as real ones do;
//   - a title of 8..15 tokens, mostly topic words, and an abstract of sentences, so that a
//     work has 150..300 tokens in all.
// Vietnamese syllables are built from inventories of onsets, rhymes and the six tones, in
// precomposed (NFC) UTF-8. There are no stop words, in either language, so that engines
// which keep them and engines which drop them see the same text.
//
// Everything is a pure function of (options, index): expert i is the same whichever order
// or thread asks for it, so a corpus of 200k experts can be streamed into a peer engine
// without being held in memory, and generated in parallel.
//
// Thread safety: a CorpusGenerator is immutable after construction; all const methods may
// be called concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ketnoi::bench {

enum class SynthLanguage { kEnglish, kVietnamese };

// "en" or "vi".
const char* SynthLanguageCode(SynthLanguage language);

struct SynthWork {
  int64_t id = 0;  // 1-based; contiguous per expert, in expert order.
  std::string title;
  std::string abstract;
  SynthLanguage language = SynthLanguage::kEnglish;
  int year = 0;
  int author_position = 0;
  int author_count = 1;
  int topic = 0;  // The main topic.
};

struct SynthExpert {
  int64_t id = 0;       // index + 1.
  std::string country;  // "C0".."C9": index % countries, so each country holds 1/10.
  std::vector<int> topics;
  std::vector<SynthWork> works;
};

struct SynthQuery {
  std::string text;
  SynthLanguage language = SynthLanguage::kEnglish;
  int topic = 0;
};

struct CorpusOptions {
  int64_t experts = 10000;
  uint64_t seed = 42;
  int topics = 200;
  int min_topics_per_expert = 1;
  int max_topics_per_expert = 3;
  int min_works = 20;
  int max_works = 60;
  int min_work_tokens = 150;  // Title and abstract together.
  int max_work_tokens = 300;
  int min_title_tokens = 8;
  int max_title_tokens = 15;
  int topic_words_english = 400;     // Per topic.
  int topic_words_vietnamese = 300;  // Per topic.
  int domain_pool_english = 40000;   // Topic words are picked from these pools.
  int domain_pool_vietnamese = 20000;
  int background_english = 20000;
  int background_vietnamese = 8000;
  double topic_share = 0.65;            // Tokens from the work's main topic.
  double other_topic_share = 0.10;      // Tokens from the expert's other topics.
  double english_in_vietnamese = 0.05;  // English topic words inside Vietnamese works.
  double vietnamese_share = 0.3;        // Works written in Vietnamese.
  double zipf_exponent = 1.0;
  int countries = 10;
};

class CorpusGenerator {
 public:
  // Builds the vocabularies and the per-expert work counts (O(experts), fast).
  // REQUIRES: options are consistent (min <= max, pools larger than per-topic lists).
  explicit CorpusGenerator(const CorpusOptions& options);
  ~CorpusGenerator();
  CorpusGenerator(const CorpusGenerator&) = delete;
  CorpusGenerator& operator=(const CorpusGenerator&) = delete;

  const CorpusOptions& options() const { return options_; }
  int64_t expert_count() const { return options_.experts; }
  int64_t work_count() const { return work_offsets_.back(); }

  // The 0-based index of the expert who wrote work `work_id`, or -1 if out of range.
  int64_t ExpertOfWork(int64_t work_id) const;

  // Expert `index` (0-based) with all their works. REQUIRES: 0 <= index < expert_count().
  SynthExpert Expert(int64_t index) const;
  // Experts [begin, end), generated on `threads` threads, in order.
  std::vector<SynthExpert> Experts(int64_t begin, int64_t end, int threads) const;

  // `count` queries of 2..4 distinct topic words (a typed search).
  std::vector<SynthQuery> ShortQueries(int count, uint64_t seed) const;
  // `count` queries of 20..60 words, mostly from one topic (a problem statement).
  std::vector<SynthQuery> LongQueries(int count, uint64_t seed) const;

  // The country code of expert `index` ("C0".."C9").
  std::string CountryOf(int64_t index) const;

 private:
  struct Vocabulary;

  CorpusOptions options_;
  std::vector<int64_t> work_offsets_;  // Work ids of expert i are (offsets[i], offsets[i+1]].
  std::unique_ptr<Vocabulary> vocabulary_;
};

}  // namespace ketnoi::bench

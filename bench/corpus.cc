#include "bench/corpus.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>

namespace ketnoi::bench {
namespace {

// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014): tiny, fast, and good enough for sampling; seeding one per expert is what
// makes every expert independent of generation order.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), by Lemire's multiply-shift (bias < n / 2^64, irrelevant here).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [low, high].
  int Between(int low, int high) { return low + static_cast<int>(Below(high - low + 1)); }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

uint64_t Mix(uint64_t seed, uint64_t stream) {
  Rng rng(seed ^ (stream * 0xd1342543de82ef95ULL));
  return rng.Next();
}

// Walker's alias method, as built by Vose ("A linear algorithm for generating random
// numbers with a given distribution", IEEE TSE 1991): O(1) per sample.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights) {
    const size_t n = weights.size();
    probability_.resize(n);
    alias_.resize(n);
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small;
    std::vector<uint32_t> large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back();
      small.pop_back();
      const uint32_t l = large.back();
      probability_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (uint32_t i : large) probability_[i] = 1.0;
    for (uint32_t i : small) probability_[i] = 1.0;  // Rounding leftovers.
  }

  uint32_t Sample(Rng& rng) const {
    const uint32_t column = rng.Below(static_cast<uint32_t>(probability_.size()));
    return rng.Uniform() < probability_[column] ? column : alias_[column];
  }

 private:
  std::vector<double> probability_;
  std::vector<uint32_t> alias_;
};

// Zipf's law over ranks 1..n: p(r) proportional to 1 / r^s.
AliasTable ZipfTable(int n, double exponent) {
  std::vector<double> weights(n);
  for (int r = 0; r < n; ++r) weights[r] = 1.0 / std::pow(r + 1.0, exponent);
  return AliasTable(weights);
}

// ---- English-like words: two to four syllables from small inventories. ----

constexpr std::string_view kEnglishOnsets[] = {
    "b", "c",  "d",  "f",  "g",  "h",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",
    "w", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th", "sc"};
constexpr std::string_view kEnglishVowels[] = {"a",  "e",  "i",  "o",  "u",  "ai",
                                               "ea", "io", "ou", "ee", "oa", "y"};
constexpr std::string_view kEnglishCodas[] = {"",  "",  "",   "n",  "r",  "l",  "s",
                                              "m", "x", "nt", "st", "ck", "rd", "ng"};
// Stop words of five letters or more that the syllables could spell; shorter words are
// never generated.
constexpr std::string_view kEnglishStopWords[] = {
    "about", "above",   "after",  "again",   "against",  "because", "before", "being",
    "below", "between", "during", "further", "having",   "other",   "should", "their",
    "there", "these",   "those",  "through", "under",    "until",   "where",  "which",
    "while", "would",   "itself", "myself",  "yourself", "herself", "himself"};

std::string EnglishWord(Rng& rng) {
  std::string word;
  // Mostly two syllables, a quarter three: 5 to 12 letters, 8 on average.
  const int syllables = rng.Below(4) == 0 ? 3 : 2;
  for (int i = 0; i < syllables; ++i) {
    word += kEnglishOnsets[rng.Below(std::size(kEnglishOnsets))];
    word += kEnglishVowels[rng.Below(std::size(kEnglishVowels))];
    if (i + 1 == syllables || rng.Below(4) == 0) {
      word += kEnglishCodas[rng.Below(std::size(kEnglishCodas))];
    }
  }
  return word;
}

// `count` distinct English-like words of five letters or more.
std::vector<std::string> EnglishWords(int count, Rng& rng, std::unordered_set<std::string>& seen) {
  std::vector<std::string> words;
  words.reserve(count);
  while (static_cast<int>(words.size()) < count) {
    std::string word = EnglishWord(rng);
    if (word.size() < 5) continue;
    if (std::find(std::begin(kEnglishStopWords), std::end(kEnglishStopWords), word) !=
        std::end(kEnglishStopWords)) {
      continue;
    }
    if (!seen.insert(word).second) continue;
    words.push_back(std::move(word));
  }
  return words;
}

// ---- Vietnamese-like syllables: onset + rhyme + tone, precomposed. ----

constexpr std::string_view kVietnameseOnsets[] = {
    "",  "b",  "c",   "ch", "d",  "đ",  "g", "gh", "gi", "h",  "k",  "kh", "l", "m",
    "n", "ng", "ngh", "nh", "ph", "qu", "r", "s",  "t",  "th", "tr", "v",  "x"};

// Rhymes; '*' follows the vowel that carries the tone mark.
constexpr std::string_view kVietnameseRhymes[] = {
    "a*",    "a*i",   "a*o",   "a*u",  "a*y",  "a*m",   "a*n",  "a*ng",  "a*nh",  "a*c",  "a*ch",
    "a*t",   "a*p",   "ă*m",   "ă*n",  "ă*ng", "ă*c",   "ă*t",  "ă*p",   "â*m",   "â*n",  "â*ng",
    "â*u",   "â*y",   "â*c",   "â*t",  "â*p",  "e*",    "e*m",  "e*n",   "e*o",   "e*c",  "e*t",
    "e*p",   "ê*",    "ê*m",   "ê*n",  "ê*nh", "ê*u",   "ê*ch", "ê*t",   "i*",    "i*a",  "i*m",
    "i*n",   "i*nh",  "i*u",   "i*ch", "i*t",  "i*p",   "iê*m", "iê*n",  "iê*ng", "iê*u", "iê*c",
    "iê*t",  "o*",    "o*i",   "o*m",  "o*n",  "o*ng",  "o*c",  "o*t",   "o*p",   "oa*",  "oa*i",
    "oa*n",  "oa*ng", "oa*nh", "oa*c", "oa*t", "oă*n",  "oă*c", "oe*",   "oe*n",  "ô*",   "ô*i",
    "ô*m",   "ô*n",   "ô*ng",  "ô*c",  "ô*t",  "ô*p",   "ơ*",   "ơ*i",   "ơ*m",   "ơ*n",  "ơ*t",
    "ơ*p",   "u*",    "u*a",   "u*i",  "u*m",  "u*n",   "u*ng", "u*c",   "u*t",   "u*p",  "uâ*n",
    "uâ*t",  "uê*",   "uê*nh", "uy*",  "uy*n", "uy*ch", "uy*t", "uyê*n", "uyê*t", "uô*i", "uô*n",
    "uô*ng", "uô*c",  "uô*t",  "ư*",   "ư*a",  "ư*i",   "ư*ng", "ư*c",   "ư*t",   "ư*u",  "ươ*i",
    "ươ*n",  "ươ*ng", "ươ*c",  "ươ*t", "ươ*u", "y*"};

// Each vowel in its six tones: level, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã),
// dot below (nặng).
struct TonedVowel {
  std::string_view base;
  std::string_view tones[6];
};
constexpr TonedVowel kTonedVowels[] = {
    {"a", {"a", "à", "á", "ả", "ã", "ạ"}}, {"ă", {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}},
    {"â", {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}}, {"e", {"e", "è", "é", "ẻ", "ẽ", "ẹ"}},
    {"ê", {"ê", "ề", "ế", "ể", "ễ", "ệ"}}, {"i", {"i", "ì", "í", "ỉ", "ĩ", "ị"}},
    {"o", {"o", "ò", "ó", "ỏ", "õ", "ọ"}}, {"ô", {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}},
    {"ơ", {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}}, {"u", {"u", "ù", "ú", "ủ", "ũ", "ụ"}},
    {"ư", {"ư", "ừ", "ứ", "ử", "ữ", "ự"}}, {"y", {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}},
};

bool StartsWithAny(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (text.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

// Whether the spelling rules of Vietnamese allow `onset` before `rhyme` (simplified).
bool OnsetFitsRhyme(std::string_view onset, std::string_view rhyme) {
  const bool front = StartsWithAny(rhyme, {"i", "e", "ê", "y"});
  if (onset == "k" || onset == "gh" || onset == "ngh") return front;
  if (onset == "c" || onset == "g" || onset == "ng") return !front;
  if (onset == "qu") return !StartsWithAny(rhyme, {"u", "o", "ô", "ư", "y"});
  if (onset == "gi") return !StartsWithAny(rhyme, {"i"});
  if (onset.empty()) return !StartsWithAny(rhyme, {"iê"});
  return true;
}

// `rhyme` with its marked vowel in `tone` (0..5), e.g. ("ươ*ng", 2) -> "ướng".
std::string ApplyTone(std::string_view rhyme, int tone) {
  const size_t star = rhyme.find('*');
  assert(star != std::string_view::npos);
  size_t start = star - 1;
  while (start > 0 && (static_cast<unsigned char>(rhyme[start]) & 0xC0) == 0x80) --start;
  const std::string_view vowel = rhyme.substr(start, star - start);
  std::string result(rhyme.substr(0, start));
  for (const TonedVowel& toned : kTonedVowels) {
    if (toned.base == vowel) {
      result += toned.tones[tone];
      break;
    }
  }
  result += rhyme.substr(star + 1);
  return result;
}

// Every syllable the inventories allow, in a seeded random order (so that the Zipf rank of
// a syllable does not follow the alphabet).
std::vector<std::string> VietnameseSyllables(Rng& rng) {
  std::vector<std::string> syllables;
  for (std::string_view onset : kVietnameseOnsets) {
    for (std::string_view rhyme : kVietnameseRhymes) {
      if (!OnsetFitsRhyme(onset, rhyme)) continue;
      const char last = rhyme.back();
      const bool checked = last == 'p' || last == 't' || last == 'c' || rhyme.ends_with("ch");
      for (int tone = 0; tone < 6; ++tone) {
        // Syllables closed by p, t, c, ch take only the acute and dot-below tones.
        if (checked && tone != 2 && tone != 5) continue;
        syllables.push_back(std::string(onset) + ApplyTone(rhyme, tone));
      }
    }
  }
  for (size_t i = syllables.size(); i > 1; --i) {
    std::swap(syllables[i - 1], syllables[rng.Below(static_cast<uint32_t>(i))]);
  }
  return syllables;
}

// `count` distinct two-syllable compounds ("bán dẫn"), syllables drawn by Zipf's law so
// that frequent syllables recur across many compounds, as "học" and "công" do.
std::vector<std::string> VietnameseCompounds(int count, const std::vector<std::string>& syllables,
                                             const AliasTable& syllable_zipf, Rng& rng,
                                             std::unordered_set<std::string>& seen) {
  std::vector<std::string> words;
  words.reserve(count);
  while (static_cast<int>(words.size()) < count) {
    const uint32_t first = syllable_zipf.Sample(rng);
    const uint32_t second = syllable_zipf.Sample(rng);
    if (first == second) continue;
    std::string word = syllables[first] + " " + syllables[second];
    if (!seen.insert(word).second) continue;
    words.push_back(std::move(word));
  }
  return words;
}

// `count` distinct entries of `pool`, in random order.
std::vector<uint32_t> PickDistinct(size_t pool, int count, Rng& rng) {
  std::unordered_set<uint32_t> chosen;
  std::vector<uint32_t> picked;
  picked.reserve(count);
  while (static_cast<int>(picked.size()) < count) {
    const uint32_t i = rng.Below(static_cast<uint32_t>(pool));
    if (chosen.insert(i).second) picked.push_back(i);
  }
  return picked;
}

}  // namespace

const char* SynthLanguageCode(SynthLanguage language) {
  return language == SynthLanguage::kVietnamese ? "vi" : "en";
}

// Word lists; ranks index the Zipf tables, which are shared by all lists of one size.
struct CorpusGenerator::Vocabulary {
  struct Topic {
    std::vector<const std::string*> english;     // By rank.
    std::vector<const std::string*> vietnamese;  // By rank.
  };
  std::vector<std::string> domain_english;
  std::vector<std::string> domain_vietnamese;
  std::vector<std::string> background_english;
  std::vector<std::string> background_vietnamese;
  std::vector<Topic> topics;
  AliasTable topic_english_zipf;
  AliasTable topic_vietnamese_zipf;
  AliasTable background_english_zipf;
  AliasTable background_vietnamese_zipf;

  const std::string& TopicWord(int topic, SynthLanguage language, Rng& rng) const {
    const Topic& t = topics[topic];
    return language == SynthLanguage::kVietnamese ? *t.vietnamese[topic_vietnamese_zipf.Sample(rng)]
                                                  : *t.english[topic_english_zipf.Sample(rng)];
  }
  const std::string& BackgroundWord(SynthLanguage language, Rng& rng) const {
    return language == SynthLanguage::kVietnamese
               ? background_vietnamese[background_vietnamese_zipf.Sample(rng)]
               : background_english[background_english_zipf.Sample(rng)];
  }
};

namespace {

// Appends `word` to `text`, with a space before it unless it starts the text, upper-casing
// an ASCII first letter when it starts a sentence.
void AppendWord(std::string& text, const std::string& word, bool sentence_start) {
  if (!text.empty()) text += ' ';
  const size_t at = text.size();
  text += word;
  if (sentence_start && text[at] >= 'a' && text[at] <= 'z') text[at] -= 'a' - 'A';
}

}  // namespace

CorpusGenerator::CorpusGenerator(const CorpusOptions& options)
    : options_(options), vocabulary_(std::make_unique<Vocabulary>()) {
  Rng rng(Mix(options_.seed, 0x766f636162ULL));
  Vocabulary& v = *vocabulary_;
  std::unordered_set<std::string> seen;
  v.domain_english = EnglishWords(options_.domain_pool_english, rng, seen);
  v.background_english = EnglishWords(options_.background_english, rng, seen);
  const std::vector<std::string> syllables = VietnameseSyllables(rng);
  const AliasTable syllable_zipf = ZipfTable(static_cast<int>(syllables.size()), 0.8);
  v.domain_vietnamese =
      VietnameseCompounds(options_.domain_pool_vietnamese, syllables, syllable_zipf, rng, seen);
  v.background_vietnamese =
      VietnameseCompounds(options_.background_vietnamese, syllables, syllable_zipf, rng, seen);

  v.topics.resize(options_.topics);
  for (Vocabulary::Topic& topic : v.topics) {
    for (uint32_t i : PickDistinct(v.domain_english.size(), options_.topic_words_english, rng)) {
      topic.english.push_back(&v.domain_english[i]);
    }
    for (uint32_t i :
         PickDistinct(v.domain_vietnamese.size(), options_.topic_words_vietnamese, rng)) {
      topic.vietnamese.push_back(&v.domain_vietnamese[i]);
    }
  }
  v.topic_english_zipf = ZipfTable(options_.topic_words_english, options_.zipf_exponent);
  v.topic_vietnamese_zipf = ZipfTable(options_.topic_words_vietnamese, options_.zipf_exponent);
  v.background_english_zipf = ZipfTable(options_.background_english, options_.zipf_exponent);
  v.background_vietnamese_zipf = ZipfTable(options_.background_vietnamese, options_.zipf_exponent);

  // The number of works is the first draw of each expert's generator, so it can be known
  // here without generating the works.
  work_offsets_.resize(options_.experts + 1);
  work_offsets_[0] = 0;
  for (int64_t i = 0; i < options_.experts; ++i) {
    Rng expert_rng(Mix(options_.seed, static_cast<uint64_t>(i) + 1));
    work_offsets_[i + 1] =
        work_offsets_[i] + expert_rng.Between(options_.min_works, options_.max_works);
  }
}

CorpusGenerator::~CorpusGenerator() = default;

int64_t CorpusGenerator::ExpertOfWork(int64_t work_id) const {
  if (work_id < 1 || work_id > work_count()) return -1;
  // The first offset >= work_id closes the expert's range.
  const auto it = std::lower_bound(work_offsets_.begin() + 1, work_offsets_.end(), work_id);
  return (it - work_offsets_.begin()) - 1;
}

std::string CorpusGenerator::CountryOf(int64_t index) const {
  std::string country = "C";
  country += std::to_string(index % options_.countries);
  return country;
}

SynthExpert CorpusGenerator::Expert(int64_t index) const {
  const Vocabulary& v = *vocabulary_;
  const CorpusOptions& o = options_;
  Rng rng(Mix(o.seed, static_cast<uint64_t>(index) + 1));
  const int work_total = rng.Between(o.min_works, o.max_works);

  SynthExpert expert;
  expert.id = index + 1;
  expert.country = CountryOf(index);
  const int topic_count = rng.Between(o.min_topics_per_expert, o.max_topics_per_expert);
  for (uint32_t t : PickDistinct(o.topics, topic_count, rng)) {
    expert.topics.push_back(static_cast<int>(t));
  }

  expert.works.resize(work_total);
  int64_t next_id = work_offsets_[index] + 1;
  for (SynthWork& work : expert.works) {
    work.id = next_id++;
    work.language =
        rng.Uniform() < o.vietnamese_share ? SynthLanguage::kVietnamese : SynthLanguage::kEnglish;
    work.topic = expert.topics[rng.Below(topic_count)];
    work.year = rng.Between(1995, 2025);
    work.author_count = rng.Between(1, 8);
    work.author_position = rng.Between(0, work.author_count - 1);
    const bool vietnamese = work.language == SynthLanguage::kVietnamese;

    // A topic word of the work's language, or now and then an English term in Vietnamese.
    auto topic_word = [&](int topic) -> const std::string& {
      if (vietnamese && rng.Uniform() < o.english_in_vietnamese) {
        return v.TopicWord(topic, SynthLanguage::kEnglish, rng);
      }
      return v.TopicWord(topic, work.language, rng);
    };
    auto any_word = [&]() -> const std::string& {
      const double u = rng.Uniform();
      if (u < o.topic_share) return topic_word(work.topic);
      if (u < o.topic_share + o.other_topic_share) {
        return topic_word(expert.topics[rng.Below(topic_count)]);
      }
      return v.BackgroundWord(work.language, rng);
    };

    const int tokens = rng.Between(o.min_work_tokens, o.max_work_tokens);
    const int title_tokens = rng.Between(o.min_title_tokens, o.max_title_tokens);
    work.title.reserve(title_tokens * 10);
    for (int i = 0; i < title_tokens; ++i) {
      const std::string& word =
          rng.Uniform() < 0.85 ? topic_word(work.topic) : v.BackgroundWord(work.language, rng);
      AppendWord(work.title, word, i == 0);
    }
    const int abstract_tokens = tokens - title_tokens;
    work.abstract.reserve(abstract_tokens * 10);
    int sentence_left = 0;
    for (int i = 0; i < abstract_tokens; ++i) {
      const bool start = sentence_left == 0;
      if (start) sentence_left = rng.Between(8, 20);
      AppendWord(work.abstract, any_word(), start);
      --sentence_left;
      if (sentence_left == 0 || i + 1 == abstract_tokens) {
        work.abstract += '.';
        sentence_left = 0;
      } else if (rng.Below(12) == 0) {
        work.abstract += ',';
      }
    }
  }
  return expert;
}

std::vector<SynthExpert> CorpusGenerator::Experts(int64_t begin, int64_t end, int threads) const {
  std::vector<SynthExpert> experts(end - begin);
  threads = std::max(1, threads);
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // Interleaved, so that both threads get a fair share of large and small experts.
      for (int64_t i = begin + t; i < end; i += threads) experts[i - begin] = Expert(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
  return experts;
}

std::vector<SynthQuery> CorpusGenerator::ShortQueries(int count, uint64_t seed) const {
  std::vector<SynthQuery> queries(count);
  for (int q = 0; q < count; ++q) {
    Rng rng(Mix(seed, 0x73686f7274000000ULL + q));
    SynthQuery& query = queries[q];
    query.topic = static_cast<int>(rng.Below(options_.topics));
    query.language = rng.Uniform() < options_.vietnamese_share ? SynthLanguage::kVietnamese
                                                               : SynthLanguage::kEnglish;
    const int terms = rng.Between(2, 4);
    std::vector<const std::string*> chosen;
    while (static_cast<int>(chosen.size()) < terms) {
      const std::string* word = &vocabulary_->TopicWord(query.topic, query.language, rng);
      if (std::find(chosen.begin(), chosen.end(), word) == chosen.end()) chosen.push_back(word);
    }
    for (const std::string* word : chosen) AppendWord(query.text, *word, false);
  }
  return queries;
}

std::vector<SynthQuery> CorpusGenerator::LongQueries(int count, uint64_t seed) const {
  std::vector<SynthQuery> queries(count);
  for (int q = 0; q < count; ++q) {
    Rng rng(Mix(seed, 0x6c6f6e6700000000ULL + q));
    SynthQuery& query = queries[q];
    query.topic = static_cast<int>(rng.Below(options_.topics));
    query.language = rng.Uniform() < options_.vietnamese_share ? SynthLanguage::kVietnamese
                                                               : SynthLanguage::kEnglish;
    const int terms = rng.Between(20, 60);
    int sentence_left = 0;
    for (int i = 0; i < terms; ++i) {
      const bool start = sentence_left == 0;
      if (start) sentence_left = rng.Between(8, 20);
      const std::string& word = rng.Uniform() < 0.75
                                    ? vocabulary_->TopicWord(query.topic, query.language, rng)
                                    : vocabulary_->BackgroundWord(query.language, rng);
      AppendWord(query.text, word, start);
      if (--sentence_left == 0 || i + 1 == terms) {
        query.text += '.';
        sentence_left = 0;
      }
    }
  }
  return queries;
}

}  // namespace ketnoi::bench

#include "rank/internal/segment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace ketnoi::rank::internal {
namespace {

TEST(ImpactCodeTest, TheLargestTakesTheTopCodeAndTheTinyTheLowest) {
  EXPECT_EQ(ImpactCode(3.5f, 3.5f), kTopImpactCode);
  EXPECT_EQ(ImpactCode(1e-9f, 3.5f), 1);
  const std::array<float, 256> values = ImpactCodeValues();
  EXPECT_EQ(values[0], 0.0f);
  EXPECT_FLOAT_EQ(values[kTopImpactCode], 1.0f);
  EXPECT_NEAR(values[1], std::exp2(-kImpactOctaves), 1e-6);
}

TEST(ImpactCodeTest, CountsTheBoundsAtOrBelowTheRatio) {
  // The bounds as ImpactCode defines them, and the code a search with std::upper_bound
  // gives, for values around every bound (the float next to it on either side, and on it)
  // and spread over the whole range.
  std::vector<double> bounds;
  for (int code = 1; code < kTopImpactCode; ++code) {
    bounds.push_back(
        std::exp2((code + 0.5 - kTopImpactCode) * kImpactOctaves / (kTopImpactCode - 1)));
  }
  auto expected = [&](float value, float max) {
    const double ratio = static_cast<double>(value) / max;
    return 1 + (std::upper_bound(bounds.begin(), bounds.end(), ratio) - bounds.begin());
  };
  std::vector<float> values = {0.0f, 1e-30f, 1.0f};
  for (double bound : bounds) {
    const auto at = static_cast<float>(bound);
    values.insert(values.end(), {at, std::nextafter(at, 0.0f), std::nextafter(at, 2.0f)});
  }
  // Where ImpactCode's look-up table changes cells: every 1/256 of an octave.
  for (int octave = -kImpactOctaves - 2; octave <= 0; ++octave) {
    for (int step = 0; step < 256; ++step) {
      const auto at = static_cast<float>(std::exp2(octave) * (1.0 + step / 256.0));
      values.insert(values.end(), {at, std::nextafter(at, 0.0f), std::nextafter(at, 2.0f)});
    }
  }
  // Not ratios in (0, 1]: a value above the maximum, and a zero maximum.
  EXPECT_EQ(ImpactCode(2.0f, 1.0f), kTopImpactCode);
  EXPECT_EQ(ImpactCode(1.0f, 0.0f), kTopImpactCode);
  EXPECT_EQ(ImpactCode(0.0f, 0.0f), expected(0.0f, 0.0f));
  std::mt19937 random(11);
  std::uniform_real_distribution<double> exponent(-kImpactOctaves - 2, 0.0);
  for (int i = 0; i < 10000; ++i) values.push_back(static_cast<float>(std::exp2(exponent(random))));
  for (float value : values) ASSERT_EQ(ImpactCode(value, 1.0f), expected(value, 1.0f)) << value;
  for (float value : values) {
    const float max = 3.7f;
    const float scaled = std::min(max, value * max);
    ASSERT_EQ(ImpactCode(scaled, max), expected(scaled, max)) << scaled;
  }
}

TEST(ImpactCodeTest, CodesAreMonotoneAndWithinHalfAStep) {
  const std::array<float, 256> values = ImpactCodeValues();
  for (int code = 2; code <= kTopImpactCode; ++code) EXPECT_GT(values[code], values[code - 1]);
  const double half_step = std::exp2(0.5 * kImpactOctaves / (kTopImpactCode - 1));
  const float max = 0.37f;
  int previous = 0;
  for (double ratio = std::exp2(-kImpactOctaves); ratio <= 1.0; ratio *= 1.01) {
    const float value = static_cast<float>(max * ratio);
    const int code = ImpactCode(value, max);
    ASSERT_GE(code, previous) << ratio;
    previous = code;
    const double represented = max * values[code];
    EXPECT_LE(represented / value, half_step * (1 + 1e-5)) << ratio;
    EXPECT_GE(represented / value, 1 / half_step / (1 + 1e-5)) << ratio;
  }
}

// Records with random forward data: works of distinct sorted terms from a small vocabulary
// (so that lists span several posting blocks), random impacts and weights, and a profile.
std::vector<RecordPtr> RandomRecords(std::mt19937& rng, int experts, uint32_t vocabulary,
                                     int max_works = 6) {
  std::vector<RecordPtr> records;
  for (int e = 0; e < experts; ++e) {
    auto record = std::make_shared<ExpertRecord>();
    record->id = static_cast<Id>(e + 1);
    auto add_document = [&](size_t terms) {
      std::vector<uint32_t> ids;
      while (ids.size() < terms) ids.push_back(static_cast<uint32_t>(rng() % vocabulary));
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      for (uint32_t id : ids) {
        record->terms.push_back(id);
        record->impacts.push_back(static_cast<uint8_t>(rng() % 256));  // 0 included.
      }
    };
    const int works = 1 + static_cast<int>(rng() % max_works);
    for (int w = 0; w < works; ++w) {
      ExpertRecord::Work work;
      work.meta.weight = 0.25f + static_cast<float>(rng() % 100) / 50.0f;
      work.terms_begin = static_cast<uint32_t>(record->terms.size());
      add_document(5 + rng() % 40);
      work.terms_end = static_cast<uint32_t>(record->terms.size());
      record->total_weight += work.meta.weight;
      record->works.push_back(work);
    }
    record->profile_begin = static_cast<uint32_t>(record->terms.size());
    if (e % 3 != 0) add_document(3 + rng() % 10);
    records.push_back(std::move(record));
  }
  return records;
}

// Builds a base with and without forward lists and checks that each expert's forward list
// is sorted by term and holds exactly its postings.
void ExpectForwardListsMatchPostings(const std::vector<RecordPtr>& records, uint32_t vocabulary) {
  const ScoringParams params;
  auto with = BuildBase(records, vocabulary, params, /*threads=*/2, /*forward=*/true);
  auto without = BuildBase(records, vocabulary, params, /*threads=*/1, /*forward=*/false);
  EXPECT_FALSE(without->HasForward());
  ASSERT_TRUE(with->HasForward());
  EXPECT_EQ(with->postings.bytes(), without->postings.bytes());
  std::set<uint32_t> terms;
  for (const RecordPtr& record : records) terms.insert(record->terms.begin(), record->terms.end());
  // (expert, term) -> code, from the postings.
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> postings;
  for (uint32_t term : terms) {
    index::PostingCursor cursor(with->postings, term);
    for (; cursor.doc() != index::kEndDoc; cursor.Next()) {
      postings[{cursor.doc(), term}] = cursor.impact();
    }
  }
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> forward;
  for (uint32_t ordinal = 0; ordinal < records.size(); ++ordinal) {
    const uint64_t begin = with->forward_begin[ordinal];
    const uint64_t end = with->forward_begin[ordinal + 1];
    EXPECT_TRUE(std::is_sorted(with->forward_terms.begin() + static_cast<std::ptrdiff_t>(begin),
                               with->forward_terms.begin() + static_cast<std::ptrdiff_t>(end)));
    for (uint64_t i = begin; i < end; ++i) {
      EXPECT_GE(with->forward_codes[i], 1);  // A code is never 0 (ImpactCode).
      forward[{ordinal, with->forward_terms[i]}] = with->forward_codes[i];
    }
  }
  EXPECT_EQ(forward, postings);
  EXPECT_GT(with->ForwardBytes(), 5 * postings.size());
}

TEST(BuildBaseTest, ForwardListsHoldExactlyThePostingsOfEachExpert) {
  std::mt19937 rng(5);
  constexpr uint32_t kVocabulary = 300;
  ExpectForwardListsMatchPostings(RandomRecords(rng, 700, kVocabulary), kVocabulary);
}

TEST(BuildBaseTest, LongForwardListsAreSorted) {
  // Experts with thousands of terms, whose forward lists BuildBase radix-sorts.
  std::mt19937 rng(7);
  constexpr uint32_t kVocabulary = 5000;
  std::vector<RecordPtr> records = RandomRecords(rng, 40, kVocabulary, /*max_works=*/80);
  size_t longest = 0;
  for (const RecordPtr& record : records) longest = std::max(longest, record->terms.size());
  ASSERT_GT(longest, 1000u);
  ExpectForwardListsMatchPostings(records, kVocabulary);
}

TEST(BuildBaseTest, PostingListsDoNotDependOnTheRangesTheyAreBuiltIn) {
  // The posting lists are transposed from the forward lists a range of terms at a time:
  // ranges of one term (and of terms with more postings than a range holds), of a few
  // terms, and of all of them give the same index.
  std::mt19937 rng(13);
  constexpr uint32_t kVocabulary = 400;
  const std::vector<RecordPtr> records = RandomRecords(rng, 300, kVocabulary);
  const ScoringParams params;
  auto whole = BuildBase(records, kVocabulary, params, /*threads=*/1, /*forward=*/true);
  ASSERT_GT(whole->postings.num_postings(), 1000u);
  ASSERT_LT(whole->postings.num_postings(), kBuildRangePostings);  // One range.
  for (uint64_t range : {uint64_t{1}, uint64_t{7}, uint64_t{500}}) {
    auto ranged = BuildBase(records, kVocabulary, params, /*threads=*/2, /*forward=*/true, range);
    EXPECT_EQ(ranged->postings.num_postings(), whole->postings.num_postings()) << range;
    EXPECT_EQ(ranged->postings.bytes(), whole->postings.bytes()) << range;
    for (uint32_t term = 0; term < kVocabulary; ++term) {
      index::PostingCursor a(whole->postings, term);
      index::PostingCursor b(ranged->postings, term);
      for (; a.doc() != index::kEndDoc; a.Next(), b.Next()) {
        ASSERT_EQ(b.doc(), a.doc()) << "term " << term << ", range " << range;
        ASSERT_EQ(b.impact(), a.impact()) << "term " << term << ", range " << range;
      }
      EXPECT_EQ(b.doc(), index::kEndDoc) << "term " << term << ", range " << range;
    }
    EXPECT_EQ(ranged->forward_terms, whole->forward_terms);
    EXPECT_EQ(ranged->forward_codes, whole->forward_codes);
  }
}

TEST(SortByTermTest, SortsLikeAComparisonSort) {
  std::mt19937_64 rng(11);
  std::vector<uint64_t> buffer;
  for (int term_bits : {1, 8, 11, 12, 22, 23, 32}) {
    for (size_t n : {0, 1, 63, 64, 100, 1023, 1024, 3000}) {
      // Distinct terms below 2^term_bits (at most that many), each with a code.
      std::set<uint64_t> terms;
      const uint64_t limit = uint64_t{1} << term_bits;
      while (terms.size() < std::min<uint64_t>(n, limit)) terms.insert(rng() % limit);
      std::vector<uint64_t> keys;
      for (uint64_t term : terms) keys.push_back(term << 8 | (rng() % 256));
      std::shuffle(keys.begin(), keys.end(), rng);
      std::vector<uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      SortByTerm(keys, buffer, term_bits);
      EXPECT_EQ(keys, expected) << term_bits << " bits, " << n << " keys";
    }
  }
}

}  // namespace
}  // namespace ketnoi::rank::internal

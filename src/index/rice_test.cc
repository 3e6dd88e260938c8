#include "index/rice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace ketnoi::index {
namespace {

TEST(RiceTest, BitsNeeded) {
  EXPECT_EQ(BitsNeeded(0), 0);
  EXPECT_EQ(BitsNeeded(1), 1);
  EXPECT_EQ(BitsNeeded(255), 8);
  EXPECT_EQ(BitsNeeded(256), 9);
  EXPECT_EQ(BitsNeeded(0xffffffffu), 32);
}

TEST(RiceTest, RoundTripsEveryParameterAndCount) {
  std::mt19937 rng(7);
  for (int k = 0; k <= 31; ++k) {
    for (size_t count : {0, 1, 2, 7, 63, 64, 127, 128}) {
      // Values below 2^(k+7): quotients of up to 127 zeros, past one 57-bit load.
      std::vector<uint32_t> values(count);
      const int width = std::min(32, k + 7);
      for (uint32_t& v : values) v = static_cast<uint32_t>(rng()) >> (32 - width);
      std::vector<uint8_t> codes;
      const size_t end = RiceEncode(values.data(), count, k, 0, &codes);
      EXPECT_EQ(end, RiceBits(values.data(), count, k));
      EXPECT_EQ(codes.size(), (end + 7) / 8);
      codes.resize(codes.size() + kUnpackPadding, 0);
      std::vector<uint32_t> decoded(count, 99);
      EXPECT_EQ(RiceDecode(codes.data(), 0, count, k, decoded.data()), end);
      EXPECT_EQ(decoded, values) << "k " << k << " count " << count;
    }
  }
}

// The codes as the format defines them, written one bit at a time: from bit `bit` of
// `out`, every value's k low bits (least significant first), then every value's unary part.
void ReferenceEncode(const std::vector<uint32_t>& values, int k, size_t bit,
                     std::vector<uint8_t>* out) {
  auto put = [&](bool one) {
    if (out->size() <= bit / 8) out->resize(bit / 8 + 1, 0);
    if (one) (*out)[bit / 8] = static_cast<uint8_t>((*out)[bit / 8] | 1u << (bit % 8));
    ++bit;
  };
  for (uint32_t v : values) {
    for (int b = 0; b < k; ++b) put(((v >> b) & 1) != 0);
  }
  for (uint32_t v : values) {
    for (uint32_t zero = 0; zero < v >> k; ++zero) put(false);
    put(true);
  }
}

TEST(RiceTest, CodesAreTheFormatsBitForBit) {
  // Every parameter, from every bit of a byte and after codes already written, with values
  // whose unary parts run past whole 64-bit words.
  std::mt19937 rng(11);
  for (int k = 0; k <= 31; ++k) {
    for (size_t start = 0; start < 8; ++start) {
      std::vector<uint32_t> values(1 + rng() % 128);
      const int width = std::min(32, k + 8);
      for (uint32_t& v : values) v = static_cast<uint32_t>(rng()) >> (32 - width);
      const std::vector<uint32_t> before = {static_cast<uint32_t>(rng() % 300), 1};
      std::vector<uint8_t> codes;
      std::vector<uint8_t> expected;
      const size_t at = RiceEncode(before.data(), before.size(), 0, start, &codes);
      ReferenceEncode(before, 0, start, &expected);
      const size_t end = RiceEncode(values.data(), values.size(), k, at, &codes);
      ReferenceEncode(values, k, at, &expected);
      EXPECT_EQ(end, at + RiceBits(values.data(), values.size(), k));
      expected.resize((end + 7) / 8, 0);
      ASSERT_EQ(codes, expected) << "k " << k << " from bit " << start;
    }
  }
}

TEST(RiceTest, SequencesFollowEachOtherAtAnyBit) {
  const std::vector<uint32_t> first = {5, 0, 1000, 3};
  const std::vector<uint32_t> second = {0, 255, 17, 400, 1};
  std::vector<uint8_t> codes;
  const size_t middle = RiceEncode(first.data(), first.size(), 2, 0, &codes);
  const size_t end = RiceEncode(second.data(), second.size(), 5, middle, &codes);
  codes.resize(codes.size() + kUnpackPadding, 0);
  std::vector<uint32_t> decoded_first(first.size());
  std::vector<uint32_t> decoded_second(second.size());
  EXPECT_EQ(RiceDecode(codes.data(), 0, first.size(), 2, decoded_first.data()), middle);
  EXPECT_EQ(RiceDecode(codes.data(), middle, second.size(), 5, decoded_second.data()), end);
  EXPECT_EQ(decoded_first, first);
  EXPECT_EQ(decoded_second, second);
}

TEST(RiceTest, LongUnaryRunsCrossLoads) {
  // k = 0 codes 300 as 300 zeros and a one: several 57-bit loads.
  const std::vector<uint32_t> values = {300, 1, 0, 130};
  std::vector<uint8_t> codes;
  const size_t end = RiceEncode(values.data(), values.size(), 0, 3, &codes);
  codes.resize(codes.size() + kUnpackPadding, 0);
  std::vector<uint32_t> decoded(values.size());
  EXPECT_EQ(RiceDecode(codes.data(), 3, values.size(), 0, decoded.data()), end);
  EXPECT_EQ(decoded, values);
}

TEST(RiceTest, BestParameterTakesTheFewestBits) {
  std::mt19937 rng(3);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint32_t> values(1 + rng() % 128);
    const uint32_t scale = 1u << (rng() % 20);
    for (uint32_t& v : values) v = static_cast<uint32_t>(rng() % scale);
    // Now and then a few outliers, so that the mean is a poor guess of the best k.
    if (round % 3 == 0) values[rng() % values.size()] = rng() >> (rng() % 32);
    if (round % 7 == 0) std::fill(values.begin(), values.end(), values[0]);
    const int max_k = round % 2 == 0 ? 31 : 3;
    // The first k of the fewest bits, as a scan over every k finds it.
    int expected = 0;
    for (int k = 1; k <= max_k; ++k) {
      if (RiceBits(values.data(), values.size(), k) <
          RiceBits(values.data(), values.size(), expected)) {
        expected = k;
      }
    }
    ASSERT_EQ(BestRiceParameter(values.data(), values.size(), max_k), expected) << round;
  }
}

}  // namespace
}  // namespace ketnoi::index

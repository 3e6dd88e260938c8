#include "rank/internal/segment.h"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace ketnoi::rank::internal

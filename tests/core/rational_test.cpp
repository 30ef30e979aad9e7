#include "streamforge/core/rational.h"

#include <gtest/gtest.h>

namespace streamforge {
namespace {

TEST(Rational, RescaleBetweenTimebases) {
  // 1 s at 90 kHz -> 48 kHz ticks.
  EXPECT_EQ(rescale(90000, {1, 90000}, {1, 48000}), 48000);
  // 29.97 fps frame 1001 ticks of 1/30000 -> 3003 ticks of 1/90000.
  EXPECT_EQ(rescale(1001, {1, 30000}, {1, 90000}), 3003);
  EXPECT_EQ(rescale(kNoTimestamp, {1, 1}, {1, 2}), kNoTimestamp);
}

TEST(Rational, RescaleRounding) {
  EXPECT_EQ(rescale(1, {1, 3}, {1, 2}, Rounding::kNearest), 1);  // 0.667
  EXPECT_EQ(rescale(1, {1, 3}, {1, 2}, Rounding::kDown), 0);
  EXPECT_EQ(rescale(1, {1, 3}, {1, 2}, Rounding::kUp), 1);
  EXPECT_EQ(rescale(-1, {1, 3}, {1, 2}, Rounding::kDown), -1);
  EXPECT_EQ(rescale(-1, {1, 3}, {1, 2}, Rounding::kUp), 0);
  EXPECT_EQ(rescale(-1, {1, 4}, {1, 2}, Rounding::kNearest), -1);  // -0.5 away from zero
}

TEST(Rational, RescaleDoesNotOverflowOnLongDurations) {
  // 10 hours at 90 kHz in a 1/1000000000 timebase.
  int64_t ticks = 10LL * 3600 * 90000;
  EXPECT_EQ(rescale(ticks, {1, 90000}, {1, 1000000000}), 10LL * 3600 * 1000000000);
}

TEST(Rational, FromDoubleFindsNtscRates) {
  EXPECT_EQ(rational_from_double(29.97002997), Rational(30000, 1001));
  EXPECT_EQ(rational_from_double(23.976023976), Rational(24000, 1001));
  EXPECT_EQ(rational_from_double(25.0), Rational(25, 1));
}

TEST(Rational, ComparesAsFractions) {
  EXPECT_EQ(Rational(1, 2), Rational(2, 4));
  EXPECT_TRUE(Rational(1, 3) < Rational(1, 2));
  EXPECT_EQ(Rational(4, -8).reduced().to_string(), "-1/2");
}

}  // namespace
}  // namespace streamforge

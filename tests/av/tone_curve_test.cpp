// The tone curves on their own: what BT.2390 keeps and compresses, Hable's normalisation, the
// table against the exact curve, and which source peak they aim at SDR white.
#include "av/tone_curve.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>

namespace streamforge::av {
namespace {

constexpr double kNits = 0.01;  // linear units per cd/m2 (1.0 = 100 cd/m2)

TEST(ToneCurve, Bt2390PassesShadowsAndMidTonesUnchanged) {
  ToneCurve curve(ToneCurveKind::kBt2390, 1000);
  // The knee of a 1000 -> 100 cd/m2 map sits near 30 cd/m2 (KS = 1.5 * PQ(100) / PQ(1000) - 0.5).
  for (double nits : {0.1, 1.0, 5.0, 10.0, 20.0}) {
    EXPECT_NEAR(curve.map(nits * kNits), nits * kNits, nits * kNits * 1e-6) << nits;
  }
  EXPECT_LT(curve.map(50 * kNits), 50 * kNits);  // above the knee: compressed
}

TEST(ToneCurve, Bt2390LandsThePeakOnSdrWhiteAndClipsAboveIt) {
  for (double peak : {400.0, 1000.0, 4000.0, 10000.0}) {
    ToneCurve curve(ToneCurveKind::kBt2390, peak);
    EXPECT_NEAR(curve.map(peak * kNits), 1.0, 1e-9) << peak;
    EXPECT_NEAR(curve.map(2 * peak * kNits), 1.0, 1e-9) << peak;
  }
}

TEST(ToneCurve, BothCurvesRiseSmoothlyFromBlackToWhite) {
  for (auto kind : {ToneCurveKind::kBt2390, ToneCurveKind::kHable}) {
    ToneCurve curve(kind, 1000);
    double previous = 0, previous_step = 1;
    for (int i = 1; i <= 2000; ++i) {
      const double x = i * 10.0 / 2000, y = curve.map(x);
      EXPECT_GT(y, previous) << "rises at " << x;
      EXPECT_LE(y, 1.0 + 1e-12);
      // No jump at BT.2390's knee: one step's rise never grows by more than a few times.
      const double step = y - previous;
      if (i > 1) {
        EXPECT_LT(step, previous_step * 1.05 + 1e-9) << "no kink upwards at " << x;
      }
      previous = y;
      previous_step = step;
    }
  }
}

TEST(ToneCurve, HableIsNormalisedToThePeakAndDarkerThanBt2390) {
  ToneCurve hable(ToneCurveKind::kHable, 1000), bt2390(ToneCurveKind::kBt2390, 1000);
  EXPECT_NEAR(hable.map(10.0), 1.0, 1e-12);
  EXPECT_LT(hable.map(0.1), 0.5 * bt2390.map(0.1));  // a 10 cd/m2 face: Hable halves it or worse
}

TEST(ToneCurve, APeakAtOrBelowSdrWhiteLeavesTheSignalAlone) {
  ToneCurve curve(ToneCurveKind::kBt2390, 100);
  EXPECT_NEAR(curve.map(0.5), 0.5, 1e-9);
  EXPECT_NEAR(curve.map(1.0), 1.0, 1e-9);
}

TEST(ToneCurve, TheTableFollowsTheExactCurveToAFractionOfAnSdrCode) {
  for (auto kind : {ToneCurveKind::kBt2390, ToneCurveKind::kHable}) {
    ToneCurve curve(kind, 4000);
    double worst = 0;
    for (int i = 1; i < 100000; ++i) {
      const double x = 41.0 * i / 100000;  // a little past the peak
      std::array<float, 3> g{static_cast<float>(x)}, b{static_cast<float>(x * 0.5)}, r{0.0f};
      curve.apply(g.data(), b.data(), r.data(), 1);
      const double exact = curve.map(static_cast<float>(x));
      worst = std::max(worst, std::abs(g[0] - exact));
      EXPECT_NEAR(b[0], g[0] * 0.5, 1e-6) << "one gain for every channel at " << x;
    }
    // One 8-bit SDR code is 1/219 of the range, and more than that in linear light near white.
    EXPECT_LT(worst, 1e-4) << static_cast<int>(kind);
  }
}

TEST(ToneCurve, BlackNegativeAndNanPixelsAreLeftAsTheyAre) {
  ToneCurve curve(ToneCurveKind::kBt2390, 1000);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::array<float, 3> a{0.0f, -0.2f, nan}, b{0.0f, -0.1f, nan}, c{0.0f, -0.3f, nan};
  curve.apply(a.data(), b.data(), c.data(), 3);
  EXPECT_EQ(a[0], 0.0f);
  EXPECT_EQ(a[1], -0.2f);
  EXPECT_TRUE(std::isnan(a[2]));
  // A saturated colour with one negative channel is scaled as a whole.
  std::array<float, 1> red{8.0f}, green{-0.05f}, blue{0.5f};
  curve.apply(red.data(), green.data(), blue.data(), 1);
  EXPECT_NEAR(green[0] / red[0], -0.05 / 8.0, 1e-6);
  EXPECT_NEAR(blue[0] / red[0], 0.5 / 8.0, 1e-6);
}

TEST(ToneCurve, SourcePeakPrefersMaxCllCappedByTheMasteringDisplay) {
  MasteringDisplay display;
  display.max_luminance = 4000 * 10000;  // 0.0001 cd/m2 units
  ContentLightLevel light;
  light.max_cll = 1200;
  EXPECT_DOUBLE_EQ(source_peak_nits(display, light), 1200);
  EXPECT_DOUBLE_EQ(source_peak_nits(display, std::nullopt), 4000);
  light.max_cll = 9000;  // brighter than the display it was graded on: not believed
  EXPECT_DOUBLE_EQ(source_peak_nits(display, light), 4000);
  EXPECT_DOUBLE_EQ(source_peak_nits(std::nullopt, light), 9000);
  EXPECT_DOUBLE_EQ(source_peak_nits(std::nullopt, std::nullopt), 1000);
  light.max_cll = 0;  // declared but unknown
  EXPECT_DOUBLE_EQ(source_peak_nits(std::nullopt, light), 1000);
  light.max_cll = 50;  // dimmer than SDR white: nothing to compress
  EXPECT_DOUBLE_EQ(source_peak_nits(std::nullopt, light), 100);
}

}  // namespace
}  // namespace streamforge::av

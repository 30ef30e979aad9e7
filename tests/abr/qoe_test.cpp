// QoE statistics: confidence intervals, paired comparison, metric lookup.
#include "streamforge/abr/qoe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>


namespace streamforge::abr {
namespace {

SessionMetrics session(const std::string& trace, const std::string& algo, double lin) {
  SessionMetrics m;
  m.trace = trace;
  m.algorithm = algo;
  m.qoe_lin = lin;
  m.rebuffer_ratio = lin < 0 ? 0.1 : 0;
  return m;
}

// The Student t machinery through the public API, against closed forms.
TEST(Stats, StudentTIntervalsAndPValues) {
  // ci95 = t(n-1) * sd / sqrt(n): n = 2 uses t(1) = 12.706; n = 31 t(30) = 2.042; n = 61 ~ 2.000.
  EXPECT_NEAR(mean_ci({0, 2}).ci95, 12.706 * std::sqrt(2.0) / std::sqrt(2.0), 1e-9);
  std::vector<double> v31, v61;
  for (int i = 0; i < 31; ++i) v31.push_back(i % 2);
  for (int i = 0; i < 61; ++i) v61.push_back(i % 2);
  auto sd = [](const std::vector<double>& v) {
    double m = 0, ss = 0;
    for (double x : v) m += x / static_cast<double>(v.size());
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  EXPECT_NEAR(mean_ci(v31).ci95, 2.042 * sd(v31) / std::sqrt(31.0), 1e-9);
  EXPECT_NEAR(mean_ci(v61).ci95 / (sd(v61) / std::sqrt(61.0)), 2.000, 0.002);
  // Paired t test p-values. Differences {1, 3}: t = 2 / (sqrt(2) / sqrt(2)) = 2 with 1 degree of
  // freedom (Cauchy): p = 1 - (2 / pi) atan(2).
  auto pair_p = [](const std::vector<double>& diffs) {
    std::vector<SessionMetrics> a, b;
    for (size_t i = 0; i < diffs.size(); ++i) {
      a.push_back(session(std::to_string(i), "a", diffs[i]));
      b.push_back(session(std::to_string(i), "b", 0));
    }
    return compare_paired(a, b);
  };
  auto c1 = pair_p({1, 3});
  ASSERT_TRUE(c1.ok());
  EXPECT_NEAR(c1->t, 2.0, 1e-12);
  EXPECT_NEAR(c1->p_value, 1 - 2 / std::numbers::pi * std::atan(2.0), 1e-9);
  // {1, 2, 6}: mean 3, sd sqrt(7), t = 3 / sqrt(7 / 3); 2 degrees of freedom: p = 1 - t / sqrt(t^2 + 2).
  auto c2 = pair_p({1, 2, 6});
  ASSERT_TRUE(c2.ok());
  const double t = 3 / std::sqrt(7.0 / 3);
  EXPECT_NEAR(c2->t, t, 1e-12);
  EXPECT_NEAR(c2->p_value, 1 - t / std::sqrt(t * t + 2), 1e-9);
}

TEST(Qoe, MeanAndConfidenceInterval) {
  MeanCi c = mean_ci({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(c.mean, 3);
  // sd = sqrt(2.5), t(4) = 2.776: 2.776 * 1.5811 / sqrt(5) = 1.9630
  EXPECT_NEAR(c.ci95, 2.776 * std::sqrt(2.5) / std::sqrt(5.0), 1e-12);
  EXPECT_EQ(c.n, 5);
  EXPECT_EQ(mean_ci({}).n, 0);
  EXPECT_EQ(mean_ci({7}).ci95, 0);
}

TEST(Qoe, PairedComparisonMatchesTracesByName) {
  std::vector<SessionMetrics> a = {session("t1", "x", 1.0), session("t2", "x", 2.0), session("t3", "x", 0.5),
                                   session("only-a", "x", 9)};
  std::vector<SessionMetrics> b = {session("t3", "y", 0.25), session("t2", "y", 2.0), session("t1", "y", 0.5)};
  auto c = compare_paired(a, b);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->n, 3);
  EXPECT_EQ(c->a, "x");
  EXPECT_EQ(c->b, "y");
  EXPECT_EQ(c->wins, 2);
  EXPECT_EQ(c->ties, 1);
  EXPECT_EQ(c->losses, 0);
  EXPECT_NEAR(c->mean_difference, (0.5 + 0 + 0.25) / 3, 1e-12);
  EXPECT_NEAR(c->mean_a, 3.5 / 3, 1e-12);
  EXPECT_GT(c->p_value, 0);
  EXPECT_LT(c->p_value, 1);
  // For "lower is better" metrics a smaller value wins.
  auto r = compare_paired(a, b, "rebuffer_ratio");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ties, 3);
  EXPECT_EQ(compare_paired(a, b, "happiness").status().field(), "metric");
  EXPECT_FALSE(compare_paired(a, {session("zz", "y", 1)}).ok());
}

TEST(Qoe, Summary) {
  MetricsSummary s = summarize({session("a", "x", 1), session("b", "x", 3)});
  EXPECT_EQ(s.sessions, 2);
  EXPECT_EQ(s.algorithm, "x");
  EXPECT_DOUBLE_EQ(s.qoe_lin.mean, 2);
  EXPECT_GT(s.qoe_lin.ci95, 0);
  for (std::string_view m : metric_names()) EXPECT_TRUE(metric_value(session("a", "x", 1), m).ok()) << m;
}

}  // namespace
}  // namespace streamforge::abr

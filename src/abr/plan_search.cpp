#include "abr/plan_search.h"

#include <algorithm>
#include <cmath>

namespace streamforge::abr {
namespace {

struct Search {
  const PlanModel& m;
  double max_utility = 0;
  double best = -1e300;
  int best_first = 0;
  int nodes = 0;
  // Buffer per scenario at each depth (no allocation: depth <= kMaxHorizon).
  std::array<std::array<double, kMaxScenarios>, kMaxHorizon + 1> buffer{};

  void visit(int step, int prev, double value, int first) {
    const int remaining = m.horizon - step;
    const auto& b = buffer[static_cast<size_t>(step)];
    if (remaining == 0) {
      double terminal = 0;
      if (m.terminal_slope != 0) {
        for (int k = 0; k < m.scenarios; ++k) terminal += m.weight[static_cast<size_t>(k)] * std::min(b[static_cast<size_t>(k)], m.terminal_knee);
      }
      const double v = value + m.terminal_slope * terminal;
      if (v > best) {
        best = v;
        best_first = first;
      }
      return;
    }
    // Bound: the plan's utility sum is at most remaining * peak, and reaching a peak above the
    // current rendition costs at least one switch of (peak - current).
    const double u_prev = m.utility[static_cast<size_t>(prev)];
    const double bound = value + std::max(remaining * u_prev, remaining * max_utility - m.switch_penalty * (max_utility - u_prev)) +
                         m.terminal_slope * m.terminal_knee;
    if (bound < best - 1e-9) return;  // margin: never prune a plan that float rounding could tie
    auto& next = buffer[static_cast<size_t>(step) + 1];
    for (int l = m.levels - 1; l >= 0; --l) {
      ++nodes;
      const double bytes = m.bytes[static_cast<size_t>(step)][static_cast<size_t>(l)];
      double stall = 0;
      for (int k = 0; k < m.scenarios; ++k) {
        const size_t kk = static_cast<size_t>(k);
        const double dt = m.latency_seconds + bytes * m.seconds_per_byte[static_cast<size_t>(step)][kk];
        stall += m.weight[kk] * std::max(dt - b[kk], 0.0);
        next[kk] = std::min(std::max(b[kk] - dt, 0.0) + m.segment_seconds, m.max_buffer);
      }
      const double u = m.utility[static_cast<size_t>(l)];
      const double v = value + u - m.rebuffer_penalty * stall - m.switch_penalty * std::abs(u - m.utility[static_cast<size_t>(prev)]);
      visit(step + 1, l, v, step == 0 ? l : first);
    }
  }
};

// The value of holding `level` for the whole plan, scored exactly as Search::visit scores it.
double constant_plan_value(const PlanModel& m, int level) {
  std::array<double, kMaxScenarios> b{};
  for (int k = 0; k < m.scenarios; ++k) b[static_cast<size_t>(k)] = m.start_buffer;
  const double u = m.utility[static_cast<size_t>(level)];
  double value = 0;
  int prev = std::clamp(m.last_level, 0, m.levels - 1);
  for (int step = 0; step < m.horizon; ++step) {
    const double bytes = m.bytes[static_cast<size_t>(step)][static_cast<size_t>(level)];
    double stall = 0;
    for (int k = 0; k < m.scenarios; ++k) {
      const size_t kk = static_cast<size_t>(k);
      const double dt = m.latency_seconds + bytes * m.seconds_per_byte[static_cast<size_t>(step)][kk];
      stall += m.weight[kk] * std::max(dt - b[kk], 0.0);
      b[kk] = std::min(std::max(b[kk] - dt, 0.0) + m.segment_seconds, m.max_buffer);
    }
    value = value + u - m.rebuffer_penalty * stall - m.switch_penalty * std::abs(u - m.utility[static_cast<size_t>(prev)]);
    prev = level;
  }
  double terminal = 0;
  if (m.terminal_slope != 0) {
    for (int k = 0; k < m.scenarios; ++k) terminal += m.weight[static_cast<size_t>(k)] * std::min(b[static_cast<size_t>(k)], m.terminal_knee);
  }
  return value + m.terminal_slope * terminal;
}

}  // namespace

PlanResult search_plan(const PlanModel& m) {
  Search s{m};
  for (int l = 0; l < m.levels; ++l) s.max_utility = std::max(s.max_utility, m.utility[static_cast<size_t>(l)]);
  for (int k = 0; k < m.scenarios; ++k) s.buffer[0][static_cast<size_t>(k)] = m.start_buffer;
  if (m.seed_with_constant_plans) {
    for (int l = m.levels - 1; l >= 0; --l) {
      const double v = constant_plan_value(m, l);
      if (v > s.best) {
        s.best = v;
        s.best_first = l;
      }
    }
  }
  s.visit(0, std::clamp(m.last_level, 0, m.levels - 1), 0.0, 0);
  return {s.best_first, s.best, s.nodes};
}

}  // namespace streamforge::abr

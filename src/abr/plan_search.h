// Private: search of a bitrate plan over the next segments (MPC, Yin et al. SIGCOMM 2015), shared
// by MPC/RobustMPC and the streamforge controller.
//
// A plan is scored against one or more throughput scenarios (MPC: one; streamforge: a few
// quantiles of its prediction error), each held for the whole plan, by the expected QoE:
//   sum over steps of utility - switch_penalty * |utility change| - rebuffer_penalty * E[stall]
//   + E[terminal value of the buffer left]
// Depth-first over the plan tree so every prefix is evaluated once (6 + 36 + ... + 6^5 = 9330
// nodes for 6 renditions and 5 steps, instead of 5 x 7776 for plan-by-plan evaluation), highest
// rendition first, with branch-and-bound: a subtree is skipped when even the best utility at every
// remaining step, with no stall, no switch and the largest terminal value, cannot beat the best plan
// found. Exact: it returns what full enumeration returns, ties going to the higher first step.
#pragma once

#include <array>
#include <cstddef>

namespace streamforge::abr {

inline constexpr int kMaxPlanLevels = 32;  // a ladder with more renditions plans over its top 32
inline constexpr int kMaxHorizon = 8;
inline constexpr int kMaxScenarios = 16;

struct PlanModel {
  int levels = 0;
  int horizon = 0;
  int scenarios = 1;
  double segment_seconds = 4;
  double start_buffer = 0;
  double max_buffer = 1e18;           // a full buffer idles: no more than this is kept
  int last_level = 0;                 // the rendition played before the plan
  double rebuffer_penalty = 4.3;
  double switch_penalty = 1;
  double latency_seconds = 0;         // added to every download (time to first byte)
  std::array<double, kMaxPlanLevels> utility{};                                // per level
  std::array<std::array<double, kMaxPlanLevels>, kMaxHorizon> bytes{};         // [step][level]
  std::array<std::array<double, kMaxScenarios>, kMaxHorizon> seconds_per_byte{};  // [step][scenario]
  std::array<double, kMaxScenarios> weight{};                                  // per scenario, sum 1
  // Value of the buffer b left at the end of the plan: terminal_slope * min(b, terminal_knee).
  // 0 slope = MPC's objective, which gives buffer no value.
  double terminal_slope = 0;
  double terminal_knee = 0;
  // Start the search from the best constant plan (every step at one level): a good incumbent
  // prunes most of the tree at once. Same optimum value; among exactly tied plans the constant one
  // may win instead of the higher first step (MPC leaves this off to match full enumeration).
  bool seed_with_constant_plans = false;
};

struct PlanResult {
  int first_level = 0;
  double value = 0;
  int nodes = 0;  // evaluated plan prefixes (for benchmarks)
};

PlanResult search_plan(const PlanModel& m);


}  // namespace streamforge::abr

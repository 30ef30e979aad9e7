// QoE of simulated sessions, as the MPC and Pensieve papers score them, and their statistics.
//
// Per segment k = 2..N (the first segment is startup, not scored), with R_k its bitrate:
//   QoE_lin = R_k (Mbit/s) - 4.3 x rebuffer_k (s) - |R_k - R_{k-1}| (Mbit/s)
//   QoE_log = log(R_k / R_min) - 2.66 x rebuffer_k - |log(R_k / R_min) - log(R_{k-1} / R_min)|
//   QoE_hd  = hd(R_k) - 8 x rebuffer_k - |hd(R_k) - hd(R_{k-1})|, hd = 1, 2, 3, 12, 15, 20 per level
// each averaged over the scored segments of a session (Pensieve's "mean QoE per segment"), then
// over sessions. Segment 1 switches from the startup segment's bitrate.
//
// Thread-safety: pure functions on values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/abr/ladder.h"
#include "streamforge/abr/simulator.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

struct QoeWeights {
  double lin_rebuffer = 4.3;
  double log_rebuffer = 2.66;
  double hd_rebuffer = 8;
  double switch_penalty = 1;
  // HD reward per level of the reference ladder (300..4300 kbit/s). A ladder with as many levels
  // uses it by level; any other ladder takes the reward of the nearest reference bitrate.
  std::vector<double> hd_reward = {1, 2, 3, 12, 15, 20};
  std::vector<double> hd_reference_kbps = {300, 750, 1200, 1850, 2850, 4300};
};

struct SessionMetrics {
  std::string trace;
  std::string algorithm;
  double qoe_lin = 0, qoe_log = 0, qoe_hd = 0;  // mean per scored segment
  double rebuffer_seconds = 0;                  // stalls after startup
  // Stalls after startup / (stalls + content duration of every segment played).
  double rebuffer_ratio = 0;
  double startup_seconds = 0;                   // download time of the first segment
  double mean_bitrate_kbps = 0;                 // over scored segments
  int switches = 0;                             // scored segments whose rendition differs from the one before
  int scored_segments = 0;
};

SessionMetrics session_metrics(const SessionLog& log, const AbrLadder& ladder, const QoeWeights& weights = {});

// Mean with a 95% confidence interval: mean +- ci95 (Student t on the sample standard deviation).
struct MeanCi {
  double mean = 0;
  double ci95 = 0;
  int n = 0;
};
MeanCi mean_ci(const std::vector<double>& values);

// Metric names for summaries, CSV and comparisons: "qoe_lin", "qoe_log", "qoe_hd",
// "rebuffer_ratio", "rebuffer_seconds", "startup_seconds", "mean_bitrate_kbps", "switches".
const std::vector<std::string_view>& metric_names();
// The named metric of a session; kInvalidArgument for an unknown name.
Result<double> metric_value(const SessionMetrics& m, std::string_view metric);

struct MetricsSummary {
  std::string algorithm;
  int sessions = 0;
  MeanCi qoe_lin, qoe_log, qoe_hd, rebuffer_ratio, rebuffer_seconds, startup_seconds, mean_bitrate_kbps, switches;
};
MetricsSummary summarize(const std::vector<SessionMetrics>& sessions);

// Paired comparison of two algorithms on the same traces (matched by trace name): the mean of
// a - b with its 95% CI, how often a wins/ties/loses, and the two-sided p-value of the paired t test.
struct PairedComparison {
  std::string a, b, metric;
  int n = 0;
  double mean_a = 0, mean_b = 0;
  double mean_difference = 0, ci95 = 0;
  int wins = 0, ties = 0, losses = 0;  // of a against b ("higher is better" except for rebuffer, startup, switches)
  double t = 0, p_value = 1;
};
Result<PairedComparison> compare_paired(const std::vector<SessionMetrics>& a, const std::vector<SessionMetrics>& b,
                                        std::string_view metric = "qoe_lin");

}  // namespace streamforge::abr

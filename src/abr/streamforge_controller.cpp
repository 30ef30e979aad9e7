#include "abr/streamforge_controller.h"

#include <algorithm>
#include <cmath>

#include "abr/mpc.h"

namespace streamforge::abr {
namespace {

// The startup prior: how far a download's rate falls from the harmonic-mean prediction of the ones
// before it, before the session has shown its own errors. The values are the 8 equal-weight
// buckets (each its harmonic mean) of that ratio over every download of the tune half of the train
// traces (even-indexed FCC and HSDPA files; the holdout half gives the same values within 0.03).
// Its weight (prior_weight, in downloads) fades as the session's own records accumulate.
constexpr double kStartupRatios[] = {0.61, 0.87, 0.96, 1.0, 1.03, 1.08, 1.2, 1.57};
// The collapse insurance: a spread that allows for a drop to a quarter of the prediction. It keeps
// a fixed share of the distribution (collapse_share) however long the link has been steady -- a
// link can collapse without having done so before -- so unlike the startup prior it never fades.
constexpr double kCollapseRatios[] = {0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.25, 1.5};
constexpr size_t kPriorCount = sizeof(kStartupRatios) / sizeof(kStartupRatios[0]);
static_assert(sizeof(kCollapseRatios) / sizeof(kCollapseRatios[0]) == kPriorCount);
constexpr size_t kMaxRatios = 32;  // StreamforgeParams::error_window is validated to <= 32
constexpr size_t kMaxPooled = 2 * kPriorCount + kMaxRatios;

}  // namespace

StreamforgeController::StreamforgeController(const AbrLadder& ladder, const AbrConfig& config)
    : AbrController(ladder, config),
      p_(config.streamforge),
      default_kbps_(config.throughput.default_kbps),
      rates_kbps_(static_cast<size_t>(config.streamforge.throughput_window)),
      ratios_(static_cast<size_t>(config.streamforge.error_window)),
      latency_(static_cast<size_t>(config.streamforge.throughput_window)) {
  model_.levels = std::min(level_count(), kMaxPlanLevels);
  model_.segment_seconds = ladder.segment_seconds;
  model_.rebuffer_penalty = config.objective.rebuffer_penalty;
  model_.switch_penalty = config.objective.switch_penalty;
  model_.max_buffer = config.max_buffer_seconds;
  model_.terminal_knee = p_.target_buffer_seconds;
  model_.seed_with_constant_plans = true;
  for (int l = 0; l < model_.levels; ++l) {
    model_.utility[static_cast<size_t>(l)] =
        objective_utility(config.objective, level_bitrate_kbps(l), level_bitrate_kbps(0));
  }
}

void StreamforgeController::reset_state() {
  rates_kbps_.clear();
  ratios_.clear();
  latency_.clear();
  last_prediction_kbps_ = 0;
}

void StreamforgeController::observe_seek(int /*segment*/) {
  // The network has not changed, only the buffer: keep the history, but the download the last
  // prediction was for was abandoned.
  last_prediction_kbps_ = 0;
}

void StreamforgeController::observe_download(const DownloadRecord& r, int /*level*/) {
  const double latency = std::clamp(r.ttfb_seconds, 0.0, 0.9 * r.seconds);
  const double rate = static_cast<double>(r.bytes) * 8.0 / (r.seconds - latency) / 1000.0;
  bool level_shift = false, drift = false;
  if (last_prediction_kbps_ > 0) {
    const double ratio = rate / last_prediction_kbps_;
    ratios_.push(ratio);  // the surprise is remembered either way
    level_shift = ratio < p_.shift_ratio;
    // A smaller fall that the next download confirms (both below drift_ratio x their prediction) is
    // a shift too: the link has moved down, not just wobbled.
    drift = ratios_.size() >= 2 && ratio < p_.drift_ratio && ratios_[ratios_.size() - 2] < p_.drift_ratio;
  }
  last_prediction_kbps_ = 0;
  // The older, faster rates describe a link that is gone. Averaging them in would overestimate the
  // new level for a whole window -- and record that lag, download after download, as more errors.
  // A sudden fall restarts the window at this download, a confirmed drift at the last two. Only
  // falls do: on the way up the window's lag is the caution (a stall costs far more than a slower
  // climb), and trusting one fast download sent it straight to the top just before drops.
  if (level_shift) {
    rates_kbps_.clear();
  } else if (drift) {
    const double previous_rate = rates_kbps_.newest();
    rates_kbps_.clear();
    rates_kbps_.push(previous_rate);
  }
  rates_kbps_.push(rate);
  latency_.push(latency);
}

void StreamforgeController::fill_scenarios(double predicted) {
  // Pool the startup prior (prior_weight over its 8 values), the session's records (1 each) and the
  // collapse insurance (collapse_share of the total), sort by ratio, and cut into K buckets of equal
  // weight. A bucket's ratio is the weighted harmonic mean of its members, since what a plan adds
  // up is download time, i.e. 1 / rate.
  std::array<double, kMaxPooled> ratio{};
  std::array<double, kMaxPooled> weight{};
  size_t n = 0;
  double evidence = 0;
  for (double r : kStartupRatios) {
    ratio[n] = r;
    weight[n++] = p_.prior_weight / static_cast<double>(kPriorCount);
  }
  evidence += p_.prior_weight;
  for (size_t i = 0; i < ratios_.size(); ++i) {
    ratio[n] = ratios_[i];
    weight[n++] = 1.0;
  }
  evidence += static_cast<double>(ratios_.size());
  const double collapse_weight = p_.collapse_share / (1.0 - p_.collapse_share) * evidence;
  if (collapse_weight > 0) {
    for (double r : kCollapseRatios) {
      ratio[n] = r;
      weight[n++] = collapse_weight / static_cast<double>(kPriorCount);
    }
  }
  for (size_t i = 1; i < n; ++i) {  // insertion sort: n <= 48
    for (size_t j = i; j > 0 && ratio[j] < ratio[j - 1]; --j) {
      std::swap(ratio[j], ratio[j - 1]);
      std::swap(weight[j], weight[j - 1]);
    }
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += weight[i];
  const int k_count = std::clamp(p_.scenarios, 1, kMaxScenarios);
  model_.scenarios = k_count;
  double taken = 0;
  size_t i = 0;
  for (int k = 0; k < k_count; ++k) {
    const double bucket_end = total * (k + 1) / k_count;
    double inverse_sum = 0, bucket_weight = 0;
    while (i < n && taken < bucket_end - 1e-12) {
      const double take = std::min(weight[i], bucket_end - taken);
      inverse_sum += take / std::max(ratio[i], 1e-3);
      bucket_weight += take;
      taken += take;
      if (take >= weight[i] - 1e-12) {
        ++i;
      } else {
        weight[i] -= take;  // the rest of this record falls into the next bucket
      }
    }
    const double r = bucket_weight > 0 ? bucket_weight / inverse_sum : 1.0;
    const size_t kk = static_cast<size_t>(k);
    model_.weight[kk] = 1.0 / k_count;
    // The scenario holds for the whole plan: a drop is judged as if it persists. (persistence < 1
    // lets its error fade per step instead, in log terms; it gains on wired links but loses far
    // more in tunnels and other outages, so it is off by default -- see the README.)
    const double held = 8.0 / (predicted * r * 1000.0);
    const double log_ratio = std::log(r);
    double fade = 1;  // persistence^step
    for (size_t s = 0; s < static_cast<size_t>(model_.horizon); ++s) {
      model_.seconds_per_byte[s][kk] = fade == 1 ? held : 8.0 / (predicted * 1000.0) * std::exp(-log_ratio * fade);
      fade *= p_.persistence;
    }
  }
}

AbrDecision StreamforgeController::decide(const PlaybackState& state) {
  AbrDecision d;
  const bool measured = !rates_kbps_.empty();
  const double predicted = measured ? harmonic_mean(rates_kbps_, rates_kbps_.size()) : default_kbps_;
  last_prediction_kbps_ = measured ? predicted : 0;
  d.throughput_kbps = predicted;
  double latency = 0;
  for (size_t i = 0; i < latency_.size(); ++i) latency += latency_[i];
  if (!latency_.empty()) latency /= static_cast<double>(latency_.size());

  int horizon = p_.horizon;
  if (state.segment_count > 0) horizon = std::min(horizon, state.segment_count - state.next_segment);
  horizon = std::clamp(horizon, 1, kMaxHorizon);
  // Buffer left when the video ends has no value: near the end, spend it -- and buffer beyond what
  // the segments after the plan can still play is worth nothing either.
  const bool reaches_end = state.segment_count > 0 && state.next_segment + horizon >= state.segment_count;
  model_.levels = std::min(max_level() + 1, kMaxPlanLevels);
  model_.horizon = horizon;
  model_.start_buffer = state.buffer_seconds;
  model_.last_level = std::max(last_level(), 0);
  model_.latency_seconds = latency;
  model_.terminal_slope = reaches_end ? 0.0 : p_.buffer_value;
  model_.terminal_knee = p_.target_buffer_seconds;
  if (state.segment_count > 0) {
    const double after_plan = (state.segment_count - state.next_segment - horizon) * model_.segment_seconds;
    model_.terminal_knee = std::clamp(after_plan, 0.0, p_.target_buffer_seconds);
  }
  fill_scenarios(predicted);  // after model_.horizon: it fills one rate per planned step
  for (int s = 0; s < horizon; ++s) {
    for (int l = 0; l < model_.levels; ++l) {
      model_.bytes[static_cast<size_t>(s)][static_cast<size_t>(l)] = level_segment_bytes(l, state.next_segment + s);
    }
  }
  const PlanResult plan = search_plan(model_);
  last_nodes_ = plan.nodes;
  d.rendition = plan.first_level;
  d.reason = measured ? AbrReason::kLookahead : AbrReason::kStartup;
  return d;
}

}  // namespace streamforge::abr

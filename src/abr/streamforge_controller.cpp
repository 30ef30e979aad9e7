#include "abr/streamforge_controller.h"

#include <algorithm>
#include <cmath>

#include "abr/mpc.h"

namespace streamforge::abr {
namespace {

// The prior: before a session has shown its own errors, allow for a drop to a quarter of the
// prediction and for a rise, centred on "the prediction is right". Its weight (prior_weight, in
// downloads) fades as records accumulate, but never vanishes: a link that has been steady for
// 32 downloads can still drop.
constexpr double kPriorRatios[] = {0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.25, 1.5};
constexpr size_t kPriorCount = sizeof(kPriorRatios) / sizeof(kPriorRatios[0]);
constexpr size_t kMaxRatios = 32;  // StreamforgeParams::error_window is validated to <= 32

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
  if (last_prediction_kbps_ > 0) ratios_.push(rate / last_prediction_kbps_);
  last_prediction_kbps_ = 0;
  rates_kbps_.push(rate);
  latency_.push(latency);
}

void StreamforgeController::fill_scenarios(double predicted) {
  // Pool the error records and the prior (weights: 1 per record, prior_weight over the prior),
  // sort by ratio, and cut into K buckets of equal weight. A bucket's ratio is the weighted
  // harmonic mean of its members, since what a plan adds up is download time, i.e. 1 / rate.
  std::array<double, kPriorCount + kMaxRatios> ratio{};
  std::array<double, kPriorCount + kMaxRatios> weight{};
  size_t n = 0;
  for (double r : kPriorRatios) {
    ratio[n] = r;
    weight[n++] = p_.prior_weight / static_cast<double>(kPriorCount);
  }
  for (size_t i = 0; i < ratios_.size(); ++i) {
    ratio[n] = ratios_[i];
    weight[n++] = 1.0;
  }
  for (size_t i = 1; i < n; ++i) {  // insertion sort: n <= 40
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
    // The scenario holds for the whole plan: a drop is judged as if it persists.
    for (size_t s = 0; s < static_cast<size_t>(kMaxHorizon); ++s) model_.seconds_per_byte[s][kk] = 8.0 / (predicted * r * 1000.0);
  }
}

AbrDecision StreamforgeController::decide(const PlaybackState& state) {
  AbrDecision d;
  const bool measured = !rates_kbps_.empty();
  const double predicted = measured ? harmonic_mean(rates_kbps_, rates_kbps_.size()) : default_kbps_;
  last_prediction_kbps_ = measured ? predicted : 0;
  d.throughput_kbps = predicted;
  fill_scenarios(predicted);
  double latency = 0;
  for (size_t i = 0; i < latency_.size(); ++i) latency += latency_[i];
  if (!latency_.empty()) latency /= static_cast<double>(latency_.size());

  int horizon = p_.horizon;
  if (state.segment_count > 0) horizon = std::min(horizon, state.segment_count - state.next_segment);
  horizon = std::clamp(horizon, 1, kMaxHorizon);
  // Buffer left when the video ends has no value: near the end, spend it.
  const bool reaches_end = state.segment_count > 0 && state.next_segment + horizon >= state.segment_count;
  model_.levels = std::min(max_level() + 1, kMaxPlanLevels);
  model_.horizon = horizon;
  model_.start_buffer = state.buffer_seconds;
  model_.last_level = std::max(last_level(), 0);
  model_.latency_seconds = latency;
  model_.terminal_slope = reaches_end ? 0.0 : p_.buffer_value;
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

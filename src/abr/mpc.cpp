#include "abr/mpc.h"

#include <algorithm>
#include <cmath>

namespace streamforge::abr {

double objective_utility(const AbrObjective& objective, double kbps, double lowest_kbps) {
  if (objective.utility == "log") return std::log(kbps / lowest_kbps);
  return kbps / 1000.0;
}

MpcController::MpcController(const AbrLadder& ladder, const AbrConfig& config, bool robust)
    : AbrController(ladder, config),
      robust_(robust),
      p_(config.mpc),
      objective_(config.objective),
      default_kbps_(config.throughput.default_kbps),
      samples_kbps_(static_cast<size_t>(config.mpc.window)),
      errors_(static_cast<size_t>(config.mpc.window)) {
  model_.levels = std::min(level_count(), kMaxPlanLevels);
  model_.segment_seconds = ladder.segment_seconds;
  model_.rebuffer_penalty = objective_.rebuffer_penalty;
  model_.switch_penalty = objective_.switch_penalty;
  for (int l = 0; l < model_.levels; ++l) {
    model_.utility[static_cast<size_t>(l)] = objective_utility(objective_, level_bitrate_kbps(l), level_bitrate_kbps(0));
  }
}

void MpcController::reset_state() {
  samples_kbps_.clear();
  errors_.clear();
  last_estimate_kbps_ = 0;
  new_sample_ = false;
}

void MpcController::observe_download(const DownloadRecord& r, int /*level*/) {
  samples_kbps_.push(static_cast<double>(r.bytes) * 8.0 / r.seconds / 1000.0);
  new_sample_ = true;
}

AbrDecision MpcController::decide(const PlaybackState& state) {
  AbrDecision d;
  // Error of the previous prediction against the download that followed it (0 before the first).
  if (new_sample_) {
    double actual = samples_kbps_.newest();
    errors_.push(last_estimate_kbps_ > 0 ? std::abs(last_estimate_kbps_ - actual) / actual : 0.0);
    new_sample_ = false;
  }
  double predicted = samples_kbps_.empty() ? default_kbps_ : harmonic_mean(samples_kbps_, samples_kbps_.size());
  if (!samples_kbps_.empty()) last_estimate_kbps_ = predicted;
  if (robust_) {
    double max_error = 0;
    for (size_t i = 0; i < errors_.size(); ++i) max_error = std::max(max_error, errors_[i]);
    predicted /= 1.0 + max_error;
  }
  d.throughput_kbps = predicted;

  int horizon = p_.horizon;
  if (state.segment_count > 0) horizon = std::min(horizon, state.segment_count - state.next_segment);
  horizon = std::clamp(horizon, 1, kMaxHorizon);
  model_.levels = max_level() + 1;
  model_.horizon = horizon;
  model_.start_buffer = state.buffer_seconds;
  model_.last_level = std::max(last_level(), 0);
  // One scenario: the (robust) prediction, no latency term, buffer without a cap -- as the paper's
  // and Pensieve's implementations model a download.
  model_.scenarios = 1;
  model_.weight[0] = 1;
  for (int s = 0; s < horizon; ++s) {
    model_.seconds_per_byte[static_cast<size_t>(s)][0] = 8.0 / (predicted * 1000.0);
    for (int l = 0; l < model_.levels; ++l) {
      model_.bytes[static_cast<size_t>(s)][static_cast<size_t>(l)] = level_segment_bytes(l, state.next_segment + s);
    }
  }
  PlanResult plan = search_plan(model_);
  last_nodes_ = plan.nodes;
  d.rendition = plan.first_level;
  d.reason = samples_kbps_.empty() ? AbrReason::kStartup : AbrReason::kLookahead;
  return d;
}

}  // namespace streamforge::abr

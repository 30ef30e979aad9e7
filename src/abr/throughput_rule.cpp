#include "abr/throughput_rule.h"

namespace streamforge::abr {

int highest_level_under(const AbrController& c, double kbps) {
  int best = 0;
  const AbrLadder& ladder = c.ladder();
  for (int l = 0; l <= c.max_level(); ++l) {
    if (ladder.renditions[static_cast<size_t>(c.levels()[static_cast<size_t>(l)])].bitrate_kbps <= kbps) best = l;
  }
  return best;
}

ThroughputRuleController::ThroughputRuleController(const AbrLadder& ladder, const AbrConfig& config,
                                                   ThroughputEstimator estimator)
    : AbrController(ladder, config),
      estimator_(estimator),
      p_(config.throughput),
      fast_(config.throughput.fast_half_life_seconds),
      slow_(config.throughput.slow_half_life_seconds),
      samples_kbps_(static_cast<size_t>(config.throughput.window)) {}

void ThroughputRuleController::observe_download(const DownloadRecord& r, int /*level*/) {
  double kbps = static_cast<double>(r.bytes) * 8.0 / r.seconds / 1000.0;
  fast_.add(r.seconds, kbps);
  slow_.add(r.seconds, kbps);
  samples_kbps_.push(kbps);
}

void ThroughputRuleController::reset_state() {
  fast_.clear();
  slow_.clear();
  samples_kbps_.clear();
}

AbrDecision ThroughputRuleController::decide(const PlaybackState& /*state*/) {
  AbrDecision d;
  if (samples_kbps_.empty()) {
    d.throughput_kbps = p_.default_kbps;
    d.reason = AbrReason::kStartup;
  } else {
    d.throughput_kbps = estimator_ == ThroughputEstimator::kEwma ? std::min(fast_.estimate(), slow_.estimate())
                                                                 : harmonic_mean(samples_kbps_, samples_kbps_.size());
    d.reason = AbrReason::kThroughput;
  }
  d.rendition = highest_level_under(*this, p_.safety_factor * d.throughput_kbps);
  return d;
}

}  // namespace streamforge::abr

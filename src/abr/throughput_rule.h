// Private: throughput rules. The next rendition is the highest whose bitrate fits under
// safety_factor x the throughput estimate, where the estimate is either
//  - kEwma: the smaller of a fast and a slow duration-weighted EWMA (hls.js, Shaka Player): drops
//    are followed quickly, rises slowly;
//  - kHarmonicMean: the harmonic mean of the last `window` downloads (the "rate-based" baseline of
//    the MPC and Pensieve evaluations); the harmonic mean is dominated by the slow downloads.
#pragma once

#include "abr/throughput_estimators.h"
#include "streamforge/abr/controller.h"

namespace streamforge::abr {

enum class ThroughputEstimator { kEwma, kHarmonicMean };

class ThroughputRuleController final : public AbrController {
 public:
  ThroughputRuleController(const AbrLadder& ladder, const AbrConfig& config, ThroughputEstimator estimator);
  std::string_view name() const override {
    return estimator_ == ThroughputEstimator::kEwma ? "throughput-ewma" : "throughput-hm";
  }

 protected:
  AbrDecision decide(const PlaybackState& state) override;
  void observe_download(const DownloadRecord& record, int level) override;
  void reset_state() override;

 private:
  ThroughputEstimator estimator_;
  ThroughputParams p_;
  Ewma fast_, slow_;
  Ring<double> samples_kbps_;
};

// Highest level in [0, max_level] with bitrate <= kbps (0 when none fits).
int highest_level_under(const AbrController& c, double kbps);

}  // namespace streamforge::abr

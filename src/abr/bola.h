// Private: BOLA, Spiteri, Urgaonkar and Sitaraman, "BOLA: Near-Optimal Bitrate Adaptation for
// Online Videos" (INFOCOM 2016), as dash.js runs it (BOLA-E, Spiteri et al., MMSys 2018):
//  - utilities v_m = ln(S_m / S_1) + 1, and the rendition maximising (V (v_m + gp) - Q) / S_m for
//    buffer level Q (paper, eq. 9 / Algorithm 1), with V and gp chosen so that the lowest rendition
//    wins below minimum_buffer_seconds and the highest above the buffer target;
//  - startup: while the buffer is under one segment (and after a seek), choose by safe throughput
//    and set a "placeholder" buffer so BOLA continues from that rendition instead of dropping to
//    the lowest; the placeholder grows with idle time, decays by 1% per segment, is capped by the
//    buffer that would still prefer the last rendition, and is dropped when the buffer runs dry;
//  - BOLA-O: never step up above both the last rendition and what the throughput sustains.
#pragma once

#include <vector>

#include "abr/throughput_estimators.h"
#include "streamforge/abr/controller.h"

namespace streamforge::abr {

class BolaController final : public AbrController {
 public:
  BolaController(const AbrLadder& ladder, const AbrConfig& config);
  std::string_view name() const override { return "bola"; }

 protected:
  AbrDecision decide(const PlaybackState& state) override;
  void observe_download(const DownloadRecord& record, int level) override;
  void observe_rebuffer(double seconds) override;
  void observe_seek(int segment) override;
  void reset_state() override;

 private:
  double utility(int level) const { return utilities_[static_cast<size_t>(level)]; }
  int quality_for_buffer(double buffer, int top) const;
  double min_buffer_for_quality(int level) const;
  double max_buffer_for_quality(int level) const { return vp_ * (utility(level) + gp_); }
  double safe_throughput_kbps() const;

  BolaParams p_;
  std::vector<double> utilities_;
  double vp_ = 0, gp_ = 0;
  bool steady_ = false;
  double placeholder_ = 0;
  Ring<double> samples_kbps_{4};  // dash.js averages the last 4 VOD downloads
  double last_download_seconds_ = 0;
  bool new_segment_ = false;
  double last_decision_now_ = -1;
};

}  // namespace streamforge::abr

#include "abr/bola.h"

#include <algorithm>
#include <cmath>

#include "abr/throughput_rule.h"

namespace streamforge::abr {

BolaController::BolaController(const AbrLadder& ladder, const AbrConfig& config)
    : AbrController(ladder, config), p_(config.bola) {
  // Utilities normalised so the lowest rendition has utility 1 (dash.js BolaRule).
  for (int l = 0; l < level_count(); ++l) {
    utilities_.push_back(std::log(level_bitrate_kbps(l) / level_bitrate_kbps(0)) + 1.0);
  }
  // V and gp such that the lowest rendition is preferred up to minimum_buffer_seconds and the
  // highest from the buffer target on: V (v_1 + gp - 1) = min buffer, V (v_M + gp - 1) = target.
  const double target = std::max(p_.stable_buffer_seconds,
                                 p_.minimum_buffer_seconds + p_.buffer_per_level_seconds * level_count());
  const double u_max = utilities_.empty() ? 1.0 : utilities_.back();
  gp_ = u_max > 1.0 ? (u_max - 1.0) / (target / p_.minimum_buffer_seconds - 1.0) : 1.0;
  vp_ = p_.minimum_buffer_seconds / gp_;
}

void BolaController::reset_state() {
  steady_ = false;
  placeholder_ = 0;
  samples_kbps_.clear();
  last_download_seconds_ = 0;
  new_segment_ = false;
  last_decision_now_ = -1;
}

void BolaController::observe_download(const DownloadRecord& r, int /*level*/) {
  samples_kbps_.push(static_cast<double>(r.bytes) * 8.0 / r.seconds / 1000.0);
  last_download_seconds_ = r.seconds;
  new_segment_ = true;
}

void BolaController::observe_rebuffer(double /*seconds*/) {
  // dash.js onBufferEmpty: a stall must not be hidden by a placeholder.
  if (steady_) placeholder_ = 0;
}

void BolaController::observe_seek(int /*segment*/) {
  steady_ = false;
  placeholder_ = 0;
  last_decision_now_ = -1;
}

double BolaController::safe_throughput_kbps() const {
  if (samples_kbps_.empty()) return 0;
  double sum = 0;
  for (size_t i = 0; i < samples_kbps_.size(); ++i) sum += samples_kbps_[i];
  return p_.safety_factor * sum / static_cast<double>(samples_kbps_.size());
}

int BolaController::quality_for_buffer(double buffer, int top) const {
  int best = 0;
  double best_score = -1e300;
  for (int l = 0; l <= top; ++l) {
    double score = (vp_ * (utility(l) + gp_) - buffer) / level_bitrate_kbps(l);
    if (score >= best_score) {
      best_score = score;
      best = l;
    }
  }
  return best;
}

double BolaController::min_buffer_for_quality(int level) const {
  // The buffer at which BOLA starts to prefer `level` over every lower rendition.
  double m = 0;
  const double qb = level_bitrate_kbps(level), qu = utility(level);
  for (int i = level - 1; i >= 0; --i) {
    if (utility(i) < qu) {
      const double ib = level_bitrate_kbps(i), iu = utility(i);
      m = std::max(m, vp_ * (gp_ + (qb * iu - ib * qu) / (qb - ib)));
    }
  }
  return m;
}

AbrDecision BolaController::decide(const PlaybackState& state) {
  AbrDecision d;
  const int top = max_level();
  const double buffer = state.buffer_seconds;
  const double safe = safe_throughput_kbps();
  d.throughput_kbps = safe;
  const int last = std::clamp(last_level() < 0 ? 0 : last_level(), 0, top);

  // Idle time since the last download finished (buffer-full pauses, live edge waits) counts as
  // placeholder buffer: it was not spent on bandwidth (dash.js updatePlaceholderBuffer).
  if (state.now_seconds >= 0 && last_decision_now_ >= 0 && steady_) {
    placeholder_ += std::max(0.0, state.now_seconds - last_decision_now_ - last_download_seconds_);
  }
  last_decision_now_ = state.now_seconds;
  if (new_segment_ && steady_) {
    // dash.js checkNewSegment: decay, and never more placeholder than the last rendition justifies.
    placeholder_ *= 0.99;
    const double buffer_at_request = buffer + last_download_seconds_;
    placeholder_ = std::min(placeholder_, std::max(0.0, max_buffer_for_quality(last) - buffer_at_request));
  }
  new_segment_ = false;

  if (samples_kbps_.empty()) {
    d.rendition = last;
    d.reason = AbrReason::kStartup;
    return d;
  }
  if (!steady_) {
    d.rendition = highest_level_under(*this, safe);
    d.reason = AbrReason::kStartup;
    placeholder_ = std::max(0.0, min_buffer_for_quality(d.rendition) - buffer);
    if (buffer >= ladder().segment_seconds) steady_ = true;
    return d;
  }

  int q = quality_for_buffer(buffer + placeholder_, top);
  d.reason = AbrReason::kBufferLevel;
  // BOLA-O: between two bitrates, stay on the lower one instead of oscillating.
  const int for_throughput = highest_level_under(*this, safe);
  if (q > last && q > for_throughput) {
    q = std::max(for_throughput, last);
    d.reason = AbrReason::kHold;
  }
  // Do not overfill with low-quality segments: use up placeholder before asking for a pause (a
  // simulator or player without pauses just keeps downloading).
  double excess = std::max(0.0, buffer + placeholder_ - max_buffer_for_quality(q));
  placeholder_ -= std::min(excess, placeholder_);
  d.rendition = q;
  return d;
}

}  // namespace streamforge::abr

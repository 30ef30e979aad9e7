#include "av/damage_log.h"

#include <algorithm>
#include <cmath>

namespace streamforge::av {

void DamageLog::record(int stream_index, double seconds) {
  ++events_;
  auto it = last_span_.find(stream_index);
  if (it != last_span_.end()) {
    DamagedSpan& last = spans_[it->second];
    if (seconds <= last.to_seconds + kJoinSeconds || spans_.size() >= kMaxSpans) {
      last.from_seconds = std::min(last.from_seconds, seconds);
      last.to_seconds = std::max(last.to_seconds, seconds);
      ++last.events;
      return;
    }
  }
  // Past kMaxSpans only a stream without any span yet gets a new one (it extended its last above).
  last_span_[stream_index] = spans_.size();
  spans_.push_back(DamagedSpan{stream_index, seconds, seconds, 1});
}

std::optional<DamagedSpan> DamageLog::video_picture(int stream_index, double seconds, double picture_seconds) {
  const double previous = last_picture_seconds_;
  const bool had_previous = has_picture_;
  last_picture_seconds_ = seconds;
  has_picture_ = true;
  if (!had_previous) {
    steady_intervals_ = 0;
    return std::nullopt;
  }
  const double interval = seconds - previous;
  // A hole right after damage (within kHoleWatchSeconds of the stream's latest span, not far
  // before it): widen that span over it.
  if (auto it = last_span_.find(stream_index); interval > 1.5 * picture_seconds && it != last_span_.end()) {
    DamagedSpan& span = spans_[it->second];
    if (previous <= span.to_seconds + kHoleWatchSeconds && seconds >= span.from_seconds - kJoinSeconds) {
      span.from_seconds = std::min(span.from_seconds, previous);
      span.to_seconds = std::max(span.to_seconds, seconds);
      steady_intervals_ = 0;
      return std::nullopt;
    }
  }
  // A hole in a steady cadence with no damage reported: data lost without a trace (a Matroska
  // demuxer resyncing past broken bytes to the next cluster, a capture that dropped packets).
  const bool steady_before = steady_intervals_ >= kSteadyIntervals;
  const bool on_cadence = std::abs(interval - picture_seconds) <= 0.1 * picture_seconds;
  // A long steady run survives a stutter or two (a hole often comes after a shorter one); a
  // variable-frame-rate source, off its nominal cadence every few pictures, never gets steady.
  steady_intervals_ = on_cadence ? std::min(steady_intervals_ + 1, 2 * kSteadyIntervals)
                                 : std::max(steady_intervals_ - kSteadyIntervals / 2, 0);
  if (!steady_before || interval < std::max(2.5 * picture_seconds, kMissingPicturesSeconds)) return std::nullopt;
  if (watching_skips_ && !skip_near(previous, seconds)) return std::nullopt;  // every byte was there: a pause
  record(stream_index, previous);
  DamagedSpan& span = spans_[last_span_.at(stream_index)];
  span.to_seconds = std::max(span.to_seconds, seconds);
  return DamagedSpan{stream_index, previous, seconds, 1};
}

void DamageLog::forget_pictures() { has_picture_ = false; }

void DamageLog::watch_byte_skips(double bytes_per_second) {
  watching_skips_ = true;
  min_skip_bytes_ = std::max<int64_t>(1024, std::llround(kSkipSeconds * std::max(bytes_per_second, 0.0)));
}

void DamageLog::bytes_skipped(double seconds, int64_t bytes) {
  if (!watching_skips_ || bytes < min_skip_bytes_) return;
  skip_seconds_.push_back(seconds);
  if (skip_seconds_.size() > kMaxSkips) skip_seconds_.pop_front();
}

// The packet a skip led to is read before the decoder gives the picture after the hole, and the
// stream that resumes first may be another one (an audio packet opening the next cluster); a
// second's slack either side covers both.
bool DamageLog::skip_near(double from_seconds, double to_seconds) const {
  return std::any_of(skip_seconds_.begin(), skip_seconds_.end(), [&](double t) {
    return t >= from_seconds - kJoinSeconds && t <= to_seconds + kJoinSeconds;
  });
}

std::vector<DamagedSpan> DamageLog::spans() const { return merge_damaged_spans(spans_, kJoinSeconds); }

}  // namespace streamforge::av

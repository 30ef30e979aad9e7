#include "av/damage_log.h"

#include <algorithm>

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

void DamageLog::video_picture(int stream_index, double seconds, double picture_seconds) {
  auto it = last_span_.find(stream_index);
  if (it != last_span_.end()) {
    const DamagedSpan& span = spans_[it->second];
    if (span.to_seconds + kHoleWatchSeconds > hole_watch_until_ || hole_stream_ != stream_index) {
      hole_watch_until_ = span.to_seconds + kHoleWatchSeconds;
      hole_stream_ = stream_index;
    }
  }
  const double previous = last_picture_seconds_;
  const bool had_previous = has_picture_;
  last_picture_seconds_ = seconds;
  has_picture_ = true;
  if (!had_previous || stream_index != hole_stream_ || previous > hole_watch_until_ || seconds - previous <= 1.5 * picture_seconds) return;
  DamagedSpan& span = spans_[last_span_.at(stream_index)];
  // Only a hole next to the span: a jump far before it is the source's own timing.
  if (seconds < span.from_seconds - kJoinSeconds) return;
  span.from_seconds = std::min(span.from_seconds, previous);
  span.to_seconds = std::max(span.to_seconds, seconds);
}

void DamageLog::forget_pictures() { has_picture_ = false; }

std::vector<DamagedSpan> DamageLog::spans() const { return merge_damaged_spans(spans_, kJoinSeconds); }

}  // namespace streamforge::av

// Private (no FFmpeg types): the source reader's record of where its source is damaged, as
// DamagedSpans (see streamforge/media/damaged_span.h). Times are seconds on the source's
// timeline; the reader gives them relative to the container's start, which is the output's 0.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "streamforge/media/damaged_span.h"

namespace streamforge::av {

class DamageLog {
 public:
  // One damage event: a corrupt packet, an undecodable packet, a picture with concealed errors.
  // Events of one stream less than a second apart extend one span.
  void record(int stream_index, double seconds);

  // A decoded video picture at `seconds`, one picture lasting `picture_seconds`. Shortly after a
  // video event, a jump in picture times longer than 1.5 pictures is the hole the damage left
  // (the pictures that could not be decoded at all): the span is widened over it. Without an
  // event, a hole of at least kMissingPicturesSeconds (and 2.5 pictures) in a steady cadence is
  // damage of its own: recorded, and returned (from the picture before it to the one after it). A
  // variable-frame-rate source has no steady cadence, so its pauses are not mistaken for holes.
  std::optional<DamagedSpan> video_picture(int stream_index, double seconds, double picture_seconds);

  // After a seek: the next picture does not follow the last one.
  void forget_pictures();

  // Containers that store packets back to back (Matroska/WebM, MP4/MOV, FLV, AVI) show where
  // their demuxer skipped broken bytes to resync: the reader reports each jump past where the
  // last packet ended (bytes_skipped). Once watching, a cadence hole with no skip around it is a
  // pause the file was written with (a browser recording while its tab was hidden), not damage.
  // `bytes_per_second`: the file's average rate (0 if unknown).
  void watch_byte_skips(double bytes_per_second);
  // The demuxer read on `bytes` after the end of the last packet, to a packet at `seconds`.
  // Jumps of less than kSkipSeconds of the file's bytes (and 1 KiB) are the container's own
  // headers or packets of streams nobody reads; they are ignored.
  void bytes_skipped(double seconds, int64_t bytes);

  bool empty() const { return spans_.empty(); }
  int64_t events() const { return events_; }
  std::vector<DamagedSpan> spans() const;  // sorted by stream and time

 private:
  static constexpr double kJoinSeconds = 1.0;
  // A source broken everywhere (random bytes after a valid header) would otherwise make one span
  // per second of a two-hour file: past this many, the last span of the stream grows instead.
  static constexpr size_t kMaxSpans = 1000;
  // How long after a video event a hole in the picture times is taken as its consequence. The
  // decoder reorders and delays pictures, so the hole shows up after the event that caused it.
  static constexpr double kHoleWatchSeconds = 2.0;
  // A cadence is steady after this many intervals of one picture (within 10 %); each interval
  // off the cadence takes half of that back (see video_picture).
  static constexpr int kSteadyIntervals = 8;
  // Shorter holes (a dropped picture or two) are a stutter, not a freeze anyone reports.
  static constexpr double kMissingPicturesSeconds = 0.25;
  static constexpr double kSkipSeconds = 0.1;
  static constexpr size_t kMaxSkips = 64;  // the latest ones: a hole is seen shortly after its skip

  bool skip_near(double from_seconds, double to_seconds) const;

  std::vector<DamagedSpan> spans_;
  std::map<int, size_t> last_span_;  // per stream: the index of its latest span in spans_
  int64_t events_ = 0;
  bool has_picture_ = false;
  double last_picture_seconds_ = 0;
  int steady_intervals_ = 0;
  bool watching_skips_ = false;
  int64_t min_skip_bytes_ = 1024;
  std::deque<double> skip_seconds_;  // where the latest skips led
};

}  // namespace streamforge::av

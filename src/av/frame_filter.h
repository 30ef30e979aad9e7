// Private: a libavfilter chain over decoded video frames ("bwdif=...", "zscale=...,tonemap=...").
// Most give one frame out per frame in, with the input's timestamps (a field-rate deinterlacer
// gives two, in a finer time base; inverse telecine four of five); the graph is built on the
// first frame (its size and format) and rebuilt when they change mid-stream.
#pragma once

#include <deque>
#include <string>

#include "av/ffmpeg.h"
#include "streamforge/core/result.h"

namespace streamforge::av {

class FrameFilter {
 public:
  // `description`: a libavfilter chain with one input and one output. `what` names it in errors
  // ("deinterlacing"), `off_hint` says how to turn it off.
  FrameFilter(AVRational time_base, std::string description, std::string what, std::string off_hint)
      : FrameFilter(time_base, time_base, std::move(description), std::move(what), std::move(off_hint)) {}
  // Output frames' pts in `output_time_base` (a field-rate deinterlacer's second fields fall
  // between two input ticks).
  FrameFilter(AVRational time_base, AVRational output_time_base, std::string description, std::string what,
              std::string off_hint)
      : time_base_(time_base),
        output_time_base_(output_time_base),
        description_(std::move(description)),
        what_(std::move(what)),
        off_hint_(std::move(off_hint)) {}

  // The input's nominal frame rate, for filters that need one (decimate). Before the first send().
  void set_frame_rate(AVRational rate) { frame_rate_ = rate; }

  // Feeds one frame (its pts in the input time base). Some filters need frames ahead to finish
  // the current one (bwdif one, decimate a cycle of five), so output lags input; take what is
  // ready with receive().
  Status send(FramePtr frame);
  // Pushes out the last frame(s) at the end of the input. send() may be called again afterwards
  // (the graph starts afresh), as after a seek.
  Status flush();
  // Forgets buffered frames (after a seek).
  void reset();

  // A finished frame, or nullptr when none is ready.
  Result<FramePtr> receive();

 private:
  Status configure(const AVFrame& first);
  Status drain_sink();

  AVRational time_base_, output_time_base_;
  AVRational frame_rate_{0, 1};
  std::string description_, what_, off_hint_;
  FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
  int width_ = 0, height_ = 0, format_ = -1;
  std::deque<FramePtr> ready_;
};

}  // namespace streamforge::av

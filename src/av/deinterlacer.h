// Private: turns interlaced decoded pictures into progressive ones with FFmpeg's bwdif filter,
// one output frame per input frame (field-rate output would change the frame count and the GOP
// arithmetic every rung relies on). Used by SourceReader, between the decoder and the scalers.
#pragma once

#include <deque>

#include "av/ffmpeg.h"
#include "streamforge/core/result.h"

namespace streamforge::av {

class Deinterlacer {
 public:
  // only_flagged: deinterlace frames the decoder marks interlaced and pass progressive ones
  // through (mixed broadcast content); otherwise every frame.
  Deinterlacer(AVRational time_base, bool only_flagged) : time_base_(time_base), only_flagged_(only_flagged) {}

  // Feeds one decoded frame (its pts in time_base). bwdif needs the next frame to finish the
  // current one, so output lags input by a frame; take what is ready with receive().
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

  AVRational time_base_;
  bool only_flagged_;
  FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
  int width_ = 0, height_ = 0, format_ = -1;
  std::deque<FramePtr> ready_;
};

}  // namespace streamforge::av

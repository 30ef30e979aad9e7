// Private: the body of the public Frame handle — an owned AVFrame reference.
#pragma once

#include "av/ffmpeg.h"
#include "streamforge/media/frame.h"

namespace streamforge {

struct FrameData {
  av::FramePtr frame;
  Rational time_base{1, 1};
  // Set by the decoder stage: this frame starts a GOP on every rung (an aligned keyframe).
  bool force_keyframe = false;
};

namespace av {
// Wrap an AVFrame (takes ownership) in a public handle.
inline Frame make_frame_handle(FramePtr f, Rational time_base, bool force_keyframe = false) {
  auto data = std::make_shared<FrameData>();
  data->frame = std::move(f);
  data->time_base = time_base;
  data->force_keyframe = force_keyframe;
  return Frame(std::move(data));
}
}  // namespace av

}  // namespace streamforge

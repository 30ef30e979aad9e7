// Private (no FFmpeg types): holds the picture over a pause in the source's video.
//
// A source whose picture stops for a while (a browser recording while its tab was hidden, a
// capture that lost its video, a screen recorder with nothing to send) has a hole in its video
// timestamps while the sound goes on. Players of HLS and DASH buffer a track only where it has
// frames: after a 3 s hole dash.js kept the picture before it frozen to the end of the title,
// while the sound played on. So the engine holds the picture over such a hole: copies of the last
// picture at the source's nominal rate, as ffmpeg's -vsync cfr does. Shorter irregular spacing (a
// variable-frame-rate phone recording) is left as it is.
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/rational.h"
#include "streamforge/media/frame.h"

namespace streamforge::av {

class PictureHold {
 public:
  // `time_base` of the frames' pts; `frame_rate`: the nominal rate the copies follow (unknown, as
  // for many variable-frame-rate files: the spacing of the last two pictures). Copies come at
  // most 60 times a second, whatever a stream declares.
  PictureHold(Rational time_base, Rational frame_rate);

  // The copies of the last picture that fill the hole before a picture at `pts` (none unless the
  // hole is at least kMinHoleSeconds and 2.5 pictures long), each one picture after the other,
  // all before `pts` and before `until` (a chunk's end). Then call picture().
  std::vector<Frame> fill_before(int64_t pts, int64_t until = INT64_MAX);
  // The picture just handed on (a real one): the next hole is measured from it.
  void picture(const Frame& frame);
  // After a seek: the next picture does not follow the last one.
  void forget() { has_last_ = false; }

  int64_t held_pictures() const { return held_; }
  double held_seconds() const;
  double step_seconds() const { return static_cast<double>(step()) * time_base_.to_double(); }  // one copy's

  static constexpr double kMinHoleSeconds = 0.25;

 private:
  int64_t step() const;  // between copies, in time_base_

  Rational time_base_;
  int64_t nominal_ticks_ = 0;  // one picture at the nominal rate, in time_base_ (0: unknown)
  int64_t min_step_ = 1;       // 1/60 s
  int64_t min_hole_ticks_ = 1;  // kMinHoleSeconds
  bool has_last_ = false;
  Frame last_;
  int64_t last_interval_ = 0;  // between the last two real pictures
  int64_t held_ = 0;
  int64_t held_ticks_ = 0;
};

}  // namespace streamforge::av

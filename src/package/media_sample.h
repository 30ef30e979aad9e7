// Private: one access unit on the packager's timeline -- times already converted to the
// track's timescale and shifted onto the title timeline (never negative).
#pragma once

#include <cstdint>

#include "streamforge/core/bytes.h"

namespace streamforge::package {

struct MediaSample {
  SharedBytes data;       // as the container stores it (length-prefixed NAL units for H.264/HEVC)
  int64_t dts = 0;        // decode time, track timescale, >= 0
  int64_t pts = 0;        // presentation time, track timescale, >= 0
  int64_t duration = 0;   // filled in when the next sample (or the end) is known
  bool sync = false;      // random access point
  // How far decode times were moved later to keep them >= 0 (B-frames make the first dts
  // negative): CMAF stores it as a negative composition offset; MPEG-TS, where PTS >= DTS is
  // required, takes it back out (dts - decode_extra) and offsets the whole clock instead.
  int64_t decode_extra = 0;
};

}  // namespace streamforge::package

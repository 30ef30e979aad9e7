// An encoded access unit on its way from an encoder or demuxer to a sink.
#pragma once

#include <cstdint>

#include "streamforge/core/bytes.h"
#include "streamforge/core/rational.h"

namespace streamforge {

struct Packet {
  // Sample bytes. For H.264/HEVC: length-prefixed NAL units (4-byte big-endian lengths, ISO/IEC
  // 14496-15 sample format), never Annex B start codes. Immutable and shared.
  SharedBytes data;
  int64_t pts = kNoTimestamp;  // presentation time, in time_base units
  int64_t dts = kNoTimestamp;  // decode time, in time_base units
  int64_t duration = 0;        // in time_base units (0 when unknown)
  Rational time_base{1, 90000};
  bool keyframe = false;       // a random access point (IDR / closed-GOP I frame / audio frame)
  int stream_index = 0;        // which stream of the sink this belongs to
};

}  // namespace streamforge

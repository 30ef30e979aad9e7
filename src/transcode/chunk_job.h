// Private: a chunk of chunked mode as a value. JSON-serialisable, so a later job queue can ship it
// to another machine: the worker needs only the source (a path or URL it can open) and this.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"
#include "streamforge/transcode/ladder_spec.h"

namespace streamforge {

struct ChunkJob {
  std::string source;
  LadderSpec spec;            // the user's spec (re-resolved identically on the worker)
  int index = 0;
  int count = 1;
  int64_t start_pts = 0;      // first frame with pts >= start_pts belongs to this chunk
  int64_t end_pts = INT64_MAX;  // frames with pts >= end_pts belong to the next chunk
  // Frames in [warmup_start_pts, start_pts) are encoded to warm the encoders' rate control, and
  // their packets dropped (see TranscodeOptions::chunk_warmup_gops). INT64_MAX: no warm-up.
  int64_t warmup_start_pts = INT64_MAX;
  int64_t origin_pts = 0;     // the video stream's start: GOP boundaries count from here
  Rational time_base{1, 90000};
  int encoder_threads = 1;
  bool fail_on_damage = false;  // TranscodeOptions::fail_on_damage

  std::string to_json() const;
  static Result<ChunkJob> from_json(std::string_view json);
};

}  // namespace streamforge

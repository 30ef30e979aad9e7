// Private: chunked mode. The source is cut at GOP boundaries into chunks; each chunk is a
// self-contained job (ChunkJob: JSON-serialisable, so a later job queue can ship it to another
// machine) encoded on a pool of threads; results are stitched in order into the sink, so the
// sink cannot tell chunked from one-pass output.
#pragma once

#include <string>
#include <vector>

#include "transcode/one_pass.h"

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

  std::string to_json() const;
  static Result<ChunkJob> from_json(std::string_view json);
};

struct ChunkResult {
  int index = 0;
  int64_t source_frames = 0;
  std::vector<std::vector<Packet>> packets;  // per video rung, in decode order
};

// Encodes one chunk (any thread, any machine with the source).
Result<ChunkResult> encode_chunk(const ChunkJob& job, const ResolvedLadder& ladder, const CancelToken& cancel);

Status run_chunked(const std::string& source, const LadderSpec& spec, const ResolvedLadder& ladder,
                   SerializedSink& sink, JobState& job, const TranscodeOptions& options, JobCounters& counters);

}  // namespace streamforge

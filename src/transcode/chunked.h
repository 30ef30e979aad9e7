// Private: chunked mode. The source is cut at GOP boundaries into chunks; each chunk is a
// self-contained job (ChunkJob: JSON-serialisable, so a later job queue can ship it to another
// machine) encoded on a pool of threads; results are stitched in order into the sink, so the
// sink cannot tell chunked from one-pass output.
#pragma once

#include <optional>

#include <string>
#include <vector>

#include "transcode/chunk_job.h"
#include "transcode/one_pass.h"

namespace streamforge {

struct ChunkResult {
  int index = 0;
  int64_t source_frames = 0;
  std::vector<std::vector<Packet>> packets;  // per video rung, in decode order
  // Damage the chunk's reader found in the chunk's own stretch (not in its warm-up or the frames
  // decoded to reach its start: the chunk before reports those).
  std::vector<DamagedSpan> damage;
  // Copies of a picture held over a pause in the source's video, in its own range (av/picture_hold.h).
  double held_seconds = 0;
  // Where its last picture ends on the source's timeline (seconds; unset without one).
  std::optional<double> picture_end;
};

// Encodes one chunk (any thread, any machine with the source).
Result<ChunkResult> encode_chunk(const ChunkJob& job, const ResolvedLadder& ladder, const CancelToken& cancel);

Status run_chunked(const std::string& source, const LadderSpec& spec, const ResolvedLadder& ladder,
                   SerializedSink& sink, JobState& job, const TranscodeOptions& options, JobCounters& counters);

}  // namespace streamforge

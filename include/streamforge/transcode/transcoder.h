// The ladder engine: decode a source once, scale once per distinct output size, encode every
// rung in parallel with keyframes at identical timestamps, hand packets to a PacketSink.
#pragma once

#include <string>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/progress.h"
#include "streamforge/core/result.h"
#include "streamforge/media/damaged_span.h"
#include "streamforge/media/packet_sink.h"
#include "streamforge/transcode/ladder_spec.h"

namespace streamforge {

struct TranscodeOptions {
  // 0 or 1: one pass. N > 1: chunked mode — the source is cut at GOP boundaries into N chunks
  // encoded independently (in parallel on `chunk_workers` threads) and stitched in order.
  int chunks = 0;
  int chunk_workers = 0;        // 0 = hardware threads
  // Chunked mode: GOPs each chunk (but the first) encodes before its own start and throws away,
  // so its encoders begin with warmed-up rate control. Chunks encoded cold undershoot their
  // bitrate and lose ~2.7 dB at 360p with 2.5 s chunks (benchmarks/RESULTS.md); one GOP of
  // warm-up brings them back to one-pass quality. Costs that many extra GOPs of encoding per
  // chunk. 0 = off. The output's frames, timestamps and keyframes do not depend on it.
  int chunk_warmup_gops = 1;
  int queue_frames = 6;         // capacity of each bounded queue between stages (memory bound)
  // Threads per video encoder in one-pass mode. 0: the engine decides (weights rungs by pixel
  // rate so the largest rung is not a serial bottleneck); -1: each encoder's own auto setting;
  // N > 0: exactly N. A rung's own `threads` wins over all of these. Output is bit-exact from
  // run to run only with 1 (measured: libx264 with frame threads and a VBV buffer gave slightly
  // different files on each run), at a cost in speed.
  int encoder_threads = 0;
  // A damaged source (corrupt or missing data, undecodable packets: TranscodeReport::damage)
  // fails the job with kDataLoss, naming where, and leaves no output. Off: the decoders conceal
  // the damage as players do, the job succeeds, and the report lists the damaged spans.
  bool fail_on_damage = false;
  ProgressFn progress;          // called from a streamforge thread about 4x per second
  CancelToken cancel;           // cancel() from any thread: the job stops within a second
};

struct RenditionReport {
  int index = 0;
  std::string name;
  MediaType type = MediaType::kUnknown;
  Codec codec = Codec::kUnknown;
  int width = 0, height = 0;
  int64_t packets = 0;          // frames (video) or audio packets
  int64_t keyframes = 0;
  int64_t bytes = 0;
  double duration_seconds = 0;  // first pts to last pts + duration
  double bitrate_kbps = 0;      // measured: bytes * 8 / duration
  // Audio: silence put into gaps in the source's audio (dropouts, splices, a late start) so the
  // audio after them stays in sync with the video, and after audio that ends before the picture
  // (players stall where one track of a title ends early). Video: the time the picture was held
  // (the last picture repeated at the nominal rate) over pauses of 0.25 s or more in the source's
  // video, where players would stall or freeze.
  double gap_fill_seconds = 0;
};

struct TranscodeReport {
  ResolvedLadder ladder;
  std::vector<RenditionReport> renditions;
  int64_t source_frames = 0;    // video pictures the rungs were made from: the decoded frames, twice
                                // them at deinterlace_rate field, 4/5 with inverse telecine
  int64_t decode_errors = 0;    // corrupt packets skipped
  // Where the source is damaged (concealed, since fail_on_damage was off), per source stream on
  // the output's timeline: check the output there, or refuse the upload. Empty for a clean source.
  std::vector<DamagedSpan> damage;
  double wall_seconds = 0;
  double source_fps = 0;        // source frames per wall-clock second
  int chunks = 1;
  std::string to_json(int indent = 2) const;
};

// Thread-safety: each call is independent; `sink` must not be shared with another job.
// On success the sink got on_end(); on error or cancellation it got on_abort() and the
// returned Status says why (kCancelled for cancellation).
Result<TranscodeReport> transcode(const std::string& source, const LadderSpec& spec, PacketSink& sink,
                                  const TranscodeOptions& options = {});

// transcode() into a folder of MP4 files, one per rendition ("720p.mp4", "audio_aac_128k.mp4"),
// plus "streams.json" and "report.json". Nothing is left in the folder on failure.
Result<TranscodeReport> transcode_to_folder(const std::string& source, const std::string& folder,
                                            const LadderSpec& spec, const TranscodeOptions& options = {});

}  // namespace streamforge

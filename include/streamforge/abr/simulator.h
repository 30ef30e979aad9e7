// The trace-driven, segment-level simulator of the Pensieve evaluation (Mao et al., SIGCOMM 2017;
// its `fixed_env.py`, which the MPC and Pensieve papers' numbers come from), reproduced step for
// step so results compare with the literature:
//  - the link delivers throughput_Mbps * 1e6 / 8 * dt * payload_factor bytes per trace interval,
//    walking the trace rows; past the last row it wraps to row 1 with time 0;
//  - a segment's download delay = time to deliver its bytes + the RTT (x U(0.9, 1.1) with noise);
//  - rebuffer = max(delay - buffer, 0); buffer = max(buffer - delay, 0) + segment duration;
//  - above max_buffer_seconds the player sleeps in drain_step_seconds steps until it is back under
//    (trace time advances, the buffer drains);
//  - the first segment is fetched at `first_rendition` and is not scored (startup).
// The video is the controller's ladder (its per-segment sizes; nominal sizes where none are given).
//
// Thread-safety: reentrant; simulate() uses only its arguments (one controller per thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "streamforge/abr/controller.h"
#include "streamforge/abr/decision.h"
#include "streamforge/abr/trace.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

struct SimOptions {
  double payload_factor = 0.95;      // PACKET_PAYLOAD_PORTION
  double rtt_seconds = 0.08;         // LINK_RTT
  double max_buffer_seconds = 60;    // BUFFER_THRESH
  double drain_step_seconds = 0.5;   // DRAIN_BUFFER_SLEEP_TIME
  int segments = 48;                 // TOTAL_VIDEO_CHUNCK; 0 = every segment the ladder has sizes for
  int first_rendition = 1;           // DEFAULT_QUALITY (750 kbit/s in the reference ladder)
  bool noise = false;                // multiply each delay by U(noise_low, noise_high) (env.py)
  double noise_low = 0.9, noise_high = 1.1;
  uint64_t seed = 42;                // noise stream; each trace also mixes in its index

  Status validate() const;
};

struct SegmentRecord {
  int segment = 0;
  int rendition = 0;              // ladder index
  double bitrate_kbps = 0;
  double bytes = 0;
  double request_time = 0;        // session clock (s) when requested
  double download_seconds = 0;    // delay, RTT (and noise) included
  double rebuffer_seconds = 0;    // stall while it downloaded (segment 0: the startup delay)
  double sleep_seconds = 0;       // buffer-full pause after it
  double buffer_seconds = 0;      // buffer after it arrived and after the pause
  double throughput_kbps = 0;     // bytes * 8 / download_seconds, as the player measures it
  AbrReason reason = AbrReason::kStartup;  // why it was chosen (segment 0: kStartup)
};

struct SessionLog {
  std::string trace;
  std::string algorithm;
  double segment_seconds = 4;
  std::vector<SegmentRecord> segments;
};

// Plays the video once over `trace` with `controller` (reset first). `trace_index` picks the noise
// stream. Fails when the ladder has fewer segments than options.segments or first_rendition is
// out of range.
Result<SessionLog> simulate(AbrController& controller, const NetworkTrace& trace, const SimOptions& options = {},
                            int trace_index = 0);

}  // namespace streamforge::abr

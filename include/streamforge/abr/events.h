// What a player tells its ABR controller: finished downloads, the playback state at decision
// time. Plain values, no allocation.
#pragma once

#include <cstdint>

namespace streamforge::abr {

// One finished segment download.
struct DownloadRecord {
  int rendition = 0;        // index in the AbrLadder given to the controller
  int segment = 0;          // segment index (0 = first)
  uint64_t bytes = 0;       // payload bytes received
  double seconds = 0;       // request sent to last byte received (includes ttfb_seconds)
  double ttfb_seconds = 0;  // request sent to first byte (latency); 0 when unknown
};

// The player at the moment it asks which rendition to fetch next.
struct PlaybackState {
  double buffer_seconds = 0;  // media buffered ahead of the playhead
  int next_segment = 0;       // index of the segment about to be requested
  int segment_count = 0;      // segments in the presentation; 0 = unknown (live)
  double now_seconds = -1;    // player clock (monotonic); < 0 = unknown. Lets BOLA-E see idle time.
};

}  // namespace streamforge::abr

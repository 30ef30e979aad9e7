// Where a source is damaged: a stretch of one source stream in which the demuxer found broken
// data (an MPEG-TS continuity error, a capture gap) or the decoder could not decode a packet or
// concealed errors in a picture. The transcoder lists them in its report so a service can flag a
// damaged upload instead of publishing artefacts nobody looked at.
#pragma once

#include <cstdint>
#include <vector>

namespace streamforge {

struct DamagedSpan {
  int stream_index = -1;    // the source stream, as probe numbers them
  // On the output's timeline (the source's start is 0 s). A span runs from the first damaged
  // packet or picture to the last one; where video pictures are missing it reaches the first
  // picture after the hole.
  double from_seconds = 0;
  double to_seconds = 0;
  int64_t events = 0;       // corrupt packets, decode errors and concealed pictures in it

  bool operator==(const DamagedSpan&) const = default;
};

// The spans sorted by stream and time, with those of one stream that overlap or lie less than
// `join_seconds` apart joined into one (their events added up).
std::vector<DamagedSpan> merge_damaged_spans(std::vector<DamagedSpan> spans, double join_seconds = 1.0);

}  // namespace streamforge

// AbrLadder: what an ABR controller chooses from -- the renditions of one video adaptation set
// (bitrate, resolution, codec, HDR) and, when the manifest or segment index gives them, the byte
// size of every segment of every rendition. A plain value: JSON-loadable, validated up front with
// field-named errors ("renditions[2].bitrate_kbps").
//
// Thread-safety: a value; concurrent const use is safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::abr {

struct AbrRendition {
  std::string id;                       // "720p"; optional, for logs
  int bitrate_kbps = 0;                 // nominal (average) bitrate, the ladder's sort key
  int width = 0, height = 0;            // 0 when unknown (audio-only ladders, tests)
  std::string codec = "h264";           // "h264", "hevc", "vp9", "av1" (RFC 6381 prefixes also accepted)
  bool hdr = false;                     // PQ/HLG transfer: needs an HDR-capable device
  // Bytes of each segment (index 0 = first segment), when known. Empty: the controller assumes
  // bitrate_kbps * segment_seconds / 8 for every segment.
  std::vector<uint64_t> segment_bytes;
};

struct AbrLadder {
  std::vector<AbrRendition> renditions;  // any order; controllers sort by bitrate
  double segment_seconds = 4;            // duration of one segment

  // Bytes of segment `index` of rendition `r`: the known size, or the nominal one.
  double segment_size(int r, int index) const;
  // Number of segments with a known size in every rendition (0 when sizes are not given).
  int known_segments() const;

  Status validate() const;
  static Result<AbrLadder> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;

  // The 6-rung "Envivio" ladder of the Pensieve/MPC evaluations (300..4300 kbit/s, 4 s segments),
  // without segment sizes (load them with load_video_sizes()).
  static AbrLadder pensieve_reference();
};

}  // namespace streamforge::abr

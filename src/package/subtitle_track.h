// Private: a sidecar WebVTT file packaged as a subtitle rendition -- checked up front (a broken
// file fails before any encoding), stored whole as "<id>/subtitles.vtt" next to the media, and
// listed in both manifests as one segment spanning the title (HLS SUBTITLES group, DASH text
// AdaptationSet).
#pragma once

#include <set>
#include <string>

#include "package/presentation.h"
#include "streamforge/core/result.h"
#include "streamforge/package/package_spec.h"

namespace streamforge::package {

struct SubtitleTrack {
  SubtitleInput input;
  std::string id;      // "subs_en", unique among renditions
  std::string text;    // the file as read
};

// Reads and checks `input.path` (field names "subtitles[<index>]...." in errors).
Result<SubtitleTrack> load_subtitle(const SubtitleInput& input, int index, std::set<std::string>& taken_ids);

// The bytes to store. With MPEG-TS segments the HLS clock starts at `mpegts_zero_90k`, so an
// X-TIMESTAMP-MAP header (RFC 8216 3.5) ties cue time 0 to it; CMAF needs none.
std::string subtitle_file_bytes(const SubtitleTrack& track, std::optional<int64_t> mpegts_zero_90k);

// Its rendition in a presentation lasting `duration_ms`.
Rendition subtitle_rendition(const SubtitleTrack& track, uint64_t size, int64_t duration_ms);

}  // namespace streamforge::package

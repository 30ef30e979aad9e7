// Private: the text parsers behind video_sizes.h, kept apart from the filesystem so that they can
// be fuzzed (tests/fuzz/abr_inputs_fuzz.cpp): a size list (one integer per line), the segment
// entries of an HLS media playlist, and the packager's summary.json.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/abr/ladder.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

// One positive integer (bytes) per line; blank lines are skipped, anything after the first field
// is ignored. `name` prefixes errors ("video_size_3:12: ...").
Result<std::vector<uint64_t>> parse_size_list(std::string_view text, const std::string& name);

// A media segment of an HLS media playlist (RFC 8216 §4.3.2.1 EXTINF + URI, §4.3.2.2 BYTERANGE).
struct PlaylistSegment {
  std::string uri;
  std::optional<uint64_t> byte_range_length;  // set when an EXT-X-BYTERANGE precedes the URI
};
// The media segments in order; at least one.
Result<std::vector<PlaylistSegment>> parse_playlist_segments(std::string_view text, const std::string& name);

// "720p/playlist.m3u8": relative, every component a plain file name (no "..", no leading '/', no
// URL). What a summary or playlist may name, so loading never looks outside the title folder.
bool is_plain_relative_path(std::string_view path);

// The sizes of the segments of a rendition's playlist, given its path relative to the summary
// (a plain relative path: no "..", no absolute path, checked before this is called).
using PlaylistSizer = std::function<Result<std::vector<uint64_t>>(const std::string& relative_playlist)>;
// summary.json -> the video renditions as a ladder, sorted by bitrate and validated. `where`
// prefixes errors (the summary's path).
Result<AbrLadder> ladder_from_summary(std::string_view text, const std::string& where, const PlaylistSizer& sizer);

}  // namespace streamforge::abr

// Loading the video a simulation plays, as an AbrLadder with per-segment sizes:
//  - a folder of `video_size_0 .. video_size_N-1` files, one integer (bytes of one segment) per
//    line, level 0 the lowest bitrate (the Pensieve/MPC reference video's format);
//  - a packaged title: the packager's summary.json (video renditions, bitrates, sizes) and, for the
//    size of every segment, the files its HLS media playlists list (or their byte ranges).
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "streamforge/abr/ladder.h"
#include "streamforge/core/result.h"

namespace streamforge::abr {

// `bitrates_kbps`: the nominal bitrate of each level; empty = the reference ladder's
// (300..4300 kbit/s) when there are 6 files, else the mean segment size over segment_seconds.
Result<AbrLadder> load_video_sizes(const std::string& dir, const std::vector<int>& bitrates_kbps = {},
                                   double segment_seconds = 4);

// `path`: a summary.json file, or the packaged folder holding one. Every video rendition becomes
// one ladder entry (bitrate = the measured average bitrate); segment sizes come from the HLS
// media playlists when the summary names them, otherwise each segment is assumed average-sized.
Result<AbrLadder> load_package_ladder(const std::string& path);

// Either of the above: a folder with video_size_0, or a summary.json / packaged folder.
Result<AbrLadder> load_video(const std::string& path);

}  // namespace streamforge::abr

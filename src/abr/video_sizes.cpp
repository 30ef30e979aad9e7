#include "streamforge/abr/video_sizes.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "abr/text_files.h"
#include "abr/video_sizes_parse.h"

namespace streamforge::abr {
namespace {

namespace fs = std::filesystem;

// Sizes of the media segments an HLS media playlist lists: their byte ranges, or the files (which
// sit beside the playlist in the packager's layout).
Result<std::vector<uint64_t>> playlist_segment_sizes(const fs::path& playlist) {
  SF_ASSIGN_OR_RETURN(std::string text, read_text_file(playlist.string()));
  SF_ASSIGN_OR_RETURN(std::vector<PlaylistSegment> segments, parse_playlist_segments(text, playlist.string()));
  std::vector<uint64_t> sizes;
  sizes.reserve(segments.size());
  for (const PlaylistSegment& s : segments) {
    if (s.byte_range_length) {
      sizes.push_back(*s.byte_range_length);
      continue;
    }
    if (!is_plain_relative_path(s.uri)) {
      return InvalidArgumentError(playlist.string() + ": segment '" + s.uri.substr(0, 200) +
                                  "' is not a file beside the playlist (give EXT-X-BYTERANGE sizes for others)");
    }
    std::error_code ec;
    const uint64_t n = fs::file_size(playlist.parent_path() / s.uri, ec);
    if (ec) return NotFoundError(playlist.string() + ": segment '" + s.uri + "' is missing");
    sizes.push_back(n);
  }
  return sizes;
}

}  // namespace

Result<AbrLadder> load_video_sizes(const std::string& dir, const std::vector<int>& bitrates_kbps,
                                   double segment_seconds) {
  if (!(segment_seconds > 0 && segment_seconds < 3600)) {
    return InvalidArgumentError("must be in (0, 3600)", "segment_seconds");
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFoundError("no video size folder '" + dir + "'");
  AbrLadder ladder;
  ladder.segment_seconds = segment_seconds;
  for (int level = 0;; ++level) {
    fs::path file = fs::path(dir) / ("video_size_" + std::to_string(level));
    if (!fs::exists(file, ec)) break;
    SF_ASSIGN_OR_RETURN(std::string text, read_text_file(file.string()));
    AbrRendition r;
    SF_ASSIGN_OR_RETURN(r.segment_bytes, parse_size_list(text, file.filename().string()));
    ladder.renditions.push_back(std::move(r));
  }
  if (ladder.renditions.empty()) return NotFoundError("no video_size_0 in '" + dir + "'");
  const size_t n = ladder.renditions.size();
  AbrLadder reference = AbrLadder::pensieve_reference();
  if (!bitrates_kbps.empty() && bitrates_kbps.size() != n) {
    return InvalidArgumentError(std::to_string(bitrates_kbps.size()) + " bitrates given for " + std::to_string(n) +
                                " video_size files", "bitrates_kbps");
  }
  for (size_t i = 0; i < n; ++i) {
    AbrRendition& r = ladder.renditions[i];
    if (!bitrates_kbps.empty()) {
      r.bitrate_kbps = bitrates_kbps[i];
    } else if (n == reference.renditions.size()) {
      r.bitrate_kbps = reference.renditions[i].bitrate_kbps;
    } else {
      double total = 0;
      for (uint64_t b : r.segment_bytes) total += static_cast<double>(b);
      const double kbps = total * 8 / 1000 / segment_seconds / static_cast<double>(r.segment_bytes.size());
      if (!(kbps < 2e9)) {
        return InvalidArgumentError("video_size_" + std::to_string(i) + ": segments this large exceed 2 Tbit/s");
      }
      r.bitrate_kbps = std::max(1, static_cast<int>(std::lround(kbps)));
    }
    if (n == reference.renditions.size()) {
      r.width = reference.renditions[i].width;
      r.height = reference.renditions[i].height;
    }
    r.id = std::to_string(r.bitrate_kbps) + "k";
  }
  std::stable_sort(ladder.renditions.begin(), ladder.renditions.end(),
                   [](const AbrRendition& a, const AbrRendition& b) { return a.bitrate_kbps < b.bitrate_kbps; });
  SF_RETURN_IF_ERROR(ladder.validate());
  return ladder;
}

Result<AbrLadder> load_package_ladder(const std::string& path) {
  std::error_code ec;
  fs::path summary = path;
  if (fs::is_directory(summary, ec)) summary /= "summary.json";
  SF_ASSIGN_OR_RETURN(std::string text, read_text_file(summary.string()));
  return ladder_from_summary(text, summary.string(), [&](const std::string& playlist) {
    return playlist_segment_sizes(summary.parent_path() / playlist);
  });
}

Result<AbrLadder> load_video(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec) && fs::exists(fs::path(path) / "video_size_0", ec)) return load_video_sizes(path);
  if (fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "summary.json", ec)) {
    return NotFoundError("'" + path + "' holds neither video_size_0 nor summary.json");
  }
  return load_package_ladder(path);
}

}  // namespace streamforge::abr

// The text parsers behind video_sizes.h; see video_sizes_parse.h.
#include "abr/video_sizes_parse.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "abr/text_files.h"
#include "core/file_names.h"
#include "core/json_fields.h"

namespace streamforge::abr {
namespace {

using nlohmann::json;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool parse_u64(std::string_view s, uint64_t* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

bool is_plain_relative_path(std::string_view path) {
  if (path.empty() || path.size() > 1024) return false;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    if (!is_plain_file_name(path.substr(0, slash))) return false;
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (slash != std::string_view::npos && path.empty()) return false;  // trailing '/'
  }
  return true;
}

Result<std::vector<uint64_t>> parse_size_list(std::string_view text, const std::string& name) {
  std::vector<uint64_t> sizes;
  SF_RETURN_IF_ERROR(for_each_line(text, [&](std::string_view line, size_t line_no) -> Status {
    line = trim(line);
    if (line.empty()) return OkStatus();
    // The first field is the size (the reference files carry only that).
    uint64_t v = 0;
    if (!parse_u64(line.substr(0, line.find_first_of(" \t")), &v) || v == 0) {
      return InvalidArgumentError(name + ":" + std::to_string(line_no) + ": expected a positive integer (bytes)");
    }
    sizes.push_back(v);
    return OkStatus();
  }));
  if (sizes.empty()) return InvalidArgumentError(name + ": no segment sizes");
  return sizes;
}

Result<std::vector<PlaylistSegment>> parse_playlist_segments(std::string_view text, const std::string& name) {
  std::vector<PlaylistSegment> segments;
  std::optional<uint64_t> pending_range;
  SF_RETURN_IF_ERROR(for_each_line(text, [&](std::string_view line, size_t line_no) -> Status {
    if (line.empty()) return OkStatus();
    // RFC 8216 §4.3.2.2: EXT-X-BYTERANGE:<n>[@<o>] applies to the next URI.
    constexpr std::string_view kRange = "#EXT-X-BYTERANGE:";
    if (line.substr(0, kRange.size()) == kRange) {
      const std::string_view value = line.substr(kRange.size());
      uint64_t length = 0;
      if (!parse_u64(value.substr(0, value.find('@')), &length)) {
        return DataLossError(name + ":" + std::to_string(line_no) + ": bad EXT-X-BYTERANGE '" +
                             std::string(line.substr(0, 80)) + "'");
      }
      pending_range = length;
      return OkStatus();
    }
    if (line[0] == '#') return OkStatus();
    segments.push_back({std::string(line), pending_range});
    pending_range.reset();
    return OkStatus();
  }));
  if (segments.empty()) return DataLossError(name + ": the playlist lists no segment");
  return segments;
}

Result<AbrLadder> ladder_from_summary(std::string_view text, const std::string& where, const PlaylistSizer& sizer) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgumentError(where + ": not a JSON object");
  if (!j.contains("renditions") || !j["renditions"].is_array()) {
    return InvalidArgumentError(where + ": no \"renditions\" array (is this a packager summary.json?)", "renditions");
  }
  AbrLadder ladder;
  double seconds_sum = 0;
  int seconds_n = 0;
  for (size_t i = 0; i < j["renditions"].size(); ++i) {
    const json& o = j["renditions"][i];
    const std::string field = "renditions[" + std::to_string(i) + "]";
    if (!o.is_object()) return InvalidArgumentError("must be an object", field);
    // The summary has many more keys (audio, subtitles, files): only these are read, typed.
    core::JsonFieldReader rd(o, field);
    std::string type, playlist;
    AbrRendition r;
    double average_bitrate = 0, duration = 0;
    int segment_count = 0;
    rd.get("type", type);
    SF_RETURN_IF_ERROR(rd.status());
    if (type != "video") continue;
    rd.get("id", r.id);
    rd.get("width", r.width);
    rd.get("height", r.height);
    rd.get("codecs", r.codec);
    rd.get("average_bitrate", average_bitrate);
    rd.get("segment_count", segment_count);
    rd.get("duration_seconds", duration);
    rd.get("hls_playlist", playlist);
    SF_RETURN_IF_ERROR(rd.status());
    // Up to 2^31 kbit/s, the ladder's int.
    if (!(average_bitrate > 0 && average_bitrate < 2e12)) {
      return InvalidArgumentError("must be a positive number of bits per second", field + ".average_bitrate");
    }
    r.bitrate_kbps = std::max(1, static_cast<int>(std::lround(average_bitrate / 1000)));
    if (segment_count > 0 && std::isfinite(duration) && duration > 0) {
      seconds_sum += duration / segment_count;
      ++seconds_n;
    }
    if (!playlist.empty()) {
      if (!is_plain_relative_path(playlist)) {
        return InvalidArgumentError("must be a relative path inside the title folder", field + ".hls_playlist");
      }
      SF_ASSIGN_OR_RETURN(r.segment_bytes, sizer(playlist));
    }
    ladder.renditions.push_back(std::move(r));
  }
  if (ladder.renditions.empty()) return InvalidArgumentError(where + ": the summary has no video rendition", "renditions");
  if (seconds_n > 0) ladder.segment_seconds = seconds_sum / seconds_n;
  std::stable_sort(ladder.renditions.begin(), ladder.renditions.end(),
                   [](const AbrRendition& a, const AbrRendition& b) { return a.bitrate_kbps < b.bitrate_kbps; });
  SF_RETURN_IF_ERROR(ladder.validate().with_context(where));
  return ladder;
}

}  // namespace streamforge::abr

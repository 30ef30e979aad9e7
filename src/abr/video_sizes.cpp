#include "streamforge/abr/video_sizes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "abr/text_files.h"

namespace streamforge::abr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<std::vector<uint64_t>> parse_size_list(const std::string& text, const std::string& name) {
  std::vector<uint64_t> sizes;
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    if (line.empty()) continue;
    // The first field is the size (the reference files carry only that).
    std::string_view field = line.substr(0, line.find_first_of(" \t"));
    uint64_t v = 0;
    auto r = std::from_chars(field.data(), field.data() + field.size(), v);
    if (r.ec != std::errc() || r.ptr != field.data() + field.size() || v == 0) {
      return InvalidArgumentError(name + ":" + std::to_string(line_no) + ": expected a positive integer (bytes)");
    }
    sizes.push_back(v);
  }
  if (sizes.empty()) return InvalidArgumentError(name + ": no segment sizes");
  return sizes;
}

// "#EXT-X-BYTERANGE:<n>[@<o>]" -> n.
bool byte_range_length(std::string_view value, uint64_t* n) {
  std::string_view len = value.substr(0, value.find('@'));
  auto r = std::from_chars(len.data(), len.data() + len.size(), *n);
  return r.ec == std::errc() && r.ptr == len.data() + len.size();
}

// Sizes of the media segments an HLS media playlist lists: their byte ranges, or the files.
Result<std::vector<uint64_t>> playlist_segment_sizes(const fs::path& playlist) {
  SF_ASSIGN_OR_RETURN(std::string text, read_text_file(playlist.string()));
  std::vector<uint64_t> sizes;
  bool pending_range = false;
  uint64_t range = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    constexpr std::string_view kRange = "#EXT-X-BYTERANGE:";
    if (line.substr(0, kRange.size()) == kRange) {
      if (!byte_range_length(line.substr(kRange.size()), &range)) {
        return DataLossError(playlist.string() + ": bad EXT-X-BYTERANGE '" + std::string(line) + "'");
      }
      pending_range = true;
      continue;
    }
    if (line[0] == '#') continue;
    if (pending_range) {
      sizes.push_back(range);
      pending_range = false;
      continue;
    }
    std::error_code ec;
    uint64_t n = fs::file_size(playlist.parent_path() / std::string(line), ec);
    if (ec) return NotFoundError(playlist.string() + ": segment '" + std::string(line) + "' is missing");
    sizes.push_back(n);
  }
  if (sizes.empty()) return DataLossError(playlist.string() + ": the playlist lists no segment");
  return sizes;
}

}  // namespace

Result<AbrLadder> load_video_sizes(const std::string& dir, const std::vector<int>& bitrates_kbps,
                                   double segment_seconds) {
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
      r.bitrate_kbps = static_cast<int>(std::lround(total * 8 / 1000 / segment_seconds / static_cast<double>(r.segment_bytes.size())));
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

static Result<AbrLadder> ladder_from_summary(const std::string& text, const fs::path& summary) {
  const std::string where = summary.string();
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
    std::string field = "renditions[" + std::to_string(i) + "]";
    if (!o.is_object()) return InvalidArgumentError("must be an object", field);
    if (o.value("type", "") != "video") continue;
    AbrRendition r;
    r.id = o.value("id", "");
    r.width = o.value("width", 0);
    r.height = o.value("height", 0);
    r.codec = o.value("codecs", "h264");
    const double avg = o.value("average_bitrate", 0.0);
    if (!(avg > 0)) return InvalidArgumentError("must be a positive number", field + ".average_bitrate");
    r.bitrate_kbps = static_cast<int>(std::lround(avg / 1000));
    const int count = o.value("segment_count", 0);
    const double duration = o.value("duration_seconds", 0.0);
    if (count > 0 && duration > 0) {
      seconds_sum += duration / count;
      ++seconds_n;
    }
    const std::string playlist = o.value("hls_playlist", "");
    if (!playlist.empty()) {
      SF_ASSIGN_OR_RETURN(r.segment_bytes, playlist_segment_sizes(summary.parent_path() / playlist));
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

Result<AbrLadder> load_package_ladder(const std::string& path) {
  std::error_code ec;
  fs::path summary = path;
  if (fs::is_directory(summary, ec)) summary /= "summary.json";
  SF_ASSIGN_OR_RETURN(std::string text, read_text_file(summary.string()));
  try {
    return ladder_from_summary(text, summary);
  } catch (const json::exception& e) {
    // A field of the wrong type (e.g. "width": "wide"): nlohmann's value() throws.
    return InvalidArgumentError(summary.string() + ": unexpected summary shape: " + e.what());
  }
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

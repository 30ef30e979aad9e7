#include "package/subtitle_track.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "streamforge/media/webvtt.h"

namespace streamforge::package {

Result<SubtitleTrack> load_subtitle(const SubtitleInput& input, int index, std::set<std::string>& taken_ids) {
  std::string field = fmt::format("subtitles[{}].path", index);
  std::ifstream in(input.path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, fmt::format("cannot read subtitle file '{}'", input.path), field);
  std::ostringstream text;
  text << in.rdbuf();
  SubtitleTrack track;
  track.input = input;
  track.text = text.str();
  auto summary = parse_webvtt(track.text);
  if (!summary.ok()) {
    return Status(summary.status().code(), fmt::format("'{}': {}", input.path, summary.status().message()), field);
  }
  if (track.input.name.empty()) track.input.name = track.input.language;
  std::string base = "subs_" + input.language;
  track.id = base;
  for (int n = 2; taken_ids.count(track.id); ++n) track.id = fmt::format("{}_{}", base, n);
  taken_ids.insert(track.id);
  return track;
}

std::string subtitle_file_bytes(const SubtitleTrack& track, std::optional<int64_t> mpegts_zero_90k) {
  if (!mpegts_zero_90k) return track.text;
  // Insert the map on the line after the signature (the header block).
  std::string text = track.text;
  size_t line_end = text.find('\n');
  std::string map = fmt::format("X-TIMESTAMP-MAP=MPEGTS:{},LOCAL:00:00:00.000", *mpegts_zero_90k);
  if (line_end == std::string::npos) return text + "\n" + map + "\n";
  return text.insert(line_end + 1, map + "\n");
}

Rendition subtitle_rendition(const SubtitleTrack& track, uint64_t size, int64_t duration_ms) {
  Rendition r;
  r.id = track.id;
  r.type = MediaType::kSubtitle;
  r.container = SegmentContainer::kWebVtt;
  r.mime_type = "text/vtt";
  r.timescale = 1000;
  r.language = track.input.language;
  r.label = track.input.name;
  r.is_default = track.input.is_default;
  r.folder = track.id;
  r.segments.push_back({0, duration_ms, size, "subtitles.vtt", std::nullopt});
  return r;
}

}  // namespace streamforge::package

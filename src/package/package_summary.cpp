#include "package/package_summary.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace streamforge {
namespace package {

void measure_bitrates(Rendition& r) {
  uint64_t peak = 0, bytes = 0;
  int64_t ticks = 0;
  for (const Segment& s : r.segments) {
    bytes += s.size;
    ticks += s.duration;
    if (s.duration > 0) {
      auto bps = static_cast<uint64_t>(std::ceil(static_cast<double>(s.size) * 8.0 * r.timescale / s.duration));
      peak = std::max(peak, bps);
    }
  }
  r.peak_bitrate = peak;
  r.average_bitrate =
      ticks > 0 ? static_cast<uint64_t>(std::ceil(static_cast<double>(bytes) * 8.0 * r.timescale / ticks)) : 0;
}

void fill_summary(PackageSummary& summary, const Presentation& main, const Presentation* hls) {
  summary.duration_seconds = main.duration.to_double();
  summary.renditions.clear();
  summary.total_bytes = 0;
  for (const Rendition& r : main.renditions) {
    RenditionSummary s;
    s.id = r.id;
    s.type = r.type == MediaType::kVideo ? "video" : r.type == MediaType::kAudio ? "audio" : "subtitle";
    s.codecs = r.codecs;
    s.width = r.width;
    s.height = r.height;
    s.frame_rate = r.frame_rate.to_double();
    s.sample_rate = r.sample_rate;
    s.channels = r.channels;
    s.language = r.language;
    s.peak_bitrate = r.peak_bitrate;
    s.average_bitrate = r.average_bitrate;
    s.segment_count = static_cast<int>(r.segments.size());
    int64_t ticks = 0;
    for (const Segment& seg : r.segments) {
      s.bytes += seg.size;
      ticks += seg.duration;
    }
    if (r.init_range) s.bytes += r.init_range->size + (r.index_range ? r.index_range->size : 0);
    s.duration_seconds = r.timescale ? static_cast<double>(ticks) / r.timescale : 0;
    s.init = r.init_uri;
    if (hls) {
      for (const Rendition& h : hls->renditions) {
        if (h.id == r.id) s.hls_playlist = h.playlist_uri;
      }
    }
    summary.total_bytes += s.bytes;
    summary.renditions.push_back(std::move(s));
  }
}

}  // namespace package

std::string PackageSummary::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["storage"] = storage;
  j["duration_seconds"] = duration_seconds;
  j["hls_master"] = hls_master;
  j["dash_manifest"] = dash_manifest;
  j["total_bytes"] = total_bytes;
  j["wall_seconds"] = wall_seconds;
  j["warnings"] = warnings;
  j["thumbnails_vtt"] = thumbnails_vtt;
  j["sprite_count"] = sprite_count;
  auto& posters_json = j["posters"] = nlohmann::ordered_json::array();
  for (const PosterSummary& p : posters) {
    posters_json.push_back({{"fraction", p.fraction}, {"time_seconds", p.time_seconds}, {"key", p.key},
                            {"width", p.width}, {"height", p.height}});
  }
  auto& list = j["renditions"] = nlohmann::ordered_json::array();
  for (const RenditionSummary& r : renditions) {
    nlohmann::ordered_json o;
    o["id"] = r.id;
    o["type"] = r.type;
    o["codecs"] = r.codecs;
    if (r.type == "video") {
      o["width"] = r.width;
      o["height"] = r.height;
      o["frame_rate"] = r.frame_rate;
    } else {
      o["sample_rate"] = r.sample_rate;
      o["channels"] = r.channels;
      o["language"] = r.language;
    }
    o["peak_bitrate"] = r.peak_bitrate;
    o["average_bitrate"] = r.average_bitrate;
    o["segment_count"] = r.segment_count;
    o["bytes"] = r.bytes;
    o["duration_seconds"] = r.duration_seconds;
    if (r.type == "audio") {
      o["lead_dropped_seconds"] = r.lead_dropped_seconds;
      o["gap_fill_seconds"] = r.gap_fill_seconds;
    }
    o["init"] = r.init;
    o["hls_playlist"] = r.hls_playlist;
    list.push_back(std::move(o));
  }
  return j.dump(indent);
}

}  // namespace streamforge

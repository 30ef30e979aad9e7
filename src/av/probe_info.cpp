// ProbeInfo's accessors and printers: plain data, no FFmpeg (so the spec parsers that resolve a
// ladder against a ProbeInfo link without it, e.g. in the fuzz targets). probe() is in probe.cpp.
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "streamforge/av/probe.h"

namespace streamforge {

const ProbeStream* ProbeInfo::first_video() const {
  for (auto& s : streams)
    if (s.type == MediaType::kVideo) return &s;
  return nullptr;
}
const ProbeStream* ProbeInfo::first_audio() const {
  for (auto& s : streams)
    if (s.type == MediaType::kAudio) return &s;
  return nullptr;
}

const ProbeStream* ProbeInfo::main_audio() const {
  for (auto& s : streams)
    if (s.type == MediaType::kAudio && s.default_track) return &s;
  return first_audio();
}

bool ProbeStream::interlaced() const {
  return field_order == "tff" || field_order == "bff" || field_order == "tb" || field_order == "bt";
}

bool ProbeStream::pulldown_rate() const { return std::abs(frame_rate.to_double() - 30000.0 / 1001) < 0.1; }

namespace {
nlohmann::json rational_json(Rational r) { return r.to_string(); }
}  // namespace

std::string to_json(const ProbeInfo& info, int indent) {
  using nlohmann::json;
  json j;
  j["path"] = info.path;
  j["container"] = info.container;
  j["duration_seconds"] = info.duration_seconds;
  j["start_seconds"] = info.start_seconds;
  j["size_bytes"] = info.size_bytes;
  j["bitrate"] = info.bitrate;
  j["streams"] = json::array();
  for (auto& s : info.streams) {
    json o;
    o["index"] = s.index;
    o["type"] = std::string(media_type_name(s.type));
    o["codec"] = std::string(codec_name(s.codec));
    o["codec_name"] = s.codec_name;
    if (!s.profile.empty()) o["profile"] = s.profile;
    if (s.level) o["level"] = s.level;
    if (!s.codec_string.empty()) o["codec_string"] = s.codec_string;
    o["bitrate"] = s.bitrate;
    o["duration_seconds"] = s.duration_seconds;
    if (s.frame_count) o["frame_count"] = s.frame_count;
    o["language"] = s.language;
    o["default"] = s.default_track;
    if (s.type == MediaType::kVideo) {
      o["width"] = s.width;
      o["height"] = s.height;
      o["sample_aspect_ratio"] = rational_json(s.sample_aspect_ratio);
      o["display_aspect_ratio"] = rational_json(s.display_aspect_ratio);
      o["display_width"] = s.display_width;
      o["display_height"] = s.display_height;
      o["frame_rate"] = rational_json(s.frame_rate);
      o["frame_rate_fps"] = s.frame_rate.to_double();
      o["variable_frame_rate"] = s.variable_frame_rate;
      o["pixel_format"] = s.pixel_format;
      o["bit_depth"] = s.bit_depth;
      o["chroma_subsampling"] = s.chroma_subsampling;
      o["color_primaries"] = s.color_primaries;
      o["color_transfer"] = s.color_transfer;
      o["color_matrix"] = s.color_matrix;
      o["color_range"] = s.color_range;
      o["hdr"] = s.hdr;
      if (const auto& m = s.mastering_display) {
        // Chromaticity (x, y) and cd/m2, as ffprobe and HDR tooling print them.
        auto xy = [](uint16_t x, uint16_t y) { return nlohmann::json::array({x / 50000.0, y / 50000.0}); };
        o["mastering_display"] = {{"green", xy(m->primaries_x[0], m->primaries_y[0])},
                                  {"blue", xy(m->primaries_x[1], m->primaries_y[1])},
                                  {"red", xy(m->primaries_x[2], m->primaries_y[2])},
                                  {"white_point", xy(m->white_point_x, m->white_point_y)},
                                  {"max_luminance", m->max_luminance / 10000.0},
                                  {"min_luminance", m->min_luminance / 10000.0}};
      }
      if (const auto& c = s.content_light_level) {
        o["content_light_level"] = {{"max_cll", c->max_cll}, {"max_fall", c->max_fall}};
      }
      o["rotation"] = s.rotation;
      o["field_order"] = s.field_order;
      o["interlaced"] = s.interlaced();
      o["field_coded"] = s.field_coded;
      o["telecined"] = s.telecined;
    } else if (s.type == MediaType::kAudio) {
      o["sample_rate"] = s.sample_rate;
      o["channels"] = s.channels;
      o["channel_layout"] = s.channel_layout;
      o["sample_format"] = s.sample_format;
    }
    j["streams"].push_back(std::move(o));
  }
  return j.dump(indent);
}

std::string to_text(const ProbeInfo& info) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(2);
  out << info.path << ": " << info.container << ", ";
  // A raw elementary stream (.h264, .hevc) has no index: FFmpeg cannot tell its duration or
  // bitrate without reading all of it, and "0.00 s" would read as an empty file.
  if (info.duration_seconds > 0) {
    out << info.duration_seconds << " s";
  } else {
    out << "duration unknown";
  }
  if (info.start_seconds != 0) out << " from " << info.start_seconds << " s";
  out << ", " << info.size_bytes << " bytes";
  if (info.bitrate > 0) out << ", " << info.bitrate / 1000 << " kb/s";
  out << "\n";
  for (auto& s : info.streams) {
    out << "  #" << s.index << " " << media_type_name(s.type) << ": " << s.codec_name;
    if (!s.profile.empty()) out << " (" << s.profile << ")";
    if (!s.codec_string.empty()) out << " [" << s.codec_string << "]";
    if (s.type == MediaType::kVideo) {
      out << ", " << s.width << "x" << s.height << " SAR " << s.sample_aspect_ratio.to_string() << " DAR "
          << s.display_aspect_ratio.to_string() << ", " << s.frame_rate.to_double() << " fps"
          << (s.variable_frame_rate ? " (variable)" : "") << ", " << s.pixel_format << " " << s.bit_depth << "-bit";
      if (s.hdr != "sdr") out << " " << s.hdr;
      if (s.mastering_display) {
        out << " (mastering " << s.mastering_display->max_luminance / 10000.0 << "/"
            << s.mastering_display->min_luminance / 10000.0 << " cd/m2)";
      }
      if (s.content_light_level) {
        out << " (MaxCLL " << s.content_light_level->max_cll << ", MaxFALL " << s.content_light_level->max_fall << ")";
      }
      if (!s.color_primaries.empty()) out << " " << s.color_primaries << "/" << s.color_transfer << "/" << s.color_matrix;
      if (s.rotation) out << ", rotated " << s.rotation << "°";
      if (s.interlaced()) out << ", interlaced (" << s.field_order << (s.field_coded ? ", field-coded" : "") << ")";
      if (s.telecined) out << ", telecined film (3:2 pulldown)";
    } else if (s.type == MediaType::kAudio) {
      out << ", " << s.sample_rate << " Hz, " << s.channels << " ch (" << s.channel_layout << ")";
    }
    if (s.bitrate) out << ", " << s.bitrate / 1000 << " kb/s";
    if (s.language != "und") out << ", lang " << s.language;
    out << "\n";
  }
  return out.str();
}

}  // namespace streamforge

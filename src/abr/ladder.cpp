#include "streamforge/abr/ladder.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_fields.h"

namespace streamforge::abr {

using nlohmann::json;

double AbrLadder::segment_size(int r, int index) const {
  const AbrRendition& rend = renditions[static_cast<size_t>(r)];
  if (index >= 0 && static_cast<size_t>(index) < rend.segment_bytes.size()) {
    return static_cast<double>(rend.segment_bytes[static_cast<size_t>(index)]);
  }
  return rend.bitrate_kbps * 1000.0 / 8.0 * segment_seconds;
}

int AbrLadder::known_segments() const {
  if (renditions.empty()) return 0;
  size_t n = renditions[0].segment_bytes.size();
  for (const AbrRendition& r : renditions) n = std::min(n, r.segment_bytes.size());
  return static_cast<int>(n);
}

Status AbrLadder::validate() const {
  if (!(segment_seconds > 0 && segment_seconds <= 60)) return InvalidArgumentError("must be in (0, 60]", "segment_seconds");
  if (renditions.empty()) return InvalidArgumentError("the ladder has no renditions", "renditions");
  if (renditions.size() > 32) return InvalidArgumentError("at most 32 renditions", "renditions");
  for (size_t i = 0; i < renditions.size(); ++i) {
    const AbrRendition& r = renditions[i];
    std::string path = "renditions[" + std::to_string(i) + "]";
    if (r.bitrate_kbps <= 0 || r.bitrate_kbps > 1000000) {
      return InvalidArgumentError("must be in 1..1000000", path + ".bitrate_kbps");
    }
    if (r.width < 0 || r.width > 15360) return InvalidArgumentError("must be in 0..15360", path + ".width");
    if (r.height < 0 || r.height > 8640) return InvalidArgumentError("must be in 0..8640", path + ".height");
    if (r.codec.empty()) return InvalidArgumentError("must name a codec (h264, hevc, vp9, av1)", path + ".codec");
    for (size_t s = 0; s < r.segment_bytes.size(); ++s) {
      if (r.segment_bytes[s] == 0) {
        return InvalidArgumentError("segment sizes must be positive", path + ".segment_bytes[" + std::to_string(s) + "]");
      }
    }
  }
  return OkStatus();
}

Result<AbrLadder> AbrLadder::from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgumentError("ladder JSON does not parse (check commas and quotes)");
  if (!j.is_object()) return InvalidArgumentError("ladder JSON must be an object");
  AbrLadder ladder;
  core::JsonFieldReader top(j, "");
  top.reject_unknown({"segment_seconds", "renditions"});
  top.get("segment_seconds", ladder.segment_seconds);
  SF_RETURN_IF_ERROR(top.status());
  if (j.contains("renditions")) {
    if (!j["renditions"].is_array()) return InvalidArgumentError("must be an array", "renditions");
    for (size_t i = 0; i < j["renditions"].size(); ++i) {
      const json& o = j["renditions"][i];
      std::string path = "renditions[" + std::to_string(i) + "]";
      if (!o.is_object()) return InvalidArgumentError("must be an object", path);
      AbrRendition r;
      core::JsonFieldReader rd(o, path);
      rd.reject_unknown({"id", "bitrate_kbps", "width", "height", "codec", "hdr", "segment_bytes"});
      rd.get("id", r.id);
      rd.get("bitrate_kbps", r.bitrate_kbps);
      rd.get("width", r.width);
      rd.get("height", r.height);
      rd.get("codec", r.codec);
      rd.get("hdr", r.hdr);
      SF_RETURN_IF_ERROR(rd.status());
      if (o.contains("segment_bytes")) {
        const json& s = o["segment_bytes"];
        if (!s.is_array()) return InvalidArgumentError("must be an array of integers", path + ".segment_bytes");
        for (size_t k = 0; k < s.size(); ++k) {
          if (!s[k].is_number_unsigned()) {
            return InvalidArgumentError("must be a non-negative integer", path + ".segment_bytes[" + std::to_string(k) + "]");
          }
          r.segment_bytes.push_back(s[k].get<uint64_t>());
        }
      }
      ladder.renditions.push_back(std::move(r));
    }
  }
  SF_RETURN_IF_ERROR(ladder.validate());
  return ladder;
}

std::string AbrLadder::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["segment_seconds"] = segment_seconds;
  auto& list = j["renditions"] = nlohmann::ordered_json::array();
  for (const AbrRendition& r : renditions) {
    nlohmann::ordered_json o;
    if (!r.id.empty()) o["id"] = r.id;
    o["bitrate_kbps"] = r.bitrate_kbps;
    if (r.width) o["width"] = r.width;
    if (r.height) o["height"] = r.height;
    o["codec"] = r.codec;
    if (r.hdr) o["hdr"] = true;
    if (!r.segment_bytes.empty()) o["segment_bytes"] = r.segment_bytes;
    list.push_back(std::move(o));
  }
  return j.dump(indent);
}

AbrLadder AbrLadder::pensieve_reference() {
  AbrLadder l;
  l.segment_seconds = 4;
  // Nominal 16:9 sizes: the reference files give only bytes, device-limit examples need heights.
  const int kbps[] = {300, 750, 1200, 1850, 2850, 4300};
  const int heights[] = {240, 360, 480, 720, 1080, 1080};
  for (int i = 0; i < 6; ++i) {
    AbrRendition r;
    r.bitrate_kbps = kbps[i];
    r.height = heights[i];
    r.width = heights[i] * 16 / 9;
    r.id = std::to_string(kbps[i]) + "k";
    l.renditions.push_back(std::move(r));
  }
  return l;
}

}  // namespace streamforge::abr

#include "streamforge/package/package_spec.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/file_names.h"
#include "core/json_fields.h"
#include "core/language_tag.h"

namespace streamforge {

Status PackageSpec::validate() const {
  if (!hls && !dash) return InvalidArgumentError("choose at least one of hls and dash", "hls");
  if (!std::isfinite(segment_seconds) || segment_seconds < 0.5 || segment_seconds > 60) {
    return InvalidArgumentError(fmt::format("must be between 0.5 and 60 seconds (got {})", segment_seconds),
                                "segment_seconds");
  }
  if (dash_addressing != "timeline" && dash_addressing != "number") {
    return InvalidArgumentError("must be \"timeline\" or \"number\" (got \"" + dash_addressing + "\")",
                                "dash_addressing");
  }
  if (ts && !hls) return InvalidArgumentError("MPEG-TS segments are for HLS; enable hls", "ts");
  if (ts && single_file) {
    return InvalidArgumentError("the single-file layout is CMAF only; drop ts or single_file", "single_file");
  }
  for (auto [name, field] : {std::pair{&hls_master, "hls_master"}, std::pair{&dash_manifest, "dash_manifest"}}) {
    if (!is_plain_file_name(*name)) {
      return InvalidArgumentError(fmt::format("'{}': {}", *name, kPlainFileNameRule), field);
    }
  }
  for (size_t i = 0; i < subtitles.size(); ++i) {
    std::string field = fmt::format("subtitles[{}]", i);
    if (subtitles[i].path.empty()) return InvalidArgumentError("needs a path to a .vtt file", field + ".path");
    const std::string& lang = subtitles[i].language;
    if (lang.size() > 35 || !is_language_tag(lang)) return InvalidArgumentError("must be a language tag like \"en\" or \"pt-BR\"", field + ".language");
  }
  if (encryption) SF_RETURN_IF_ERROR(encryption->validate().with_field_prefix("encryption"));
  if (steering) {
    SF_RETURN_IF_ERROR(steering->validate().with_field_prefix("steering"));
    // A format written with pathways but no steering server would list every variant once per CDN
    // with nothing to choose between them: refuse rather than write that half-state.
    if (hls && steering->hls_server_uri.empty()) {
      return InvalidArgumentError("must be set when HLS is written (the SERVER-URI of EXT-X-CONTENT-STEERING)",
                                  "steering.hls_server_uri");
    }
    if (dash && steering->dash_server_uri.empty()) {
      return InvalidArgumentError("must be set when DASH is written (the URL of <ContentSteering>)",
                                  "steering.dash_server_uri");
    }
  }
  const ThumbnailSpec& t = thumbnails;
  if (!std::isfinite(t.interval_seconds) || t.interval_seconds < 0.1 || t.interval_seconds > 600) {
    return InvalidArgumentError("must be between 0.1 and 600 seconds", "thumbnails.interval_seconds");
  }
  if (t.tile_width < 16 || t.tile_width > 1920 || t.tile_width % 2) {
    return InvalidArgumentError("must be an even number of pixels from 16 to 1920", "thumbnails.tile_width");
  }
  if (t.columns < 1 || t.columns > 20 || t.rows < 1 || t.rows > 20) {
    return InvalidArgumentError("columns and rows must be 1..20", "thumbnails.columns");
  }
  for (size_t i = 0; i < t.posters.size(); ++i) {
    if (!(t.posters[i] >= 0 && t.posters[i] <= 1)) {
      return InvalidArgumentError("must be a fraction from 0 to 1", fmt::format("thumbnails.posters[{}]", i));
    }
  }
  return OkStatus();
}

Result<PackageSpec> PackageSpec::from_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("package spec is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("package spec must be a JSON object");
  PackageSpec spec;
  core::JsonFieldReader rd(j, "");
  rd.reject_unknown({"hls", "dash", "segment_seconds", "ts", "single_file", "dash_addressing", "iframe_playlists",
                     "hls_master", "dash_manifest", "subtitles", "thumbnails", "encryption", "steering"});
  rd.get("hls", spec.hls);
  rd.get("dash", spec.dash);
  rd.get("segment_seconds", spec.segment_seconds);
  rd.get("ts", spec.ts);
  rd.get("single_file", spec.single_file);
  rd.get("dash_addressing", spec.dash_addressing);
  rd.get("iframe_playlists", spec.iframe_playlists);
  rd.get("hls_master", spec.hls_master);
  rd.get("dash_manifest", spec.dash_manifest);
  SF_RETURN_IF_ERROR(rd.status());
  if (j.contains("subtitles")) {
    const auto& list = j.at("subtitles");
    if (!list.is_array()) return InvalidArgumentError("must be an array", "subtitles");
    for (size_t i = 0; i < list.size(); ++i) {
      std::string path = fmt::format("subtitles[{}]", i);
      if (!list[i].is_object()) return InvalidArgumentError("must be an object", path);
      core::JsonFieldReader s(list[i], path);
      s.reject_unknown({"path", "language", "name", "default"});
      SubtitleInput sub;
      s.get("path", sub.path);
      s.get("language", sub.language);
      s.get("name", sub.name);
      s.get("default", sub.is_default);
      SF_RETURN_IF_ERROR(s.status());
      spec.subtitles.push_back(std::move(sub));
    }
  }
  if (j.contains("encryption")) {
    auto e = EncryptionSpec::from_json(j.at("encryption").dump());
    if (!e.ok()) return e.status().with_field_prefix("encryption");
    spec.encryption = std::move(*e);
  }
  if (j.contains("steering") && !j.at("steering").is_null()) {
    auto s = ContentSteeringSpec::from_json(j.at("steering").dump());
    if (!s.ok()) return s.status().with_field_prefix("steering");
    spec.steering = std::move(*s);
  }
  if (j.contains("thumbnails")) {
    const auto& t = j.at("thumbnails");
    if (!t.is_object()) return InvalidArgumentError("must be an object", "thumbnails");
    core::JsonFieldReader r(t, "thumbnails");
    r.reject_unknown({"enabled", "interval_seconds", "tile_width", "columns", "rows", "posters"});
    r.get("enabled", spec.thumbnails.enabled);
    r.get("interval_seconds", spec.thumbnails.interval_seconds);
    r.get("tile_width", spec.thumbnails.tile_width);
    r.get("columns", spec.thumbnails.columns);
    r.get("rows", spec.thumbnails.rows);
    SF_RETURN_IF_ERROR(r.status());
    if (t.contains("posters")) {
      const auto& list = t.at("posters");
      if (!list.is_array()) return InvalidArgumentError("must be an array of fractions", "thumbnails.posters");
      spec.thumbnails.posters.clear();
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_number()) return InvalidArgumentError("must be a number", fmt::format("thumbnails.posters[{}]", i));
        spec.thumbnails.posters.push_back(list[i].get<double>());
      }
    }
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

std::string PackageSpec::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["hls"] = hls;
  j["dash"] = dash;
  j["segment_seconds"] = segment_seconds;
  j["ts"] = ts;
  j["single_file"] = single_file;
  j["dash_addressing"] = dash_addressing;
  j["iframe_playlists"] = iframe_playlists;
  j["hls_master"] = hls_master;
  j["dash_manifest"] = dash_manifest;
  auto& subs = j["subtitles"] = nlohmann::ordered_json::array();
  for (const auto& s : subtitles) {
    subs.push_back({{"path", s.path}, {"language", s.language}, {"name", s.name}, {"default", s.is_default}});
  }
  j["thumbnails"] = {{"enabled", thumbnails.enabled},
                     {"interval_seconds", thumbnails.interval_seconds},
                     {"tile_width", thumbnails.tile_width},
                     {"columns", thumbnails.columns},
                     {"rows", thumbnails.rows},
                     {"posters", thumbnails.posters}};
  if (encryption) j["encryption"] = nlohmann::ordered_json::parse(encryption->to_json(-1));
  if (steering) j["steering"] = nlohmann::ordered_json::parse(steering->to_json(-1));
  return j.dump(indent);
}

}  // namespace streamforge

#include "streamforge/package/package_spec.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/file_names.h"
#include "core/json_fields.h"

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
    bool lang_ok = !lang.empty() && lang.size() <= 35 &&
                   std::all_of(lang.begin(), lang.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
    if (!lang_ok) return InvalidArgumentError("must be a language tag like \"en\" or \"pt-BR\"", field + ".language");
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
                     "hls_master", "dash_manifest", "subtitles"});
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
  return j.dump(indent);
}

}  // namespace streamforge

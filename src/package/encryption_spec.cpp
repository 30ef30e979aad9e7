#include "streamforge/package/encryption_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/url.h"

namespace streamforge {
namespace {

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// 32 hex digits, or a UUID (8-4-4-4-12) for key IDs.
bool is_key_id_text(std::string_view s) {
  if (s.size() == 32) return is_hex(s);
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

constexpr const char* kSystems[] = {"widevine", "playready", "common", "fairplay", "clearkey"};
constexpr const char* kTrackTypes[] = {"all", "audio", "sd", "hd", "uhd"};

// The key server settings. Messages never repeat the URL or a header value (credentials).
Status validate_cpix(const EncryptionSpec& spec) {
  if (!spec.keys.empty()) {
    return InvalidArgumentError("give raw keys or a cpix_url (key server), not both", "cpix_url");
  }
  if (auto url = net::parse_url(spec.cpix_url); !url.ok()) {
    return InvalidArgumentError(url.status().message(), "cpix_url");
  }
  for (size_t i = 0; i < spec.cpix_headers.size(); ++i) {
    if (auto h = net::parse_header_line(spec.cpix_headers[i]); !h.ok()) {
      return InvalidArgumentError(h.status().message(), fmt::format("cpix_headers[{}]", i));
    }
  }
  if (spec.content_id.empty()) {
    return InvalidArgumentError("required with cpix_url: the asset's ID at the key server (CPIX@contentId)",
                                "content_id");
  }
  if (spec.cpix_track_types.empty()) {
    return InvalidArgumentError("list at least one track type (all, audio, sd, hd, uhd)", "cpix_track_types");
  }
  for (size_t i = 0; i < spec.cpix_track_types.size(); ++i) {
    const std::string& t = spec.cpix_track_types[i];
    const std::string field = fmt::format("cpix_track_types[{}]", i);
    if (std::find(std::begin(kTrackTypes), std::end(kTrackTypes), t) == std::end(kTrackTypes)) {
      return InvalidArgumentError("must be all, audio, sd, hd or uhd", field);
    }
    if (std::count(spec.cpix_track_types.begin(), spec.cpix_track_types.begin() + static_cast<long>(i), t) > 0) {
      return InvalidArgumentError("'" + t + "' is listed twice", field);
    }
  }
  return OkStatus();
}

// A JSON array of strings into `out` (kept as is when absent); `what` names the elements in the
// error ("strings", "names").
Status read_string_list(const nlohmann::json& j, const char* key, std::vector<std::string>& out,
                        const char* what = "strings") {
  if (!j.contains(key)) return OkStatus();
  const auto& list = j.at(key);
  if (!list.is_array()) return InvalidArgumentError(std::string("must be an array of ") + what, key);
  out.clear();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) return InvalidArgumentError("must be a string", fmt::format("{}[{}]", key, i));
    out.push_back(list[i].get<std::string>());
  }
  return OkStatus();
}

}  // namespace

Status EncryptionSpec::validate() const {
  if (scheme != "cenc" && scheme != "cbcs") {
    return InvalidArgumentError("must be \"cenc\" or \"cbcs\" (got \"" + scheme + "\")", "scheme");
  }
  if (keys.empty() && cpix_url.empty()) {
    return InvalidArgumentError("give at least one key (KID:KEY) or a cpix_url (a CPIX key server)", "keys");
  }
  if (!cpix_url.empty()) SF_RETURN_IF_ERROR(validate_cpix(*this));
  for (size_t i = 0; i < keys.size(); ++i) {
    const EncryptionKey& k = keys[i];
    std::string field = fmt::format("keys[{}]", i);
    if (!is_key_id_text(k.kid)) return InvalidArgumentError("must be 32 hex digits (or a UUID)", field + ".kid");
    if (k.key.size() != 32 || !is_hex(k.key)) return InvalidArgumentError("must be 32 hex digits", field + ".key");
    if (!k.iv.empty() && ((k.iv.size() != 16 && k.iv.size() != 32) || !is_hex(k.iv))) {
      return InvalidArgumentError("must be 16 or 32 hex digits", field + ".iv");
    }
    if (scheme == "cbcs" && !k.iv.empty() && k.iv.size() != 32) {
      return InvalidArgumentError("cbcs uses a 16-byte constant IV (32 hex digits)", field + ".iv");
    }
    if (std::find(std::begin(kTrackTypes), std::end(kTrackTypes), k.track_type) == std::end(kTrackTypes)) {
      return InvalidArgumentError("must be all, audio, sd, hd or uhd", field + ".track_type");
    }
  }
  for (size_t i = 0; i < drm_systems.size(); ++i) {
    if (std::find(std::begin(kSystems), std::end(kSystems), drm_systems[i]) == std::end(kSystems)) {
      return InvalidArgumentError("unknown DRM system '" + drm_systems[i] +
                                      "' (widevine, playready, common, fairplay, clearkey)",
                                  fmt::format("drm_systems[{}]", i));
    }
  }
  if (std::find(drm_systems.begin(), drm_systems.end(), "fairplay") != drm_systems.end() &&
      !fairplay_key_uri.starts_with("skd://")) {
    return InvalidArgumentError("FairPlay needs a key URI starting with skd://", "fairplay_key_uri");
  }
  for (char ch : hls_key_uri) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || c == '"') {
      return InvalidArgumentError("must be a URI without spaces, quotes or control characters (percent-encode them)",
                                  "hls_key_uri");
    }
  }
  if (!std::isfinite(clear_lead_seconds) || clear_lead_seconds < 0) {
    return InvalidArgumentError("must be 0 or more seconds", "clear_lead_seconds");
  }
  if (key_rotation_segments < 0) return InvalidArgumentError("must be 0 (off) or more", "key_rotation_segments");
  if (iv_size != 8 && iv_size != 16) return InvalidArgumentError("must be 8 or 16", "iv_size");
  if (sd_max_height <= 0 || hd_max_height <= sd_max_height) {
    return InvalidArgumentError("need 0 < sd_max_height < hd_max_height", "hd_max_height");
  }
  return OkStatus();
}

Result<EncryptionSpec> EncryptionSpec::from_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("encryption spec is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("encryption spec must be a JSON object");
  EncryptionSpec spec;
  core::JsonFieldReader rd(j, "");
  rd.reject_unknown({"scheme", "keys", "drm_systems", "widevine_license_url", "playready_license_url",
                     "clearkey_license_url", "fairplay_key_uri", "hls_key_uri", "clear_lead_seconds", "key_rotation_segments",
                     "sd_max_height", "hd_max_height", "iv_size", "cpix_url", "cpix_headers", "content_id",
                     "cpix_track_types"});
  rd.get("scheme", spec.scheme);
  rd.get("cpix_url", spec.cpix_url);
  rd.get("content_id", spec.content_id);
  rd.get("widevine_license_url", spec.widevine_license_url);
  rd.get("playready_license_url", spec.playready_license_url);
  rd.get("clearkey_license_url", spec.clearkey_license_url);
  rd.get("fairplay_key_uri", spec.fairplay_key_uri);
  rd.get("hls_key_uri", spec.hls_key_uri);
  rd.get("clear_lead_seconds", spec.clear_lead_seconds);
  rd.get("key_rotation_segments", spec.key_rotation_segments);
  rd.get("sd_max_height", spec.sd_max_height);
  rd.get("hd_max_height", spec.hd_max_height);
  rd.get("iv_size", spec.iv_size);
  SF_RETURN_IF_ERROR(rd.status());
  SF_RETURN_IF_ERROR(read_string_list(j, "drm_systems", spec.drm_systems, "names"));
  SF_RETURN_IF_ERROR(read_string_list(j, "cpix_headers", spec.cpix_headers));
  SF_RETURN_IF_ERROR(read_string_list(j, "cpix_track_types", spec.cpix_track_types));
  if (j.contains("keys")) {
    const auto& list = j.at("keys");
    if (!list.is_array()) return InvalidArgumentError("must be an array", "keys");
    for (size_t i = 0; i < list.size(); ++i) {
      std::string path = fmt::format("keys[{}]", i);
      if (!list[i].is_object()) return InvalidArgumentError("must be an object", path);
      core::JsonFieldReader k(list[i], path);
      k.reject_unknown({"kid", "key", "iv", "track_type"});
      EncryptionKey key;
      k.get("kid", key.kid);
      k.get("key", key.key);
      k.get("iv", key.iv);
      k.get("track_type", key.track_type);
      SF_RETURN_IF_ERROR(k.status());
      spec.keys.push_back(std::move(key));
    }
  }
  SF_RETURN_IF_ERROR(spec.validate());
  return spec;
}

std::string EncryptionSpec::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["scheme"] = scheme;
  auto& list = j["keys"] = nlohmann::ordered_json::array();
  for (const auto& k : keys) list.push_back({{"kid", k.kid}, {"key", k.key}, {"iv", k.iv}, {"track_type", k.track_type}});
  if (!cpix_url.empty()) {
    j["cpix_url"] = cpix_url;
    j["cpix_headers"] = cpix_headers;
    j["content_id"] = content_id;
    j["cpix_track_types"] = cpix_track_types;
  }
  j["drm_systems"] = drm_systems;
  j["widevine_license_url"] = widevine_license_url;
  j["playready_license_url"] = playready_license_url;
  j["clearkey_license_url"] = clearkey_license_url;
  j["fairplay_key_uri"] = fairplay_key_uri;
  j["hls_key_uri"] = hls_key_uri;
  j["clear_lead_seconds"] = clear_lead_seconds;
  j["key_rotation_segments"] = key_rotation_segments;
  j["sd_max_height"] = sd_max_height;
  j["hd_max_height"] = hd_max_height;
  j["iv_size"] = iv_size;
  return j.dump(indent);
}

}  // namespace streamforge

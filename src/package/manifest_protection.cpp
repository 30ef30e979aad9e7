#include "package/manifest_protection.h"

#include <algorithm>
#include <vector>

namespace streamforge::package {
namespace {

constexpr std::string_view kMp4ProtectionScheme = "urn:mpeg:dash:mp4protection:2011";
constexpr std::string_view kCencNamespace = "urn:mpeg:cenc:2013";
constexpr std::string_view kMsprNamespace = "urn:microsoft:playready";
constexpr std::string_view kDashIfNamespace = "https://dashif.org/CPS";

// RFC 8216 section 7 / Apple QA1752: the protocol version each key feature needs.
constexpr int kVersionForIv = 2;
constexpr int kVersionForSampleAesOrKeyFormat = 5;

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Why `text` cannot be written as a URI in a playlist quoted-string or MPD element, or "".
// (Values are not echoed: key URIs and license URLs may carry tokens.)
std::string uri_problem(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"') return "contains '\"', which would end the quoted-string";
    if (c < 0x20 || c == 0x7F) return "contains a control character (CR, LF, tab, ...)";
    if (c == ' ') return "contains a space (percent-encode it as %20)";
    if (c >= 0x80) return "contains a non-ASCII character (percent-encode it)";
  }
  return {};
}

// KEYFORMAT: printable ASCII without '"' (reverse-DNS names and URNs).
std::string keyformat_problem(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"') return "contains '\"', which would end the quoted-string";
    if (c < 0x20 || c == 0x7F) return "contains a control character (CR, LF, tab, ...)";
    if (c >= 0x80) return "contains a non-ASCII character";
  }
  return {};
}

// "1", "1/2/5": positive integers separated by '/' (RFC 8216 4.3.2.4).
bool is_keyformat_versions(std::string_view text) {
  if (text.empty()) return false;
  bool digit_seen = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else if (c == '/' && digit_seen) {
      digit_seen = false;
    } else {
      return false;
    }
  }
  return digit_seen;
}

// "0x" + 32 hex digits (a 128-bit hexadecimal-sequence, RFC 8216 4.2 / 4.3.2.4).
bool is_iv_hex(std::string_view text) {
  if (text.size() != 34 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  return std::all_of(text.begin() + 2, text.end(), is_hex_digit);
}

// RFC 3986 scheme ("https", "skd", "data") followed by ':'.
bool has_scheme(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = uri[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (i == 0 ? !alpha : !(alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  }
  return true;
}

// One EXT-X-KEY / EXT-X-SESSION-KEY, with its URI as given in the Presentation.
struct KeyTag {
  std::string method;
  std::string uri;
  std::string field;  // "protection.systems[1].hls_key_uri", for errors
  std::string iv;
  std::string keyformat;
  std::string keyformat_versions;
};

std::vector<KeyTag> key_tags_of(const Rendition& r) {
  std::vector<KeyTag> tags;
  if (!r.protection) return tags;
  const RenditionProtection& pr = *r.protection;
  if (r.container == SegmentContainer::kMpegTs) {
    if (!pr.aes128_key_uri.empty()) {
      tags.push_back(KeyTag{"AES-128", pr.aes128_key_uri, "protection.aes128_key_uri", pr.aes128_iv_hex, "", ""});
    }
    return tags;
  }
  std::string method = pr.scheme == "cbcs" ? "SAMPLE-AES" : "SAMPLE-AES-CTR";
  for (size_t i = 0; i < pr.systems.size(); ++i) {
    const DrmSignal& s = pr.systems[i];
    if (s.hls_key_uri.empty()) continue;
    KeyTag tag{method, s.hls_key_uri, "protection.systems[" + std::to_string(i) + "].hls_key_uri", "",
               s.hls_keyformat, s.hls_keyformat.empty() ? "" : s.hls_keyformat_versions};
    tags.push_back(std::move(tag));
  }
  return tags;
}

// The attribute list of a key tag as written in the playlist at `playlist_path`.
Result<std::string> key_attributes(const Presentation& p, const Rendition& r, const KeyTag& tag,
                                   std::string_view playlist_path, int& version) {
  std::string uri;
  if (has_scheme(tag.uri) || tag.uri.front() == '/') {
    uri = tag.uri;  // absolute URI, or absolute-path reference: the same from every playlist
  } else {
    auto relative = relative_uri(playlist_path, tag.uri);
    if (!relative.ok()) return rendition_error(p, r, tag.field, tag.field + ": " + relative.status().message());
    uri = *relative;
  }
  std::string out = "METHOD=" + tag.method + ",URI=\"" + uri + "\"";
  if (tag.method != "AES-128") version = std::max(version, kVersionForSampleAesOrKeyFormat);
  if (!tag.iv.empty()) {
    out += ",IV=" + tag.iv;
    version = std::max(version, kVersionForIv);
  }
  if (!tag.keyformat.empty()) {
    out += ",KEYFORMAT=\"" + tag.keyformat + "\"";
    if (!tag.keyformat_versions.empty()) out += ",KEYFORMATVERSIONS=\"" + tag.keyformat_versions + "\"";
    version = std::max(version, kVersionForSampleAesOrKeyFormat);
  }
  return out;
}

// @value of a DRM system's ContentProtection (see the header), or "" for none.
std::string system_value(const DrmSignal& s) {
  std::string id = lower_ascii(s.system_id);
  if (id == kWidevineSystemId) return "Widevine";
  if (id == kPlayReadySystemId) return "MSPR 2.0";
  if (id == kClearKeySystemId) return "ClearKey1.0";
  if (id == kCommonSystemId) return "";
  return s.name;
}

}  // namespace

bool is_uuid_text(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex_digit(text[i])) return false;
  }
  return true;
}

bool is_base64_text(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  for (size_t i = 0; i < text.size() - pad; ++i) {
    char c = text[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

bool is_fairplay(const DrmSignal& s) {
  return lower_ascii(s.name) == "fairplay" || lower_ascii(s.system_id) == kFairPlaySystemId ||
         s.hls_keyformat == kFairPlayKeyFormat;
}

bool is_aes128_rendition(const Rendition& r) {
  return r.protection && r.container == SegmentContainer::kMpegTs && !r.protection->aes128_key_uri.empty();
}

Status validate_protection(const Presentation& p, const Rendition& r) {
  if (!r.protection) return OkStatus();
  const RenditionProtection& pr = *r.protection;
  auto fail = [&](const std::string& field, const std::string& what) {
    return rendition_error(p, r, "protection." + field, "protection." + field + " " + what);
  };
  auto check_uri = [&](const std::string& field, const std::string& value) {
    std::string problem = uri_problem(value);
    return problem.empty() ? OkStatus() : fail(field, problem);
  };

  if (r.type == MediaType::kSubtitle || r.container == SegmentContainer::kWebVtt) {
    return rendition_error(p, r, "protection", "subtitles are not encrypted (CENC protects audio and video)");
  }
  if (r.container == SegmentContainer::kMpegTs) {
    if (pr.aes128_key_uri.empty()) {
      return fail("aes128_key_uri", "is empty: MPEG-TS renditions are encrypted whole-segment (AES-128) with this key");
    }
    SF_RETURN_IF_ERROR(check_uri("aes128_key_uri", pr.aes128_key_uri));
    if (!pr.aes128_iv_hex.empty() && !is_iv_hex(pr.aes128_iv_hex)) {
      return fail("aes128_iv_hex", "must be \"0x\" followed by 32 hex digits (or empty for the media-sequence IV)");
    }
    if (!pr.systems.empty()) {
      return fail("systems",
                  "must be empty for MPEG-TS: it is encrypted whole-segment with AES-128 (SAMPLE-AES in MPEG-TS is "
                  "Apple's TS sample format, not CENC)");
    }
    return OkStatus();
  }

  // CMAF sample encryption.
  if (!pr.aes128_key_uri.empty() || !pr.aes128_iv_hex.empty()) {
    return fail("aes128_key_uri", "is for MPEG-TS renditions; CMAF renditions use cenc/cbcs sample encryption");
  }
  if (pr.scheme != "cenc" && pr.scheme != "cbcs") {
    return fail("scheme", "must be \"cenc\" or \"cbcs\" (got \"" + hls_quoted_string_value(pr.scheme) + "\")");
  }
  if (!is_uuid_text(pr.default_kid)) {
    return fail("default_kid", "must be a UUID (8-4-4-4-12 hex digits), the form of DASH cenc:default_KID");
  }
  for (size_t i = 0; i < pr.systems.size(); ++i) {
    const DrmSignal& s = pr.systems[i];
    const std::string f = "systems[" + std::to_string(i) + "].";
    bool fairplay = is_fairplay(s);
    if (!s.system_id.empty() && !is_uuid_text(s.system_id)) {
      return fail(f + "system_id", "must be a UUID (8-4-4-4-12 hex digits)");
    }
    if (fairplay && pr.scheme != "cbcs") {
      return fail(f.substr(0, f.size() - 1), "is FairPlay, which decrypts cbcs only, but the scheme is cenc");
    }
    if (!s.pssh_base64.empty() && !is_base64_text(s.pssh_base64)) {
      return fail(f + "pssh_base64", "is not base64 (RFC 4648, padded, no whitespace)");
    }
    if (!s.playready_pro_base64.empty()) {
      if (!is_base64_text(s.playready_pro_base64)) {
        return fail(f + "playready_pro_base64", "is not base64 (RFC 4648, padded, no whitespace)");
      }
      if (lower_ascii(s.system_id) != kPlayReadySystemId) {
        return fail(f + "playready_pro_base64",
                    "is set but system_id is not PlayReady's (" + std::string(kPlayReadySystemId) + ")");
      }
    }
    if (!s.license_url.empty()) SF_RETURN_IF_ERROR(check_uri(f + "license_url", s.license_url));
    if (!fairplay && s.system_id.empty() && (!s.pssh_base64.empty() || !s.license_url.empty())) {
      return fail(f + "system_id",
                  "is empty, but DASH needs it (urn:uuid:<system id>) to carry the pssh / license URL");
    }
    if (!s.hls_key_uri.empty()) SF_RETURN_IF_ERROR(check_uri(f + "hls_key_uri", s.hls_key_uri));
    if (!s.hls_keyformat.empty()) {
      if (std::string problem = keyformat_problem(s.hls_keyformat); !problem.empty()) {
        return fail(f + "hls_keyformat", problem);
      }
      if (!s.hls_keyformat_versions.empty() && !is_keyformat_versions(s.hls_keyformat_versions)) {
        return fail(f + "hls_keyformat_versions", "must be positive integers separated by '/' (\"1\", \"1/2/5\")");
      }
    }
  }
  return OkStatus();
}

// ---- HLS ----

Status check_hls_protection(const Presentation& p, const Rendition& r) {
  if (r.protection && key_tags_of(r).empty()) {
    return rendition_error(p, r, "protection.systems",
                           "is protected, but none of protection.systems has an hls_key_uri: HLS players could not "
                           "decrypt it");
  }
  return OkStatus();
}

Result<std::string> hls_key_tags(const Presentation& p, const Rendition& r, std::string_view playlist_path,
                                 int& version) {
  if (!r.protection) return std::string();
  SF_RETURN_IF_ERROR(check_hls_protection(p, r));
  std::vector<KeyTag> tags = key_tags_of(r);
  std::vector<std::string> lines;
  for (const KeyTag& tag : tags) {
    SF_ASSIGN_OR_RETURN(std::string attributes, key_attributes(p, r, tag, playlist_path, version));
    std::string line = "#EXT-X-KEY:" + attributes + "\n";
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
  }
  std::string out;
  for (const auto& line : lines) out += line;
  return out;
}

Result<std::string> hls_session_key_tags(const Presentation& p, std::string_view master_path, int& version) {
  std::vector<std::string> lines;
  for (const Rendition& r : p.renditions) {
    for (const KeyTag& tag : key_tags_of(r)) {
      SF_ASSIGN_OR_RETURN(std::string attributes, key_attributes(p, r, tag, master_path, version));
      std::string line = "#EXT-X-SESSION-KEY:" + attributes + "\n";
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
    }
  }
  std::string out;
  for (const auto& line : lines) out += line;
  return out;
}

// ---- DASH ----

std::string dash_content_protection(const Rendition& r, std::string_view indent, DashNamespaces& used) {
  if (!r.protection || r.container == SegmentContainer::kMpegTs) return {};
  const RenditionProtection& pr = *r.protection;
  const std::string in(indent);
  std::string out = in + "<ContentProtection schemeIdUri=\"" + std::string(kMp4ProtectionScheme) + "\" value=\"" +
                    xml_escape(pr.scheme) + "\" cenc:default_KID=\"" + lower_ascii(pr.default_kid) + "\"/>\n";
  used.cenc = true;
  for (const DrmSignal& s : pr.systems) {
    if (is_fairplay(s) || s.system_id.empty()) continue;  // HLS-only
    std::string element = in + "<ContentProtection schemeIdUri=\"urn:uuid:" + lower_ascii(s.system_id) + "\"";
    if (std::string value = system_value(s); !value.empty()) element += " value=\"" + xml_escape(value) + "\"";
    std::string children;
    if (!s.pssh_base64.empty()) {
      children += in + "  <cenc:pssh>" + s.pssh_base64 + "</cenc:pssh>\n";
      used.cenc = true;
    }
    if (!s.playready_pro_base64.empty()) {
      children += in + "  <mspr:pro>" + s.playready_pro_base64 + "</mspr:pro>\n";
      used.mspr = true;
    }
    if (!s.license_url.empty()) {
      children += in + "  <dashif:Laurl>" + xml_escape(s.license_url) + "</dashif:Laurl>\n";
      used.dashif = true;
    }
    out += children.empty() ? element + "/>\n" : element + ">\n" + children + in + "</ContentProtection>\n";
  }
  return out;
}

std::string dash_namespace_declarations(const DashNamespaces& used) {
  std::string out;
  if (used.cenc) out += " xmlns:cenc=\"" + std::string(kCencNamespace) + "\"";
  if (used.mspr) out += " xmlns:mspr=\"" + std::string(kMsprNamespace) + "\"";
  if (used.dashif) out += " xmlns:dashif=\"" + std::string(kDashIfNamespace) + "\"";
  return out;
}

}  // namespace streamforge::package

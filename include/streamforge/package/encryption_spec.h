// EncryptionSpec: Common Encryption (ISO/IEC 23001-7) for a packaging job, as a value
// (JSON-loadable, validated up front with field-named errors). Keys are hex strings here so the
// spec round-trips through JSON; they are never logged (nor are cpix_headers, which may carry
// credentials, nor the query or user info of cpix_url).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge {

struct EncryptionKey {
  std::string kid;                 // 32 hex digits (a UUID with dashes is accepted)
  std::string key;                 // 32 hex digits
  std::string iv;                  // optional: 16 or 32 hex digits (cenc first IV / cbcs constant IV)
  std::string track_type = "all";  // "all", "audio", "sd", "hd", "uhd": separate keys per track type
};

struct EncryptionSpec {
  std::string scheme = "cenc";     // "cenc" (AES-CTR) or "cbcs" (AES-CBC, 1:9 pattern for video)
  std::vector<EncryptionKey> keys; // raw keys; several for one track type = key rotation periods
  // Or keys from a key server speaking DASH-IF CPIX 2.3 over HTTP(S) (package/cpix_keys.h): one
  // request before packaging starts, one key per cpix_track_types entry; the packager then runs
  // with those keys as if they were raw keys. Give keys or cpix_url, not both.
  std::string cpix_url;                                  // http:// or https:// endpoint
  std::vector<std::string> cpix_headers;                 // extra "Name: value" request headers
                                                         // (X-Speke-Version, Authorization)
  std::string content_id;                                // CPIX@contentId, required with cpix_url
  std::vector<std::string> cpix_track_types = {"all"};  // "all", "audio", "sd", "hd", "uhd"
  // DRM systems signalled in pssh boxes and manifests: "widevine", "playready", "common"
  // (W3C common pssh; what ClearKey players use), "fairplay" (HLS only, skd:// key URI).
  std::vector<std::string> drm_systems = {"widevine", "playready", "common"};
  std::string widevine_license_url;   // optional, DASH dashif:laurl
  std::string playready_license_url;  // optional, in the WRMHEADER LA_URL and DASH
  std::string clearkey_license_url;   // optional, DASH dashif:laurl for org.w3.clearkey
  std::string fairplay_key_uri;       // "skd://..." for HLS EXT-X-KEY with KEYFORMAT com.apple.streamingkeydelivery
  // HLS in MPEG-TS (PackageSpec::ts) is encrypted whole-segment, METHOD=AES-128 (RFC 8216
  // 4.3.2.4): the URI players fetch the 16-byte key from (your key server, behind
  // authentication); a relative URI is relative to the output root. Empty: the key is stored in
  // the output as keys/<kid>.key -- convenient for tests, but anyone who can read the segments
  // can read the key.
  std::string hls_key_uri;
  double clear_lead_seconds = 0;      // the first N seconds stay unencrypted (fast start)
  int key_rotation_segments = 0;      // 0 = one key per track type; N = next key every N segments
  int sd_max_height = 576;            // track types by height: <= sd -> "sd", <= hd -> "hd", else "uhd"
  int hd_max_height = 1080;
  int iv_size = 8;                    // cenc per-sample IV size: 8 or 16 bytes (cbcs uses a 16-byte constant IV)

  Status validate() const;
  static Result<EncryptionSpec> from_json(std::string_view json);
  // Keys and cpix_headers included: treat the output as a secret. The cpix_* fields and
  // content_id appear only when cpix_url is set.
  std::string to_json(int indent = 2) const;
};

}  // namespace streamforge

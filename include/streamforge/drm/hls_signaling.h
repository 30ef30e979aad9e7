// HLS key tags for DRM systems: the attribute values of EXT-X-KEY (RFC 8216 §4.3.2.4, media
// playlists) and EXT-X-SESSION-KEY (§4.3.4.5, master playlist). The packager's HLS writer
// assembles the lines; this builds their pieces.
//
//   kFairPlay   METHOD=SAMPLE-AES (cbcs only), URI="skd://...",
//               KEYFORMAT="com.apple.streamingkeydelivery", KEYFORMATVERSIONS="1"
//   kWidevine   URI="data:text/plain;base64,<whole pssh box>",
//               KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
//   kPlayReady  URI="data:text/plain;charset=UTF-16;base64,<PlayReady Object>",
//               KEYFORMAT="com.microsoft.playready"
// (KEYFORMAT values as Apple's "Using content protection systems with HLS" lists them.) METHOD is
// SAMPLE-AES for 'cbcs' and SAMPLE-AES-CTR for 'cenc' (the CTR method of Widevine and PlayReady HLS;
// RFC 8216 itself defines only SAMPLE-AES). kCommon and kClearKey have no HLS key format
// (kUnimplemented). Free functions; thread-safe.
#pragma once

#include <string>

#include "streamforge/core/result.h"
#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::drm {

struct HlsKey {
  std::string method;  // "SAMPLE-AES" or "SAMPLE-AES-CTR"
  std::string uri;
  std::string keyformat;
  std::string keyformatversions = "1";

  // METHOD=SAMPLE-AES,URI="skd://...",KEYFORMAT="...",KEYFORMATVERSIONS="1"
  std::string attributes() const;
  std::string ext_x_key() const { return "#EXT-X-KEY:" + attributes(); }
  std::string ext_x_session_key() const { return "#EXT-X-SESSION-KEY:" + attributes(); }

  friend bool operator==(const HlsKey&, const HlsKey&) = default;
};

// The key tag of `system` for content protected as params.scheme with params.kids.
Result<HlsKey> hls_key(DrmSystem system, const PsshParams& params);

}  // namespace streamforge::drm

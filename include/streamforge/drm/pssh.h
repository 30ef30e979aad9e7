// 'pssh' boxes (ISO/IEC 23001-7 §8.1 ProtectionSystemSpecificHeaderBox) for each DRM system, and
// their text forms for manifests.
//
//   kCommon / kClearKey  W3C "cenc" Initialization Data Format, "Common SystemID and PSSH Box
//                        Format": version 1, every KID listed, no data.
//   kWidevine            data = WidevinePsshData protobuf (widevine.h); version 0 by default (what
//                        older CDMs expect), 1 on request (KIDs in the box as well).
//   kPlayReady           data = PlayReady Object holding a PlayReady Header (playready.h); version 0
//                        by default.
//   kFairPlay            has no pssh (HLS only: hls_signaling.h); make_pssh refuses it.
// Free functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/key_types.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::drm {

// PlayReady Header version (PlayReady Header Specification §3). kAuto: 4.0.0.0 for one AESCTR key
// (every PlayReady client), 4.2.0.0 for several AESCTR keys (PlayReady 3.0+), 4.3.0.0 for AESCBC
// keys ('cbcs', PlayReady 4.0+).
enum class PlayReadyVersion { kAuto, kV4_0, kV4_2, kV4_3 };

struct PsshParams {
  // The key IDs the box covers (duplicates are dropped, order kept). Required by every system
  // except Widevine with a content_id.
  std::vector<KeyId> kids;
  // Protection scheme of the content: 'cenc' or 'cbcs' ('cens' and 'cbc1' are accepted too).
  mp4::FourCC scheme{"cenc"};

  // PlayReady LA_URL: license acquisition URL (absolute http(s) URL); empty: none.
  std::string license_url;
  // PlayReady: per-KID CHECKSUM (PlayReady Header Specification §5 Key Checksum Algorithm: the
  // first 8 bytes of AES-128-ECB(content key, playready_guid_bytes(kid))), computed by the crypto
  // module (drm/ has no AES). Empty, or one per KID. AESCTR only (§3.3.1: never with AESCBC).
  std::vector<std::array<uint8_t, 8>> playready_checksums;
  // PlayReady: XML content of the CUSTOMATTRIBUTES element (well-formed XML); empty: none.
  std::string playready_custom_attributes;
  PlayReadyVersion playready_version = PlayReadyVersion::kAuto;

  // Widevine content_id (raw bytes) and provider; empty: omitted.
  std::string content_id;
  std::string provider;
  // Widevine crypto_period_index, for key rotation.
  std::optional<uint32_t> crypto_period_index;

  // Box version override: kCommon/kClearKey need 1; kWidevine/kPlayReady default to 0.
  std::optional<uint8_t> pssh_version;

  // FairPlay (HLS): the skd:// key URI; empty: "skd://" + hex of kids[0].
  std::string fairplay_key_uri;
};

// The pssh box of `system` for these parameters. kInvalidArgument naming the field for bad
// parameters; kFairPlay is kInvalidArgument (no pssh).
Result<mp4::ProtectionSystemSpecificHeaderBox> make_pssh(DrmSystem system, const PsshParams& params);

// The whole box (header included), as written into an init segment.
Result<ByteBuffer> pssh_box_bytes(const mp4::ProtectionSystemSpecificHeaderBox& box);
// base64 of the whole box: DASH cenc:pssh (ISO/IEC 23001-7) and HLS KEYFORMAT data: URIs. Empty
// when the box cannot be written (data over 4 GiB; make_pssh never builds one).
std::string pssh_base64(const mp4::ProtectionSystemSpecificHeaderBox& box);

}  // namespace streamforge::drm

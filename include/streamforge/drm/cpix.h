// DASH-IF "Content Protection Information Exchange Format" (CPIX) 2.3: the XML document an
// encryptor exchanges with a key server (the "Encryptor Consumer" workflow of the CPIX
// specification; the profile AWS SPEKE v2 uses). Namespaces: cpix "urn:dashif:org:cpix",
// pskc "urn:ietf:params:xml:ns:keyprov:pskc" (RFC 6030).
//
// build_cpix_request writes the request: CPIX@contentId and @version="2.3", then (XSD order)
//   ContentKeyList        one ContentKey per (track type, period): @kid (UUID),
//                         @commonEncryptionScheme (added in 2.3), optional @explicitIV; no key Data
//   DRMSystemList         one DRMSystem per key and system: @kid, @systemId, and empty elements
//                         naming what to fill: PSSH, ContentProtectionData (DASH),
//                         HLSSignalingData @playlist="media" and "master" (HLS)
//   ContentKeyPeriodList  with key rotation: ContentKeyPeriod @id="keyPeriod_<i>" @index=<i>
//   ContentKeyUsageRuleList  one rule per key: @intendedTrackType (AUDIO, SD, HD, UHD, ALL) with
//                         KeyPeriodFilter @periodId, VideoFilter @minPixels/@maxPixels by the
//                         key_types.h boundaries, or AudioFilter. A rule without filters (ALL)
//                         matches every track (CPIX "ContentKeyUsageRule Element").
//
// parse_cpix reads a response: every ContentKey (key from Data/pskc:Secret/pskc:PlainValue),
// DRMSystem (PSSH, ContentProtectionData, URIExtXKey, HLSSignalingData: base64, decoded here),
// ContentKeyPeriod and ContentKeyUsageRule. Encrypted keys (DeliveryData, pskc:EncryptedValue) are
// not supported (kUnimplemented). Malformed documents and missing required attributes are
// kDataLoss naming the element ("CPIX: ContentKey[2]: kid: ..."). The XML reader refuses DTDs and
// entities and bounds size and depth (see src/drm/xml.h). Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/drm/drm_system.h"
#include "streamforge/drm/key_types.h"
#include "streamforge/mp4/fourcc.h"

namespace streamforge::drm {

inline constexpr std::string_view kCpixNamespace = "urn:dashif:org:cpix";
inline constexpr std::string_view kPskcNamespace = "urn:ietf:params:xml:ns:keyprov:pskc";

struct CpixKeyRequest {
  KeyId kid{};
  TrackType track = TrackType::kAll;
  std::optional<uint64_t> period_index;  // key rotation: the ContentKeyPeriod this key is for
  std::vector<uint8_t> explicit_iv;      // optional, 8 or 16 bytes
};

struct CpixRequest {
  std::string content_id;      // CPIX@contentId (required)
  mp4::FourCC scheme{"cenc"};  // ContentKey@commonEncryptionScheme: cenc, cbcs, cens or cbc1
  std::vector<CpixKeyRequest> keys;
  std::vector<DrmSystem> systems;  // DRMSystem elements per key (kFairPlay gets HLS only)
  bool want_pssh = true;           // ask for PSSH
  bool want_dash = true;           // ask for ContentProtectionData
  bool want_hls = true;            // ask for HLSSignalingData (media and master)
};

// The request document (UTF-8, with an XML declaration). kInvalidArgument for an empty
// content_id, no keys, duplicate KIDs, or a bad IV.
Result<std::string> build_cpix_request(const CpixRequest& request);

struct CpixContentKey {
  KeyId kid{};
  std::optional<Key> key;            // absent when the element has no Data (a request)
  std::vector<uint8_t> explicit_iv;  // empty when absent
  std::string common_encryption_scheme;
};

struct CpixDrmSystem {
  KeyId kid{};
  KeyId system_id{};
  ByteBuffer pssh;                      // whole pssh box
  std::string content_protection_data;  // decoded: XML for the MPD ContentProtection element
  std::string uri_ext_x_key;            // decoded: EXT-X-KEY URI value (deprecated in CPIX 2.2+)
  std::string hls_signaling_media;      // decoded: playlist="media" (or "variant", or none)
  std::string hls_signaling_master;     // decoded: playlist="master"
};

struct CpixKeyPeriod {
  std::string id;
  std::optional<uint64_t> index;
};

struct CpixUsageRule {
  KeyId kid{};
  std::string intended_track_type;
  std::vector<std::string> period_ids;  // KeyPeriodFilter@periodId
  bool video_filter = false;
  bool audio_filter = false;
  std::optional<uint64_t> min_pixels;  // VideoFilter@minPixels
  std::optional<uint64_t> max_pixels;  // VideoFilter@maxPixels
};

struct CpixDocument {
  std::string version;     // CPIX@version ("2.3"); empty when absent
  std::string content_id;  // CPIX@contentId
  std::vector<CpixContentKey> content_keys;
  std::vector<CpixDrmSystem> drm_systems;
  std::vector<CpixKeyPeriod> periods;
  std::vector<CpixUsageRule> usage_rules;

  const CpixContentKey* find_key(const KeyId& kid) const;
};

Result<CpixDocument> parse_cpix(std::string_view document);

}  // namespace streamforge::drm

// PlayReady Object (PRO) and PlayReady Header (PRH), after Microsoft's PlayReady Header
// Specification (learn.microsoft.com/playready/specifications/playready-header-specification):
//
//   §2   PRO: Length (DWORD, little-endian, whole object), record count (WORD LE), records of
//        {type (WORD LE), length (WORD LE), value}. Record type 1 = PlayReady Header.
//   §3   PRH: a WRMHEADER XML document in UTF-16LE, canonical (§3.2: no whitespace between tags,
//        explicit closing tags, namespace attribute first, attributes in alphabetical order).
//   §3.6 4.0.0.0: PROTECTINFO{KEYLEN 16, ALGID AESCTR}, one KID element, optional CHECKSUM.
//   §3.4 4.2.0.0 / §3.3 4.3.0.0: PROTECTINFO/KIDS/KID@ALGID,@CHECKSUM,@VALUE; 4.3 adds AESCBC.
//   KID values are base64 of the KID as a GUID: the first three fields (DWORD, WORD, WORD)
//   little-endian, so the first 8 bytes of the big-endian UUID are byte-swapped per field.
//
// The same PRO is the pssh data, the DASH mspr:pro element (base64) and the HLS
// com.microsoft.playready data: URI. Free functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/drm/key_types.h"
#include "streamforge/drm/pssh.h"

namespace streamforge::drm {

// The KID in GUID byte order (DWORD, WORD, WORD little-endian; the last 8 bytes unchanged). Its own
// inverse. This is also the 16-byte block the §5 CHECKSUM encrypts.
KeyId playready_guid_bytes(const KeyId& kid);
// base64 of playready_guid_bytes(kid): the KID / KID@VALUE text of a PlayReady Header.
std::string playready_kid_base64(const KeyId& kid);
// Inverse of playready_kid_base64 (kInvalidArgument unless 16 bytes of valid base64).
Result<KeyId> parse_playready_kid_base64(std::string_view text);

// The WRMHEADER document (UTF-8 here; the PRO stores it as UTF-16LE). Uses params.kids,
// scheme, license_url, playready_checksums, playready_custom_attributes, playready_version.
Result<std::string> playready_header_xml(const PsshParams& params);
// The PlayReady Object with one record (type 1) holding playready_header_xml().
Result<ByteBuffer> playready_object(const PsshParams& params);
// base64 of playready_object(): the DASH mspr:pro element.
Result<std::string> playready_pro_base64(const PsshParams& params);

// What a PlayReady Object says (its first PlayReady Header record).
struct PlayReadyHeaderInfo {
  std::string version;      // "4.0.0.0", "4.3.0.0", ...
  std::vector<KeyId> kids;  // back in big-endian UUID byte order
  std::string algid;        // "AESCTR", "AESCBC", or empty (4.3 allows it missing)
  std::string la_url;
  std::string xml;  // the header, converted to UTF-8
};
// Parses a PlayReady Object. kDataLoss for malformed bytes or XML, or a PRO without a header.
Result<PlayReadyHeaderInfo> parse_playready_object(ByteView pro);

}  // namespace streamforge::drm

// Text encodings of key material and identifiers used by DRM signaling: hex, base64 (RFC 4648 §4),
// base64url without padding (RFC 4648 §5, as W3C EME Clear Key and JWK use it), and UUID strings
// (RFC 4122 §3: "8-4-4-4-12" hex digits, the form of DASH cenc:default_KID and CPIX kid attributes).
//
// Decoders are strict: a wrong alphabet, misplaced or missing padding, or non-zero unused bits are
// errors (kInvalidArgument). They never echo the input in messages (it may be a key).
// Free functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/base64.h"
#include "streamforge/core/bytes.h"
#include "streamforge/core/hex.h"
#include "streamforge/core/result.h"

namespace streamforge::drm {

// base64 / base64url (strict decoders) and hex decoding are core's (core/base64.h, core/hex.h),
// named here too because DRM signaling code and its users reach them as drm::.
using streamforge::base64_decode;
using streamforge::base64_encode;
using streamforge::base64url_decode;
using streamforge::base64url_encode;
using streamforge::hex_decode;

// base64 after removing XML whitespace (space, tab, CR, LF): xs:base64Binary element content.
Result<std::vector<uint8_t>> base64_decode_lenient_whitespace(std::string_view text);

// Lower-case hex, like streamforge::to_hex.
std::string hex_encode(ByteView bytes);

// "01234567-89ab-cdef-0123-456789abcdef" (lower case, byte order as stored: big-endian fields).
std::string uuid_string(const std::array<uint8_t, 16>& id);
// Accepts the dashed UUID form or 32 plain hex digits, either case.
Result<std::array<uint8_t, 16>> parse_uuid(std::string_view text);

}  // namespace streamforge::drm

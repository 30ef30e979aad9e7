// Base64 (RFC 4648 §4, standard alphabet, '=' padding) and base64url (§5, URL-safe alphabet, no
// padding, as JWK/EME Clear Key and signed-URL tokens use it), plus any other 64-character
// alphabet for vendor variants (CloudFront's "-~" with '_' padding).
//
// Decoders are strict: a character outside the alphabet, misplaced or missing padding, a length
// that cannot be base64, or non-zero unused bits in the last character (RFC 4648 §3.5) are
// kInvalidArgument. Messages never echo the input (it may be a key). Free functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

// "3q2+7w==".
std::string base64_encode(ByteView bytes);
// "3q2-7w".
std::string base64url_encode(ByteView bytes);

// Appending forms, for callers that build a string without temporaries (URL signers).
void append_base64(ByteView bytes, std::string& out);
void append_base64url(ByteView bytes, std::string& out);
// `alphabet` holds the 64 digit characters in value order; `pad` 0 means no padding.
void append_base64_variant(ByteView bytes, std::string_view alphabet, char pad, std::string& out);

// Requires padding to a multiple of 4 characters; no whitespace.
Result<std::vector<uint8_t>> base64_decode(std::string_view text);
// Rejects '=' padding and the '+' '/' characters of the standard alphabet.
Result<std::vector<uint8_t>> base64url_decode(std::string_view text);

}  // namespace streamforge

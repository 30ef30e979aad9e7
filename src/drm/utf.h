// Private: UTF-8 / UTF-16LE conversion and validation (RFC 3629, RFC 2781), for the PlayReady
// header (UTF-16LE XML) and the XML reader. Strict: overlong forms, surrogates in UTF-8, unpaired
// surrogates in UTF-16 and code points above U+10FFFF are errors. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::drm::utf {

// Decodes the UTF-8 sequence at text[i]: the code point, and its length in *len; -1 if invalid.
int32_t decode_utf8_at(std::string_view text, size_t i, size_t* len);
// Appends the UTF-8 encoding of a valid code point (not a surrogate, <= U+10FFFF).
void append_utf8(std::string& out, uint32_t code_point);

// kInvalidArgument when `text` is not valid UTF-8.
Result<ByteBuffer> utf8_to_utf16le(std::string_view text);
// kDataLoss when `bytes` is not valid UTF-16LE (odd length, unpaired surrogate).
Result<std::string> utf16le_to_utf8(ByteView bytes);

}  // namespace streamforge::drm::utf

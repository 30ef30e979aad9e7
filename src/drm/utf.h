// Private: UTF-8 / UTF-16LE conversion and validation (RFC 3629, RFC 2781), for the PlayReady
// header (UTF-16LE XML) and the XML reader. Strict: overlong forms, surrogates in UTF-8, unpaired
// surrogates in UTF-16 and code points above U+10FFFF are errors. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::drm::utf {

// One code point each way: core's (core/utf8.h).
using core::append_utf8;
using core::decode_utf8_at;

// kInvalidArgument when `text` is not valid UTF-8.
Result<ByteBuffer> utf8_to_utf16le(std::string_view text);
// kDataLoss when `bytes` is not valid UTF-16LE (odd length, unpaired surrogate).
Result<std::string> utf16le_to_utf8(ByteView bytes);

}  // namespace streamforge::drm::utf

// Percent-encoding (RFC 3986 §2.1) both ways. Encoding: every byte but the unreserved characters
// A-Z a-z 0-9 - . _ ~ (§2.3) becomes %XX with upper-case hex digits. What a URL query value or a
// path segment built from arbitrary text needs; characters in `also_keep` stay too (e.g. "/" for a path whose
// segments are encoded, as S3 Signature V4 encodes object keys). Free functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge {

std::string percent_encode(std::string_view text, std::string_view also_keep = {});

// What a '+' means when decoding: itself (RFC 3986 paths and most URI parts) or a space
// (application/x-www-form-urlencoded query strings, WHATWG URL §5.1).
enum class PlusSign { kLiteral, kSpace };

// %XX (either case) -> the byte. kInvalidArgument "'%' not followed by two hex digits" for a
// broken escape; callers add which field it was in.
Result<std::string> percent_decode(std::string_view text, PlusSign plus = PlusSign::kLiteral);

}  // namespace streamforge

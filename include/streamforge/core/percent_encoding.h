// Percent-encoding (RFC 3986 §2.1): every byte but the unreserved characters A-Z a-z 0-9 - . _ ~
// (§2.3) becomes %XX with upper-case hex digits. What a URL query value or a path segment built
// from arbitrary text needs; characters in `also_keep` stay too (e.g. "/" for a path whose
// segments are encoded, as S3 Signature V4 encodes object keys). Free function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace streamforge {

std::string percent_encode(std::string_view text, std::string_view also_keep = {});

}  // namespace streamforge

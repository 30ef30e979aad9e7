// Percent-encoding (RFC 3986 §2.1): every byte but the unreserved characters A-Z a-z 0-9 - . _ ~
// (§2.3) becomes %XX with upper-case hex digits. What a URL query value or a path segment built
// from arbitrary text needs. Free function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace streamforge {

std::string percent_encode(std::string_view text);

}  // namespace streamforge

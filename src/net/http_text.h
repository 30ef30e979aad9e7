// Private: small text predicates of HTTP syntax (RFC 9110 §5), shared by the net sources.
#pragma once

#include <string>
#include <string_view>

namespace streamforge::net {

// RFC 9110 §5.6.2 token (method and header names).
bool is_token(std::string_view s);
// A field value without CR, LF or NUL.
bool is_field_value(std::string_view s);
// ASCII case-insensitive equality (header names).
bool iequals(std::string_view a, std::string_view b);
// RFC 4648 §4 base64 with padding (Basic authentication credentials).
std::string base64(std::string_view bytes);
// RFC 3986 §2.1 percent-decoding; invalid escapes are kept as they are.
std::string percent_decode(std::string_view s);

}  // namespace streamforge::net

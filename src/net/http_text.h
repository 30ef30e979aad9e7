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
// The credentials of "Authorization: Basic" (RFC 7617 §2) for a URL's userinfo "user:password":
// percent-decoded (RFC 3986 §3.2.1; text with a broken escape is taken as it is), then base64.
std::string basic_credentials(std::string_view userinfo);

}  // namespace streamforge::net

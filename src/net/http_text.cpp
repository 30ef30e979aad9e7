// HTTP text helpers; see http_text.h.
#include "net/http_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "streamforge/core/base64.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge::net {

bool is_token(std::string_view s) {
  // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_"
  //                          / "`" / "|" / "~" / DIGIT / ALPHA
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool is_field_value(std::string_view s) {
  // RFC 9110 §5.5: no CR, LF or NUL (they would end or split the header: header injection).
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string basic_credentials(std::string_view userinfo) {
  auto decoded = percent_decode(userinfo);
  std::string_view text = decoded.ok() ? std::string_view(*decoded) : userinfo;
  return base64_encode(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace streamforge::net

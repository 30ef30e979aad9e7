// libFuzzer target: the small text parsers that take URLs, headers and keys from users, specs and
// servers -- net::parse_url and resolve_url (a redirect's Location is server-controlled),
// parse_header_line (--cpix-header, purge specs), percent-decoding, and the KID/key/IV parsers.
// The first byte picks the parser (mod 4) so one corpus covers all of them.
// Properties: no crash or sanitizer report; an accepted URL prints to a URL that parses to the
// same parts, its target starts with '/', and its redacted form is scheme://authority/path (no
// user info, no query); a
// resolved reference has no dot segments left; an accepted header has a non-empty token name and
// no CR/LF/NUL in its value; percent-encoding round-trips any bytes; a KID prints (UUID form) to
// text that parses back to the same KID.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/percent_encoding.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/net/http_client.h"
#include "streamforge/net/url.h"

namespace {

using namespace streamforge;

bool same(const net::Url& a, const net::Url& b) {
  return a.scheme == b.scheme && a.userinfo == b.userinfo && a.host == b.host && a.port == b.port &&
         a.target == b.target;
}

void check_url(const net::Url& u) {
  if (u.scheme != "http" && u.scheme != "https") __builtin_trap();
  if (u.host.empty() || u.target.empty() || u.target[0] != '/') __builtin_trap();
  auto again = net::parse_url(u.to_string());
  if (!again.ok() || !same(*again, u)) __builtin_trap();
  const std::string redacted = u.redacted();
  if (redacted.find('?') != std::string::npos) __builtin_trap();
  if (redacted.rfind(u.scheme + "://" + u.authority() + "/", 0) != 0) __builtin_trap();  // no user info
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (selector % 4) {
    case 0: {
      auto url = net::parse_url(text);
      if (url.ok()) check_url(*url);
      static const net::Url base = *net::parse_url("https://user:pw@cdn.example.com:8443/a/b/c.m3u8?x=1");
      auto resolved = net::resolve_url(base, text);
      if (resolved.ok()) {
        check_url(*resolved);
        const std::string path = resolved->path();
        if (path.find("/./") != std::string::npos || path.find("/../") != std::string::npos) __builtin_trap();
      }
      break;
    }
    case 1: {
      auto header = net::parse_header_line(text);
      if (!header.ok()) break;
      if (header->name.empty()) __builtin_trap();
      if (header->value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) __builtin_trap();
      break;
    }
    case 2: {
      percent_decode(text).status().ignore_error();
      percent_decode(text, PlusSign::kSpace).status().ignore_error();
      auto round = percent_decode(percent_encode(text, "/"));
      if (!round.ok() || *round != text) __builtin_trap();
      break;
    }
    default: {
      auto kid = crypto::parse_key_id(text);
      if (kid.ok()) {
        auto again = crypto::parse_key_id(crypto::key_id_to_uuid(*kid));
        if (!again.ok() || *again != *kid) __builtin_trap();
      }
      crypto::parse_key(text).status().ignore_error();
      crypto::parse_iv(text).status().ignore_error();
      break;
    }
  }
  return 0;
}

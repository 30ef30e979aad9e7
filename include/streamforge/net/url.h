// http:// and https:// URLs (RFC 3986 syntax, RFC 9110 §4.2 schemes), just what an HTTP client
// needs: the parts of an absolute URL, the reference resolution a redirect's Location needs
// (RFC 3986 §5.2), and a redacted form for messages and logs.
//
// URLs may carry secrets (user:password@, signed query strings), so nothing in net/ puts a whole
// URL in a Status message or a log line: only redacted(), which drops the user info and the query.
// Value types and free functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge::net {

struct Url {
  std::string scheme;    // "http" or "https" (lower case)
  std::string userinfo;  // "user:password" (still percent-encoded), empty when absent
  std::string host;      // lower case; an IPv6 literal without its brackets
  uint16_t port = 0;     // explicit, or the scheme's default (80, 443)
  std::string target;    // origin-form request target (RFC 9112 §3.2.1): "/path?query", at least "/"

  bool tls() const { return scheme == "https"; }
  // "host:port" as the Host header wants it (RFC 9110 §7.2): the port only when not the default,
  // IPv6 literals in brackets.
  std::string authority() const;
  // The path of target, without the query.
  std::string path() const;
  // scheme://authority/path: no user info, no query, no fragment. The only form put in messages.
  std::string redacted() const;
  // The whole URL again (secrets included): scheme://[userinfo@]authority target.
  std::string to_string() const;
};

// Parses an absolute http(s) URL. The fragment is dropped. kInvalidArgument for another scheme, an
// empty host, a bad port, or characters that may not appear in a URL (controls, spaces); the
// message never repeats the URL (it may hold credentials).
Result<Url> parse_url(std::string_view text);

// RFC 3986 §5.2: a reference (absolute URL, "//host/path", "/path", "path", "?query") resolved
// against `base`, with dot segments removed (§5.2.4).
Result<Url> resolve_url(const Url& base, std::string_view reference);

}  // namespace streamforge::net

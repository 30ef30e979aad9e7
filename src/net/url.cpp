// http(s) URL parsing and reference resolution (RFC 3986 §3 and §5.2); see url.h.
#include "streamforge/net/url.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace streamforge::net {
namespace {

// Characters RFC 3986 never allows unencoded (§2: controls, space, non-ASCII, and "<>\"\\^`{|}").
// Refusing them also keeps CR/LF out of the request line (request smuggling).
bool url_char_ok(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return false;
    default:
      return true;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The scheme of an absolute reference (§3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"), or
// empty for a relative one.
std::string_view scheme_of(std::string_view ref) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  if (!std::isalpha(static_cast<unsigned char>(ref[0]))) return {};
  for (size_t i = 1; i < colon; ++i) {
    const char c = ref[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return ref.substr(0, colon);
}

// §5.2.4 remove_dot_segments, for an absolute path ("/..."); the result starts with "/".
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  bool trailing_slash = false;
  std::string_view rest = path.substr(path.starts_with('/') ? 1 : 0);
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  std::string result;
  for (const std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (result.empty() || trailing_slash) result += '/';
  return result;
}

Status bad_url(std::string why) { return InvalidArgumentError("bad URL: " + why); }

}  // namespace

std::string Url::authority() const {
  // (Appends rather than operator+ chains: GCC 12 warns falsely about those, its bug 105329.)
  std::string out;
  if (host.find(':') != std::string::npos) {
    out.append(1, '[').append(host).append(1, ']');
  } else {
    out = host;
  }
  const uint16_t default_port = tls() ? 443 : 80;
  if (port != default_port) out.append(1, ':').append(std::to_string(port));
  return out;
}

std::string Url::path() const { return target.substr(0, target.find('?')); }

std::string Url::redacted() const { return scheme + "://" + authority() + path(); }

std::string Url::to_string() const {
  return scheme + "://" + (userinfo.empty() ? "" : userinfo + "@") + authority() + target;
}

Result<Url> parse_url(std::string_view text) {
  if (text.size() > 16 * 1024) return bad_url("longer than 16 KiB");
  if (!std::all_of(text.begin(), text.end(), [](char c) { return url_char_ok(c) || c == '#'; })) {
    return bad_url("contains spaces, control or non-ASCII characters (percent-encode them)");
  }
  const std::string scheme = lower(scheme_of(text));
  if (scheme != "http" && scheme != "https") {
    return bad_url(scheme.empty() ? "not absolute (expected http:// or https://)"
                                  : "scheme '" + scheme + "' is not http or https");
  }
  std::string_view rest = text.substr(scheme.size() + 1);
  if (!rest.starts_with("//")) return bad_url("expected '//' after '" + scheme + ":'");
  rest.remove_prefix(2);
  rest = rest.substr(0, rest.find('#'));  // the fragment never goes on the wire (RFC 9110 §4.2.5)
  const size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);

  Url url;
  url.scheme = scheme;
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad_url("unterminated IPv6 literal");
    url.host = lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return bad_url("junk after the IPv6 literal");
      port_text = after.substr(1);
    }
    if (url.host.empty() || url.host.find_first_not_of("0123456789abcdef:.") != std::string::npos) {
      return bad_url("bad IPv6 literal");
    }
  } else {
    const size_t colon = authority.rfind(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (url.host.find_first_of("[]@:") != std::string::npos) return bad_url("bad host");
  }
  if (url.host.empty()) return bad_url("no host");
  url.port = url.tls() ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), ::isdigit)) {
      return bad_url("port is not a number");
    }
    const unsigned long port = std::stoul(std::string(port_text));
    if (port == 0 || port > 65535) return bad_url("port out of range 1..65535");
    url.port = static_cast<uint16_t>(port);
  }
  if (target.empty() || target.starts_with('?')) {
    url.target.append(1, '/').append(target);
  } else {
    url.target = std::string(target);
  }
  return url;
}

Result<Url> resolve_url(const Url& base, std::string_view reference) {
  if (reference.size() > 16 * 1024) return bad_url("reference longer than 16 KiB");
  if (!std::all_of(reference.begin(), reference.end(), [](char c) { return url_char_ok(c) || c == '#'; })) {
    return bad_url("reference contains spaces, control or non-ASCII characters");
  }
  // §5.2.2: a reference with its own scheme, or its own authority ("//host/path"), keeps them; its
  // path still loses its dot segments.
  if (!scheme_of(reference).empty() || reference.starts_with("//")) {
    SF_ASSIGN_OR_RETURN(Url out, parse_url(reference.starts_with("//") ? base.scheme + ":" + std::string(reference)
                                                                       : std::string(reference)));
    const std::string path = out.path();
    out.target = remove_dot_segments(path) + out.target.substr(path.size());
    return out;
  }

  reference = reference.substr(0, reference.find('#'));
  const size_t q = reference.find('?');
  const std::string_view ref_path = reference.substr(0, q);
  const std::string_view ref_query = q == std::string_view::npos ? std::string_view() : reference.substr(q);

  Url out = base;
  const std::string base_path = base.path();
  std::string path;
  if (ref_path.empty()) {
    path = base_path;
    if (ref_query.empty()) {
      const size_t base_q = base.target.find('?');
      if (base_q != std::string::npos) return out;  // same path and query
    }
  } else if (ref_path.starts_with('/')) {
    path = remove_dot_segments(ref_path);
  } else {
    // §5.2.3 merge: the base path up to its last '/', then the reference.
    path = remove_dot_segments(base_path.substr(0, base_path.rfind('/') + 1) + std::string(ref_path));
  }
  out.target = path + std::string(ref_query);
  return out;
}

}  // namespace streamforge::net

// URL parsing, redaction and RFC 3986 §5.4 reference resolution examples.
#include <gtest/gtest.h>

#include "streamforge/net/http_client.h"
#include "streamforge/net/url.h"

namespace streamforge::net {
namespace {

TEST(Url, ParsesTheParts) {
  auto u = parse_url("HTTPS://user:p%40ss@Keys.Example.com:8443/cpix/v2?token=secret#frag");
  ASSERT_TRUE(u.ok()) << u.status().to_string();
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->userinfo, "user:p%40ss");
  EXPECT_EQ(u->host, "keys.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/cpix/v2?token=secret");
  EXPECT_EQ(u->path(), "/cpix/v2");
  EXPECT_EQ(u->authority(), "keys.example.com:8443");
  EXPECT_TRUE(u->tls());
}

TEST(Url, DefaultsPortsAndTarget) {
  auto u = parse_url("http://example.com");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->authority(), "example.com");
  u = parse_url("https://example.com?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/?x=1");
  u = parse_url("http://[::1]:8080/a");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->authority(), "[::1]:8080");
}

TEST(Url, RedactedDropsCredentialsAndQuery) {
  auto u = parse_url("https://alice:hunter2@example.com/keys?sig=abcdef");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->redacted(), "https://example.com/keys");
  EXPECT_EQ(u->to_string(), "https://alice:hunter2@example.com/keys?sig=abcdef");
}

TEST(Url, RefusesBadUrlsWithoutEchoingThem) {
  for (const char* bad : {"ftp://example.com/", "example.com/path", "http:/example.com", "http://", "http://:80/",
                          "http://example.com:0/", "http://example.com:65536/", "http://example.com:8x/",
                          "http://exa mple.com/", "http://example.com/a\r\nX-Evil: 1", "http://[::1/",
                          "http://secret@example.com/\x7f"}) {
    auto u = parse_url(bad);
    ASSERT_FALSE(u.ok()) << bad;
    EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(u.status().message().find("secret"), std::string::npos);
  }
}

// RFC 3986 §5.4.1 "Normal Examples" (base http://a/b/c/d;p?q), those an http client meets.
TEST(Url, ResolvesReferencesAsRfc3986Says) {
  auto base = parse_url("http://a/b/c/d;p?q");
  ASSERT_TRUE(base.ok());
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},     {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},            {"//g", "http://g/"},           {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},     {"#s", "http://a/b/c/d;p?q"},  {"g#s", "http://a/b/c/g"},
      {";x", "http://a/b/c/;x"},       {"", "http://a/b/c/d;p?q"},    {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},         {"..", "http://a/b/"},          {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},        {"../..", "http://a/"},         {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},    {"/./g", "http://a/g"},         {"/../g", "http://a/g"},
      {"g/./h", "http://a/b/c/g/h"},   {"g/../h", "http://a/b/c/h"},  {"https://x:1/y", "https://x:1/y"},
      // §5.2.2: an absolute or network-path reference loses its dot segments too.
      {"http://g/a/./b/../c?q", "http://g/a/c?q"}, {"//g/x/../y", "http://g/y"},
  };
  for (const auto& [ref, want] : cases) {
    auto r = resolve_url(*base, ref);
    ASSERT_TRUE(r.ok()) << ref << ": " << r.status().to_string();
    EXPECT_EQ(r->to_string(), want) << ref;
  }
  EXPECT_FALSE(resolve_url(*base, "mailto:x@y").ok());
  EXPECT_FALSE(resolve_url(*base, "/a b").ok());
}

TEST(HeaderLine, ParsesAndRefusesInjection) {
  auto h = parse_header_line("  X-Speke-Version :  2.0 ");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->name, "X-Speke-Version");
  EXPECT_EQ(h->value, "2.0");
  h = parse_header_line("Authorization: Bearer abc:def");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->value, "Bearer abc:def");
  EXPECT_FALSE(parse_header_line("no colon").ok());
  EXPECT_FALSE(parse_header_line("Bad Name: x").ok());
  EXPECT_FALSE(parse_header_line(": x").ok());
  auto injected = parse_header_line("Authorization: Bearer sekrit\r\nX-Evil: 1");
  ASSERT_FALSE(injected.ok());
  EXPECT_EQ(injected.status().message().find("sekrit"), std::string::npos);
}

TEST(HttpStatusError, MapsCodesAndNamesOnlyTheRedactedUrl) {
  HttpResponse r;
  r.redacted_url = "https://keys.example.com/cpix";
  const std::pair<int, StatusCode> cases[] = {
      {200, StatusCode::kOk},          {204, StatusCode::kOk},
      {400, StatusCode::kInvalidArgument}, {401, StatusCode::kPermissionDenied},
      {403, StatusCode::kPermissionDenied}, {404, StatusCode::kNotFound},
      {408, StatusCode::kDeadlineExceeded}, {409, StatusCode::kFailedPrecondition},
      {418, StatusCode::kFailedPrecondition}, {429, StatusCode::kResourceExhausted},
      {500, StatusCode::kUnavailable},  {501, StatusCode::kUnimplemented},
      {503, StatusCode::kUnavailable},  {304, StatusCode::kFailedPrecondition},
  };
  for (const auto& [status, code] : cases) {
    r.status = status;
    EXPECT_EQ(http_status_error(r).code(), code) << status;
  }
  r.status = 500;
  r.reason = "Internal Server Error";
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  r.body = "contentId\nmissing";
  EXPECT_EQ(http_status_error(r).message(),
            "HTTP 500 Internal Server Error from https://keys.example.com/cpix: contentId missing");
  r.headers = {{"Content-Type", "application/octet-stream"}};
  EXPECT_EQ(http_status_error(r).message(), "HTTP 500 Internal Server Error from https://keys.example.com/cpix");
}

}  // namespace
}  // namespace streamforge::net

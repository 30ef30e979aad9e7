// The streamforge path-prefix token: round trip, key rotation, and every refusal with its own
// status (malformed, bad signature, expired, outside the prefix, wrong client).
#include "streamforge/cdn/streamforge_token.h"

#include <gtest/gtest.h>

namespace streamforge::cdn {
namespace {

TokenKey key(std::string kid, uint8_t fill) { return TokenKey{std::move(kid), std::vector<uint8_t>(32, fill)}; }

std::unique_ptr<StreamforgeTokenSigner> signer(TokenKey k, std::string prefix = {}) {
  StreamforgeTokenOptions o;
  o.key = std::move(k);
  o.prefix = std::move(prefix);
  auto s = StreamforgeTokenSigner::create(o);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return std::move(*s);
}

std::unique_ptr<TokenVerifier> verifier(std::vector<TokenKey> keys) {
  auto v = TokenVerifier::create(std::move(keys));
  EXPECT_TRUE(v.ok()) << v.status().to_string();
  return std::move(*v);
}

constexpr int64_t kNow = 1800000000;
constexpr int64_t kExp = kNow + 3600;

TEST(NormalizePath, ResolvesDotSegmentsAndEscapes) {
  EXPECT_EQ(*normalize_path("/a/b/../c"), "/a/c");
  EXPECT_EQ(*normalize_path("/a/./b//c/"), "/a/b/c/");
  EXPECT_EQ(*normalize_path("/a/%2e%2e/b"), "/b");
  EXPECT_EQ(*normalize_path("/a/%2E%2E%2Fb"), "/b");
  EXPECT_EQ(*normalize_path("/a/.."), "/");
  EXPECT_EQ(*normalize_path("/"), "/");
  EXPECT_FALSE(normalize_path("/..").ok());
  EXPECT_FALSE(normalize_path("/a/../../b").ok());
  EXPECT_FALSE(normalize_path("a/b").ok());
  EXPECT_FALSE(normalize_path("/a%00b").ok());
  EXPECT_FALSE(normalize_path("/a%zz").ok());
  EXPECT_FALSE(normalize_path("/a%2").ok());
  EXPECT_FALSE(normalize_path("/a\\..\\b").ok());
}

TEST(FindQueryParam, FindsExactName) {
  EXPECT_EQ(find_query_param("/a?x=1&sf_token=abc&y=2", "sf_token"), "abc");
  EXPECT_EQ(find_query_param("x_sf_token=1&sf_token=2", "sf_token"), "2");
  EXPECT_EQ(find_query_param("/a?sf_token=abc#frag", "sf_token"), "abc");
  EXPECT_EQ(find_query_param("/a", "sf_token"), "");
}

TEST(StreamforgeToken, OneTokenCoversTheManifestAndItsSegments) {
  auto s = signer(key("k1", 1));
  auto url = s->sign({.url = "https://cdn.example/v/42/master.m3u8", .expires_at = kExp});
  ASSERT_TRUE(url.ok());
  std::string token(find_query_param(*url, "sf_token"));
  ASSERT_FALSE(token.empty());
  auto v = verifier({key("k1", 1)});
  for (const char* path : {"/v/42/master.m3u8", "/v/42/720p/seg_00001.m4s", "/v/42/"}) {
    auto claims = v->verify(token, path, kNow);
    ASSERT_TRUE(claims.ok()) << path << ": " << claims.status().to_string();
    EXPECT_EQ(claims->prefix, "/v/42/");
    EXPECT_EQ(claims->kid, "k1");
    EXPECT_EQ(claims->expires_at, kExp);
  }
}

TEST(StreamforgeToken, RefusalsHaveDistinctStatuses) {
  auto s = signer(key("k1", 1));
  auto token = s->token("/v/42/", kExp);
  ASSERT_TRUE(token.ok());
  auto v = verifier({key("k1", 1)});
  auto failure = [&](std::string_view tok, std::string_view path, int64_t now = kNow, std::string_view ip = {}) {
    return token_failure(v->verify(tok, path, now, ip).status());
  };
  EXPECT_EQ(failure(*token, "/v/42/a.ts"), TokenFailure::kNone);
  // Expired: at and after exp.
  EXPECT_EQ(failure(*token, "/v/42/a.ts", kExp), TokenFailure::kExpired);
  // Outside the prefix, including dot-segment and encoded escapes and a sibling with a longer name.
  EXPECT_EQ(failure(*token, "/v/43/a.ts"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/42/../43/a.ts"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/42/%2e%2e/43/a.ts"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/42/%2E%2E%2F43/a.ts"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/42/../../../etc/passwd"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/420/a.ts"), TokenFailure::kOutsidePrefix);
  EXPECT_EQ(failure(*token, "/v/42"), TokenFailure::kOutsidePrefix);
  // ... but a dot segment that stays inside is fine.
  EXPECT_EQ(failure(*token, "/v/42/x/../a.ts"), TokenFailure::kNone);
  // Tampered: any field or the signature.
  std::string t = *token;
  std::string longer = t;
  longer.replace(longer.find("exp=") + 4, 1, "9");
  EXPECT_EQ(failure(longer, "/v/42/a.ts"), TokenFailure::kBadSignature);
  std::string wider = t;
  wider.replace(wider.find("prefix=/v/42/"), 13, "prefix=/v/");
  EXPECT_EQ(failure(wider, "/v/43/a.ts"), TokenFailure::kBadSignature);
  std::string sig = t;
  sig.back() = sig.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(failure(sig, "/v/42/a.ts"), TokenFailure::kBadSignature);
  // Signed with another key with the same kid.
  auto other = signer(key("k1", 2))->token("/v/42/", kExp);
  EXPECT_EQ(failure(*other, "/v/42/a.ts"), TokenFailure::kBadSignature);
  // Malformed.
  for (std::string bad : {std::string(), std::string("garbage"), t + "~", t + "~x=1", t.substr(0, t.size() - 1),
                          std::string("prefix=/v/~exp=1~sig=") + std::string(43, 'A'),
                          std::string("exp=-1~prefix=/v/~sig=") + std::string(43, 'A'),
                          std::string("exp=1~prefix=/v/../~sig=") + std::string(43, 'A'),
                          std::string("exp=1~prefix=v/~sig=") + std::string(43, 'A'),
                          std::string("exp=1~prefix=/v/~ip=x;y~sig=") + std::string(43, 'A'),
                          std::string("exp=1~prefix=/v/~kid=~sig=") + std::string(43, 'A'),
                          std::string("exp=1~prefix=/v/~sig=") + std::string(43, '+'),
                          std::string("exp=1234567890123456789~prefix=/v/~sig=") + std::string(43, 'A'),
                          std::string(5000, 'a')}) {
    EXPECT_EQ(failure(bad, "/v/42/a.ts"), TokenFailure::kMalformed) << bad;
  }
}

TEST(StreamforgeToken, ClientBindingAndKeyRotation) {
  auto current = signer(key("2024-06", 7));
  auto previous = signer(key("2024-05", 6));
  auto v = verifier({key("2024-06", 7), key("2024-05", 6)});
  auto bound = current->token("/v/1/", kExp, "203.0.113.9");
  ASSERT_TRUE(bound.ok());
  EXPECT_TRUE(v->verify(*bound, "/v/1/a.ts", kNow, "203.0.113.9").ok());
  EXPECT_EQ(token_failure(v->verify(*bound, "/v/1/a.ts", kNow, "203.0.113.10").status()), TokenFailure::kWrongClient);
  auto old = previous->token("/v/1/", kExp);
  EXPECT_TRUE(v->verify(*old, "/v/1/a.ts", kNow).ok());
  // After the old key is retired its tokens stop working.
  auto v2 = verifier({key("2024-06", 7)});
  EXPECT_EQ(token_failure(v2->verify(*old, "/v/1/a.ts", kNow).status()), TokenFailure::kBadSignature);
  // A token without a kid needs a key without one.
  auto plain = signer(key("", 9))->token("/", kExp);
  EXPECT_EQ(token_failure(v2->verify(*plain, "/x", kNow).status()), TokenFailure::kBadSignature);
  EXPECT_TRUE(verifier({key("", 9)})->verify(*plain, "/x", kNow).ok());
}

TEST(StreamforgeToken, PrefixWithoutSlashCoversDirectoryOnly) {
  auto t = signer(key("", 1))->token("/v/42", kExp);
  ASSERT_TRUE(t.ok());
  auto v = verifier({key("", 1)});
  EXPECT_TRUE(v->verify(*t, "/v/42", kNow).ok());
  EXPECT_TRUE(v->verify(*t, "/v/42/a.ts", kNow).ok());
  EXPECT_EQ(token_failure(v->verify(*t, "/v/420/a.ts", kNow).status()), TokenFailure::kOutsidePrefix);
}

TEST(StreamforgeToken, OddPrefixCharactersAreEscapedAndRoundTrip) {
  auto t = signer(key("", 1))->token("/v/a b~c&d=e/", kExp);
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  EXPECT_NE(t->find("prefix=/v/a%20b%7Ec%26d%3De/~sig="), std::string::npos) << *t;
  auto claims = verifier({key("", 1)})->verify(*t, "/v/a%20b~c&d=e/x.ts", kNow);
  ASSERT_TRUE(claims.ok()) << claims.status().to_string();
  EXPECT_EQ(claims->prefix, "/v/a b~c&d=e/");
}

TEST(StreamforgeToken, BadSignerAndVerifierOptions) {
  StreamforgeTokenOptions o;
  o.key.key = std::vector<uint8_t>(8, 1);
  EXPECT_EQ(StreamforgeTokenSigner::create(o).status().field(), "key");
  o.key.key = std::vector<uint8_t>(32, 1);
  o.key.kid = "bad kid";
  EXPECT_EQ(StreamforgeTokenSigner::create(o).status().field(), "kid");
  EXPECT_EQ(TokenVerifier::create({}).status().field(), "keys");
  EXPECT_EQ(TokenVerifier::create({key("a", 1), key("a", 2)}).status().field(), "keys[1].kid");
  auto s = signer(key("", 1));
  EXPECT_EQ(s->token("relative/", kExp).status().field(), "prefix");
  EXPECT_EQ(s->token("/a/../b/", kExp).status().field(), "prefix");
  EXPECT_EQ(s->token("/a/", 0).status().field(), "expires_at");
  EXPECT_EQ(s->token("/a/", kExp, "1.2.3.4; drop").status().field(), "client_ip");
  auto scoped = signer(key("", 1), "/v/42/");
  EXPECT_TRUE(scoped->sign({.url = "https://h/v/42/a/b.ts", .expires_at = kExp}).ok());
  EXPECT_EQ(scoped->sign({.url = "https://h/v/43/a.ts", .expires_at = kExp}).status().field(), "url");
}

}  // namespace
}  // namespace streamforge::cdn

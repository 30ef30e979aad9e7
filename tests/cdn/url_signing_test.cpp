// URL signers: known answers (nginx's documented example, Akamai token layout), CloudFront policy
// bytes and base64 variant, the UrlSigner factory and its field-named errors. The byte-equality
// proofs against the real peers (nginx, botocore, akamai-edgeauth) are in signing_peers_test.cpp.
#include <gtest/gtest.h>

#include "signing_test_support.h"
#include "streamforge/cdn/url_signer_spec.h"
#include "streamforge/crypto/rsa_signature.h"

namespace streamforge::cdn {
namespace {

using namespace streamforge::cdn::testing;

TEST(UrlHelpers, PathAndQuery) {
  EXPECT_EQ(url_path("https://h.example/a/b.m3u8?x=1#f"), "/a/b.m3u8");
  EXPECT_EQ(url_path("https://h.example"), "/");
  EXPECT_EQ(url_path("https://h.example?x"), "/");
  EXPECT_EQ(url_path("/a?x"), "/a");
  EXPECT_EQ(append_query("/a", "k=v"), "/a?k=v");
  EXPECT_EQ(append_query("/a?x=1", "k=v"), "/a?x=1&k=v");
  EXPECT_EQ(append_query("/a?", "k=v"), "/a?k=v");
  EXPECT_EQ(append_query("/a#frag", "k=v"), "/a?k=v#frag");
}

TEST(NginxSecureLink, MatchesTheModuleDocumentationExample) {
  // ngx_http_secure_link_module docs: secure_link_md5 "$secure_link_expires$uri$remote_addr secret"
  // and `echo -n '2147483647/s/link127.0.0.1 secret' | openssl md5 -binary | openssl base64 |
  // tr +/ -_ | tr -d =` -> _e4Nc3iduzkWRm01TBBNYw, link /s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647
  NginxSecureLinkOptions o;
  o.secret = "secret";
  o.expression = "$secure_link_expires$uri$remote_addr $secret";
  auto signer = NginxSecureLinkSigner::create(o);
  ASSERT_TRUE(signer.ok()) << signer.status().to_string();
  auto url = (*signer)->sign({.url = "/s/link", .expires_at = 2147483647, .client_ip = "127.0.0.1"});
  ASSERT_TRUE(url.ok()) << url.status().to_string();
  EXPECT_EQ(*url, "/s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647");
  // $remote_addr in the expression but no address: a clear error, not a link nginx will refuse.
  auto no_ip = (*signer)->sign({.url = "/s/link", .expires_at = 2147483647});
  EXPECT_EQ(no_ip.status().field(), "client_ip");
}

TEST(NginxSecureLink, ExpressionForms) {
  NginxSecureLinkOptions o;
  o.secret = "secret";
  o.expression = "${secret}${uri}${secure_link_expires}";  // another common order, brace syntax
  auto a = NginxSecureLinkSigner::create(o);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  auto h = (*a)->hash("/s/link", 2147483647, "");
  ASSERT_TRUE(h.ok());
  o.expression = "$secret$uri$secure_link_expires";
  auto b = NginxSecureLinkSigner::create(o);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*(*b)->hash("/s/link", 2147483647, ""), *h);
  // $uri is the decoded path, as nginx's variable is.
  auto enc = (*b)->sign({.url = "https://h/s/li%6Ek", .expires_at = 2147483647});
  ASSERT_TRUE(enc.ok());
  EXPECT_NE(enc->find("md5=" + *h + "&"), std::string::npos);

  o.expression = "$secure_link_expires$uri$http_user_agent $secret";
  auto bad = NginxSecureLinkSigner::create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "expression");
  EXPECT_NE(bad.status().message().find("$http_user_agent"), std::string::npos);
  o.expression = "$secure_link_expires$uri";
  EXPECT_EQ(NginxSecureLinkSigner::create(o).status().field(), "expression");  // no secret
  o.expression = "$uri ${secret";
  EXPECT_EQ(NginxSecureLinkSigner::create(o).status().field(), "expression");
  o = {};
  EXPECT_EQ(NginxSecureLinkSigner::create(o).status().field(), "secret");
}

TEST(CloudFront, PolicyStatementsMatchTheDocumentedLayout) {
  EXPECT_EQ(cloudfront_canned_policy("https://d111111abcdef8.cloudfront.net/image.jpg", 1357034400),
            R"({"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg",)"
            R"("Condition":{"DateLessThan":{"AWS:EpochTime":1357034400}}}]})");
  EXPECT_EQ(cloudfront_custom_policy("https://d1.net/v/*", 200, 100, "192.0.2.10"),
            R"({"Statement":[{"Resource":"https://d1.net/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":200},)"
            R"("IpAddress":{"AWS:SourceIp":"192.0.2.10/32"},"DateGreaterThan":{"AWS:EpochTime":100}}}]})");
  EXPECT_NE(cloudfront_custom_policy("x", 1, 0, "192.0.2.0/24").find("\"192.0.2.0/24\""), std::string::npos);
  // Non-ASCII as Python's json.dumps writes it (botocore signs that text): \u escapes, a surrogate
  // pair above U+FFFF; bytes that are not UTF-8 stay as they are.
  EXPECT_EQ(cloudfront_canned_policy("https://d1.net/\u00e9\U0001F600", 5),
            R"({"Statement":[{"Resource":"https://d1.net/\u00e9\ud83d\ude00","Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]})");
  EXPECT_NE(cloudfront_canned_policy("a\xff\xc3", 5).find("a\xff\xc3\""), std::string::npos);
}

class CloudFrontSignerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("sf_cf_unit");
    int rc = 0;
    run_stdout("openssl genrsa -out " + (dir_->path() / "key.pem").string() + " 2048 2>/dev/null", &rc);
    ASSERT_EQ(rc, 0);
    pem_ = read_text(dir_->path() / "key.pem");
  }
  static void TearDownTestSuite() { delete dir_; }
  static TempDir* dir_;
  static std::string pem_;
};
TempDir* CloudFrontSignerTest::dir_ = nullptr;
std::string CloudFrontSignerTest::pem_;

// CloudFront's base64 back to bytes (test-only decoder).
std::vector<uint8_t> cf_decode(std::string s) {
  for (char& c : s) c = c == '-' ? '+' : c == '_' ? '=' : c == '~' ? '/' : c;
  std::string_view a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    acc = acc << 6 | static_cast<uint32_t>(a.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  return out;
}

std::string query_value(std::string_view url, std::string_view name) { return std::string(find_query_param(url, name)); }

TEST_F(CloudFrontSignerTest, CannedCustomAndSha256VerifyWithThePublicKey) {
  CloudFrontOptions o;
  o.key_pair_id = "K2JCJMDEHXQW5F";
  o.private_key_pem = pem_;
  auto signer = CloudFrontSigner::create(o);
  ASSERT_TRUE(signer.ok()) << signer.status().to_string();
  auto key = crypto::RsaPrivateKey::from_pem(pem_);
  auto pub = crypto::RsaPublicKey::from_pem(key->public_key_pem());
  ASSERT_TRUE(pub.ok());

  const std::string url = "https://d1.cloudfront.net/v/42/master.m3u8";
  auto canned = (*signer)->sign({.url = url, .expires_at = 1900000000});
  ASSERT_TRUE(canned.ok()) << canned.status().to_string();
  EXPECT_EQ(canned->rfind(url + "?Expires=1900000000&Signature=", 0), 0u) << *canned;
  EXPECT_NE(canned->find("&Key-Pair-Id=K2JCJMDEHXQW5F"), std::string::npos);
  EXPECT_EQ(query_value(*canned, "Signature").find_first_of("+/="), std::string::npos) << "CloudFront's base64";
  auto sig = cf_decode(query_value(*canned, "Signature"));
  EXPECT_TRUE(pub->verify(crypto::DigestAlgorithm::kSha1, cloudfront_canned_policy(url, 1900000000), sig));

  auto custom = (*signer)->sign({.url = url, .expires_at = 1900000000, .client_ip = "192.0.2.1", .starts_at = 1800000000});
  ASSERT_TRUE(custom.ok());
  auto policy = cf_decode(query_value(*custom, "Policy"));
  std::string policy_text(policy.begin(), policy.end());
  EXPECT_EQ(policy_text, cloudfront_custom_policy(url, 1900000000, 1800000000, "192.0.2.1"));
  EXPECT_TRUE(pub->verify(crypto::DigestAlgorithm::kSha1, policy_text, cf_decode(query_value(*custom, "Signature"))));

  o.hash = crypto::DigestAlgorithm::kSha256;
  auto s256 = CloudFrontSigner::create(o);
  ASSERT_TRUE(s256.ok());
  auto u256 = (*s256)->sign({.url = url + "?a=b", .expires_at = 1900000000});
  ASSERT_TRUE(u256.ok());
  EXPECT_EQ(u256->rfind(url + "?a=b&Expires=1900000000&Signature=", 0), 0u) << *u256;
  EXPECT_EQ(query_value(*u256, "Hash-Algorithm"), "SHA256");
  auto sig256 = cf_decode(query_value(*u256, "Signature"));
  EXPECT_TRUE(pub->verify(crypto::DigestAlgorithm::kSha256, cloudfront_canned_policy(url + "?a=b", 1900000000), sig256));
  EXPECT_FALSE(pub->verify(crypto::DigestAlgorithm::kSha1, cloudfront_canned_policy(url + "?a=b", 1900000000), sig256));
}

TEST_F(CloudFrontSignerTest, CookiesAndPolicyChoice) {
  CloudFrontOptions o;
  o.key_pair_id = "KID";
  o.private_key_pem = pem_;
  auto signer = CloudFrontSigner::create(o);
  ASSERT_TRUE(signer.ok());
  auto canned = (*signer)->signed_cookies({.url = "https://d1.net/v/1.ts", .expires_at = 1900000000});
  ASSERT_TRUE(canned.ok());
  ASSERT_EQ(canned->size(), 3u);
  EXPECT_EQ((*canned)[0].first, "CloudFront-Expires");
  EXPECT_EQ((*canned)[0].second, "1900000000");
  EXPECT_EQ((*canned)[1].first, "CloudFront-Signature");
  EXPECT_EQ((*canned)[2], (std::pair<std::string, std::string>{"CloudFront-Key-Pair-Id", "KID"}));
  // A wildcard resource needs a custom policy: chosen automatically.
  auto custom = (*signer)->signed_cookies({.url = "https://d1.net/v/*", .expires_at = 1900000000});
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ((*custom)[0].first, "CloudFront-Policy");
  auto p = cf_decode((*custom)[0].second);
  EXPECT_EQ(std::string(p.begin(), p.end()), cloudfront_custom_policy("https://d1.net/v/*", 1900000000));

  o.policy = CloudFrontPolicyKind::kCanned;
  auto strict = CloudFrontSigner::create(o);
  auto refused = (*strict)->sign({.url = "https://d1.net/a", .expires_at = 1900000000, .client_ip = "1.2.3.4"});
  EXPECT_EQ(refused.status().field(), "policy");
}

TEST_F(CloudFrontSignerTest, BadOptions) {
  CloudFrontOptions o;
  o.private_key_pem = pem_;
  EXPECT_EQ(CloudFrontSigner::create(o).status().field(), "key_pair_id");
  o.key_pair_id = "K 1";
  EXPECT_EQ(CloudFrontSigner::create(o).status().field(), "key_pair_id");
  o.key_pair_id = "K1";
  o.private_key_pem = "not a key";
  auto bad = CloudFrontSigner::create(o);
  EXPECT_EQ(bad.status().field(), "private_key_pem");
  EXPECT_EQ(bad.status().message().find("not a key"), std::string::npos) << "never echo key material";
  o.private_key_pem.clear();
  o.private_key_file = "/nonexistent/key.pem";
  EXPECT_EQ(CloudFrontSigner::create(o).status().code(), StatusCode::kNotFound);
}

TEST(AkamaiEdgeAuth, TokenLayoutAndHmac) {
  AkamaiEdgeAuthOptions o;
  o.key_hex = "aabbccddeeff00112233445566778899";
  auto signer = AkamaiEdgeAuthSigner::create(o);
  ASSERT_TRUE(signer.ok()) << signer.status().to_string();
  // HMAC-SHA256(key, "exp=1700000000~url=/v/a.m3u8"), computed with Python's hmac module.
  auto url = (*signer)->sign({.url = "https://h.example/v/a.m3u8", .expires_at = 1700000000});
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(*url,
            "https://h.example/v/a.m3u8?__token__=exp=1700000000~hmac="
            "d50dfbebbcad89da9f7cd2bd8cc751aca8860ab8ebe2d7bf7dab928331d613e4");

  o.mode = AkamaiTokenMode::kAcl;
  o.acl = "/v/*";
  o.session_id = "s1";
  o.payload = "p";
  o.salt = "NaCl";
  auto acl = AkamaiEdgeAuthSigner::create(o);
  ASSERT_TRUE(acl.ok());
  auto t = (*acl)->token({.path = "/v/*", .expires_at = 1700000000, .starts_at = 1699990000, .ip = "10.0.0.1"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t,
            "ip=10.0.0.1~st=1699990000~exp=1700000000~acl=/v/*~id=s1~data=p~hmac="
            "75fc6a4c43f15891a5ee6fc3ea606a33a0ae13df3d738b31753096b6094b68be");
}

TEST(AkamaiEdgeAuth, BadOptions) {
  AkamaiEdgeAuthOptions o;
  EXPECT_EQ(AkamaiEdgeAuthSigner::create(o).status().field(), "key");
  o.key_hex = "abc";
  EXPECT_EQ(AkamaiEdgeAuthSigner::create(o).status().field(), "key");
  o.key_hex = "zz";
  EXPECT_EQ(AkamaiEdgeAuthSigner::create(o).status().field(), "key");
  o.key_hex = "00ff";
  o.algorithm = "sha512";
  EXPECT_EQ(AkamaiEdgeAuthSigner::create(o).status().field(), "algorithm");
  o.algorithm = "md5";
  auto md5 = AkamaiEdgeAuthSigner::create(o);
  ASSERT_TRUE(md5.ok());
  auto expired = (*md5)->token({.path = "/a", .expires_at = 10, .starts_at = 20});
  EXPECT_EQ(expired.status().field(), "expires_at");
}

TEST(UrlSignerSpec, BuildsEachSchemeFromJson) {
  auto nginx = make_url_signer_from_json(R"({"scheme":"nginx","secret":"s"})");
  ASSERT_TRUE(nginx.ok()) << nginx.status().to_string();
  EXPECT_EQ((*nginx)->scheme(), "nginx");
  auto akamai = make_url_signer_from_json(R"({"scheme":"akamai","key":"00ff","mode":"acl","acl":"/v/*"})");
  ASSERT_TRUE(akamai.ok()) << akamai.status().to_string();
  EXPECT_EQ((*akamai)->scheme(), "akamai");
  auto acls = make_url_signer_from_json(R"({"scheme":"akamai","key":"00ff","mode":"acl","acl":["/a/*","/b/*"]})");
  ASSERT_TRUE(acls.ok()) << acls.status().to_string();
  auto acl_url = (*acls)->sign({.url = "/a/x.ts", .expires_at = 1900000000});
  ASSERT_TRUE(acl_url.ok());
  EXPECT_NE(acl_url->find("~acl=/a/*!/b/*~hmac="), std::string::npos) << *acl_url;
  auto token = make_url_signer_from_json(R"({"scheme":"token","key":"000102030405060708090a0b0c0d0e0f","kid":"k1"})");
  ASSERT_TRUE(token.ok()) << token.status().to_string();
  auto signed_url = (*token)->sign({.url = "/v/42/master.m3u8", .expires_at = 1900000000});
  ASSERT_TRUE(signed_url.ok());
  EXPECT_EQ(signed_url->rfind("/v/42/master.m3u8?sf_token=exp=1900000000~prefix=/v/42/~kid=k1~sig=", 0), 0u)
      << *signed_url;
}

TEST(UrlSignerSpec, FieldNamedErrors) {
  auto expect_field = [](std::string_view json, std::string_view field) {
    auto s = make_url_signer_from_json(json);
    ASSERT_FALSE(s.ok()) << json;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << json;
    EXPECT_EQ(s.status().field(), field) << json << " -> " << s.status().to_string();
  };
  expect_field(R"({"scheme":"fastly"})", "scheme");
  expect_field(R"({})", "scheme");
  expect_field(R"({"scheme":"nginx","secret":"s","secrte":"x"})", "secrte");
  expect_field(R"({"scheme":"nginx","secret":1})", "secret");
  expect_field(R"({"scheme":"nginx"})", "nginx.secret");
  expect_field(R"({"scheme":"cloudfront","key_pair_id":"K","private_key_pem":"x","hash":"md5"})", "hash");
  expect_field(R"({"scheme":"cloudfront","key_pair_id":"K","private_key_pem":"x","policy":"x"})", "policy");
  expect_field(R"({"scheme":"cloudfront","key_pair_id":"K","private_key_pem":"x"})", "cloudfront.private_key_pem");
  expect_field(R"({"scheme":"akamai","key":"0g"})", "akamai.key");
  expect_field(R"({"scheme":"akamai","key":"00","mode":"both"})", "mode");
  expect_field(R"({"scheme":"akamai","key":"00","mode":"acl","acl":["/a",1]})", "acl[1]");
  expect_field(R"({"scheme":"akamai","key":"00","field_delimiter":"~~"})", "field_delimiter");
  expect_field(R"({"scheme":"token","key":"00"})", "token.key");
  expect_field(R"({"scheme":"token","key":"000102030405060708090a0b0c0d0e0f","prefix":"/a/../b/"})", "token.prefix");
  EXPECT_FALSE(make_url_signer_from_json("{not json").ok());
}

}  // namespace
}  // namespace streamforge::cdn

// SigV4 against AWS's published examples (S3 API reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk" and "Authenticating Requests:
// Using Query Parameters"; credentials AKIAIOSFODNN7EXAMPLE, 2013-05-24, bucket examplebucket).
// tests/storage/sigv4_botocore_test.py compares hundreds of generated requests with botocore.
#include "streamforge/storage/sigv4.h"

#include <gtest/gtest.h>

namespace streamforge::storage {
namespace {

constexpr const char* kTime = "20130524T000000Z";
constexpr const char* kHost = "examplebucket.s3.amazonaws.com";

std::unique_ptr<SigV4Signer> example_signer(std::string token = "") {
  auto s = SigV4Signer::create({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token}, "us-east-1");
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

std::string header(const SigV4Result& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

TEST(SigV4, AwsExampleGetObject) {
  SigV4Request r;
  r.host = kHost;
  r.path = "/test.txt";
  r.headers = {{"Range", "bytes=0-9"}};
  auto out = example_signer()->sign(r, kTime);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(header(*out, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(header(*out, "x-amz-date"), kTime);
  EXPECT_EQ(header(*out, "x-amz-content-sha256"), kEmptyPayloadSha256);
}

TEST(SigV4, AwsExamplePutObjectEncodesDollarOnce) {
  SigV4Request r;
  r.method = "PUT";
  r.host = kHost;
  r.path = "/test$file.text";
  r.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  r.payload_sha256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
  auto out = example_signer()->sign(r, kTime);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->encoded_path, "/test%24file.text");
  EXPECT_EQ(out->signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, AwsExampleGetBucketLifecycle) {
  SigV4Request r;
  r.host = kHost;
  r.query = {{"lifecycle", ""}};
  auto out = example_signer()->sign(r, kTime);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->encoded_query, "lifecycle=");
  EXPECT_EQ(out->signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, AwsExampleListObjectsSortsQuery) {
  SigV4Request r;
  r.host = kHost;
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};
  auto out = example_signer()->sign(r, kTime);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->encoded_query, "max-keys=2&prefix=J");
  EXPECT_EQ(out->signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, AwsExamplePresignedGet) {
  SigV4Request r;
  r.host = kHost;
  r.path = "/test.txt";
  auto out = example_signer()->presign(r, kTime, 86400);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(out->encoded_query,
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
            "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_TRUE(out->headers.empty());
}

TEST(SigV4, SessionTokenIsSignedAndSent) {
  SigV4Request r;
  r.host = kHost;
  r.path = "/test.txt";
  auto plain = example_signer()->sign(r, kTime);
  auto with_token = example_signer("token/with+chars=")->sign(r, kTime);
  ASSERT_TRUE(plain.ok() && with_token.ok());
  EXPECT_EQ(header(*with_token, "x-amz-security-token"), "token/with+chars=");
  EXPECT_NE(plain->signature, with_token->signature);
  EXPECT_NE(header(*with_token, "Authorization").find("x-amz-security-token"), std::string::npos);
  auto presigned = example_signer("tok/en")->presign(r, kTime, 60);
  ASSERT_TRUE(presigned.ok());
  EXPECT_NE(presigned->encoded_query.find("X-Amz-Security-Token=tok%2Fen"), std::string::npos);
}

TEST(SigV4, CachedKeyFollowsTheDate) {
  auto signer = example_signer();
  SigV4Request r;
  r.host = kHost;
  r.path = "/test.txt";
  r.headers = {{"Range", "bytes=0-9"}};
  auto other_day = signer->sign(r, "20130525T000000Z");
  auto again = signer->sign(r, kTime);
  ASSERT_TRUE(other_day.ok() && again.ok());
  EXPECT_EQ(again->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_NE(other_day->signature, again->signature);
}

TEST(SigV4, CanonicalFormRules) {
  SigV4Request r;
  r.host = kHost;
  r.path = "/a b/ü~+%.txt";
  r.query = {{"b", "2 3"}, {"a", "x/y"}, {"a", "w"}};
  r.headers = {{"X-Amz-Meta-Note", "  two   spaces  "}, {"x-amz-meta-note", "second"}};
  auto out = example_signer()->sign(r, kTime);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->encoded_path, "/a%20b/%C3%BC~%2B%25.txt");
  EXPECT_EQ(out->encoded_query, "a=w&a=x%2Fy&b=2%203");
  EXPECT_NE(out->canonical_request.find("x-amz-meta-note:two spaces,second\n"), std::string::npos);
}

TEST(SigV4, BadInputIsAnErrorNotACrash) {
  EXPECT_FALSE(SigV4Signer::create({"", "secret", ""}, "us-east-1").ok());
  EXPECT_FALSE(SigV4Signer::create({"id", "secret", ""}, "").ok());
  EXPECT_FALSE(SigV4Signer::create({"id", "secret", ""}, "us/east").ok());
  auto signer = example_signer();
  SigV4Request r;
  r.host = kHost;
  EXPECT_FALSE(signer->sign(r, "2013-05-24").ok());
  r.payload_sha256 = "not-a-hash";
  EXPECT_FALSE(signer->sign(r, kTime).ok());
  r.payload_sha256 = std::string(kUnsignedPayload);
  EXPECT_TRUE(signer->sign(r, kTime).ok());
  r.headers = {{"x-evil", "a\r\nInjected: 1"}};
  EXPECT_EQ(signer->sign(r, kTime).status().code(), StatusCode::kInvalidArgument);
  r.headers.clear();
  r.path = "no-slash";
  EXPECT_FALSE(signer->sign(r, kTime).ok());
  r.path = "/k";
  EXPECT_EQ(signer->presign(r, kTime, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(signer->presign(r, kTime, 604801).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(signer->presign(r, kTime, 604800).ok());
}

TEST(SigV4, Timestamp) { EXPECT_EQ(amz_timestamp(1369353600), "20130524T000000Z"); }

}  // namespace
}  // namespace streamforge::storage

// core's text encodings: base64/base64url (RFC 4648), hex digits, percent-decoding (RFC 3986).
// drm/encoding_test.cpp covers the strict-decoder corner cases through drm::, which re-exports these.
#include <gtest/gtest.h>

#include <string>

#include "streamforge/core/base64.h"
#include "streamforge/core/hex.h"
#include "streamforge/core/percent_encoding.h"

namespace streamforge {
namespace {

ByteView text_bytes(std::string_view s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

TEST(Base64, Rfc4648TestVectors) {
  // RFC 4648 §10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(text_bytes(plain)), encoded);
    auto back = base64_decode(encoded);
    ASSERT_TRUE(back.ok()) << encoded;
    EXPECT_EQ(std::string(back->begin(), back->end()), plain);
  }
}

TEST(Base64, UrlAlphabetAndVariants) {
  const uint8_t bytes[] = {0xfb, 0xff, 0xbf};  // every sextet 62 or 63
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64url_encode(bytes), "-_-_");
  EXPECT_EQ(base64url_encode(text_bytes("f")), "Zg");  // no padding
  EXPECT_FALSE(base64url_decode("Zg==").ok());
  EXPECT_FALSE(base64url_decode("+/+/").ok());
  std::string cloudfront = "x=";
  append_base64_variant(text_bytes("\xfb\xff"), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~", '_',
                        cloudfront);
  EXPECT_EQ(cloudfront, "x=-~8_");  // appends; CloudFront's '-' '~' and '_' padding
}

TEST(Hex, DigitsAndDecoding) {
  EXPECT_EQ(hex_digit_value('7'), 7);
  EXPECT_EQ(hex_digit_value('b'), 11);
  EXPECT_EQ(hex_digit_value('F'), 15);
  EXPECT_EQ(hex_digit_value('g'), -1);
  auto bytes = hex_decode("00fFaB");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(*bytes), "00ffab");
  EXPECT_EQ(hex_decode("abc").status().message(), "hex: odd number of digits");
  EXPECT_EQ(hex_decode("0x").status().message(), "hex: not a hex digit");
}

TEST(PercentDecode, EscapesPlusAndErrors) {
  EXPECT_EQ(*percent_decode("a%2Fb%2fc"), "a/b/c");
  EXPECT_EQ(*percent_decode("a+b"), "a+b");
  EXPECT_EQ(*percent_decode("a+b%2B", PlusSign::kSpace), "a b+");
  EXPECT_EQ(*percent_decode("%00"), std::string(1, '\0'));  // decoding is not validation: callers check NUL
  for (const char* broken : {"%", "%4", "a%G0", "%%41", "100%"}) {
    auto r = percent_decode(broken);
    EXPECT_FALSE(r.ok()) << broken;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(PercentEncode, RoundTripsThroughDecode) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(*percent_decode(percent_encode(all)), all);
  EXPECT_EQ(percent_encode("a b/c", "/"), "a%20b/c");
}

}  // namespace
}  // namespace streamforge

// RFC 4648 §10 test vectors, base64url edge cases (EME §9.1.5 / RFC 7515 §2), UUID strings.
#include "streamforge/drm/encoding.h"

#include <gtest/gtest.h>

#include "drm_test_util.h"

namespace streamforge::drm {
namespace {

ByteView bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string decoded(const Result<std::vector<uint8_t>>& r) {
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? std::string(r->begin(), r->end()) : std::string("<error>");
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(bytes_of(plain)), encoded);
    EXPECT_EQ(decoded(base64_decode(encoded)), plain);
  }
}

TEST(Base64, RejectsMalformed) {
  EXPECT_FALSE(base64_decode("Zg=").ok());       // not a multiple of 4
  EXPECT_FALSE(base64_decode("Z===").ok());      // 1 char + padding: truncated
  EXPECT_FALSE(base64_decode("Zg==Zg==").ok());  // padding in the middle
  EXPECT_FALSE(base64_decode("Zh==").ok());      // non-zero unused bits (RFC 4648 §3.5)
  EXPECT_FALSE(base64_decode("Zm9-").ok());      // url alphabet in standard base64
  EXPECT_FALSE(base64_decode("Zm 9").ok());
  EXPECT_EQ(decoded(base64_decode_lenient_whitespace(" Zm9v\r\n  YmFy\t")), "foobar");
}

TEST(Base64Url, NoPaddingAndUrlAlphabet) {
  const uint8_t edge[] = {0xfb, 0xff};
  EXPECT_EQ(base64_encode(edge), "+/8=");
  EXPECT_EQ(base64url_encode(edge), "-_8");
  auto back = base64url_decode("-_8");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, std::vector<uint8_t>({0xfb, 0xff}));
  EXPECT_EQ(base64url_encode(bytes_of("f")), "Zg");
  EXPECT_EQ(decoded(base64url_decode("Zm8")), "fo");
  EXPECT_EQ(decoded(base64url_decode("")), "");
}

TEST(Base64Url, RejectsPaddingStandardAlphabetAndBadLengths) {
  EXPECT_EQ(base64url_decode("Zg==").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(base64url_decode("+/8").ok());
  EXPECT_FALSE(base64url_decode("Zm9vY").ok());  // 5 chars: 1 mod 4
  EXPECT_FALSE(base64url_decode("Zh").ok());     // non-canonical
  EXPECT_FALSE(base64url_decode("Zm9v\n").ok());
}

TEST(Hex, DecodesBothCases) {
  auto b = hex_decode("00fFaB");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, std::vector<uint8_t>({0x00, 0xff, 0xab}));
  EXPECT_FALSE(hex_decode("abc").ok());
  EXPECT_FALSE(hex_decode("zz").ok());
  EXPECT_EQ(hex_encode(*b), "00ffab");
}

TEST(Uuid, FormatsAndParsesBothForms) {
  const std::array<uint8_t, 16> id = {0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02,
                                      0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b};
  EXPECT_EQ(uuid_string(id), "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");
  auto dashed = parse_uuid("1077EFEC-C0B2-4D02-ACE3-3C1E52E2FB4B");
  ASSERT_TRUE(dashed.ok());
  EXPECT_EQ(*dashed, id);
  auto plain = parse_uuid("1077efecc0b24d02ace33c1e52e2fb4b");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, id);
  EXPECT_FALSE(parse_uuid("1077efec-c0b24d02-ace3-3c1e52e2fb4b0").ok());  // dash misplaced
  EXPECT_FALSE(parse_uuid("1077efec-c0b2-4d02-ace3-3c1e52e2fb4").ok());
  EXPECT_FALSE(parse_uuid("g077efecc0b24d02ace33c1e52e2fb4b").ok());
  EXPECT_FALSE(parse_uuid("{1077efec-c0b2-4d02-ace3-3c1e52e2fb4b}").ok());
}

}  // namespace
}  // namespace streamforge::drm

#include "streamforge/crypto/key_parsing.h"

#include <gtest/gtest.h>

namespace streamforge::crypto {
namespace {

TEST(ParseKeyId, PlainHexAndUuidFormAgree) {
  auto plain = parse_key_id("9eb4050de44b4802932e27d75083e266");
  auto uuid = parse_key_id("9EB4050D-E44B-4802-932E-27D75083E266");
  auto prefixed = parse_key_id("  0x9eb4050de44b4802932e27d75083e266\n");
  ASSERT_TRUE(plain.ok() && uuid.ok() && prefixed.ok());
  EXPECT_EQ(*plain, *uuid);
  EXPECT_EQ(*plain, *prefixed);
  EXPECT_EQ((*plain)[0], 0x9e);
  EXPECT_EQ((*plain)[15], 0x66);
  EXPECT_EQ(key_id_to_uuid(*plain), "9eb4050d-e44b-4802-932e-27d75083e266");
}

TEST(ParseKeyId, RejectsWrongLengthsDashesAndDigits) {
  for (const char* bad : {"", "9eb4050de44b4802932e27d75083e26", "9eb4050de44b4802932e27d75083e2666",
                          "9eb4050d-e44b4802-932e-27d75083e266", "9eb4050d-e44b-4802-932e-27d75083e26g",
                          "9eb4050de44b4802932e27d75083e26z", "9eb4050d e44b 4802 932e 27d75083e266"}) {
    auto r = parse_key_id(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(ParseKey, ThirtyTwoHexDigits) {
  auto key = parse_key("000102030405060708090A0B0C0D0E0F");
  ASSERT_TRUE(key.ok());
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ((*key)[i], i);
  EXPECT_FALSE(parse_key("00010203-0405-0607-0809-0a0b0c0d0e0f").ok());  // UUID form is for KIDs
  EXPECT_FALSE(parse_key("0001").ok());
}

TEST(ParseIv, EightOrSixteenBytes) {
  auto iv8 = parse_iv("0102030405060708");
  auto iv16 = parse_iv("0x0102030405060708090a0b0c0d0e0f10");
  ASSERT_TRUE(iv8.ok() && iv16.ok());
  EXPECT_EQ(iv8->size(), 8u);
  EXPECT_EQ(iv16->size(), 16u);
  EXPECT_EQ(to_hex(*iv16), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_FALSE(parse_iv("01020304050607").ok());
  EXPECT_FALSE(parse_iv("010203040506070809").ok());
  auto bad = parse_iv("xyz");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("16 or 32 hex digits"), std::string::npos);
}

TEST(SchemeName, FourCcs) {
  EXPECT_EQ(scheme_name(Scheme::kCenc), "cenc");
  EXPECT_EQ(scheme_name(Scheme::kCbcs), "cbcs");
}

}  // namespace
}  // namespace streamforge::crypto

// WidevinePsshData protobuf bytes worked out by hand, and a pssh published by the Widevine test key
// server (through unifiedstreaming's pycpix README) reproduced byte for byte.
#include "streamforge/drm/widevine.h"

#include <gtest/gtest.h>

#include "drm_test_util.h"
#include "streamforge/drm/pssh.h"
#include "streamforge/mp4/box_buffer.h"

namespace streamforge::drm {
namespace {

using testing::hex;
using testing::id;

TEST(WidevinePsshData, OneKidAndSchemeByHand) {
  WidevinePsshData d;
  d.key_ids = {id("00112233445566778899aabbccddeeff")};
  d.protection_scheme = 0x63656e63;  // 'cenc'
  // field 2 (key_id), wire type 2: key 0x12, length 0x10, 16 bytes;
  // field 9 (protection_scheme), wire type 0: key 0x48, varint of 0x63656e63 = e3 dc 95 9b 06
  // (7-bit groups, least significant first: 0x63, 0x5c|0x80... worked out in the comment below).
  //   0x63656e63 = 0b0110 0011011 0010101 1011100 1100011 -> 63|80, 5c|80, 15|80, 1b|80, 06
  EXPECT_EQ(to_hex(d.serialize()), to_hex(hex("12 10 00112233445566778899aabbccddeeff 48 e3dc959b06")));
  d.protection_scheme = 0x63626373;  // 'cbcs'
  EXPECT_EQ(to_hex(d.serialize()), to_hex(hex("12 10 00112233445566778899aabbccddeeff 48 f3c6899b06")));
}

TEST(WidevinePsshData, AllFieldsInFieldNumberOrder) {
  WidevinePsshData d;
  d.key_ids = {id("0102030405060708090a0b0c0d0e0f10"), id("1112131415161718191a1b1c1d1e1f20")};
  d.provider = "sf";
  d.content_id = std::string("\x00\xff", 2);
  d.crypto_period_index = 300;  // varint ac 02
  d.protection_scheme = 0x63626373;
  EXPECT_EQ(to_hex(d.serialize()),
            to_hex(hex("12 10 0102030405060708090a0b0c0d0e0f10 12 10 1112131415161718191a1b1c1d1e1f20"
                       "1a 02 7366  22 02 00ff  38 ac02  48 f3c6899b06")));
  auto back = WidevinePsshData::parse(d.serialize().view());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, d);
}

// A Widevine pssh box as the Widevine UAT key server returns it (published in the pycpix README):
// version 1 with two KIDs in the box, five in the data, provider "widevine_test", content_id
// "unified-streaming", protection_scheme 'cenc'.
constexpr const char* kPublishedBox =
    "AAAAxnBzc2gBAAAA7e+LqXnWSs6jyCfc1R0h7QAAAAINw+xPdoNUi4HnPGTlguE2FEe37S9mVyu9EwbOfPNhDQAAAIISEBRHt+0vZlcrvRMG"
    "znzzYQ0SEFrGoR6qL17Vv2aMQByBNMoSEG7hNRbI51h7rp9+zT6Zom4SEPnsEqYaJl1Hj4MzTjp40scSEA3D7E92g1SLgec8ZOWC4TYaDXdp"
    "ZGV2aW5lX3Rlc3QiEXVuaWZpZWQtc3RyZWFtaW5nSOPclZsG";

TEST(WidevinePsshData, ReproducesAPublishedWidevineBox) {
  WidevinePsshData d;
  d.key_ids = {id("1447b7ed-2f66-572b-bd13-06ce7cf3610d"), id("5ac6a11e-aa2f-5ed5-bf66-8c401c8134ca"),
               id("6ee13516-c8e7-587b-ae9f-7ecd3e99a26e"), id("f9ec12a6-1a26-5d47-8f83-334e3a78d2c7"),
               id("0dc3ec4f-7683-548b-81e7-3c64e582e136")};
  d.provider = "widevine_test";
  d.content_id = "unified-streaming";
  d.protection_scheme = mp4::FourCC("cenc").value;
  mp4::ProtectionSystemSpecificHeaderBox box;
  box.version = 1;
  box.system_id = drm_system_id(DrmSystem::kWidevine);
  box.key_ids = {id("0dc3ec4f-7683-548b-81e7-3c64e582e136"), id("1447b7ed-2f66-572b-bd13-06ce7cf3610d")};
  box.data = d.serialize();
  EXPECT_EQ(pssh_base64(box), kPublishedBox);

  // And back: the box through the mp4 reader, its data through the protobuf parser.
  auto bytes = base64_decode(kPublishedBox);
  ASSERT_TRUE(bytes.ok());
  auto read = mp4::read_box<mp4::ProtectionSystemSpecificHeaderBox>(ByteView(bytes->data(), bytes->size()));
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  auto parsed = WidevinePsshData::parse(read->data.view());
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, d);
}

TEST(WidevinePsshData, ParseSkipsUnknownFields) {
  // field 1 (algorithm, varint 1), field 6 (policy, string "p"), field 15 fixed32, field 16 fixed64,
  // then key_id.
  auto d = WidevinePsshData::parse(
      hex("08 01  32 01 70  7d 01020304  8101 0102030405060708  12 10 00112233445566778899aabbccddeeff").view());
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  ASSERT_EQ(d->key_ids.size(), 1u);
  EXPECT_EQ(d->key_ids[0], id("00112233445566778899aabbccddeeff"));
}

TEST(WidevinePsshData, RejectsMalformedProtobuf) {
  const char* bad[] = {
      "12",                       // key without a value
      "12 10 0011",               // length overruns
      "12 02 0011",               // key_id of 2 bytes
      "10 01",                    // key_id (field 2) as a varint
      "4a 01 00",                 // protection_scheme as bytes
      "48 ffffffffffffffffff01",  // 2^64-1: does not fit protection_scheme's 32 bits
      "48 ffffffffffffffffff7f",  // a varint of more than 64 bits
      "48 8080808010",            // protection_scheme above 32 bits
      "0b",                       // group start (wire type 3)
      "00",                       // field number 0
      "7d 0102",                  // truncated fixed32
      "48 80",                    // truncated varint
  };
  for (const char* h : bad) {
    auto r = WidevinePsshData::parse(hex(h).view());
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << h;
  }
}

}  // namespace
}  // namespace streamforge::drm

// RawKeyProvider: parsing "[track=]KID:KEY[:IV]", per-track lookup, rotation i mod n, validation
// that names the entry and never echoes key material.
#include "streamforge/drm/raw_key_provider.h"

#include <gtest/gtest.h>

#include "drm_test_util.h"

namespace streamforge::drm {
namespace {

using testing::id;

constexpr const char* kKey1 = "00112233445566778899aabbccddeeff";
constexpr const char* kKey2 = "ffeeddccbbaa99887766554433221100";

TEST(RawKey, ParsesEveryForm) {
  auto a = parse_raw_key(std::string("0123456789abcdef0123456789abcdef:") + kKey1);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->first, TrackType::kAll);
  EXPECT_EQ(a->second.kid, id("0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(a->second.key, id(kKey1));
  EXPECT_TRUE(a->second.iv.empty());

  auto b = parse_raw_key(std::string("HD=01234567-89AB-CDEF-0123-456789ABCDEF:") + kKey1 + ":0102030405060708");
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(b->first, TrackType::kHd);
  EXPECT_EQ(b->second.kid, id("0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(b->second.iv, std::vector<uint8_t>({1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(RawKey, ValidationNamesTheEntryAndHidesTheKey) {
  const std::string kid = "0123456789abcdef0123456789abcdef";
  struct Case {
    std::string entry;
    std::string field;
  } cases[] = {
      {kid + ":" + std::string(kKey1).substr(0, 31), "keys[0].key"},
      {kid + ":" + std::string(kKey1).substr(0, 30) + "zz", "keys[0].key"},
      {kid.substr(1) + ":" + kKey1, "keys[0].kid"},
      {kid + ":" + kKey1 + ":0102", "keys[0].iv"},
      {"4k=" + kid + ":" + kKey1, "keys[0].track"},
      {kid, "keys[0]"},
      {kid + ":" + kKey1 + ":0102030405060708:extra", "keys[0]"},
  };
  for (const Case& c : cases) {
    auto p = RawKeyProvider::from_strings({c.entry});
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << c.entry;
    EXPECT_EQ(p.status().field(), c.field) << c.entry;
    EXPECT_EQ(p.status().to_string().find(std::string(kKey1).substr(0, 30)), std::string::npos)
        << p.status().to_string();
  }
  EXPECT_EQ(RawKeyProvider::from_strings({}).status().code(), StatusCode::kInvalidArgument);
  // One KID, two different keys.
  auto clash = RawKeyProvider::from_strings({kid + ":" + kKey1, "hd=" + kid + ":" + kKey2});
  EXPECT_EQ(clash.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(clash.status().to_string().find(kKey2), std::string::npos);
}

TEST(RawKeyProvider, PerTrackTypeWithFallbackToAll) {
  auto p = RawKeyProvider::from_strings({std::string("audio=11111111111111111111111111111111:") + kKey1,
                                         std::string("22222222222222222222222222222222:") + kKey2});
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  auto audio = p->key_for({TrackType::kAudio, 0});
  ASSERT_TRUE(audio.ok());
  EXPECT_EQ(audio->kid, id("11111111111111111111111111111111"));
  auto hd = p->key_for({TrackType::kHd, 0});
  ASSERT_TRUE(hd.ok());
  EXPECT_EQ(hd->kid, id("22222222222222222222222222222222"));
  EXPECT_EQ(hd->key, id(kKey2));

  auto only_audio = RawKeyProvider::from_strings({std::string("audio=11111111111111111111111111111111:") + kKey1});
  ASSERT_TRUE(only_audio.ok());
  EXPECT_EQ(only_audio->key_for({TrackType::kSd, 0}).status().code(), StatusCode::kNotFound);
}

TEST(RawKeyProvider, RotationCyclesThroughTheGivenKeys) {
  auto p = RawKeyProvider::from_strings({std::string("sd=11111111111111111111111111111111:") + kKey1,
                                         std::string("sd=22222222222222222222222222222222:") + kKey2,
                                         std::string("sd=33333333333333333333333333333333:") + kKey1});
  ASSERT_TRUE(p.ok());
  const char* expected[] = {"11111111111111111111111111111111", "22222222222222222222222222222222",
                            "33333333333333333333333333333333", "11111111111111111111111111111111"};
  for (uint64_t period = 0; period < 4; ++period) {
    auto k = p->key_for({TrackType::kSd, period});
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->kid, id(expected[period])) << period;
  }
  EXPECT_EQ(p->key_ids().size(), 3u);
}

TEST(RawKeyProvider, KeyForKidServesAClearKeyLicenseServer) {
  auto p = RawKeyProvider::from_strings({std::string("11111111111111111111111111111111:") + kKey1});
  ASSERT_TRUE(p.ok());
  auto k = p->key_for_kid(id("11111111111111111111111111111111"));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, id(kKey1));
  EXPECT_EQ(p->key_for_kid(id("22222222222222222222222222222222")).status().code(), StatusCode::kNotFound);
}

TEST(RawKeyProvider, CreateChecksIvSizes) {
  ContentKey k;
  k.iv = {1, 2, 3};
  auto p = RawKeyProvider::create({{TrackType::kAll, {k}}});
  EXPECT_EQ(p.status().field(), "all[0].iv");
}

}  // namespace
}  // namespace streamforge::drm

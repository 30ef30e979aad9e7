#include "streamforge/package/encryption_spec.h"

#include <gtest/gtest.h>

#include "streamforge/package/package_spec.h"

namespace streamforge {
namespace {

constexpr const char* kSpecKid = "0123456789abcdef0123456789abcdef";
constexpr const char* kSpecKey = "fedcba9876543210fedcba9876543210";

TEST(EncryptionSpec, JsonRoundTripInsideAPackageSpec) {
  auto spec = PackageSpec::from_json(std::string(R"({"encryption": {"scheme": "cbcs", "keys": [
      {"kid": "01234567-89ab-cdef-0123-456789abcdef", "key": ")") + kSpecKey + R"(", "track_type": "hd"},
      {"kid": ")" + kSpecKid + R"(", "key": ")" + kSpecKey + R"(", "iv": "00112233445566778899aabbccddeeff"}],
      "drm_systems": ["widevine", "fairplay"], "fairplay_key_uri": "skd://key42", "clear_lead_seconds": 4,
      "key_rotation_segments": 10}})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  ASSERT_TRUE(spec->encryption.has_value());
  EXPECT_EQ(spec->encryption->scheme, "cbcs");
  EXPECT_EQ(spec->encryption->keys[0].track_type, "hd");
  EXPECT_EQ(spec->encryption->key_rotation_segments, 10);
  auto again = PackageSpec::from_json(spec->to_json());
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->to_json(), spec->to_json());
  EXPECT_FALSE(PackageSpec::from_json("{}")->encryption.has_value());
}

TEST(EncryptionSpec, FieldErrors) {
  auto with = [](const std::string& body) {
    return PackageSpec::from_json(R"({"encryption": )" + body + "}").status();
  };
  std::string key = std::string(R"("key": ")") + kSpecKey + "\"";
  std::string kid = std::string(R"("kid": ")") + kSpecKid + "\"";
  struct Case {
    std::string json;
    const char* field;
  } cases[] = {
      {R"({"scheme": "cens", "keys": [{)" + kid + "," + key + "}]}", "encryption.scheme"},
      {R"({"keys": []})", "encryption.keys"},
      {R"({"keys": [{"kid": "xyz", )" + key + "}]}", "encryption.keys[0].kid"},
      {R"({"keys": [{)" + kid + R"(, "key": "00"}]})", "encryption.keys[0].key"},
      {R"({"keys": [{)" + kid + "," + key + R"(, "iv": "0011"}]})", "encryption.keys[0].iv"},
      {R"({"scheme": "cbcs", "keys": [{)" + kid + "," + key + R"(, "iv": "0011223344556677"}]})",
       "encryption.keys[0].iv"},
      {R"({"keys": [{)" + kid + "," + key + R"(, "track_type": "4k"}]})", "encryption.keys[0].track_type"},
      {R"({"keys": [{)" + kid + "," + key + R"(}], "drm_systems": ["marlin"]})", "encryption.drm_systems[0]"},
      {R"({"keys": [{)" + kid + "," + key + R"(}], "drm_systems": ["fairplay"]})", "encryption.fairplay_key_uri"},
      {R"({"keys": [{)" + kid + "," + key + R"(}], "iv_size": 12})", "encryption.iv_size"},
      {R"({"keys": [{)" + kid + "," + key + R"(}], "clear_lead": 4})", "encryption.clear_lead"},
  };
  for (const auto& c : cases) {
    Status s = with(c.json);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(s.field(), c.field) << c.json << " -> " << s.to_string();
  }
}

}  // namespace
}  // namespace streamforge

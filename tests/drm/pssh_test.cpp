// make_pssh for every system: exact bytes for the W3C Common box, round trips through the mp4
// reader, and the refusals.
#include "streamforge/drm/pssh.h"

#include <gtest/gtest.h>

#include "drm_test_util.h"
#include "streamforge/drm/playready.h"
#include "streamforge/drm/widevine.h"
#include "streamforge/mp4/box_buffer.h"

namespace streamforge::drm {
namespace {

using testing::hex;
using testing::id;

const KeyId kKid1 = id("0123456789abcdef0123456789abcdef");
const KeyId kKid2 = id("fedcba9876543210fedcba9876543210");

mp4::ProtectionSystemSpecificHeaderBox round_trip(const mp4::ProtectionSystemSpecificHeaderBox& box) {
  auto bytes = pssh_box_bytes(box);
  EXPECT_TRUE(bytes.ok());
  auto read = mp4::read_box<mp4::ProtectionSystemSpecificHeaderBox>(bytes->view());
  EXPECT_TRUE(read.ok()) << read.status().to_string();
  EXPECT_TRUE(*read == box);
  return *read;
}

TEST(CommonPssh, ExactBytes) {
  // W3C "cenc" Initialization Data Format, "Common SystemID and PSSH Box Format": version 1,
  // SystemID 1077efec-..., KID_count and KIDs,
  // DataSize 0. Size: 8 header + 4 version/flags + 16 SystemID + 4 count + 2*16 + 4 = 68 = 0x44.
  PsshParams p;
  p.kids = {kKid1, kKid2, kKid1};  // the duplicate is dropped
  auto box = make_pssh(DrmSystem::kCommon, p);
  ASSERT_TRUE(box.ok()) << box.status().to_string();
  auto bytes = pssh_box_bytes(*box);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(*bytes), to_hex(hex("00000044 70737368 01 000000 1077efecc0b24d02ace33c1e52e2fb4b 00000002"
                                       "0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210 00000000")));
  round_trip(*box);
  EXPECT_EQ(pssh_base64(*box), base64_encode(bytes->view()));
}

TEST(CommonPssh, ClearKeyUsesTheCommonBox) {
  PsshParams p;
  p.kids = {kKid1};
  auto ck = make_pssh(DrmSystem::kClearKey, p);
  auto common = make_pssh(DrmSystem::kCommon, p);
  ASSERT_TRUE(ck.ok() && common.ok());
  EXPECT_TRUE(*ck == *common);
}

TEST(CommonPssh, Refusals) {
  PsshParams p;
  EXPECT_EQ(make_pssh(DrmSystem::kCommon, p).status().field(), "kids");
  p.kids = {kKid1};
  p.pssh_version = 0;
  EXPECT_EQ(make_pssh(DrmSystem::kCommon, p).status().field(), "pssh_version");
}

TEST(WidevinePssh, Version0And1) {
  PsshParams p;
  p.kids = {kKid1, kKid2};
  p.scheme = mp4::FourCC("cbcs");
  p.content_id = "movie-42";
  auto v0 = make_pssh(DrmSystem::kWidevine, p);
  ASSERT_TRUE(v0.ok()) << v0.status().to_string();
  EXPECT_EQ(v0->version, 0);
  EXPECT_TRUE(v0->key_ids.empty());
  EXPECT_EQ(uuid_string(v0->system_id), "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
  auto data = WidevinePsshData::parse(round_trip(*v0).data.view());
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->key_ids, p.kids);
  EXPECT_EQ(data->content_id, "movie-42");
  EXPECT_EQ(data->protection_scheme, mp4::FourCC("cbcs").value);

  p.pssh_version = 1;
  auto v1 = make_pssh(DrmSystem::kWidevine, p);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v1->key_ids, p.kids);
  EXPECT_EQ(v1->data, v0->data);
  round_trip(*v1);
  // Whole v0 box by hand: size, 'pssh', version 0 / flags 0, SystemID, DataSize, data.
  auto bytes = pssh_box_bytes(*v0);
  ASSERT_TRUE(bytes.ok());
  const size_t n = v0->data.size();
  ASSERT_LT(n, 200u);
  const std::string expected_head = "000000" + to_hex(ByteView(std::vector<uint8_t>{static_cast<uint8_t>(32 + n)})) +
                                    "70737368"
                                    "00000000"
                                    "edef8ba979d64acea3c827dcd51d21ed"
                                    "000000" +
                                    to_hex(ByteView(std::vector<uint8_t>{static_cast<uint8_t>(n)}));
  EXPECT_EQ(to_hex(*bytes), expected_head + to_hex(v0->data));
}

TEST(WidevinePssh, ContentIdAloneIsEnoughButNothingIsNot) {
  PsshParams p;
  EXPECT_EQ(make_pssh(DrmSystem::kWidevine, p).status().field(), "kids");
  p.content_id = "asset";
  EXPECT_TRUE(make_pssh(DrmSystem::kWidevine, p).ok());
  p.pssh_version = 2;
  EXPECT_EQ(make_pssh(DrmSystem::kWidevine, p).status().field(), "pssh_version");
  p.pssh_version.reset();
  p.scheme = mp4::FourCC("cbc2");
  EXPECT_EQ(make_pssh(DrmSystem::kWidevine, p).status().field(), "scheme");
}

TEST(PlayReadyPssh, DataIsThePlayReadyObject) {
  PsshParams p;
  p.kids = {kKid1};
  auto box = make_pssh(DrmSystem::kPlayReady, p);
  ASSERT_TRUE(box.ok()) << box.status().to_string();
  EXPECT_EQ(box->version, 0);
  EXPECT_EQ(uuid_string(box->system_id), "9a04f079-9840-4286-ab92-e65be0885f95");
  auto pro = playready_object(p);
  ASSERT_TRUE(pro.ok());
  EXPECT_EQ(box->data, *pro);
  auto info = parse_playready_object(round_trip(*box).data.view());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->kids, p.kids);
  p.pssh_version = 1;
  auto v1 = make_pssh(DrmSystem::kPlayReady, p);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->key_ids, p.kids);
}

TEST(FairPlayPssh, DoesNotExist) {
  PsshParams p;
  p.kids = {kKid1};
  EXPECT_EQ(make_pssh(DrmSystem::kFairPlay, p).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge::drm

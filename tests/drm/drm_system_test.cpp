// SystemIDs of the DASH-IF registry and name parsing.
#include "streamforge/drm/drm_system.h"

#include <gtest/gtest.h>

#include "streamforge/drm/encoding.h"

namespace streamforge::drm {
namespace {

TEST(DrmSystem, RegisteredSystemIds) {
  EXPECT_EQ(uuid_string(drm_system_id(DrmSystem::kCommon)), "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");
  EXPECT_EQ(uuid_string(drm_system_id(DrmSystem::kWidevine)), "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
  EXPECT_EQ(uuid_string(drm_system_id(DrmSystem::kPlayReady)), "9a04f079-9840-4286-ab92-e65be0885f95");
  EXPECT_EQ(uuid_string(drm_system_id(DrmSystem::kFairPlay)), "94ce86fb-07ff-4f43-adb8-93d2fa968ca2");
  EXPECT_EQ(uuid_string(drm_system_id(DrmSystem::kClearKey)), "e2719d58-a985-b3c9-781a-b030af78d30e");
  // ClearKey content carries the Common pssh (EME §9.1).
  EXPECT_EQ(pssh_system_id(DrmSystem::kClearKey), drm_system_id(DrmSystem::kCommon));
  EXPECT_EQ(pssh_system_id(DrmSystem::kWidevine), drm_system_id(DrmSystem::kWidevine));
}

TEST(DrmSystem, NamesRoundTrip) {
  for (DrmSystem s :
       {DrmSystem::kCommon, DrmSystem::kWidevine, DrmSystem::kPlayReady, DrmSystem::kFairPlay, DrmSystem::kClearKey}) {
    auto parsed = parse_drm_system(drm_system_name(s));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, s);
    EXPECT_EQ(drm_system_from_id(drm_system_id(s)), s);
  }
  EXPECT_EQ(*parse_drm_system("PlayReady"), DrmSystem::kPlayReady);
  EXPECT_EQ(*parse_drm_system("cenc"), DrmSystem::kCommon);
  EXPECT_EQ(parse_drm_system("primetime").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(drm_system_from_id(KeyId{}).has_value());
}

TEST(TrackType, NamesAndResolutionBuckets) {
  EXPECT_EQ(*parse_track_type("UHD"), TrackType::kUhd);
  EXPECT_EQ(track_type_name(TrackType::kAudio), "audio");
  EXPECT_FALSE(parse_track_type("4k").ok());
  EXPECT_EQ(video_track_type(768, 576), TrackType::kSd);
  EXPECT_EQ(video_track_type(1280, 720), TrackType::kHd);
  EXPECT_EQ(video_track_type(1920, 1080), TrackType::kHd);
  EXPECT_EQ(video_track_type(2560, 1440), TrackType::kUhd);
}

}  // namespace
}  // namespace streamforge::drm

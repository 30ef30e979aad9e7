// The size-group plan: one scaler per distinct output picture, and tone mapping once per frame
// (at the largest tone-mapped size) with the smaller tone-mapped sizes scaled from its SDR picture.
#include <gtest/gtest.h>

#include "transcode/pipeline_parts.h"

namespace streamforge {
namespace {

ResolvedRung rung(int index, int width, int height, int bit_depth, bool tone_map) {
  ResolvedRung r;
  r.index = index;
  r.width = width;
  r.height = height;
  r.spec.bit_depth = bit_depth;
  r.tone_map = tone_map;
  return r;
}

const SizeGroupPlan* find(const std::vector<SizeGroupPlan>& plan, int width, int height) {
  for (const auto& g : plan) {
    if (g.key.width == width && g.key.height == height) return &g;
  }
  return nullptr;
}

TEST(SizeGroupPlan, RungsOfOneSizeShareAGroupAndSdrSourcesHaveNoParents) {
  ResolvedLadder ladder;
  ladder.video = {rung(0, 1280, 720, 8, false), rung(1, 1280, 720, 8, false), rung(2, 640, 360, 8, false),
                  rung(3, 640, 360, 10, false)};
  auto plan = plan_size_groups(ladder);
  ASSERT_EQ(plan.size(), 3u);
  for (const auto& g : plan) EXPECT_EQ(g.parent, -1);
  EXPECT_EQ(find(plan, 1280, 720)->rungs, (std::vector<int>{0, 1}));
}

TEST(SizeGroupPlan, SmallerToneMappedSizesScaleTheLargestOnesSdrPicture) {
  ResolvedLadder ladder;
  // An HDR source's default-like ladder: 10-bit HEVC keeps HDR, 8-bit H.264 rungs are tone-mapped.
  ladder.video = {rung(0, 3840, 2160, 10, false), rung(1, 1920, 1080, 8, true), rung(2, 1280, 720, 8, true),
                  rung(3, 640, 360, 8, true), rung(4, 640, 360, 8, true)};
  auto plan = plan_size_groups(ladder);
  ASSERT_EQ(plan.size(), 4u);
  // Parents come first, so a driver can walk the plan in order.
  EXPECT_EQ(plan[0].key.width, 1920);
  EXPECT_EQ(plan[0].parent, -1);
  EXPECT_EQ(find(plan, 3840, 2160)->parent, -1);  // not tone-mapped: from the source
  EXPECT_EQ(find(plan, 1280, 720)->parent, 0);
  EXPECT_EQ(find(plan, 640, 360)->parent, 0);
  EXPECT_EQ(find(plan, 640, 360)->rungs, (std::vector<int>{3, 4}));
}

TEST(SizeGroupPlan, AToneMappedSizeThatDoesNotFitInsideMapsItsOwnPicture) {
  ResolvedLadder ladder;
  // Explicit sizes: 1600x400 is smaller in area than 1280x720 but wider, so scaling it from the
  // 1280x720 picture would upscale; it maps from the source instead.
  ladder.video = {rung(0, 1280, 720, 8, true), rung(1, 1600, 400, 8, true), rung(2, 640, 360, 8, true)};
  auto plan = plan_size_groups(ladder);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].key.width, 1280);
  EXPECT_EQ(find(plan, 1600, 400)->parent, -1);
  EXPECT_EQ(find(plan, 640, 360)->parent, 0);
}

}  // namespace
}  // namespace streamforge

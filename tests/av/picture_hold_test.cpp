// Holding the picture over a pause in the source's video: copies of the last picture at the
// nominal rate fill a hole of 0.25 s or more (players stall or freeze on a hole in a track),
// shorter irregular spacing (variable frame rate) is left alone, and a chunk's end bounds them.
#include <gtest/gtest.h>

#include "av/frame_data.h"
#include "av/picture_hold.h"

namespace streamforge::av {
namespace {

constexpr Rational kTimeBase{1, 90000};
constexpr int64_t kPicture = 3600;  // 25 fps

Frame picture_at(int64_t pts) {
  FramePtr f = make_frame();
  f->format = AV_PIX_FMT_YUV420P;
  f->width = 16;
  f->height = 16;
  EXPECT_GE(av_frame_get_buffer(f.get(), 0), 0);
  f->pts = pts;
  return make_frame_handle(std::move(f), kTimeBase);
}

TEST(PictureHold, APauseIsFilledWithThePictureBeforeIt) {
  PictureHold hold(kTimeBase, Rational(25, 1));
  const Frame before = picture_at(10 * kPicture);
  hold.picture(before);
  const std::vector<Frame> copies = hold.fill_before(60 * kPicture);  // 2 s later: 49 pictures missing
  ASSERT_EQ(copies.size(), 49u);
  for (size_t i = 0; i < copies.size(); ++i) {
    EXPECT_EQ(copies[i].pts(), (11 + static_cast<int64_t>(i)) * kPicture);
    EXPECT_EQ(copies[i].data()->frame->data[0], before.data()->frame->data[0]);  // the same picture, not a copy of its bytes
  }
  EXPECT_EQ(hold.held_pictures(), 49);
  EXPECT_NEAR(hold.held_seconds(), 49 / 25.0, 1e-9);
}

TEST(PictureHold, VariableSpacingAndShortHolesAreLeftAlone) {
  PictureHold hold(kTimeBase, Rational(25, 1));
  int64_t pts = 0, last = 0;
  for (int i = 0; i < 100; ++i, pts += kPicture * (1 + i % 3)) {  // 1, 2 or 3 pictures apart
    EXPECT_TRUE(hold.fill_before(pts).empty());
    hold.picture(picture_at(pts));
    last = pts;
  }
  EXPECT_TRUE(hold.fill_before(last + 5 * kPicture).empty());  // 0.2 s: under 0.25 s
  EXPECT_EQ(hold.held_pictures(), 0);
}

TEST(PictureHold, AChunksEndAndASeekBoundTheCopies) {
  PictureHold hold(kTimeBase, Rational(25, 1));
  hold.picture(picture_at(0));
  const std::vector<Frame> copies = hold.fill_before(50 * kPicture, 20 * kPicture);  // the chunk ends at 0.8 s
  ASSERT_EQ(copies.size(), 19u);
  EXPECT_EQ(copies.back().pts(), 19 * kPicture);
  hold.forget();  // a seek: nothing to hold
  EXPECT_TRUE(hold.fill_before(200 * kPicture).empty());
}

TEST(PictureHold, WithoutANominalRateTheCopiesFollowTheSpacingAtMostSixtyASecond) {
  PictureHold unknown(kTimeBase, Rational(0, 1));
  unknown.picture(picture_at(0));
  unknown.picture(picture_at(3000));  // 30 fps spacing
  EXPECT_EQ(unknown.fill_before(3000 + 90000).size(), 29u);  // a 1 s hole at 1/30 s
  PictureHold fast(kTimeBase, Rational(1000, 1));  // a stream declaring 1000 fps
  fast.picture(picture_at(0));
  EXPECT_EQ(fast.fill_before(90000).size(), 59u);  // copies at 60 a second, not 999
}

}  // namespace
}  // namespace streamforge::av

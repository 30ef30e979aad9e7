// Pictures whose shape or range is not the ladder's plan: a spliced or switched source keeps its
// display aspect inside the rung's fixed size (letterbox/pillarbox, not stretch), and full-range
// sources come out limited range, converted rather than relabelled.
#include <gtest/gtest.h>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/input_checks.h"
#include "av/picture_fit.h"
#include "av/range_conversion.h"
#include "av/video_scaler.h"

namespace streamforge {
namespace {

using av::fit_picture;
using av::PictureRect;

// --- fit_picture: the geometry -------------------------------------------------------------

TEST(PictureFit, ThePlannedShapeFillsTheOutput) {
  EXPECT_EQ(fit_picture(854, 480, 16.0 / 9, 16.0 / 9), (PictureRect{0, 0, 854, 480}));
  // Within 1 %: the rounding of planned sizes to even numbers, never a bar of a pixel or two.
  EXPECT_EQ(fit_picture(854, 480, 16.0 / 9, 16.0 / 9 * 1.009), (PictureRect{0, 0, 854, 480}));
  EXPECT_EQ(fit_picture(854, 480, 16.0 / 9, 16.0 / 9 * 0.991), (PictureRect{0, 0, 854, 480}));
}

TEST(PictureFit, ANarrowerPictureIsPillarboxedAndAWiderOneLetterboxed) {
  // 4:3 in a 16:9 rung: 640 of 854 columns, centred on even columns.
  EXPECT_EQ(fit_picture(854, 480, 16.0 / 9, 4.0 / 3), (PictureRect{106, 0, 640, 480}));
  // 16:9 in a 4:3 rung: 360 of 480 rows.
  EXPECT_EQ(fit_picture(640, 480, 4.0 / 3, 16.0 / 9), (PictureRect{0, 60, 640, 360}));
  // 2.39:1 scope in a 16:9 rung.
  const PictureRect scope = fit_picture(1920, 1080, 16.0 / 9, 2.39);
  EXPECT_EQ(scope.width, 1920);
  EXPECT_EQ(scope.height, 804);
  EXPECT_EQ(scope.y, 138);
}

TEST(PictureFit, AnExplicitlyStretchedRungStaysStretchedAndChangesFollowIt) {
  // A 4:3 source given a 16:9 rung on purpose: its own pictures fill it.
  EXPECT_EQ(fit_picture(1280, 720, 4.0 / 3, 4.0 / 3), (PictureRect{0, 0, 1280, 720}));
  // A 16:9 picture later in that source is 4/3 wider than planned: it is letterboxed in the
  // stretched frame so that, stretched alike, it keeps its own shape.
  const PictureRect r = fit_picture(1280, 720, 4.0 / 3, 16.0 / 9);
  EXPECT_EQ(r.width, 1280);
  EXPECT_EQ(r.height, 540);
}

TEST(PictureFit, EveryValueIsEvenAndInsideTheOutput) {
  for (int h : {240, 360, 432, 480, 576, 720, 1080}) {
    const int w = h * 16 / 9 / 2 * 2;
    for (double actual : {0.5, 1.0, 4.0 / 3, 1.5, 2.0, 2.39, 3.0, 10.0, 0.05}) {
      const PictureRect r = fit_picture(w, h, 16.0 / 9, actual);
      EXPECT_EQ(r.x % 2, 0);
      EXPECT_EQ(r.y % 2, 0);
      EXPECT_EQ(r.width % 2, 0);
      EXPECT_EQ(r.height % 2, 0);
      EXPECT_GE(r.width, 2);
      EXPECT_GE(r.height, 2);
      EXPECT_LE(r.x + r.width, w);
      EXPECT_LE(r.y + r.height, h);
    }
  }
}

TEST(PictureFit, NothingToCompareWithStretches) {
  EXPECT_EQ(fit_picture(854, 480, 0, 4.0 / 3), (PictureRect{0, 0, 854, 480}));
  EXPECT_EQ(fit_picture(854, 480, 16.0 / 9, 0), (PictureRect{0, 0, 854, 480}));
  EXPECT_DOUBLE_EQ(av::display_aspect(720, 576, Rational{64, 45}), 16.0 / 9);
  EXPECT_DOUBLE_EQ(av::display_aspect(720, 576, Rational{0, 1}), 1.25);  // unknown: square
  EXPECT_EQ(av::display_aspect(0, 576, Rational{1, 1}), 0.0);
}

// --- the scaler: bars and range --------------------------------------------------------------

// A flat frame: every luma sample `y`, every chroma sample `c`.
av::FramePtr flat_frame(int width, int height, AVPixelFormat format, int y, int c) {
  av::FramePtr f = av::make_frame();
  f->width = width;
  f->height = height;
  f->format = format;
  EXPECT_GE(av_frame_get_buffer(f.get(), 64), 0);
  const bool wide = av_pix_fmt_desc_get(format)->comp[0].depth > 8;
  for (int p = 0; p < 3; ++p) {
    const int pw = p == 0 ? width : (width + 1) / 2, ph = p == 0 ? height : (height + 1) / 2;
    for (int row = 0; row < ph; ++row) {
      uint8_t* line = f->data[p] + static_cast<ptrdiff_t>(row) * f->linesize[p];
      for (int x = 0; x < pw; ++x) {
        if (wide) {
          reinterpret_cast<uint16_t*>(line)[x] = static_cast<uint16_t>(p == 0 ? y : c);
        } else {
          line[x] = static_cast<uint8_t>(p == 0 ? y : c);
        }
      }
    }
  }
  return f;
}

int sample_at(const Frame& frame, int plane, int x, int y) {
  const AVFrame* f = frame.data()->frame.get();
  const uint8_t* line = f->data[plane] + static_cast<ptrdiff_t>(y) * f->linesize[plane];
  return av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format))->comp[0].depth > 8
             ? reinterpret_cast<const uint16_t*>(line)[x]
             : line[x];
}

Frame as_frame(av::FramePtr f) { return av::make_frame_handle(std::move(f), Rational{1, 25}); }

av::ScalerConfig planned_for_16x9(int width, int height, int bit_depth = 8) {
  av::ScalerConfig c{width, height, bit_depth, 0};
  c.planned_display_aspect = 16.0 / 9;
  return c;
}

TEST(PictureShape, AFourByThreePictureInASixteenByNineRungIsPillarboxed) {
  av::VideoScaler scaler(planned_for_16x9(854, 480));
  // A white 640x480 square-pixel picture: bright luma everywhere.
  Frame in = as_frame(flat_frame(640, 480, AV_PIX_FMT_YUV420P, 200, 90));
  ASSERT_FALSE(scaler.is_identity_for(in));
  auto out = scaler.scale(in);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->width(), 854);
  EXPECT_EQ(out->height(), 480);
  for (int y : {0, 240, 479}) {
    EXPECT_EQ(sample_at(*out, 0, 0, y), 16) << "left bar, row " << y;
    EXPECT_EQ(sample_at(*out, 0, 105, y), 16);
    EXPECT_EQ(sample_at(*out, 0, 427, y), 200) << "picture, row " << y;
    EXPECT_EQ(sample_at(*out, 0, 110, y), 200);
    EXPECT_EQ(sample_at(*out, 0, 853, y), 16) << "right bar, row " << y;
    EXPECT_EQ(sample_at(*out, 1, 0, y / 2), 128);
    EXPECT_EQ(sample_at(*out, 1, 213, y / 2), 90);
  }
}

TEST(PictureShape, ASampleAspectFlipAtTheSameCodedSizeIsFollowed) {
  // PAL SD whose widescreen signalling flips: 720x576 at 64:45 (16:9) is the plan, then 16:15 (4:3).
  av::VideoScaler scaler(planned_for_16x9(1024, 576));
  av::FramePtr wide = flat_frame(720, 576, AV_PIX_FMT_YUV420P, 150, 100);
  wide->sample_aspect_ratio = AVRational{64, 45};
  auto full = scaler.scale(as_frame(std::move(wide)));
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(sample_at(*full, 0, 0, 288), 150);
  EXPECT_EQ(sample_at(*full, 0, 1023, 288), 150);

  av::FramePtr narrow = flat_frame(720, 576, AV_PIX_FMT_YUV420P, 150, 100);
  narrow->sample_aspect_ratio = AVRational{16, 15};
  auto boxed = scaler.scale(as_frame(std::move(narrow)));
  ASSERT_TRUE(boxed.ok());
  EXPECT_EQ(sample_at(*boxed, 0, 0, 288), 16);  // 768 of 1024 columns: 128 black on each side
  EXPECT_EQ(sample_at(*boxed, 0, 127, 288), 16);
  EXPECT_EQ(sample_at(*boxed, 0, 130, 288), 150);
  EXPECT_EQ(sample_at(*boxed, 0, 896, 288), 16);

  // A frame without a sample aspect has the stream's.
  av::ScalerConfig c = planned_for_16x9(1024, 576);
  c.stream_sample_aspect = Rational{64, 45};
  av::VideoScaler from_stream(c);
  auto unflagged = from_stream.scale(as_frame(flat_frame(720, 576, AV_PIX_FMT_YUV420P, 150, 100)));
  ASSERT_TRUE(unflagged.ok());
  EXPECT_EQ(sample_at(*unflagged, 0, 0, 288), 150);
}

TEST(PictureShape, AnIdenticalSizeOfAnotherShapeIsNotPassedThrough) {
  // The rung's own size, but the pixels are no longer square: not an identity.
  av::VideoScaler scaler(planned_for_16x9(1280, 720));
  av::FramePtr square = flat_frame(1280, 720, AV_PIX_FMT_YUV420P, 120, 128);
  EXPECT_TRUE(scaler.is_identity_for(as_frame(std::move(square))));
  av::FramePtr squeezed = flat_frame(1280, 720, AV_PIX_FMT_YUV420P, 120, 128);
  squeezed->sample_aspect_ratio = AVRational{3, 4};  // shows as 4:3
  Frame in = as_frame(std::move(squeezed));
  EXPECT_FALSE(scaler.is_identity_for(in));
  auto out = scaler.scale(in);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(sample_at(*out, 0, 0, 360), 16);
  EXPECT_EQ(sample_at(*out, 0, 640, 360), 120);
}

TEST(PictureShape, TenBitBarsAreTenBitBlack) {
  av::VideoScaler scaler(planned_for_16x9(854, 480, 10));
  auto out = scaler.scale(as_frame(flat_frame(640, 480, AV_PIX_FMT_YUV420P10LE, 800, 300)));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(sample_at(*out, 0, 0, 100), 64);
  EXPECT_EQ(sample_at(*out, 1, 0, 50), 512);
  EXPECT_EQ(sample_at(*out, 0, 427, 100), 800);
}

// Full range in, limited range out: black 0 -> 16, white 255 -> 235, chroma 0..255 -> 16..240.
TEST(PictureShape, AFullRangePictureInAPlainFormatIsConvertedEvenAtTheSameSize) {
  for (int width : {1280, 640}) {  // the same size (swscale would copy it as is) and a resize
    SCOPED_TRACE(width);
    av::VideoScaler scaler(planned_for_16x9(width, width * 9 / 16));
    for (auto [y, c, want_y, want_c] : {std::tuple{0, 0, 16, 16}, {255, 255, 235, 240}, {128, 128, 126, 128}}) {
      av::FramePtr f = flat_frame(1280, 720, AV_PIX_FMT_YUV420P, y, c);
      f->color_range = AVCOL_RANGE_JPEG;
      Frame in = as_frame(std::move(f));
      EXPECT_FALSE(scaler.is_identity_for(in));
      auto out = scaler.scale(in);
      ASSERT_TRUE(out.ok());
      EXPECT_EQ(sample_at(*out, 0, 20, 20), want_y) << "luma " << y;
      EXPECT_EQ(sample_at(*out, 2, 20, 20), want_c) << "chroma " << c;
      EXPECT_EQ(out->data()->frame->color_range, AVCOL_RANGE_MPEG);
    }
  }
}

TEST(PictureShape, YuvjAndTenBitFullRangeComeOutLimitedToo) {
  av::VideoScaler eight(planned_for_16x9(1280, 720));
  auto j = eight.scale(as_frame(flat_frame(1280, 720, AV_PIX_FMT_YUVJ420P, 0, 128)));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(sample_at(*j, 0, 10, 10), 16);  // swscale's own conversion, not done twice
  EXPECT_EQ(j->data()->frame->color_range, AVCOL_RANGE_MPEG);

  av::VideoScaler ten(planned_for_16x9(1280, 720, 10));
  av::FramePtr f = flat_frame(1280, 720, AV_PIX_FMT_YUV420P10LE, 1023, 0);
  f->color_range = AVCOL_RANGE_JPEG;
  auto t = ten.scale(as_frame(std::move(f)));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(sample_at(*t, 0, 10, 10), 940);
  EXPECT_EQ(sample_at(*t, 1, 10, 10), 64);
}

TEST(PictureShape, AFullRangePictureBetweenBarsHasLimitedRangeBarsAndPicture) {
  av::VideoScaler scaler(planned_for_16x9(854, 480));
  av::FramePtr f = flat_frame(640, 480, AV_PIX_FMT_YUV420P, 255, 128);
  f->color_range = AVCOL_RANGE_JPEG;
  auto out = scaler.scale(as_frame(std::move(f)));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(sample_at(*out, 0, 0, 240), 16);
  EXPECT_EQ(sample_at(*out, 0, 427, 240), 235);
}

TEST(PictureShape, RangeConversionLeavesRgbAndLimitedFramesAlone) {
  av::FramePtr rgb = av::make_frame();
  rgb->format = AV_PIX_FMT_RGB24;
  rgb->color_range = AVCOL_RANGE_JPEG;
  EXPECT_FALSE(av::full_range_in_plain_format(*rgb));
  av::FramePtr yuvj = flat_frame(16, 16, AV_PIX_FMT_YUVJ420P, 0, 0);
  yuvj->color_range = AVCOL_RANGE_JPEG;
  EXPECT_FALSE(av::full_range_in_plain_format(*yuvj));  // swscale's to convert
  av::FramePtr tv = flat_frame(16, 16, AV_PIX_FMT_YUV420P, 0, 0);
  EXPECT_FALSE(av::full_range_in_plain_format(*tv));
  tv->color_range = AVCOL_RANGE_JPEG;
  EXPECT_TRUE(av::full_range_in_plain_format(*tv));
}

// --- the largest picture decoded ------------------------------------------------------------

TEST(PictureSize, EightKAndTwelveKPassAndDeclaredGiantsAreRefused) {
  EXPECT_TRUE(av::check_picture_size(7680, 4320).ok());
  EXPECT_TRUE(av::check_picture_size(12288, 5120).ok());
  EXPECT_TRUE(av::check_picture_size(8192, 8192).ok());
  const Status big = av::check_picture_size(8192, 8194);
  EXPECT_EQ(big.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(big.message().find("8192x8194"), std::string::npos);
  EXPECT_EQ(av::check_picture_size(65535, 65535).code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace streamforge

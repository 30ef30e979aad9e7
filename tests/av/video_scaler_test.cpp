// VideoScaler: the zimg resize path must give swscale's picture (same bicubic kernel and chroma
// siting, differences at rounding level), and frames zimg cannot take must go to swscale.
#include "av/video_scaler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "av/ffmpeg.h"
#include "av/frame_data.h"

namespace streamforge {
namespace {

using av::ScalerConfig;
using av::VideoScaler;

// A frame with what stresses a resampler: smooth gradients, hard edges, fine stripes and noise.
av::FramePtr pattern_frame(int width, int height, int bit_depth, int align = 64) {
  av::FramePtr f = av::make_frame();
  f->width = width;
  f->height = height;
  f->format = bit_depth > 8 ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
  EXPECT_GE(av_frame_get_buffer(f.get(), align), 0);
  const int max = (1 << bit_depth) - 1;
  unsigned seed = 12345;
  for (int p = 0; p < 3; ++p) {
    const int pw = p == 0 ? width : (width + 1) / 2;
    const int ph = p == 0 ? height : (height + 1) / 2;
    for (int y = 0; y < ph; ++y) {
      for (int x = 0; x < pw; ++x) {
        seed = seed * 1103515245u + 12345u;
        int v;
        if (x < pw / 3) {
          v = (x * max) / (pw / 3 + 1);  // gradient
        } else if (x < 2 * pw / 3) {
          v = ((x / 3 + y / 5 + p) % 2) != 0 ? max * 9 / 10 : max / 10;  // stripes and edges
        } else {
          v = static_cast<int>((seed >> 8) % static_cast<unsigned>(max + 1));  // noise
        }
        if (bit_depth > 8) {
          reinterpret_cast<uint16_t*>(f->data[p] + static_cast<ptrdiff_t>(y) * f->linesize[p])[x] = static_cast<uint16_t>(v);
        } else {
          f->data[p][static_cast<ptrdiff_t>(y) * f->linesize[p] + x] = static_cast<uint8_t>(v);
        }
      }
    }
  }
  f->pts = 7;
  return f;
}

Frame handle(av::FramePtr f) { return av::make_frame_handle(std::move(f), Rational{1, 30}); }

// PSNR of one plane of b against a (both the same size and format).
double plane_psnr(const AVFrame* a, const AVFrame* b, int plane, int bit_depth) {
  const int pw = plane == 0 ? a->width : (a->width + 1) / 2;
  const int ph = plane == 0 ? a->height : (a->height + 1) / 2;
  double sse = 0;
  for (int y = 0; y < ph; ++y) {
    for (int x = 0; x < pw; ++x) {
      double va, vb;
      if (bit_depth > 8) {
        va = reinterpret_cast<const uint16_t*>(a->data[plane] + static_cast<ptrdiff_t>(y) * a->linesize[plane])[x];
        vb = reinterpret_cast<const uint16_t*>(b->data[plane] + static_cast<ptrdiff_t>(y) * b->linesize[plane])[x];
      } else {
        va = a->data[plane][static_cast<ptrdiff_t>(y) * a->linesize[plane] + x];
        vb = b->data[plane][static_cast<ptrdiff_t>(y) * b->linesize[plane] + x];
      }
      sse += (va - vb) * (va - vb);
    }
  }
  if (sse == 0) return std::numeric_limits<double>::infinity();
  const double peak = (1 << bit_depth) - 1;
  return 10 * std::log10(peak * peak * pw * ph / sse);
}

// Scales `in` with the default path and with STREAMFORGE_SCALER=swscale.
struct BothPaths {
  Frame fast, reference;
};
BothPaths scale_both_ways(const Frame& in, const ScalerConfig& config) {
  BothPaths r;
  unsetenv("STREAMFORGE_SCALER");
  VideoScaler fast(config);
  auto a = fast.scale(in);
  EXPECT_TRUE(a.ok()) << a.status().to_string();
  setenv("STREAMFORGE_SCALER", "swscale", 1);
  VideoScaler reference(config);
  auto b = reference.scale(in);
  unsetenv("STREAMFORGE_SCALER");
  EXPECT_TRUE(b.ok()) << b.status().to_string();
  if (a.ok()) r.fast = *a;
  if (b.ok()) r.reference = *b;
  return r;
}

bool identical(const AVFrame* a, const AVFrame* b, int bit_depth) {
  for (int p = 0; p < 3; ++p) {
    if (!std::isinf(plane_psnr(a, b, p, bit_depth))) return false;
  }
  return true;
}

struct ResizeCase {
  int src_w, src_h, dst_w, dst_h, bit_depth;
};

class ZimgMatchesSwscale : public ::testing::TestWithParam<ResizeCase> {};

TEST_P(ZimgMatchesSwscale, SamePictureToWithinRounding) {
  const ResizeCase c = GetParam();
  Frame in = handle(pattern_frame(c.src_w, c.src_h, c.bit_depth));
  BothPaths r = scale_both_ways(in, ScalerConfig{c.dst_w, c.dst_h, c.bit_depth, 0});
  ASSERT_TRUE(r.fast.valid() && r.reference.valid());
  const AVFrame* fast = r.fast.data()->frame.get();
  const AVFrame* ref = r.reference.data()->frame.get();
  ASSERT_EQ(fast->width, c.dst_w);
  ASSERT_EQ(fast->height, c.dst_h);
  EXPECT_EQ(fast->format, ref->format);
  EXPECT_EQ(r.fast.pts(), 7);
  // Rounding-level differences only: a different kernel or a half-pixel chroma shift on this
  // pattern gives 25-45 dB. The zimg path must really have run: bit-identical means it did not.
  for (int p = 0; p < 3; ++p) {
    EXPECT_GT(plane_psnr(ref, fast, p, c.bit_depth), 50.0) << "plane " << p;
  }
  EXPECT_FALSE(identical(ref, fast, c.bit_depth)) << "the zimg path was not taken";
}

INSTANTIATE_TEST_SUITE_P(LadderSizes, ZimgMatchesSwscale,
                         ::testing::Values(ResizeCase{1920, 1080, 1280, 720, 8}, ResizeCase{1920, 1080, 854, 480, 8},
                                           ResizeCase{1920, 1080, 640, 360, 8}, ResizeCase{640, 360, 1280, 720, 8},
                                           ResizeCase{1920, 1080, 854, 480, 10}, ResizeCase{720, 1280, 406, 720, 8}),
                         [](const ::testing::TestParamInfo<ResizeCase>& info) {
                           const ResizeCase& c = info.param;
                           return std::to_string(c.src_w) + "x" + std::to_string(c.src_h) + "_to_" +
                                  std::to_string(c.dst_w) + "x" + std::to_string(c.dst_h) + "_" +
                                  std::to_string(c.bit_depth) + "bit";
                         });

TEST(VideoScaler, OddOutputSizeGoesToSwscale) {
  Frame in = handle(pattern_frame(640, 360, 8));
  BothPaths r = scale_both_ways(in, ScalerConfig{321, 181, 8, 0});
  ASSERT_TRUE(r.fast.valid() && r.reference.valid());
  EXPECT_EQ(r.fast.width(), 321);
  EXPECT_TRUE(identical(r.reference.data()->frame.get(), r.fast.data()->frame.get(), 8));
}

TEST(VideoScaler, MisalignedSourceGoesToSwscale) {
  // Crop one column off the left, as a decoder does for a cropped stream: the planes then start
  // one byte past an aligned address, which zimg's vector loads cannot take.
  av::FramePtr f = pattern_frame(642, 360, 8);
  f->crop_left = 2;
  ASSERT_GE(av_frame_apply_cropping(f.get(), AV_FRAME_CROP_UNALIGNED), 0);
  ASSERT_EQ(f->width, 640);
  Frame in = handle(std::move(f));
  BothPaths r = scale_both_ways(in, ScalerConfig{426, 240, 8, 0});
  ASSERT_TRUE(r.fast.valid() && r.reference.valid());
  EXPECT_TRUE(identical(r.reference.data()->frame.get(), r.fast.data()->frame.get(), 8));
}

TEST(VideoScaler, FormatChangeGoesToSwscale) {
  // 10-bit source to an 8-bit rung: a depth conversion, which stays swscale's job.
  Frame in = handle(pattern_frame(640, 360, 10));
  BothPaths r = scale_both_ways(in, ScalerConfig{320, 180, 8, 0});
  ASSERT_TRUE(r.fast.valid() && r.reference.valid());
  EXPECT_EQ(r.fast.pixel_format(), "yuv420p");
  EXPECT_TRUE(identical(r.reference.data()->frame.get(), r.fast.data()->frame.get(), 8));
}

TEST(VideoScaler, RotationAfterZimgResize) {
  // A portrait display of a landscape-coded source: resize (zimg), then rotate 90 degrees.
  Frame in = handle(pattern_frame(1280, 720, 8));
  BothPaths r = scale_both_ways(in, ScalerConfig{360, 640, 8, 90});
  ASSERT_TRUE(r.fast.valid() && r.reference.valid());
  EXPECT_EQ(r.fast.width(), 360);
  EXPECT_EQ(r.fast.height(), 640);
  for (int p = 0; p < 3; ++p) {
    EXPECT_GT(plane_psnr(r.reference.data()->frame.get(), r.fast.data()->frame.get(), p, 8), 50.0) << "plane " << p;
  }
}

}  // namespace
}  // namespace streamforge

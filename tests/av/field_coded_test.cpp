// Field-coded HEVC (every coded picture one field, SPS field_seq_flag), which FFmpeg 5.1 decodes
// as half-height pictures at twice the frame rate: probe describes the frames, the reader weaves
// the fields back into them (right lines in the right rows, the first field's timestamp), chunks
// agree with one pass, and the ladder keeps the picture's shape.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "av/ffmpeg.h"
#include "av/field_pictures.h"
#include "av/frame_data.h"
#include "av/source_reader.h"
#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::cached_clip;

using testing::interlaced_clip_spec;

std::string field_coded_clip(const std::string& ext = ".mp4") {
  return cached_clip("field-coded" + ext, interlaced_clip_spec(Codec::kHevc), ext);
}
// The same pattern in MBAFF frames, the reference (deinterlace_test's clip: made once).
std::string frame_coded_clip() { return cached_clip("interlaced", interlaced_clip_spec()); }

// 4 s with a keyframe every second, in MPEG-TS (no index: seeks bisect on timestamps).
std::string four_second_clip() {
  TestClipSpec clip = interlaced_clip_spec(Codec::kHevc);
  clip.duration_seconds = 4;
  clip.gop_frames = 25;
  return cached_clip("field-coded-4s", clip, ".ts");
}

struct WovenPicture {
  int64_t pts = 0;
  int width = 0, height = 0;
  bool interlaced = false, top_field_first = false;
  std::vector<uint8_t> luma;
};

std::vector<WovenPicture> read_all(av::SourceReader& reader) {
  std::vector<WovenPicture> out;
  for (;;) {
    auto next = reader.next();
    EXPECT_TRUE(next.ok()) << next.status().to_string();
    if (!next.ok() || !next->has_value()) break;
    const AVFrame& f = *(**next).frame.data()->frame;
    WovenPicture p{f.pts, f.width, f.height, f.interlaced_frame != 0, f.top_field_first != 0, {}};
    for (int y = 0; y < f.height; ++y) {
      const uint8_t* row = f.data[0] + static_cast<ptrdiff_t>(y) * f.linesize[0];
      p.luma.insert(p.luma.end(), row, row + f.width);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<WovenPicture> read_clip(const std::string& path, av::DeinterlaceFrames mode = av::DeinterlaceFrames::kNone,
                               StreamInfo* info = nullptr) {
  av::SourceReaderOptions o;
  o.audio = false;
  o.deinterlace = mode;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  if (!reader.ok()) return {};
  if (info) *info = (*reader)->video_info();
  return read_all(**reader);
}

// The same picture with its two fields' lines exchanged: what weaving in the wrong order makes.
std::vector<uint8_t> fields_swapped(const std::vector<uint8_t>& luma, int width) {
  std::vector<uint8_t> out = luma;
  const size_t w = static_cast<size_t>(width);
  for (size_t y = 0; y + 1 < luma.size() / w; y += 2) {
    std::memcpy(&out[y * w], &luma[(y + 1) * w], w);
    std::memcpy(&out[(y + 1) * w], &luma[y * w], w);
  }
  return out;
}

TEST(FieldCoded, ProbeDescribesTheFramesNotTheFields) {
  for (const std::string ext : {".mp4", ".ts"}) {  // hvcC and Annex B parameter sets
    auto info = probe(field_coded_clip(ext));
    ASSERT_TRUE(info.ok()) << info.status().to_string();
    const ProbeStream* v = info->first_video();
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->field_coded) << ext;
    EXPECT_EQ(v->width, 320) << ext;
    EXPECT_EQ(v->height, 240) << ext;  // FFmpeg says 320x120
    EXPECT_EQ(v->display_aspect_ratio, (Rational{4, 3})) << ext;
    EXPECT_EQ(v->frame_rate, (Rational{25, 1})) << ext;  // FFmpeg says 50
    EXPECT_EQ(v->field_order, "tff") << ext;               // from the pic_timing SEI
    EXPECT_NEAR(static_cast<double>(v->frame_count), 50, 1) << ext;
    EXPECT_NE(to_text(*info).find("interlaced (tff, field-coded)"), std::string::npos);
    EXPECT_NE(to_json(*info).find("\"field_coded\": true"), std::string::npos);
  }
  auto mbaff = probe(frame_coded_clip());
  ASSERT_TRUE(mbaff.ok());
  EXPECT_FALSE(mbaff->first_video()->field_coded);
  EXPECT_NE(to_json(*mbaff).find("\"field_coded\": false"), std::string::npos);
}

TEST(FieldCoded, TheReaderWeavesEachPairOfFieldsIntoTheFrameTheyCameFrom) {
  StreamInfo info;
  const std::vector<WovenPicture> woven = read_clip(field_coded_clip(), av::DeinterlaceFrames::kNone, &info);
  const std::vector<WovenPicture> reference = read_clip(frame_coded_clip());
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.frame_rate, (Rational{25, 1}));
  ASSERT_GE(woven.size(), 48u);
  // x265 drops the very last field of the clip; the reader makes a frame of the lone top field
  // before it rather than lose that moment, one frame more than the MBAFF clip's trim leaves.
  ASSERT_GE(woven.size(), reference.size());
  ASSERT_LE(woven.size(), reference.size() + 1);
  for (size_t i = 0; i < reference.size(); ++i) {
    ASSERT_EQ(woven[i].width, 320);
    ASSERT_EQ(woven[i].height, 240);
    EXPECT_TRUE(woven[i].interlaced);
    EXPECT_TRUE(woven[i].top_field_first);
    // One frame every 40 ms, stamped with its first field's time, as the MBAFF clip's frames.
    EXPECT_NEAR(to_seconds(woven[i].pts, info.time_base), 0.04 * static_cast<double>(i), 0.002) << i;
    // The same two moments in the same rows as the MBAFF clip of the pattern; swapped fields
    // (or two fields of different frames) would put each moment in the other's rows.
    const double right = testing::mean_squared_error(woven[i].luma, reference[i].luma);
    const double swapped = testing::mean_squared_error(fields_swapped(woven[i].luma, 320), reference[i].luma);
    EXPECT_LT(right, 20) << "frame " << i;
    EXPECT_GT(swapped, 3 * right + 5) << "frame " << i;
  }
}

TEST(FieldCoded, WovenFramesDeinterlaceLikeAnyInterlacedFrame) {
  const std::vector<WovenPicture> woven = read_clip(field_coded_clip());
  const std::vector<WovenPicture> clean = read_clip(field_coded_clip(), av::DeinterlaceFrames::kFlagged);
  ASSERT_EQ(clean.size(), woven.size());
  int progressive = 0;
  for (size_t i = 0; i < clean.size(); ++i) {
    EXPECT_EQ(clean[i].pts, woven[i].pts);
    progressive += clean[i].interlaced ? 0 : 1;
  }
  EXPECT_EQ(progressive, static_cast<int>(clean.size()));
}

TEST(FieldCoded, ASeekResumesOnWholeFramesIdenticalToOnePass) {
  const std::vector<WovenPicture> all = read_clip(four_second_clip());
  ASSERT_GE(all.size(), 98u);
  av::SourceReaderOptions o;
  o.audio = false;
  auto reader = av::SourceReader::open(four_second_clip(), o, CancelToken());
  ASSERT_TRUE(reader.ok());
  const int64_t target = all[40].pts;  // mid-GOP: decoding resumes at the keyframe of frame 25
  ASSERT_TRUE((*reader)->seek_video(target).ok());
  const std::vector<WovenPicture> tail = read_all(**reader);
  ASSERT_FALSE(tail.empty());
  size_t start = 0;
  while (start < all.size() && all[start].pts != tail.front().pts) ++start;
  ASSERT_LT(start, all.size()) << "the first frame after the seek is not a frame of one pass";
  EXPECT_LE(all[start].pts, target);
  EXPECT_GT(start, 0u);
  ASSERT_EQ(tail.size(), all.size() - start);
  for (size_t i = 0; i < tail.size(); ++i) {
    EXPECT_EQ(tail[i].pts, all[start + i].pts);
    EXPECT_EQ(tail[i].luma, all[start + i].luma) << "frame " << start + i;
  }
}

TEST(FieldCoded, TheLadderKeepsThePictureShapeOnePassAndChunked) {
  const std::string src = four_second_clip();
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "240p", "height": 240, "crf": 20, "maxrate_kbps": 3000, "bufsize_kbps": 6000, "preset": "ultrafast"},
      {"name": "120p", "height": 120, "bitrate_kbps": 200, "preset": "ultrafast"}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  testing::CollectingSink one;
  auto report = transcode(src, *spec, one, TranscodeOptions{});
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(report->ladder.video.size(), 2u);  // 240p is not dropped as taller than a 120-line source
  EXPECT_EQ(report->ladder.video[0].width, 320);
  EXPECT_EQ(report->ladder.video[0].height, 240);
  EXPECT_EQ(report->ladder.video[1].width, 160);  // 4:3, not 32:9
  EXPECT_EQ(report->ladder.video[0].frame_rate, (Rational{25, 1}));
  EXPECT_EQ(report->source_frames, 100);
  EXPECT_EQ(report->decode_errors, 0);
  ASSERT_EQ(one.packets.size(), 2u);
  EXPECT_EQ(one.packets[0].size(), 100u);
  const std::vector<double> gops = one.keyframe_times(0);
  ASSERT_EQ(gops.size(), 4u);
  for (size_t k = 0; k < gops.size(); ++k) EXPECT_NEAR(gops[k] - gops[0], static_cast<double>(k), 0.01);

  testing::CollectingSink chunked;
  TranscodeOptions o;
  o.chunks = 3;
  auto r = transcode(src, *spec, chunked, o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->source_frames, 100);
  ASSERT_EQ(chunked.packets.size(), 2u);
  for (size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(chunked.packets[s].size(), one.packets[s].size()) << s;
    EXPECT_EQ(chunked.keyframe_times(s), one.keyframe_times(s)) << s;
  }
}

// The weaver itself, on hand-made fields: top rows hold 10 + y, bottom rows 100 + y.
av::FramePtr field(int width, int height, uint8_t base, int64_t pts, int parity /* 1 top, 0 bottom, -1 unflagged */) {
  av::FramePtr f = av::make_frame();
  f->format = AV_PIX_FMT_YUV420P;
  f->width = width;
  f->height = height;
  EXPECT_GE(av_frame_get_buffer(f.get(), 0), 0);
  for (int p = 0; p < 3; ++p) {
    const int rows = p == 0 ? height : (height + 1) / 2;
    const int cols = p == 0 ? width : (width + 1) / 2;
    for (int y = 0; y < rows; ++y) std::memset(f->data[p] + static_cast<ptrdiff_t>(y) * f->linesize[p], base + y, cols);
  }
  f->pts = pts;
  f->pkt_duration = 1;
  f->interlaced_frame = parity >= 0;
  f->top_field_first = parity == 1;
  return f;
}

uint8_t at(const AVFrame& f, int plane, int row) { return f.data[plane][static_cast<ptrdiff_t>(row) * f.linesize[plane]]; }

TEST(FieldWeaver, TopFieldLinesGoToEvenRowsWhicheverFieldComesFirst) {
  for (bool top_first : {true, false}) {
    av::FieldWeaver weaver;
    auto none = weaver.push(field(16, 6, top_first ? 10 : 100, 0, top_first ? 1 : 0));
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(*none, nullptr);
    auto frame = weaver.push(field(16, 6, top_first ? 100 : 10, 1, top_first ? 0 : 1));
    ASSERT_TRUE(frame.ok()) << frame.status().to_string();
    ASSERT_NE(*frame, nullptr);
    const AVFrame& f = **frame;
    EXPECT_EQ(f.height, 12);
    EXPECT_EQ(f.pts, 0);  // the first field's
    EXPECT_EQ(f.pkt_duration, 2);  // both fields' time
    EXPECT_TRUE(f.interlaced_frame);
    EXPECT_EQ(f.top_field_first != 0, top_first);
    for (int y = 0; y < 6; ++y) {
      EXPECT_EQ(at(f, 0, 2 * y), 10 + y);
      EXPECT_EQ(at(f, 0, 2 * y + 1), 100 + y);
    }
    for (int y = 0; y < 3; ++y) {  // chroma: 3 rows per field, 6 in the frame
      EXPECT_EQ(at(f, 1, 2 * y), 10 + y);
      EXPECT_EQ(at(f, 2, 2 * y + 1), 100 + y);
    }
    EXPECT_EQ(weaver.unpaired_fields(), 0);
  }
}

TEST(FieldWeaver, OddChromaHeightsStayInsideTheFrame) {
  // 5-line fields: 3 chroma rows each, but a 10-line frame has 5.
  auto frame = av::weave_fields(*field(8, 5, 10, 0, 1), *field(8, 5, 100, 1, 0), true);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ((*frame)->height, 10);
  EXPECT_EQ(at(**frame, 1, 4), 12);  // the top field's third chroma row
}

TEST(FieldWeaver, AFieldWithoutItsPartnerBecomesAFrameOfItsOwn) {
  av::FieldWeaver weaver;
  ASSERT_EQ(*weaver.push(field(16, 6, 10, 0, 1)), nullptr);
  auto alone = weaver.push(field(16, 6, 20, 2, 1));  // another top field: the first lost its bottom
  ASSERT_TRUE(alone.ok());
  ASSERT_NE(*alone, nullptr);
  EXPECT_EQ((*alone)->pts, 0);
  EXPECT_EQ(at(**alone, 0, 0), 10);
  EXPECT_EQ(at(**alone, 0, 1), 10);  // its lines doubled
  EXPECT_EQ((*alone)->pkt_duration, 2);  // and its time: the next frame starts a field later
  auto pair = weaver.push(field(16, 6, 100, 3, 0));
  ASSERT_TRUE(pair.ok());
  ASSERT_NE(*pair, nullptr);
  EXPECT_EQ((*pair)->pts, 2);
  ASSERT_EQ(*weaver.push(field(16, 6, 30, 4, 1)), nullptr);
  auto last = weaver.flush();  // the end of the stream
  ASSERT_TRUE(last.ok());
  ASSERT_NE(*last, nullptr);
  EXPECT_EQ((*last)->pts, 4);
  EXPECT_EQ(weaver.unpaired_fields(), 2);
  EXPECT_EQ(*weaver.flush(), nullptr);
}

TEST(FieldWeaver, UnflaggedFieldsAlternateStartingWithTheTop) {
  av::FieldWeaver weaver;
  ASSERT_EQ(*weaver.push(field(16, 6, 10, 0, -1)), nullptr);
  auto frame = weaver.push(field(16, 6, 100, 1, -1));
  ASSERT_TRUE(frame.ok());
  ASSERT_NE(*frame, nullptr);
  EXPECT_TRUE((*frame)->top_field_first);
  EXPECT_EQ(at(**frame, 0, 0), 10);
  EXPECT_EQ(at(**frame, 0, 1), 100);
}

TEST(FieldWeaver, FieldsOfDifferentSizesAreAClearError) {
  av::FieldWeaver weaver;
  ASSERT_EQ(*weaver.push(field(16, 6, 10, 0, 1)), nullptr);
  auto frame = weaver.push(field(16, 8, 100, 1, 0));
  ASSERT_FALSE(frame.ok());
  EXPECT_NE(frame.status().message().find("differ in size"), std::string::npos) << frame.status().to_string();
}

}  // namespace
}  // namespace streamforge

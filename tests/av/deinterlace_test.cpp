// Interlaced sources: probe reports the field order, the reader deinterlaces one frame per frame
// (same count, same timestamps), and the ladder does it by default when the source says it is
// interlaced -- checked on the pictures by how much the rows of one frame disagree ("combing").
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <vector>

#include "av/frame_filter.h"
#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/source_reader.h"
#include "streamforge/av/probe.h"
#include "streamforge/transcode/transcoder.h"
#include "test_media.h"

namespace streamforge {
namespace {

using testing::cached_clip;
using testing::TempDir;

using testing::interlaced_clip_spec;

std::string interlaced_clip() { return cached_clip("interlaced", interlaced_clip_spec()); }

std::string progressive_clip() {
  TestClipSpec s = interlaced_clip_spec();
  s.interlaced = false;
  return cached_clip("progressive", s);
}

// Share of luma pixels (in percent) whose rows above and below both differ from them, on the same
// side, by more than 12 levels: the zipper a woven frame shows on every moving edge, where its
// two fields hold two moments. A progressive picture has it only on one-row-thin detail.
double combing(const AVFrame& f) {
  int64_t combed = 0, n = 0;
  for (int y = 1; y + 1 < f.height; ++y) {
    const uint8_t* above = f.data[0] + static_cast<ptrdiff_t>(y - 1) * f.linesize[0];
    const uint8_t* row = f.data[0] + static_cast<ptrdiff_t>(y) * f.linesize[0];
    const uint8_t* below = f.data[0] + static_cast<ptrdiff_t>(y + 1) * f.linesize[0];
    for (int x = 0; x < f.width; ++x) {
      const int up = above[x] - row[x], down = below[x] - row[x];
      if ((up > 12 && down > 12) || (up < -12 && down < -12)) ++combed;
      ++n;
    }
  }
  return n ? 100.0 * static_cast<double>(combed) / static_cast<double>(n) : 0;
}

// What a reader yields: the timestamps, each picture's luma and how combed it is.
struct Decoded {
  StreamInfo info;  // the reader's video_info()
  std::vector<int64_t> pts;
  std::vector<std::vector<uint8_t>> luma;
  double mean_combing = 0;
  int progressive_flags = 0;
};

Decoded decode(const std::string& path, av::DeinterlaceFrames mode,
               av::DeinterlaceMethod method = av::DeinterlaceMethod::kPerFrame) {
  av::SourceReaderOptions o;
  o.audio = false;
  o.deinterlace = mode;
  o.deinterlace_method = method;
  auto reader = av::SourceReader::open(path, o, CancelToken());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  Decoded d;
  if (!reader.ok()) return d;
  d.info = (*reader)->video_info();
  for (;;) {
    auto next = (*reader)->next();
    EXPECT_TRUE(next.ok()) << next.status().to_string();
    if (!next.ok() || !next->has_value()) break;
    const AVFrame& f = *(**next).frame.data()->frame;
    EXPECT_EQ((**next).frame.time_base(), d.info.time_base);
    d.pts.push_back(f.pts);
    d.mean_combing += combing(f);
    if (!f.interlaced_frame) ++d.progressive_flags;
    std::vector<uint8_t> y(static_cast<size_t>(f.width) * static_cast<size_t>(f.height));
    for (int row = 0; row < f.height; ++row) {
      std::copy_n(f.data[0] + static_cast<ptrdiff_t>(row) * f.linesize[0], f.width,
                  y.begin() + static_cast<ptrdiff_t>(row) * f.width);
    }
    d.luma.push_back(std::move(y));
  }
  if (!d.pts.empty()) d.mean_combing /= static_cast<double>(d.pts.size());
  return d;
}

TEST(Deinterlace, ProbeReportsTheFieldOrder) {
  auto info = probe(interlaced_clip());
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  ASSERT_NE(info->first_video(), nullptr);
  EXPECT_EQ(info->first_video()->field_order, "tff");
  EXPECT_TRUE(info->first_video()->interlaced());
  EXPECT_NE(to_json(*info).find("\"field_order\": \"tff\""), std::string::npos);
  EXPECT_NE(to_text(*info).find("interlaced (tff)"), std::string::npos);

  auto plain = probe(progressive_clip());
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->first_video()->interlaced());
}

TEST(Deinterlace, OneProgressiveFramePerFrameWithTheSameTimestamps) {
  Decoded woven = decode(interlaced_clip(), av::DeinterlaceFrames::kNone);
  Decoded flagged = decode(interlaced_clip(), av::DeinterlaceFrames::kFlagged);
  Decoded all = decode(interlaced_clip(), av::DeinterlaceFrames::kAll);
  ASSERT_GE(woven.pts.size(), 48u);  // 2 s at 25 fps (the pattern's trim may end a frame early)
  EXPECT_EQ(flagged.pts, woven.pts);
  EXPECT_EQ(all.pts, woven.pts);
  EXPECT_EQ(woven.progressive_flags, 0);
  EXPECT_EQ(flagged.progressive_flags, static_cast<int>(woven.pts.size()));
  // The fields of the test pattern are 20 ms apart; woven, they disagree row by row (measured:
  // 2.1 % of pixels combed woven, 0.4 % deinterlaced, 0.7 % in the same pattern shot progressive).
  EXPECT_LT(flagged.mean_combing, woven.mean_combing / 3) << woven.mean_combing << " -> " << flagged.mean_combing;
  EXPECT_LT(all.mean_combing, woven.mean_combing / 3);
}

TEST(Deinterlace, ProgressiveFramesPassUntouchedUnlessForced) {
  Decoded plain = decode(progressive_clip(), av::DeinterlaceFrames::kNone);
  Decoded flagged = decode(progressive_clip(), av::DeinterlaceFrames::kFlagged);
  Decoded forced = decode(progressive_clip(), av::DeinterlaceFrames::kAll);
  EXPECT_EQ(flagged.pts, plain.pts);
  EXPECT_EQ(forced.pts, plain.pts);
  EXPECT_DOUBLE_EQ(flagged.mean_combing, plain.mean_combing);  // bwdif passes them through
  EXPECT_NE(forced.mean_combing, plain.mean_combing);          // "on" filters them anyway
}

TEST(Deinterlace, SeekingRestartsTheFilterWithoutLosingFrames) {
  av::SourceReaderOptions o;
  o.audio = false;
  o.deinterlace = av::DeinterlaceFrames::kFlagged;
  auto reader = av::SourceReader::open(interlaced_clip(), o, CancelToken());
  ASSERT_TRUE(reader.ok());
  // Read a few frames, then seek back to the start: the frames held in the filter are dropped
  // and every frame comes out again, once.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*reader)->next().ok());
  ASSERT_TRUE((*reader)->seek_video((*reader)->video_start_pts()).ok());
  int frames = 0;
  int64_t last = INT64_MIN;
  for (;;) {
    auto next = (*reader)->next();
    ASSERT_TRUE(next.ok());
    if (!next->has_value()) break;
    EXPECT_GT((**next).frame.pts(), last);
    last = (**next).frame.pts();
    ++frames;
  }
  EXPECT_EQ(static_cast<size_t>(frames), decode(interlaced_clip(), av::DeinterlaceFrames::kNone).pts.size());
}

// Each picture lasts one picture, at frame and at field rate: the encoder gives the last frame of
// a rendition this duration (FFmpeg 5.1's bwdif hands out half of it).
TEST(Deinterlace, EachPictureLastsOnePictureAtEitherRate) {
  for (auto method : {av::DeinterlaceMethod::kPerFrame, av::DeinterlaceMethod::kPerField}) {
    av::SourceReaderOptions o;
    o.audio = false;
    o.deinterlace = av::DeinterlaceFrames::kFlagged;
    o.deinterlace_method = method;
    auto reader = av::SourceReader::open(interlaced_clip(), o, CancelToken());
    ASSERT_TRUE(reader.ok());
    const double picture = method == av::DeinterlaceMethod::kPerField ? 0.02 : 0.04;  // 25i
    int pictures = 0;
    for (;;) {
      auto next = (*reader)->next();
      ASSERT_TRUE(next.ok());
      if (!next->has_value()) break;
      const AVFrame& f = *(**next).frame.data()->frame;
      ASSERT_NEAR(to_seconds(f.pkt_duration, (**next).frame.time_base()), picture, 1e-6) << "picture " << pictures;
      ++pictures;
    }
    EXPECT_GE(pictures, 48);
  }
}

// Field rate. The interlaced clip weaves two moments of a 50 fps pattern into each frame; the
// same pattern shot progressive at 50 fps is what each field-rate picture should show.
using testing::mean_squared_error;
constexpr auto& mse = mean_squared_error;

std::string progressive_at_field_rate_clip() {
  TestClipSpec s = interlaced_clip_spec();
  s.interlaced = false;
  s.frame_rate = {50, 1};
  return cached_clip("progressive50", s);
}

TEST(Deinterlace, FieldRateGivesOnePicturePerFieldAtItsMoment) {
  Decoded woven = decode(interlaced_clip(), av::DeinterlaceFrames::kNone);
  Decoded fields = decode(interlaced_clip(), av::DeinterlaceFrames::kFlagged, av::DeinterlaceMethod::kPerField);
  Decoded truth = decode(progressive_at_field_rate_clip(), av::DeinterlaceFrames::kNone);
  ASSERT_GE(woven.pts.size(), 48u);
  EXPECT_EQ(fields.info.time_base, (Rational{woven.info.time_base.num, woven.info.time_base.den * 2}.reduced()));
  EXPECT_EQ(fields.info.frame_rate, (Rational{50, 1}));
  ASSERT_EQ(fields.pts.size(), 2 * woven.pts.size());
  ASSERT_GE(truth.luma.size(), fields.luma.size());
  // The first field keeps its frame's moment; the second lies halfway to the next frame.
  for (size_t i = 0; i < woven.pts.size(); ++i) {
    EXPECT_EQ(fields.pts[2 * i], 2 * woven.pts[i]) << i;
    if (i + 1 < woven.pts.size()) {
      EXPECT_EQ(fields.pts[2 * i + 1], woven.pts[i] + woven.pts[i + 1]) << i;
    }
  }
  // Each second-field picture shows its own moment, not a copy of the first field's: closer to
  // the 50 fps pattern's frame at that moment than to the one before it.
  double right = 0, wrong = 0;
  int closer = 0, n = 0;
  for (size_t k = 1; k < fields.luma.size(); k += 2, ++n) {
    const double r = mse(fields.luma[k], truth.luma[k]), w = mse(fields.luma[k], truth.luma[k - 1]);
    right += r;
    wrong += w;
    closer += r < w;
  }
  std::printf("second fields: mse to their moment %.1f, to the moment before %.1f, closer in %d of %d\n", right / n,
              wrong / n, closer, n);
  EXPECT_GE(closer, n - 1);
  EXPECT_LT(right, wrong / 2);
}

TEST(Deinterlace, FieldRateSeeksInItsOwnTimeBase) {
  av::SourceReaderOptions o;
  o.audio = false;
  o.deinterlace = av::DeinterlaceFrames::kAll;
  o.deinterlace_method = av::DeinterlaceMethod::kPerField;
  TestClipSpec spec = interlaced_clip_spec();
  spec.gop_frames = 10;  // keyframes every 0.4 s
  const std::string clip = cached_clip("interlaced_gop10", spec);
  auto reader = av::SourceReader::open(clip, o, CancelToken());
  ASSERT_TRUE(reader.ok());
  const Decoded all = decode(clip, av::DeinterlaceFrames::kAll, av::DeinterlaceMethod::kPerField);
  ASSERT_GE(all.pts.size(), 96u);
  // The start, in the doubled time base, is the first picture's timestamp.
  EXPECT_EQ((*reader)->video_start_pts(), all.pts.front());
  // A target of 1.1 s (picture 55) resumes at the keyframe before it: frame 20 (0.8 s), whose
  // first field is picture 40. Read in the stream's time base it would mean 2.2 s (frame 40).
  const int64_t target = all.pts[55];
  ASSERT_TRUE((*reader)->seek_video(target).ok());
  auto next = (*reader)->next();
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((**next).frame.pts(), all.pts[40]);
  size_t at = static_cast<size_t>(std::find(all.pts.begin(), all.pts.end(), (**next).frame.pts()) - all.pts.begin());
  ASSERT_LT(at, all.pts.size());
  size_t count = 1;
  for (;; ++count) {
    auto more = (*reader)->next();
    ASSERT_TRUE(more.ok());
    if (!more->has_value()) break;
    ASSERT_LT(at + count, all.pts.size());
    EXPECT_EQ((**more).frame.pts(), all.pts[at + count]);
  }
  EXPECT_EQ(at + count, all.pts.size());
}

// Film on interlaced TV: a 23.976 fps pattern with 3:2 pulldown, coded as 29.97i.
TestClipSpec telecined_spec() {
  TestClipSpec s = interlaced_clip_spec();
  s.interlaced = false;
  s.telecine = true;
  s.frame_rate = {30000, 1001};
  s.duration_seconds = 4;
  return s;
}

std::string film_truth_clip() {  // the same pattern shot progressive at the film's rate
  TestClipSpec s = telecined_spec();
  s.telecine = false;
  s.frame_rate = {24000, 1001};
  return cached_clip("film24", s);
}

// Telecined film and video shot interlaced carry the same flags; probe tells them apart by the
// pictures (a repeated field in 2 of every 5 frames, at fixed positions).
TEST(Deinterlace, ProbeFindsThePulldownOfTelecinedFilm) {
  auto film = probe(cached_clip("telecined", telecined_spec()));
  ASSERT_TRUE(film.ok()) << film.status().to_string();
  EXPECT_TRUE(film->first_video()->interlaced());
  EXPECT_TRUE(film->first_video()->telecined);
  EXPECT_NE(to_text(*film).find("telecined film (3:2 pulldown)"), std::string::npos);
  EXPECT_NE(to_json(*film).find("\"telecined\": true"), std::string::npos);
  TestClipSpec video_spec = telecined_spec();  // the same pattern, shot interlaced at 29.97
  video_spec.telecine = false;
  video_spec.interlaced = true;
  auto video = probe(cached_clip("interlaced30", video_spec));
  ASSERT_TRUE(video.ok());
  EXPECT_TRUE(video->first_video()->interlaced());
  EXPECT_FALSE(video->first_video()->telecined);
  TestClipSpec still = telecined_spec();  // telecined, but nothing moves: nothing to tell by
  still.pattern = "smptebars=size={w}x{h}:rate={r}:duration={d}";
  auto bars = probe(cached_clip("telecined_still", still));
  ASSERT_TRUE(bars.ok());
  EXPECT_FALSE(bars->first_video()->telecined);
}

TEST(Deinterlace, InverseTelecineRestoresTheFilmFrames) {
  const std::string clip = cached_clip("telecined", telecined_spec());
  Decoded woven = decode(clip, av::DeinterlaceFrames::kNone);
  Decoded film = decode(clip, av::DeinterlaceFrames::kFlagged, av::DeinterlaceMethod::kInverseTelecine);
  Decoded truth = decode(film_truth_clip(), av::DeinterlaceFrames::kNone);
  ASSERT_GE(woven.pts.size(), 115u);
  EXPECT_EQ(film.info.frame_rate, (Rational{24000, 1001}));
  ASSERT_EQ(film.pts.size(), woven.pts.size() * 4 / 5);
  ASSERT_GE(truth.luma.size(), film.luma.size());
  // Regular film timestamps from the video's start: k x 1001/24000 s (to a tick of rounding).
  const double tick = to_seconds(1, film.info.time_base);
  for (size_t k = 0; k < film.pts.size(); ++k) {
    const double t = to_seconds(film.pts[k] - film.pts[0], film.info.time_base);
    EXPECT_NEAR(t, static_cast<double>(k) * 1001.0 / 24000.0, tick) << k;
  }
  // Each picture is its own film frame, whole: closer to it than to either neighbour, and as
  // free of combing as the film itself (2 of every 5 woven frames mix two film frames).
  double own = 0, neighbours = 0;
  int closer = 0, n = 0;
  for (size_t k = 1; k + 1 < film.luma.size(); ++k, ++n) {
    const double o = mse(film.luma[k], truth.luma[k]);
    const double b = std::min(mse(film.luma[k], truth.luma[k - 1]), mse(film.luma[k], truth.luma[k + 1]));
    own += o;
    neighbours += b;
    closer += o < b;
  }
  std::printf("film frames: mse to their own %.1f, to the nearer neighbour %.1f, closer in %d of %d; combing "
              "woven %.2f %%, film %.2f %%, truth %.2f %%\n",
              own / n, neighbours / n, closer, n, woven.mean_combing, film.mean_combing, truth.mean_combing);
  EXPECT_EQ(closer, n);
  EXPECT_LT(own, neighbours / 4);
  EXPECT_LT(film.mean_combing, woven.mean_combing / 2);
}

// A chunk starts on whatever keyframe precedes it; decimate counts its cycles of five from the
// first frame it sees. The reader starts it on a cycle of the whole file, so after a seek the
// same frames are dropped and every picture is the one a full read gives at that timestamp.
TEST(Deinterlace, InverseTelecineAfterASeekDropsTheSameFrames) {
  TestClipSpec spec = telecined_spec();
  spec.gop_frames = 7;  // keyframes on frames 0, 7, 14, ...: most are not on a cycle start
  const std::string clip = cached_clip("telecined_gop7", spec);
  const Decoded full = decode(clip, av::DeinterlaceFrames::kFlagged, av::DeinterlaceMethod::kInverseTelecine);
  ASSERT_GE(full.pts.size(), 92u);
  for (size_t target : {size_t{33}, size_t{40}, size_t{61}}) {
    av::SourceReaderOptions o;
    o.audio = false;
    o.deinterlace = av::DeinterlaceFrames::kFlagged;
    o.deinterlace_method = av::DeinterlaceMethod::kInverseTelecine;
    auto reader = av::SourceReader::open(clip, o, CancelToken());
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE((*reader)->seek_video(full.pts[target]).ok());
    size_t compared = 0, different = 0;
    for (;;) {
      auto next = (*reader)->next();
      ASSERT_TRUE(next.ok());
      if (!next->has_value()) break;
      const AVFrame& f = *(**next).frame.data()->frame;
      auto at = std::find(full.pts.begin(), full.pts.end(), f.pts);
      ASSERT_NE(at, full.pts.end()) << "timestamp " << f.pts << " is not one a full read gives";
      const size_t k = static_cast<size_t>(at - full.pts.begin());
      if (k < target) continue;  // pre-roll: a chunk drops these
      std::vector<uint8_t> y(static_cast<size_t>(f.width) * static_cast<size_t>(f.height));
      for (int row = 0; row < f.height; ++row) {
        std::copy_n(f.data[0] + static_cast<ptrdiff_t>(row) * f.linesize[0], f.width,
                    y.begin() + static_cast<ptrdiff_t>(row) * f.width);
      }
      ++compared;
      different += mse(y, full.luma[k]) > 1.0;  // another film frame is about 200 away
    }
    EXPECT_EQ(compared, full.pts.size() - target) << "from picture " << target;
    EXPECT_EQ(different, 0u) << "from picture " << target;
  }
}

// Field matching without decimation (2:2 film at 25i) keeps every frame and its timestamp. On
// video-shot fields (every field its own moment) no pairing is right: the combed frames it
// flags are deinterlaced, but some pairings pass as matched (measured: 2.1 % of pixels combed
// woven, 1.2 % field-matched, 0.4 % with frame-rate deinterlacing): film mode is for film.
TEST(Deinterlace, FieldMatchingKeepsEveryFrameAndReducesCombingOnVideo) {
  Decoded woven = decode(interlaced_clip(), av::DeinterlaceFrames::kNone);
  Decoded matched = decode(interlaced_clip(), av::DeinterlaceFrames::kFlagged, av::DeinterlaceMethod::kFieldMatch);
  Decoded deinterlaced = decode(interlaced_clip(), av::DeinterlaceFrames::kFlagged);
  EXPECT_EQ(matched.pts, woven.pts);
  EXPECT_EQ(matched.info.frame_rate, woven.info.frame_rate);
  std::printf("combing: woven %.2f %%, field-matched %.2f %%, deinterlaced %.2f %%\n", woven.mean_combing,
              matched.mean_combing, deinterlaced.mean_combing);
  EXPECT_LT(matched.mean_combing, woven.mean_combing * 0.75);
}

av::FramePtr gray_frame(int width, int height, int64_t pts) {
  av::FramePtr f = av::make_frame();
  f->width = width;
  f->height = height;
  f->format = AV_PIX_FMT_YUV420P;
  EXPECT_GE(av_frame_get_buffer(f.get(), 32), 0);
  for (int p = 0; p < 3; ++p) {
    const int h = p ? (height + 1) / 2 : height;
    for (int y = 0; y < h; ++y) std::fill_n(f->data[p] + static_cast<ptrdiff_t>(y) * f->linesize[p], f->linesize[p], 128);
  }
  f->pts = pts;
  f->interlaced_frame = 1;
  f->top_field_first = 1;
  return f;
}

TEST(Deinterlace, APictureSizeChangeMidStreamKeepsEveryFrame) {
  av::FrameFilter d(AVRational{1, 25}, av::deinterlace_filter(av::DeinterlaceFrames::kFlagged, av::DeinterlaceMethod::kPerFrame), "deinterlacing", "off");
  std::vector<std::pair<int, int64_t>> out;  // width, pts
  auto take = [&] {
    for (;;) {
      auto f = d.receive();
      ASSERT_TRUE(f.ok());
      if (!*f) return;
      out.emplace_back((*f)->width, (*f)->pts);
    }
  };
  for (int64_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(d.send(gray_frame(64, 48, i)).ok());
    take();
  }
  for (int64_t i = 4; i < 8; ++i) {
    ASSERT_TRUE(d.send(gray_frame(96, 64, i)).ok());
    take();
  }
  ASSERT_TRUE(d.flush().ok());
  take();
  ASSERT_EQ(out.size(), 8u);
  for (int64_t i = 0; i < 8; ++i) {
    EXPECT_EQ(out[static_cast<size_t>(i)].second, i);
    EXPECT_EQ(out[static_cast<size_t>(i)].first, i < 4 ? 64 : 96);
  }
}

TEST(Deinterlace, APictureTooSmallForTheFilterIsAClearError) {
  av::FrameFilter d(AVRational{1, 25}, av::deinterlace_filter(av::DeinterlaceFrames::kAll, av::DeinterlaceMethod::kPerFrame), "deinterlacing", "set deinterlace to off");
  Status st = d.send(gray_frame(2, 2, 0));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("configuring deinterlacing for 2x2 yuv420p (set deinterlace to off)"), std::string::npos)
      << st.to_string();
}

// End to end: the default ladder setting deinterlaces an interlaced source; "off" keeps the
// woven fields. A rung at the source size, so no scaling blurs the comparison.
TEST(Deinterlace, TheLadderDeinterlacesInterlacedSourcesByDefault) {
  auto run = [](Deinterlace mode, const TempDir& out, int chunks) {
    LadderSpec spec;
    spec.deinterlace = mode;
    VideoRung r;
    r.height = 240;
    r.crf = 12;
    r.maxrate_kbps = 20000;
    r.bufsize_kbps = 40000;
    spec.video = {r};
    TranscodeOptions o;
    o.chunks = chunks;
    auto result = transcode_to_folder(interlaced_clip(), out.path().string(), spec, o);
    EXPECT_TRUE(result.ok()) << result.status().to_string();
    return result.ok() ? result->ladder : ResolvedLadder{};
  };
  TempDir on, off, chunked;
  ResolvedLadder ladder = run(Deinterlace::kAuto, on, 1);
  EXPECT_EQ(ladder.deinterlace, Deinterlace::kAuto);
  bool noted = false;
  for (auto& n : ladder.notes) noted |= n.find("deinterlacing") != std::string::npos;
  EXPECT_TRUE(noted);
  EXPECT_EQ(run(Deinterlace::kOff, off, 1).deinterlace, Deinterlace::kOff);
  run(Deinterlace::kAuto, chunked, 3);

  Decoded woven = decode(off.file("240p.mp4"), av::DeinterlaceFrames::kNone);
  Decoded clean = decode(on.file("240p.mp4"), av::DeinterlaceFrames::kNone);
  Decoded clean_chunked = decode(chunked.file("240p.mp4"), av::DeinterlaceFrames::kNone);
  ASSERT_GE(woven.pts.size(), 48u);
  EXPECT_EQ(clean.pts, woven.pts);
  EXPECT_EQ(clean_chunked.pts, woven.pts);
  EXPECT_LT(clean.mean_combing, woven.mean_combing / 2) << woven.mean_combing << " -> " << clean.mean_combing;
  EXPECT_LT(clean_chunked.mean_combing, woven.mean_combing / 2);
}

// One pass of the ladder into `sink`; `frames_total` gets the count progress announced.
Result<TranscodeReport> transcode_one_pass(const std::string& src, const LadderSpec& spec, testing::CollectingSink& sink,
                                           int64_t& frames_total) {
  TranscodeOptions options;
  options.progress = [&frames_total](const Progress& p) { frames_total = p.frames_total; };
  return transcode(src, spec, sink, options);
}

// Chunked runs of the ladder give what one pass gave: the same pictures counted, the same
// keyframes and the same timestamps on every rung.
void expect_chunked_like_one_pass(const std::string& src, const LadderSpec& spec, const testing::CollectingSink& one,
                                  int64_t one_pass_frames, std::initializer_list<int> chunk_counts) {
  for (int chunks : chunk_counts) {
    testing::CollectingSink chunked;
    TranscodeOptions o;
    o.chunks = chunks;
    auto r = transcode(src, spec, chunked, o);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_EQ(r->decode_errors, 0) << chunks << " chunks";
    EXPECT_EQ(r->source_frames, one_pass_frames) << chunks << " chunks";
    ASSERT_EQ(chunked.packets.size(), one.packets.size());
    for (size_t s = 0; s < one.packets.size(); ++s) {
      EXPECT_EQ(chunked.keyframe_times(s), one.keyframe_times(s)) << "rung " << s << ", " << chunks << " chunks";
      std::vector<int64_t> a, b;
      for (auto& p : one.packets[s]) a.push_back(p.pts);
      for (auto& p : chunked.packets[s]) b.push_back(p.pts);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b) << "rung " << s << ", " << chunks << " chunks";
    }
  }
}

// End to end at field rate: twice the frames, keyframes still aligned on every rung and at the
// GOP interval, chunked equal to one-pass. An MPEG-TS source with 2 s GOPs, so chunks seek
// mid-GOP in a container without an index (in the doubled time base).
TEST(Deinterlace, TheLadderAtFieldRateDoublesTheFramesAndKeepsTheGops) {
  TestClipSpec clip = interlaced_clip_spec();
  clip.duration_seconds = 6;
  clip.gop_frames = 50;
  const std::string src = cached_clip("interlaced6s", clip, ".ts");
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "deinterlace_rate": "field", "video": [
      {"name": "240p", "height": 240, "crf": 20, "maxrate_kbps": 3000, "bufsize_kbps": 6000, "preset": "veryfast"},
      {"name": "120p", "height": 120, "bitrate_kbps": 200, "preset": "ultrafast", "max_frame_rate": 25}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  const size_t source_frames = 150;
  testing::CollectingSink one;
  int64_t total = 0;
  auto report = transcode_one_pass(src, *spec, one, total);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->ladder.deinterlace_rate, DeinterlaceRate::kField);
  EXPECT_EQ(report->ladder.video[0].frame_rate, (Rational{50, 1}));
  EXPECT_EQ(report->ladder.video[1].frame_rate, (Rational{25, 1}));
  EXPECT_EQ(report->source_frames, static_cast<int64_t>(2 * source_frames));
  EXPECT_EQ(total, static_cast<int64_t>(2 * source_frames));
  ASSERT_EQ(one.packets.size(), 2u);
  EXPECT_EQ(one.packets[0].size(), 2 * source_frames);
  EXPECT_EQ(one.packets[1].size(), source_frames);
  const std::vector<double> gops = one.keyframe_times(0);
  ASSERT_EQ(gops.size(), 6u);
  for (size_t k = 0; k < gops.size(); ++k) EXPECT_NEAR(gops[k] - gops[0], static_cast<double>(k), 1e-6);
  EXPECT_EQ(one.keyframe_times(1), gops);

  expect_chunked_like_one_pass(src, *spec, one, report->source_frames, {3, 6});  // 3 and 6 chunks of 1 s
}

// End to end in film mode: four fifths of the frames at 23.976 fps, keyframes aligned on every
// rung, and chunks that start on any source keyframe (7-frame GOPs, so not on a pulldown cycle)
// drop the same frames at the same timestamps as one pass.
TEST(Deinterlace, TheLadderInFilmModeRemovesThePulldownOnePassAndChunked) {
  TestClipSpec clip = telecined_spec();
  clip.duration_seconds = 6;
  clip.gop_frames = 7;  // chunks start on frames 56 and 112 (0 and 2 mod 5 is what a cycle needs)
  const std::string src = cached_clip("telecined6s", clip, ".ts");
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 2, "deinterlace_rate": "film", "video": [
      {"name": "240p", "height": 240, "crf": 20, "maxrate_kbps": 3000, "bufsize_kbps": 6000, "preset": "veryfast"},
      {"name": "120p", "height": 120, "bitrate_kbps": 200, "preset": "ultrafast"}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().to_string();
  testing::CollectingSink one;
  int64_t total = 0;
  auto report = transcode_one_pass(src, *spec, one, total);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->ladder.deinterlace_rate, DeinterlaceRate::kFilm);
  EXPECT_TRUE(report->ladder.inverse_telecine);
  EXPECT_EQ(report->ladder.video[0].frame_rate, (Rational{24000, 1001}));
  EXPECT_EQ(report->source_frames, 144);  // 180 interlaced frames
  EXPECT_EQ(total, 144);
  ASSERT_EQ(one.packets.size(), 2u);
  EXPECT_EQ(one.packets[0].size(), 144u);
  const std::vector<double> gops = one.keyframe_times(0);
  ASSERT_EQ(gops.size(), 3u);
  for (size_t k = 0; k < gops.size(); ++k) EXPECT_NEAR(gops[k] - gops[0], 2.0 * static_cast<double>(k), 0.05);
  EXPECT_EQ(one.keyframe_times(1), gops);

  expect_chunked_like_one_pass(src, *spec, one, report->source_frames, {2, 3});  // chunks of 4 + 2 s, of 2 s
}

}  // namespace
}  // namespace streamforge

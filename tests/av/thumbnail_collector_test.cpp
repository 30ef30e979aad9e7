// ThumbnailCollector: trick-play sprite sheets, WebVTT and posters from real encoded packets.
#include "av/thumbnail_collector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <random>

#include "av/packet_source.h"
#include "av/source_reader.h"
#include "test_media.h"

namespace streamforge {
namespace {

using av::ThumbnailCollector;
using av::ThumbnailOptions;
using av::ThumbnailResult;

struct VideoPackets {
  StreamInfo info;
  std::vector<Packet> packets;  // decode order
};

VideoPackets read_video(const std::string& path) {
  VideoPackets v;
  auto src = av::PacketSource::open(path);
  EXPECT_TRUE(src.ok()) << src.status().to_string();
  if (!src.ok()) return v;
  EXPECT_TRUE((*src)->prime().ok());
  int index = -1;
  for (size_t i = 0; i < (*src)->streams().size(); ++i) {
    if ((*src)->streams()[i].type == MediaType::kVideo) index = static_cast<int>(i);
  }
  EXPECT_GE(index, 0);
  if (index < 0) return v;
  v.info = (*src)->streams()[static_cast<size_t>(index)];
  for (;;) {
    auto p = (*src)->next();
    EXPECT_TRUE(p.ok()) << p.status().to_string();
    if (!p.ok() || !p->has_value()) break;
    if ((*p)->stream_index == index) v.packets.push_back(std::move(**p));
  }
  return v;
}

TestClipSpec clip_spec(double seconds, int gop_frames = 0) {
  TestClipSpec spec;
  spec.width = 320;
  spec.height = 240;
  spec.duration_seconds = seconds;
  spec.gop_frames = gop_frames;
  spec.audio = false;
  return spec;
}

// 8 s of 320x240 H.264 at 30 fps, a keyframe every 2 s (0, 2, 4, 6).
const VideoPackets& h264_clip() {
  static const VideoPackets v = read_video(testing::cached_clip("thumb-h264-8s", clip_spec(8)));
  return v;
}

Result<ThumbnailResult> collect(const VideoPackets& v, const ThumbnailOptions& options,
                                ThumbnailCollector::Stats* stats = nullptr) {
  SF_ASSIGN_OR_RETURN(auto collector, ThumbnailCollector::create(v.info, options));
  for (const Packet& p : v.packets) SF_RETURN_IF_ERROR(collector->add(p));
  auto r = collector->finish();
  if (stats) *stats = collector->stats();
  return r;
}

struct Picture {
  std::string codec;
  int width = 0, height = 0;
};

// Decodes a JPEG with FFmpeg (through the SDK's own reader) to prove it is a whole picture.
Picture decode_jpeg(const ByteBuffer& jpeg) {
  testing::TempDir dir;
  const std::string path = dir.file("picture.jpg");
  testing::write_file(path, std::string(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
  Picture pic;
  av::SourceReaderOptions options;
  options.audio = false;
  options.decoder_threads = 1;
  auto reader = av::SourceReader::open(path, options, CancelToken::none());
  EXPECT_TRUE(reader.ok()) << reader.status().to_string();
  if (!reader.ok()) return pic;
  pic.codec = (*reader)->video_info().codec_name;
  auto frame = (*reader)->next();
  EXPECT_TRUE(frame.ok()) << frame.status().to_string();
  if (!frame.ok() || !frame->has_value()) return pic;
  pic.width = (*frame)->frame.width();
  pic.height = (*frame)->frame.height();
  return pic;
}

// The RGB of pixel (x, y) of a JPEG, decoded by the ffmpeg CLI; empty when there is no ffmpeg.
std::vector<int> rgb_at(const ByteBuffer& jpeg, int x, int y) {
  testing::TempDir dir;
  const std::string path = dir.file("p.jpg");
  testing::write_file(path, std::string(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
  const std::string cmd = "ffmpeg -nostdin -v error -i '" + path + "' -vf crop=2:2:" + std::to_string(x) + ":" +
                          std::to_string(y) + " -frames:v 1 -f rawvideo -pix_fmt rgb24 - 2>/dev/null";
  std::vector<int> rgb;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    for (int c; rgb.size() < 3 && (c = std::fgetc(f)) != EOF;) rgb.push_back(c);
    ::pclose(f);
  }
  return rgb.size() == 3 ? rgb : std::vector<int>{};
}

std::vector<double> times_of(const std::vector<av::Thumbnail>& tiles) {
  std::vector<double> t;
  for (auto& x : tiles) t.push_back(std::round(x.time_seconds * 1000) / 1000);
  return t;
}

// Rule: one tile per multiple of the interval that a keyframe reaches, so with a keyframe at
// every multiple the count is ceil(duration / interval).
TEST(ThumbnailCollector, TilesSpriteAndWebvtt) {
  const VideoPackets& v = h264_clip();
  ASSERT_EQ(v.packets.size(), 240u);
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->tiles.size(), static_cast<size_t>(std::ceil(8.0 / 2.0)));
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 2, 4, 6}));
  EXPECT_EQ(r->tile_width, 160);
  EXPECT_EQ(r->tile_height, 120);
  EXPECT_EQ(r->columns, 5);
  EXPECT_EQ(r->rows, 5);
  ASSERT_EQ(r->sprite_count, 1);
  ASSERT_EQ(r->sprites.size(), 1u);
  for (size_t i = 0; i < r->tiles.size(); ++i) {
    EXPECT_EQ(r->tiles[i].sprite_index, 0);
    EXPECT_EQ(r->tiles[i].x, static_cast<int>(i) * 160);
    EXPECT_EQ(r->tiles[i].y, 0);
  }
  // The one, partial sheet is cut to the one row it uses: 5*160 x 1*120.
  Picture sheet = decode_jpeg(r->sprites[0]);
  EXPECT_EQ(sheet.codec, "mjpeg");
  EXPECT_EQ(sheet.width, 800);
  EXPECT_EQ(sheet.height, 120);

  EXPECT_EQ(r->webvtt("thumbnails/", 8.0),
            "WEBVTT\n\n"
            "00:00:00.000 --> 00:00:02.000\nthumbnails/sprite-1.jpg#xywh=0,0,160,120\n\n"
            "00:00:02.000 --> 00:00:04.000\nthumbnails/sprite-1.jpg#xywh=160,0,160,120\n\n"
            "00:00:04.000 --> 00:00:06.000\nthumbnails/sprite-1.jpg#xywh=320,0,160,120\n\n"
            "00:00:06.000 --> 00:00:08.000\nthumbnails/sprite-1.jpg#xywh=480,0,160,120\n\n");

  EXPECT_EQ(stats.packets, 240);
  EXPECT_EQ(stats.keyframes, 4);
  EXPECT_EQ(stats.decoded, 4);
  EXPECT_EQ(stats.decode_failures, 0);
  EXPECT_EQ(stats.raw_sheets_peak, 1);
}

TEST(ThumbnailResult, WebvttOfAHandBuiltResult) {
  ThumbnailResult r;
  r.tile_width = 160;
  r.tile_height = 90;
  r.columns = 2;
  r.rows = 1;
  r.interval_seconds = 10;
  r.tiles = {{0.04, 0, 0, 0}, {10.01, 0, 160, 0}, {3601.5, 1, 0, 0}};
  // The first cue starts at 0; the last one, whose start the duration does not pass, lasts an interval.
  EXPECT_EQ(r.webvtt("", 3601.5),
            "WEBVTT\n\n"
            "00:00:00.000 --> 00:00:10.010\nsprite-1.jpg#xywh=0,0,160,90\n\n"
            "00:00:10.010 --> 01:00:01.500\nsprite-1.jpg#xywh=160,0,160,90\n\n"
            "01:00:01.500 --> 01:00:11.500\nsprite-2.jpg#xywh=0,0,160,90\n\n");
  EXPECT_EQ(ThumbnailResult{}.webvtt("x/", 5), "WEBVTT\n\n");
}

// Keyframes every 0.5 s, a tile every 1 s: half of the keyframes are decoded; 8 tiles on
// 3x2 sheets make a full sheet and a last one cut to its one row.
TEST(ThumbnailCollector, SheetsFillAndTheLastIsCut) {
  static const VideoPackets v = read_video(testing::cached_clip("thumb-h264-gop15", clip_spec(8, 15)));
  ThumbnailOptions o;
  o.interval_seconds = 1;
  o.columns = 3;
  o.rows = 2;
  o.poster_fractions.clear();
  std::vector<std::pair<int, ByteBuffer>> handed_out;
  o.on_sprite = [&](int index, ByteBuffer jpeg) {
    handed_out.emplace_back(index, std::move(jpeg));
    return OkStatus();
  };
  ThumbnailCollector::Stats stats;
  auto r = collect(v, o, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.keyframes, 16);
  EXPECT_EQ(stats.decoded, 8);
  ASSERT_EQ(r->tiles.size(), 8u);
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(r->tiles[4].sprite_index, 0);
  EXPECT_EQ(r->tiles[4].x, 160);
  EXPECT_EQ(r->tiles[4].y, 120);
  EXPECT_EQ(r->tiles[7].sprite_index, 1);
  EXPECT_EQ(r->tiles[7].x, 160);
  EXPECT_EQ(r->tiles[7].y, 0);
  EXPECT_TRUE(r->sprites.empty());  // the callback took them as each sheet was finished
  EXPECT_EQ(r->sprite_count, 2);
  ASSERT_EQ(handed_out.size(), 2u);
  EXPECT_EQ(handed_out[0].first, 0);
  EXPECT_EQ(handed_out[1].first, 1);
  Picture full = decode_jpeg(handed_out[0].second);
  EXPECT_EQ(full.width, 480);
  EXPECT_EQ(full.height, 240);
  Picture last = decode_jpeg(handed_out[1].second);
  EXPECT_EQ(last.width, 480);
  EXPECT_EQ(last.height, 120);
  EXPECT_TRUE(r->posters.empty());
  EXPECT_NE(r->webvtt("", 8).find("00:00:07.000 --> 00:00:08.000\nsprite-2.jpg#xywh=160,0,160,120\n"), std::string::npos);

  // A failing sprite sink fails the call that finished the sheet.
  o.on_sprite = [](int, ByteBuffer) { return UnavailableError("storage down"); };
  auto failed = collect(v, o);
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
}

// Expected duration 8 s: targets 0.8, 2, 4, 6, 7.2 -> first keyframe at or after each: 2, 2, 4, 6;
// 7.2 is never reached, so it gets the last decoded keyframe (6).
TEST(ThumbnailCollector, PostersWithExpectedDuration) {
  ThumbnailOptions o;
  o.expected_duration_seconds = 8;
  auto r = collect(h264_clip(), o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->posters.size(), 5u);
  const double want[] = {2, 2, 4, 6, 6};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(r->posters[i].fraction, o.poster_fractions[i]);
    EXPECT_NEAR(r->posters[i].time_seconds, want[i], 1e-6) << i;
    EXPECT_EQ(r->posters[i].width, 320);
    EXPECT_EQ(r->posters[i].height, 240);
  }
  Picture p = decode_jpeg(r->posters[2].jpeg);
  EXPECT_EQ(p.codec, "mjpeg");
  EXPECT_EQ(p.width, 320);
  EXPECT_EQ(p.height, 240);
}

// Unknown duration: candidates at 0, 2, 4, 6; the duration seen is 8 s; nearest to 0.8, 2, 4, 6, 7.2.
TEST(ThumbnailCollector, PostersWithoutExpectedDuration) {
  ThumbnailOptions o;
  o.poster_width = 160;
  ThumbnailCollector::Stats stats;
  auto r = collect(h264_clip(), o, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decoded, 4);  // candidates share the tiles' decoding
  EXPECT_EQ(stats.poster_candidates, 4);
  ASSERT_EQ(r->posters.size(), 5u);
  const double want[] = {0, 2, 4, 6, 6};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(r->posters[i].time_seconds, want[i], 1e-6) << i;
    EXPECT_EQ(r->posters[i].width, 160);
    EXPECT_EQ(r->posters[i].height, 120);
  }
  Picture p = decode_jpeg(r->posters[4].jpeg);
  EXPECT_EQ(p.width, 160);
  EXPECT_EQ(p.height, 120);
}

// 80 keyframes (one every 0.1 s) with a 0.1 s interval: the candidate set fills, its spacing
// doubles, and it stays bounded; posters still land near their fractions.
TEST(ThumbnailCollector, PosterCandidatesStayBounded) {
  static const VideoPackets v = read_video(testing::cached_clip("thumb-h264-gop3", clip_spec(8, 3)));
  ThumbnailOptions o;
  o.interval_seconds = 0.1;
  o.tile_width = 32;
  o.poster_width = 64;
  ThumbnailCollector::Stats stats;
  auto r = collect(v, o, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.keyframes, 80);
  EXPECT_EQ(r->tiles.size(), 80u);
  EXPECT_EQ(r->sprite_count, 4);  // 25 + 25 + 25 + 5
  EXPECT_LE(stats.poster_candidates, ThumbnailCollector::kMaxPosterCandidates);
  EXPECT_GE(stats.poster_candidates, 32);
  ASSERT_EQ(r->posters.size(), 5u);
  for (auto& p : r->posters) EXPECT_NEAR(p.time_seconds, p.fraction * 8.0, 0.2) << p.fraction;
}

// A 20-minute title (the clip's four IDR pictures repeated with advancing timestamps, sprites
// handed out as they fill): one raw sheet at a time, candidates bounded after several doublings.
TEST(ThumbnailCollector, LongTitleStaysBounded) {
  const VideoPackets& clip = h264_clip();
  std::vector<Packet> idr;
  for (const Packet& p : clip.packets)
    if (p.keyframe) idr.push_back(p);
  ASSERT_EQ(idr.size(), 4u);
  ThumbnailOptions o;
  o.tile_width = 64;
  o.poster_width = 64;
  int sprites = 0;
  o.on_sprite = [&](int index, ByteBuffer jpeg) {
    EXPECT_EQ(index, sprites++);
    EXPECT_FALSE(jpeg.empty());
    return OkStatus();
  };
  auto c = ThumbnailCollector::create(clip.info, o);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  const int64_t two_seconds = rescale(2, {1, 1}, idr[0].time_base);
  int64_t most_candidates = 0;
  for (int i = 0; i < 600; ++i) {
    Packet p = idr[static_cast<size_t>(i % 4)];
    p.pts = p.dts = i * two_seconds;
    p.duration = two_seconds;
    ASSERT_TRUE((*c)->add(p).ok());
    most_candidates = std::max(most_candidates, (*c)->stats().poster_candidates);
  }
  auto r = (*c)->finish();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->tiles.size(), 600u);
  EXPECT_EQ(r->sprite_count, 24);
  EXPECT_EQ(sprites, 24);
  EXPECT_TRUE(r->sprites.empty());
  EXPECT_EQ((*c)->stats().raw_sheets_peak, 1);
  EXPECT_LE(most_candidates, ThumbnailCollector::kMaxPosterCandidates);
  EXPECT_GE((*c)->stats().poster_candidates, 32);
  // Candidate spacing is now 32 s (2 s doubled four times): each poster within half of it.
  ASSERT_EQ(r->posters.size(), 5u);
  for (auto& p : r->posters) EXPECT_NEAR(p.time_seconds, p.fraction * 1200, 16.0) << p.fraction;
  EXPECT_EQ(r->tiles.back().sprite_index, 23);
}

// 320x240 stored with a 4:3 sample aspect ratio is shown 426.7x240: tiles are 160x90.
TEST(ThumbnailCollector, TileHeightFollowsSampleAspectRatio) {
  TestClipSpec spec = clip_spec(4);
  spec.sample_aspect_ratio = {4, 3};
  const VideoPackets v = read_video(testing::cached_clip("thumb-sar", spec));
  ASSERT_EQ(v.info.sample_aspect_ratio, Rational(4, 3));
  auto r = collect(v, ThumbnailOptions{});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->tile_width, 160);
  EXPECT_EQ(r->tile_height, 90);
  ASSERT_EQ(r->tiles.size(), 2u);
  ASSERT_EQ(r->sprites.size(), 1u);
  Picture sheet = decode_jpeg(r->sprites[0]);
  EXPECT_EQ(sheet.width, 800);
  EXPECT_EQ(sheet.height, 90);
  ASSERT_FALSE(r->posters.empty());
  EXPECT_EQ(r->posters[0].width, 426);  // display width
  EXPECT_EQ(r->posters[0].height, 240);
}

// Limited-range video becomes full-range JPEG: black is 0 and white 255, both where the picture
// is scaled (tiles) and where it keeps its size (posters at the display width).
TEST(ThumbnailCollector, LevelsAreExpandedToFullRange) {
  if (std::system("ffmpeg -version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no ffmpeg CLI to decode pixels with";
  TestClipSpec spec = clip_spec(1);
  spec.pattern = "color=c=black:size={w}x{h}:rate={r}:duration={d},drawbox=x=160:y=0:w=160:h=240:color=white:t=fill";
  const VideoPackets v = read_video(testing::cached_clip("thumb-black-white", spec));
  auto r = collect(v, ThumbnailOptions{});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->sprites.size(), 1u);
  ASSERT_FALSE(r->posters.empty());
  ASSERT_EQ(r->posters[0].width, 320);
  for (const auto& [jpeg, black_x, white_x] :
       {std::tuple<const ByteBuffer&, int, int>{r->sprites[0], 40, 120}, {r->posters[0].jpeg, 80, 240}}) {
    std::vector<int> black = rgb_at(jpeg, black_x, 60), white = rgb_at(jpeg, white_x, 60);
    ASSERT_EQ(black.size(), 3u);
    ASSERT_EQ(white.size(), 3u);
    for (int c = 0; c < 3; ++c) {
      EXPECT_LE(black[static_cast<size_t>(c)], 3);
      EXPECT_GE(white[static_cast<size_t>(c)], 252);
    }
  }
}

// A source spliced from a 16:9 and a 4:3 part: the 4:3 tiles keep their shape on black bars, as
// the ladder's rungs do, instead of being stretched to the 16:9 tile size.
TEST(ThumbnailCollector, ASplicedPartOfAnotherShapeIsPillarboxed) {
  if (std::system("ffmpeg -version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no ffmpeg CLI to decode pixels with";
  testing::TempDir dir;
  TestClipSpec wide = clip_spec(2, 30);
  wide.width = 384;
  wide.height = 216;
  wide.start_seconds = 10;
  wide.pattern = "color=c=white:size={w}x{h}:rate={r}:duration={d}";
  TestClipSpec narrow = wide;
  narrow.width = 288;
  narrow.start_seconds = 12;
  ThumbnailOptions o;
  o.interval_seconds = 1;
  auto r = collect(read_video(testing::spliced_ts(dir, {wide, narrow})), o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->tile_width, 160);
  ASSERT_EQ(r->tile_height, 90);
  ASSERT_EQ(r->tiles.size(), 4u);
  ASSERT_EQ(r->sprites.size(), 1u);
  for (int k = 0; k < 4; ++k) {
    SCOPED_TRACE(k);
    // 4:3 in 160x90 is 120 wide: a bar of 20 columns on each side.
    const std::vector<int> edge = rgb_at(r->sprites[0], 160 * k + 4, 45);
    const std::vector<int> middle = rgb_at(r->sprites[0], 160 * k + 80, 45);
    ASSERT_EQ(edge.size(), 3u);
    ASSERT_EQ(middle.size(), 3u);
    EXPECT_GE(middle[0], 250);
    if (k < 2) {
      EXPECT_GE(edge[0], 250) << "16:9 part: white to the edge";
    } else {
      EXPECT_LE(edge[0], 5) << "4:3 part: black bar";
    }
  }
}

TEST(ThumbnailCollector, Vp9) {
  TestClipSpec spec = clip_spec(4);
  spec.video_codec = Codec::kVp9;
  const VideoPackets v = read_video(testing::cached_clip("thumb-vp9", spec, ".webm"));
  ASSERT_EQ(v.info.codec, Codec::kVp9);
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decode_failures, 0);
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 2}));
  ASSERT_EQ(r->sprites.size(), 1u);
  Picture sheet = decode_jpeg(r->sprites[0]);
  EXPECT_EQ(sheet.width, 800);
  EXPECT_EQ(sheet.height, 120);
  EXPECT_EQ(r->posters.size(), 5u);
}

TEST(ThumbnailCollector, Hevc) {
  TestClipSpec spec = clip_spec(4);
  spec.video_codec = Codec::kHevc;
  const VideoPackets v = read_video(testing::cached_clip("thumb-hevc", spec));
  ASSERT_EQ(v.info.codec, Codec::kHevc);
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decode_failures, 0);
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 2}));
  ASSERT_EQ(r->sprites.size(), 1u);
  Picture sheet = decode_jpeg(r->sprites[0]);
  EXPECT_EQ(sheet.width, 800);
  EXPECT_EQ(sheet.height, 120);
}

TEST(ThumbnailCollector, Av1) {
  TestClipSpec spec = clip_spec(2);
  spec.video_codec = Codec::kAv1;
  spec.width = 160;
  spec.height = 96;
  const VideoPackets v = read_video(testing::cached_clip("thumb-av1", spec));
  ASSERT_EQ(v.info.codec, Codec::kAv1);
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decode_failures, 0);
  ASSERT_EQ(r->tiles.size(), 1u);
  EXPECT_EQ(r->tile_height, 96);
  ASSERT_EQ(r->sprites.size(), 1u);
  EXPECT_EQ(decode_jpeg(r->sprites[0]).height, 96);
}

// Non-keyframes never reach the decoder: garbage in them changes nothing.
TEST(ThumbnailCollector, NonKeyframesAreIgnored) {
  VideoPackets v = h264_clip();
  std::mt19937 rng(7);
  for (Packet& p : v.packets) {
    if (p.keyframe) continue;
    ByteBuffer junk(p.data.size());
    for (auto& b : junk.vector()) b = static_cast<uint8_t>(rng());
    p.data = SharedBytes(std::move(junk));
  }
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decoded, 4);
  EXPECT_EQ(stats.decode_failures, 0);
  EXPECT_EQ(r->tiles.size(), 4u);

  // Only non-keyframes: nothing decoded, an empty result rather than an error.
  VideoPackets deltas{v.info, {}};
  for (const Packet& p : v.packets)
    if (!p.keyframe) deltas.packets.push_back(p);
  auto empty = collect(deltas, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(empty.ok()) << empty.status().to_string();
  EXPECT_EQ(stats.decoded, 0);
  EXPECT_TRUE(empty->tiles.empty());
  EXPECT_TRUE(empty->sprites.empty());
  EXPECT_EQ(empty->sprite_count, 0);
  EXPECT_TRUE(empty->posters.empty());
  EXPECT_EQ(empty->webvtt("", 8), "WEBVTT\n\n");
}

// A keyframe of garbage is skipped with a warning; the next keyframe takes its place.
TEST(ThumbnailCollector, CorruptKeyframesAreSkipped) {
  VideoPackets v = h264_clip();
  std::mt19937 rng(11);
  int keyframe = 0;
  for (Packet& p : v.packets) {
    if (!p.keyframe) continue;
    if (keyframe == 1) {  // the one at 2 s: random bytes
      ByteBuffer junk(p.data.size());
      for (auto& b : junk.vector()) b = static_cast<uint8_t>(rng());
      p.data = SharedBytes(std::move(junk));
    }
    ++keyframe;
  }
  ThumbnailCollector::Stats stats;
  auto r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decode_failures, 1);
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 4, 6}));
  EXPECT_EQ(r->sprites.size(), 1u);

  // Other hostile keyframes: empty, truncated, no timestamp. None fails the collection.
  v = h264_clip();
  keyframe = 0;
  for (Packet& p : v.packets) {
    if (!p.keyframe) continue;
    if (keyframe == 1) p.data = SharedBytes();
    if (keyframe == 2) p.data = SharedBytes::copy_of(p.data.view().subspan(0, p.data.size() / 3));
    if (keyframe == 3) p.pts = p.dts = kNoTimestamp;
    ++keyframe;
  }
  r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_GE(r->tiles.size(), 1u);
  EXPECT_LE(r->tiles.size(), 2u);  // 0, and the truncated one at 4 s if the decoder conceals it cleanly
  EXPECT_EQ(r->tiles[0].time_seconds, 0);
  for (auto& p : r->posters) EXPECT_FALSE(p.jpeg.empty());

  // Garbage inside the slice data of the keyframe at 2 s (its NAL lengths intact): the decoder
  // either rejects it or reports a damaged picture, which is skipped like an undecodable one.
  v = h264_clip();
  keyframe = 0;
  for (Packet& p : v.packets) {
    if (!p.keyframe) continue;
    if (keyframe == 1) {
      ByteBuffer damaged(p.data.view());
      for (size_t i = damaged.size() / 2; i < damaged.size() * 3 / 4; ++i) damaged.data()[i] = static_cast<uint8_t>(rng());
      p.data = SharedBytes(std::move(damaged));
    }
    ++keyframe;
  }
  r = collect(v, ThumbnailOptions{}, &stats);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(stats.decode_failures, 1);
  EXPECT_EQ(times_of(r->tiles), (std::vector<double>{0, 4, 6}));
}

TEST(ThumbnailCollector, RejectsBadOptionsAndUnsupportedCodecs) {
  const StreamInfo& info = h264_clip().info;
  ThumbnailOptions o;
  o.tile_width = 161;
  EXPECT_EQ(ThumbnailCollector::create(info, o).status().field(), "tile_width");
  o = {};
  o.interval_seconds = 0;
  EXPECT_EQ(ThumbnailCollector::create(info, o).status().field(), "interval_seconds");
  o = {};
  o.jpeg_quality = 40;
  EXPECT_EQ(ThumbnailCollector::create(info, o).status().field(), "jpeg_quality");
  o = {};
  o.poster_fractions = {0.5, 1.5};
  EXPECT_EQ(ThumbnailCollector::create(info, o).status().field(), "poster_fractions[1]");

  StreamInfo other = info;
  other.codec = Codec::kOther;
  other.codec_name = "mpeg2video";
  auto unsupported = ThumbnailCollector::create(other, {});
  EXPECT_EQ(unsupported.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(unsupported.status().message().find("mpeg2video"), std::string::npos);

  StreamInfo no_config = info;
  no_config.extradata = SharedBytes();
  EXPECT_EQ(ThumbnailCollector::create(no_config, {}).status().field(), "extradata");

  StreamInfo audio;
  audio.type = MediaType::kAudio;
  audio.codec = Codec::kAac;
  EXPECT_EQ(ThumbnailCollector::create(audio, {}).status().code(), StatusCode::kInvalidArgument);

  auto c = ThumbnailCollector::create(info, {});
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE((*c)->finish().ok());
  EXPECT_EQ((*c)->finish().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*c)->add(h264_clip().packets[0]).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace streamforge

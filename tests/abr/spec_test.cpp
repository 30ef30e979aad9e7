// AbrLadder / AbrConfig as values: JSON round trips and field-named errors. Trace and video loaders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "abr_test_util.h"
#include "streamforge/abr/abr_config.h"
#include "streamforge/abr/ladder.h"
#include "streamforge/abr/plot.h"
#include "streamforge/abr/trace.h"
#include "streamforge/abr/video_sizes.h"

namespace streamforge::abr {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("sf_abr_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

TEST(AbrConfig, JsonRoundTripAndDefaults) {
  AbrConfig a;
  a.algorithm = "bola";
  a.bola.stable_buffer_seconds = 20;
  a.device.codecs = {"h264", "hevc"};
  a.cap.data_saver = true;
  auto b = AbrConfig::from_json(a.to_json());
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(b->to_json(), a.to_json());
  EXPECT_EQ(b->device.codecs, (std::vector<std::string>{"h264", "hevc"}));
  auto d = AbrConfig::from_json("{}");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->algorithm, "streamforge");
  EXPECT_EQ(d->mpc.horizon, 5);
  EXPECT_EQ(abr_algorithm_names().front(), "streamforge");
}

struct BadCase {
  const char* json;
  const char* field;
};
class AbrConfigErrors : public ::testing::TestWithParam<BadCase> {};
TEST_P(AbrConfigErrors, NameTheField) {
  auto r = AbrConfig::from_json(GetParam().json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), GetParam().field) << r.status().to_string();
}
INSTANTIATE_TEST_SUITE_P(
    Cases, AbrConfigErrors,
    ::testing::Values(BadCase{R"({"algorithm": "oracle"})", "algorithm"},
                      BadCase{R"({"algoritm": "bba"})", "algoritm"},
                      BadCase{R"({"bola": {"safety_factor": "high"}})", "bola.safety_factor"},
                      BadCase{R"({"bola": {"safty_factor": 0.9}})", "bola.safty_factor"},
                      BadCase{R"({"mpc": {"horizon": 9}})", "mpc.horizon"},
                      BadCase{R"({"mpc": {"horizon": 2.5}})", "mpc.horizon"},
                      BadCase{R"({"bba": {"cushion_seconds": 0}})", "bba.cushion_seconds"},
                      BadCase{R"({"streamforge": {"scenarios": 0}})", "streamforge.scenarios"},
                      BadCase{R"({"streamforge": {"collapse_share": 1}})", "streamforge.collapse_share"},
                      BadCase{R"({"streamforge": {"persistence": 1.5}})", "streamforge.persistence"},
                      BadCase{R"({"objective": {"utility": "quadratic"}})", "objective.utility"},
                      BadCase{R"({"device": {"codecs": "h264"}})", "device.codecs"},
                      BadCase{R"({"cap": {"max_bitrate_kbps": -1}})", "cap.max_bitrate_kbps"},
                      BadCase{R"({"throughput": []})", "throughput"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return "case" + std::to_string(info.index); });

TEST(AbrLadder, JsonRoundTripAndErrors) {
  AbrLadder l = AbrLadder::pensieve_reference();
  l.renditions[0].segment_bytes = {100, 200};
  l.renditions[5].hdr = true;
  auto back = AbrLadder::from_json(l.to_json());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->to_json(), l.to_json());
  EXPECT_EQ(back->segment_size(0, 1), 200);
  EXPECT_EQ(back->segment_size(0, 7), 300 * 1000 / 8 * 4);  // nominal past the known sizes
  EXPECT_EQ(back->known_segments(), 0);                      // not every rendition has sizes
  EXPECT_EQ(AbrLadder::from_json(R"({"renditions": [{"bitrate_kbps": 0}]})").status().field(),
            "renditions[0].bitrate_kbps");
  EXPECT_EQ(AbrLadder::from_json(R"({"renditions": [{"bitrate_kbps": 100, "segment_bytes": [1, -2]}]})").status().field(),
            "renditions[0].segment_bytes[1]");
  EXPECT_EQ(AbrLadder::from_json(R"({"renditions": []})").status().field(), "renditions");
  EXPECT_EQ(AbrLadder::from_json(R"({"segment_seconds": 0, "renditions": [{"bitrate_kbps": 1}]})").status().field(),
            "segment_seconds");
  EXPECT_FALSE(AbrLadder::from_json("{").ok());
}

TEST(Traces, ParseAndReject) {
  auto t = parse_trace("0.0\t1.5\n1.0 2.5\n\n3.0 0.5\n", "ok");
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  EXPECT_EQ(t->time_s.size(), 3u);
  EXPECT_NEAR(t->mean_mbps(), (2.5 * 1 + 0.5 * 2) / 3, 1e-12);
  EXPECT_EQ(t->mbps_at(0.5), 2.5);
  EXPECT_EQ(t->mbps_at(2.0), 0.5);
  EXPECT_EQ(t->mbps_at(3.5), 2.5);  // wraps
  EXPECT_FALSE(parse_trace("0 1\n1 x\n", "bad").ok());
  EXPECT_NE(parse_trace("0 1\n1 x\n", "bad").status().message().find("bad:2"), std::string::npos);
  EXPECT_FALSE(parse_trace("0 1\n2 1\n1 1\n", "back").ok());
  EXPECT_FALSE(parse_trace("0 1\n1 -1\n", "neg").ok());
  EXPECT_FALSE(parse_trace("0 1\n", "short").ok());
  EXPECT_FALSE(parse_trace("0 5\n1 0\n2 0\n", "dead").ok());  // would never deliver a byte
}

TEST(Traces, LoadFolderWithGlob) {
  TempDir d;
  d.file("trace_1", "0 1\n1 1\n");
  d.file("trace_2", "0 1\n1 2\n");
  d.file("bus.log", "0 1\n1 3\n");
  auto all = load_traces(d.str());
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "bus.log");  // sorted by name
  auto fcc = load_traces(d.str(), "trace_*");
  ASSERT_TRUE(fcc.ok());
  EXPECT_EQ(fcc->size(), 2u);
  EXPECT_EQ(load_traces(d.str(), "nothing*").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(load_traces(d.str() + "/missing").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(glob_match("a*c?e", "abbbcde"));
  EXPECT_FALSE(glob_match("a*c?e", "abbbce"));
  EXPECT_TRUE(glob_match("*", ""));
}

TEST(VideoSizes, FolderOfSizeFiles) {
  TempDir d;
  for (int i = 0; i < 6; ++i) d.file("v/video_size_" + std::to_string(i), "100\n200\n\n");
  auto l = load_video(d.str() + "/v");
  ASSERT_TRUE(l.ok()) << l.status().to_string();
  ASSERT_EQ(l->renditions.size(), 6u);
  EXPECT_EQ(l->renditions[5].bitrate_kbps, 4300);  // the reference ladder's bitrates for 6 files
  EXPECT_EQ(l->known_segments(), 2);
  d.file("w/video_size_0", "1000\n3000\n");  // one file: bitrate from the mean size: 2000 B / 4 s
  auto one = load_video_sizes(d.str() + "/w");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->renditions[0].bitrate_kbps, 4);
  d.file("x/video_size_0", "12\nabc\n");
  EXPECT_FALSE(load_video_sizes(d.str() + "/x").ok());
  EXPECT_EQ(load_video(d.str() + "/nothing").status().code(), StatusCode::kNotFound);
}

TEST(VideoSizes, PackagedTitleFromSummary) {
  TempDir d;
  // The packager's layout: summary.json, <id>/playlist.m3u8 and its segments (or byte ranges).
  d.file("pkg/720p/init.mp4", "init");
  d.file("pkg/720p/seg-00001.m4s", std::string(4000, 'a'));
  d.file("pkg/720p/seg-00002.m4s", std::string(6000, 'b'));
  d.file("pkg/720p/playlist.m3u8",
         "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4.000000,\nseg-00001.m4s\n#EXTINF:4.000000,\nseg-00002.m4s\n#EXT-X-ENDLIST\n");
  d.file("pkg/360p/playlist.m3u8",
         "#EXTM3U\n#EXTINF:4.0,\n#EXT-X-BYTERANGE:1500@800\n360p.mp4\n#EXTINF:4.0,\n#EXT-X-BYTERANGE:2500\n360p.mp4\n");
  d.file("pkg/summary.json", R"({"storage": "file:///x", "renditions": [
    {"id": "720p", "type": "video", "codecs": "avc1.64001f", "width": 1280, "height": 720, "average_bitrate": 2000000,
     "segment_count": 2, "duration_seconds": 8.0, "hls_playlist": "720p/playlist.m3u8"},
    {"id": "audio_aac_128k", "type": "audio", "codecs": "mp4a.40.2", "average_bitrate": 128000},
    {"id": "360p", "type": "video", "codecs": "avc1.4d401e", "width": 640, "height": 360, "average_bitrate": 600000,
     "segment_count": 2, "duration_seconds": 8.0, "hls_playlist": "360p/playlist.m3u8"}]})");
  auto l = load_video(d.str() + "/pkg");
  ASSERT_TRUE(l.ok()) << l.status().to_string();
  ASSERT_EQ(l->renditions.size(), 2u);  // audio left out
  EXPECT_EQ(l->renditions[0].id, "360p");  // sorted by bitrate
  EXPECT_EQ(l->renditions[0].segment_bytes, (std::vector<uint64_t>{1500, 2500}));
  EXPECT_EQ(l->renditions[1].segment_bytes, (std::vector<uint64_t>{4000, 6000}));
  EXPECT_EQ(l->renditions[1].bitrate_kbps, 2000);
  EXPECT_EQ(l->renditions[1].height, 720);
  EXPECT_DOUBLE_EQ(l->segment_seconds, 4.0);
  d.file("bad/summary.json", R"({"renditions": [{"type": "video", "width": "wide"}]})");
  EXPECT_EQ(load_package_ladder(d.str() + "/bad").status().code(), StatusCode::kInvalidArgument);
  d.file("bad2/summary.json", R"({"renditions": [{"type": "video", "average_bitrate": 0}]})");
  EXPECT_EQ(load_package_ladder(d.str() + "/bad2/summary.json").status().field(), "renditions[0].average_bitrate");
}

// A summary or playlist names files inside the title folder only; numbers beyond their fields
// are refused rather than wrapped.
TEST(VideoSizes, SummaryAndPlaylistNamesStayInsideTheTitle) {
  TempDir d;
  auto summary = [&](const std::string& dir, const std::string& rendition) {
    d.file(dir + "/summary.json", R"({"renditions": [)" + rendition + "]}");
    return load_package_ladder(d.str() + "/" + dir);
  };
  for (const char* playlist : {"../other/playlist.m3u8", "/etc/playlist.m3u8", "a//b.m3u8", ".hidden.m3u8"}) {
    auto l = summary("up", std::string(R"({"type": "video", "average_bitrate": 600000, "hls_playlist": ")") + playlist +
                               R"("})");
    ASSERT_FALSE(l.ok()) << playlist;
    EXPECT_EQ(l.status().field(), "renditions[0].hls_playlist") << playlist;
  }
  d.file("abs/v/playlist.m3u8", "#EXTM3U\n#EXTINF:4,\n/etc/hostname\n");
  auto abs = summary("abs", R"({"type": "video", "average_bitrate": 600000, "hls_playlist": "v/playlist.m3u8"})");
  ASSERT_FALSE(abs.ok());
  EXPECT_NE(abs.status().message().find("not a file beside the playlist"), std::string::npos) << abs.status().message();
  auto wide = summary("wide", R"({"type": "video", "average_bitrate": 600000, "width": 4294967296})");
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().field(), "renditions[0].width");
  auto fast = summary("fast", R"({"type": "video", "average_bitrate": 1e300})");
  ASSERT_FALSE(fast.ok());
  EXPECT_EQ(fast.status().field(), "renditions[0].average_bitrate");
}

TEST(Plot, SvgHasBothPanelsAndEveryAlgorithm) {
  AbrLadder video = abrtest::reference_video();
  NetworkTrace t = abrtest::step_trace(3, 60, 0.4);
  std::vector<SessionLog> logs;
  for (const char* a : {"streamforge", "bola"}) {
    auto c = abrtest::make(a, video);
    auto log = simulate(*c, t);
    ASSERT_TRUE(log.ok());
    logs.push_back(*log);
  }
  std::string svg = sessions_svg(logs, t);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find(">streamforge<"), std::string::npos);
  EXPECT_NE(svg.find(">bola<"), std::string::npos);
  EXPECT_NE(svg.find("buffer (s)"), std::string::npos);
  EXPECT_NE(svg.find("fill-opacity=\"0.12\""), std::string::npos);  // a stall is shaded
}

}  // namespace
}  // namespace streamforge::abr

// Cross-checks with Debian's FFmpeg CLI: a TS made by FFmpeg is taken apart with TsReader, turned
// into streamforge samples (length-prefixed NAL units + avcC/hvcC, raw AAC + AudioSpecificConfig),
// written again with TsMuxer, and ffprobe/ffmpeg must read the result without a complaint and see
// the same packets and timestamps as in FFmpeg's own file. Skipped when ffprobe is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/ts/adts.h"
#include "streamforge/ts/ts_muxer.h"
#include "streamforge/ts/ts_reader.h"
#include "streamforge/ts/video_payload.h"
#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

namespace fs = std::filesystem;

bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

struct CommandRun {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class TempFiles {
 public:
  TempFiles() {
    static int n = 0;
    dir_ = fs::temp_directory_path() / ("sf-ts-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir_);
  }
  ~TempFiles() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path operator/(const std::string& name) const { return dir_ / name; }

  CommandRun run(const std::string& command) const {
    CommandRun r;
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    r.status = std::system((command + " >" + out.string() + " 2>" + err.string()).c_str());
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

 private:
  fs::path dir_;
};

void write_binary(const fs::path& p, ByteView bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

struct ProbedPacket {
  int stream = 0;
  std::string pts, dts, flags;
  bool operator==(const ProbedPacket&) const = default;
};

// ffprobe's packets, sorted by stream then decode order.
std::vector<ProbedPacket> probe_packets(const std::string& text) {
  std::vector<ProbedPacket> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("stream_index=") == std::string::npos) continue;  // blank side-data lines
    ProbedPacket p;
    std::istringstream fields(line);
    std::string kv;
    while (std::getline(fields, kv, '|')) {
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) continue;
      const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
      if (k == "stream_index") p.stream = std::stoi(v);
      if (k == "pts") p.pts = v;
      if (k == "dts") p.dts = v;
      if (k == "flags") p.flags = v;
    }
    out.push_back(p);
  }
  std::stable_sort(out.begin(), out.end(), [](const ProbedPacket& a, const ProbedPacket& b) { return a.stream < b.stream; });
  return out;
}

// FFmpeg's TS taken apart into what a streamforge pipeline hands the muxer.
struct Elementary {
  std::vector<TsStreamConfig> configs;
  std::vector<TsSample> samples;  // in DTS order across streams
};

Elementary take_apart(ByteView ts, Codec video_codec) {
  Elementary e;
  auto r = read_transport_stream(ts);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  if (!r.ok()) return e;
  const TsPmtEvent* pmt = r->first_pmt();
  EXPECT_NE(pmt, nullptr);
  if (!pmt) return e;
  for (const auto& s : pmt->pmt.streams) {
    const int index = static_cast<int>(e.configs.size());
    const auto pes = r->pes_packets(s.elementary_pid);
    EXPECT_FALSE(pes.empty());
    if (pes.empty()) return e;
    if (s.stream_type == kStreamTypeAdtsAac) {
      auto first = split_adts_frames(pes[0]->payload);
      EXPECT_TRUE(first.ok() && !first->empty());
      auto asc = (*first)[0].header.to_audio_specific_config().serialize();
      e.configs.push_back({Codec::kAac, SharedBytes(std::move(*asc)), ""});
      for (const TsPesEvent* p : pes) {
        auto frames = split_adts_frames(p->payload);
        EXPECT_TRUE(frames.ok());
        int64_t pts = *p->pts;
        for (const AdtsFrame& f : *frames) {
          e.samples.push_back({index, SharedBytes::copy_of(f.payload), pts, pts, true});
          pts += 1024 * 90000 / aac_sampling_frequency(f.header.sampling_frequency_index);
        }
      }
    } else {
      // The configuration record from the first keyframe's in-band parameter sets.
      ByteBuffer record;
      if (video_codec == Codec::kH264) {
        auto avcc = AvcDecoderConfigurationRecord::from_annexb_parameter_sets(pes[0]->payload);
        EXPECT_TRUE(avcc.ok()) << avcc.status().to_string();
        record = *avcc->serialize();
      } else {
        auto hvcc = HevcDecoderConfigurationRecord::from_annexb_parameter_sets(pes[0]->payload);
        EXPECT_TRUE(hvcc.ok()) << hvcc.status().to_string();
        record = *hvcc->serialize();
      }
      e.configs.push_back({video_codec, SharedBytes(std::move(record)), ""});
      for (const TsPesEvent* p : pes) {
        auto sample = annexb_payload_to_sample(video_codec, p->payload, true);
        EXPECT_TRUE(sample.ok()) << sample.status().to_string();
        e.samples.push_back({index, SharedBytes(std::move(*sample)), *p->pts, p->dts.value_or(*p->pts), p->random_access});
      }
    }
  }
  std::stable_sort(e.samples.begin(), e.samples.end(), [](const TsSample& a, const TsSample& b) { return a.dts < b.dts; });
  return e;
}

// Muxes with a new segment at every video keyframe.
ByteBuffer mux(const Elementary& e) {
  auto muxer = TsMuxer::create(e.configs);
  EXPECT_TRUE(muxer.ok()) << muxer.status().to_string();
  ByteBuffer out;
  bool started = false;
  for (const TsSample& s : e.samples) {
    if (!started || (s.keyframe && e.configs[static_cast<size_t>(s.stream)].codec != Codec::kAac)) {
      muxer->begin_segment(out);
      started = true;
    }
    EXPECT_TRUE(muxer->write(s, out).ok());
  }
  return out;
}

void cross_check(const TempFiles& tmp, const fs::path& reference, Codec video_codec, const char* video_name) {
  const ByteBuffer original = test::read_binary(reference);
  ASSERT_FALSE(original.empty()) << reference;
  const Elementary e = take_apart(original, video_codec);
  ASSERT_EQ(e.configs.size(), 2u);
  const ByteBuffer ours = mux(e);
  const fs::path path = tmp / "ours.ts";
  write_binary(path, ours);

  const std::string probe = "ffprobe -v error -show_entries packet=stream_index,pts,dts,flags -of compact=p=0 ";
  const CommandRun theirs_probe = tmp.run(probe + reference.string());
  const CommandRun ours_probe = tmp.run(probe + path.string());
  ASSERT_EQ(ours_probe.status, 0) << ours_probe.err;
  EXPECT_EQ(ours_probe.err, "") << "ffprobe complained about our stream";
  const auto expected = probe_packets(theirs_probe.out);
  const auto got = probe_packets(ours_probe.out);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < std::min(got.size(), expected.size()); ++i) {
    EXPECT_EQ(got[i].stream, expected[i].stream) << i;
    EXPECT_EQ(got[i].pts, expected[i].pts) << i;
    EXPECT_EQ(got[i].dts, expected[i].dts) << i;
    EXPECT_EQ(got[i].flags.substr(0, 1), expected[i].flags.substr(0, 1)) << i;
  }

  const CommandRun streams = tmp.run("ffprobe -v error -show_streams -of compact=p=0 " + path.string());
  EXPECT_EQ(streams.err, "");
  std::vector<std::string> stream_lines;
  std::istringstream lines(streams.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("codec_name=") != std::string::npos) stream_lines.push_back(line);
  }
  ASSERT_EQ(stream_lines.size(), 2u) << streams.out;
  EXPECT_NE(stream_lines[0].find(std::string("codec_name=") + video_name + "|"), std::string::npos) << stream_lines[0];
  for (const char* want : {"codec_name=aac|", "|profile=LC|", "|sample_rate=48000|", "|channels=2|"}) {
    EXPECT_NE(stream_lines[1].find(want), std::string::npos) << want << " in " << stream_lines[1];
  }

  // Decodes without a single error message.
  const CommandRun decode = tmp.run("ffmpeg -nostdin -v error -i " + path.string() + " -f null -");
  EXPECT_EQ(decode.status, 0);
  EXPECT_EQ(decode.err, "") << "ffmpeg decode errors";
}

TEST(FfmpegInterop, H264AndAacRewrittenByTsMuxer) {
  if (!have_tool("ffprobe") || !have_tool("ffmpeg")) GTEST_SKIP() << "ffprobe/ffmpeg not installed";
  TempFiles tmp;
  cross_check(tmp, test::corpus_dir() / "ffmpeg_h264_aac.ts", Codec::kH264, "h264");
}

TEST(FfmpegInterop, HevcAndAacRewrittenByTsMuxer) {
  if (!have_tool("ffprobe") || !have_tool("ffmpeg")) GTEST_SKIP() << "ffprobe/ffmpeg not installed";
  TempFiles tmp;
  const fs::path reference = tmp / "hevc.ts";
  const CommandRun make = tmp.run(
      "ffmpeg -nostdin -v error -f lavfi -i testsrc=size=64x64:rate=10 -f lavfi -i sine=sample_rate=48000 -t 0.6 "
      "-c:v libx265 -x265-params log-level=none:keyint=3 -pix_fmt yuv420p -c:a aac -ac 2 -f mpegts " +
      reference.string());
  if (make.status != 0) GTEST_SKIP() << "this FFmpeg cannot encode HEVC: " << make.err;
  cross_check(tmp, reference, Codec::kHevc, "hevc");
}

TEST(FfmpegInterop, PlainFfmpegReadsEverySegmentAlone) {
  if (!have_tool("ffprobe")) GTEST_SKIP() << "ffprobe not installed";
  TempFiles tmp;
  const Elementary e = take_apart(test::read_binary(test::corpus_dir() / "ffmpeg_h264_aac.ts"), Codec::kH264);
  ASSERT_EQ(e.configs.size(), 2u);
  auto muxer = TsMuxer::create(e.configs);
  ASSERT_TRUE(muxer.ok());
  std::vector<ByteBuffer> segments;
  for (const TsSample& s : e.samples) {
    if (segments.empty() || (s.stream == 0 && s.keyframe)) {
      segments.emplace_back();
      muxer->begin_segment(segments.back());
    }
    ASSERT_TRUE(muxer->write(s, segments.back()).ok());
  }
  ASSERT_GE(segments.size(), 2u);
  const fs::path second = tmp / "segment1.ts";
  write_binary(second, segments[1]);
  const CommandRun decode = tmp.run("ffmpeg -nostdin -v error -i " + second.string() + " -f null -");
  EXPECT_EQ(decode.status, 0);
  EXPECT_EQ(decode.err, "");
}

}  // namespace
}  // namespace streamforge::ts

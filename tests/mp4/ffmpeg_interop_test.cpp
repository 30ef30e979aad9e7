// Cross-checks with Debian's FFmpeg CLI: real libx264 / AAC packets from an FFmpeg fragmented MP4
// are parsed with read_init_segment / read_fragment, rewritten per track with write_init_segment /
// write_fragment_header (init + 2 fragments), and ffprobe must read the result with the expected
// codec, dimensions, timescale and packet count, and the same timestamps, durations, sizes and
// keyframes as FFmpeg's own single-track fragmented MP4 of the same packets.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("sf-mp4-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, ByteView bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

bool have_ffmpeg() { return std::system("ffmpeg -version > /dev/null 2>&1 && ffprobe -version > /dev/null 2>&1") == 0; }

// ffprobe's view of one stream: stream fields and its packets.
nlohmann::json probe(const std::string& path, const std::string& stream) {
  const std::string out = path + "." + stream + ".json";
  const std::string cmd = "ffprobe -v error -select_streams " + stream +
                          " -count_packets -show_entries stream=codec_name,width,height,time_base,nb_read_packets,"
                          "sample_rate,channels:packet=pts,dts,duration,size,flags -of json '" +
                          path + "' > '" + out + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return nlohmann::json::parse(read_file(out), nullptr, false);
}

// A field of an ffprobe JSON object, null when absent (ffprobe omits unknown values).
nlohmann::json field(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) ? object.at(key) : nlohmann::json();
}

struct TrackSamples {
  std::vector<FragmentSample> samples;
  std::vector<ByteBuffer> payloads;
  uint64_t first_decode_time = 0;
};

Codec codec_of(FourCC type) {
  if (type == FourCC("avc1") || type == FourCC("avc3")) return Codec::kH264;
  if (type == FourCC("mp4a")) return Codec::kAac;
  return Codec::kUnknown;
}

TEST(FfmpegInterop, RewrittenH264AndAacReadTheSameInFfprobe) {
  if (!have_ffmpeg()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  TempDir dir;
  const std::string source = dir.file("source.mp4");
  const std::string cmd =
      "ffmpeg -v error -y -f lavfi -i testsrc=size=64x64:rate=10 -f lavfi -i sine=frequency=440:sample_rate=48000 "
      "-t 1 -c:v libx264 -g 5 -bf 2 -c:a aac -b:a 64k -movflags frag_keyframe+empty_moov+default_base_moof '" +
      source + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string bytes = read_file(source);
  const ByteView data(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());

  auto init = read_init_segment(data);
  ASSERT_TRUE(init.ok()) << init.status().to_string();
  ASSERT_EQ(init->tracks.size(), 2u);

  // Every fragment of FFmpeg's file (each moof holds a traf per track).
  std::map<uint32_t, TrackSamples> tracks;
  auto scan = scan_top_level_boxes(data);
  ASSERT_TRUE(scan.ok());
  int fragments = 0;
  for (const auto& box : scan->boxes) {
    if (box.header.type != FourCC("moof")) continue;
    auto f = read_fragment(data.subspan(box.offset), &*init);
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    ++fragments;
    for (const ParsedTrackFragment& t : f->tracks) {
      TrackSamples& out = tracks[t.track_id];
      if (out.samples.empty()) out.first_decode_time = t.base_media_decode_time.value_or(0);
      for (const ParsedSample& s : t.samples) {
        out.samples.push_back({s.size, s.duration, static_cast<int32_t>(s.composition_offset), s.sync});
        out.payloads.emplace_back(data.subspan(box.offset + s.offset, s.size));
      }
    }
  }
  ASSERT_EQ(fragments, 2);

  for (const ParsedTrack& parsed : init->tracks) {
    SCOPED_TRACE("track " + std::to_string(parsed.track_id) + " " + parsed.codec_type.to_string());
    TrackDescription t;
    t.stream.codec = codec_of(parsed.codec_type);
    ASSERT_NE(t.stream.codec, Codec::kUnknown);
    t.stream.type = parsed.handler_type == FourCC("vide") ? MediaType::kVideo : MediaType::kAudio;
    t.stream.extradata = SharedBytes::copy_of(parsed.codec_config);
    t.stream.width = parsed.width;
    t.stream.height = parsed.height;
    t.stream.sample_rate = static_cast<int>(parsed.sample_rate);
    t.stream.channels = parsed.channel_count;
    t.track_id = parsed.track_id;
    t.timescale = parsed.timescale;
    t.edit_media_time = parsed.edit_media_time;
    auto out = write_init_segment(t);
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    ByteBuffer file = std::move(out).value();

    // Two fragments: the second starts at the second keyframe (video) or half way (audio).
    const TrackSamples& ts = tracks[parsed.track_id];
    ASSERT_GT(ts.samples.size(), 2u);
    size_t split = ts.samples.size() / 2;
    if (t.stream.type == MediaType::kVideo) {
      for (size_t i = 1; i < ts.samples.size(); ++i) {
        if (ts.samples[i].sync) {
          split = i;
          break;
        }
      }
    }
    uint64_t decode_time = ts.first_decode_time;
    for (int part = 0; part < 2; ++part) {
      const size_t begin = part == 0 ? 0 : split, end = part == 0 ? split : ts.samples.size();
      FragmentDescription f;
      f.sequence_number = static_cast<uint32_t>(part + 1);
      f.track_id = t.track_id;
      f.base_media_decode_time = decode_time;
      f.samples.assign(ts.samples.begin() + static_cast<long>(begin), ts.samples.begin() + static_cast<long>(end));
      for (const FragmentSample& s : f.samples) decode_time += s.duration;
      auto header = write_fragment_header(f);
      ASSERT_TRUE(header.ok()) << header.status().to_string();
      file.append(*header);
      for (size_t i = begin; i < end; ++i) file.append(ts.payloads[i]);
    }
    const std::string rewritten = dir.file("track" + std::to_string(t.track_id) + ".mp4");
    write_file(rewritten, file.view());

    // The reference: FFmpeg's own fragmented MP4 of the same single stream (stream copy). (Compared
    // with the two-track source, ffprobe reports no duration for the first packet of a lone AAC
    // track, ours and FFmpeg's alike.)
    const std::string selector = t.stream.type == MediaType::kVideo ? "v:0" : "a:0";
    const std::string reference = dir.file("reference" + std::to_string(t.track_id) + ".mp4");
    const std::string remux = "ffmpeg -v error -y -i '" + source + "' -map 0:" + selector +
                              " -c copy -movflags frag_keyframe+empty_moov+default_base_moof '" + reference + "'";
    ASSERT_EQ(std::system(remux.c_str()), 0) << remux;
    const nlohmann::json ours = probe(rewritten, selector);
    const nlohmann::json theirs = probe(reference, selector);
    ASSERT_FALSE(ours.is_discarded());
    ASSERT_FALSE(theirs.is_discarded());
    ASSERT_EQ(ours["streams"].size(), 1u);
    const auto& stream = ours["streams"][0];
    EXPECT_EQ(field(stream, "time_base"), "1/" + std::to_string(t.timescale));
    EXPECT_EQ(field(stream, "nb_read_packets"), std::to_string(ts.samples.size()));
    if (t.stream.type == MediaType::kVideo) {
      EXPECT_EQ(field(stream, "codec_name"), "h264");
      EXPECT_EQ(field(stream, "width"), 64);
      EXPECT_EQ(field(stream, "height"), 64);
      EXPECT_EQ(ts.samples.size(), 10u);
    } else {
      EXPECT_EQ(field(stream, "codec_name"), "aac");
      EXPECT_EQ(field(stream, "sample_rate"), "48000");
      EXPECT_EQ(field(stream, "channels"), 1);
    }
    EXPECT_EQ(field(stream, "time_base"), field(theirs["streams"][0], "time_base"));
    // Packet for packet: timestamps (edit list applied by ffprobe alike), durations, sizes, keyframes.
    ASSERT_EQ(ours["packets"].size(), theirs["packets"].size());
    for (size_t i = 0; i < ours["packets"].size(); ++i) {
      const auto& a = ours["packets"][i];
      const auto& b = theirs["packets"][i];
      for (const char* key : {"pts", "dts", "duration", "size"}) {
        EXPECT_EQ(field(a, key), field(b, key)) << key << " of packet " << i;
      }
      EXPECT_EQ(field(a, "flags").dump().substr(0, 2), field(b, "flags").dump().substr(0, 2)) << "packet " << i;
    }
  }
}

}  // namespace
}  // namespace streamforge::mp4

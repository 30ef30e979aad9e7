// Test support: temporary folders, generated source clips (cached per test binary), and a sink
// that keeps every packet in memory so tests can inspect timestamps and keyframes.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "streamforge/av/test_clip.h"
#include "streamforge/media/packet_sink.h"

namespace streamforge::testing {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("sf-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Generates a clip once per process per distinct key and returns its path.
inline std::string cached_clip(const std::string& key, const TestClipSpec& spec, const std::string& ext = ".mp4") {
  static std::mutex mu;
  static std::map<std::string, std::string> clips;
  static TempDir dir;
  std::lock_guard lock(mu);
  auto it = clips.find(key);
  if (it != clips.end()) return it->second;
  std::string path = dir.file(key + ext);
  Status st = make_test_clip(spec, path);
  EXPECT_TRUE(st.ok()) << st.to_string();
  clips[key] = path;
  return path;
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A broadcast-style splice: each part written as MPEG-TS into `dir` and the files joined byte for
// byte into `dir`/spliced.ts, whose path is returned. Give each part a start_seconds after the
// previous part's end, so the timeline runs on across the joins.
inline std::string spliced_ts(const TempDir& dir, const std::vector<TestClipSpec>& parts) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string part = dir.file("part" + std::to_string(i) + ".ts");
    Status st = make_test_clip(parts[i], part);
    EXPECT_TRUE(st.ok()) << st.to_string();
    joined += read_file(part);
  }
  const std::string path = dir.file("spliced.ts");
  write_file(path, joined);
  return path;
}

// Keeps everything it is given.
class CollectingSink : public PacketSink {
 public:
  Status on_stream(int index, const StreamInfo& info) override {
    if (index != static_cast<int>(streams.size())) return InternalError("out of order stream");
    streams.push_back(info);
    packets.emplace_back();
    return OkStatus();
  }
  Status on_packet(const Packet& p) override {
    if (ended || aborted) return InternalError("packet after end");
    if (p.stream_index < 0 || p.stream_index >= static_cast<int>(packets.size())) return InternalError("bad index");
    packets[static_cast<size_t>(p.stream_index)].push_back(p);
    return OkStatus();
  }
  Status on_end() override {
    ended = true;
    return OkStatus();
  }
  void on_abort(const Status& why) override {
    aborted = true;
    abort_reason = why;
  }

  // Presentation times (seconds) of keyframes of a stream, sorted.
  std::vector<double> keyframe_times(size_t stream) const {
    std::vector<double> t;
    for (auto& p : packets[stream])
      if (p.keyframe) t.push_back(to_seconds(p.pts, p.time_base));
    std::sort(t.begin(), t.end());
    return t;
  }
  // Presented span in seconds: end of the last sample minus the start of the first, where
  // samples before 0 (AAC priming, cut by the edit list) are not presented.
  double duration(size_t stream) const {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    Rational tb{1, 1};
    for (auto& p : packets[stream]) {
      lo = std::min(lo, p.pts);
      hi = std::max(hi, p.pts + p.duration);
      tb = p.time_base;
    }
    return packets[stream].empty() ? 0 : to_seconds(hi - std::max<int64_t>(lo, 0), tb);
  }

  std::vector<StreamInfo> streams;
  std::vector<std::vector<Packet>> packets;
  bool ended = false, aborted = false;
  Status abort_reason;
};

// Interlaced 25 fps at a test size, top field first: the pattern moves at 50 fps, one moment per
// field, and crf 12 keeps the fields' detail so combing survives coding. h264 codes MBAFF frames,
// hevc one picture per field (field-coded).
inline TestClipSpec interlaced_clip_spec(Codec codec = Codec::kH264) {
  TestClipSpec s;
  s.width = 320;
  s.height = 240;
  s.frame_rate = {25, 1};
  s.duration_seconds = 2;
  s.interlaced = true;
  s.video_codec = codec;
  s.crf = 12;
  s.audio = false;
  return s;
}

// Mean squared difference of two pictures' samples (e.g. luma planes of the same size).
inline double mean_squared_error(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return a.empty() ? 0 : sum / static_cast<double>(a.size());
}

}  // namespace streamforge::testing

// Helpers for the crypto/ tests: hex, keys, temporary folders and FFmpeg-encoded fragmented MP4
// clips read back with the mp4/ reader (samples + codec configuration of the first track).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "test_commands.h"
#include "streamforge/core/bytes.h"
#include "streamforge/crypto/key_parsing.h"
#include "streamforge/crypto/types.h"
#include "streamforge/media/codec.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::crypto::testing {

namespace fs = std::filesystem;

using streamforge::testing::from_hex;  // tests/support/test_commands.h

inline Key test_key() { return parse_key("000102030405060708090a0b0c0d0e0f").value(); }
inline Key other_key() { return parse_key("f0e1d2c3b4a5968778695a4b3c2d1e0f").value(); }

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("sf-crypto-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
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

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, ByteView bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Looks the tool up on PATH without starting it (ffmpeg takes ~0.1 s just to load its libraries).
inline bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " > /dev/null 2>&1").c_str()) == 0;
}
inline bool have_ffmpeg() { return have_tool("ffmpeg"); }

// A fragmented MP4 from FFmpeg, its single track's samples located inside the file bytes.
struct Clip {
  std::string path;
  ByteBuffer file;
  Codec codec = Codec::kUnknown;
  ByteBuffer codec_config;  // avcC / hvcC / av1C / vpcC payload / AudioSpecificConfig / OpusHead
  struct Sample {
    size_t offset = 0;  // in `file`
    size_t size = 0;
    bool sync = false;
  };
  std::vector<Sample> samples;

  ByteView sample(size_t i) const { return file.view().subspan(samples[i].offset, samples[i].size); }
  MutableByteView mutable_sample(ByteBuffer& copy, size_t i) const {
    return copy.mutable_view().subspan(samples[i].offset, samples[i].size);
  }
};

inline Codec codec_of(mp4::FourCC type) {
  using mp4::FourCC;
  if (type == FourCC("avc1") || type == FourCC("avc3")) return Codec::kH264;
  if (type == FourCC("hvc1") || type == FourCC("hev1")) return Codec::kHevc;
  if (type == FourCC("vp09")) return Codec::kVp9;
  if (type == FourCC("av01")) return Codec::kAv1;
  if (type == FourCC("mp4a")) return Codec::kAac;
  if (type == FourCC("Opus")) return Codec::kOpus;
  return Codec::kUnknown;
}

// Files derived from FFmpeg runs are kept next to the test executable (in the build tree), so the
// per-test processes ctest starts encode each clip once: <exe dir>/crypto_test_cache/<key>.
inline std::string cache_path(const std::string& name, const std::string& inputs, const std::string& ext) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a of everything the file depends on
  for (unsigned char c : inputs) h = (h ^ c) * 1099511628211ull;
  std::error_code ec;
  fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path() / "crypto_test_cache";
  if (ec) dir = fs::temp_directory_path() / "streamforge_crypto_test_cache";
  fs::create_directories(dir, ec);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return (dir / (name + "-" + hex + ext)).string();
}

// Runs `shell_command` (which writes `*out_placeholder*` where {} stands) unless `path` exists; writes
// through a temporary name so concurrent test processes never read a half-written file.
inline bool make_cached(const std::string& path, const std::string& shell_command_with_placeholder) {
  if (fs::exists(path)) return true;
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::string cmd = shell_command_with_placeholder;
  cmd.replace(cmd.find("{}"), 2, "'" + tmp + "'");
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(rc, 0) << cmd;
  std::error_code ec;
  if (rc == 0) fs::rename(tmp, path, ec);
  fs::remove(tmp, ec);
  return rc == 0 && !ec;
}

// Encodes `ffmpeg -v error -y <args> -movflags frag_keyframe+empty_moov+default_base_moof x.mp4` (once,
// cached on disk) and reads the clip back. With `first_pass_args`, a first pass
// `ffmpeg <first_pass_args> -pass 1 -f null -` runs before, and `<args>` get `-pass 2` (libvpx emits
// hidden alt-ref frames, hence superframes, only in two-pass mode).
inline const Clip& encoded_clip(const std::string& name, const std::string& ffmpeg_args,
                                const std::string& first_pass_args = {}) {
  static std::mutex mu;
  static std::map<std::string, Clip> clips;
  std::lock_guard lock(mu);
  auto it = clips.find(name);
  if (it != clips.end()) return it->second;
  Clip clip;
  clip.path = cache_path(name, first_pass_args + "|" + ffmpeg_args, ".mp4");
  std::string cmd = "ffmpeg -nostdin -v error -y " + ffmpeg_args;
  if (!first_pass_args.empty()) {
    const std::string log = "'" + clip.path + ".pass'";
    cmd = "ffmpeg -nostdin -v error -y " + first_pass_args + " -pass 1 -passlogfile " + log + " -f null - && " + cmd +
          " -pass 2 -passlogfile " + log;
  }
  make_cached(clip.path, cmd + " -movflags frag_keyframe+empty_moov+default_base_moof -f mp4 {}");
  const std::string bytes = read_file(clip.path);
  clip.file = ByteBuffer(ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  auto init = mp4::read_init_segment(clip.file.view());
  EXPECT_TRUE(init.ok()) << init.status().to_string();
  if (init.ok() && !init->tracks.empty()) {
    clip.codec = codec_of(init->tracks[0].codec_type);
    clip.codec_config = init->tracks[0].codec_config;
    auto scan = mp4::scan_top_level_boxes(clip.file.view());
    EXPECT_TRUE(scan.ok());
    if (scan.ok()) {
      for (const auto& box : scan->boxes) {
        if (box.header.type != mp4::FourCC("moof")) continue;
        auto f = mp4::read_fragment(clip.file.view().subspan(static_cast<size_t>(box.offset)), &*init);
        EXPECT_TRUE(f.ok()) << f.status().to_string();
        if (!f.ok()) break;
        for (const auto& t : f->tracks) {
          for (const auto& s : t.samples) {
            clip.samples.push_back({static_cast<size_t>(box.offset + s.offset), s.size, s.sync});
          }
        }
      }
    }
  }
  return clips.emplace(name, std::move(clip)).first->second;
}

}  // namespace streamforge::crypto::testing

// Helpers for the packager's end-to-end tests: running Debian's ffprobe/ffmpeg on the output,
// and reading manifests back.
#pragma once

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "test_commands.h"
#include "test_media.h"

namespace streamforge::testing {

// The key the packaging tests encrypt with (KID and key as hex).
inline constexpr const char* kKid = "0123456789abcdef0123456789abcdef";
inline constexpr const char* kKey = "00112233445566778899aabbccddeeff";

// A 6 s test clip (the default TestClipSpec otherwise), generated once and cached.
inline std::string clip_6s() {
  TestClipSpec spec;
  spec.duration_seconds = 6;
  return cached_clip("clip6", spec);
}

// Every "#EXTINF:<seconds>," value of a media playlist.
inline std::vector<double> extinf_durations(const std::string& playlist) {
  std::vector<double> out;
  std::regex re("#EXTINF:([0-9.]+),");
  for (auto it = std::sregex_iterator(playlist.begin(), playlist.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back(std::stod((*it)[1].str()));
  }
  return out;
}

// Concatenates an init segment and media segments into one file (what a player appends to MSE).
inline void concatenate(const std::vector<std::string>& parts, const std::string& out_path) {
  std::string all;
  for (const auto& p : parts) all += read_file(p);
  write_file(out_path, all);
}

// A file's bytes (as read_file returns them) as a ByteView for the mp4/ readers.
inline ByteView view_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Media segment n of a rendition in the segment-files layout: "<root>/<id>/seg-0000n.m4s".
inline std::string segment_path(const std::string& root, const std::string& id, int n) {
  char name[32];
  std::snprintf(name, sizeof(name), "/seg-%05d.m4s", n);
  return root + "/" + id + name;
}

// The init segment and media segments 1..count of a rendition in the segment-files layout.
inline std::vector<std::string> rendition_parts(const std::string& root, const std::string& id, int count) {
  std::vector<std::string> parts{root + "/" + id + "/init.mp4"};
  for (int n = 1; n <= count; ++n) parts.push_back(segment_path(root, id, n));
  return parts;
}

// FFmpeg's framemd5 of a file without its header lines: equal strings = the same decoded frames.
inline std::string framemd5(const std::string& path) {
  return run_command("ffmpeg -v error -i '" + path + "' -f framemd5 - | grep -v '^#'").output;
}

// ffprobe's count of decoded video frames (or audio packets) of the first stream of a type.
inline int ffprobe_count(const std::string& path, const std::string& selector, const std::string& entry) {
  auto r = run_command("ffprobe -v error -select_streams " + selector + " -count_frames -show_entries stream=" + entry +
                       " -of csv=p=0 '" + path + "'");
  if (r.exit_code != 0) return -1;
  try {
    return std::stoi(r.output);
  } catch (...) {
    return -1;
  }
}

}  // namespace streamforge::testing

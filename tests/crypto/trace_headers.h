// Reads FFmpeg's `-bsf:v trace_headers` output (FFmpeg's own CBS parsers, an implementation
// independent of streamforge) for a file's first video stream: the syntax blocks it prints ("Slice
// Header", "Frame", "Tile Group", ...) and, per block, the bit position just past its last element.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "crypto_test_util.h"

namespace streamforge::crypto::testing {

// Every trace line, with the "@ 0x..." context pointer removed (it differs between runs).
inline std::string trace_headers_text(const std::string& mp4, const std::string& scratch) {
  const std::string cmd = "ffmpeg -nostdin -hide_banner -loglevel info -i '" + mp4 +
                          "' -map 0:v:0 -c copy -bsf:v trace_headers -f null - 2> '" + scratch + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::istringstream in(read_file(scratch));
  std::string line, out;
  while (std::getline(in, line)) {
    // Progress output shares lines with the log ("frame= ... [trace_headers @ 0x..] ...").
    const size_t at = line.find("[trace_headers");
    if (at == std::string::npos) continue;
    line = line.substr(at);
    const size_t ptr = line.find(" @ 0x");
    if (ptr != std::string::npos) line.erase(ptr, line.find(']', ptr) - ptr);
    out += line + "\n";
  }
  return out;
}

struct TraceBlock {
  std::string name;
  uint64_t end_bit = 0;                                    // position after the last traced element
  std::vector<std::pair<std::string, uint64_t>> elements;  // name, value

  uint64_t value_of(const std::string& element, uint64_t fallback) const {
    for (const auto& [n, v] : elements) {
      if (n == element) return v;
    }
    return fallback;
  }
};

// The trace cut at its "Packet: ..." lines: [0] is what precedes the first packet (extradata), [i + 1]
// packet i. Encryption changes no size or timestamp, so the Packet lines themselves compare equal.
inline std::vector<std::string> trace_per_packet(const std::string& text) {
  std::vector<std::string> out(1);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Packet:") != std::string::npos) out.emplace_back();
    out.back() += line + "\n";
  }
  return out;
}

inline std::vector<TraceBlock> trace_blocks(const std::string& text) {
  std::vector<TraceBlock> blocks;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string body = line.substr(line.find(']') + 2);
    if (body.empty()) continue;
    if (!std::isdigit(static_cast<unsigned char>(body[0]))) {
      blocks.push_back({body, 0, {}});
      continue;
    }
    if (blocks.empty()) continue;
    std::istringstream fields(body);
    std::vector<std::string> tokens;
    std::string t;
    while (fields >> t) tokens.push_back(t);
    size_t eq = 0;
    while (eq < tokens.size() && tokens[eq] != "=") ++eq;
    if (eq + 1 >= tokens.size() || eq < 2) continue;
    const uint64_t pos = std::stoull(tokens[0]);
    std::string bits;
    if (eq >= 3 && tokens[eq - 1].find_first_not_of("01") == std::string::npos) bits = tokens[eq - 1];
    blocks.back().end_bit = std::max<uint64_t>(blocks.back().end_bit, pos + bits.size());
    blocks.back().elements.emplace_back(tokens[1], std::stoull(tokens[eq + 1]));
  }
  return blocks;
}

inline std::vector<TraceBlock> blocks_named(const std::vector<TraceBlock>& all, const std::string& name) {
  std::vector<TraceBlock> out;
  for (const TraceBlock& b : all) {
    if (b.name == name) out.push_back(b);
  }
  return out;
}

}  // namespace streamforge::crypto::testing

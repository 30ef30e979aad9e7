// libFuzzer target: what the ABR simulator and controllers read -- a network trace's text, an
// AbrConfig and an AbrLadder as JSON, a video_size list, an HLS media playlist and a packager
// summary.json -- followed by a short simulated session with what was accepted. The first byte
// picks the input (mod 6) so one corpus covers all of them.
// Properties: no crash, hang or sanitizer report; an accepted config or ladder round-trips
// through to_json; a summary's ladder validates and never names a playlist outside the title;
// a session that completes has finite, non-negative download times and buffer levels and only
// chooses renditions of the ladder.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "abr/video_sizes_parse.h"
#include "streamforge/abr/abr_config.h"
#include "streamforge/abr/controller.h"
#include "streamforge/abr/ladder.h"
#include "streamforge/abr/simulator.h"
#include "streamforge/abr/trace.h"

namespace {

using namespace streamforge::abr;

AbrLadder small_ladder() {
  AbrLadder l = AbrLadder::pensieve_reference();
  for (AbrRendition& r : l.renditions) r.segment_bytes.assign(6, static_cast<uint64_t>(r.bitrate_kbps) * 500);
  return l;
}

NetworkTrace steady_trace() {
  NetworkTrace t;
  t.name = "steady";
  t.time_s = {0, 10, 20, 30};
  t.mbps = {0, 3, 0.5, 6};
  return t;
}

void play(const AbrConfig& config, const AbrLadder& ladder, const NetworkTrace& trace) {
  auto controller = make_abr_controller(config, ladder);
  if (!controller.ok()) return;
  SimOptions o;
  o.first_rendition = 0;
  if (ladder.known_segments() == 0) o.segments = 6;
  if (ladder.known_segments() > 64) o.segments = 64;  // enough to exercise every rule
  auto log = simulate(**controller, trace, o);
  if (!log.ok()) return;
  for (const SegmentRecord& s : log->segments) {
    if (!(s.download_seconds >= 0) || !std::isfinite(s.download_seconds)) __builtin_trap();
    if (!(s.buffer_seconds >= 0) || !std::isfinite(s.buffer_seconds)) __builtin_trap();
    if (s.rendition < 0 || s.rendition >= static_cast<int>(ladder.renditions.size())) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (selector % 6) {
    case 0: {
      auto trace = parse_trace(text, "fuzzed");
      if (!trace.ok()) break;
      if (!trace->validate().ok()) __builtin_trap();
      AbrConfig config;
      play(config, small_ladder(), *trace);
      config.algorithm = "robust-mpc";
      play(config, small_ladder(), *trace);
      break;
    }
    case 1: {
      auto config = AbrConfig::from_json(text);
      if (!config.ok()) break;
      auto again = AbrConfig::from_json(config->to_json());
      if (!again.ok() || again->to_json() != config->to_json()) __builtin_trap();
      play(*config, small_ladder(), steady_trace());
      break;
    }
    case 3: {
      auto sizes = parse_size_list(text, "video_size_0");
      if (sizes.ok() && sizes->empty()) __builtin_trap();
      break;
    }
    case 4: {
      auto segments = parse_playlist_segments(text, "playlist.m3u8");
      if (segments.ok() && segments->empty()) __builtin_trap();
      break;
    }
    case 5: {
      auto ladder = ladder_from_summary(text, "summary.json", [](const std::string& playlist) {
        if (!is_plain_relative_path(playlist)) __builtin_trap();
        return streamforge::Result<std::vector<uint64_t>>(std::vector<uint64_t>{400000, 500000, 450000});
      });
      if (!ladder.ok()) break;
      if (!ladder->validate().ok()) __builtin_trap();
      play(AbrConfig{}, *ladder, steady_trace());
      break;
    }
    default: {
      auto ladder = AbrLadder::from_json(text);
      if (!ladder.ok()) break;
      auto again = AbrLadder::from_json(ladder->to_json());
      if (!again.ok() || again->to_json() != ladder->to_json()) __builtin_trap();
      play(AbrConfig{}, *ladder, steady_trace());
      break;
    }
  }
  return 0;
}

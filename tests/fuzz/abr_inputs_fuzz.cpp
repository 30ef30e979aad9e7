// libFuzzer target: what the ABR simulator and controllers read -- a network trace's text, an
// AbrConfig and an AbrLadder as JSON -- followed by a short simulated session with what was
// accepted. The first byte picks the input (mod 3) so one corpus covers all of them.
// Properties: no crash, hang or sanitizer report; an accepted config or ladder round-trips
// through to_json; a session that completes has finite, non-negative download times and buffer
// levels and only chooses renditions of the ladder.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

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
  switch (selector % 3) {
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

// The simulator against hand-computed sessions (the Pensieve rules, step by step).
#include "streamforge/abr/simulator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "abr_test_util.h"
#include "streamforge/abr/qoe.h"

namespace streamforge::abr {
namespace {

using abrtest::ScriptedController;
using abrtest::trace_of;

// Two renditions, three segments; sizes chosen so each step of the walk below is exact.
AbrLadder tiny_ladder() {
  AbrLadder l;
  l.segment_seconds = 4;
  AbrRendition low, high;
  low.bitrate_kbps = 1000;
  low.segment_bytes = {475000, 475000, 475000};
  high.bitrate_kbps = 3000;
  high.segment_bytes = {950000, 1187500, 5700000};
  l.renditions = {low, high};
  return l;
}

// Rows: (0,1] 8 Mbit/s, (1,2] 8, (2,3] 0 (outage), (3,4] 8; then it wraps to row 1 from time 0.
// At 8 Mbit/s the link delivers 8e6 / 8 * 0.95 = 950,000 payload bytes per second.
NetworkTrace tiny_trace() { return trace_of({8, 8, 0, 8}, "tiny"); }

TEST(Simulator, ReproducesHandComputedSession) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 1, 1});
  SimOptions o;
  o.segments = 3;
  o.first_rendition = 0;
  auto log = simulate(c, tiny_trace(), o);
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  ASSERT_EQ(log->segments.size(), 3u);
  const auto& s = log->segments;
  // Segment 0 (low, 475,000 B): half of row 1 -> 0.5 s, + 80 ms RTT = 0.58 s, all of it startup.
  // Buffer: max(0 - 0.58, 0) + 4 = 4 s. The link is now at t = 0.5 in row 1.
  EXPECT_EQ(s[0].rendition, 0);
  EXPECT_NEAR(s[0].download_seconds, 0.58, 1e-9);
  EXPECT_NEAR(s[0].rebuffer_seconds, 0.58, 1e-9);
  EXPECT_NEAR(s[0].buffer_seconds, 4.0, 1e-9);
  // Segment 1 (high, 1,187,500 B): rest of row 1 (0.5 s, 475,000 B), then 712,500 B of row 2
  // (0.75 s): 1.25 s + 0.08 = 1.33 s. No stall; buffer 4 - 1.33 + 4 = 6.67 s. Link at t = 1.75.
  EXPECT_EQ(s[1].rendition, 1);
  EXPECT_NEAR(s[1].download_seconds, 1.33, 1e-9);
  EXPECT_NEAR(s[1].rebuffer_seconds, 0.0, 1e-12);
  EXPECT_NEAR(s[1].buffer_seconds, 6.67, 1e-9);
  EXPECT_NEAR(s[1].request_time, 0.58, 1e-9);
  // Segment 2 (high, 5,700,000 B): row 2's last 0.25 s (237,500 B), row 3 (1 s, nothing: outage),
  // row 4 (950,000 -> 1,187,500 B), wrap: row 1 (2,137,500), row 2 (3,087,500), row 3 (outage),
  // row 4 (4,037,500), wrap: row 1 (4,987,500), then 712,500 B of row 2 in 0.75 s.
  // 0.25 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 0.75 = 8.0 s, + 0.08 = 8.08 s. Stall 8.08 - 6.67 = 1.41 s;
  // buffer 0 + 4 = 4 s.
  EXPECT_NEAR(s[2].download_seconds, 8.08, 1e-9);
  EXPECT_NEAR(s[2].rebuffer_seconds, 1.41, 1e-9);
  EXPECT_NEAR(s[2].buffer_seconds, 4.0, 1e-9);
  EXPECT_NEAR(s[2].throughput_kbps, 5700000 * 8 / 8.08 / 1000, 1e-6);

  SessionMetrics m = session_metrics(*log, ladder);
  // QoE_lin, segments 1 and 2 (segment 0 is startup):
  //   seg 1: 3.0 - 4.3 * 0 - |3.0 - 1.0| = 1.0
  //   seg 2: 3.0 - 4.3 * 1.41 - 0 = -3.063          mean: (1.0 - 3.063) / 2 = -1.0315
  EXPECT_NEAR(m.qoe_lin, -1.0315, 1e-9);
  // QoE_log (R_min = 1000): seg 1: ln 3 - |ln 3 - 0| = 0; seg 2: ln 3 - 2.66 * 1.41.
  EXPECT_NEAR(m.qoe_log, (std::log(3.0) - 2.66 * 1.41) / 2, 1e-9);
  // QoE_hd: a 2-rung ladder takes the nearest reference bitrate's reward: 1000 -> 1200 (3),
  // 3000 -> 2850 (15). seg 1: 15 - |15 - 3| = 3; seg 2: 15 - 8 * 1.41 = 3.72. Mean 3.36.
  EXPECT_NEAR(m.qoe_hd, 3.36, 1e-9);
  EXPECT_NEAR(m.rebuffer_seconds, 1.41, 1e-9);
  EXPECT_NEAR(m.rebuffer_ratio, 1.41 / (1.41 + 12.0), 1e-12);
  EXPECT_NEAR(m.startup_seconds, 0.58, 1e-9);
  EXPECT_NEAR(m.mean_bitrate_kbps, 3000, 1e-9);
  EXPECT_EQ(m.switches, 1);
  EXPECT_EQ(m.scored_segments, 2);

  // The controller saw each download (with the RTT as time to first byte) and the stall.
  ASSERT_EQ(c.downloads.size(), 3u);
  EXPECT_EQ(c.downloads[2].bytes, 5700000u);
  EXPECT_NEAR(c.downloads[2].seconds, 8.08, 1e-9);
  EXPECT_NEAR(c.downloads[2].ttfb_seconds, 0.08, 1e-12);
  ASSERT_EQ(c.rebuffers.size(), 1u);
  EXPECT_NEAR(c.rebuffers[0], 1.41, 1e-9);
}

TEST(Simulator, SleepsInHalfSecondStepsAboveTheBufferCap) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 0, 0});
  SimOptions o;
  o.segments = 2;
  o.first_rendition = 0;
  o.max_buffer_seconds = 6;
  // 100 Mbit/s: 475,000 B take 475,000 / 11,875,000 = 0.04 s, + 0.08 = 0.12 s.
  auto log = simulate(c, trace_of(std::vector<double>(100, 100.0)), o);
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  // Segment 1: buffer 4 - 0.12 + 4 = 7.88 s > 6: sleep ceil(1.88 / 0.5) * 0.5 = 2 s -> 5.88 s.
  EXPECT_NEAR(log->segments[1].sleep_seconds, 2.0, 1e-12);
  EXPECT_NEAR(log->segments[1].buffer_seconds, 5.88, 1e-9);
  EXPECT_NEAR(log->segments[0].sleep_seconds, 0.0, 1e-12);
}

TEST(Simulator, NoiseIsDeterministicAndBounded) {
  AbrLadder ladder = tiny_ladder();
  SimOptions o;
  o.segments = 3;
  o.first_rendition = 0;
  ScriptedController c(ladder, {0, 0, 0});
  auto clean = simulate(c, tiny_trace(), o);
  o.noise = true;
  auto a = simulate(c, tiny_trace(), o, 3);
  auto b = simulate(c, tiny_trace(), o, 3);
  auto other = simulate(c, tiny_trace(), o, 4);
  ASSERT_TRUE(clean.ok() && a.ok() && b.ok() && other.ok());
  EXPECT_EQ(a->segments[1].download_seconds, b->segments[1].download_seconds);
  EXPECT_NE(a->segments[0].download_seconds, other->segments[0].download_seconds);
  const double f = a->segments[0].download_seconds / clean->segments[0].download_seconds;
  EXPECT_GE(f, 0.9);
  EXPECT_LE(f, 1.1);
}

TEST(Simulator, RejectsWhatItCannotPlay) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 0, 0});
  SimOptions o;
  EXPECT_EQ(simulate(c, tiny_trace(), o).status().field(), "segments");  // 48 asked, 3 known
  o.segments = 3;
  o.first_rendition = 5;
  EXPECT_EQ(simulate(c, tiny_trace(), o).status().field(), "first_rendition");
  o.first_rendition = 0;
  o.payload_factor = 0;
  EXPECT_EQ(simulate(c, tiny_trace(), o).status().field(), "payload_factor");
  o.payload_factor = 0.95;
  o.drain_step_seconds = 1e300;  // would sleep the buffer far below zero
  EXPECT_EQ(simulate(c, tiny_trace(), o).status().field(), "drain_step_seconds");
  o.drain_step_seconds = 0.5;
  o.max_buffer_seconds = 1e300;
  EXPECT_EQ(simulate(c, tiny_trace(), o).status().field(), "max_buffer_seconds");
}

TEST(Simulator, ReferenceVideoPlaysFortyEightSegments) {
  AbrLadder video = abrtest::reference_video();
  auto c = abrtest::make("bba", video);
  auto log = simulate(*c, trace_of(std::vector<double>(300, 3.0)));
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  EXPECT_EQ(log->segments.size(), 48u);
  EXPECT_EQ(log->segments[0].rendition, 1);  // the unscored startup segment at 750 kbit/s
  EXPECT_EQ(log->algorithm, "bba");
}

// A trace that delivers very little per pass: 10 kbit/s in 1 ms passes. Segment 0 (475,000 B) needs
// 475,000 / (1250 * 0.95) = 400 s, i.e. 400,000 passes; the link skips whole passes instead of
// walking them, and the answer is the closed form.
TEST(Simulator, ManyWrapsAreSkippedNotWalked) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 0, 0});
  SimOptions o;
  o.segments = 2;
  o.first_rendition = 0;
  NetworkTrace t;
  t.name = "thin";
  t.time_s = {0, 0.001};
  t.mbps = {0, 0.01};
  auto log = simulate(c, t, o);
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  EXPECT_NEAR(log->segments[0].download_seconds, 475000 / (0.01e6 / 8 * 0.95) + 0.08, 1e-6);
  EXPECT_NEAR(log->segments[1].download_seconds, 475000 / (0.01e6 / 8 * 0.95) + 0.08, 1e-6);

  // Sleeping over many passes: a fast link on 1 ms rows; 2 s of sleep is 2,000 passes.
  o.max_buffer_seconds = 6;
  t.mbps = {0, 100};
  auto fast = simulate(c, t, o);
  ASSERT_TRUE(fast.ok()) << fast.status().to_string();
  EXPECT_NEAR(fast->segments[1].sleep_seconds, 2.0, 1e-12);
  EXPECT_NEAR(fast->segments[1].download_seconds, 0.12, 1e-6);
}

// A trace in the wrong unit (or all but dead) stops the session with an error that says so,
// rather than running for ever or reporting a QoE of -1e300.
TEST(Simulator, AHopelesslySlowTraceIsAnErrorNotAHang) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 0, 0});
  SimOptions o;
  o.segments = 3;
  NetworkTrace t;
  t.name = "dead";
  t.time_s = {0, 1};
  t.mbps = {0, 1e-300};
  auto log = simulate(c, t, o);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(log.status().message().find("'dead'"), std::string::npos) << log.status().message();
  EXPECT_NE(log.status().message().find("Mbit/s"), std::string::npos) << log.status().message();
}

// Traces built in code get the parser's checks too (NaN, backwards time, mismatched lengths).
TEST(Simulator, TracesBuiltInCodeAreValidated) {
  AbrLadder ladder = tiny_ladder();
  ScriptedController c(ladder, {0, 0, 0});
  SimOptions o;
  o.segments = 3;
  NetworkTrace nan = tiny_trace();
  nan.mbps[2] = std::nan("");
  NetworkTrace backwards = tiny_trace();
  backwards.time_s[3] = 0.5;
  NetworkTrace uneven = tiny_trace();
  uneven.mbps.pop_back();
  NetworkTrace zero_time;
  zero_time.name = "instant";
  zero_time.time_s = {0, 0, 0};
  zero_time.mbps = {0, 5, 5};
  for (const NetworkTrace& t : {nan, backwards, uneven, zero_time}) {
    auto log = simulate(c, t, o);
    EXPECT_FALSE(log.ok()) << t.name;
    EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace streamforge::abr

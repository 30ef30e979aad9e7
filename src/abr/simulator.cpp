#include "streamforge/abr/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace streamforge::abr {
namespace {

// splitmix64 (Steele, Lea and Flood 2014): a tiny, portable generator, so noise is the same on
// every platform (std:: distributions are implementation-defined).
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  double uniform(double lo, double hi) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return lo + (hi - lo) * static_cast<double>(z >> 11) * 0x1.0p-53;
  }

 private:
  uint64_t state_;
};

// The link: a cursor on the trace, in the units and order of operations of Pensieve's env, so the
// floating-point results match (trace time in seconds, delays and buffer in milliseconds).
//
// Walking row by row, a trace that delivers very little per pass (1e-9 Mbit/s, or a million rows
// of a microsecond) would take practically forever to deliver one segment or to sleep 500 ms.
// So after kWalkedWraps whole passes within one call the link skips the remaining whole passes
// arithmetically: each delivers wrap_bytes_ in wrap_seconds_. Real traces never get there (a
// segment or a sleep spans far fewer passes), so their results stay bit-identical to Pensieve's.
class Link {
 public:
  Link(const NetworkTrace& t, double payload_factor) : t_(t), payload_(payload_factor), last_time_(t.time_s[0]) {
    // One pass after a wrap: row 1 from time 0, then every later row.
    wrap_seconds_ = t.time_s.back();
    wrap_bytes_ = t.mbps[1] * 1e6 / 8.0 * t.time_s[1] * payload_;
    for (size_t i = 2; i < t.time_s.size(); ++i) wrap_bytes_ += t.mbps[i] * 1e6 / 8.0 * (t.time_s[i] - t.time_s[i - 1]) * payload_;
  }

  // Seconds to deliver `bytes`.
  double deliver(double bytes) {
    double delay = 0, sent = 0;
    int wraps = 0;
    while (true) {
      if (at_wrap_start() && ++wraps > kWalkedWraps && wrap_bytes_ > 0) {
        // Skip whole passes but leave the walk a remainder in (0, one pass].
        const double remaining = bytes - sent;
        double whole = std::floor(remaining / wrap_bytes_);
        double rest = remaining - whole * wrap_bytes_;
        if (!(rest > 0)) {  // rounding put the end of the delivery on a pass boundary
          whole -= 1;
          rest = remaining - whole * wrap_bytes_;
        }
        // Past 2^53 passes `whole - 1` is `whole`: the time is beyond any bound the caller accepts.
        if (!(rest > 0)) return std::numeric_limits<double>::infinity();
        if (whole >= 1) {
          sent = bytes - rest;
          delay += whole * wrap_seconds_;
        }
      }
      const double throughput = t_.mbps[ptr_] * 1e6 / 8.0;  // bytes/s
      const double duration = t_.time_s[ptr_] - last_time_;
      const double payload = throughput * duration * payload_;
      if (sent + payload > bytes) {
        const double fractional = (bytes - sent) / throughput / payload_;
        delay += fractional;
        last_time_ += fractional;
        return delay;
      }
      sent += payload;
      delay += duration;
      last_time_ = t_.time_s[ptr_];
      advance();
    }
  }

  // Lets `ms` milliseconds of trace time pass without downloading.
  void sleep_ms(double ms) {
    int wraps = 0;
    while (true) {
      if (at_wrap_start() && ++wraps > kWalkedWraps && wrap_seconds_ > 0) {
        const double whole = std::floor(ms / 1000.0 / wrap_seconds_);
        // A remainder lost to rounding is under one pass: sleeping it or not is the same here.
        if (whole >= 1) ms = std::max(ms - whole * wrap_seconds_ * 1000.0, 0.0);
      }
      const double duration = t_.time_s[ptr_] - last_time_;
      if (duration > ms / 1000.0) {
        last_time_ += ms / 1000.0;
        return;
      }
      ms -= duration * 1000.0;
      last_time_ = t_.time_s[ptr_];
      advance();
    }
  }

 private:
  static constexpr int kWalkedWraps = 16;

  bool at_wrap_start() const { return ptr_ == 1 && last_time_ == 0; }
  void advance() {
    if (++ptr_ >= t_.mbps.size()) {  // wrap: row 1, time 0 (the traces start at 0)
      ptr_ = 1;
      last_time_ = 0;
    }
  }

  const NetworkTrace& t_;
  double payload_;
  size_t ptr_ = 1;
  double last_time_;
  double wrap_seconds_ = 0, wrap_bytes_ = 0;
};

// A download longer than this (trace time) means the trace is in the wrong unit or all but dead:
// the session's numbers would be meaningless, so the simulation stops with an error instead.
constexpr double kMaxDownloadSeconds = 1e6;

std::string short_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

}  // namespace

Status SimOptions::validate() const {
  if (!(payload_factor > 0 && payload_factor <= 1)) return InvalidArgumentError("must be in (0, 1]", "payload_factor");
  if (!(rtt_seconds >= 0 && rtt_seconds < 60)) return InvalidArgumentError("must be in [0, 60)", "rtt_seconds");
  if (!(max_buffer_seconds > 0 && max_buffer_seconds <= 86400)) {
    return InvalidArgumentError("must be in (0, 86400]", "max_buffer_seconds");
  }
  if (!(drain_step_seconds > 0 && drain_step_seconds <= 60)) {
    return InvalidArgumentError("must be in (0, 60]", "drain_step_seconds");
  }
  if (segments < 0) return InvalidArgumentError("must not be negative", "segments");
  if (first_rendition < 0) return InvalidArgumentError("must not be negative", "first_rendition");
  if (!(noise_low > 0 && noise_low <= noise_high)) return InvalidArgumentError("must be in (0, noise_high]", "noise_low");
  return OkStatus();
}

Result<SessionLog> simulate(AbrController& controller, const NetworkTrace& trace, const SimOptions& o,
                            int trace_index) {
  SF_RETURN_IF_ERROR(o.validate());
  const AbrLadder& ladder = controller.ladder();
  int segments = o.segments > 0 ? o.segments : ladder.known_segments();
  if (segments <= 0) return InvalidArgumentError("the ladder has no segment sizes: set the number of segments", "segments");
  if (ladder.known_segments() > 0 && segments > ladder.known_segments()) {
    return InvalidArgumentError("the video has " + std::to_string(ladder.known_segments()) + " segments, " +
                                std::to_string(segments) + " asked", "segments");
  }
  if (o.first_rendition >= static_cast<int>(ladder.renditions.size())) {
    return InvalidArgumentError("the ladder has " + std::to_string(ladder.renditions.size()) + " renditions",
                                "first_rendition");
  }
  SF_RETURN_IF_ERROR(trace.validate());

  controller.reset();
  SessionLog log;
  log.trace = trace.name;
  log.algorithm = std::string(controller.name());
  log.segment_seconds = ladder.segment_seconds;
  log.segments.reserve(static_cast<size_t>(segments));

  Link link(trace, o.payload_factor);
  SplitMix rng(o.seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(trace_index));
  const double chunk_ms = ladder.segment_seconds * 1000.0;
  const double cap_ms = o.max_buffer_seconds * 1000.0;
  const double drain_ms = o.drain_step_seconds * 1000.0;
  double buffer_ms = 0;
  double clock_s = 0;
  int rendition = o.first_rendition;
  AbrReason reason = AbrReason::kStartup;

  for (int seg = 0; seg < segments; ++seg) {
    SegmentRecord rec;
    rec.segment = seg;
    rec.rendition = rendition;
    rec.reason = reason;
    rec.bitrate_kbps = ladder.renditions[static_cast<size_t>(rendition)].bitrate_kbps;
    rec.bytes = ladder.segment_size(rendition, seg);
    rec.request_time = clock_s;

    const double download_s = link.deliver(rec.bytes);
    if (!(download_s <= kMaxDownloadSeconds)) {
      return InvalidArgumentError("trace '" + trace.name + "': segment " + std::to_string(seg) + " (" +
                                  std::to_string(static_cast<uint64_t>(rec.bytes)) + " bytes) would take " +
                                  (std::isfinite(download_s) ? short_number(download_s) + " s" : "for ever") +
                                  " to download, over the " + short_number(kMaxDownloadSeconds) +
                                  " s a session allows (mean throughput " +
                                  short_number(trace.mean_mbps()) + " Mbit/s); traces give throughput in Mbit/s");
    }
    double delay_ms = download_s * 1000.0;
    delay_ms += o.rtt_seconds * 1000.0;
    double noise = 1.0;
    if (o.noise) {
      noise = rng.uniform(o.noise_low, o.noise_high);
      delay_ms *= noise;
    }
    const double rebuffer_ms = std::max(delay_ms - buffer_ms, 0.0);
    buffer_ms = std::max(buffer_ms - delay_ms, 0.0) + chunk_ms;
    double sleep_ms = 0;
    if (buffer_ms > cap_ms) {
      // Whole steps, but never below an empty buffer (a cap smaller than one step).
      sleep_ms = std::min(std::ceil((buffer_ms - cap_ms) / drain_ms) * drain_ms, buffer_ms);
      buffer_ms -= sleep_ms;
      link.sleep_ms(sleep_ms);
    }
    clock_s += (delay_ms + sleep_ms) / 1000.0;

    rec.download_seconds = delay_ms / 1000.0;
    rec.rebuffer_seconds = rebuffer_ms / 1000.0;
    rec.sleep_seconds = sleep_ms / 1000.0;
    rec.buffer_seconds = buffer_ms / 1000.0;
    rec.throughput_kbps = rec.bytes * 8.0 / rec.download_seconds / 1000.0;
    log.segments.push_back(rec);

    DownloadRecord d;
    d.rendition = rendition;
    d.segment = seg;
    d.bytes = static_cast<uint64_t>(rec.bytes);
    d.seconds = rec.download_seconds;
    d.ttfb_seconds = o.rtt_seconds * noise;
    controller.on_download(d);
    if (seg > 0 && rec.rebuffer_seconds > 0) controller.on_rebuffer(rec.rebuffer_seconds);
    if (seg + 1 == segments) break;

    PlaybackState state;
    state.buffer_seconds = rec.buffer_seconds;
    state.next_segment = seg + 1;
    state.segment_count = segments;
    state.now_seconds = clock_s;
    AbrDecision decision = controller.choose(state);
    rendition = decision.rendition;
    reason = decision.reason;
  }
  return log;
}

}  // namespace streamforge::abr

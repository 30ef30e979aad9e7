#include "streamforge/abr/simulator.h"

#include <algorithm>
#include <cmath>

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
class Link {
 public:
  Link(const NetworkTrace& t, double payload_factor) : t_(t), payload_(payload_factor), last_time_(t.time_s[0]) {}

  // Seconds to deliver `bytes`.
  double deliver(double bytes) {
    double delay = 0, sent = 0;
    while (true) {
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
    while (true) {
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
};

}  // namespace

Status SimOptions::validate() const {
  if (!(payload_factor > 0 && payload_factor <= 1)) return InvalidArgumentError("must be in (0, 1]", "payload_factor");
  if (!(rtt_seconds >= 0 && rtt_seconds < 60)) return InvalidArgumentError("must be in [0, 60)", "rtt_seconds");
  if (!(max_buffer_seconds > 0)) return InvalidArgumentError("must be positive", "max_buffer_seconds");
  if (!(drain_step_seconds > 0)) return InvalidArgumentError("must be positive", "drain_step_seconds");
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
  if (trace.time_s.size() < 2 || trace.mbps.size() != trace.time_s.size()) {
    return InvalidArgumentError("trace '" + trace.name + "' needs at least 2 samples");
  }

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

    double delay_ms = link.deliver(rec.bytes) * 1000.0;
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
      sleep_ms = std::ceil((buffer_ms - cap_ms) / drain_ms) * drain_ms;
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

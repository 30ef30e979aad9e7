// Private: wraps the user's PacketSink so encoder threads can deliver concurrently (one call at
// a time reaches the sink), stamps stream indices, moves the output timeline to start at 0, and
// keeps per-rendition statistics.
#pragma once

#include <cmath>
#include <mutex>
#include <vector>

#include "streamforge/media/packet_sink.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge {

class SerializedSink {
 public:
  explicit SerializedSink(PacketSink& sink) : sink_(sink) {}

  Status announce(int index, const StreamInfo& info) {
    std::lock_guard lock(mu_);
    if (static_cast<size_t>(index) >= stats_.size()) stats_.resize(static_cast<size_t>(index) + 1);
    Stats& s = stats_[static_cast<size_t>(index)];
    s.info = info;
    return sink_.on_stream(index, info);
  }

  // Where the source's timeline starts (call before the first delivery): every packet is moved
  // by -seconds, so the output starts at 0. An MP4 presents nothing before time 0 (the edit list
  // trims it, ISO/IEC 14496-12 8.6.6) and a CMAF fragment's decode time (tfdt) is unsigned, so a
  // source whose timeline starts below zero, as FFmpeg reports the part of an MPEG-TS before a
  // 33-bit timestamp wrap, would lose its first seconds; one that starts late (a broadcast
  // capture at 50000 s) would give MP4s that open on hours of nothing (an empty edit).
  void set_timeline_start(double seconds) { timeline_start_ = seconds; }
  // The same value, for the stages that align to it (audio silence before a late start).
  double timeline_start() const { return timeline_start_; }

  Status deliver(int index, std::vector<Packet>& packets) {
    if (packets.empty()) return OkStatus();
    std::lock_guard lock(mu_);
    Stats& s = stats_[static_cast<size_t>(index)];
    for (Packet& p : packets) {
      p.stream_index = index;
      if (timeline_start_ != 0 && p.time_base.positive()) {
        const auto ticks = -static_cast<int64_t>(std::llround(timeline_start_ * p.time_base.den / p.time_base.num));
        if (p.pts != kNoTimestamp) p.pts += ticks;
        if (p.dts != kNoTimestamp) p.dts += ticks;
      }
      if (s.last_dts != kNoTimestamp && p.dts != kNoTimestamp && p.dts <= s.last_dts) {
        return InternalError("non-increasing decode timestamps in " + s.info.name + " (" + std::to_string(p.dts) +
                             " after " + std::to_string(s.last_dts) + ")");
      }
      s.last_dts = p.dts;
      ++s.packets;
      s.keyframes += p.keyframe ? 1 : 0;
      s.bytes += static_cast<int64_t>(p.data.size());
      if (s.first_pts == kNoTimestamp || p.pts < s.first_pts) s.first_pts = p.pts;
      int64_t end = p.pts + p.duration;
      if (s.end_pts == kNoTimestamp || end > s.end_pts) s.end_pts = end;
      s.time_base = p.time_base;
      SF_RETURN_IF_ERROR(sink_.on_packet(p));
    }
    packets.clear();
    return OkStatus();
  }

  // Audio: the silence its encoder put into gaps; video: the time the picture was held over
  // pauses in the source's (reported per rendition).
  void set_gap_fill(int index, double seconds) {
    std::lock_guard lock(mu_);
    stats_[static_cast<size_t>(index)].gap_fill_seconds = seconds;
  }

  Status end() {
    std::lock_guard lock(mu_);
    return sink_.on_end();
  }
  void abort(const Status& why) {
    std::lock_guard lock(mu_);
    sink_.on_abort(why);
  }

  std::vector<RenditionReport> reports() const {
    std::lock_guard lock(mu_);
    std::vector<RenditionReport> out;
    for (size_t i = 0; i < stats_.size(); ++i) {
      const Stats& s = stats_[i];
      RenditionReport r;
      r.index = static_cast<int>(i);
      r.name = s.info.name;
      r.type = s.info.type;
      r.codec = s.info.codec;
      r.width = s.info.width;
      r.height = s.info.height;
      r.packets = s.packets;
      r.keyframes = s.keyframes;
      r.bytes = s.bytes;
      if (s.first_pts != kNoTimestamp) r.duration_seconds = to_seconds(s.end_pts - s.first_pts, s.time_base);
      r.gap_fill_seconds = s.gap_fill_seconds;
      if (r.duration_seconds > 0) r.bitrate_kbps = static_cast<double>(s.bytes) * 8 / r.duration_seconds / 1000;
      out.push_back(r);
    }
    return out;
  }

 private:
  struct Stats {
    StreamInfo info;
    int64_t packets = 0, keyframes = 0, bytes = 0;
    int64_t first_pts = kNoTimestamp, end_pts = kNoTimestamp, last_dts = kNoTimestamp;
    Rational time_base{1, 1};
    double gap_fill_seconds = 0;
  };
  PacketSink& sink_;
  mutable std::mutex mu_;
  double timeline_start_ = 0;
  std::vector<Stats> stats_;
};

}  // namespace streamforge

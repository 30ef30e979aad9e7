// PacketSink: where encoded packets go (an MP4 writer, the packager, a chunk collector).
#pragma once

#include "streamforge/core/status.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge {

// Call order: on_stream() once per stream, indices 0..n-1 in order, all before the first
// packet; then on_packet() any number of times (packets of one stream in decode order; streams
// interleave arbitrarily); then exactly one of on_end() (success: commit the output) or
// on_abort() (error or cancellation: discard everything, present nothing as complete).
// The engine serialises calls (never two at once) but makes them from its worker threads.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual Status on_stream(int index, const StreamInfo& info) = 0;
  virtual Status on_packet(const Packet& packet) = 0;
  virtual Status on_end() = 0;
  virtual void on_abort(const Status& reason) = 0;
};

}  // namespace streamforge

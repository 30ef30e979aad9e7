// TsReader: a push parser for MPEG-2 transport streams (ISO/IEC 13818-1) that does no I/O. Feed it
// bytes in pieces of any size (a piece may end mid-packet); it reports, in stream order:
//  - each PAT and PMT section (§2.4.4.3, §2.4.4.8; CRC_32 checked), reassembled across packets;
//  - each PES packet (§2.4.3.6) of an elementary PID the PMT declares, reassembled, with PTS/DTS
//    decoded and the random_access_indicator of its first packet;
//  - each PCR (§2.4.3.5) on any PID.
// Anomalies — sync byte loss, transport_error_indicator, continuity-counter discontinuities
// (§2.4.3.3, duplicates and discontinuity_indicator respected), adaptation fields, sections or PES
// headers that do not parse, PES packets cut short, scrambled packets — are problems. In strict
// mode (the default) the first problem fails feed()/finish() with DataLoss (ResourceExhausted for
// the size limits, Unimplemented for scrambling) and a message naming the byte offset of the packet;
// the reader stays failed. In lenient mode problems become warnings: the damaged PES or section is
// dropped, sync is searched for again (a 0x47 with another 0x47 188 bytes on), parsing goes on.
//
// "Need more data" is not an error: feed() returns OK and keeps a partial packet (fewer than 188
// bytes, or the bytes of a resync candidate) until the next feed(). finish() says the input is over:
// it completes PES packets of unbounded length (PES_packet_length 0, video) and reports what was
// left incomplete.
//
// Memory is bounded on hostile input: a PES may hold at most max_pes_size bytes, all PES packets in
// progress together max_buffered_bytes, a section 1024 bytes; at most max_warnings warnings are kept
// (later ones are only counted). Events accumulate until take_events().
//
// Thread-safety: one instance per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/ts/psi.h"
#include "streamforge/ts/ts_packet.h"

namespace streamforge::ts {

struct TsReaderOptions {
  bool strict = true;
  size_t max_pes_size = size_t{16} << 20;        // 16 MiB
  size_t max_buffered_bytes = size_t{64} << 20;  // all PES in progress together
  size_t max_warnings = 1000;
};

struct TsPatEvent {
  uint64_t offset = 0;  // of the packet where the section started
  ProgramAssociationTable pat;
};

struct TsPmtEvent {
  uint64_t offset = 0;
  uint16_t pid = 0;
  ProgramMapTable pmt;
};

struct TsPcrEvent {
  uint64_t offset = 0;
  uint16_t pid = 0;
  Pcr pcr;
  bool discontinuity = false;  // discontinuity_indicator of the packet
};

struct TsPesEvent {
  uint64_t offset = 0;      // first byte of the PES's first TS packet
  uint64_t end_offset = 0;  // one past the last byte of its last TS packet
  uint16_t pid = 0;
  uint8_t stream_type = 0;  // from the PMT
  uint8_t stream_id = 0;
  std::optional<int64_t> pts;  // 90 kHz, 33 bits
  std::optional<int64_t> dts;  // present only when the PES has one (use dts.value_or(*pts))
  bool random_access = false;  // random_access_indicator of the first packet
  bool data_alignment = false;
  size_t packet_count = 0;     // TS packets that carried it
  ByteBuffer payload;          // the elementary stream bytes after the PES header
};

using TsEvent = std::variant<TsPatEvent, TsPmtEvent, TsPesEvent, TsPcrEvent>;

struct TsWarning {
  uint64_t offset = 0;  // of the packet (or byte) at fault
  Status status;
};

class TsReader {
 public:
  explicit TsReader(TsReaderOptions options = {});
  TsReader(TsReader&&) noexcept;
  TsReader& operator=(TsReader&&) noexcept;
  ~TsReader();

  // Consumes `data`. OK: everything parsed or buffered (need more data). An error: the stream is
  // corrupt (strict mode); the same error is returned by every later call.
  Status feed(ByteView data);
  // End of input. Emits PES packets still open when they are complete; problems for a trailing
  // partial packet, a PES shorter than its PES_packet_length, or a section cut short.
  // FailedPrecondition when called twice.
  Status finish();

  // The events since the last call, in stream order of the packets that completed them.
  std::vector<TsEvent> take_events();
  const std::vector<TsWarning>& warnings() const;
  size_t warning_count() const;     // including those beyond max_warnings
  uint64_t bytes_fed() const;       // total bytes given to feed()
  size_t bytes_buffered() const;    // bytes of a partial packet waiting for more data
  uint64_t packet_count() const;    // TS packets parsed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Everything a whole buffer holds.
struct TsReadResult {
  std::vector<TsEvent> events;
  std::vector<TsWarning> warnings;

  std::vector<const TsPesEvent*> pes_packets(uint16_t pid) const;
  std::vector<const TsPcrEvent*> pcrs() const;
  const TsPmtEvent* first_pmt() const;
  size_t pat_count() const;
  size_t pmt_count() const;
};

// feed(data) + finish() on a fresh reader.
Result<TsReadResult> read_transport_stream(ByteView data, TsReaderOptions options = {});

}  // namespace streamforge::ts

// MPEG-2 transport stream packets (ISO/IEC 13818-1): the 4-byte header (§2.4.3.2), the adaptation
// field (§2.4.3.4, semantics §2.4.3.5) and the program clock reference it carries.
//
// The writer always produces full 188-byte packets: when the payload does not fill a packet, the
// adaptation field is lengthened with stuffing bytes (§2.4.3.5 stuffing_byte), the only stuffing
// allowed in packets that carry PES data.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::ts {

inline constexpr size_t kPacketSize = 188;
inline constexpr size_t kHeaderSize = 4;
inline constexpr size_t kMaxPayloadSize = kPacketSize - kHeaderSize;  // 184
inline constexpr uint8_t kSyncByte = 0x47;
inline constexpr uint16_t kPatPid = 0x0000;
inline constexpr uint16_t kNullPid = 0x1fff;
inline constexpr uint16_t kMaxPid = 0x1fff;
// PTS, DTS and the PCR base count a 90 kHz clock modulo 2^33; the PCR adds a 27 MHz extension.
inline constexpr uint64_t kTimestampModulus = uint64_t{1} << 33;
inline constexpr uint64_t kPcrTicksPer90kHz = 300;

// §2.4.3.5 program_clock_reference: PCR(i) = base * 300 + extension, in 27 MHz ticks.
struct Pcr {
  uint64_t base = 0;       // 33 bits, 90 kHz
  uint16_t extension = 0;  // 9 bits, 0..299

  uint64_t ticks_27mhz() const { return base * kPcrTicksPer90kHz + extension; }
  // Wraps modulo 2^33 * 300.
  static Pcr from_27mhz(uint64_t ticks) {
    ticks %= kTimestampModulus * kPcrTicksPer90kHz;
    return {ticks / kPcrTicksPer90kHz, static_cast<uint16_t>(ticks % kPcrTicksPer90kHz)};
  }
  static Pcr from_90khz(uint64_t ticks) { return {ticks % kTimestampModulus, 0}; }

  friend bool operator==(const Pcr&, const Pcr&) = default;
};

// The 6 bytes of a PCR or OPCR field: base (33 bits), 6 reserved '1' bits, extension (9 bits).
void write_pcr_field(const Pcr& pcr, uint8_t out[6]);
Pcr read_pcr_field(const uint8_t in[6]);

// §2.4.3.4 adaptation_field(). transport_private_data and adaptation_field_extension are skipped
// when reading and never written.
struct AdaptationField {
  bool discontinuity_indicator = false;
  bool random_access_indicator = false;
  bool elementary_stream_priority_indicator = false;
  std::optional<Pcr> pcr;
  std::optional<Pcr> opcr;
  std::optional<int8_t> splice_countdown;

  // Bytes this field takes in a packet without stuffing, adaptation_field_length byte included.
  size_t encoded_size() const;

  friend bool operator==(const AdaptationField&, const AdaptationField&) = default;
};

// §2.4.3.2 transport_packet() header, less sync_byte and adaptation_field_control (which the
// writer derives from what the packet holds).
struct TsPacketHeader {
  bool transport_error_indicator = false;
  bool payload_unit_start_indicator = false;
  bool transport_priority = false;
  uint16_t pid = 0;                          // 13 bits
  uint8_t transport_scrambling_control = 0;  // 2 bits
  uint8_t continuity_counter = 0;            // 4 bits

  friend bool operator==(const TsPacketHeader&, const TsPacketHeader&) = default;
};

// A parsed packet; `payload` views the parsed bytes.
struct TsPacket {
  TsPacketHeader header;
  uint8_t adaptation_field_control = 1;  // 1 payload only, 2 adaptation field only, 3 both
  std::optional<AdaptationField> adaptation_field;  // also set for a field of length 0
  ByteView payload;

  bool has_payload() const { return (adaptation_field_control & 1) != 0; }
};

// Parses one 188-byte packet. DataLoss when the size is not 188, the sync byte is not 0x47,
// adaptation_field_control is the reserved '00', or the adaptation field's lengths are inconsistent.
Result<TsPacket> parse_packet(ByteView packet);

// Appends one full 188-byte packet to `out`: the header (continuity_counter as given), the
// adaptation field `af` when not null, then as many bytes of `payload` as fit. When fewer remain,
// the adaptation field grows with 0xFF stuffing until the packet is full (one that was not asked
// for is added: a lone adaptation_field_length of 0 for one byte of stuffing). An empty payload
// gives an adaptation-field-only packet (adaptation_field_control '10', §2.4.3.5: length 183).
// Returns the number of payload bytes written.
size_t write_packet(const TsPacketHeader& header, const AdaptationField* af, ByteView payload, ByteBuffer& out);

// Splits a whole PES packet into transport packets on `header.pid` (§2.4.3.2: the first gets
// payload_unit_start_indicator and `first_af`; the last is stuffed). Each packet carries payload,
// so the continuity counter `cc` is used and advanced modulo 16 for every one (§2.4.3.3).
// Returns the number of packets written.
size_t packetize_pes(const TsPacketHeader& header, ByteView pes, const AdaptationField* first_af, uint8_t& cc,
                     ByteBuffer& out);

}  // namespace streamforge::ts

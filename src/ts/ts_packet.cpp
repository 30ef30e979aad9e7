#include "streamforge/ts/ts_packet.h"

#include <algorithm>
#include <string>

namespace streamforge::ts {
namespace {

// §2.4.3.4 adaptation_field() flag bits.
constexpr uint8_t kDiscontinuityFlag = 0x80;
constexpr uint8_t kRandomAccessFlag = 0x40;
constexpr uint8_t kEsPriorityFlag = 0x20;
constexpr uint8_t kPcrFlag = 0x10;
constexpr uint8_t kOpcrFlag = 0x08;
constexpr uint8_t kSplicingPointFlag = 0x04;
constexpr uint8_t kPrivateDataFlag = 0x02;
constexpr uint8_t kExtensionFlag = 0x01;
constexpr uint8_t kStuffingByte = 0xff;

Status corrupt_packet(const std::string& message) { return DataLossError("TS packet: " + message); }

// Parses the `length` bytes after adaptation_field_length.
Result<AdaptationField> parse_adaptation_field(ByteView body) {
  AdaptationField af;
  if (body.empty()) return af;
  const uint8_t flags = body[0];
  af.discontinuity_indicator = flags & kDiscontinuityFlag;
  af.random_access_indicator = flags & kRandomAccessFlag;
  af.elementary_stream_priority_indicator = flags & kEsPriorityFlag;
  size_t i = 1;
  auto need = [&](size_t n, const char* field) -> Status {
    if (body.size() - i < n) {
      return corrupt_packet(std::string(field) + " runs past adaptation_field_length " + std::to_string(body.size()));
    }
    return OkStatus();
  };
  if (flags & kPcrFlag) {
    SF_RETURN_IF_ERROR(need(6, "program_clock_reference"));
    af.pcr = read_pcr_field(body.data() + i);
    i += 6;
  }
  if (flags & kOpcrFlag) {
    SF_RETURN_IF_ERROR(need(6, "original_program_clock_reference"));
    af.opcr = read_pcr_field(body.data() + i);
    i += 6;
  }
  if (flags & kSplicingPointFlag) {
    SF_RETURN_IF_ERROR(need(1, "splice_countdown"));
    af.splice_countdown = static_cast<int8_t>(body[i]);
    i += 1;
  }
  if (flags & kPrivateDataFlag) {
    SF_RETURN_IF_ERROR(need(1, "transport_private_data_length"));
    const size_t n = body[i];
    i += 1;
    SF_RETURN_IF_ERROR(need(n, "transport_private_data"));
    i += n;
  }
  if (flags & kExtensionFlag) {
    SF_RETURN_IF_ERROR(need(1, "adaptation_field_extension_length"));
    const size_t n = body[i];
    i += 1;
    SF_RETURN_IF_ERROR(need(n, "adaptation_field_extension"));
  }
  return af;  // the rest is stuffing
}

}  // namespace

// §2.4.3.4: program_clock_reference_base 33 bits, reserved 6 bits, program_clock_reference_extension 9 bits.
void write_pcr_field(const Pcr& pcr, uint8_t out[6]) {
  const uint64_t base = pcr.base % kTimestampModulus;
  out[0] = static_cast<uint8_t>(base >> 25);
  out[1] = static_cast<uint8_t>(base >> 17);
  out[2] = static_cast<uint8_t>(base >> 9);
  out[3] = static_cast<uint8_t>(base >> 1);
  out[4] = static_cast<uint8_t>((base & 1) << 7 | 0x7e | ((pcr.extension >> 8) & 1));
  out[5] = static_cast<uint8_t>(pcr.extension);
}

Pcr read_pcr_field(const uint8_t in[6]) {
  Pcr pcr;
  pcr.base = uint64_t{in[0]} << 25 | uint64_t{in[1]} << 17 | uint64_t{in[2]} << 9 | uint64_t{in[3]} << 1 | in[4] >> 7;
  pcr.extension = static_cast<uint16_t>((in[4] & 1) << 8 | in[5]);
  return pcr;
}

size_t AdaptationField::encoded_size() const {
  return 2 + (pcr ? 6 : 0) + (opcr ? 6 : 0) + (splice_countdown ? 1 : 0);
}

Result<TsPacket> parse_packet(ByteView p) {
  if (p.size() != kPacketSize) {
    return corrupt_packet("expected " + std::to_string(kPacketSize) + " bytes, got " + std::to_string(p.size()));
  }
  if (p[0] != kSyncByte) return corrupt_packet("sync_byte is 0x" + to_hex(p.first(1)) + ", not 0x47");
  TsPacket packet;
  // §2.4.3.2
  packet.header.transport_error_indicator = p[1] & 0x80;
  packet.header.payload_unit_start_indicator = p[1] & 0x40;
  packet.header.transport_priority = p[1] & 0x20;
  packet.header.pid = static_cast<uint16_t>((p[1] & 0x1f) << 8 | p[2]);
  packet.header.transport_scrambling_control = static_cast<uint8_t>(p[3] >> 6);
  packet.adaptation_field_control = static_cast<uint8_t>((p[3] >> 4) & 3);
  packet.header.continuity_counter = static_cast<uint8_t>(p[3] & 0x0f);
  if (packet.adaptation_field_control == 0) return corrupt_packet("adaptation_field_control '00' is reserved");
  size_t pos = kHeaderSize;
  if (packet.adaptation_field_control & 2) {
    // §2.4.3.5: 0..182 when a payload follows, 183 when the field fills the packet.
    const size_t length = p[4];
    const size_t max = packet.adaptation_field_control == 3 ? 182 : 183;
    if (length > max) {
      return corrupt_packet("adaptation_field_length " + std::to_string(length) + " above " + std::to_string(max));
    }
    SF_ASSIGN_OR_RETURN(packet.adaptation_field, parse_adaptation_field(p.subspan(5, length)));
    pos = 5 + length;
  }
  if (packet.has_payload()) packet.payload = p.subspan(pos);
  return packet;
}

size_t write_packet(const TsPacketHeader& header, const AdaptationField* af, ByteView payload, ByteBuffer& out) {
  const size_t af_size = af ? af->encoded_size() : 0;
  const size_t capacity = kMaxPayloadSize - af_size;
  const size_t n = std::min(capacity, payload.size());
  const size_t af_total = af_size + (capacity - n);  // adaptation field bytes, stuffing included
  const uint8_t afc = static_cast<uint8_t>((af_total > 0 ? 2 : 0) | (n > 0 ? 1 : 0));

  const size_t start = out.size();
  out.resize(start + kPacketSize);
  uint8_t* p = out.data() + start;
  // §2.4.3.2 transport_packet()
  p[0] = kSyncByte;
  p[1] = static_cast<uint8_t>((header.transport_error_indicator ? 0x80 : 0) |
                              (header.payload_unit_start_indicator ? 0x40 : 0) |
                              (header.transport_priority ? 0x20 : 0) | ((header.pid >> 8) & 0x1f));
  p[2] = static_cast<uint8_t>(header.pid);
  p[3] = static_cast<uint8_t>((header.transport_scrambling_control & 3) << 6 | afc << 4 |
                              (header.continuity_counter & 0x0f));
  size_t i = kHeaderSize;
  if (af_total > 0) {
    // §2.4.3.4 adaptation_field(): a length of 0 is one byte of stuffing (no flags byte).
    p[i++] = static_cast<uint8_t>(af_total - 1);
    if (af_total > 1) {
      const size_t end = i + af_total - 1;
      uint8_t flags = 0;
      if (af) {
        flags = static_cast<uint8_t>((af->discontinuity_indicator ? kDiscontinuityFlag : 0) |
                                     (af->random_access_indicator ? kRandomAccessFlag : 0) |
                                     (af->elementary_stream_priority_indicator ? kEsPriorityFlag : 0) |
                                     (af->pcr ? kPcrFlag : 0) | (af->opcr ? kOpcrFlag : 0) |
                                     (af->splice_countdown ? kSplicingPointFlag : 0));
      }
      p[i++] = flags;
      if (af && af->pcr) {
        write_pcr_field(*af->pcr, p + i);
        i += 6;
      }
      if (af && af->opcr) {
        write_pcr_field(*af->opcr, p + i);
        i += 6;
      }
      if (af && af->splice_countdown) p[i++] = static_cast<uint8_t>(*af->splice_countdown);
      std::fill(p + i, p + end, kStuffingByte);
      i = end;
    }
  }
  std::copy(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n), p + i);
  return n;
}

size_t packetize_pes(const TsPacketHeader& header, ByteView pes, const AdaptationField* first_af, uint8_t& cc,
                     ByteBuffer& out) {
  size_t packets = 0;
  size_t pos = 0;
  TsPacketHeader h = header;
  while (pos < pes.size()) {
    h.payload_unit_start_indicator = pos == 0;
    h.continuity_counter = cc;
    cc = static_cast<uint8_t>((cc + 1) & 0x0f);
    pos += write_packet(h, pos == 0 ? first_af : nullptr, pes.subspan(pos), out);
    ++packets;
  }
  return packets;
}

}  // namespace streamforge::ts

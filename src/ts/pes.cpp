#include "streamforge/ts/pes.h"

#include <string>

#include "streamforge/ts/ts_packet.h"
#include "ts/byte_io.h"

namespace streamforge::ts {
namespace {

constexpr size_t kPesFixedSize = 6;     // packet_start_code_prefix, stream_id, PES_packet_length
constexpr size_t kOptionalFixed = 3;    // '10' flags byte, flags byte, PES_header_data_length
constexpr uint8_t kPtsOnlyPrefix = 0x2;  // '0010'
constexpr uint8_t kPtsWithDtsPrefix = 0x3;  // '0011'
constexpr uint8_t kDtsPrefix = 0x1;      // '0001'

bool writes_dts(const PesHeader& h) { return h.pts && h.dts && *h.dts != *h.pts; }

Status corrupt(const std::string& message) { return DataLossError("PES: " + message); }

}  // namespace

bool pes_has_optional_header(uint8_t id) {
  switch (id) {
    case 0xbc: case 0xbe: case 0xbf: case 0xf0: case 0xf1: case 0xf2: case 0xf8: case 0xff:
      return false;
    default:
      return true;
  }
}

size_t pes_header_size(const PesHeader& h) {
  if (!pes_has_optional_header(h.stream_id)) return kPesFixedSize;
  return kPesFixedSize + kOptionalFixed + (h.pts ? 5 : 0) + (writes_dts(h) ? 5 : 0);
}

void write_pes_timestamp(uint8_t prefix, uint64_t value, uint8_t out[5]) {
  const uint64_t v = value % kTimestampModulus;
  out[0] = static_cast<uint8_t>((prefix & 0x0f) << 4 | ((v >> 30) & 0x07) << 1 | 1);
  out[1] = static_cast<uint8_t>(v >> 22);
  out[2] = static_cast<uint8_t>(((v >> 15) & 0x7f) << 1 | 1);
  out[3] = static_cast<uint8_t>(v >> 7);
  out[4] = static_cast<uint8_t>((v & 0x7f) << 1 | 1);
}

Result<int64_t> read_pes_timestamp(const uint8_t in[5], uint8_t expected_prefix) {
  if ((in[0] >> 4) != expected_prefix) {
    return corrupt("timestamp prefix " + std::to_string(in[0] >> 4) + " (expected " +
                   std::to_string(expected_prefix) + ")");
  }
  if ((in[0] & 1) == 0 || (in[2] & 1) == 0 || (in[4] & 1) == 0) return corrupt("timestamp marker_bit is 0");
  const uint64_t v = static_cast<uint64_t>((in[0] >> 1) & 0x07) << 30 | uint64_t{in[1]} << 22 |
                     static_cast<uint64_t>(in[2] >> 1) << 15 | uint64_t{in[3]} << 7 | static_cast<uint64_t>(in[4] >> 1);
  return static_cast<int64_t>(v);
}

Status write_pes_header(const PesHeader& h, size_t payload_size, ByteBuffer& out) {
  if (h.dts && !h.pts) return InvalidArgumentError("PES: a DTS needs a PTS (PTS_DTS_flags '01' is forbidden)");
  if ((h.pts && *h.pts < 0) || (h.dts && *h.dts < 0)) {
    return InvalidArgumentError("PES: timestamps must not be negative");
  }
  const size_t header_size = pes_header_size(h);
  const size_t length = header_size - kPesFixedSize + payload_size;  // bytes after PES_packet_length
  uint16_t pes_packet_length = 0;
  if (length <= 0xffff) {
    pes_packet_length = static_cast<uint16_t>(length);
  } else if (!is_video_stream_id(h.stream_id)) {
    return InvalidArgumentError("PES: " + std::to_string(length) +
                                " bytes exceed PES_packet_length (65535); only video PES packets may be unbounded");
  }
  // §2.4.3.6 PES_packet()
  detail::put_u8(out, 0x00);
  detail::put_u16(out, 0x0001);  // packet_start_code_prefix
  detail::put_u8(out, h.stream_id);
  detail::put_u16(out, pes_packet_length);
  if (!pes_has_optional_header(h.stream_id)) return OkStatus();
  // '10', PES_scrambling_control '00', PES_priority 0, data_alignment_indicator, copyright 0, original_or_copy 0
  detail::put_u8(out, 0x80 | (h.data_alignment_indicator ? 0x04 : 0));
  const uint8_t pts_dts_flags = writes_dts(h) ? 3 : h.pts ? 2 : 0;
  detail::put_u8(out, static_cast<uint32_t>(pts_dts_flags) << 6);  // no ESCR, ES_rate, trick mode, CRC, extension
  detail::put_u8(out, static_cast<uint32_t>(header_size - kPesFixedSize - kOptionalFixed));  // PES_header_data_length
  uint8_t ts[5];
  if (h.pts) {
    write_pes_timestamp(pts_dts_flags == 3 ? kPtsWithDtsPrefix : kPtsOnlyPrefix, static_cast<uint64_t>(*h.pts), ts);
    out.append(ts, 5);
  }
  if (pts_dts_flags == 3) {
    write_pes_timestamp(kDtsPrefix, static_cast<uint64_t>(*h.dts), ts);
    out.append(ts, 5);
  }
  return OkStatus();
}

Result<ParsedPes> parse_pes(ByteView pes) {
  if (pes.size() < kPesFixedSize) return corrupt("truncated in its first 6 bytes");
  if (pes[0] != 0 || pes[1] != 0 || pes[2] != 1) {
    return corrupt("packet_start_code_prefix is " + to_hex(pes.first(3)) + ", not 000001");
  }
  ParsedPes out;
  out.header.stream_id = pes[3];
  out.pes_packet_length = detail::get_u16(pes.data() + 4);
  ByteView data = pes;
  if (out.pes_packet_length != 0) {
    const size_t total = kPesFixedSize + out.pes_packet_length;
    if (pes.size() < total) {
      return corrupt("PES_packet_length " + std::to_string(out.pes_packet_length) + " but only " +
                     std::to_string(pes.size() - kPesFixedSize) + " bytes follow it");
    }
    data = pes.first(total);
  }
  if (!pes_has_optional_header(out.header.stream_id)) {
    out.header_size = kPesFixedSize;
    out.payload = data.subspan(kPesFixedSize);
    return out;
  }
  if (data.size() < kPesFixedSize + kOptionalFixed) return corrupt("optional header truncated");
  if ((data[6] & 0xc0) != 0x80) return corrupt("the bits before PES_scrambling_control are not '10'");
  out.header.data_alignment_indicator = data[6] & 0x04;
  const uint8_t pts_dts_flags = data[7] >> 6;
  if (pts_dts_flags == 1) return corrupt("PTS_DTS_flags '01' is forbidden");
  const size_t header_data_length = data[8];
  out.header_size = kPesFixedSize + kOptionalFixed + header_data_length;
  if (data.size() < out.header_size) {
    return corrupt("PES_header_data_length " + std::to_string(header_data_length) + " runs past the packet");
  }
  const size_t needed = pts_dts_flags == 3 ? 10 : pts_dts_flags == 2 ? 5 : 0;
  if (header_data_length < needed) {
    return corrupt("PES_header_data_length " + std::to_string(header_data_length) + " too short for PTS/DTS");
  }
  const uint8_t* fields = data.data() + kPesFixedSize + kOptionalFixed;
  if (pts_dts_flags & 2) {
    SF_ASSIGN_OR_RETURN(int64_t pts, read_pes_timestamp(fields, pts_dts_flags == 3 ? kPtsWithDtsPrefix : kPtsOnlyPrefix));
    out.header.pts = pts;
  }
  if (pts_dts_flags == 3) {
    SF_ASSIGN_OR_RETURN(int64_t dts, read_pes_timestamp(fields + 5, kDtsPrefix));
    out.header.dts = dts;
  }
  out.payload = data.subspan(out.header_size);
  return out;
}

}  // namespace streamforge::ts

// pic_struct from HEVC's picture timing SEI: how field-coded streams (field_seq_flag) say which
// field each picture is. FFmpeg 5.1 decodes such streams as half-height pictures, so the probe
// and the reader pair them into frames themselves and need the field order.
#include <optional>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/hevc.h"
#include "streamforge/media/nal.h"
#include "streamforge/media/rbsp.h"

namespace streamforge {
namespace {

constexpr uint32_t kPicTimingPayloadType = 1;  // H.265 D.2.1 / Table D.1

// §7.3.5: a payloadType or payloadSize is a run of 0xFF bytes (255 each) plus a last byte.
Result<uint32_t> read_sei_number(BitReader& r, std::string_view field) {
  uint32_t value = 0;
  for (;;) {
    SF_ASSIGN_OR_RETURN(uint32_t byte, r.read<uint32_t>(8, field));
    value += byte;
    if (byte != 0xFF) return value;
    if (value > (1u << 24)) return r.corrupt("HEVC SEI: implausible payload type or size");
  }
}

}  // namespace

Result<std::optional<uint8_t>> parse_hevc_pic_struct(ByteView nal) {
  SF_ASSIGN_OR_RETURN(auto header, parse_hevc_nal_header(nal));
  if (header.type != HevcNalType::kPrefixSei) return std::optional<uint8_t>();
  const ByteBuffer rbsp = unescape_rbsp(nal.subspan(2));
  BitReader r(rbsp.view(), "HEVC SEI");
  // §7.3.2.4 sei_rbsp(): sei_message() until only the rbsp trailing bits are left.
  while (r.more_rbsp_data()) {
    SF_ASSIGN_OR_RETURN(uint32_t type, read_sei_number(r, "last_payload_type_byte"));
    SF_ASSIGN_OR_RETURN(uint32_t size, read_sei_number(r, "last_payload_size_byte"));
    if (size > r.bytes_left()) return r.corrupt("HEVC SEI: payload size runs past the NAL unit");
    if (type == kPicTimingPayloadType) {
      // D.2.3 pic_timing(): pic_struct u(4) first when frame_field_info_present_flag.
      if (size == 0) return r.corrupt("HEVC SEI: empty picture timing message");
      SF_ASSIGN_OR_RETURN(uint8_t pic_struct, r.read<uint8_t>(4, "pic_struct"));
      return std::optional<uint8_t>(pic_struct);
    }
    SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{size} * 8, "sei payload"));
  }
  return std::optional<uint8_t>();
}

// Table D.2: 1 top field, 2 bottom field; 9/10 a top/bottom field paired with the previous
// field in output order, 11/12 with the next one.
std::optional<bool> hevc_pic_struct_is_top_field(uint8_t pic_struct) {
  switch (pic_struct) {
    case 1: case 9: case 11: return true;
    case 2: case 10: case 12: return false;
    default: return std::nullopt;
  }
}

std::optional<bool> hevc_pic_struct_top_field_first(uint8_t pic_struct) {
  switch (pic_struct) {
    case 1: case 10: case 11: return true;   // a top field that opens its frame, or a bottom one that closes it
    case 2: case 9: case 12: return false;
    default: return std::nullopt;
  }
}

}  // namespace streamforge

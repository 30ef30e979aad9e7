#include "streamforge/media/av1.h"

#include <string>

#include "streamforge/media/bit_reader.h"

namespace streamforge {
namespace {

constexpr uint8_t kSelect = 2;  // SELECT_SCREEN_CONTENT_TOOLS / SELECT_INTEGER_MV
constexpr uint8_t kCpBt709 = 1;
constexpr uint8_t kTcSrgb = 13;
constexpr uint8_t kMcIdentity = 0;
constexpr size_t kMaxLeb128Bytes = 8;

// §4.10.3 uvlc().
Result<uint32_t> read_uvlc(BitReader& r, std::string_view field) {
  int leading_zeros = 0;
  while (true) {
    SF_ASSIGN_OR_RETURN(bool done, r.read_flag(field));
    if (done) break;
    ++leading_zeros;
  }
  if (leading_zeros >= 32) return UINT32_MAX;
  SF_ASSIGN_OR_RETURN(uint64_t value, r.read_bits(leading_zeros, field));
  return static_cast<uint32_t>(value + (uint64_t{1} << leading_zeros) - 1);
}

// §5.5.2 color_config(), with the semantics of §6.4.2 for the values not coded.
Status parse_color_config(BitReader& r, uint8_t seq_profile, Av1ColorConfig& cc) {
  SF_ASSIGN_OR_RETURN(bool high_bitdepth, r.read_flag("high_bitdepth"));
  if (seq_profile == 2 && high_bitdepth) {
    SF_ASSIGN_OR_RETURN(bool twelve_bit, r.read_flag("twelve_bit"));
    cc.bit_depth = twelve_bit ? 12 : 10;
  } else {
    cc.bit_depth = high_bitdepth ? 10 : 8;
  }
  if (seq_profile != 1) {
    SF_ASSIGN_OR_RETURN(cc.mono_chrome, r.read_flag("mono_chrome"));
  }
  SF_ASSIGN_OR_RETURN(cc.color_description_present_flag, r.read_flag("color_description_present_flag"));
  if (cc.color_description_present_flag) {
    SF_ASSIGN_OR_RETURN(cc.color_primaries, r.read<uint8_t>(8, "color_primaries"));
    SF_ASSIGN_OR_RETURN(cc.transfer_characteristics, r.read<uint8_t>(8, "transfer_characteristics"));
    SF_ASSIGN_OR_RETURN(cc.matrix_coefficients, r.read<uint8_t>(8, "matrix_coefficients"));
  }
  if (cc.mono_chrome) {
    SF_ASSIGN_OR_RETURN(cc.color_range, r.read_flag("color_range"));
    cc.subsampling_x = cc.subsampling_y = true;
    cc.chroma_sample_position = 0;
    cc.separate_uv_delta_q = false;
    return OkStatus();
  }
  if (cc.color_primaries == kCpBt709 && cc.transfer_characteristics == kTcSrgb &&
      cc.matrix_coefficients == kMcIdentity) {
    cc.color_range = true;  // sRGB: 4:4:4, full range
    cc.subsampling_x = cc.subsampling_y = false;
  } else {
    SF_ASSIGN_OR_RETURN(cc.color_range, r.read_flag("color_range"));
    if (seq_profile == 0) {
      cc.subsampling_x = cc.subsampling_y = true;
    } else if (seq_profile == 1) {
      cc.subsampling_x = cc.subsampling_y = false;
    } else if (cc.bit_depth == 12) {
      SF_ASSIGN_OR_RETURN(cc.subsampling_x, r.read_flag("subsampling_x"));
      cc.subsampling_y = false;
      if (cc.subsampling_x) {
        SF_ASSIGN_OR_RETURN(cc.subsampling_y, r.read_flag("subsampling_y"));
      }
    } else {
      cc.subsampling_x = true;  // profile 2 at 8/10 bits: 4:2:2
      cc.subsampling_y = false;
    }
    if (cc.subsampling_x && cc.subsampling_y) {
      SF_ASSIGN_OR_RETURN(cc.chroma_sample_position, r.read<uint8_t>(2, "chroma_sample_position"));
    }
  }
  SF_ASSIGN_OR_RETURN(cc.separate_uv_delta_q, r.read_flag("separate_uv_delta_q"));
  return OkStatus();
}

Status parse_operating_points(BitReader& r, Av1SequenceHeader& sh, uint32_t buffer_delay_length) {
  SF_ASSIGN_OR_RETURN(uint32_t count_minus_1, r.read<uint32_t>(5, "operating_points_cnt_minus_1"));
  sh.operating_points.resize(count_minus_1 + 1);
  for (Av1OperatingPoint& op : sh.operating_points) {
    SF_ASSIGN_OR_RETURN(op.idc, r.read<uint16_t>(12, "operating_point_idc"));
    SF_ASSIGN_OR_RETURN(op.seq_level_idx, r.read<uint8_t>(5, "seq_level_idx"));
    if (op.seq_level_idx > 7) {
      SF_ASSIGN_OR_RETURN(op.seq_tier, r.read_flag("seq_tier"));
    }
    if (sh.decoder_model_info_present_flag) {
      SF_ASSIGN_OR_RETURN(op.decoder_model_present, r.read_flag("decoder_model_present_for_this_op"));
      if (op.decoder_model_present) {
        // §5.5.5 operating_parameters_info(): decoder/encoder_buffer_delay f(n) each, low_delay_mode_flag.
        SF_RETURN_IF_ERROR(r.skip_bits(2 * uint64_t{buffer_delay_length} + 1, "operating_parameters_info"));
      }
    }
    if (sh.initial_display_delay_present_flag) {
      SF_ASSIGN_OR_RETURN(op.initial_display_delay_present, r.read_flag("initial_display_delay_present_for_this_op"));
      if (op.initial_display_delay_present) {
        SF_ASSIGN_OR_RETURN(op.initial_display_delay_minus_1, r.read<uint8_t>(4, "initial_display_delay_minus_1"));
      }
    }
  }
  return OkStatus();
}

Status parse_sequence_header(BitReader& r, Av1SequenceHeader& sh) {
  SF_ASSIGN_OR_RETURN(sh.seq_profile, r.read<uint8_t>(3, "seq_profile"));
  if (sh.seq_profile > 2) return r.out_of_range("seq_profile", sh.seq_profile, 0, 2);
  SF_ASSIGN_OR_RETURN(sh.still_picture, r.read_flag("still_picture"));
  SF_ASSIGN_OR_RETURN(sh.reduced_still_picture_header, r.read_flag("reduced_still_picture_header"));
  if (sh.reduced_still_picture_header && !sh.still_picture) {
    return r.corrupt("reduced_still_picture_header set without still_picture");
  }
  if (sh.reduced_still_picture_header) {
    Av1OperatingPoint op;
    SF_ASSIGN_OR_RETURN(op.seq_level_idx, r.read<uint8_t>(5, "seq_level_idx"));
    sh.operating_points = {op};
  } else {
    uint32_t buffer_delay_length = 0;
    SF_ASSIGN_OR_RETURN(sh.timing_info_present_flag, r.read_flag("timing_info_present_flag"));
    if (sh.timing_info_present_flag) {
      // §5.5.3 timing_info()
      SF_ASSIGN_OR_RETURN(sh.num_units_in_display_tick, r.read<uint32_t>(32, "num_units_in_display_tick"));
      SF_ASSIGN_OR_RETURN(sh.time_scale, r.read<uint32_t>(32, "time_scale"));
      SF_ASSIGN_OR_RETURN(sh.equal_picture_interval, r.read_flag("equal_picture_interval"));
      if (sh.equal_picture_interval) {
        SF_ASSIGN_OR_RETURN(sh.num_ticks_per_picture_minus_1, read_uvlc(r, "num_ticks_per_picture_minus_1"));
      }
      SF_ASSIGN_OR_RETURN(sh.decoder_model_info_present_flag, r.read_flag("decoder_model_info_present_flag"));
      if (sh.decoder_model_info_present_flag) {
        // §5.5.4 decoder_model_info()
        SF_ASSIGN_OR_RETURN(uint32_t length_minus_1, r.read<uint32_t>(5, "buffer_delay_length_minus_1"));
        buffer_delay_length = length_minus_1 + 1;
        // num_units_in_decoding_tick f(32), buffer_removal_time_length_minus_1 f(5),
        // frame_presentation_time_length_minus_1 f(5)
        SF_RETURN_IF_ERROR(r.skip_bits(42, "decoder_model_info"));
      }
    }
    SF_ASSIGN_OR_RETURN(sh.initial_display_delay_present_flag, r.read_flag("initial_display_delay_present_flag"));
    SF_RETURN_IF_ERROR(parse_operating_points(r, sh, buffer_delay_length));
  }

  SF_ASSIGN_OR_RETURN(uint8_t width_bits_minus_1, r.read<uint8_t>(4, "frame_width_bits_minus_1"));
  SF_ASSIGN_OR_RETURN(uint8_t height_bits_minus_1, r.read<uint8_t>(4, "frame_height_bits_minus_1"));
  sh.frame_width_bits = static_cast<uint8_t>(width_bits_minus_1 + 1);
  sh.frame_height_bits = static_cast<uint8_t>(height_bits_minus_1 + 1);
  SF_ASSIGN_OR_RETURN(uint32_t max_width_minus_1, r.read<uint32_t>(sh.frame_width_bits, "max_frame_width_minus_1"));
  SF_ASSIGN_OR_RETURN(uint32_t max_height_minus_1, r.read<uint32_t>(sh.frame_height_bits, "max_frame_height_minus_1"));
  sh.max_frame_width = max_width_minus_1 + 1;
  sh.max_frame_height = max_height_minus_1 + 1;
  if (!sh.reduced_still_picture_header) {
    SF_ASSIGN_OR_RETURN(sh.frame_id_numbers_present_flag, r.read_flag("frame_id_numbers_present_flag"));
  }
  if (sh.frame_id_numbers_present_flag) {
    // delta_frame_id_length_minus_2 f(4), additional_frame_id_length_minus_1 f(3)
    SF_RETURN_IF_ERROR(r.skip_bits(7, "frame id lengths"));
  }
  SF_ASSIGN_OR_RETURN(sh.use_128x128_superblock, r.read_flag("use_128x128_superblock"));
  SF_ASSIGN_OR_RETURN(sh.enable_filter_intra, r.read_flag("enable_filter_intra"));
  SF_ASSIGN_OR_RETURN(sh.enable_intra_edge_filter, r.read_flag("enable_intra_edge_filter"));
  if (!sh.reduced_still_picture_header) {
    SF_ASSIGN_OR_RETURN(sh.enable_interintra_compound, r.read_flag("enable_interintra_compound"));
    SF_ASSIGN_OR_RETURN(sh.enable_masked_compound, r.read_flag("enable_masked_compound"));
    SF_ASSIGN_OR_RETURN(sh.enable_warped_motion, r.read_flag("enable_warped_motion"));
    SF_ASSIGN_OR_RETURN(sh.enable_dual_filter, r.read_flag("enable_dual_filter"));
    SF_ASSIGN_OR_RETURN(sh.enable_order_hint, r.read_flag("enable_order_hint"));
    if (sh.enable_order_hint) {
      SF_ASSIGN_OR_RETURN(sh.enable_jnt_comp, r.read_flag("enable_jnt_comp"));
      SF_ASSIGN_OR_RETURN(sh.enable_ref_frame_mvs, r.read_flag("enable_ref_frame_mvs"));
    }
    SF_ASSIGN_OR_RETURN(bool choose_screen_content_tools, r.read_flag("seq_choose_screen_content_tools"));
    if (choose_screen_content_tools) {
      sh.seq_force_screen_content_tools = kSelect;
    } else {
      SF_ASSIGN_OR_RETURN(sh.seq_force_screen_content_tools, r.read<uint8_t>(1, "seq_force_screen_content_tools"));
    }
    if (sh.seq_force_screen_content_tools > 0) {
      SF_ASSIGN_OR_RETURN(bool choose_integer_mv, r.read_flag("seq_choose_integer_mv"));
      if (choose_integer_mv) {
        sh.seq_force_integer_mv = kSelect;
      } else {
        SF_ASSIGN_OR_RETURN(sh.seq_force_integer_mv, r.read<uint8_t>(1, "seq_force_integer_mv"));
      }
    } else {
      sh.seq_force_integer_mv = kSelect;
    }
    if (sh.enable_order_hint) {
      SF_ASSIGN_OR_RETURN(uint8_t bits_minus_1, r.read<uint8_t>(3, "order_hint_bits_minus_1"));
      sh.order_hint_bits = static_cast<uint8_t>(bits_minus_1 + 1);
    }
  }
  SF_ASSIGN_OR_RETURN(sh.enable_superres, r.read_flag("enable_superres"));
  SF_ASSIGN_OR_RETURN(sh.enable_cdef, r.read_flag("enable_cdef"));
  SF_ASSIGN_OR_RETURN(sh.enable_restoration, r.read_flag("enable_restoration"));
  SF_RETURN_IF_ERROR(parse_color_config(r, sh.seq_profile, sh.color_config));
  SF_ASSIGN_OR_RETURN(sh.film_grain_params_present, r.read_flag("film_grain_params_present"));
  return OkStatus();
}

}  // namespace

Result<Leb128> read_leb128(ByteView data) {
  Leb128 out;
  for (size_t i = 0; i < kMaxLeb128Bytes; ++i) {
    if (i >= data.size()) {
      return DataLossError("leb128: truncated after " + std::to_string(i) + " bytes");
    }
    out.value |= uint64_t{data[i] & 0x7fu} << (7 * i);
    if ((data[i] & 0x80) == 0) {
      out.size = i + 1;
      if (out.value > UINT32_MAX) {
        return DataLossError("leb128: value " + std::to_string(out.value) + " exceeds 2^32 - 1");
      }
      return out;
    }
  }
  return DataLossError("leb128: more than 8 bytes");
}

void write_leb128(uint64_t value, ByteBuffer& out) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

Result<Av1Obu> parse_obu(ByteView data) {
  if (data.empty()) return DataLossError("AV1 OBU: empty");
  // §5.3.2 obu_header(): forbidden bit, obu_type(4), extension flag, has_size_field, reserved bit.
  const uint8_t h = data[0];
  if (h & 0x80) return DataLossError("AV1 OBU: obu_forbidden_bit is set");
  Av1Obu obu;
  obu.header.type = static_cast<Av1ObuType>((h >> 3) & 0x0f);
  obu.header.has_extension = (h >> 2) & 1;
  obu.header.has_size_field = (h >> 1) & 1;
  size_t offset = 1;
  if (obu.header.has_extension) {
    // §5.3.3 obu_extension_header(): temporal_id(3), spatial_id(2), reserved(3).
    if (data.size() < 2) return DataLossError("AV1 OBU: truncated before the extension header");
    obu.header.temporal_id = static_cast<uint8_t>(data[1] >> 5);
    obu.header.spatial_id = static_cast<uint8_t>((data[1] >> 3) & 3);
    offset = 2;
  }
  size_t payload_size = data.size() - offset;
  if (obu.header.has_size_field) {
    auto size = read_leb128(data.subspan(offset));
    if (!size.ok()) return size.status().with_context("AV1 OBU: obu_size");
    offset += size->size;
    if (size->value > data.size() - offset) {
      return DataLossError("AV1 OBU: obu_size " + std::to_string(size->value) + " exceeds the " +
                           std::to_string(data.size() - offset) + " bytes left");
    }
    payload_size = static_cast<size_t>(size->value);
  }
  obu.payload = data.subspan(offset, payload_size);
  obu.bytes = data.first(offset + payload_size);
  return obu;
}

Result<std::vector<Av1Obu>> split_obus(ByteView data) {
  std::vector<Av1Obu> obus;
  size_t offset = 0;
  while (offset < data.size()) {
    auto obu = parse_obu(data.subspan(offset));
    if (!obu.ok()) return obu.status().with_context("AV1 OBUs, offset " + std::to_string(offset));
    offset += obu->bytes.size();
    obus.push_back(*obu);
  }
  return obus;
}

Result<Av1SequenceHeader> parse_av1_sequence_header(ByteView payload) {
  BitReader r(payload, "AV1 sequence header");
  Av1SequenceHeader sh;
  SF_RETURN_IF_ERROR(parse_sequence_header(r, sh));
  return sh;
}

Result<Av1SequenceHeader> find_av1_sequence_header(ByteView obus) {
  SF_ASSIGN_OR_RETURN(auto all, split_obus(obus));
  for (const Av1Obu& obu : all) {
    if (obu.header.type == Av1ObuType::kSequenceHeader) return parse_av1_sequence_header(obu.payload);
  }
  return NotFoundError("AV1: no sequence header OBU among " + std::to_string(all.size()) + " OBUs");
}

}  // namespace streamforge

// AV1 low-overhead bitstream (AV1 Bitstream & Decoding Process Specification): OBU headers (§5.3),
// leb128 sizes (§4.10.5), iteration over the OBUs of a temporal unit or ISOBMFF sample, and the
// sequence header OBU (§5.5) including color_config (§5.5.2). Pure functions, thread-safe; the
// Av1Obu views point into the caller's buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

// §6.2.2 obu_type.
enum class Av1ObuType : uint8_t {
  kReserved0 = 0,
  kSequenceHeader = 1,
  kTemporalDelimiter = 2,
  kFrameHeader = 3,
  kTileGroup = 4,
  kMetadata = 5,
  kFrame = 6,
  kRedundantFrameHeader = 7,
  kTileList = 8,
  kPadding = 15,
};

struct Av1ObuHeader {
  Av1ObuType type = Av1ObuType::kReserved0;
  bool has_extension = false;   // obu_extension_flag
  bool has_size_field = false;  // obu_has_size_field
  uint8_t temporal_id = 0;      // from the extension header, 0 without one
  uint8_t spatial_id = 0;
};

// One OBU inside a caller-owned buffer.
struct Av1Obu {
  Av1ObuHeader header;
  ByteView bytes;    // the whole OBU: header, optional leb128 size, payload
  ByteView payload;  // obu_size bytes after the header (and size field)
};

// §4.10.5 leb128(): little-endian base-128, at most 8 bytes. DataLoss when truncated or when the
// value exceeds 2^32 - 1 (the spec's conformance limit).
struct Leb128 {
  uint64_t value = 0;
  size_t size = 0;  // bytes consumed
};
Result<Leb128> read_leb128(ByteView data);
// Appends value in the fewest bytes (at most 5 for the values read_leb128 accepts).
void write_leb128(uint64_t value, ByteBuffer& out);

// The OBU at the start of data. An OBU without obu_has_size_field extends to the end of data
// (allowed for the last OBU of an ISOBMFF sample). DataLoss on a set forbidden bit or a size past
// the end.
Result<Av1Obu> parse_obu(ByteView data);
// Every OBU of a temporal unit / sample, in order.
Result<std::vector<Av1Obu>> split_obus(ByteView data);
// The views would outlive a temporary buffer: keep the bytes in a variable.
Result<Av1Obu> parse_obu(ByteBuffer&& data) = delete;
Result<std::vector<Av1Obu>> split_obus(ByteBuffer&& data) = delete;

// §5.5.2 color_config() with the derived values of §6.4.2.
struct Av1ColorConfig {
  uint8_t bit_depth = 8;  // from high_bitdepth / twelve_bit
  bool mono_chrome = false;
  bool color_description_present_flag = false;
  uint8_t color_primaries = 2;  // CP_UNSPECIFIED
  uint8_t transfer_characteristics = 2;
  uint8_t matrix_coefficients = 2;
  bool color_range = false;  // true: full range
  bool subsampling_x = true;
  bool subsampling_y = true;
  uint8_t chroma_sample_position = 0;  // CSP_UNKNOWN; 1 vertical, 2 colocated
  bool separate_uv_delta_q = false;

  friend bool operator==(const Av1ColorConfig&, const Av1ColorConfig&) = default;
};

struct Av1OperatingPoint {
  uint16_t idc = 0;            // operating_point_idc (12 bits)
  uint8_t seq_level_idx = 0;   // 5 bits: level X.Y is (X - 2) * 4 + Y
  bool seq_tier = false;       // only coded when seq_level_idx > 7
  bool decoder_model_present = false;
  bool initial_display_delay_present = false;
  uint8_t initial_display_delay_minus_1 = 9;  // inferred 10 - 1 when absent

  friend bool operator==(const Av1OperatingPoint&, const Av1OperatingPoint&) = default;
};

// §5.5.1 sequence_header_obu().
struct Av1SequenceHeader {
  uint8_t seq_profile = 0;  // 0 Main, 1 High, 2 Professional
  bool still_picture = false;
  bool reduced_still_picture_header = false;
  bool timing_info_present_flag = false;
  uint32_t num_units_in_display_tick = 0;
  uint32_t time_scale = 0;
  bool equal_picture_interval = false;
  uint32_t num_ticks_per_picture_minus_1 = 0;
  bool decoder_model_info_present_flag = false;
  bool initial_display_delay_present_flag = false;
  std::vector<Av1OperatingPoint> operating_points;  // at least one
  uint8_t frame_width_bits = 1;   // frame_width_bits_minus_1 + 1
  uint8_t frame_height_bits = 1;
  uint32_t max_frame_width = 0;   // max_frame_width_minus_1 + 1
  uint32_t max_frame_height = 0;
  bool frame_id_numbers_present_flag = false;
  bool use_128x128_superblock = false;
  bool enable_filter_intra = false;
  bool enable_intra_edge_filter = false;
  bool enable_interintra_compound = false;
  bool enable_masked_compound = false;
  bool enable_warped_motion = false;
  bool enable_dual_filter = false;
  bool enable_order_hint = false;
  bool enable_jnt_comp = false;
  bool enable_ref_frame_mvs = false;
  uint8_t seq_force_screen_content_tools = 2;  // 2: SELECT_SCREEN_CONTENT_TOOLS
  uint8_t seq_force_integer_mv = 2;            // 2: SELECT_INTEGER_MV
  uint8_t order_hint_bits = 0;
  bool enable_superres = false;
  bool enable_cdef = false;
  bool enable_restoration = false;
  Av1ColorConfig color_config;
  bool film_grain_params_present = false;

  friend bool operator==(const Av1SequenceHeader&, const Av1SequenceHeader&) = default;
};

// Parses the payload of a sequence header OBU (Av1Obu::payload).
Result<Av1SequenceHeader> parse_av1_sequence_header(ByteView payload);
// Finds the first sequence header OBU in a run of OBUs (a temporal unit, or av1C configOBUs) and
// parses it. NotFound when there is none.
Result<Av1SequenceHeader> find_av1_sequence_header(ByteView obus);

}  // namespace streamforge

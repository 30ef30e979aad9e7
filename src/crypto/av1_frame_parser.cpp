#include "crypto/av1_frame_parser.h"

#include <algorithm>
#include <string>

#include "streamforge/media/av1_config.h"
#include "streamforge/media/bit_reader.h"

namespace streamforge::crypto::detail {
namespace {

// §3 symbols and abbreviated terms.
constexpr int kNumRefFrames = 8;
constexpr int kRefsPerFrame = 7;
constexpr uint32_t kPrimaryRefNone = 7;
constexpr uint8_t kSelect = 2;  // SELECT_SCREEN_CONTENT_TOOLS / SELECT_INTEGER_MV
constexpr uint32_t kSuperresNum = 8;
constexpr uint32_t kSuperresDenomMin = 9;
constexpr uint32_t kMaxTileWidth = 4096;
constexpr uint32_t kMaxTileArea = 4096 * 2304;
constexpr uint32_t kMaxTileRows = 64;
constexpr uint32_t kMaxTileCols = 64;
constexpr int kMaxSegments = 8;
constexpr int kSegLvlMax = 8;
constexpr int kSegLvlAltQ = 0;
constexpr int kSegmentationFeatureBits[kSegLvlMax] = {8, 6, 6, 6, 6, 3, 0, 0};
constexpr bool kSegmentationFeatureSigned[kSegLvlMax] = {true, true, true, true, true, false, false, false};
constexpr int kSegmentationFeatureMax[kSegLvlMax] = {255, 63, 63, 63, 63, 7, 0, 0};

enum FrameType : uint32_t { kKeyFrame = 0, kInterFrame = 1, kIntraOnlyFrame = 2, kSwitchFrame = 3 };
// Reference frame names (§6.10.24): LAST_FRAME = 1 ... ALTREF_FRAME = 7.
enum RefName : int { kLast = 1, kLast2 = 2, kLast3 = 3, kGolden = 4, kBwdref = 5, kAltref2 = 6, kAltref = 7 };
// Global motion types (§6.8.17).
enum GmType : uint32_t { kIdentity = 0, kTranslation = 1, kRotzoom = 2, kAffine = 3 };

using FeatureEnabled = std::array<std::array<bool, kSegLvlMax>, kMaxSegments>;
using FeatureData = std::array<std::array<int32_t, kSegLvlMax>, kMaxSegments>;

// The parts of a sequence header the frame header syntax needs. media/ parses most of it; the
// decoder-model and frame-id lengths it does not keep are read here (§5.5.1, §5.5.3, §5.5.4).
struct SequenceInfo {
  Av1SequenceHeader sh;
  uint32_t buffer_removal_time_length = 0;      // buffer_removal_time_length_minus_1 + 1
  uint32_t frame_presentation_time_length = 0;  // frame_presentation_time_length_minus_1 + 1
  uint32_t delta_frame_id_length_minus_2 = 0;
  uint32_t additional_frame_id_length_minus_1 = 0;
  int num_planes() const { return sh.color_config.mono_chrome ? 1 : 3; }
};

// uvlc() (§4.10.3)
Status skip_uvlc(BitReader& r) {
  int leading_zeros = 0;
  while (true) {
    SF_ASSIGN_OR_RETURN(bool done, r.read_flag("uvlc"));
    if (done) break;
    if (++leading_zeros > 32) return r.corrupt("uvlc() longer than 32 bits");
  }
  if (leading_zeros >= 32) return OkStatus();
  return r.skip_bits(static_cast<uint64_t>(leading_zeros), "uvlc");
}

Status read_sequence_lengths(ByteView payload, SequenceInfo& info) {
  BitReader r(payload, "AV1 sequence header");
  SF_RETURN_IF_ERROR(r.skip_bits(4, "seq_profile, still_picture"));
  SF_ASSIGN_OR_RETURN(bool reduced, r.read_flag("reduced_still_picture_header"));
  if (reduced) return OkStatus();  // no decoder model, no frame ids
  SF_ASSIGN_OR_RETURN(bool timing_info_present, r.read_flag("timing_info_present_flag"));
  bool decoder_model_info_present = false;
  uint32_t buffer_delay_length = 0;
  if (timing_info_present) {
    SF_RETURN_IF_ERROR(r.skip_bits(64, "num_units_in_display_tick, time_scale"));
    SF_ASSIGN_OR_RETURN(bool equal_picture_interval, r.read_flag("equal_picture_interval"));
    if (equal_picture_interval) SF_RETURN_IF_ERROR(skip_uvlc(r));
    SF_ASSIGN_OR_RETURN(decoder_model_info_present, r.read_flag("decoder_model_info_present_flag"));
    if (decoder_model_info_present) {
      SF_ASSIGN_OR_RETURN(uint32_t bdl, r.read<uint32_t>(5, "buffer_delay_length_minus_1"));
      buffer_delay_length = bdl + 1;
      SF_RETURN_IF_ERROR(r.skip_bits(32, "num_units_in_decoding_tick"));
      SF_ASSIGN_OR_RETURN(uint32_t brtl, r.read<uint32_t>(5, "buffer_removal_time_length_minus_1"));
      SF_ASSIGN_OR_RETURN(uint32_t fptl, r.read<uint32_t>(5, "frame_presentation_time_length_minus_1"));
      info.buffer_removal_time_length = brtl + 1;
      info.frame_presentation_time_length = fptl + 1;
    }
  }
  SF_ASSIGN_OR_RETURN(bool initial_display_delay_present, r.read_flag("initial_display_delay_present_flag"));
  SF_ASSIGN_OR_RETURN(uint32_t ops_minus_1, r.read<uint32_t>(5, "operating_points_cnt_minus_1"));
  for (uint32_t i = 0; i <= ops_minus_1; ++i) {
    SF_RETURN_IF_ERROR(r.skip_bits(12, "operating_point_idc"));
    SF_ASSIGN_OR_RETURN(uint32_t level, r.read<uint32_t>(5, "seq_level_idx"));
    if (level > 7) SF_RETURN_IF_ERROR(r.skip_bits(1, "seq_tier"));
    if (decoder_model_info_present) {
      SF_ASSIGN_OR_RETURN(bool present, r.read_flag("decoder_model_present_for_this_op"));
      if (present) SF_RETURN_IF_ERROR(r.skip_bits(2 * uint64_t{buffer_delay_length} + 1, "operating_parameters_info"));
    }
    if (initial_display_delay_present) {
      SF_ASSIGN_OR_RETURN(bool present, r.read_flag("initial_display_delay_present_for_this_op"));
      if (present) SF_RETURN_IF_ERROR(r.skip_bits(4, "initial_display_delay_minus_1"));
    }
  }
  SF_ASSIGN_OR_RETURN(uint32_t wb, r.read<uint32_t>(4, "frame_width_bits_minus_1"));
  SF_ASSIGN_OR_RETURN(uint32_t hb, r.read<uint32_t>(4, "frame_height_bits_minus_1"));
  SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{wb} + 1 + hb + 1, "max_frame_width/height_minus_1"));
  SF_ASSIGN_OR_RETURN(bool frame_ids, r.read_flag("frame_id_numbers_present_flag"));
  if (frame_ids) {
    SF_ASSIGN_OR_RETURN(info.delta_frame_id_length_minus_2, r.read<uint32_t>(4, "delta_frame_id_length_minus_2"));
    SF_ASSIGN_OR_RETURN(info.additional_frame_id_length_minus_1,
                        r.read<uint32_t>(3, "additional_frame_id_length_minus_1"));
  }
  return OkStatus();
}

Result<SequenceInfo> parse_sequence_info(ByteView payload) {
  SequenceInfo info;
  SF_ASSIGN_OR_RETURN(info.sh, parse_av1_sequence_header(payload));
  SF_RETURN_IF_ERROR(read_sequence_lengths(payload, info));
  return info;
}

// su(n) (§4.10.6)
Result<int32_t> read_su(BitReader& r, int n, std::string_view field) {
  SF_ASSIGN_OR_RETURN(uint32_t value, r.read<uint32_t>(n, field));
  const uint32_t sign_mask = 1u << (n - 1);
  if (value & sign_mask) return static_cast<int32_t>(value) - static_cast<int32_t>(2 * sign_mask);
  return static_cast<int32_t>(value);
}

int floor_log2(uint32_t x) {
  int s = 0;
  while (x > 1) {
    x >>= 1;
    ++s;
  }
  return s;
}

// ns(n) (§4.10.7)
Result<uint32_t> read_ns(BitReader& r, uint32_t n, std::string_view field) {
  if (n == 0) return r.corrupt(std::string(field) + ": ns(0)");
  const int w = floor_log2(n) + 1;
  const uint32_t m = (1u << w) - n;
  SF_ASSIGN_OR_RETURN(uint32_t v, r.read<uint32_t>(w - 1, field));
  if (v < m) return v;
  SF_ASSIGN_OR_RETURN(uint32_t extra, r.read<uint32_t>(1, field));
  return (v << 1) - m + extra;
}

// decode_subexp(numSyms) (§5.9.26): only its length matters here.
Status skip_subexp(BitReader& r, uint32_t num_syms) {
  uint32_t i = 0, mk = 0;
  const uint32_t k = 3;
  while (true) {
    const uint32_t b2 = i ? k + i - 1 : k;
    const uint32_t a = 1u << b2;
    if (num_syms <= mk + 3 * a) return read_ns(r, num_syms - mk, "subexp_final_bits").status();
    SF_ASSIGN_OR_RETURN(bool more, r.read_flag("subexp_more_bits"));
    if (!more) return r.skip_bits(b2, "subexp_bits");
    ++i;
    mk += a;
    if (i > 24) return r.corrupt("runaway subexp code");
  }
}

// tile_log2(blkSize, target) (§5.9.15)
uint32_t tile_log2(uint32_t blk_size, uint32_t target) {
  uint32_t k = 0;
  while ((uint64_t{blk_size} << k) < target) ++k;
  return k;
}

}  // namespace

// ---- State ----

struct Av1FrameParser::State {
  struct RefSlot {
    bool valid = false;
    uint32_t frame_type = kKeyFrame;
    uint32_t upscaled_width = 0, frame_width = 0, frame_height = 0, render_width = 0, render_height = 0;
    uint32_t order_hint = 0;
    FeatureEnabled feature_enabled{};
    FeatureData feature_data{};
  };
  // The frame whose header was read last, as far as tile groups need it.
  struct Frame {
    uint32_t tile_cols = 1, tile_rows = 1, tile_cols_log2 = 0, tile_rows_log2 = 0, tile_size_bytes = 4;
    uint64_t header_bits = 0;  // length of uncompressed_header(), for frame_header_copy() in an OBU_FRAME
    uint32_t next_tile = 0;
  };

  std::optional<SequenceInfo> seq;
  std::array<RefSlot, kNumRefFrames> refs{};
  Frame frame;
  bool seen_frame_header = false;

  Status sequence_header(ByteView payload) {
    SF_ASSIGN_OR_RETURN(SequenceInfo info, parse_sequence_info(payload));
    seq = std::move(info);
    return OkStatus();
  }

  int32_t relative_dist(uint32_t a, uint32_t b) const {
    if (!seq->sh.enable_order_hint) return 0;
    const int bits = seq->sh.order_hint_bits;
    int32_t diff = static_cast<int32_t>(a) - static_cast<int32_t>(b);
    const int32_t m = 1 << (bits - 1);
    diff = (diff & (m - 1)) - (diff & m);
    return diff;
  }

  // §5.9.2 uncompressed_header(); leaves `r` after the last header bit.
  Status uncompressed_header(BitReader& r, const Av1ObuHeader& obu);

  // §5.11.1 tile_group_obu() of `obu`, whose payload starts `header_bits` bits of frame header
  // earlier (an OBU_FRAME) or not (an OBU_TILE_GROUP).
  Status tile_group(const Av1Obu& obu, size_t payload_offset, uint64_t header_bits, std::vector<Av1TileRange>& tiles);

  // §7.8 set_frame_refs()
  void set_frame_refs(uint32_t last_frame_idx, uint32_t gold_frame_idx, uint32_t order_hint,
                      std::array<int32_t, kRefsPerFrame>& ref_frame_idx) const;
};

Status Av1FrameParser::State::tile_group(const Av1Obu& obu, size_t payload_offset, uint64_t header_bits,
                                         std::vector<Av1TileRange>& tiles) {
  if (!seen_frame_header) return DataLossError("AV1: tile group without a frame header");
  BitReader r(obu.payload, "AV1 tile group");
  if (header_bits > 0) {
    SF_RETURN_IF_ERROR(r.skip_bits(header_bits, "frame header"));
    r.byte_align();  // byte_alignment()
  }
  const uint32_t num_tiles = frame.tile_cols * frame.tile_rows;
  uint32_t tg_start = 0, tg_end = num_tiles - 1;
  bool start_and_end_present = false;
  if (num_tiles > 1) {
    SF_ASSIGN_OR_RETURN(start_and_end_present, r.read_flag("tile_start_and_end_present_flag"));
  }
  if (num_tiles > 1 && start_and_end_present) {
    const int bits = static_cast<int>(frame.tile_cols_log2 + frame.tile_rows_log2);
    SF_ASSIGN_OR_RETURN(tg_start, r.read<uint32_t>(bits, "tg_start"));
    SF_ASSIGN_OR_RETURN(tg_end, r.read<uint32_t>(bits, "tg_end"));
  }
  if (tg_start != frame.next_tile || tg_end < tg_start || tg_end >= num_tiles) {
    return DataLossError("AV1 tile group: tiles " + std::to_string(tg_start) + ".." + std::to_string(tg_end) +
                         " out of order or out of range (" + std::to_string(num_tiles) + " tiles)");
  }
  r.byte_align();
  size_t pos = r.bit_position() / 8;
  if (pos >= obu.payload.size()) return DataLossError("AV1 tile group: no tile data");
  for (uint32_t tile = tg_start; tile <= tg_end; ++tile) {
    size_t left = obu.payload.size() - pos;
    size_t tile_size = left;
    if (tile != tg_end) {
      if (left < frame.tile_size_bytes) return DataLossError("AV1 tile group: truncated tile_size_minus_1");
      uint64_t size_minus_1 = 0;
      for (uint32_t i = 0; i < frame.tile_size_bytes; ++i) size_minus_1 |= uint64_t{obu.payload[pos + i]} << (8 * i);
      pos += frame.tile_size_bytes;
      left -= frame.tile_size_bytes;
      if (size_minus_1 + 1 > left) {
        return DataLossError("AV1 tile group: tile " + std::to_string(tile) + " of " +
                             std::to_string(size_minus_1 + 1) + " bytes runs past the OBU");
      }
      tile_size = static_cast<size_t>(size_minus_1 + 1);
    }
    if (tile_size == 0) return DataLossError("AV1 tile group: empty last tile");
    tiles.push_back({payload_offset + pos, tile_size});
    pos += tile_size;
  }
  frame.next_tile = tg_end + 1;
  if (tg_end == num_tiles - 1) seen_frame_header = false;  // frame complete
  return OkStatus();
}

void Av1FrameParser::State::set_frame_refs(uint32_t last_frame_idx, uint32_t gold_frame_idx, uint32_t order_hint,
                                           std::array<int32_t, kRefsPerFrame>& ref_frame_idx) const {
  ref_frame_idx.fill(-1);
  ref_frame_idx[kLast - kLast] = static_cast<int32_t>(last_frame_idx);
  ref_frame_idx[kGolden - kLast] = static_cast<int32_t>(gold_frame_idx);
  bool used[kNumRefFrames] = {};
  used[last_frame_idx] = true;
  used[gold_frame_idx] = true;
  const int32_t cur_hint = 1 << (seq->sh.order_hint_bits - 1);
  int32_t shifted[kNumRefFrames];
  for (int i = 0; i < kNumRefFrames; ++i) shifted[i] = cur_hint + relative_dist(refs[i].order_hint, order_hint);

  auto find_latest_backward = [&]() {
    int ref = -1;
    int32_t latest = 0;
    for (int i = 0; i < kNumRefFrames; ++i) {
      const int32_t hint = shifted[i];
      if (!used[i] && hint >= cur_hint && (ref < 0 || hint >= latest)) {
        ref = i;
        latest = hint;
      }
    }
    return ref;
  };
  auto find_earliest_backward = [&]() {
    int ref = -1;
    int32_t earliest = 0;
    for (int i = 0; i < kNumRefFrames; ++i) {
      const int32_t hint = shifted[i];
      if (!used[i] && hint >= cur_hint && (ref < 0 || hint < earliest)) {
        ref = i;
        earliest = hint;
      }
    }
    return ref;
  };
  auto find_latest_forward = [&]() {
    int ref = -1;
    int32_t latest = 0;
    for (int i = 0; i < kNumRefFrames; ++i) {
      const int32_t hint = shifted[i];
      if (!used[i] && hint < cur_hint && (ref < 0 || hint >= latest)) {
        ref = i;
        latest = hint;
      }
    }
    return ref;
  };

  int ref = find_latest_backward();
  if (ref >= 0) {
    ref_frame_idx[kAltref - kLast] = ref;
    used[ref] = true;
  }
  ref = find_earliest_backward();
  if (ref >= 0) {
    ref_frame_idx[kBwdref - kLast] = ref;
    used[ref] = true;
  }
  ref = find_earliest_backward();
  if (ref >= 0) {
    ref_frame_idx[kAltref2 - kLast] = ref;
    used[ref] = true;
  }
  static constexpr int kRefFrameList[kRefsPerFrame - 2] = {kLast2, kLast3, kBwdref, kAltref2, kAltref};
  for (int name : kRefFrameList) {
    if (ref_frame_idx[name - kLast] < 0) {
      ref = find_latest_forward();
      if (ref >= 0) {
        ref_frame_idx[name - kLast] = ref;
        used[ref] = true;
      }
    }
  }
  ref = -1;
  int32_t earliest = 0;
  for (int i = 0; i < kNumRefFrames; ++i) {
    const int32_t hint = shifted[i];
    if (ref < 0 || hint < earliest) {
      ref = i;
      earliest = hint;
    }
  }
  for (int32_t& idx : ref_frame_idx) {
    if (idx < 0) idx = ref;
  }
}

Status Av1FrameParser::State::uncompressed_header(BitReader& r, const Av1ObuHeader& obu) {
  if (!seq) {
    return FailedPreconditionError("AV1: frame header before any sequence header (no av1C configOBUs either)");
  }
  const Av1SequenceHeader& sh = seq->sh;
  const size_t start_bit = r.bit_position();
  const uint32_t order_hint_bits = sh.enable_order_hint ? sh.order_hint_bits : 0;
  const bool decoder_model_timing = sh.decoder_model_info_present_flag && !sh.equal_picture_interval;
  int id_len = 0;
  if (sh.frame_id_numbers_present_flag) {
    id_len = static_cast<int>(seq->additional_frame_id_length_minus_1 + seq->delta_frame_id_length_minus_2 + 3);
  }
  constexpr uint32_t kAllFrames = (1u << kNumRefFrames) - 1;

  uint32_t frame_type = kKeyFrame;
  bool show_frame = true, showable_frame = false, error_resilient = true;
  if (!sh.reduced_still_picture_header) {
    SF_ASSIGN_OR_RETURN(bool show_existing, r.read_flag("show_existing_frame"));
    if (show_existing) {
      SF_ASSIGN_OR_RETURN(uint32_t idx, r.read<uint32_t>(3, "frame_to_show_map_idx"));
      if (decoder_model_timing) SF_RETURN_IF_ERROR(r.skip_bits(seq->frame_presentation_time_length));
      if (sh.frame_id_numbers_present_flag) SF_RETURN_IF_ERROR(r.skip_bits(static_cast<uint64_t>(id_len)));
      if (!refs[idx].valid) {
        return FailedPreconditionError("AV1: show_existing_frame of reference slot " + std::to_string(idx) +
                                       ", which no earlier frame filled (start the track at a key frame)");
      }
      if (refs[idx].frame_type == kKeyFrame) {
        const RefSlot shown = refs[idx];  // frame loading process, then refresh of every slot
        refs.fill(shown);
      }
      seen_frame_header = false;  // no tile groups follow
      frame.header_bits = r.bit_position() - start_bit;
      return OkStatus();
    }
    SF_ASSIGN_OR_RETURN(frame_type, r.read<uint32_t>(2, "frame_type"));
    SF_ASSIGN_OR_RETURN(show_frame, r.read_flag("show_frame"));
    if (show_frame && decoder_model_timing) SF_RETURN_IF_ERROR(r.skip_bits(seq->frame_presentation_time_length));
    if (show_frame) {
      showable_frame = frame_type != kKeyFrame;
    } else {
      SF_ASSIGN_OR_RETURN(showable_frame, r.read_flag("showable_frame"));
    }
    if (frame_type == kSwitchFrame || (frame_type == kKeyFrame && show_frame)) {
      error_resilient = true;
    } else {
      SF_ASSIGN_OR_RETURN(error_resilient, r.read_flag("error_resilient_mode"));
    }
  }
  const bool intra = frame_type == kIntraOnlyFrame || frame_type == kKeyFrame;
  if (frame_type == kKeyFrame && show_frame) {
    for (RefSlot& slot : refs) {
      slot.valid = false;
      slot.order_hint = 0;
    }
  }
  SF_ASSIGN_OR_RETURN(bool disable_cdf_update, r.read_flag("disable_cdf_update"));
  bool allow_screen_content_tools = sh.seq_force_screen_content_tools != 0;
  if (sh.seq_force_screen_content_tools == kSelect) {
    SF_ASSIGN_OR_RETURN(allow_screen_content_tools, r.read_flag("allow_screen_content_tools"));
  }
  bool force_integer_mv = false;
  if (allow_screen_content_tools) {
    force_integer_mv = sh.seq_force_integer_mv != 0;
    if (sh.seq_force_integer_mv == kSelect) {
      SF_ASSIGN_OR_RETURN(force_integer_mv, r.read_flag("force_integer_mv"));
    }
  }
  if (intra) force_integer_mv = true;
  if (sh.frame_id_numbers_present_flag)
    SF_RETURN_IF_ERROR(r.skip_bits(static_cast<uint64_t>(id_len), "current_frame_id"));
  bool frame_size_override = false;
  if (frame_type == kSwitchFrame) {
    frame_size_override = true;
  } else if (!sh.reduced_still_picture_header) {
    SF_ASSIGN_OR_RETURN(frame_size_override, r.read_flag("frame_size_override_flag"));
  }
  SF_ASSIGN_OR_RETURN(uint32_t order_hint, r.read<uint32_t>(static_cast<int>(order_hint_bits), "order_hint"));
  uint32_t primary_ref_frame = kPrimaryRefNone;
  if (!intra && !error_resilient) {
    SF_ASSIGN_OR_RETURN(primary_ref_frame, r.read<uint32_t>(3, "primary_ref_frame"));
  }
  if (sh.decoder_model_info_present_flag) {
    SF_ASSIGN_OR_RETURN(bool buffer_removal_time_present, r.read_flag("buffer_removal_time_present_flag"));
    if (buffer_removal_time_present) {
      for (const Av1OperatingPoint& op : sh.operating_points) {
        if (!op.decoder_model_present) continue;
        const bool in_temporal = (op.idc >> obu.temporal_id) & 1;
        const bool in_spatial = (op.idc >> (obu.spatial_id + 8)) & 1;
        if (op.idc == 0 || (in_temporal && in_spatial)) {
          SF_RETURN_IF_ERROR(r.skip_bits(seq->buffer_removal_time_length, "buffer_removal_time"));
        }
      }
    }
  }
  bool allow_high_precision_mv = false, allow_intrabc = false;
  uint32_t refresh_frame_flags = kAllFrames;
  if (!(frame_type == kSwitchFrame || (frame_type == kKeyFrame && show_frame))) {
    SF_ASSIGN_OR_RETURN(refresh_frame_flags, r.read<uint32_t>(8, "refresh_frame_flags"));
  }
  if (!intra || refresh_frame_flags != kAllFrames) {
    if (error_resilient && sh.enable_order_hint) {
      for (RefSlot& slot : refs) {
        SF_ASSIGN_OR_RETURN(uint32_t hint, r.read<uint32_t>(static_cast<int>(order_hint_bits), "ref_order_hint"));
        if (hint != slot.order_hint) {
          slot.valid = false;
          slot.order_hint = hint;
        }
      }
    }
  }

  uint32_t frame_width = 0, frame_height = 0, upscaled_width = 0, render_width = 0, render_height = 0;
  // §5.9.8 superres_params() + §5.9.9 compute_image_size(): applied to frame_width.
  auto superres_params = [&]() -> Status {
    bool use_superres = false;
    if (sh.enable_superres) {
      SF_ASSIGN_OR_RETURN(use_superres, r.read_flag("use_superres"));
    }
    uint32_t denom = kSuperresNum;
    if (use_superres) {
      SF_ASSIGN_OR_RETURN(uint32_t coded_denom, r.read<uint32_t>(3, "coded_denom"));
      denom = coded_denom + kSuperresDenomMin;
    }
    upscaled_width = frame_width;
    frame_width = (upscaled_width * kSuperresNum + denom / 2) / denom;
    return OkStatus();
  };
  // §5.9.5 frame_size()
  auto frame_size = [&]() -> Status {
    if (frame_size_override) {
      SF_ASSIGN_OR_RETURN(uint32_t w, r.read<uint32_t>(sh.frame_width_bits, "frame_width_minus_1"));
      SF_ASSIGN_OR_RETURN(uint32_t h, r.read<uint32_t>(sh.frame_height_bits, "frame_height_minus_1"));
      frame_width = w + 1;
      frame_height = h + 1;
    } else {
      frame_width = sh.max_frame_width;
      frame_height = sh.max_frame_height;
    }
    return superres_params();
  };
  // §5.9.6 render_size()
  auto render_size = [&]() -> Status {
    SF_ASSIGN_OR_RETURN(bool different, r.read_flag("render_and_frame_size_different"));
    if (different) {
      SF_ASSIGN_OR_RETURN(uint32_t w, r.read<uint32_t>(16, "render_width_minus_1"));
      SF_ASSIGN_OR_RETURN(uint32_t h, r.read<uint32_t>(16, "render_height_minus_1"));
      render_width = w + 1;
      render_height = h + 1;
    } else {
      render_width = upscaled_width;
      render_height = frame_height;
    }
    return OkStatus();
  };

  std::array<int32_t, kRefsPerFrame> ref_frame_idx{};
  bool use_ref_frame_mvs = false;
  if (frame_type == kKeyFrame || frame_type == kIntraOnlyFrame) {
    SF_RETURN_IF_ERROR(frame_size());
    SF_RETURN_IF_ERROR(render_size());
    if (allow_screen_content_tools && upscaled_width == frame_width) {
      SF_ASSIGN_OR_RETURN(allow_intrabc, r.read_flag("allow_intrabc"));
    }
  } else {
    bool short_signaling = false;
    if (sh.enable_order_hint) {
      SF_ASSIGN_OR_RETURN(short_signaling, r.read_flag("frame_refs_short_signaling"));
    }
    if (short_signaling) {
      SF_ASSIGN_OR_RETURN(uint32_t last_idx, r.read<uint32_t>(3, "last_frame_idx"));
      SF_ASSIGN_OR_RETURN(uint32_t gold_idx, r.read<uint32_t>(3, "gold_frame_idx"));
      set_frame_refs(last_idx, gold_idx, order_hint, ref_frame_idx);
    }
    for (int i = 0; i < kRefsPerFrame; ++i) {
      if (!short_signaling) {
        SF_ASSIGN_OR_RETURN(uint32_t idx, r.read<uint32_t>(3, "ref_frame_idx"));
        ref_frame_idx[static_cast<size_t>(i)] = static_cast<int32_t>(idx);
      }
      if (sh.frame_id_numbers_present_flag) {
        SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{seq->delta_frame_id_length_minus_2} + 2, "delta_frame_id_minus_1"));
      }
    }
    for (int32_t idx : ref_frame_idx) {
      if (!refs[static_cast<size_t>(idx)].valid) {
        return FailedPreconditionError("AV1: inter frame refers to reference slot " + std::to_string(idx) +
                                       ", which no earlier frame filled (start the track at a key frame)");
      }
    }
    if (frame_size_override && !error_resilient) {
      // §5.9.7 frame_size_with_refs()
      bool found = false;
      for (int32_t idx : ref_frame_idx) {
        SF_ASSIGN_OR_RETURN(found, r.read_flag("found_ref"));
        if (found) {
          const RefSlot& ref = refs[static_cast<size_t>(idx)];
          upscaled_width = ref.upscaled_width;
          frame_width = upscaled_width;
          frame_height = ref.frame_height;
          render_width = ref.render_width;
          render_height = ref.render_height;
          break;
        }
      }
      if (!found) {
        SF_RETURN_IF_ERROR(frame_size());
        SF_RETURN_IF_ERROR(render_size());
      } else {
        SF_RETURN_IF_ERROR(superres_params());
      }
    } else {
      SF_RETURN_IF_ERROR(frame_size());
      SF_RETURN_IF_ERROR(render_size());
    }
    if (!force_integer_mv) {
      SF_ASSIGN_OR_RETURN(allow_high_precision_mv, r.read_flag("allow_high_precision_mv"));
    }
    SF_ASSIGN_OR_RETURN(bool switchable, r.read_flag("is_filter_switchable"));
    if (!switchable) SF_RETURN_IF_ERROR(r.skip_bits(2, "interpolation_filter"));
    SF_RETURN_IF_ERROR(r.skip_bits(1, "is_motion_mode_switchable"));
    if (!error_resilient && sh.enable_ref_frame_mvs) {
      SF_ASSIGN_OR_RETURN(use_ref_frame_mvs, r.read_flag("use_ref_frame_mvs"));
    }
  }
  if (frame_width == 0 || frame_height == 0) return r.corrupt("zero frame size");
  const uint32_t mi_cols = 2 * ((frame_width + 7) >> 3);
  const uint32_t mi_rows = 2 * ((frame_height + 7) >> 3);

  bool disable_frame_end_update_cdf = true;
  if (!sh.reduced_still_picture_header && !disable_cdf_update) {
    SF_ASSIGN_OR_RETURN(disable_frame_end_update_cdf, r.read_flag("disable_frame_end_update_cdf"));
  }
  (void)disable_frame_end_update_cdf;
  (void)use_ref_frame_mvs;

  // setup_past_independence() / load_previous(): the segmentation features a later
  // segmentation_update_data = 0 keeps.
  FeatureEnabled feature_enabled{};
  FeatureData feature_data{};
  if (primary_ref_frame != kPrimaryRefNone) {
    const RefSlot& prev = refs[static_cast<size_t>(ref_frame_idx[primary_ref_frame])];
    feature_enabled = prev.feature_enabled;
    feature_data = prev.feature_data;
  }

  // §5.9.15 tile_info()
  Frame next;
  {
    const bool sb128 = sh.use_128x128_superblock;
    const uint32_t sb_cols = sb128 ? ((mi_cols + 31) >> 5) : ((mi_cols + 15) >> 4);
    const uint32_t sb_rows = sb128 ? ((mi_rows + 31) >> 5) : ((mi_rows + 15) >> 4);
    const uint32_t sb_shift = sb128 ? 5 : 4;
    const uint32_t sb_size = sb_shift + 2;
    const uint32_t max_tile_width_sb = kMaxTileWidth >> sb_size;
    uint32_t max_tile_area_sb = kMaxTileArea >> (2 * sb_size);
    const uint32_t min_log2_tile_cols = tile_log2(max_tile_width_sb, sb_cols);
    const uint32_t max_log2_tile_cols = tile_log2(1, std::min(sb_cols, kMaxTileCols));
    const uint32_t max_log2_tile_rows = tile_log2(1, std::min(sb_rows, kMaxTileRows));
    const uint32_t min_log2_tiles = std::max(min_log2_tile_cols, tile_log2(max_tile_area_sb, sb_rows * sb_cols));
    SF_ASSIGN_OR_RETURN(bool uniform, r.read_flag("uniform_tile_spacing_flag"));
    if (uniform) {
      next.tile_cols_log2 = min_log2_tile_cols;
      while (next.tile_cols_log2 < max_log2_tile_cols) {
        SF_ASSIGN_OR_RETURN(bool inc, r.read_flag("increment_tile_cols_log2"));
        if (!inc) break;
        ++next.tile_cols_log2;
      }
      const uint32_t tile_width_sb = (sb_cols + (1u << next.tile_cols_log2) - 1) >> next.tile_cols_log2;
      next.tile_cols = (sb_cols + tile_width_sb - 1) / tile_width_sb;
      const uint32_t min_log2_tile_rows =
          min_log2_tiles > next.tile_cols_log2 ? min_log2_tiles - next.tile_cols_log2 : 0;
      next.tile_rows_log2 = min_log2_tile_rows;
      while (next.tile_rows_log2 < max_log2_tile_rows) {
        SF_ASSIGN_OR_RETURN(bool inc, r.read_flag("increment_tile_rows_log2"));
        if (!inc) break;
        ++next.tile_rows_log2;
      }
      const uint32_t tile_height_sb = (sb_rows + (1u << next.tile_rows_log2) - 1) >> next.tile_rows_log2;
      next.tile_rows = (sb_rows + tile_height_sb - 1) / tile_height_sb;
    } else {
      uint32_t widest_tile_sb = 0, start_sb = 0, i = 0;
      for (; start_sb < sb_cols; ++i) {
        if (i >= kMaxTileCols) return r.corrupt("more than 64 tile columns");
        const uint32_t max_width = std::min(sb_cols - start_sb, max_tile_width_sb);
        SF_ASSIGN_OR_RETURN(uint32_t w, read_ns(r, max_width, "width_in_sbs_minus_1"));
        const uint32_t size_sb = w + 1;
        widest_tile_sb = std::max(size_sb, widest_tile_sb);
        start_sb += size_sb;
      }
      next.tile_cols = i;
      next.tile_cols_log2 = tile_log2(1, next.tile_cols);
      if (min_log2_tiles > 0) {
        max_tile_area_sb = (sb_rows * sb_cols) >> (min_log2_tiles + 1);
      } else {
        max_tile_area_sb = sb_rows * sb_cols;
      }
      const uint32_t max_tile_height_sb = std::max(max_tile_area_sb / widest_tile_sb, 1u);
      start_sb = 0;
      i = 0;
      for (; start_sb < sb_rows; ++i) {
        if (i >= kMaxTileRows) return r.corrupt("more than 64 tile rows");
        const uint32_t max_height = std::min(sb_rows - start_sb, max_tile_height_sb);
        SF_ASSIGN_OR_RETURN(uint32_t h, read_ns(r, max_height, "height_in_sbs_minus_1"));
        start_sb += h + 1;
      }
      next.tile_rows = i;
      next.tile_rows_log2 = tile_log2(1, next.tile_rows);
    }
    if (next.tile_cols_log2 > 0 || next.tile_rows_log2 > 0) {
      SF_RETURN_IF_ERROR(r.skip_bits(next.tile_rows_log2 + next.tile_cols_log2, "context_update_tile_id"));
      SF_ASSIGN_OR_RETURN(uint32_t tsb, r.read<uint32_t>(2, "tile_size_bytes_minus_1"));
      next.tile_size_bytes = tsb + 1;
    }
  }

  // §5.9.12 quantization_params()
  const int num_planes = seq->num_planes();
  SF_ASSIGN_OR_RETURN(uint32_t base_q_idx, r.read<uint32_t>(8, "base_q_idx"));
  auto read_delta_q = [&](int32_t& out) -> Status {
    out = 0;
    SF_ASSIGN_OR_RETURN(bool coded, r.read_flag("delta_coded"));
    if (coded) {
      SF_ASSIGN_OR_RETURN(out, read_su(r, 7, "delta_q"));
    }
    return OkStatus();
  };
  int32_t dq_y_dc = 0, dq_u_dc = 0, dq_u_ac = 0, dq_v_dc = 0, dq_v_ac = 0;
  SF_RETURN_IF_ERROR(read_delta_q(dq_y_dc));
  if (num_planes > 1) {
    bool diff_uv_delta = false;
    if (sh.color_config.separate_uv_delta_q) {
      SF_ASSIGN_OR_RETURN(diff_uv_delta, r.read_flag("diff_uv_delta"));
    }
    SF_RETURN_IF_ERROR(read_delta_q(dq_u_dc));
    SF_RETURN_IF_ERROR(read_delta_q(dq_u_ac));
    if (diff_uv_delta) {
      SF_RETURN_IF_ERROR(read_delta_q(dq_v_dc));
      SF_RETURN_IF_ERROR(read_delta_q(dq_v_ac));
    } else {
      dq_v_dc = dq_u_dc;
      dq_v_ac = dq_u_ac;
    }
  }
  SF_ASSIGN_OR_RETURN(bool using_qmatrix, r.read_flag("using_qmatrix"));
  if (using_qmatrix) {
    SF_RETURN_IF_ERROR(r.skip_bits(8, "qm_y, qm_u"));
    if (sh.color_config.separate_uv_delta_q) SF_RETURN_IF_ERROR(r.skip_bits(4, "qm_v"));
  }

  // §5.9.14 segmentation_params()
  SF_ASSIGN_OR_RETURN(bool segmentation_enabled, r.read_flag("segmentation_enabled"));
  if (segmentation_enabled) {
    bool update_data = true;
    if (primary_ref_frame != kPrimaryRefNone) {
      SF_ASSIGN_OR_RETURN(bool update_map, r.read_flag("segmentation_update_map"));
      if (update_map) SF_RETURN_IF_ERROR(r.skip_bits(1, "segmentation_temporal_update"));
      SF_ASSIGN_OR_RETURN(update_data, r.read_flag("segmentation_update_data"));
    }
    if (update_data) {
      for (int i = 0; i < kMaxSegments; ++i) {
        for (int j = 0; j < kSegLvlMax; ++j) {
          SF_ASSIGN_OR_RETURN(bool enabled, r.read_flag("feature_enabled"));
          int32_t clipped = 0;
          if (enabled) {
            const int bits = kSegmentationFeatureBits[j];
            const int limit = kSegmentationFeatureMax[j];
            if (kSegmentationFeatureSigned[j]) {
              SF_ASSIGN_OR_RETURN(int32_t v, read_su(r, 1 + bits, "feature_value"));
              clipped = std::clamp(v, -limit, limit);
            } else if (bits > 0) {
              SF_ASSIGN_OR_RETURN(uint32_t v, r.read<uint32_t>(bits, "feature_value"));
              clipped = std::clamp(static_cast<int32_t>(v), 0, limit);
            }
          }
          feature_enabled[static_cast<size_t>(i)][static_cast<size_t>(j)] = enabled;
          feature_data[static_cast<size_t>(i)][static_cast<size_t>(j)] = clipped;
        }
      }
    }
  } else {
    feature_enabled = {};
    feature_data = {};
  }

  // §5.9.17 delta_q_params(), §5.9.18 delta_lf_params()
  bool delta_q_present = false;
  if (base_q_idx > 0) {
    SF_ASSIGN_OR_RETURN(delta_q_present, r.read_flag("delta_q_present"));
  }
  if (delta_q_present) {
    SF_RETURN_IF_ERROR(r.skip_bits(2, "delta_q_res"));
    bool delta_lf_present = false;
    if (!allow_intrabc) {
      SF_ASSIGN_OR_RETURN(delta_lf_present, r.read_flag("delta_lf_present"));
    }
    if (delta_lf_present) SF_RETURN_IF_ERROR(r.skip_bits(3, "delta_lf_res, delta_lf_multi"));
  }

  // CodedLossless / AllLossless (§5.9.2, get_qindex(1, segmentId) of §7.12.2)
  bool coded_lossless = true;
  for (int seg = 0; seg < kMaxSegments; ++seg) {
    int32_t qindex = static_cast<int32_t>(base_q_idx);
    if (segmentation_enabled && feature_enabled[static_cast<size_t>(seg)][kSegLvlAltQ]) {
      qindex = std::clamp(qindex + feature_data[static_cast<size_t>(seg)][kSegLvlAltQ], 0, 255);
    }
    const bool lossless = qindex == 0 && dq_y_dc == 0 && dq_u_ac == 0 && dq_u_dc == 0 && dq_v_ac == 0 && dq_v_dc == 0;
    if (!lossless) coded_lossless = false;
  }
  const bool all_lossless = coded_lossless && frame_width == upscaled_width;

  // §5.9.11 loop_filter_params()
  if (!coded_lossless && !allow_intrabc) {
    SF_ASSIGN_OR_RETURN(uint32_t level0, r.read<uint32_t>(6, "loop_filter_level[0]"));
    SF_ASSIGN_OR_RETURN(uint32_t level1, r.read<uint32_t>(6, "loop_filter_level[1]"));
    if (num_planes > 1 && (level0 || level1)) SF_RETURN_IF_ERROR(r.skip_bits(12, "loop_filter_level[2..3]"));
    SF_RETURN_IF_ERROR(r.skip_bits(3, "loop_filter_sharpness"));
    SF_ASSIGN_OR_RETURN(bool delta_enabled, r.read_flag("loop_filter_delta_enabled"));
    if (delta_enabled) {
      SF_ASSIGN_OR_RETURN(bool delta_update, r.read_flag("loop_filter_delta_update"));
      if (delta_update) {
        for (int i = 0; i < kNumRefFrames + 2; ++i) {  // 8 ref deltas, 2 mode deltas
          SF_ASSIGN_OR_RETURN(bool update, r.read_flag("update_ref/mode_delta"));
          if (update) SF_RETURN_IF_ERROR(r.skip_bits(7, "loop_filter_ref/mode_deltas"));
        }
      }
    }
  }
  // §5.9.19 cdef_params()
  if (!coded_lossless && !allow_intrabc && sh.enable_cdef) {
    SF_RETURN_IF_ERROR(r.skip_bits(2, "cdef_damping_minus_3"));
    SF_ASSIGN_OR_RETURN(uint32_t cdef_bits, r.read<uint32_t>(2, "cdef_bits"));
    const uint64_t per_strength = num_planes > 1 ? 12 : 6;
    SF_RETURN_IF_ERROR(r.skip_bits((uint64_t{1} << cdef_bits) * per_strength, "cdef strengths"));
  }
  // §5.9.20 lr_params()
  if (!all_lossless && !allow_intrabc && sh.enable_restoration) {
    bool uses_lr = false, uses_chroma_lr = false;
    for (int i = 0; i < num_planes; ++i) {
      SF_ASSIGN_OR_RETURN(uint32_t lr_type, r.read<uint32_t>(2, "lr_type"));
      if (lr_type != 0) {  // Remap_Lr_Type[0] == RESTORE_NONE
        uses_lr = true;
        if (i > 0) uses_chroma_lr = true;
      }
    }
    if (uses_lr) {
      if (sh.use_128x128_superblock) {
        SF_RETURN_IF_ERROR(r.skip_bits(1, "lr_unit_shift"));
      } else {
        SF_ASSIGN_OR_RETURN(bool shift, r.read_flag("lr_unit_shift"));
        if (shift) SF_RETURN_IF_ERROR(r.skip_bits(1, "lr_unit_extra_shift"));
      }
      if (sh.color_config.subsampling_x && sh.color_config.subsampling_y && uses_chroma_lr) {
        SF_RETURN_IF_ERROR(r.skip_bits(1, "lr_uv_shift"));
      }
    }
  }
  // §5.9.21 read_tx_mode()
  if (!coded_lossless) SF_RETURN_IF_ERROR(r.skip_bits(1, "tx_mode_select"));
  // §5.9.23 frame_reference_mode()
  bool reference_select = false;
  if (!intra) {
    SF_ASSIGN_OR_RETURN(reference_select, r.read_flag("reference_select"));
  }
  // §5.9.22 skip_mode_params()
  bool skip_mode_allowed = false;
  if (!intra && reference_select && sh.enable_order_hint) {
    int forward_idx = -1, backward_idx = -1;
    uint32_t forward_hint = 0, backward_hint = 0;
    for (int i = 0; i < kRefsPerFrame; ++i) {
      const uint32_t ref_hint = refs[static_cast<size_t>(ref_frame_idx[static_cast<size_t>(i)])].order_hint;
      if (relative_dist(ref_hint, order_hint) < 0) {
        if (forward_idx < 0 || relative_dist(ref_hint, forward_hint) > 0) {
          forward_idx = i;
          forward_hint = ref_hint;
        }
      } else if (relative_dist(ref_hint, order_hint) > 0) {
        if (backward_idx < 0 || relative_dist(ref_hint, backward_hint) < 0) {
          backward_idx = i;
          backward_hint = ref_hint;
        }
      }
    }
    if (forward_idx < 0) {
      skip_mode_allowed = false;
    } else if (backward_idx >= 0) {
      skip_mode_allowed = true;
    } else {
      int second_forward_idx = -1;
      uint32_t second_forward_hint = 0;
      for (int i = 0; i < kRefsPerFrame; ++i) {
        const uint32_t ref_hint = refs[static_cast<size_t>(ref_frame_idx[static_cast<size_t>(i)])].order_hint;
        if (relative_dist(ref_hint, forward_hint) < 0) {
          if (second_forward_idx < 0 || relative_dist(ref_hint, second_forward_hint) > 0) {
            second_forward_idx = i;
            second_forward_hint = ref_hint;
          }
        }
      }
      skip_mode_allowed = second_forward_idx >= 0;
    }
  }
  if (skip_mode_allowed) SF_RETURN_IF_ERROR(r.skip_bits(1, "skip_mode_present"));
  if (!intra && !error_resilient && sh.enable_warped_motion) SF_RETURN_IF_ERROR(r.skip_bits(1, "allow_warped_motion"));
  SF_RETURN_IF_ERROR(r.skip_bits(1, "reduced_tx_set"));
  // §5.9.24 global_motion_params(); §5.9.25 read_global_param()
  if (!intra) {
    for (int ref = kLast; ref <= kAltref; ++ref) {
      uint32_t type = kIdentity;
      SF_ASSIGN_OR_RETURN(bool is_global, r.read_flag("is_global"));
      if (is_global) {
        SF_ASSIGN_OR_RETURN(bool rot_zoom, r.read_flag("is_rot_zoom"));
        if (rot_zoom) {
          type = kRotzoom;
        } else {
          SF_ASSIGN_OR_RETURN(bool translation, r.read_flag("is_translation"));
          type = translation ? kTranslation : kAffine;
        }
      }
      auto skip_param = [&](int idx) -> Status {
        uint32_t abs_bits = 12;  // GM_ABS_ALPHA_BITS
        if (idx < 2) {
          abs_bits = type == kTranslation ? 9 - (allow_high_precision_mv ? 0 : 1)  // GM_ABS_TRANS_ONLY_BITS
                                          : 12;                                    // GM_ABS_TRANS_BITS
        }
        const uint32_t mx = 1u << abs_bits;
        return skip_subexp(r, 2 * mx + 1);  // decode_signed_subexp_with_ref(-mx, mx + 1, r)
      };
      if (type >= kRotzoom) {
        SF_RETURN_IF_ERROR(skip_param(2));
        SF_RETURN_IF_ERROR(skip_param(3));
        if (type == kAffine) {
          SF_RETURN_IF_ERROR(skip_param(4));
          SF_RETURN_IF_ERROR(skip_param(5));
        }
      }
      if (type >= kTranslation) {
        SF_RETURN_IF_ERROR(skip_param(0));
        SF_RETURN_IF_ERROR(skip_param(1));
      }
    }
  }
  // §5.9.30 film_grain_params()
  if (sh.film_grain_params_present && (show_frame || showable_frame)) {
    SF_ASSIGN_OR_RETURN(bool apply_grain, r.read_flag("apply_grain"));
    if (apply_grain) {
      SF_RETURN_IF_ERROR(r.skip_bits(16, "grain_seed"));
      bool update_grain = true;
      if (frame_type == kInterFrame) {
        SF_ASSIGN_OR_RETURN(update_grain, r.read_flag("update_grain"));
      }
      if (!update_grain) {
        SF_RETURN_IF_ERROR(r.skip_bits(3, "film_grain_params_ref_idx"));
      } else {
        const Av1ColorConfig& cc = sh.color_config;
        SF_ASSIGN_OR_RETURN(uint32_t num_y_points, r.read<uint32_t>(4, "num_y_points"));
        SF_RETURN_IF_ERROR(r.skip_bits(16 * uint64_t{num_y_points}, "point_y_value/scaling"));
        bool chroma_scaling_from_luma = false;
        if (!cc.mono_chrome) {
          SF_ASSIGN_OR_RETURN(chroma_scaling_from_luma, r.read_flag("chroma_scaling_from_luma"));
        }
        uint32_t num_cb_points = 0, num_cr_points = 0;
        if (!(cc.mono_chrome || chroma_scaling_from_luma ||
              (cc.subsampling_x && cc.subsampling_y && num_y_points == 0))) {
          SF_ASSIGN_OR_RETURN(num_cb_points, r.read<uint32_t>(4, "num_cb_points"));
          SF_RETURN_IF_ERROR(r.skip_bits(16 * uint64_t{num_cb_points}, "point_cb_value/scaling"));
          SF_ASSIGN_OR_RETURN(num_cr_points, r.read<uint32_t>(4, "num_cr_points"));
          SF_RETURN_IF_ERROR(r.skip_bits(16 * uint64_t{num_cr_points}, "point_cr_value/scaling"));
        }
        SF_RETURN_IF_ERROR(r.skip_bits(2, "grain_scaling_minus_8"));
        SF_ASSIGN_OR_RETURN(uint32_t ar_coeff_lag, r.read<uint32_t>(2, "ar_coeff_lag"));
        const uint32_t num_pos_luma = 2 * ar_coeff_lag * (ar_coeff_lag + 1);
        uint32_t num_pos_chroma = num_pos_luma;
        if (num_y_points) {
          num_pos_chroma = num_pos_luma + 1;
          SF_RETURN_IF_ERROR(r.skip_bits(8 * uint64_t{num_pos_luma}, "ar_coeffs_y_plus_128"));
        }
        if (chroma_scaling_from_luma || num_cb_points) {
          SF_RETURN_IF_ERROR(r.skip_bits(8 * uint64_t{num_pos_chroma}, "ar_coeffs_cb_plus_128"));
        }
        if (chroma_scaling_from_luma || num_cr_points) {
          SF_RETURN_IF_ERROR(r.skip_bits(8 * uint64_t{num_pos_chroma}, "ar_coeffs_cr_plus_128"));
        }
        SF_RETURN_IF_ERROR(r.skip_bits(4, "ar_coeff_shift_minus_6, grain_scale_shift"));
        if (num_cb_points) SF_RETURN_IF_ERROR(r.skip_bits(25, "cb_mult, cb_luma_mult, cb_offset"));
        if (num_cr_points) SF_RETURN_IF_ERROR(r.skip_bits(25, "cr_mult, cr_luma_mult, cr_offset"));
        SF_RETURN_IF_ERROR(r.skip_bits(2, "overlap_flag, clip_to_restricted_range"));
      }
    }
  }

  // §7.20 reference frame update process (done now: tile groups need nothing from the slots).
  RefSlot updated;
  updated.valid = true;
  updated.frame_type = frame_type;
  updated.upscaled_width = upscaled_width;
  updated.frame_width = frame_width;
  updated.frame_height = frame_height;
  updated.render_width = render_width;
  updated.render_height = render_height;
  updated.order_hint = order_hint;
  updated.feature_enabled = feature_enabled;
  updated.feature_data = feature_data;
  for (int i = 0; i < kNumRefFrames; ++i) {
    if ((refresh_frame_flags >> i) & 1) refs[static_cast<size_t>(i)] = updated;
  }
  next.header_bits = r.bit_position() - start_bit;
  next.next_tile = 0;
  frame = next;
  seen_frame_header = true;
  return OkStatus();
}

// ---- Public ----

Av1FrameParser::Av1FrameParser() : state_(std::make_unique<State>()) {}
Av1FrameParser::~Av1FrameParser() = default;
Av1FrameParser::Av1FrameParser(Av1FrameParser&&) noexcept = default;
Av1FrameParser& Av1FrameParser::operator=(Av1FrameParser&&) noexcept = default;

Status Av1FrameParser::set_codec_config(ByteView av1c) {
  if (av1c.empty()) return OkStatus();
  SF_ASSIGN_OR_RETURN(Av1CodecConfigurationRecord record, Av1CodecConfigurationRecord::parse(av1c));
  if (record.config_obus.empty()) return OkStatus();
  SF_ASSIGN_OR_RETURN(std::vector<Av1Obu> obus, split_obus(record.config_obus.view()));
  for (const Av1Obu& obu : obus) {
    if (obu.header.type == Av1ObuType::kSequenceHeader) {
      return state_->sequence_header(obu.payload).with_context("av1C configOBUs");
    }
  }
  return OkStatus();
}

Result<std::vector<Av1TileRange>> Av1FrameParser::parse_sample(ByteView sample) {
  State& s = *state_;
  SF_ASSIGN_OR_RETURN(std::vector<Av1Obu> obus, split_obus(sample));
  std::vector<Av1TileRange> tiles;
  s.seen_frame_header = false;  // a sample is a temporal unit
  for (const Av1Obu& obu : obus) {
    const size_t payload_offset = static_cast<size_t>(obu.payload.data() - sample.data());
    switch (obu.header.type) {
      case Av1ObuType::kSequenceHeader:
        SF_RETURN_IF_ERROR(s.sequence_header(obu.payload));
        break;
      case Av1ObuType::kTemporalDelimiter:
        s.seen_frame_header = false;
        break;
      case Av1ObuType::kFrameHeader:
      case Av1ObuType::kRedundantFrameHeader:
      case Av1ObuType::kFrame: {
        BitReader r(obu.payload, "AV1 frame header");
        if (s.seen_frame_header) {
          // frame_header_copy(): identical to the header already read.
          if (obu.header.type != Av1ObuType::kFrame) break;
        } else {
          if (obu.header.type == Av1ObuType::kRedundantFrameHeader) break;  // its frame was lost: nothing to map
          SF_RETURN_IF_ERROR(s.uncompressed_header(r, obu.header));
          if (obu.header.type != Av1ObuType::kFrame) break;
          if (!s.seen_frame_header) return DataLossError("AV1: OBU_FRAME with show_existing_frame set");
        }
        // §5.10 frame_obu(): the header, byte_alignment(), then a tile group.
        SF_RETURN_IF_ERROR(s.tile_group(obu, payload_offset, s.frame.header_bits, tiles));
        break;
      }
      case Av1ObuType::kTileGroup:
        SF_RETURN_IF_ERROR(s.tile_group(obu, payload_offset, 0, tiles));
        break;
      case Av1ObuType::kTileList:
        return UnimplementedError("AV1: large-scale tile lists (OBU_TILE_LIST) cannot be encrypted");
      default:  // metadata, padding, reserved: unprotected
        break;
    }
  }
  return tiles;
}

}  // namespace streamforge::crypto::detail

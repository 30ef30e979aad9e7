#include "crypto/vp9_frame_parser.h"

#include <string>

#include "streamforge/media/bit_reader.h"

namespace streamforge::crypto::detail {
namespace {

constexpr uint32_t kFrameMarker = 2;
constexpr uint32_t kSyncCode = 0x498342;
constexpr uint32_t kMinTileWidthB64 = 4;
constexpr uint32_t kMaxTileWidthB64 = 64;

// su(n): n magnitude bits then a sign bit (§4.9).
Status skip_su(BitReader& r, int n) { return r.skip_bits(static_cast<uint64_t>(n) + 1); }

// §6.2.2 color_config(): only the bit count matters here.
Status skip_color_config(BitReader& r, uint32_t profile) {
  if (profile >= 2) SF_RETURN_IF_ERROR(r.skip_bits(1, "ten_or_twelve_bit"));
  SF_ASSIGN_OR_RETURN(uint32_t color_space, r.read<uint32_t>(3, "color_space"));
  const bool odd_profile = profile == 1 || profile == 3;
  if (color_space != 7) {  // CS_RGB
    SF_RETURN_IF_ERROR(r.skip_bits(1, "color_range"));
    if (odd_profile) SF_RETURN_IF_ERROR(r.skip_bits(3, "subsampling_x/y, reserved_zero"));
  } else if (odd_profile) {
    SF_RETURN_IF_ERROR(r.skip_bits(1, "reserved_zero"));
  } else {
    return r.corrupt("RGB colour space in profile " + std::to_string(profile));
  }
  return OkStatus();
}

Status read_frame_size(BitReader& r, uint32_t& width, uint32_t& height) {
  SF_ASSIGN_OR_RETURN(uint32_t w, r.read<uint32_t>(16, "frame_width_minus_1"));
  SF_ASSIGN_OR_RETURN(uint32_t h, r.read<uint32_t>(16, "frame_height_minus_1"));
  width = w + 1;
  height = h + 1;
  return OkStatus();
}

// §6.2.6 render_size()
Status skip_render_size(BitReader& r) {
  SF_ASSIGN_OR_RETURN(bool different, r.read_flag("render_and_frame_size_different"));
  if (different) SF_RETURN_IF_ERROR(r.skip_bits(32, "render_width/height_minus_1"));
  return OkStatus();
}

// §6.2.8 loop_filter_params()
Status skip_loop_filter_params(BitReader& r) {
  SF_RETURN_IF_ERROR(r.skip_bits(9, "loop_filter_level, loop_filter_sharpness"));
  SF_ASSIGN_OR_RETURN(bool delta_enabled, r.read_flag("loop_filter_delta_enabled"));
  if (!delta_enabled) return OkStatus();
  SF_ASSIGN_OR_RETURN(bool delta_update, r.read_flag("loop_filter_delta_update"));
  if (!delta_update) return OkStatus();
  for (int i = 0; i < 4 + 2; ++i) {  // 4 ref deltas, 2 mode deltas
    SF_ASSIGN_OR_RETURN(bool update, r.read_flag("update_ref/mode_delta"));
    if (update) SF_RETURN_IF_ERROR(skip_su(r, 6));
  }
  return OkStatus();
}

// §6.2.9 quantization_params()
Status skip_quantization_params(BitReader& r) {
  SF_RETURN_IF_ERROR(r.skip_bits(8, "base_q_idx"));
  for (int i = 0; i < 3; ++i) {  // delta_q_y_dc, delta_q_uv_dc, delta_q_uv_ac
    SF_ASSIGN_OR_RETURN(bool coded, r.read_flag("delta_coded"));
    if (coded) SF_RETURN_IF_ERROR(skip_su(r, 4));
  }
  return OkStatus();
}

// §6.2.11 segmentation_params()
Status skip_segmentation_params(BitReader& r) {
  static constexpr int kFeatureBits[4] = {8, 6, 2, 0};
  static constexpr bool kFeatureSigned[4] = {true, true, false, false};
  SF_ASSIGN_OR_RETURN(bool enabled, r.read_flag("segmentation_enabled"));
  if (!enabled) return OkStatus();
  SF_ASSIGN_OR_RETURN(bool update_map, r.read_flag("segmentation_update_map"));
  if (update_map) {
    for (int i = 0; i < 7; ++i) {
      SF_ASSIGN_OR_RETURN(bool coded, r.read_flag("prob_coded"));
      if (coded) SF_RETURN_IF_ERROR(r.skip_bits(8, "prob"));
    }
    SF_ASSIGN_OR_RETURN(bool temporal_update, r.read_flag("segmentation_temporal_update"));
    if (temporal_update) {
      for (int i = 0; i < 3; ++i) {
        SF_ASSIGN_OR_RETURN(bool coded, r.read_flag("prob_coded"));
        if (coded) SF_RETURN_IF_ERROR(r.skip_bits(8, "prob"));
      }
    }
  }
  SF_ASSIGN_OR_RETURN(bool update_data, r.read_flag("segmentation_update_data"));
  if (update_data) {
    SF_RETURN_IF_ERROR(r.skip_bits(1, "segmentation_abs_or_delta_update"));
    for (int i = 0; i < 8; ++i) {
      for (int j = 0; j < 4; ++j) {
        SF_ASSIGN_OR_RETURN(bool feature_enabled, r.read_flag("feature_enabled"));
        if (!feature_enabled) continue;
        SF_RETURN_IF_ERROR(
            r.skip_bits(static_cast<uint64_t>(kFeatureBits[j]) + (kFeatureSigned[j] ? 1 : 0), "feature_value"));
      }
    }
  }
  return OkStatus();
}

// §6.2.13 tile_info() with calc_min_log2_tile_cols() / calc_max_log2_tile_cols().
Status skip_tile_info(BitReader& r, uint32_t width) {
  const uint32_t mi_cols = (width + 7) >> 3;
  const uint32_t sb64_cols = (mi_cols + 7) >> 3;
  uint32_t min_log2 = 0;
  while ((kMaxTileWidthB64 << min_log2) < sb64_cols) ++min_log2;
  uint32_t max_log2 = 1;
  while ((sb64_cols >> max_log2) >= kMinTileWidthB64) ++max_log2;
  --max_log2;
  uint32_t log2 = min_log2;
  while (log2 < max_log2) {
    SF_ASSIGN_OR_RETURN(bool increment, r.read_flag("increment_tile_cols_log2"));
    if (!increment) break;
    ++log2;
  }
  SF_ASSIGN_OR_RETURN(bool rows, r.read_flag("tile_rows_log2"));
  if (rows) SF_RETURN_IF_ERROR(r.skip_bits(1, "increment_tile_rows_log2"));
  return OkStatus();
}

}  // namespace

Result<Vp9FrameInfo> Vp9FrameParser::parse(ByteView frame) {
  BitReader r(frame, "VP9 uncompressed header");
  Vp9FrameInfo info;
  SF_ASSIGN_OR_RETURN(uint32_t marker, r.read<uint32_t>(2, "frame_marker"));
  if (marker != kFrameMarker) return r.corrupt("frame_marker is not 2");
  SF_ASSIGN_OR_RETURN(uint32_t low, r.read<uint32_t>(1, "profile_low_bit"));
  SF_ASSIGN_OR_RETURN(uint32_t high, r.read<uint32_t>(1, "profile_high_bit"));
  const uint32_t profile = (high << 1) + low;
  if (profile == 3) SF_RETURN_IF_ERROR(r.skip_bits(1, "reserved_zero"));
  SF_ASSIGN_OR_RETURN(info.show_existing_frame, r.read_flag("show_existing_frame"));
  if (info.show_existing_frame) {
    SF_RETURN_IF_ERROR(r.skip_bits(3, "frame_to_show_map_idx"));
    r.byte_align();
    info.uncompressed_header_size = r.bit_position() / 8;
    return info;
  }
  SF_ASSIGN_OR_RETURN(bool non_key, r.read_flag("frame_type"));  // 0 KEY_FRAME
  SF_ASSIGN_OR_RETURN(bool show_frame, r.read_flag("show_frame"));
  SF_ASSIGN_OR_RETURN(bool error_resilient, r.read_flag("error_resilient_mode"));
  uint32_t width = 0, height = 0;
  uint32_t refresh = 0;
  if (!non_key) {
    SF_ASSIGN_OR_RETURN(uint32_t sync, r.read<uint32_t>(24, "frame_sync_code"));
    if (sync != kSyncCode) return r.corrupt("frame_sync_code mismatch");
    SF_RETURN_IF_ERROR(skip_color_config(r, profile));
    SF_RETURN_IF_ERROR(read_frame_size(r, width, height));
    SF_RETURN_IF_ERROR(skip_render_size(r));
    refresh = 0xff;
  } else {
    bool intra_only = false;
    if (!show_frame) {
      SF_ASSIGN_OR_RETURN(intra_only, r.read_flag("intra_only"));
    }
    if (!error_resilient) SF_RETURN_IF_ERROR(r.skip_bits(2, "reset_frame_context"));
    if (intra_only) {
      SF_ASSIGN_OR_RETURN(uint32_t sync, r.read<uint32_t>(24, "frame_sync_code"));
      if (sync != kSyncCode) return r.corrupt("frame_sync_code mismatch");
      if (profile > 0) SF_RETURN_IF_ERROR(skip_color_config(r, profile));
      SF_ASSIGN_OR_RETURN(refresh, r.read<uint32_t>(8, "refresh_frame_flags"));
      SF_RETURN_IF_ERROR(read_frame_size(r, width, height));
      SF_RETURN_IF_ERROR(skip_render_size(r));
    } else {
      SF_ASSIGN_OR_RETURN(refresh, r.read<uint32_t>(8, "refresh_frame_flags"));
      uint32_t ref_idx[3] = {};
      for (uint32_t& idx : ref_idx) {
        SF_ASSIGN_OR_RETURN(idx, r.read<uint32_t>(3, "ref_frame_idx"));
        SF_RETURN_IF_ERROR(r.skip_bits(1, "ref_frame_sign_bias"));
      }
      // §6.2.7 frame_size_with_refs()
      bool found = false;
      for (uint32_t idx : ref_idx) {
        SF_ASSIGN_OR_RETURN(found, r.read_flag("found_ref"));
        if (found) {
          if (!refs_[idx].valid) {
            return FailedPreconditionError("VP9: inter frame takes its size from reference slot " +
                                           std::to_string(idx) +
                                           ", which no earlier frame filled (start the track at a keyframe)");
          }
          width = refs_[idx].width;
          height = refs_[idx].height;
          break;
        }
      }
      if (!found) SF_RETURN_IF_ERROR(read_frame_size(r, width, height));
      SF_RETURN_IF_ERROR(skip_render_size(r));
      SF_RETURN_IF_ERROR(r.skip_bits(1, "allow_high_precision_mv"));
      // §6.2.10 read_interpolation_filter()
      SF_ASSIGN_OR_RETURN(bool switchable, r.read_flag("is_filter_switchable"));
      if (!switchable) SF_RETURN_IF_ERROR(r.skip_bits(2, "raw_interpolation_filter"));
    }
  }
  if (!error_resilient) SF_RETURN_IF_ERROR(r.skip_bits(2, "refresh_frame_context, frame_parallel_decoding_mode"));
  SF_RETURN_IF_ERROR(r.skip_bits(2, "frame_context_idx"));
  SF_RETURN_IF_ERROR(skip_loop_filter_params(r));
  SF_RETURN_IF_ERROR(skip_quantization_params(r));
  SF_RETURN_IF_ERROR(skip_segmentation_params(r));
  SF_RETURN_IF_ERROR(skip_tile_info(r, width));
  SF_ASSIGN_OR_RETURN(uint32_t header_size_in_bytes, r.read<uint32_t>(16, "header_size_in_bytes"));
  if (header_size_in_bytes == 0) return r.corrupt("header_size_in_bytes is 0");
  r.byte_align();  // trailing_bits()
  info.uncompressed_header_size = r.bit_position() / 8;
  if (header_size_in_bytes > frame.size() - info.uncompressed_header_size) {
    return r.corrupt("compressed header (" + std::to_string(header_size_in_bytes) + " bytes) runs past the frame");
  }
  // §8.10 reference frame update process.
  for (int i = 0; i < 8; ++i) {
    if ((refresh >> i) & 1) refs_[static_cast<size_t>(i)] = {true, width, height};
  }
  return info;
}

}  // namespace streamforge::crypto::detail

// Private: the part of the VUI syntax that H.264 (ISO/IEC 14496-10 §E.1.1) and HEVC
// (ITU-T H.265 §E.2.1) share word for word: aspect ratio, overscan, video signal type and
// chroma location. Both VUI structs use the same field names, so one template reads either.
#pragma once

#include <cstdint>

#include "streamforge/media/bit_reader.h"

namespace streamforge::media_detail {

// Table E-1 (identical in both specs): sample aspect ratios for aspect_ratio_idc 1..16.
inline constexpr uint16_t kSarTable[17][2] = {{0, 0},   {1, 1},    {12, 11}, {10, 11}, {16, 11}, {40, 33},
                                              {24, 11}, {20, 11},  {32, 11}, {80, 33}, {18, 11}, {15, 11},
                                              {64, 33}, {160, 99}, {4, 3},   {3, 2},   {2, 1}};
inline constexpr uint8_t kExtendedSar = 255;

template <typename Vui>
Status parse_vui_signal_prefix(BitReader& r, Vui& vui) {
  SF_ASSIGN_OR_RETURN(vui.aspect_ratio_info_present_flag, r.read_flag("aspect_ratio_info_present_flag"));
  if (vui.aspect_ratio_info_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.aspect_ratio_idc, r.read<uint8_t>(8, "aspect_ratio_idc"));
    if (vui.aspect_ratio_idc == kExtendedSar) {
      SF_ASSIGN_OR_RETURN(vui.sar_width, r.read<uint16_t>(16, "sar_width"));
      SF_ASSIGN_OR_RETURN(vui.sar_height, r.read<uint16_t>(16, "sar_height"));
    } else if (vui.aspect_ratio_idc <= 16) {
      vui.sar_width = kSarTable[vui.aspect_ratio_idc][0];
      vui.sar_height = kSarTable[vui.aspect_ratio_idc][1];
    }  // 17..254 reserved: the SAR stays unspecified
  }
  SF_ASSIGN_OR_RETURN(vui.overscan_info_present_flag, r.read_flag("overscan_info_present_flag"));
  if (vui.overscan_info_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.overscan_appropriate_flag, r.read_flag("overscan_appropriate_flag"));
  }
  SF_ASSIGN_OR_RETURN(vui.video_signal_type_present_flag, r.read_flag("video_signal_type_present_flag"));
  if (vui.video_signal_type_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.video_format, r.read<uint8_t>(3, "video_format"));
    SF_ASSIGN_OR_RETURN(vui.video_full_range_flag, r.read_flag("video_full_range_flag"));
    SF_ASSIGN_OR_RETURN(vui.colour_description_present_flag, r.read_flag("colour_description_present_flag"));
    if (vui.colour_description_present_flag) {
      SF_ASSIGN_OR_RETURN(vui.colour_primaries, r.read<uint8_t>(8, "colour_primaries"));
      SF_ASSIGN_OR_RETURN(vui.transfer_characteristics, r.read<uint8_t>(8, "transfer_characteristics"));
      SF_ASSIGN_OR_RETURN(vui.matrix_coefficients, r.read<uint8_t>(8, "matrix_coefficients"));
    }
  }
  SF_ASSIGN_OR_RETURN(vui.chroma_loc_info_present_flag, r.read_flag("chroma_loc_info_present_flag"));
  if (vui.chroma_loc_info_present_flag) {
    SF_ASSIGN_OR_RETURN(vui.chroma_sample_loc_type_top_field, r.read_ue("chroma_sample_loc_type_top_field"));
    SF_ASSIGN_OR_RETURN(vui.chroma_sample_loc_type_bottom_field, r.read_ue("chroma_sample_loc_type_bottom_field"));
    if (vui.chroma_sample_loc_type_top_field > 5) {
      return r.out_of_range("chroma_sample_loc_type_top_field", vui.chroma_sample_loc_type_top_field, 0, 5);
    }
    if (vui.chroma_sample_loc_type_bottom_field > 5) {
      return r.out_of_range("chroma_sample_loc_type_bottom_field", vui.chroma_sample_loc_type_bottom_field, 0, 5);
    }
  }
  return OkStatus();
}

}  // namespace streamforge::media_detail

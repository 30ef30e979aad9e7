// Where an H.264 slice header ends (ITU-T H.264 §7.3.3), for 'cbcs' / 'cenc' subsample maps that keep
// the slice header clear (23001-7 §10.4.2 for 'cbcs'; streamforge does the same for 'cenc').
// Keeps the SPS (parsed by media/) and the PPS fields the slice header syntax depends on, by id.
// Not thread-safe (one per track).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/h264.h"

namespace streamforge::crypto::detail {

// The head of pic_parameter_set_rbsp() (§7.3.2.2) up to redundant_pic_cnt_present_flag.
struct H264PpsInfo {
  uint32_t pic_parameter_set_id = 0;
  uint32_t seq_parameter_set_id = 0;
  bool entropy_coding_mode_flag = false;
  bool bottom_field_pic_order_in_frame_present_flag = false;
  uint32_t num_slice_groups_minus1 = 0;
  uint32_t slice_group_map_type = 0;
  uint32_t slice_group_change_rate_minus1 = 0;
  uint32_t num_ref_idx_l0_default_active_minus1 = 0;
  uint32_t num_ref_idx_l1_default_active_minus1 = 0;
  bool weighted_pred_flag = false;
  uint32_t weighted_bipred_idc = 0;
  bool deblocking_filter_control_present_flag = false;
  bool redundant_pic_cnt_present_flag = false;
};

// `nal`: a whole PPS NAL unit (1-byte header, escaped payload).
Result<H264PpsInfo> parse_h264_pps_info(ByteView nal);

class H264SliceHeaderParser {
 public:
  // Store a parameter set NAL unit (replacing one with the same id). DataLoss when it does not parse.
  Status add_sps(ByteView nal);
  Status add_pps(ByteView nal);
  bool empty() const { return sps_.empty() && pps_.empty(); }

  // Escaped bytes from the start of `nal` (a coded slice, nal_unit_type 1 or 5) to the end of its
  // slice_header(), the NAL header byte and the partial last byte included. DataLoss on a truncated or
  // corrupt header; NotFound when the PPS or SPS it refers to was never given.
  Result<size_t> header_size(ByteView nal) const;

 private:
  std::map<uint32_t, H264Sps> sps_;
  std::map<uint32_t, H264PpsInfo> pps_;
};

}  // namespace streamforge::crypto::detail

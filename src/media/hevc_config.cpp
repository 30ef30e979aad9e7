#include "streamforge/media/hevc_config.h"

#include <algorithm>
#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/hevc.h"
#include "streamforge/media/nal.h"

namespace streamforge {
namespace {

constexpr uint64_t kConstraintMask = (uint64_t{1} << 48) - 1;

enum ParallelismType : uint8_t { kMixed = 0, kSlice = 1, kTile = 2, kWavefront = 3 };

}  // namespace

Result<HevcDecoderConfigurationRecord> HevcDecoderConfigurationRecord::parse(ByteView data) {
  BitReader r(data, "hvcC");
  HevcDecoderConfigurationRecord rec;
  SF_ASSIGN_OR_RETURN(rec.configuration_version, r.read<uint8_t>(8, "configurationVersion"));
  if (rec.configuration_version != 1) {
    return UnimplementedError("hvcC: configurationVersion " + std::to_string(rec.configuration_version) +
                              " not supported (expected 1)");
  }
  SF_ASSIGN_OR_RETURN(rec.general_profile_space, r.read<uint8_t>(2, "general_profile_space"));
  SF_ASSIGN_OR_RETURN(rec.general_tier_flag, r.read_flag("general_tier_flag"));
  SF_ASSIGN_OR_RETURN(rec.general_profile_idc, r.read<uint8_t>(5, "general_profile_idc"));
  SF_ASSIGN_OR_RETURN(rec.general_profile_compatibility_flags, r.read<uint32_t>(32, "general_profile_compatibility_flags"));
  SF_ASSIGN_OR_RETURN(rec.general_constraint_indicator_flags, r.read_bits(48, "general_constraint_indicator_flags"));
  SF_ASSIGN_OR_RETURN(rec.general_level_idc, r.read<uint8_t>(8, "general_level_idc"));
  SF_RETURN_IF_ERROR(r.skip_bits(4, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.min_spatial_segmentation_idc, r.read<uint16_t>(12, "min_spatial_segmentation_idc"));
  SF_RETURN_IF_ERROR(r.skip_bits(6, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.parallelism_type, r.read<uint8_t>(2, "parallelismType"));
  SF_RETURN_IF_ERROR(r.skip_bits(6, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.chroma_format_idc, r.read<uint8_t>(2, "chromaFormat"));
  SF_RETURN_IF_ERROR(r.skip_bits(5, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.bit_depth_luma_minus8, r.read<uint8_t>(3, "bitDepthLumaMinus8"));
  SF_RETURN_IF_ERROR(r.skip_bits(5, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.bit_depth_chroma_minus8, r.read<uint8_t>(3, "bitDepthChromaMinus8"));
  SF_ASSIGN_OR_RETURN(rec.avg_frame_rate, r.read<uint16_t>(16, "avgFrameRate"));
  SF_ASSIGN_OR_RETURN(rec.constant_frame_rate, r.read<uint8_t>(2, "constantFrameRate"));
  SF_ASSIGN_OR_RETURN(rec.num_temporal_layers, r.read<uint8_t>(3, "numTemporalLayers"));
  SF_ASSIGN_OR_RETURN(rec.temporal_id_nested, r.read_flag("temporalIdNested"));
  SF_ASSIGN_OR_RETURN(rec.length_size_minus_one, r.read<uint8_t>(2, "lengthSizeMinusOne"));
  if (rec.length_size_minus_one == 2) return r.corrupt("lengthSizeMinusOne 2 (3-byte NAL lengths) is not allowed");
  SF_ASSIGN_OR_RETURN(uint8_t num_arrays, r.read<uint8_t>(8, "numOfArrays"));
  rec.arrays.resize(num_arrays);
  for (NalArray& array : rec.arrays) {
    SF_ASSIGN_OR_RETURN(array.array_completeness, r.read_flag("array_completeness"));
    SF_RETURN_IF_ERROR(r.skip_bits(1, "reserved"));
    SF_ASSIGN_OR_RETURN(array.nal_unit_type, r.read<uint8_t>(6, "NAL_unit_type"));
    SF_ASSIGN_OR_RETURN(uint16_t num_nalus, r.read<uint16_t>(16, "numNalus"));
    array.nalus.reserve(std::min<size_t>(num_nalus, r.bytes_left() / 2));
    for (uint16_t i = 0; i < num_nalus; ++i) {
      SF_ASSIGN_OR_RETURN(uint16_t length, r.read<uint16_t>(16, "nalUnitLength"));
      if (length > r.bytes_left()) {
        return r.corrupt("NAL unit of " + std::to_string(length) + " bytes (type " +
                         std::to_string(array.nal_unit_type) + ") runs past the end (" +
                         std::to_string(r.bytes_left()) + " bytes left)");
      }
      array.nalus.emplace_back(r.remaining_bytes().first(length));
      SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{length} * 8));
    }
  }
  return rec;
}

Result<ByteBuffer> HevcDecoderConfigurationRecord::serialize() const {
  auto too_wide = [](const char* field, uint64_t value, int bits) {
    return InvalidArgumentError("hvcC: " + std::string(field) + " " + std::to_string(value) + " does not fit " +
                                std::to_string(bits) + " bits");
  };
  if (general_profile_space > 3) return too_wide("general_profile_space", general_profile_space, 2);
  if (general_profile_idc > 31) return too_wide("general_profile_idc", general_profile_idc, 5);
  if (general_constraint_indicator_flags > kConstraintMask) {
    return too_wide("general_constraint_indicator_flags", general_constraint_indicator_flags, 48);
  }
  if (min_spatial_segmentation_idc > 4095) return too_wide("min_spatial_segmentation_idc", min_spatial_segmentation_idc, 12);
  if (parallelism_type > 3) return too_wide("parallelismType", parallelism_type, 2);
  if (chroma_format_idc > 3) return too_wide("chromaFormat", chroma_format_idc, 2);
  if (bit_depth_luma_minus8 > 7) return too_wide("bitDepthLumaMinus8", bit_depth_luma_minus8, 3);
  if (bit_depth_chroma_minus8 > 7) return too_wide("bitDepthChromaMinus8", bit_depth_chroma_minus8, 3);
  if (constant_frame_rate > 3) return too_wide("constantFrameRate", constant_frame_rate, 2);
  if (num_temporal_layers > 7) return too_wide("numTemporalLayers", num_temporal_layers, 3);
  if (length_size_minus_one > 3 || length_size_minus_one == 2) {
    return InvalidArgumentError("hvcC: length_size_minus_one must be 0, 1 or 3, got " + std::to_string(length_size_minus_one));
  }
  if (arrays.size() > 255) return too_wide("numOfArrays", arrays.size(), 8);

  BitWriter w;
  w.write_bits(configuration_version, 8);
  w.write_bits(general_profile_space, 2);
  w.write_flag(general_tier_flag);
  w.write_bits(general_profile_idc, 5);
  w.write_bits(general_profile_compatibility_flags, 32);
  w.write_bits(general_constraint_indicator_flags, 48);
  w.write_bits(general_level_idc, 8);
  w.write_bits(0xf, 4);
  w.write_bits(min_spatial_segmentation_idc, 12);
  w.write_bits(0x3f, 6);
  w.write_bits(parallelism_type, 2);
  w.write_bits(0x3f, 6);
  w.write_bits(chroma_format_idc, 2);
  w.write_bits(0x1f, 5);
  w.write_bits(bit_depth_luma_minus8, 3);
  w.write_bits(0x1f, 5);
  w.write_bits(bit_depth_chroma_minus8, 3);
  w.write_bits(avg_frame_rate, 16);
  w.write_bits(constant_frame_rate, 2);
  w.write_bits(num_temporal_layers, 3);
  w.write_flag(temporal_id_nested);
  w.write_bits(length_size_minus_one, 2);
  w.write_bits(arrays.size(), 8);
  for (const NalArray& array : arrays) {
    if (array.nal_unit_type > 63) return too_wide("NAL_unit_type", array.nal_unit_type, 6);
    if (array.nalus.size() > UINT16_MAX) return too_wide("numNalus", array.nalus.size(), 16);
    w.write_flag(array.array_completeness);
    w.write_flag(false);
    w.write_bits(array.nal_unit_type, 6);
    w.write_bits(array.nalus.size(), 16);
    for (const ByteBuffer& nal : array.nalus) {
      if (nal.size() > UINT16_MAX) return too_wide("nalUnitLength", nal.size(), 16);
      w.write_bits(nal.size(), 16);
      w.write_bytes(nal);
    }
  }
  return w.finish();
}

std::vector<ByteView> HevcDecoderConfigurationRecord::nal_units(uint8_t nal_unit_type) const {
  std::vector<ByteView> out;
  for (const NalArray& array : arrays) {
    if (array.nal_unit_type != nal_unit_type) continue;
    for (const ByteBuffer& nal : array.nalus) out.push_back(nal.view());
  }
  return out;
}

Result<HevcDecoderConfigurationRecord> HevcDecoderConfigurationRecord::from_parameter_sets(
    const std::vector<ByteView>& vps, const std::vector<ByteView>& sps, const std::vector<ByteView>& pps,
    const std::vector<ByteView>& sei, bool complete) {
  if (vps.empty() || sps.empty() || pps.empty()) {
    return InvalidArgumentError("hvcC: a VPS, an SPS and a PPS are needed (got " + std::to_string(vps.size()) +
                                ", " + std::to_string(sps.size()) + ", " + std::to_string(pps.size()) + ")");
  }
  SF_ASSIGN_OR_RETURN(const HevcSps first, parse_hevc_sps(sps.front()));
  const HevcProfileTierLevel& ptl = first.profile_tier_level;

  HevcDecoderConfigurationRecord rec;
  rec.general_profile_space = ptl.general_profile_space;
  rec.general_tier_flag = ptl.general_tier_flag;
  rec.general_profile_idc = ptl.general_profile_idc;
  rec.general_profile_compatibility_flags = ptl.general_profile_compatibility_flags;
  rec.general_constraint_indicator_flags = ptl.general_constraint_indicator_flags;
  rec.general_level_idc = ptl.general_level_idc;
  rec.min_spatial_segmentation_idc = static_cast<uint16_t>(first.vui.min_spatial_segmentation_idc);
  if (rec.min_spatial_segmentation_idc != 0) {
    SF_ASSIGN_OR_RETURN(const HevcPps first_pps, parse_hevc_pps(pps.front()));
    if (first_pps.tiles_enabled_flag && first_pps.entropy_coding_sync_enabled_flag) {
      rec.parallelism_type = kMixed;
    } else if (first_pps.entropy_coding_sync_enabled_flag) {
      rec.parallelism_type = kWavefront;
    } else if (first_pps.tiles_enabled_flag) {
      rec.parallelism_type = kTile;
    } else {
      rec.parallelism_type = kSlice;
    }
  }
  rec.chroma_format_idc = static_cast<uint8_t>(first.chroma_format_idc);
  rec.bit_depth_luma_minus8 = static_cast<uint8_t>(first.bit_depth_luma - 8);
  rec.bit_depth_chroma_minus8 = static_cast<uint8_t>(first.bit_depth_chroma - 8);
  rec.num_temporal_layers = first.sps_max_sub_layers;
  rec.temporal_id_nested = first.sps_temporal_id_nesting_flag;

  auto add_array = [&](uint8_t type, const std::vector<ByteView>& nals, bool completeness) {
    if (nals.empty()) return;
    NalArray array;
    array.array_completeness = completeness;
    array.nal_unit_type = type;
    for (ByteView nal : nals) array.nalus.emplace_back(nal);
    rec.arrays.push_back(std::move(array));
  };
  std::vector<ByteView> prefix_sei, suffix_sei;
  for (ByteView nal : sei) {
    if (nal.empty()) return InvalidArgumentError("hvcC: empty SEI NAL unit");
    const auto type = hevc_nal_type(nal[0]);
    if (type == HevcNalType::kPrefixSei) {
      prefix_sei.push_back(nal);
    } else if (type == HevcNalType::kSuffixSei) {
      suffix_sei.push_back(nal);
    } else {
      return InvalidArgumentError("hvcC: NAL unit of type " + std::to_string(static_cast<int>(type)) +
                                  " passed as SEI");
    }
  }
  add_array(static_cast<uint8_t>(HevcNalType::kVps), vps, complete);
  add_array(static_cast<uint8_t>(HevcNalType::kSps), sps, complete);
  add_array(static_cast<uint8_t>(HevcNalType::kPps), pps, complete);
  add_array(static_cast<uint8_t>(HevcNalType::kPrefixSei), prefix_sei, false);
  add_array(static_cast<uint8_t>(HevcNalType::kSuffixSei), suffix_sei, false);
  SF_RETURN_IF_ERROR(rec.serialize().status());  // the limits of every length field
  return rec;
}

Result<HevcDecoderConfigurationRecord> HevcDecoderConfigurationRecord::from_annexb_parameter_sets(ByteView annexb,
                                                                                                 bool complete) {
  SF_ASSIGN_OR_RETURN(const std::vector<ByteView> nals, split_annexb(annexb));
  std::vector<ByteView> vps, sps, pps, sei;
  for (ByteView nal : nals) {
    switch (hevc_nal_type(nal[0])) {
      case HevcNalType::kVps: vps.push_back(nal); break;
      case HevcNalType::kSps: sps.push_back(nal); break;
      case HevcNalType::kPps: pps.push_back(nal); break;
      case HevcNalType::kPrefixSei:
      case HevcNalType::kSuffixSei: sei.push_back(nal); break;
      default: break;
    }
  }
  return from_parameter_sets(vps, sps, pps, sei, complete);
}

}  // namespace streamforge

#include "streamforge/media/avc_config.h"

#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/h264.h"
#include "streamforge/media/nal.h"

namespace streamforge {
namespace {

constexpr std::string_view kContext = "avcC";

bool has_high_profile_fields(uint8_t profile_idc) { return profile_idc != 66 && profile_idc != 77 && profile_idc != 88; }

// count x (u16 length, NAL unit)
Status read_nal_list(BitReader& r, size_t count, std::string_view what, std::vector<ByteBuffer>& out) {
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    SF_ASSIGN_OR_RETURN(uint16_t length, r.read<uint16_t>(16, std::string(what) + "Length"));
    if (length > r.bytes_left()) {
      return r.corrupt(std::string(what) + " " + std::to_string(i) + " of " + std::to_string(length) +
                       " bytes runs past the end (" + std::to_string(r.bytes_left()) + " bytes left)");
    }
    out.emplace_back(r.remaining_bytes().first(length));
    SF_RETURN_IF_ERROR(r.skip_bits(uint64_t{length} * 8));
  }
  return OkStatus();
}

Status write_nal_list(BitWriter& w, const std::vector<ByteBuffer>& nals, std::string_view what) {
  for (const ByteBuffer& nal : nals) {
    if (nal.size() > UINT16_MAX) {
      return InvalidArgumentError("avcC: " + std::string(what) + " of " + std::to_string(nal.size()) +
                                  " bytes exceeds the 16-bit length field");
    }
    w.write_bits(nal.size(), 16);
    w.write_bytes(nal);
  }
  return OkStatus();
}

}  // namespace

Result<AvcDecoderConfigurationRecord> AvcDecoderConfigurationRecord::parse(ByteView data) {
  BitReader r(data, kContext);
  AvcDecoderConfigurationRecord rec;
  SF_ASSIGN_OR_RETURN(rec.configuration_version, r.read<uint8_t>(8, "configurationVersion"));
  if (rec.configuration_version != 1) {
    return UnimplementedError("avcC: configurationVersion " + std::to_string(rec.configuration_version) +
                              " not supported (expected 1)");
  }
  SF_ASSIGN_OR_RETURN(rec.avc_profile_indication, r.read<uint8_t>(8, "AVCProfileIndication"));
  SF_ASSIGN_OR_RETURN(rec.profile_compatibility, r.read<uint8_t>(8, "profile_compatibility"));
  SF_ASSIGN_OR_RETURN(rec.avc_level_indication, r.read<uint8_t>(8, "AVCLevelIndication"));
  SF_RETURN_IF_ERROR(r.skip_bits(6, "reserved"));
  SF_ASSIGN_OR_RETURN(rec.length_size_minus_one, r.read<uint8_t>(2, "lengthSizeMinusOne"));
  if (rec.length_size_minus_one == 2) return r.corrupt("lengthSizeMinusOne 2 (3-byte NAL lengths) is not allowed");
  SF_RETURN_IF_ERROR(r.skip_bits(3, "reserved"));
  SF_ASSIGN_OR_RETURN(uint8_t num_sps, r.read<uint8_t>(5, "numOfSequenceParameterSets"));
  SF_RETURN_IF_ERROR(read_nal_list(r, num_sps, "sequenceParameterSet", rec.sps));
  SF_ASSIGN_OR_RETURN(uint8_t num_pps, r.read<uint8_t>(8, "numOfPictureParameterSets"));
  SF_RETURN_IF_ERROR(read_nal_list(r, num_pps, "pictureParameterSet", rec.pps));

  if (has_high_profile_fields(rec.avc_profile_indication) && r.bytes_left() > 0) {
    HighProfileFields high;
    SF_RETURN_IF_ERROR(r.skip_bits(6, "reserved"));
    SF_ASSIGN_OR_RETURN(high.chroma_format, r.read<uint8_t>(2, "chroma_format"));
    SF_RETURN_IF_ERROR(r.skip_bits(5, "reserved"));
    SF_ASSIGN_OR_RETURN(high.bit_depth_luma_minus8, r.read<uint8_t>(3, "bit_depth_luma_minus8"));
    SF_RETURN_IF_ERROR(r.skip_bits(5, "reserved"));
    SF_ASSIGN_OR_RETURN(high.bit_depth_chroma_minus8, r.read<uint8_t>(3, "bit_depth_chroma_minus8"));
    SF_ASSIGN_OR_RETURN(uint8_t num_sps_ext, r.read<uint8_t>(8, "numOfSequenceParameterSetExt"));
    SF_RETURN_IF_ERROR(read_nal_list(r, num_sps_ext, "sequenceParameterSetExt", high.sps_ext));
    rec.high_profile_fields = std::move(high);
  }
  // Anything after that is ignored (§5.3.3.1: later versions may append fields).
  return rec;
}

Result<ByteBuffer> AvcDecoderConfigurationRecord::serialize() const {
  if (length_size_minus_one > 3 || length_size_minus_one == 2) {
    return InvalidArgumentError("avcC: length_size_minus_one must be 0, 1 or 3, got " +
                                std::to_string(length_size_minus_one));
  }
  if (sps.size() > 31) return InvalidArgumentError("avcC: " + std::to_string(sps.size()) + " SPS, at most 31 fit");
  if (pps.size() > 255) return InvalidArgumentError("avcC: " + std::to_string(pps.size()) + " PPS, at most 255 fit");
  BitWriter w;
  w.write_bits(configuration_version, 8);
  w.write_bits(avc_profile_indication, 8);
  w.write_bits(profile_compatibility, 8);
  w.write_bits(avc_level_indication, 8);
  w.write_bits(0x3f, 6);
  w.write_bits(length_size_minus_one, 2);
  w.write_bits(0x7, 3);
  w.write_bits(sps.size(), 5);
  SF_RETURN_IF_ERROR(write_nal_list(w, sps, "SPS"));
  w.write_bits(pps.size(), 8);
  SF_RETURN_IF_ERROR(write_nal_list(w, pps, "PPS"));
  if (high_profile_fields) {
    const HighProfileFields& high = *high_profile_fields;
    if (high.chroma_format > 3 || high.bit_depth_luma_minus8 > 7 || high.bit_depth_chroma_minus8 > 7) {
      return InvalidArgumentError("avcC: chroma_format or bit depth does not fit its field");
    }
    if (high.sps_ext.size() > 255) return InvalidArgumentError("avcC: more than 255 SPS extensions");
    w.write_bits(0x3f, 6);
    w.write_bits(high.chroma_format, 2);
    w.write_bits(0x1f, 5);
    w.write_bits(high.bit_depth_luma_minus8, 3);
    w.write_bits(0x1f, 5);
    w.write_bits(high.bit_depth_chroma_minus8, 3);
    w.write_bits(high.sps_ext.size(), 8);
    SF_RETURN_IF_ERROR(write_nal_list(w, high.sps_ext, "SPS extension"));
  }
  return w.finish();
}

Result<AvcDecoderConfigurationRecord> AvcDecoderConfigurationRecord::from_parameter_sets(
    const std::vector<ByteView>& sps, const std::vector<ByteView>& pps, const std::vector<ByteView>& sps_ext) {
  if (sps.empty()) return InvalidArgumentError("avcC: at least one SPS is needed");
  if (pps.empty()) return InvalidArgumentError("avcC: at least one PPS is needed");
  SF_ASSIGN_OR_RETURN(const H264Sps first, parse_h264_sps(sps.front()));
  AvcDecoderConfigurationRecord rec;
  rec.avc_profile_indication = first.profile_idc;
  rec.profile_compatibility = first.constraint_flags;
  rec.avc_level_indication = first.level_idc;
  for (ByteView nal : sps) rec.sps.emplace_back(nal);
  for (ByteView nal : pps) rec.pps.emplace_back(nal);
  if (has_high_profile_fields(first.profile_idc)) {
    HighProfileFields high;
    high.chroma_format = static_cast<uint8_t>(first.chroma_format_idc);
    high.bit_depth_luma_minus8 = static_cast<uint8_t>(first.bit_depth_luma - 8);
    high.bit_depth_chroma_minus8 = static_cast<uint8_t>(first.bit_depth_chroma - 8);
    for (ByteView nal : sps_ext) high.sps_ext.emplace_back(nal);
    rec.high_profile_fields = std::move(high);
  } else if (!sps_ext.empty()) {
    return InvalidArgumentError("avcC: SPS extensions need a High profile (profile_idc " +
                                std::to_string(first.profile_idc) + " has no field for them)");
  }
  SF_RETURN_IF_ERROR(rec.serialize().status());  // the limits of every length field
  return rec;
}

Result<AvcDecoderConfigurationRecord> AvcDecoderConfigurationRecord::from_annexb_parameter_sets(ByteView annexb) {
  SF_ASSIGN_OR_RETURN(const std::vector<ByteView> nals, split_annexb(annexb));
  std::vector<ByteView> sps, pps, sps_ext;
  for (ByteView nal : nals) {
    switch (h264_nal_type(nal[0])) {
      case H264NalType::kSps: sps.push_back(nal); break;
      case H264NalType::kPps: pps.push_back(nal); break;
      case H264NalType::kSpsExtension: sps_ext.push_back(nal); break;
      default: break;
    }
  }
  return from_parameter_sets(sps, pps, sps_ext);
}

}  // namespace streamforge

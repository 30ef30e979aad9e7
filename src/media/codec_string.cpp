#include "streamforge/media/codec_string.h"

#include <cstdio>
#include <string>

#include "streamforge/media/av1.h"
#include "streamforge/media/nal.h"

namespace streamforge {
namespace {

std::string format(const char* fmt, unsigned a) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), fmt, a);
  return buf;
}

uint32_t reverse_bits(uint32_t v) {
  uint32_t out = 0;
  for (int i = 0; i < 32; ++i) {
    out = (out << 1) | (v & 1u);
    v >>= 1;
  }
  return out;
}

Status missing_extradata(const StreamInfo& info, std::string_view what) {
  return InvalidArgumentError(std::string(codec_name(info.codec)) + " stream has no extradata (" + std::string(what) +
                              ") to derive a codec string from", "extradata");
}

}  // namespace

std::string avc_codec_string(const AvcDecoderConfigurationRecord& record, std::string_view sample_entry) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02x%02x%02x", record.avc_profile_indication, record.profile_compatibility,
                record.avc_level_indication);
  return std::string(sample_entry) + "." + buf;
}

std::string hevc_codec_string(const HevcDecoderConfigurationRecord& record, std::string_view sample_entry) {
  std::string out(sample_entry);
  out += '.';
  if (record.general_profile_space > 0) out += static_cast<char>('A' + record.general_profile_space - 1);
  out += std::to_string(record.general_profile_idc);
  out += '.' + format("%X", reverse_bits(record.general_profile_compatibility_flags));
  out += '.';
  out += record.general_tier_flag ? 'H' : 'L';
  out += std::to_string(record.general_level_idc);
  // The six constraint bytes, most significant first, without the trailing zero bytes.
  uint8_t bytes[6];
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<uint8_t>(record.general_constraint_indicator_flags >> (8 * (5 - i)));
  }
  int last = 5;
  while (last >= 0 && bytes[last] == 0) --last;
  for (int i = 0; i <= last; ++i) out += '.' + format("%X", bytes[i]);
  return out;
}

std::string vp9_codec_string(const VpCodecConfigurationRecord& r) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "vp09.%02u.%02u.%02u.%02u.%02u.%02u.%02u.%02u", unsigned{r.profile},
                unsigned{r.level}, unsigned{r.bit_depth}, unsigned{r.chroma_subsampling}, unsigned{r.colour_primaries},
                unsigned{r.transfer_characteristics}, unsigned{r.matrix_coefficients},
                r.video_full_range_flag ? 1u : 0u);
  return buf;
}

std::string av1_codec_string(const Av1CodecConfigurationRecord& r) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "av01.%u.%02u%c.%02u", unsigned{r.seq_profile}, unsigned{r.seq_level_idx_0},
                r.seq_tier_0 ? 'H' : 'M', static_cast<unsigned>(r.bit_depth()));
  std::string out = buf;

  // Colour lives only in the sequence header; without one the short form is all we can say.
  Av1ColorConfig color;
  bool has_sequence_header = false;
  if (auto sh = find_av1_sequence_header(r.config_obus); sh.ok()) {
    color = sh->color_config;
    has_sequence_header = true;
  }
  const bool default_chroma = r.chroma_subsampling_x && r.chroma_subsampling_y && r.chroma_sample_position == 0;
  const bool colour_known = has_sequence_header && (color.color_description_present_flag || color.color_range);
  if (!colour_known && !r.monochrome && default_chroma) return out;

  std::snprintf(buf, sizeof(buf), ".%u.%u%u%u.%02u.%02u.%02u.%u", r.monochrome ? 1u : 0u,
                r.chroma_subsampling_x ? 1u : 0u, r.chroma_subsampling_y ? 1u : 0u,
                unsigned{r.chroma_sample_position}, unsigned{color.color_primaries},
                unsigned{color.transfer_characteristics}, unsigned{color.matrix_coefficients},
                color.color_range ? 1u : 0u);
  return out + buf;
}

std::string aac_codec_string(const AudioSpecificConfig& config) {
  return "mp4a.40." + std::to_string(config.signalled_object_type());
}

Result<std::string> codec_string(const StreamInfo& info) {
  const ByteView extradata = info.extradata.view();
  switch (info.codec) {
    case Codec::kH264: {
      if (extradata.empty()) return missing_extradata(info, "avcC");
      auto record = starts_with_start_code(extradata) ? AvcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata)
                                                      : AvcDecoderConfigurationRecord::parse(extradata);
      if (!record.ok()) return record.status();
      return avc_codec_string(*record);
    }
    case Codec::kHevc: {
      if (extradata.empty()) return missing_extradata(info, "hvcC");
      auto record = starts_with_start_code(extradata)
                        ? HevcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata)
                        : HevcDecoderConfigurationRecord::parse(extradata);
      if (!record.ok()) return record.status();
      return hevc_codec_string(*record);
    }
    case Codec::kAv1: {
      if (extradata.empty()) return missing_extradata(info, "av1C");
      // av1C starts with marker bit 1; an OBU header starts with obu_forbidden_bit 0.
      auto record = (extradata[0] & 0x80) ? Av1CodecConfigurationRecord::parse(extradata)
                                          : Av1CodecConfigurationRecord::from_obus(extradata);
      if (!record.ok()) return record.status();
      return av1_codec_string(*record);
    }
    case Codec::kVp9: {
      if (extradata.empty()) return missing_extradata(info, "vpcC; build one with VpCodecConfigurationRecord::from_vp9_keyframe");
      SF_ASSIGN_OR_RETURN(const auto record, VpCodecConfigurationRecord::parse(extradata));
      return vp9_codec_string(record);
    }
    case Codec::kAac: {
      if (extradata.empty()) return missing_extradata(info, "AudioSpecificConfig");
      SF_ASSIGN_OR_RETURN(const auto config, AudioSpecificConfig::parse(extradata));
      return aac_codec_string(config);
    }
    case Codec::kOpus: return std::string("opus");
    case Codec::kMp3: return std::string("mp4a.40.34");
    case Codec::kAc3: return std::string("ac-3");
    case Codec::kEac3: return std::string("ec-3");
    case Codec::kWebVtt: return std::string("wvtt");
    case Codec::kUnknown:
    case Codec::kOther: break;
  }
  return UnimplementedError("no RFC 6381 codec string for codec \"" +
                            (info.codec_name.empty() ? std::string(codec_name(info.codec)) : info.codec_name) + "\"");
}

}  // namespace streamforge

// H.264 / HEVC subsample maps (23001-7 §9.5 with the 'cbcs' slice-header rule of §10.4.2 and CMAF's
// block alignment for 'cenc'), over ISO/IEC 14496-15 length-prefixed samples.
#include <string>

#include "crypto/codec_subsamples.h"
#include "crypto/h264_slice_header.h"
#include "crypto/hevc_slice_header.h"
#include "crypto/subsample_builder.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/media/nal.h"

namespace streamforge::crypto::detail {
namespace {

constexpr uint8_t kHevcVps = 32, kHevcSps = 33, kHevcPps = 34;

class NalSubsampler final : public CodecSubsampler {
 public:
  NalSubsampler(Scheme scheme, Codec codec) : scheme_(scheme), codec_(codec) {}

  Status init(ByteView config) {
    if (config.empty()) return OkStatus();  // 4-byte lengths, parameter sets in band (avc3 / hev1)
    if (starts_with_start_code(config)) {
      SF_ASSIGN_OR_RETURN(std::vector<ByteView> nals, split_annexb(config));
      for (ByteView nal : nals) SF_RETURN_IF_ERROR(parameter_set(nal));
      return OkStatus();
    }
    if (codec_ == Codec::kH264) {
      SF_ASSIGN_OR_RETURN(AvcDecoderConfigurationRecord avcc, AvcDecoderConfigurationRecord::parse(config));
      length_size_ = avcc.nal_length_size();
      for (const ByteBuffer& sps : avcc.sps) SF_RETURN_IF_ERROR(h264_.add_sps(sps));
      for (const ByteBuffer& pps : avcc.pps) SF_RETURN_IF_ERROR(h264_.add_pps(pps));
    } else {
      SF_ASSIGN_OR_RETURN(HevcDecoderConfigurationRecord hvcc, HevcDecoderConfigurationRecord::parse(config));
      length_size_ = hvcc.nal_length_size();
      for (ByteView sps : hvcc.nal_units(kHevcSps)) SF_RETURN_IF_ERROR(hevc_.add_sps(sps));
      for (ByteView pps : hvcc.nal_units(kHevcPps)) SF_RETURN_IF_ERROR(hevc_.add_pps(pps));
    }
    if (length_size_ != 1 && length_size_ != 2 && length_size_ != 4) {
      return InvalidArgumentError("NAL length size " + std::to_string(length_size_) + " (must be 1, 2 or 4)");
    }
    return OkStatus();
  }

  Result<std::vector<Subsample>> map(ByteView sample) override {
    SubsampleBuilder builder(/*align_protected=*/scheme_ == Scheme::kCenc);
    const size_t ls = static_cast<size_t>(length_size_);
    size_t pos = 0;
    while (pos < sample.size()) {
      if (sample.size() - pos < ls) {
        return DataLossError(std::string(codec_name(codec_)) + " sample: NAL length field truncated at byte " +
                             std::to_string(pos) + " of " + std::to_string(sample.size()));
      }
      uint64_t length = 0;
      for (size_t i = 0; i < ls; ++i) length = (length << 8) | sample[pos + i];
      if (length > sample.size() - pos - ls) {
        return DataLossError(std::string(codec_name(codec_)) + " sample: NAL unit of " + std::to_string(length) +
                             " bytes at byte " + std::to_string(pos) + " runs past the end of the " +
                             std::to_string(sample.size()) + "-byte sample");
      }
      const ByteView nal = sample.subspan(pos + ls, static_cast<size_t>(length));
      pos += ls + static_cast<size_t>(length);
      if (nal.empty()) {
        builder.add(ls, 0);
        continue;
      }
      auto header = codec_ == Codec::kH264 ? h264_nal(nal) : hevc_nal(nal);
      if (!header.ok()) {
        return header.status().with_context(std::string(codec_name(codec_)) + " NAL unit at byte " +
                                            std::to_string(pos - nal.size() - ls));
      }
      const size_t clear = std::min(*header, nal.size());  // 0 for none: the whole NAL unit is clear
      if (*header == 0) {
        builder.add(ls + nal.size(), 0);
      } else {
        builder.add(ls + clear, nal.size() - clear);
      }
    }
    return builder.finish();
  }

 private:
  // A parameter set from the codec configuration or an Annex B list.
  Status parameter_set(ByteView nal) {
    if (nal.empty()) return OkStatus();
    if (codec_ == Codec::kH264) {
      const H264NalType t = h264_nal_type(nal[0]);
      if (t == H264NalType::kSps) return h264_.add_sps(nal);
      if (t == H264NalType::kPps) return h264_.add_pps(nal);
      return OkStatus();
    }
    if (nal.size() < 2) return OkStatus();
    const uint8_t t = static_cast<uint8_t>((nal[0] >> 1) & 0x3f);
    const uint8_t layer = static_cast<uint8_t>(((nal[0] & 1) << 5) | (nal[1] >> 3));
    if (layer != 0) return OkStatus();
    if (t == kHevcSps) return hevc_.add_sps(nal);
    if (t == kHevcPps) return hevc_.add_pps(nal);
    return OkStatus();
  }

  // Clear bytes at the start of an H.264 NAL unit (NAL header + slice header), or 0 when the whole
  // NAL unit stays clear. In-band SPS / PPS update the parameter sets.
  Result<size_t> h264_nal(ByteView nal) {
    if (nal[0] & 0x80) return DataLossError("forbidden_zero_bit is set");
    const H264NalType t = h264_nal_type(nal[0]);
    switch (t) {
      case H264NalType::kSps:
      case H264NalType::kPps:
        SF_RETURN_IF_ERROR(parameter_set(nal));
        return size_t{0};
      case H264NalType::kSlice:
      case H264NalType::kIdrSlice:
        return h264_.header_size(nal);
      default:  // SEI, AUD, data partitions, MVC/3D slice extensions, ...: clear
        return size_t{0};
    }
  }

  Result<size_t> hevc_nal(ByteView nal) {
    SF_ASSIGN_OR_RETURN(HevcNalHeader h, parse_hevc_nal_header(nal));
    const uint8_t t = static_cast<uint8_t>(h.type);
    if (t == kHevcSps || t == kHevcPps || t == kHevcVps) {
      SF_RETURN_IF_ERROR(parameter_set(nal));
      return size_t{0};
    }
    const bool slice = t <= 9 || (t >= 16 && t <= 21);  // reserved VCL types 10..15, 22..31 stay clear
    if (!slice || h.layer_id != 0) return size_t{0};
    return hevc_.header_size(nal);
  }

  Scheme scheme_;
  Codec codec_;
  int length_size_ = 4;
  H264SliceHeaderParser h264_;
  HevcSliceHeaderParser hevc_;
};

}  // namespace

Result<std::unique_ptr<CodecSubsampler>> make_nal_subsampler(Scheme scheme, Codec codec, ByteView codec_config) {
  auto s = std::make_unique<NalSubsampler>(scheme, codec);
  Status st = s->init(codec_config);
  if (!st.ok()) {
    return InvalidArgumentError(std::string(codec_name(codec)) + " codec configuration: " + st.message());
  }
  return std::unique_ptr<CodecSubsampler>(std::move(s));
}

}  // namespace streamforge::crypto::detail

#include "streamforge/crypto/subsample_map.h"

#include <limits>
#include <string>

#include "crypto/codec_subsamples.h"

namespace streamforge::crypto {

bool uses_subsample_encryption(Codec codec) {
  return codec == Codec::kH264 || codec == Codec::kHevc || codec == Codec::kVp9 || codec == Codec::kAv1;
}

struct SubsampleMapper::Impl {
  Scheme scheme = Scheme::kCenc;
  Codec codec = Codec::kUnknown;
  std::unique_ptr<detail::CodecSubsampler> subsampler;  // null: full-sample encryption
};

SubsampleMapper::SubsampleMapper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SubsampleMapper::~SubsampleMapper() = default;

Result<std::unique_ptr<SubsampleMapper>> SubsampleMapper::create(Scheme scheme, Codec codec, ByteView codec_config) {
  auto impl = std::make_unique<Impl>();
  impl->scheme = scheme;
  impl->codec = codec;
  switch (codec) {
    case Codec::kH264:
    case Codec::kHevc: {
      SF_ASSIGN_OR_RETURN(impl->subsampler, detail::make_nal_subsampler(scheme, codec, codec_config));
      break;
    }
    case Codec::kVp9:
      impl->subsampler = detail::make_vp9_subsampler(scheme);
      break;
    case Codec::kAv1: {
      SF_ASSIGN_OR_RETURN(impl->subsampler, detail::make_av1_subsampler(scheme, codec_config));
      break;
    }
    default:
      if (codec_media_type(codec) == MediaType::kVideo || codec == Codec::kUnknown || codec == Codec::kOther) {
        return UnimplementedError("no subsample encryption rules for codec '" + std::string(codec_name(codec)) +
                                  "' (supported video: h264, hevc, vp9, av1)");
      }
      break;  // audio and others: full-sample encryption
  }
  return std::unique_ptr<SubsampleMapper>(new SubsampleMapper(std::move(impl)));
}

Result<std::vector<Subsample>> SubsampleMapper::map(ByteView sample) {
  if (sample.size() > std::numeric_limits<uint32_t>::max()) {
    return OutOfRangeError("sample of " + std::to_string(sample.size()) + " bytes: senc sizes are 32-bit");
  }
  if (!impl_->subsampler) return std::vector<Subsample>{};
  return impl_->subsampler->map(sample);
}

Scheme SubsampleMapper::scheme() const { return impl_->scheme; }
Codec SubsampleMapper::codec() const { return impl_->codec; }

Result<std::vector<Subsample>> subsample_map(Scheme scheme, Codec codec, ByteView sample, ByteView codec_config) {
  SF_ASSIGN_OR_RETURN(auto mapper, SubsampleMapper::create(scheme, codec, codec_config));
  return mapper->map(sample);
}

Status validate_subsample_map(std::span<const Subsample> subsamples, size_t sample_size) {
  if (subsamples.empty()) return OkStatus();
  uint64_t total = 0;
  for (const Subsample& s : subsamples) total += uint64_t{s.clear_bytes} + s.protected_bytes;  // < 2^64 for any count
  if (total != sample_size) {
    return DataLossError("subsample map covers " + std::to_string(total) + " bytes, the sample has " +
                         std::to_string(sample_size) + " (" + std::to_string(subsamples.size()) + " subsamples)");
  }
  return OkStatus();
}

uint64_t protected_bytes(std::span<const Subsample> subsamples) {
  uint64_t total = 0;
  for (const Subsample& s : subsamples) total += s.protected_bytes;
  return total;
}

}  // namespace streamforge::crypto

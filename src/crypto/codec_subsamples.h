// The per-codec halves of SubsampleMapper (subsample_map.cpp dispatches to one of these).
#pragma once

#include <memory>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/crypto/types.h"
#include "streamforge/media/codec.h"

namespace streamforge::crypto::detail {

class CodecSubsampler {
 public:
  virtual ~CodecSubsampler() = default;
  virtual Result<std::vector<Subsample>> map(ByteView sample) = 0;
};

// nal_subsamples.cpp: H.264 / HEVC, from an avcC / hvcC record body or Annex B parameter sets.
Result<std::unique_ptr<CodecSubsampler>> make_nal_subsampler(Scheme scheme, Codec codec, ByteView codec_config);
// vp9_subsamples.cpp
std::unique_ptr<CodecSubsampler> make_vp9_subsampler(Scheme scheme);
// av1_subsamples.cpp, from an av1C record body.
Result<std::unique_ptr<CodecSubsampler>> make_av1_subsampler(Scheme scheme, ByteView codec_config);

}  // namespace streamforge::crypto::detail

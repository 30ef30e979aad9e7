// VP9 subsample maps (VP codec ISOBMFF binding v1.0 "Common Encryption"): per frame the uncompressed
// header is clear and the rest is protected, block-aligned so the CTR state of each frame of a
// superframe can be computed; the superframe index (Annex B) is clear.
#include <string>

#include "crypto/codec_subsamples.h"
#include "crypto/subsample_builder.h"
#include "crypto/vp9_frame_parser.h"
#include "streamforge/media/vp9.h"

namespace streamforge::crypto::detail {
namespace {

class Vp9Subsampler final : public CodecSubsampler {
 public:
  explicit Vp9Subsampler(Scheme scheme) : scheme_(scheme) {}

  Result<std::vector<Subsample>> map(ByteView sample) override {
    if (sample.empty()) return DataLossError("VP9 sample: empty");
    SF_ASSIGN_OR_RETURN(std::vector<ByteView> frames, split_vp9_superframe(sample));
    // The binding requires block alignment for both schemes (Shaka Packager aligns VP9 for 'cbcs' too).
    SubsampleBuilder builder(/*align_protected=*/true);
    size_t end = 0;
    for (size_t i = 0; i < frames.size(); ++i) {
      const ByteView frame = frames[i];
      const size_t offset = static_cast<size_t>(frame.data() - sample.data());
      if (offset < end) return DataLossError("VP9 superframe: overlapping frames");
      auto info = parser_.parse(frame);
      if (!info.ok()) return info.status().with_context("VP9 frame " + std::to_string(i));
      builder.add(offset - end + info->uncompressed_header_size, frame.size() - info->uncompressed_header_size);
      end = offset + frame.size();
    }
    if (end > sample.size()) return DataLossError("VP9 superframe: frames run past the sample");
    builder.add(sample.size() - end, 0);  // superframe index
    (void)scheme_;
    return builder.finish();
  }

 private:
  Scheme scheme_;
  Vp9FrameParser parser_;
};

}  // namespace

std::unique_ptr<CodecSubsampler> make_vp9_subsampler(Scheme scheme) { return std::make_unique<Vp9Subsampler>(scheme); }

}  // namespace streamforge::crypto::detail

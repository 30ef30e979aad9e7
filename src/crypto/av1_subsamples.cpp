// AV1 subsample maps (AV1 ISOBMFF binding v1.2.0 §"Common Encryption", "General Subsample Encryption
// constraints"): one subsample per decode_tile(); everything else clear.
//   'cbcs': BytesOfProtectedData spans the whole decode_tile(), even a tile under 16 bytes (its
//           partial block then stays unencrypted by the pattern rules).
//   'cenc': BytesOfProtectedData ends on the tile's last byte and spans all its complete 16-byte
//           blocks; a tile under 16 bytes is folded into the surrounding clear bytes.
#include "crypto/av1_frame_parser.h"
#include "crypto/codec_subsamples.h"
#include "crypto/subsample_builder.h"

namespace streamforge::crypto::detail {
namespace {

class Av1Subsampler final : public CodecSubsampler {
 public:
  explicit Av1Subsampler(Scheme scheme) : scheme_(scheme) {}
  Status init(ByteView av1c) { return parser_.set_codec_config(av1c); }

  Result<std::vector<Subsample>> map(ByteView sample) override {
    if (sample.empty()) return DataLossError("AV1 sample: empty");
    SF_ASSIGN_OR_RETURN(std::vector<Av1TileRange> tiles, parser_.parse_sample(sample));
    SubsampleBuilder builder(/*align_protected=*/scheme_ == Scheme::kCenc);
    size_t end = 0;
    for (const Av1TileRange& tile : tiles) {
      if (tile.offset < end || tile.offset + tile.size > sample.size()) {
        return InternalError("AV1 tile ranges out of order");
      }
      builder.add(tile.offset - end, tile.size);
      end = tile.offset + tile.size;
    }
    builder.add(sample.size() - end, 0);
    return builder.finish();
  }

 private:
  Scheme scheme_;
  Av1FrameParser parser_;
};

}  // namespace

Result<std::unique_ptr<CodecSubsampler>> make_av1_subsampler(Scheme scheme, ByteView codec_config) {
  auto s = std::make_unique<Av1Subsampler>(scheme);
  Status st = s->init(codec_config);
  if (!st.ok()) return InvalidArgumentError("AV1 codec configuration (av1C): " + st.message());
  return std::unique_ptr<CodecSubsampler>(std::move(s));
}

}  // namespace streamforge::crypto::detail

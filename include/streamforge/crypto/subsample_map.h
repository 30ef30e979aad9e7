// Subsample maps: which bytes of a sample stay clear under common encryption, per codec
// (ISO/IEC 23001-7:2016 subsample encryption of NAL-structured video, §10.1 'cenc', §10.4 'cbcs', the
// CMAF (ISO/IEC 23000-19) video rules as Shaka Packager implements them, and the VP9 / AV1 bindings).
//
//   H.264 / HEVC (samples of length-prefixed NAL units, ISO/IEC 14496-15):
//     every NAL unit's length field and NAL header are clear; non-VCL NAL units (SPS, PPS, SEI, AUD, ...)
//     are clear; in a VCL NAL unit the slice header is clear too and the slice data is protected.
//       'cbcs': the protected range (the "slice body" of 23001-7 §10.4.2; CMAF: "the first byte of video
//               data following the slice header") ends with the NAL unit; the pattern's trailing
//               partial block stays unencrypted.
//       'cenc': same, then the protected range is shortened at its start to a multiple of 16 bytes
//               (the remainder joins the clear bytes), as CMAF requires for 'cenc' video.
//     Reserved VCL types, H.264 data partitions and MVC/3D slice extensions, and HEVC nuh_layer_id > 0
//     slices are left entirely clear. Slice data under 16 bytes is clear with 'cenc'; 'cbcs' keeps it as
//     a protected range the pattern leaves unencrypted (like the AV1 binding's one-subsample-per-tile).
//   VP9 (VP codec ISOBMFF binding v1.0 "Common Encryption"): per frame of a superframe, the
//     uncompressed header is clear and the rest (compressed header and tiles) protected, block-aligned
//     at its start in both schemes; the superframe index is clear.
//   AV1 (AV1 ISOBMFF binding v1.2.0 §"Common Encryption"): only decode_tile() bytes are protected, one
//     subsample per tile; every OBU header, sequence/frame/tile-group header, tile size field, metadata
//     and padding OBU is clear. 'cenc' shortens each tile's protected range at its start to whole
//     16-byte blocks (a tile under 16 bytes is then entirely clear).
//   Every other codec (AAC, Opus, AC-3, ...): full-sample encryption, i.e. an empty map.
//
// Maps are compact (consecutive clear runs merged into the next protected range) and every
// clear_bytes fits 16 bits (longer clear runs are split into subsamples with protected_bytes = 0),
// so they can be written to 'senc' as they are. A video sample's map is never empty: a sample with
// nothing to protect gets a single all-clear subsample.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/crypto/types.h"
#include "streamforge/media/codec.h"

namespace streamforge::crypto {

// True for the codecs that get subsample maps (H.264, HEVC, VP9, AV1); false for full-sample codecs.
bool uses_subsample_encryption(Codec codec);

// Maps the samples of one track, in decode order. VP9 and AV1 frame headers depend on earlier frames
// (reference frame sizes, order hints), and H.264 / HEVC samples may carry new parameter sets, so
// the mapper keeps that state: give it every sample of the track, starting at a key frame.
// One instance per thread.
class SubsampleMapper {
 public:
  // `codec_config`: the avcC / hvcC record body (or Annex B parameter sets) for H.264 / HEVC (empty:
  // 4-byte NAL lengths and in-band parameter sets); the av1C record body for AV1 (its configOBUs
  // sequence header, if any, is used); ignored for other codecs. InvalidArgument for a record that does
  // not parse; Unimplemented for a codec streamforge cannot subsample-encrypt (kOther/kUnknown video).
  static Result<std::unique_ptr<SubsampleMapper>> create(Scheme scheme, Codec codec, ByteView codec_config);
  ~SubsampleMapper();
  SubsampleMapper(const SubsampleMapper&) = delete;
  SubsampleMapper& operator=(const SubsampleMapper&) = delete;

  // The map of the next sample. Empty for full-sample codecs. DataLoss for a corrupt sample (NAL length
  // past the end, bad OBU, unparseable slice/frame header); FailedPrecondition / NotFound when the sample
  // needs state that never came (a parameter set, sequence header or reference frame). The mapper can
  // go on after an error, but a VP9 / AV1 frame that failed did not update the reference state.
  Result<std::vector<Subsample>> map(ByteView sample);

  Scheme scheme() const;
  Codec codec() const;

 private:
  struct Impl;
  explicit SubsampleMapper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One sample on its own, with a fresh mapper. Exact for H.264 / HEVC samples and for VP9 / AV1 key
// frames (with their sequence header); VP9 / AV1 inter frames need the state of the earlier frames
// (FailedPrecondition here: use SubsampleMapper).
Result<std::vector<Subsample>> subsample_map(Scheme scheme, Codec codec, ByteView sample, ByteView codec_config);

// DataLoss unless the subsamples cover exactly `sample_size` bytes (an empty map covers any sample:
// full-sample encryption). Sums are computed without overflow.
Status validate_subsample_map(std::span<const Subsample> subsamples, size_t sample_size);

// Total protected bytes of a map.
uint64_t protected_bytes(std::span<const Subsample> subsamples);

}  // namespace streamforge::crypto

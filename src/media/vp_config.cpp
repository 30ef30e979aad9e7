#include "streamforge/media/vp_config.h"

#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/vp9.h"

namespace streamforge {
namespace {

// ISO/IEC 23091-2 MatrixCoefficients for each VP9 color_space (§7.2.2).
uint8_t matrix_for(Vp9ColorSpace cs) {
  switch (cs) {
    case Vp9ColorSpace::kBt601: return 5;     // BT.470BG (BT.601 625)
    case Vp9ColorSpace::kBt709: return 1;
    case Vp9ColorSpace::kSmpte170: return 6;  // BT.601 525
    case Vp9ColorSpace::kSmpte240: return 7;
    case Vp9ColorSpace::kBt2020: return 9;    // BT.2020 non-constant luminance
    case Vp9ColorSpace::kSrgb: return 0;      // identity (RGB)
    case Vp9ColorSpace::kUnknown:
    case Vp9ColorSpace::kReserved: break;
  }
  return 2;
}

}  // namespace

Result<VpCodecConfigurationRecord> VpCodecConfigurationRecord::parse(ByteView data) {
  BitReader r(data, "vpcC");
  SF_ASSIGN_OR_RETURN(uint8_t version, r.read<uint8_t>(8, "version"));
  if (version != 1) return UnimplementedError("vpcC: box version " + std::to_string(version) + " not supported (expected 1)");
  SF_RETURN_IF_ERROR(r.skip_bits(24, "flags"));
  VpCodecConfigurationRecord rec;
  SF_ASSIGN_OR_RETURN(rec.profile, r.read<uint8_t>(8, "profile"));
  SF_ASSIGN_OR_RETURN(rec.level, r.read<uint8_t>(8, "level"));
  SF_ASSIGN_OR_RETURN(rec.bit_depth, r.read<uint8_t>(4, "bitDepth"));
  SF_ASSIGN_OR_RETURN(rec.chroma_subsampling, r.read<uint8_t>(3, "chromaSubsampling"));
  SF_ASSIGN_OR_RETURN(rec.video_full_range_flag, r.read_flag("videoFullRangeFlag"));
  SF_ASSIGN_OR_RETURN(rec.colour_primaries, r.read<uint8_t>(8, "colourPrimaries"));
  SF_ASSIGN_OR_RETURN(rec.transfer_characteristics, r.read<uint8_t>(8, "transferCharacteristics"));
  SF_ASSIGN_OR_RETURN(rec.matrix_coefficients, r.read<uint8_t>(8, "matrixCoefficients"));
  SF_ASSIGN_OR_RETURN(uint16_t init_size, r.read<uint16_t>(16, "codecIntializationDataSize"));
  if (init_size > r.bytes_left()) {
    return r.corrupt("codecIntializationDataSize " + std::to_string(init_size) + " exceeds the " +
                     std::to_string(r.bytes_left()) + " bytes left");
  }
  rec.codec_initialization_data = ByteBuffer(r.remaining_bytes().first(init_size));
  return rec;
}

Result<ByteBuffer> VpCodecConfigurationRecord::serialize() const {
  if (bit_depth > 15) return InvalidArgumentError("vpcC: bitDepth " + std::to_string(bit_depth) + " does not fit 4 bits");
  if (chroma_subsampling > 7) {
    return InvalidArgumentError("vpcC: chromaSubsampling " + std::to_string(chroma_subsampling) + " does not fit 3 bits");
  }
  if (codec_initialization_data.size() > UINT16_MAX) {
    return InvalidArgumentError("vpcC: codecInitializationData larger than 65535 bytes");
  }
  BitWriter w;
  w.write_bits(1, 8);   // FullBox version
  w.write_bits(0, 24);  // flags
  w.write_bits(profile, 8);
  w.write_bits(level, 8);
  w.write_bits(bit_depth, 4);
  w.write_bits(chroma_subsampling, 3);
  w.write_flag(video_full_range_flag);
  w.write_bits(colour_primaries, 8);
  w.write_bits(transfer_characteristics, 8);
  w.write_bits(matrix_coefficients, 8);
  w.write_bits(codec_initialization_data.size(), 16);
  w.write_bytes(codec_initialization_data);
  return w.finish();
}

Result<VpCodecConfigurationRecord> VpCodecConfigurationRecord::from_vp9_keyframe(ByteView packet, Rational frame_rate) {
  SF_ASSIGN_OR_RETURN(const std::vector<ByteView> frames, split_vp9_superframe(packet));
  if (frames.empty()) return DataLossError("VP9 packet: superframe without frames");
  SF_ASSIGN_OR_RETURN(const Vp9FrameHeader h, parse_vp9_frame_header(frames.front()));
  if (!h.key_frame || !h.has_color_config) {
    return InvalidArgumentError("vpcC: the VP9 frame is not a keyframe; a record needs a keyframe's header");
  }
  VpCodecConfigurationRecord rec;
  rec.profile = h.profile;
  rec.level = vp9_level(h.width, h.height, frame_rate);
  rec.bit_depth = h.bit_depth;
  if (h.subsampling_x && h.subsampling_y) {
    rec.chroma_subsampling = k420Colocated;
  } else if (h.subsampling_x) {
    rec.chroma_subsampling = k422;
  } else if (!h.subsampling_y) {
    rec.chroma_subsampling = k444;
  } else {
    return UnimplementedError("vpcC: VP9 4:4:0 subsampling has no chromaSubsampling value");
  }
  rec.video_full_range_flag = h.color_range;
  rec.matrix_coefficients = matrix_for(h.color_space);
  return rec;
}

}  // namespace streamforge

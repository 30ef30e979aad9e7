#include "streamforge/media/av1_config.h"

#include <string>

#include "streamforge/media/av1.h"
#include "streamforge/media/bit_reader.h"
#include "streamforge/media/bit_writer.h"

namespace streamforge {

Result<Av1CodecConfigurationRecord> Av1CodecConfigurationRecord::parse(ByteView data) {
  BitReader r(data, "av1C");
  Av1CodecConfigurationRecord rec;
  SF_ASSIGN_OR_RETURN(bool marker, r.read_flag("marker"));
  if (!marker) return r.corrupt("marker bit is 0");
  SF_ASSIGN_OR_RETURN(rec.version, r.read<uint8_t>(7, "version"));
  if (rec.version != 1) {
    return UnimplementedError("av1C: version " + std::to_string(rec.version) + " not supported (expected 1)");
  }
  SF_ASSIGN_OR_RETURN(rec.seq_profile, r.read<uint8_t>(3, "seq_profile"));
  SF_ASSIGN_OR_RETURN(rec.seq_level_idx_0, r.read<uint8_t>(5, "seq_level_idx_0"));
  SF_ASSIGN_OR_RETURN(rec.seq_tier_0, r.read_flag("seq_tier_0"));
  SF_ASSIGN_OR_RETURN(rec.high_bitdepth, r.read_flag("high_bitdepth"));
  SF_ASSIGN_OR_RETURN(rec.twelve_bit, r.read_flag("twelve_bit"));
  SF_ASSIGN_OR_RETURN(rec.monochrome, r.read_flag("monochrome"));
  SF_ASSIGN_OR_RETURN(rec.chroma_subsampling_x, r.read_flag("chroma_subsampling_x"));
  SF_ASSIGN_OR_RETURN(rec.chroma_subsampling_y, r.read_flag("chroma_subsampling_y"));
  SF_ASSIGN_OR_RETURN(rec.chroma_sample_position, r.read<uint8_t>(2, "chroma_sample_position"));
  SF_RETURN_IF_ERROR(r.skip_bits(3, "reserved"));
  SF_ASSIGN_OR_RETURN(bool delay_present, r.read_flag("initial_presentation_delay_present"));
  SF_ASSIGN_OR_RETURN(uint8_t delay_minus_one, r.read<uint8_t>(4, "initial_presentation_delay_minus_one"));
  if (delay_present) rec.initial_presentation_delay_minus_one = delay_minus_one;
  rec.config_obus = ByteBuffer(r.remaining_bytes());
  return rec;
}

Result<ByteBuffer> Av1CodecConfigurationRecord::serialize() const {
  if (version > 127) return InvalidArgumentError("av1C: version " + std::to_string(version) + " does not fit 7 bits");
  if (seq_profile > 7) return InvalidArgumentError("av1C: seq_profile " + std::to_string(seq_profile) + " does not fit 3 bits");
  if (seq_level_idx_0 > 31) {
    return InvalidArgumentError("av1C: seq_level_idx_0 " + std::to_string(seq_level_idx_0) + " does not fit 5 bits");
  }
  if (chroma_sample_position > 3) return InvalidArgumentError("av1C: chroma_sample_position does not fit 2 bits");
  if (initial_presentation_delay_minus_one && *initial_presentation_delay_minus_one > 15) {
    return InvalidArgumentError("av1C: initial_presentation_delay_minus_one does not fit 4 bits");
  }
  BitWriter w;
  w.write_flag(true);  // marker
  w.write_bits(version, 7);
  w.write_bits(seq_profile, 3);
  w.write_bits(seq_level_idx_0, 5);
  w.write_flag(seq_tier_0);
  w.write_flag(high_bitdepth);
  w.write_flag(twelve_bit);
  w.write_flag(monochrome);
  w.write_flag(chroma_subsampling_x);
  w.write_flag(chroma_subsampling_y);
  w.write_bits(chroma_sample_position, 2);
  w.write_bits(0, 3);  // reserved
  w.write_flag(initial_presentation_delay_minus_one.has_value());
  w.write_bits(initial_presentation_delay_minus_one.value_or(0), 4);
  w.write_bytes(config_obus);
  return w.finish();
}

Result<Av1CodecConfigurationRecord> Av1CodecConfigurationRecord::from_obus(ByteView obus) {
  SF_ASSIGN_OR_RETURN(const std::vector<Av1Obu> all, split_obus(obus));
  const Av1Obu* sequence_header_obu = nullptr;
  for (const Av1Obu& obu : all) {
    if (obu.header.type == Av1ObuType::kSequenceHeader) {
      sequence_header_obu = &obu;
      break;
    }
  }
  if (sequence_header_obu == nullptr) {
    return NotFoundError("av1C: no sequence header OBU among " + std::to_string(all.size()) + " OBUs");
  }
  SF_ASSIGN_OR_RETURN(const Av1SequenceHeader sh, parse_av1_sequence_header(sequence_header_obu->payload));
  const Av1ColorConfig& cc = sh.color_config;

  Av1CodecConfigurationRecord rec;
  rec.seq_profile = sh.seq_profile;
  rec.seq_level_idx_0 = sh.operating_points.front().seq_level_idx;
  rec.seq_tier_0 = sh.operating_points.front().seq_tier;
  rec.high_bitdepth = cc.bit_depth > 8;
  rec.twelve_bit = cc.bit_depth == 12;
  rec.monochrome = cc.mono_chrome;
  rec.chroma_subsampling_x = cc.subsampling_x;
  rec.chroma_subsampling_y = cc.subsampling_y;
  rec.chroma_sample_position = cc.chroma_sample_position;

  // obu_header with obu_type = OBU_SEQUENCE_HEADER, no extension, obu_has_size_field = 1.
  rec.config_obus.push_back(static_cast<uint8_t>((static_cast<unsigned>(Av1ObuType::kSequenceHeader) << 3) | 0x02));
  write_leb128(sequence_header_obu->payload.size(), rec.config_obus);
  rec.config_obus.append(sequence_header_obu->payload);
  return rec;
}

}  // namespace streamforge

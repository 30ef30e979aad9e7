#include "streamforge/ts/adts.h"

#include <string>

namespace streamforge::ts {
namespace {

Status cannot_carry(const std::string& why) {
  return InvalidArgumentError("ADTS cannot carry this AudioSpecificConfig: " + why);
}

}  // namespace

Result<AdtsHeader> AdtsHeader::from_audio_specific_config(const AudioSpecificConfig& asc) {
  const uint8_t aot = asc.audio_object_type;  // the core type, also for HE-AAC (implicit SBR/PS in ADTS)
  if (aot < 1 || aot > 4) {
    return cannot_carry("audio object type " + std::to_string(aot) +
                        " (profile_ObjectType has 2 bits: AAC Main, LC, SSR, LTP only)");
  }
  if (asc.sampling_frequency_index > 12) {
    return cannot_carry("explicit sampling frequency " + std::to_string(asc.sampling_frequency) +
                        " Hz (ADTS has only the 4-bit sampling_frequency_index)");
  }
  if (asc.channel_configuration == 0) {
    return cannot_carry("channel configuration 0 (a program_config_element would have to be sent in band)");
  }
  if (asc.channel_configuration > 7) {
    return cannot_carry("channel configuration " + std::to_string(asc.channel_configuration) +
                        " (ADTS channel_configuration has 3 bits)");
  }
  if (asc.frame_length_flag) return cannot_carry("960-sample frames (ADTS frames are 1024 samples)");
  AdtsHeader h;
  h.profile = static_cast<uint8_t>(aot - 1);
  h.sampling_frequency_index = asc.sampling_frequency_index;
  h.channel_configuration = asc.channel_configuration;
  return h;
}

AudioSpecificConfig AdtsHeader::to_audio_specific_config() const {
  AudioSpecificConfig asc;
  asc.audio_object_type = audio_object_type();
  asc.sampling_frequency_index = sampling_frequency_index;
  asc.sampling_frequency = aac_sampling_frequency(sampling_frequency_index);
  asc.channel_configuration = channel_configuration;
  return asc;
}

// ISO/IEC 13818-7 §6.2.1 (ISO/IEC 14496-3 §1.A.2.2.1): syncword 12, ID 1, layer 2, protection_absent 1,
// profile_ObjectType 2, sampling_frequency_index 4, private_bit 1, channel_configuration 3,
// original_copy 1, home 1 | copyright_identification_bit 1, copyright_identification_start 1,
// aac_frame_length 13, adts_buffer_fullness 11, number_of_raw_data_blocks_in_frame 2.
void AdtsHeader::write(uint8_t out[kAdtsHeaderSize]) const {
  out[0] = 0xff;
  out[1] = static_cast<uint8_t>(0xf0 | (mpeg2 ? 0x08 : 0) | (protection_absent ? 1 : 0));
  out[2] = static_cast<uint8_t>((profile & 3) << 6 | (sampling_frequency_index & 0x0f) << 2 |
                                ((channel_configuration >> 2) & 1));
  out[3] = static_cast<uint8_t>((channel_configuration & 3) << 6 | ((frame_length >> 11) & 3));
  out[4] = static_cast<uint8_t>(frame_length >> 3);
  out[5] = static_cast<uint8_t>((frame_length & 7) << 5 | ((buffer_fullness >> 6) & 0x1f));
  out[6] = static_cast<uint8_t>((buffer_fullness & 0x3f) << 2 | (raw_data_blocks & 3));
}

Result<AdtsHeader> AdtsHeader::parse(ByteView d) {
  if (d.size() < kAdtsHeaderSize) {
    return DataLossError("ADTS: header truncated (" + std::to_string(d.size()) + " of 7 bytes)");
  }
  if (d[0] != 0xff || (d[1] & 0xf0) != 0xf0) return DataLossError("ADTS: syncword 0xFFF missing");
  if ((d[1] & 0x06) != 0) return DataLossError("ADTS: layer is not 0");
  AdtsHeader h;
  h.mpeg2 = d[1] & 0x08;
  h.protection_absent = d[1] & 0x01;
  h.profile = static_cast<uint8_t>(d[2] >> 6);
  h.sampling_frequency_index = static_cast<uint8_t>((d[2] >> 2) & 0x0f);
  h.channel_configuration = static_cast<uint8_t>((d[2] & 1) << 2 | d[3] >> 6);
  h.frame_length = static_cast<uint16_t>((d[3] & 3) << 11 | d[4] << 3 | d[5] >> 5);
  h.buffer_fullness = static_cast<uint16_t>((d[5] & 0x1f) << 6 | d[6] >> 2);
  h.raw_data_blocks = static_cast<uint8_t>(d[6] & 3);
  if (h.sampling_frequency_index > 12) {
    return DataLossError("ADTS: sampling_frequency_index " + std::to_string(h.sampling_frequency_index) +
                         " is reserved");
  }
  if (h.frame_length < h.header_size()) {
    return DataLossError("ADTS: aac_frame_length " + std::to_string(h.frame_length) + " shorter than the header");
  }
  return h;
}

Status write_adts_frame(const AdtsHeader& header, ByteView raw, ByteBuffer& out) {
  if (!header.protection_absent) return InvalidArgumentError("ADTS: writing CRC-protected frames is not supported");
  const size_t length = kAdtsHeaderSize + raw.size();
  if (length > kMaxAdtsFrameLength) {
    return InvalidArgumentError("ADTS: an AAC frame of " + std::to_string(raw.size()) +
                                " bytes does not fit aac_frame_length (at most 8184 bytes of raw data)");
  }
  AdtsHeader h = header;
  h.frame_length = static_cast<uint16_t>(length);
  uint8_t bytes[kAdtsHeaderSize];
  h.write(bytes);
  out.append(bytes, kAdtsHeaderSize);
  out.append(raw);
  return OkStatus();
}

Result<std::vector<AdtsFrame>> split_adts_frames(ByteView data) {
  std::vector<AdtsFrame> frames;
  size_t i = 0;
  while (i < data.size()) {
    auto header = AdtsHeader::parse(data.subspan(i));
    if (!header.ok()) return header.status().with_context("at offset " + std::to_string(i));
    const size_t length = header->frame_length;
    if (length > data.size() - i) {
      return DataLossError("ADTS: frame at offset " + std::to_string(i) + " of " + std::to_string(length) +
                           " bytes runs past the end (" + std::to_string(data.size() - i) + " left)");
    }
    frames.push_back({*header, data.subspan(i + header->header_size(), length - header->header_size())});
    i += length;
  }
  return frames;
}

}  // namespace streamforge::ts

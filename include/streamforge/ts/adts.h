// ADTS, the Audio Data Transport Stream framing of AAC (ISO/IEC 13818-7 §6.2 adts_frame(); the same
// header in ISO/IEC 14496-3 §1.A.2.2): what MPEG-TS stream_type 0x0F and HLS carry, one 7-byte
// header (9 with CRC) in front of each raw AAC access unit.
//
// ADTS can express only part of an AudioSpecificConfig: object types 1-4 (Main, LC, SSR, LTP) in 2
// bits, a sampling frequency index (no explicit frequency), a channel configuration of 1-7, and
// 1024-sample frames. HE-AAC (SBR) and HE-AAC v2 (PS) travel as their AAC-LC core with implicit
// signalling: a decoder finds the SBR/PS data in the stream.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/audio_specific_config.h"

namespace streamforge::ts {

inline constexpr size_t kAdtsHeaderSize = 7;            // protection_absent 1
inline constexpr size_t kAdtsHeaderWithCrcSize = 9;     // protection_absent 0: adts_error_check() crc_check
inline constexpr size_t kMaxAdtsFrameLength = 0x1fff;   // aac_frame_length is 13 bits

// §6.2.1 adts_fixed_header() + adts_variable_header().
struct AdtsHeader {
  bool mpeg2 = false;               // ID: 0 MPEG-4, 1 MPEG-2 (both read the same way)
  bool protection_absent = true;    // 0: a 16-bit CRC follows the header
  uint8_t profile = 1;              // profile_ObjectType, 2 bits: audio object type - 1 (1 = AAC LC)
  uint8_t sampling_frequency_index = 3;  // 4 bits, ISO/IEC 14496-3 Table 1.18 (3 = 48 kHz)
  uint8_t channel_configuration = 2;     // 3 bits
  uint16_t frame_length = 0;        // aac_frame_length: header, CRC and raw data, 13 bits
  uint16_t buffer_fullness = 0x7ff; // adts_buffer_fullness: 0x7FF = variable bit rate
  uint8_t raw_data_blocks = 0;      // number_of_raw_data_blocks_in_frame: blocks - 1

  size_t header_size() const { return protection_absent ? kAdtsHeaderSize : kAdtsHeaderWithCrcSize; }
  uint8_t audio_object_type() const { return static_cast<uint8_t>(profile + 1); }

  // The header for frames of this config (frame_length 0: write_adts_frame fills it in).
  // InvalidArgument naming what ADTS cannot carry: an object type outside 1-4, an explicit
  // sampling frequency, channel configuration 0 (a program_config_element) or above 7, 960-sample frames.
  static Result<AdtsHeader> from_audio_specific_config(const AudioSpecificConfig& asc);
  // The AudioSpecificConfig an MP4 would carry for these frames (SBR/PS cannot be seen here).
  AudioSpecificConfig to_audio_specific_config() const;

  // Parses the header at the start of `data`. DataLoss on a missing syncword, layer != 0, a
  // reserved sampling frequency index, or an aac_frame_length shorter than the header.
  static Result<AdtsHeader> parse(ByteView data);
  // The 7 header bytes (protection_absent must be true; the CRC is not computed).
  void write(uint8_t out[kAdtsHeaderSize]) const;

  friend bool operator==(const AdtsHeader&, const AdtsHeader&) = default;
};

// Appends one ADTS frame: `header` with frame_length set for `raw` (one raw_data_block), then
// `raw`. InvalidArgument when the frame would exceed 8191 bytes or `header` asks for a CRC.
Status write_adts_frame(const AdtsHeader& header, ByteView raw, ByteBuffer& out);

struct AdtsFrame {
  AdtsHeader header;
  ByteView payload;  // the raw data after the header (and CRC); views the split buffer
};

// Splits a buffer of back-to-back ADTS frames (e.g. an audio PES payload). DataLoss naming the
// offset when a frame is corrupt or runs past the end.
Result<std::vector<AdtsFrame>> split_adts_frames(ByteView data);
Result<std::vector<AdtsFrame>> split_adts_frames(ByteBuffer&& data) = delete;

}  // namespace streamforge::ts

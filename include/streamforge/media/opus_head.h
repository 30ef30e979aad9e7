// Opus identification header (RFC 7845 §5.1, "OpusHead", little-endian) and its ISOBMFF form, the
// 'dOps' OpusSpecificBox (Encapsulation of Opus in ISO Base Media File Format v0.8 §4.3.2:
// big-endian, no magic, Version 0). StreamInfo::extradata holds the OpusHead form (what FFmpeg's
// libopus encoder produces).
#pragma once

#include <cstdint>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

struct OpusHead {
  uint8_t version = 1;         // OpusHead version; the upper 4 bits must be 0
  uint8_t channel_count = 2;   // output channels, >= 1
  uint16_t pre_skip = 312;     // samples at 48 kHz to drop at the start
  uint32_t input_sample_rate = 48000;  // informational
  int16_t output_gain = 0;     // Q7.8 dB
  uint8_t channel_mapping_family = 0;  // 0: mono/stereo, 1: Vorbis order (1-8 ch), 255: undefined
  // Present when channel_mapping_family != 0:
  uint8_t stream_count = 1;
  uint8_t coupled_count = 0;
  std::vector<uint8_t> channel_mapping;  // channel_count entries

  // RFC 7845 "OpusHead" packet. DataLoss when the magic, sizes or mapping are invalid;
  // Unimplemented for a major version other than 0. Trailing bytes are ignored (§5.1 allows
  // later minor versions to append fields).
  static Result<OpusHead> parse(ByteView data);
  Result<ByteBuffer> serialize() const;

  // 'dOps' box payload. DataLoss as above; Unimplemented for a Version other than 0. The parsed
  // header gets version 1 (dOps carries no OpusHead version).
  static Result<OpusHead> parse_dops(ByteView data);
  Result<ByteBuffer> serialize_dops() const;

  // InvalidArgument naming the inconsistent field (channel counts, mapping table).
  Status validate() const;

  friend bool operator==(const OpusHead&, const OpusHead&) = default;
};

}  // namespace streamforge

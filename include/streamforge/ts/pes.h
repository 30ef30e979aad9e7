// PES packets (ISO/IEC 13818-1 §2.4.3.6 syntax, §2.4.3.7 semantics): the header that carries an
// elementary stream access unit's PTS and DTS through a transport stream.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge::ts {

// Table 2-22 stream_id: 0xC0-0xDF MPEG audio streams, 0xE0-0xEF video streams.
inline constexpr uint8_t kFirstAudioStreamId = 0xc0;
inline constexpr uint8_t kLastAudioStreamId = 0xdf;
inline constexpr uint8_t kFirstVideoStreamId = 0xe0;
inline constexpr uint8_t kLastVideoStreamId = 0xef;

inline bool is_video_stream_id(uint8_t id) { return id >= kFirstVideoStreamId && id <= kLastVideoStreamId; }
// The stream_ids whose PES packets have no optional header (§2.4.3.6: program_stream_map,
// padding_stream, private_stream_2, ECM, EMM, DSMCC, ITU-T H.222.1 type E, program_stream_directory).
bool pes_has_optional_header(uint8_t stream_id);

// The fields streamforge writes; a parsed header keeps the others' flags out.
struct PesHeader {
  uint8_t stream_id = kFirstVideoStreamId;
  std::optional<int64_t> pts;  // 90 kHz, written modulo 2^33
  std::optional<int64_t> dts;  // only with pts; written only when it differs from pts
  bool data_alignment_indicator = false;

  friend bool operator==(const PesHeader&, const PesHeader&) = default;
};

// Size of the header write_pes_header() produces.
size_t pes_header_size(const PesHeader& header);

// Appends the header of a PES packet whose payload (after the header) has `payload_size` bytes.
// PES_packet_length is exact when it fits 16 bits; otherwise 0 ("unbounded", §2.4.3.7: allowed
// only for video streams in transport streams). InvalidArgument for a DTS without a PTS, a
// negative timestamp, or an oversized PES of a non-video stream.
Status write_pes_header(const PesHeader& header, size_t payload_size, ByteBuffer& out);

// A parsed PES packet; `payload` views the parsed bytes.
struct ParsedPes {
  PesHeader header;
  uint16_t pes_packet_length = 0;  // 0: unbounded
  size_t header_size = 0;          // bytes before the payload
  ByteView payload;
};

// Parses a whole PES packet (start code prefix through the end of the payload). With a non-zero
// PES_packet_length the payload ends there (bytes after it are ignored); DataLoss when `pes` is
// shorter. DataLoss on a missing packet_start_code_prefix, a '10' marker mismatch, PTS_DTS_flags
// '01', PES_header_data_length running past the data, or a PTS/DTS with a wrong prefix or marker bit.
Result<ParsedPes> parse_pes(ByteView pes);

// §2.4.3.6 PTS/DTS field: 4-bit prefix ('0010' PTS only, '0011' PTS with DTS, '0001' DTS), then
// the 33-bit value in 3, 15 and 15 bits, each followed by a marker_bit '1'. 5 bytes.
void write_pes_timestamp(uint8_t prefix, uint64_t value, uint8_t out[5]);
// DataLoss when the prefix differs from `expected_prefix` or a marker bit is 0.
Result<int64_t> read_pes_timestamp(const uint8_t in[5], uint8_t expected_prefix);

}  // namespace streamforge::ts

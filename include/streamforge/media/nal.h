// NAL unit framing for H.264 and HEVC: Annex B byte streams (start codes), ISO/IEC 14496-15
// length-prefixed samples, and the NAL unit header types of both codecs.
//
// The split functions return views into the caller's buffer (which must outlive them), never
// empty NAL units, and never include start codes or length fields. All functions are pure and
// thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

// ---- Framing ----

// True when data begins with a 3-byte (00 00 01) or 4-byte (00 00 00 01) start code: tells Annex B
// extradata apart from an avcC/hvcC record (whose first byte is configurationVersion 1).
bool starts_with_start_code(ByteView data);

// H.264 / H.265 Annex B byte stream -> NAL units. Zero bytes before the first start code and after
// each NAL unit (leading/trailing_zero_8bits, the first byte of a 4-byte start code) are dropped.
// DataLoss when non-zero bytes precede the first start code or no start code is found.
Result<std::vector<ByteView>> split_annexb(ByteView stream);
// The views would outlive a temporary buffer: keep the bytes in a variable.
Result<std::vector<ByteView>> split_annexb(ByteBuffer&& stream) = delete;

// ISO/IEC 14496-15 sample (§5.3.2 AVC, §8.3.2 HEVC): NAL units each preceded by a big-endian length
// of length_size bytes (1, 2 or 4; InvalidArgument otherwise). DataLoss when a length field or a
// NAL unit runs past the end of the sample. Zero-length NAL units are skipped.
Result<std::vector<ByteView>> split_length_prefixed(ByteView sample, int length_size);
Result<std::vector<ByteView>> split_length_prefixed(ByteBuffer&& sample, int length_size) = delete;

// Annex B -> 4-byte length-prefixed sample (the Packet format of streamforge).
Result<ByteBuffer> annexb_to_length_prefixed(ByteView stream);
// Length-prefixed sample -> Annex B with 4-byte start codes (for MPEG-TS).
Result<ByteBuffer> length_prefixed_to_annexb(ByteView sample, int length_size);

// ---- H.264 NAL unit header (ITU-T H.264 §7.3.1, Table 7-1) ----

enum class H264NalType : uint8_t {
  kUnspecified = 0,
  kSlice = 1,            // coded slice of a non-IDR picture
  kSliceDataA = 2,
  kSliceDataB = 3,
  kSliceDataC = 4,
  kIdrSlice = 5,
  kSei = 6,
  kSps = 7,
  kPps = 8,
  kAud = 9,              // access unit delimiter
  kEndOfSequence = 10,
  kEndOfStream = 11,
  kFillerData = 12,
  kSpsExtension = 13,
  kPrefixNal = 14,
  kSubsetSps = 15,
  kDps = 16,             // depth parameter set
  kAuxiliarySlice = 19,
  kSliceExtension = 20,
  kSliceExtensionDepth = 21,
};

// nal_unit_type from the first byte of a NAL unit (its low 5 bits).
constexpr H264NalType h264_nal_type(uint8_t first_byte) { return static_cast<H264NalType>(first_byte & 0x1f); }
constexpr bool h264_is_vcl(H264NalType t) { return t >= H264NalType::kSlice && t <= H264NalType::kIdrSlice; }
// Short name for logs: "IDR", "SPS", "PPS", "SEI", "AUD", "slice", ...; "reserved"/"unspecified" otherwise.
std::string_view h264_nal_type_name(H264NalType type);

// ---- HEVC NAL unit header (ITU-T H.265 §7.3.1.2, Table 7-1) ----

enum class HevcNalType : uint8_t {
  kTrailN = 0,
  kTrailR = 1,
  kTsaN = 2,
  kTsaR = 3,
  kStsaN = 4,
  kStsaR = 5,
  kRadlN = 6,
  kRadlR = 7,
  kRaslN = 8,
  kRaslR = 9,
  kBlaWLp = 16,   // first IRAP type
  kBlaWRadl = 17,
  kBlaNLp = 18,
  kIdrWRadl = 19,
  kIdrNLp = 20,
  kCraNut = 21,
  kRsvIrap22 = 22,
  kRsvIrap23 = 23,  // last IRAP type
  kVps = 32,
  kSps = 33,
  kPps = 34,
  kAud = 35,
  kEos = 36,
  kEob = 37,
  kFd = 38,
  kPrefixSei = 39,
  kSuffixSei = 40,
};

struct HevcNalHeader {
  HevcNalType type = HevcNalType::kTrailN;
  uint8_t layer_id = 0;     // nuh_layer_id
  uint8_t temporal_id = 0;  // nuh_temporal_id_plus1 - 1
};

// nal_unit_type from the first byte of a NAL unit (bits 1..6).
constexpr HevcNalType hevc_nal_type(uint8_t first_byte) { return static_cast<HevcNalType>((first_byte >> 1) & 0x3f); }
// The 2-byte header; DataLoss when shorter, forbidden_zero_bit set or nuh_temporal_id_plus1 is 0.
Result<HevcNalHeader> parse_hevc_nal_header(ByteView nal);
constexpr bool hevc_is_vcl(HevcNalType t) { return static_cast<uint8_t>(t) < 32; }
// Intra random access point picture (BLA, IDR, CRA; types 16..23).
constexpr bool hevc_is_irap(HevcNalType t) {
  return t >= HevcNalType::kBlaWLp && t <= HevcNalType::kRsvIrap23;
}
// "VPS", "SPS", "PPS", "AUD", "SEI prefix", "IDR_W_RADL", "CRA", ...; "reserved" otherwise.
std::string_view hevc_nal_type_name(HevcNalType type);

}  // namespace streamforge

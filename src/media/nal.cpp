#include "streamforge/media/nal.h"

#include <string>

namespace streamforge {
namespace {

// Index of the next 00 00 01 at or after `from`, or data.size() when there is none.
size_t find_start_code(ByteView data, size_t from) {
  size_t i = from;
  while (i + 2 < data.size()) {
    if (data[i + 2] > 1) {
      i += 3;  // no start code can end at i + 2 nor begin at i, i + 1 or i + 2 with this byte
    } else if (data[i + 2] == 1 && data[i + 1] == 0 && data[i] == 0) {
      return i;
    } else {
      ++i;
    }
  }
  return data.size();
}

ByteView strip_trailing_zeros(ByteView nal) {
  size_t n = nal.size();
  while (n > 0 && nal[n - 1] == 0) --n;
  return nal.first(n);
}

uint32_t read_be(ByteView bytes) {
  uint32_t v = 0;
  for (uint8_t b : bytes) v = (v << 8) | b;
  return v;
}

}  // namespace

bool starts_with_start_code(ByteView data) {
  if (data.size() >= 3 && data[0] == 0 && data[1] == 0 && data[2] == 1) return true;
  return data.size() >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1;
}

Result<std::vector<ByteView>> split_annexb(ByteView stream) {
  std::vector<ByteView> nals;
  size_t start_code = find_start_code(stream, 0);
  for (size_t i = 0; i < start_code; ++i) {
    if (stream[i] != 0) {
      if (start_code == stream.size()) {
        return DataLossError("Annex B: no start code in " + std::to_string(stream.size()) + " bytes");
      }
      return DataLossError("Annex B: " + std::to_string(start_code) + " bytes of data before the first start code");
    }
  }
  while (start_code < stream.size()) {
    const size_t begin = start_code + 3;
    const size_t next = find_start_code(stream, begin);
    ByteView nal = strip_trailing_zeros(stream.subspan(begin, next - begin));
    if (!nal.empty()) nals.push_back(nal);
    start_code = next;
  }
  return nals;
}

Result<std::vector<ByteView>> split_length_prefixed(ByteView sample, int length_size) {
  if (length_size != 1 && length_size != 2 && length_size != 4) {
    return InvalidArgumentError("NAL length size must be 1, 2 or 4 bytes, got " + std::to_string(length_size));
  }
  const size_t field = static_cast<size_t>(length_size);
  std::vector<ByteView> nals;
  size_t offset = 0;
  while (offset < sample.size()) {
    if (sample.size() - offset < field) {
      return DataLossError("length-prefixed sample: truncated " + std::to_string(field) + "-byte NAL length at offset " +
                           std::to_string(offset) + " (" + std::to_string(sample.size() - offset) + " bytes left)");
    }
    const size_t length = read_be(sample.subspan(offset, field));
    offset += field;
    if (length > sample.size() - offset) {
      return DataLossError("length-prefixed sample: NAL unit of " + std::to_string(length) + " bytes at offset " +
                           std::to_string(offset) + " runs past the end (" + std::to_string(sample.size() - offset) +
                           " bytes left)");
    }
    if (length > 0) nals.push_back(sample.subspan(offset, length));
    offset += length;
  }
  return nals;
}

Result<ByteBuffer> annexb_to_length_prefixed(ByteView stream) {
  auto nals = split_annexb(stream);
  if (!nals.ok()) return nals.status();
  ByteBuffer out;
  out.reserve(stream.size() + 4 * nals->size());
  for (ByteView nal : *nals) {
    if (nal.size() > UINT32_MAX) return InvalidArgumentError("NAL unit larger than 4 GiB");
    const auto n = static_cast<uint32_t>(nal.size());
    const uint8_t length[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                               static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
    out.append(length, 4);
    out.append(nal);
  }
  return out;
}

Result<ByteBuffer> length_prefixed_to_annexb(ByteView sample, int length_size) {
  auto nals = split_length_prefixed(sample, length_size);
  if (!nals.ok()) return nals.status();
  static constexpr uint8_t kStartCode[4] = {0, 0, 0, 1};
  ByteBuffer out;
  out.reserve(sample.size() + 4 * nals->size());
  for (ByteView nal : *nals) {
    out.append(kStartCode, 4);
    out.append(nal);
  }
  return out;
}

std::string_view h264_nal_type_name(H264NalType type) {
  switch (type) {
    case H264NalType::kUnspecified: return "unspecified";
    case H264NalType::kSlice: return "slice";
    case H264NalType::kSliceDataA: return "slice data A";
    case H264NalType::kSliceDataB: return "slice data B";
    case H264NalType::kSliceDataC: return "slice data C";
    case H264NalType::kIdrSlice: return "IDR";
    case H264NalType::kSei: return "SEI";
    case H264NalType::kSps: return "SPS";
    case H264NalType::kPps: return "PPS";
    case H264NalType::kAud: return "AUD";
    case H264NalType::kEndOfSequence: return "end of sequence";
    case H264NalType::kEndOfStream: return "end of stream";
    case H264NalType::kFillerData: return "filler";
    case H264NalType::kSpsExtension: return "SPS extension";
    case H264NalType::kPrefixNal: return "prefix";
    case H264NalType::kSubsetSps: return "subset SPS";
    case H264NalType::kDps: return "DPS";
    case H264NalType::kAuxiliarySlice: return "auxiliary slice";
    case H264NalType::kSliceExtension: return "slice extension";
    case H264NalType::kSliceExtensionDepth: return "slice extension (depth)";
  }
  return static_cast<uint8_t>(type) >= 24 ? "unspecified" : "reserved";
}

Result<HevcNalHeader> parse_hevc_nal_header(ByteView nal) {
  if (nal.size() < 2) return DataLossError("HEVC NAL unit: " + std::to_string(nal.size()) + " bytes, shorter than its 2-byte header");
  if (nal[0] & 0x80) return DataLossError("HEVC NAL unit: forbidden_zero_bit is set");
  HevcNalHeader h;
  h.type = hevc_nal_type(nal[0]);
  h.layer_id = static_cast<uint8_t>(((nal[0] & 1) << 5) | (nal[1] >> 3));
  const int temporal_id_plus1 = nal[1] & 7;
  if (temporal_id_plus1 == 0) return DataLossError("HEVC NAL unit: nuh_temporal_id_plus1 is 0");
  h.temporal_id = static_cast<uint8_t>(temporal_id_plus1 - 1);
  return h;
}

std::string_view hevc_nal_type_name(HevcNalType type) {
  switch (type) {
    case HevcNalType::kTrailN: return "TRAIL_N";
    case HevcNalType::kTrailR: return "TRAIL_R";
    case HevcNalType::kTsaN: return "TSA_N";
    case HevcNalType::kTsaR: return "TSA_R";
    case HevcNalType::kStsaN: return "STSA_N";
    case HevcNalType::kStsaR: return "STSA_R";
    case HevcNalType::kRadlN: return "RADL_N";
    case HevcNalType::kRadlR: return "RADL_R";
    case HevcNalType::kRaslN: return "RASL_N";
    case HevcNalType::kRaslR: return "RASL_R";
    case HevcNalType::kBlaWLp: return "BLA_W_LP";
    case HevcNalType::kBlaWRadl: return "BLA_W_RADL";
    case HevcNalType::kBlaNLp: return "BLA_N_LP";
    case HevcNalType::kIdrWRadl: return "IDR_W_RADL";
    case HevcNalType::kIdrNLp: return "IDR_N_LP";
    case HevcNalType::kCraNut: return "CRA";
    case HevcNalType::kRsvIrap22: return "RSV_IRAP_22";
    case HevcNalType::kRsvIrap23: return "RSV_IRAP_23";
    case HevcNalType::kVps: return "VPS";
    case HevcNalType::kSps: return "SPS";
    case HevcNalType::kPps: return "PPS";
    case HevcNalType::kAud: return "AUD";
    case HevcNalType::kEos: return "EOS";
    case HevcNalType::kEob: return "EOB";
    case HevcNalType::kFd: return "FD";
    case HevcNalType::kPrefixSei: return "SEI prefix";
    case HevcNalType::kSuffixSei: return "SEI suffix";
  }
  return static_cast<uint8_t>(type) >= 48 ? "unspecified" : "reserved";
}

}  // namespace streamforge

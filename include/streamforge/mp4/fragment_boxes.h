// Movie fragment boxes (ISO/IEC 14496-12 §8.8.4-§8.8.12) and the mdat header (§8.1.1).
// Value types; see box_buffer.h for the read_write convention.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::mp4 {

// §8.8.3.1 sample flags (trex, tfhd, trun): is_leading(2) depends_on(2) is_depended_on(2)
// has_redundancy(2) padding(3) non_sync(1) degradation_priority(16).
inline constexpr uint32_t kSampleDependsOnOthers = 0x01000000;   // sample_depends_on = 1
inline constexpr uint32_t kSampleDependsOnNoOther = 0x02000000;  // sample_depends_on = 2 (an I picture)
inline constexpr uint32_t kSampleIsNonSync = 0x00010000;         // sample_is_non_sync_sample
// A keyframe: depends on no other sample, sync. Any other video sample: depends on others, non-sync.
inline constexpr uint32_t kSyncSampleFlags = kSampleDependsOnNoOther;
inline constexpr uint32_t kNonSyncSampleFlags = kSampleDependsOnOthers | kSampleIsNonSync;

// §8.8.5 MovieFragmentHeaderBox 'mfhd'.
struct MovieFragmentHeaderBox {
  static constexpr FourCC kType{"mfhd"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint32_t sequence_number = 1;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieFragmentHeaderBox&, const MovieFragmentHeaderBox&) = default;
};

// §8.8.7 TrackFragmentHeaderBox 'tfhd'. Optional fields are present when their flag is set (reading
// leaves absent ones 0).
struct TrackFragmentHeaderBox {
  static constexpr FourCC kType{"tfhd"};
  static constexpr uint32_t kBaseDataOffsetPresent = 0x000001;
  static constexpr uint32_t kSampleDescriptionIndexPresent = 0x000002;
  static constexpr uint32_t kDefaultSampleDurationPresent = 0x000008;
  static constexpr uint32_t kDefaultSampleSizePresent = 0x000010;
  static constexpr uint32_t kDefaultSampleFlagsPresent = 0x000020;
  static constexpr uint32_t kDurationIsEmpty = 0x010000;
  static constexpr uint32_t kDefaultBaseIsMoof = 0x020000;  // offsets are relative to the moof (CMAF)
  uint8_t version = 0;
  uint32_t flags = kDefaultBaseIsMoof;
  uint32_t track_id = 1;
  uint64_t base_data_offset = 0;
  uint32_t sample_description_index = 0;
  uint32_t default_sample_duration = 0;
  uint32_t default_sample_size = 0;
  uint32_t default_sample_flags = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackFragmentHeaderBox&, const TrackFragmentHeaderBox&) = default;
};

// §8.8.12 TrackFragmentBaseMediaDecodeTimeBox 'tfdt'.
struct TrackFragmentDecodeTimeBox {
  static constexpr FourCC kType{"tfdt"};
  uint8_t version = 1;  // 1: 64-bit (always written by streamforge); 0 is read too
  uint32_t flags = 0;
  uint64_t base_media_decode_time = 0;  // track timescale

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackFragmentDecodeTimeBox&, const TrackFragmentDecodeTimeBox&) = default;
};

// §8.8.8 TrackRunBox 'trun'. Version 0 composition offsets are unsigned, version 1 signed.
struct TrackRunBox {
  static constexpr FourCC kType{"trun"};
  static constexpr uint32_t kDataOffsetPresent = 0x000001;
  static constexpr uint32_t kFirstSampleFlagsPresent = 0x000004;
  static constexpr uint32_t kSampleDurationPresent = 0x000100;
  static constexpr uint32_t kSampleSizePresent = 0x000200;
  static constexpr uint32_t kSampleFlagsPresent = 0x000400;
  static constexpr uint32_t kSampleCompositionTimeOffsetPresent = 0x000800;
  static constexpr uint32_t kPerSampleFields =
      kSampleDurationPresent | kSampleSizePresent | kSampleFlagsPresent | kSampleCompositionTimeOffsetPresent;

  struct Sample {
    uint32_t duration = 0;
    uint32_t size = 0;
    uint32_t flags = 0;
    int64_t composition_offset = 0;  // version 0: [0, 2^32); version 1: int32 range
    friend bool operator==(const Sample&, const Sample&) = default;
  };
  uint8_t version = 0;
  uint32_t flags = 0;
  uint32_t sample_count = 0;
  int32_t data_offset = 0;          // when kDataOffsetPresent
  uint32_t first_sample_flags = 0;  // when kFirstSampleFlagsPresent
  // sample_count entries when any of kPerSampleFields is set; empty otherwise (every sample takes
  // the defaults, so nothing is stored per sample; this also keeps a garbage count from allocating).
  std::vector<Sample> samples;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackRunBox&, const TrackRunBox&) = default;
};

// §8.8.6 TrackFragmentBox 'traf'.
struct TrackFragmentBox {
  static constexpr FourCC kType{"traf"};
  TrackFragmentHeaderBox tfhd;
  std::optional<TrackFragmentDecodeTimeBox> tfdt;
  std::vector<TrackRunBox> truns;
  // Common encryption (23001-7): per-sample auxiliary information and sample groups.
  std::vector<SampleGroupDescriptionBox> sgpd;
  std::vector<SampleToGroupBox> sbgp;
  std::vector<SampleAuxiliaryInformationSizesBox> saiz;
  std::vector<SampleAuxiliaryInformationOffsetsBox> saio;
  std::optional<SampleEncryptionBox> senc;  // read with an inferred IV size (see SampleEncryptionBox)
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackFragmentBox&, const TrackFragmentBox&) = default;
};

// §8.8.4 MovieFragmentBox 'moof'.
struct MovieFragmentBox {
  static constexpr FourCC kType{"moof"};
  MovieFragmentHeaderBox mfhd;
  std::vector<TrackFragmentBox> trafs;
  std::vector<ProtectionSystemSpecificHeaderBox> pssh;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieFragmentBox&, const MovieFragmentBox&) = default;
};

// §8.1.1 MediaDataBox 'mdat': only the header is written here; the caller appends the payload.
// 8 bytes, or 16 (size field 1 + 64-bit largesize) when the box would not fit 32 bits.
size_t mdat_header_size(uint64_t payload_size);
// Appends the header; returns its size.
size_t append_mdat_header(uint64_t payload_size, ByteBuffer& out);

}  // namespace streamforge::mp4

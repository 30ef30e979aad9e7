// The movie box tree of an init segment: moov and what it holds (ISO/IEC 14496-12 §8.2-§8.8,
// §12.1.2, §12.2.2, §12.6.2). Sample tables are modelled fully but a fragmented file leaves them
// empty. Value types; see box_buffer.h for the read_write convention.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/protection_boxes.h"
#include "streamforge/mp4/sample_entry_boxes.h"

namespace streamforge::mp4 {

// §8.2.2 / §8.3.2: the unity transformation matrix (16.16, 16.16, 2.30 fixed point).
inline constexpr std::array<int32_t, 9> kUnityMatrix = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

// §8.2.2 MovieHeaderBox 'mvhd'.
struct MovieHeaderBox {
  static constexpr FourCC kType{"mvhd"};
  uint8_t version = 0;  // 1: 64-bit times
  uint32_t flags = 0;
  uint64_t creation_time = 0;  // seconds since 1904-01-01 UTC
  uint64_t modification_time = 0;
  uint32_t timescale = 1000;
  uint64_t duration = 0;  // 0 for a fragmented movie (unknown here; mehd may carry it)
  int32_t rate = 0x00010000;  // 16.16, 1.0
  int16_t volume = 0x0100;    // 8.8, 1.0
  std::array<int32_t, 9> matrix = kUnityMatrix;
  uint32_t next_track_id = 2;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieHeaderBox&, const MovieHeaderBox&) = default;
};

// §8.3.2 TrackHeaderBox 'tkhd'.
struct TrackHeaderBox {
  static constexpr FourCC kType{"tkhd"};
  static constexpr uint32_t kTrackEnabled = 0x1;
  static constexpr uint32_t kTrackInMovie = 0x2;
  static constexpr uint32_t kTrackInPreview = 0x4;
  uint8_t version = 0;
  uint32_t flags = kTrackEnabled | kTrackInMovie;
  uint64_t creation_time = 0;
  uint64_t modification_time = 0;
  uint32_t track_id = 1;
  uint64_t duration = 0;  // movie timescale
  int16_t layer = 0;
  int16_t alternate_group = 0;
  int16_t volume = 0;  // 0x0100 for audio tracks
  std::array<int32_t, 9> matrix = kUnityMatrix;
  uint32_t width = 0;   // 16.16 presentation size
  uint32_t height = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackHeaderBox&, const TrackHeaderBox&) = default;
};

// §8.6.6 EditListBox 'elst'.
struct EditListBox {
  static constexpr FourCC kType{"elst"};
  struct Entry {
    uint64_t segment_duration = 0;  // movie timescale; 0 in a fragmented file (duration unknown)
    int64_t media_time = 0;         // media timescale; -1: an empty edit
    int16_t media_rate_integer = 1;
    int16_t media_rate_fraction = 0;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  uint8_t version = 0;  // 1: 64-bit segment_duration / media_time
  uint32_t flags = 0;
  std::vector<Entry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const EditListBox&, const EditListBox&) = default;
};

// §8.6.5 EditBox 'edts'.
struct EditBox {
  static constexpr FourCC kType{"edts"};
  std::optional<EditListBox> elst;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const EditBox&, const EditBox&) = default;
};

// §8.4.2 MediaHeaderBox 'mdhd'.
struct MediaHeaderBox {
  static constexpr FourCC kType{"mdhd"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint64_t creation_time = 0;
  uint64_t modification_time = 0;
  uint32_t timescale = 90000;
  uint64_t duration = 0;
  // ISO 639-2/T code, three lower-case letters, packed as 3 x 5 bits (each letter - 0x60).
  std::string language = "und";

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MediaHeaderBox&, const MediaHeaderBox&) = default;
};

// §8.4.3 HandlerBox 'hdlr'.
struct HandlerBox {
  static constexpr FourCC kType{"hdlr"};
  uint8_t version = 0;
  uint32_t flags = 0;
  FourCC handler_type{"vide"};  // 'vide', 'soun', 'text' (WebVTT, 14496-30 §7.2), 'subt', ...
  std::string name;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const HandlerBox&, const HandlerBox&) = default;
};

// §12.1.2 VideoMediaHeaderBox 'vmhd' (flags = 1 by definition).
struct VideoMediaHeaderBox {
  static constexpr FourCC kType{"vmhd"};
  uint8_t version = 0;
  uint32_t flags = 1;
  uint16_t graphics_mode = 0;  // copy
  std::array<uint16_t, 3> opcolor{};

  Status read_write(BoxBuffer& b);
  friend bool operator==(const VideoMediaHeaderBox&, const VideoMediaHeaderBox&) = default;
};

// §12.2.2 SoundMediaHeaderBox 'smhd'.
struct SoundMediaHeaderBox {
  static constexpr FourCC kType{"smhd"};
  uint8_t version = 0;
  uint32_t flags = 0;
  int16_t balance = 0;  // 8.8, 0 = centre

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SoundMediaHeaderBox&, const SoundMediaHeaderBox&) = default;
};

// §8.4.5.2 NullMediaHeaderBox 'nmhd' and §12.6.2 SubtitleMediaHeaderBox 'sthd': a FullBox only.
struct NullMediaHeaderBox {
  static constexpr FourCC kType{"nmhd"};
  uint8_t version = 0;
  uint32_t flags = 0;

  Status read_write(BoxBuffer& b) { return b.rw_full_box_header(version, flags); }
  friend bool operator==(const NullMediaHeaderBox&, const NullMediaHeaderBox&) = default;
};
struct SubtitleMediaHeaderBox {
  static constexpr FourCC kType{"sthd"};
  uint8_t version = 0;
  uint32_t flags = 0;

  Status read_write(BoxBuffer& b) { return b.rw_full_box_header(version, flags); }
  friend bool operator==(const SubtitleMediaHeaderBox&, const SubtitleMediaHeaderBox&) = default;
};

// §8.7.2 DataEntryUrlBox 'url '.
struct DataEntryUrlBox {
  static constexpr FourCC kType{"url "};
  static constexpr uint32_t kSelfContained = 0x1;  // the media data is in this file; no location
  uint8_t version = 0;
  uint32_t flags = kSelfContained;
  std::string location;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const DataEntryUrlBox&, const DataEntryUrlBox&) = default;
};

// §8.7.2 DataReferenceBox 'dref'. Entries other than 'url ' ('urn ') stay raw, after the urls.
struct DataReferenceBox {
  static constexpr FourCC kType{"dref"};
  uint8_t version = 0;
  uint32_t flags = 0;
  std::vector<DataEntryUrlBox> urls = {DataEntryUrlBox{}};
  std::vector<RawBox> other_entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const DataReferenceBox&, const DataReferenceBox&) = default;
};

// §8.7.1 DataInformationBox 'dinf'.
struct DataInformationBox {
  static constexpr FourCC kType{"dinf"};
  DataReferenceBox dref;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const DataInformationBox&, const DataInformationBox&) = default;
};

// §8.6.1.2 TimeToSampleBox 'stts'.
struct TimeToSampleBox {
  static constexpr FourCC kType{"stts"};
  struct Entry {
    uint32_t sample_count = 0;
    uint32_t sample_delta = 0;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  uint8_t version = 0;
  uint32_t flags = 0;
  std::vector<Entry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TimeToSampleBox&, const TimeToSampleBox&) = default;
};

// §8.7.4 SampleToChunkBox 'stsc'.
struct SampleToChunkBox {
  static constexpr FourCC kType{"stsc"};
  struct Entry {
    uint32_t first_chunk = 1;
    uint32_t samples_per_chunk = 0;
    uint32_t sample_description_index = 1;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  uint8_t version = 0;
  uint32_t flags = 0;
  std::vector<Entry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleToChunkBox&, const SampleToChunkBox&) = default;
};

// §8.7.3.2 SampleSizeBox 'stsz'.
struct SampleSizeBox {
  static constexpr FourCC kType{"stsz"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint32_t sample_size = 0;   // non-zero: every sample has this size and there is no table
  uint32_t sample_count = 0;
  std::vector<uint32_t> entry_sizes;  // sample_count entries when sample_size == 0

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleSizeBox&, const SampleSizeBox&) = default;
};

// §8.7.5 ChunkOffsetBox 'stco'.
struct ChunkOffsetBox {
  static constexpr FourCC kType{"stco"};
  uint8_t version = 0;
  uint32_t flags = 0;
  std::vector<uint32_t> chunk_offsets;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ChunkOffsetBox&, const ChunkOffsetBox&) = default;
};

// §8.5.1 SampleTableBox 'stbl'. stsz and stco are optional when reading (stz2 / co64 stay raw).
struct SampleTableBox {
  static constexpr FourCC kType{"stbl"};
  SampleDescriptionBox stsd;
  TimeToSampleBox stts;
  SampleToChunkBox stsc;
  std::optional<SampleSizeBox> stsz = SampleSizeBox{};
  std::optional<ChunkOffsetBox> stco = ChunkOffsetBox{};
  std::vector<SampleGroupDescriptionBox> sgpd;  // e.g. 'seig' default encryption groups
  std::vector<SampleToGroupBox> sbgp;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleTableBox&, const SampleTableBox&) = default;
};

// §8.4.4 MediaInformationBox 'minf': one media header box matching the handler.
struct MediaInformationBox {
  static constexpr FourCC kType{"minf"};
  std::optional<VideoMediaHeaderBox> vmhd;
  std::optional<SoundMediaHeaderBox> smhd;
  std::optional<NullMediaHeaderBox> nmhd;
  std::optional<SubtitleMediaHeaderBox> sthd;
  DataInformationBox dinf;
  SampleTableBox stbl;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MediaInformationBox&, const MediaInformationBox&) = default;
};

// §8.4.1 MediaBox 'mdia'.
struct MediaBox {
  static constexpr FourCC kType{"mdia"};
  MediaHeaderBox mdhd;
  HandlerBox hdlr;
  MediaInformationBox minf;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MediaBox&, const MediaBox&) = default;
};

// §8.3.1 TrackBox 'trak'.
struct TrackBox {
  static constexpr FourCC kType{"trak"};
  TrackHeaderBox tkhd;
  std::optional<EditBox> edts;
  MediaBox mdia;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackBox&, const TrackBox&) = default;
};

// §8.8.2 MovieExtendsHeaderBox 'mehd'.
struct MovieExtendsHeaderBox {
  static constexpr FourCC kType{"mehd"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint64_t fragment_duration = 0;  // movie timescale

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieExtendsHeaderBox&, const MovieExtendsHeaderBox&) = default;
};

// §8.8.3 TrackExtendsBox 'trex': per-track defaults for fragments.
struct TrackExtendsBox {
  static constexpr FourCC kType{"trex"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint32_t track_id = 1;
  uint32_t default_sample_description_index = 1;
  uint32_t default_sample_duration = 0;
  uint32_t default_sample_size = 0;
  uint32_t default_sample_flags = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const TrackExtendsBox&, const TrackExtendsBox&) = default;
};

// §8.8.1 MovieExtendsBox 'mvex'.
struct MovieExtendsBox {
  static constexpr FourCC kType{"mvex"};
  std::optional<MovieExtendsHeaderBox> mehd;
  std::vector<TrackExtendsBox> trex;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieExtendsBox&, const MovieExtendsBox&) = default;
};

// §8.2.1 MovieBox 'moov'.
struct MovieBox {
  static constexpr FourCC kType{"moov"};
  MovieHeaderBox mvhd;
  std::vector<TrackBox> tracks;
  std::optional<MovieExtendsBox> mvex;
  std::vector<ProtectionSystemSpecificHeaderBox> pssh;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MovieBox&, const MovieBox&) = default;
};

}  // namespace streamforge::mp4

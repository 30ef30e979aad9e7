// CMAF init segments (ftyp + moov for one track) and their reader.
//   ISO/IEC 23000-19 (CMAF) §7.3.2 (CMAF header), §7.2 brands; ISO/IEC 14496-12 for the boxes.
//
// Free functions over value types; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/stream_info.h"
#include "streamforge/mp4/file_boxes.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/movie_boxes.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::mp4 {

// Common encryption of a track (23001-7): the sample entry becomes 'encv'/'enca' with a 'sinf'
// naming the original format, the scheme and the default key; `pssh` boxes go into the moov.
struct TrackProtection {
  FourCC scheme{"cenc"};  // 'cenc' (AES-CTR) or 'cbcs' (AES-CBC with a pattern)
  KeyId default_kid{};
  uint8_t per_sample_iv_size = 8;  // 8 or 16; 0 with a constant IV (cbcs)
  ByteBuffer constant_iv;          // when per_sample_iv_size == 0
  // Pattern encryption (cbcs, cens): protected / clear 16-byte blocks, e.g. 1 and 9. A scheme of
  // 'cbcs' or 'cens', or a non-zero pattern, writes 'tenc' version 1.
  uint8_t crypt_byte_block = 0;
  uint8_t skip_byte_block = 0;
  std::vector<ProtectionSystemSpecificHeaderBox> pssh;
  // Clear lead: also write the unprotected sample entry, as stsd entry 2. Fragments of the clear
  // lead select it (tfhd sample_description_index = 2) and carry no senc; entry 1 (protected)
  // stays the trex default. This is how Shaka Packager signals clear lead and what Chromium's
  // MSE parser reads: the decoder is set up for encrypted content from the start, so the
  // switch to encrypted fragments needs no reconfiguration.
  bool clear_sample_entry = false;
};

struct TrackDescription {
  // type, codec, extradata (avcC / hvcC / av1C record, vpcC payload with version and flags,
  // AudioSpecificConfig, OpusHead, WebVTT file header), width/height, sample_aspect_ratio, colour
  // names, sample_rate, channels, language, bitrate. H.264/HEVC extradata may also be Annex B
  // parameter sets (converted to avcC / hvcC).
  StreamInfo stream;
  uint32_t track_id = 1;
  uint32_t timescale = 90000;  // mdhd timescale
  // When set: one elst entry {segment_duration = 0 (unknown for fragmented), media_time =
  // *edit_media_time}, so players skip e.g. AAC encoder priming. Unset: no edts.
  std::optional<int64_t> edit_media_time;
  bool parameter_sets_in_band = false;  // avc3/hev1 instead of avc1/hvc1
  std::optional<TrackProtection> protection;
};

struct InitOptions {
  // CMAF §7.2: a CMAF header carries the 'cmfc' structural brand; 'iso6' because fragments use
  // tfdt/default-base-is-moof (14496-12 §E.7), 'dash' for DASH clients that look for it.
  FourCC major_brand{"cmfc"};
  uint32_t minor_version = 0;
  std::vector<FourCC> compatible_brands = {"iso6", "cmfc", "dash"};
  uint64_t fragment_duration = 0;  // mehd in movie timescale; 0 omits mehd
  uint32_t movie_timescale = 1000;
};

// ftyp + moov (mvhd, one trak with empty sample tables, mvex/trex). kInvalidArgument naming the
// field for an unsupported codec, a missing or malformed codec configuration, a bad language or
// missing video dimensions.
// Supported: H.264 (avc1/avc3), HEVC (hvc1/hev1), VP9 (vp09), AV1 (av01), AAC (mp4a), Opus,
// WebVTT (wvtt).
Result<ByteBuffer> write_init_segment(const TrackDescription& track, const InitOptions& options = {});

// The moov/trak tree assembled by write_init_segment (for callers that want to adjust boxes
// before serializing them with append_box).
Result<MovieBox> make_movie_box(const TrackDescription& track, const InitOptions& options = {});

// One track of a parsed init segment, with the fields a caller usually wants pulled out.
struct ParsedTrack {
  uint32_t track_id = 0;
  FourCC handler_type;
  uint32_t timescale = 0;
  std::string language;
  FourCC sample_entry_type;  // as stored: 'encv' / 'enca' when encrypted
  FourCC codec_type;         // the original format ('frma') when encrypted, else sample_entry_type
  // The codec configuration in StreamInfo::extradata form: avcC / hvcC / av1C record, vpcC payload
  // (version, flags, record), AudioSpecificConfig from esds, OpusHead (converted from dOps),
  // WebVTT header from vttC. Empty when absent.
  ByteBuffer codec_config;
  uint16_t width = 0;  // visual sample entry
  uint16_t height = 0;
  uint16_t channel_count = 0;  // audio sample entry
  uint32_t sample_rate = 0;    // integer part of the 16.16 field
  std::optional<int64_t> edit_media_time;  // media_time of the first non-empty elst entry
  std::optional<TrackExtendsBox> trex;
  TrackBox trak;  // the whole parsed box
};

struct ParsedInit {
  std::optional<FileTypeBox> ftyp;
  MovieBox moov;
  uint32_t movie_timescale = 0;
  std::optional<uint64_t> fragment_duration;  // from mehd
  std::vector<ParsedTrack> tracks;
  uint64_t end_offset = 0;  // bytes up to the end of the moov
};

// Reads ftyp (optional) and moov from the start of `data`; boxes after the moov are ignored and
// other boxes before it skipped. kOutOfRange (is_need_more_data) when `data` ends before a moov is
// complete; kDataLoss for corrupt boxes or a moof before the moov.
Result<ParsedInit> read_init_segment(ByteView data);

// The protection scheme info ('sinf': frma, schm, schi/tenc) of the track's sample entry at the
// 1-based index (encv/enca), or nullptr for a clear entry (or no such entry). Borrowed from `track`.
const ProtectionSchemeInfoBox* protection_scheme_info(const ParsedTrack& track, uint32_t sample_description_index = 1);

}  // namespace streamforge::mp4

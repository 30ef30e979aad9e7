// CMAF fragments (moof + mdat header), segment type and index boxes, and the fragment reader.
//   ISO/IEC 23000-19 (CMAF) §7.3.2.3 (CMAF fragment), §7.2 brands; ISO/IEC 14496-12 §8.8, §8.16.
//
// Free functions over value types; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/mp4/file_boxes.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/fragment_boxes.h"
#include "streamforge/mp4/index_boxes.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::mp4 {

struct FragmentSample {
  uint32_t size = 0;
  uint32_t duration = 0;           // track timescale
  int32_t composition_offset = 0;  // pts - dts, track timescale (negative -> trun version 1)
  bool sync = false;  // keyframe: sample_is_non_sync_sample = 0, depends_on = 2; else non-sync, depends_on = 1
};

// Per-sample encryption data of a fragment (23001-7 §7.2), written as senc + saiz + saio.
struct SampleEncryptionInfo {
  ByteBuffer iv;  // per_sample_iv_size bytes; empty with a constant IV
  std::vector<SampleEncryptionBox::Subsample> subsamples;  // empty: the whole sample is encrypted
};
struct FragmentEncryption {
  uint8_t per_sample_iv_size = 8;  // must match the track's tenc (or sample_group)
  // One per FragmentSample; empty writes no senc/saiz/saio (cbcs full-sample tracks with a
  // constant IV have nothing per sample to say).
  std::vector<SampleEncryptionInfo> samples;
  std::vector<ProtectionSystemSpecificHeaderBox> pssh;  // in the moof (key rotation); usually empty
  // Key rotation (23001-7 §6): the fragment's own 'seig' group entry -- its KID, IV size,
  // pattern, constant IV -- in a traf 'sgpd', with every sample mapped to it by 'sbgp'. Unset:
  // the samples use tenc's defaults.
  std::optional<CencSampleEncryptionInfoEntry> sample_group;
};

struct FragmentDescription {
  uint32_t sequence_number = 1;
  uint32_t track_id = 1;
  uint64_t base_media_decode_time = 0;  // tfdt version 1
  std::vector<FragmentSample> samples;
  std::optional<FragmentEncryption> encryption;
  // 0: the trex default (not written). Else written in tfhd (§8.8.7): clear-lead fragments of an
  // encrypted track select the clear sample entry, 2.
  uint32_t sample_description_index = 0;
};

// moof (mfhd, traf{tfhd default-base-is-moof, tfdt, trun with data_offset pointing at the first
// payload byte}) followed by the mdat header for the total sample bytes. The caller appends the
// sample payloads in order right after. Durations common to all samples go into tfhd's
// default_sample_duration, and the flags of samples 2..n into default_sample_flags (with
// first_sample_flags for a differing first sample), as compact CMAF writers do.
// kInvalidArgument for no samples, or encryption data that does not match the samples.
Result<ByteBuffer> write_fragment_header(const FragmentDescription& fragment);

// The moof write_fragment_header writes (data offsets filled in for an mdat that follows it).
Result<MovieFragmentBox> make_movie_fragment_box(const FragmentDescription& fragment);

// 'styp' for a media segment. Defaults: 'msdh' (a DASH media segment, 23009-1 §6.3.4.2) as the
// major brand and compatible 'msdh' and 'cmfs' (a CMAF segment, 23000-19 §7.2). 'msix' is left
// out: it promises a sidx in every segment, which the packager does not write.
ByteBuffer write_styp(FourCC major_brand = FourCC("msdh"),
                      const std::vector<FourCC>& compatible_brands = {FourCC("msdh"), FourCC("cmfs")});

// sidx: one reference per subsegment.
struct SidxReference {
  uint32_t referenced_size = 0;  // bytes of the subsegment (< 2^31)
  uint32_t subsegment_duration = 0;
  bool starts_with_sap = true;
  uint8_t sap_type = 1;  // < 8
};
struct SidxDescription {
  uint32_t reference_id = 1;
  uint32_t timescale = 90000;
  uint64_t earliest_presentation_time = 0;
  uint64_t first_offset = 0;
  std::vector<SidxReference> references;
};
// Version 0, or 1 when the time or offset needs 64 bits. Returns an empty buffer when a reference
// is out of range (referenced_size >= 2^31, sap_type >= 8) or there are more than 65535 references
// (a valid sidx is never empty).
ByteBuffer write_sidx(const SidxDescription& sidx);

// --- Reading ---

struct ParsedSample {
  uint64_t offset = 0;  // of the payload's first byte within the data given to read_fragment
  uint32_t size = 0;
  uint32_t duration = 0;
  int64_t composition_offset = 0;
  uint32_t flags = 0;  // §8.8.3.1 sample flags after defaults
  bool sync = false;   // !sample_is_non_sync_sample
  uint64_t decode_time = 0;  // tfdt + preceding durations
};

struct ParsedTrackFragment {
  uint32_t track_id = 0;
  std::optional<uint64_t> base_media_decode_time;  // tfdt
  std::vector<ParsedSample> samples;
  std::optional<SampleEncryptionBox> senc;  // IV size inferred (or from init's tenc, when given)
  // The stsd entry (1-based) its samples use: tfhd's, else trex's default, else 1.
  uint32_t sample_description_index = 1;
  // The 'seig' entry of the fragment's own sgpd that its first sample maps to (key rotation:
  // the KID in force); unset when the samples use tenc's defaults.
  std::optional<CencSampleEncryptionInfoEntry> sample_group;
};

struct ParsedFragment {
  std::optional<SegmentTypeBox> styp;
  std::vector<SegmentIndexBox> sidx;
  std::vector<EventMessageBox> emsg;
  uint64_t moof_offset = 0;
  MovieFragmentBox moof;
  uint32_t sequence_number = 0;
  std::vector<ParsedTrackFragment> tracks;
  // trun data_offset of the first run, as stored (relative to the moof with default-base-is-moof).
  int64_t data_offset = 0;
  uint64_t mdat_offset = 0;
  uint64_t mdat_payload_offset = 0;
  uint64_t mdat_payload_size = 0;
  uint64_t end_offset = 0;  // end of the mdat: where the next fragment starts
};

// Reads one fragment from the start of `data`: optional styp/sidx/emsg (other boxes skipped), the
// moof, and the mdat after it. Every sample's byte range is checked to lie inside that mdat.
// kOutOfRange (is_need_more_data) when `data` ends before the mdat is complete; kDataLoss for
// corrupt boxes, samples outside the mdat, or no moof. Defaults missing from tfhd come from the
// init segment's trex when `init` is given, else 0; so does senc's IV size (tenc; without it the
// size is inferred, see SampleEncryptionBox). A tfhd base_data_offset (rare in CMAF, which uses
// default-base-is-moof) is taken as an offset within `data`: pass the whole file for such files.
Result<ParsedFragment> read_fragment(ByteView data, const ParsedInit* init = nullptr);

}  // namespace streamforge::mp4

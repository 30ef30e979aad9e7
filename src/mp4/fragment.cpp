#include "streamforge/mp4/fragment.h"

#include <string>
#include <utility>

#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

Status invalid(std::string message, std::string field = {}) {
  return InvalidArgumentError(std::move(message), std::move(field));
}

uint32_t sample_flags(const FragmentSample& s) { return s.sync ? kSyncSampleFlags : kNonSyncSampleFlags; }

// Offset of the first child of type `type` inside the box starting at `box_offset` of `bytes`
// (the box's header is 8 bytes: everything here was written with 32-bit sizes).
Result<size_t> child_offset(ByteView bytes, size_t box_offset, FourCC type) {
  SF_ASSIGN_OR_RETURN(BoxHeader parent, peek_box_header(bytes.subspan(box_offset)));
  const size_t payload = box_offset + parent.header_size;
  SF_ASSIGN_OR_RETURN(auto children, list_top_level_boxes(bytes.subspan(payload, static_cast<size_t>(parent.payload_size()))));
  for (const auto& c : children) {
    if (c.header.type == type) return payload + static_cast<size_t>(c.offset);
  }
  return InternalError("written moof lacks a '" + type.to_string() + "' box");
}

// 14496-12 §8.9.2/§8.9.3: one 'seig' description in the traf and every sample mapped to it.
// Indices above 0x10000 point into the fragment's own sgpd (§8.9.4), so 0x10001 is its first entry.
Status add_sample_group(const FragmentDescription& f, const CencSampleEncryptionInfoEntry& group,
                        TrackFragmentBox& traf) {
  SF_ASSIGN_OR_RETURN(ByteBuffer entry, group.serialize());
  SampleGroupDescriptionBox sgpd;
  sgpd.version = 1;
  sgpd.grouping_type = FourCC("seig");
  sgpd.default_length = static_cast<uint32_t>(entry.size());
  sgpd.entries.push_back(std::move(entry));
  SampleToGroupBox sbgp;
  sbgp.grouping_type = FourCC("seig");
  sbgp.entries.push_back({static_cast<uint32_t>(f.samples.size()), 0x10001});
  traf.sbgp.push_back(std::move(sbgp));
  traf.sgpd.push_back(std::move(sgpd));
  return OkStatus();
}

Status add_encryption(const FragmentDescription& f, TrackFragmentBox& traf) {
  const FragmentEncryption& enc = *f.encryption;
  if (enc.sample_group) SF_RETURN_IF_ERROR(add_sample_group(f, *enc.sample_group, traf));
  if (enc.samples.empty()) return OkStatus();
  if (enc.samples.size() != f.samples.size()) {
    return invalid(std::to_string(enc.samples.size()) + " sample encryption entries for " +
                       std::to_string(f.samples.size()) + " samples",
                   "encryption.samples");
  }
  if (enc.per_sample_iv_size != 0 && enc.per_sample_iv_size != 8 && enc.per_sample_iv_size != 16) {
    return invalid("per_sample_iv_size must be 0, 8 or 16", "encryption.per_sample_iv_size");
  }
  bool subsamples = false;
  for (const auto& s : enc.samples) subsamples = subsamples || !s.subsamples.empty();

  SampleEncryptionBox senc;
  senc.flags = subsamples ? SampleEncryptionBox::kUseSubsampleEncryption : 0;
  senc.per_sample_iv_size = enc.per_sample_iv_size;
  SampleAuxiliaryInformationSizesBox saiz;
  std::vector<uint8_t> info_sizes;
  info_sizes.reserve(enc.samples.size());
  senc.entries.reserve(enc.samples.size());
  for (size_t i = 0; i < enc.samples.size(); ++i) {
    const SampleEncryptionInfo& s = enc.samples[i];
    // Built only for an error: this loop runs once per encrypted sample.
    const auto field = [i] { return "encryption.samples[" + std::to_string(i) + "]"; };
    if (s.iv.size() != enc.per_sample_iv_size) {
      return invalid("IV of " + std::to_string(s.iv.size()) + " bytes, per_sample_iv_size is " +
                         std::to_string(enc.per_sample_iv_size),
                     field() + ".iv");
    }
    if (!s.subsamples.empty()) {
      uint64_t total = 0;
      for (const auto& sub : s.subsamples) total += uint64_t{sub.clear_bytes} + sub.protected_bytes;
      if (total != f.samples[i].size) {
        return invalid("subsamples cover " + std::to_string(total) + " bytes of a " +
                           std::to_string(f.samples[i].size) + "-byte sample",
                       field() + ".subsamples");
      }
    }
    // 23001-7 §7.2: the auxiliary information of a sample is its IV and, with subsamples, the
    // 16-bit count and 6 bytes per subsample.
    const size_t info = s.iv.size() + (subsamples ? 2 + 6 * s.subsamples.size() : 0);
    if (info > 255 || s.subsamples.size() > UINT16_MAX) return invalid("too many subsamples", field() + ".subsamples");
    info_sizes.push_back(static_cast<uint8_t>(info));
    senc.entries.push_back({s.iv, s.subsamples});
  }
  bool uniform = true;
  for (uint8_t size : info_sizes) uniform = uniform && size == info_sizes.front();
  saiz.sample_count = static_cast<uint32_t>(info_sizes.size());
  if (uniform && info_sizes.front() != 0) {
    saiz.default_sample_info_size = info_sizes.front();
  } else {
    saiz.sample_info_sizes = std::move(info_sizes);
  }
  traf.saiz.push_back(std::move(saiz));
  traf.saio.push_back(SampleAuxiliaryInformationOffsetsBox{});
  traf.saio.back().offsets = {0};  // filled in once the moof layout is known
  traf.senc = std::move(senc);
  return OkStatus();
}

}  // namespace

Result<MovieFragmentBox> make_movie_fragment_box(const FragmentDescription& f) {
  if (f.samples.empty()) return invalid("a fragment needs at least one sample", "samples");
  if (f.track_id == 0) return invalid("track_id must not be 0", "track_id");
  const size_t n = f.samples.size();
  if (n > UINT32_MAX) return invalid("too many samples", "samples");

  MovieFragmentBox moof;
  moof.mfhd.sequence_number = f.sequence_number;
  TrackFragmentBox traf;
  traf.tfhd.flags = TrackFragmentHeaderBox::kDefaultBaseIsMoof;
  traf.tfhd.track_id = f.track_id;
  if (f.sample_description_index != 0) {
    traf.tfhd.flags |= TrackFragmentHeaderBox::kSampleDescriptionIndexPresent;
    traf.tfhd.sample_description_index = f.sample_description_index;
  }
  traf.tfdt = TrackFragmentDecodeTimeBox{1, 0, f.base_media_decode_time};

  TrackRunBox trun;
  trun.flags = TrackRunBox::kDataOffsetPresent | TrackRunBox::kSampleSizePresent;
  trun.sample_count = static_cast<uint32_t>(n);
  bool same_duration = true, same_tail_flags = true, has_cto = false, negative_cto = false;
  for (size_t i = 0; i < n; ++i) {
    same_duration = same_duration && f.samples[i].duration == f.samples[0].duration;
    if (i >= 2) same_tail_flags = same_tail_flags && sample_flags(f.samples[i]) == sample_flags(f.samples[1]);
    has_cto = has_cto || f.samples[i].composition_offset != 0;
    negative_cto = negative_cto || f.samples[i].composition_offset < 0;
  }
  // Defaults in tfhd where every sample shares a value (14496-12 §8.8.7), per-sample fields otherwise.
  if (same_duration) {
    traf.tfhd.flags |= TrackFragmentHeaderBox::kDefaultSampleDurationPresent;
    traf.tfhd.default_sample_duration = f.samples[0].duration;
  } else {
    trun.flags |= TrackRunBox::kSampleDurationPresent;
  }
  if (same_tail_flags) {
    const uint32_t tail = sample_flags(f.samples[n > 1 ? 1 : 0]);
    traf.tfhd.flags |= TrackFragmentHeaderBox::kDefaultSampleFlagsPresent;
    traf.tfhd.default_sample_flags = tail;
    if (sample_flags(f.samples[0]) != tail) {
      trun.flags |= TrackRunBox::kFirstSampleFlagsPresent;
      trun.first_sample_flags = sample_flags(f.samples[0]);
    }
  } else {
    trun.flags |= TrackRunBox::kSampleFlagsPresent;
  }
  if (has_cto) trun.flags |= TrackRunBox::kSampleCompositionTimeOffsetPresent;
  trun.version = negative_cto ? 1 : 0;  // version 1: signed composition offsets
  uint64_t payload = 0;
  for (const FragmentSample& s : f.samples) {
    trun.samples.push_back({s.duration, s.size, sample_flags(s), s.composition_offset});
    payload += s.size;
  }
  traf.truns.push_back(std::move(trun));
  if (f.encryption) {
    SF_RETURN_IF_ERROR(add_encryption(f, traf));
    moof.pssh = f.encryption->pssh;
  }
  moof.trafs.push_back(std::move(traf));

  // Lay the moof out once to learn where things land, then fill in the offsets (all fixed-width
  // fields, so the layout does not change).
  ByteBuffer layout;
  SF_RETURN_IF_ERROR(append_box(moof, layout));
  const uint64_t data_offset = layout.size() + mdat_header_size(payload);
  if (data_offset > INT32_MAX) return invalid("moof too large for a 32-bit data offset");
  TrackFragmentBox& written = moof.trafs.front();
  written.truns.front().data_offset = static_cast<int32_t>(data_offset);
  if (f.encryption && !f.encryption->samples.empty()) {
    SF_ASSIGN_OR_RETURN(size_t traf_at, child_offset(layout, 0, TrackFragmentBox::kType));
    SF_ASSIGN_OR_RETURN(size_t senc_at, child_offset(layout, traf_at, SampleEncryptionBox::kType));
    // saio points at the first IV: after the senc header (8), version/flags (4) and sample_count (4).
    written.saio.front().offsets = {senc_at + 16};
  }
  return moof;
}

Result<ByteBuffer> write_fragment_header(const FragmentDescription& fragment) {
  SF_ASSIGN_OR_RETURN(MovieFragmentBox moof, make_movie_fragment_box(fragment));
  uint64_t payload = 0;
  for (const FragmentSample& s : fragment.samples) payload += s.size;
  ByteBuffer out;
  SF_RETURN_IF_ERROR(append_box(moof, out));
  append_mdat_header(payload, out);
  return out;
}

ByteBuffer write_styp(FourCC major_brand, const std::vector<FourCC>& compatible_brands) {
  SegmentTypeBox styp{major_brand, 0, compatible_brands};
  ByteBuffer out;
  append_box(styp, out).ignore_error();  // cannot fail: brands are fixed-width and few
  return out;
}

ByteBuffer write_sidx(const SidxDescription& d) {
  SegmentIndexBox sidx;
  sidx.version = (d.earliest_presentation_time > UINT32_MAX || d.first_offset > UINT32_MAX) ? 1 : 0;
  sidx.reference_id = d.reference_id;
  sidx.timescale = d.timescale;
  sidx.earliest_presentation_time = d.earliest_presentation_time;
  sidx.first_offset = d.first_offset;
  for (const SidxReference& r : d.references) {
    sidx.references.push_back({false, r.referenced_size, r.subsegment_duration, r.starts_with_sap, r.sap_type, 0});
  }
  ByteBuffer out;
  if (!append_box(sidx, out).ok()) return ByteBuffer();
  return out;
}

namespace {

struct TrackDefaults {
  uint32_t duration = 0;
  uint32_t size = 0;
  uint32_t flags = 0;
};

const ParsedTrack* find_track(const ParsedInit* init, uint32_t track_id) {
  if (!init) return nullptr;
  for (const ParsedTrack& t : init->tracks) {
    if (t.track_id == track_id) return &t;
  }
  return nullptr;
}

std::optional<uint8_t> tenc_iv_size(const ParsedTrack* track) {
  if (!track) return std::nullopt;
  const ProtectionSchemeInfoBox* sinf = protection_scheme_info(*track);
  if (!sinf || !sinf->schi || !sinf->schi->tenc) return std::nullopt;
  return sinf->schi->tenc->default_per_sample_iv_size;
}

}  // namespace

Result<ParsedFragment> read_fragment(ByteView data, const ParsedInit* init) {
  SF_ASSIGN_OR_RETURN(TopLevelScan scan, scan_top_level_boxes(data));
  ParsedFragment f;
  bool have_moof = false, have_mdat = false;
  for (const BoxHeaderWithOffset& box : scan.boxes) {
    ByteView bytes = data.subspan(static_cast<size_t>(box.offset), static_cast<size_t>(box.header.size));
    const FourCC type = box.header.type;
    if (!have_moof) {
      if (type == SegmentTypeBox::kType && !f.styp) {
        SF_ASSIGN_OR_RETURN(f.styp, read_box<SegmentTypeBox>(bytes, box.offset));
      } else if (type == SegmentIndexBox::kType) {
        SF_ASSIGN_OR_RETURN(SegmentIndexBox sidx, read_box<SegmentIndexBox>(bytes, box.offset));
        f.sidx.push_back(std::move(sidx));
      } else if (type == EventMessageBox::kType) {
        SF_ASSIGN_OR_RETURN(EventMessageBox emsg, read_box<EventMessageBox>(bytes, box.offset));
        f.emsg.push_back(std::move(emsg));
      } else if (type == MovieFragmentBox::kType) {
        SF_ASSIGN_OR_RETURN(f.moof, read_box<MovieFragmentBox>(bytes, box.offset));
        f.moof_offset = box.offset;
        have_moof = true;
      }
    } else if (type == FourCC("mdat")) {
      f.mdat_offset = box.offset;
      f.mdat_payload_offset = box.offset + box.header.header_size;
      f.mdat_payload_size = box.header.payload_size();
      f.end_offset = box.offset + box.header.size;
      have_mdat = true;
      break;
    }
  }
  if (!have_moof || !have_mdat) {
    // The bytes ended (cleanly or inside a box) before the moof and its mdat arrived.
    return OutOfRangeError(std::string("need more data: ") + (have_moof ? "no 'mdat' after the 'moof'" : "no 'moof'") +
                           " in " + std::to_string(data.size()) + " bytes");
  }

  f.sequence_number = f.moof.mfhd.sequence_number;
  const uint64_t mdat_end = f.mdat_payload_offset + f.mdat_payload_size;
  uint64_t default_only_samples = 0;  // samples that store nothing: bounded by the input size
  uint64_t previous_end = f.moof_offset;
  bool first_run = true;
  for (const TrackFragmentBox& traf : f.moof.trafs) {
    const TrackFragmentHeaderBox& tfhd = traf.tfhd;
    ParsedTrackFragment track;
    track.track_id = tfhd.track_id;
    const ParsedTrack* init_track = find_track(init, tfhd.track_id);
    TrackDefaults d;
    if (init_track && init_track->trex) {
      d = {init_track->trex->default_sample_duration, init_track->trex->default_sample_size,
           init_track->trex->default_sample_flags};
    }
    if (init_track && init_track->trex) track.sample_description_index = init_track->trex->default_sample_description_index;
    if (tfhd.flags & TrackFragmentHeaderBox::kSampleDescriptionIndexPresent) {
      track.sample_description_index = tfhd.sample_description_index;
    }
    if (tfhd.flags & TrackFragmentHeaderBox::kDefaultSampleDurationPresent) d.duration = tfhd.default_sample_duration;
    if (tfhd.flags & TrackFragmentHeaderBox::kDefaultSampleSizePresent) d.size = tfhd.default_sample_size;
    if (tfhd.flags & TrackFragmentHeaderBox::kDefaultSampleFlagsPresent) d.flags = tfhd.default_sample_flags;
    // §8.8.7: the base is base_data_offset when present, else the moof for default-base-is-moof
    // (and for the first traf), else the end of the previous traf's data.
    uint64_t base = previous_end;
    if (tfhd.flags & TrackFragmentHeaderBox::kBaseDataOffsetPresent) {
      base = tfhd.base_data_offset;
    } else if ((tfhd.flags & TrackFragmentHeaderBox::kDefaultBaseIsMoof) || &traf == &f.moof.trafs.front()) {
      base = f.moof_offset;
    }
    if (base > data.size()) {
      return DataLossError("'traf' of track " + std::to_string(track.track_id) + ": base data offset " +
                           std::to_string(base) + " lies outside the data");
    }
    if (traf.tfdt) track.base_media_decode_time = traf.tfdt->base_media_decode_time;
    uint64_t decode_time = track.base_media_decode_time.value_or(0);
    auto cursor = static_cast<int64_t>(base);
    for (const TrackRunBox& trun : traf.truns) {
      if (trun.flags & TrackRunBox::kDataOffsetPresent) {
        cursor = static_cast<int64_t>(base) + trun.data_offset;
        if (first_run) f.data_offset = trun.data_offset;
      }
      first_run = false;
      if (trun.samples.empty()) {
        default_only_samples += trun.sample_count;
        if (default_only_samples > data.size()) {
          return DataLossError("'trun' at track " + std::to_string(track.track_id) + ": " +
                               std::to_string(trun.sample_count) + " samples without per-sample data is implausible");
        }
      }
      for (uint32_t i = 0; i < trun.sample_count; ++i) {
        const TrackRunBox::Sample s = trun.samples.empty() ? TrackRunBox::Sample{} : trun.samples[i];
        ParsedSample p;
        p.duration = (trun.flags & TrackRunBox::kSampleDurationPresent) ? s.duration : d.duration;
        p.size = (trun.flags & TrackRunBox::kSampleSizePresent) ? s.size : d.size;
        p.flags = (trun.flags & TrackRunBox::kSampleFlagsPresent) ? s.flags
                  : (i == 0 && (trun.flags & TrackRunBox::kFirstSampleFlagsPresent)) ? trun.first_sample_flags
                                                                                     : d.flags;
        p.composition_offset = (trun.flags & TrackRunBox::kSampleCompositionTimeOffsetPresent) ? s.composition_offset : 0;
        p.sync = (p.flags & kSampleIsNonSync) == 0;
        p.decode_time = decode_time;
        if (cursor < static_cast<int64_t>(f.mdat_payload_offset) ||
            static_cast<uint64_t>(cursor) + p.size > mdat_end) {
          return DataLossError("sample " + std::to_string(track.samples.size()) + " of track " +
                               std::to_string(track.track_id) + " (" + std::to_string(p.size) + " bytes at offset " +
                               std::to_string(cursor) + ") lies outside the 'mdat' payload [" +
                               std::to_string(f.mdat_payload_offset) + ", " + std::to_string(mdat_end) + ")");
        }
        p.offset = static_cast<uint64_t>(cursor);
        cursor += p.size;
        decode_time += p.duration;
        track.samples.push_back(p);
      }
    }
    previous_end = static_cast<uint64_t>(cursor);
    // Key rotation: the fragment-local 'seig' entry its first sample maps to (§8.9.4).
    for (const SampleToGroupBox& sbgp : traf.sbgp) {
      if (sbgp.grouping_type != FourCC("seig") || sbgp.entries.empty()) continue;
      const uint32_t index = sbgp.entries.front().group_description_index;
      if (index <= 0x10000) break;  // 0: no group; 1..0x10000: the moov's sgpd, which we do not keep
      for (const SampleGroupDescriptionBox& sgpd : traf.sgpd) {
        if (sgpd.grouping_type != FourCC("seig")) continue;
        if (index - 0x10001 >= sgpd.entries.size()) {
          return DataLossError("'sbgp' points at 'seig' entry " + std::to_string(index - 0x10000) + " of " +
                               std::to_string(sgpd.entries.size()));
        }
        SF_ASSIGN_OR_RETURN(track.sample_group, CencSampleEncryptionInfoEntry::parse(sgpd.entries[index - 0x10001].view()));
        break;
      }
      break;
    }
    if (traf.senc) {
      track.senc = traf.senc;
      // The senc was read with an inferred IV size; the init segment's tenc says which it is.
      if (auto iv = tenc_iv_size(init_track); iv && *iv != traf.senc->per_sample_iv_size) {
        SF_ASSIGN_OR_RETURN(ByteBuffer bytes, write_box(*traf.senc));
        SampleEncryptionBox senc;
        senc.per_sample_iv_size = *iv;
        SF_RETURN_IF_ERROR(read_box_into(bytes.view(), senc));
        track.senc = std::move(senc);
      }
    }
    f.tracks.push_back(std::move(track));
  }
  return f;
}

}  // namespace streamforge::mp4

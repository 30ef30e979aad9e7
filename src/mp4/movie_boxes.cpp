#include "streamforge/mp4/movie_boxes.h"

#include <string>

namespace streamforge::mp4 {
namespace {

Status rw_matrix(BoxBuffer& b, std::array<int32_t, 9>& matrix) {
  for (int32_t& m : matrix) SF_RETURN_IF_ERROR(b.rw_i32(m));
  return OkStatus();
}

Status check_version(BoxBuffer& b, uint8_t version, uint8_t max) {
  return version > max ? b.unsupported_version(version) : OkStatus();
}

}  // namespace

Status MovieHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(check_version(b, version, 1));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, creation_time));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, modification_time));
  SF_RETURN_IF_ERROR(b.rw_u32(timescale));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, duration));
  SF_RETURN_IF_ERROR(b.rw_i32(rate));
  SF_RETURN_IF_ERROR(b.rw_i16(volume));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 2 + 8));  // reserved16, reserved32[2]
  SF_RETURN_IF_ERROR(rw_matrix(b, matrix));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 24));  // pre_defined[6]
  return b.rw_u32(next_track_id);
}

Status TrackHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(check_version(b, version, 1));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, creation_time));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, modification_time));
  SF_RETURN_IF_ERROR(b.rw_u32(track_id));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 4));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, duration));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 8));
  SF_RETURN_IF_ERROR(b.rw_i16(layer));
  SF_RETURN_IF_ERROR(b.rw_i16(alternate_group));
  SF_RETURN_IF_ERROR(b.rw_i16(volume));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 2));
  SF_RETURN_IF_ERROR(rw_matrix(b, matrix));
  SF_RETURN_IF_ERROR(b.rw_u32(width));
  return b.rw_u32(height);
}

Status EditListBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(check_version(b, version, 1));
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, version == 1 ? 20 : 12));
  for (Entry& e : entries) {
    SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, e.segment_duration));
    SF_RETURN_IF_ERROR(b.rw_i32_or_i64(version, e.media_time));
    SF_RETURN_IF_ERROR(b.rw_i16(e.media_rate_integer));
    SF_RETURN_IF_ERROR(b.rw_i16(e.media_rate_fraction));
  }
  return OkStatus();
}

Status EditBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(elst));
  return b.rw_unknown_children(unknown);
}

Status MediaHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(check_version(b, version, 1));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, creation_time));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, modification_time));
  SF_RETURN_IF_ERROR(b.rw_u32(timescale));
  SF_RETURN_IF_ERROR(b.rw_u32_or_u64(version, duration));
  // pad (1 bit, 0) then language as three 5-bit letters, each stored as (letter - 0x60).
  uint16_t packed = 0;
  if (b.writing()) {
    if (language.size() != 3) return b.invalid("language '" + language + "' is not a 3-letter ISO 639-2 code");
    for (char c : language) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x60 || u > 0x7f) return b.invalid("language '" + language + "' must be lower-case letters");
      packed = static_cast<uint16_t>(packed << 5 | (u - 0x60));
    }
  }
  SF_RETURN_IF_ERROR(b.rw_u16(packed));
  if (b.reading()) {
    language.resize(3);
    for (int i = 0; i < 3; ++i) language[static_cast<size_t>(i)] = static_cast<char>(((packed >> (10 - 5 * i)) & 0x1f) + 0x60);
  }
  return b.rw_reserved(0, 2);  // pre_defined
}

Status HandlerBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 4));  // pre_defined
  SF_RETURN_IF_ERROR(b.rw_fourcc(handler_type));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 12));  // reserved[3]
  return b.rw_string_nul(name);
}

Status VideoMediaHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_u16(graphics_mode));
  for (uint16_t& c : opcolor) SF_RETURN_IF_ERROR(b.rw_u16(c));
  return OkStatus();
}

Status SoundMediaHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_i16(balance));
  return b.rw_reserved(0, 2);
}

Status DataEntryUrlBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (!(flags & kSelfContained)) return b.rw_string_nul(location);
  if (b.reading()) location.clear();
  return OkStatus();
}

Status DataReferenceBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  const size_t total = urls.size() + other_entries.size();
  if (b.writing() && total > UINT32_MAX) return b.invalid("too many data entries");
  auto count = static_cast<uint32_t>(total);
  SF_RETURN_IF_ERROR(b.rw_u32(count));  // children are counted by scanning; the count is not trusted
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_children(urls));
  return b.rw_unknown_children(other_entries);
}

Status DataInformationBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(dref));
  return b.rw_unknown_children(unknown);
}

Status TimeToSampleBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, 8));
  for (Entry& e : entries) {
    SF_RETURN_IF_ERROR(b.rw_u32(e.sample_count));
    SF_RETURN_IF_ERROR(b.rw_u32(e.sample_delta));
  }
  return OkStatus();
}

Status SampleToChunkBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entries, 12));
  for (Entry& e : entries) {
    SF_RETURN_IF_ERROR(b.rw_u32(e.first_chunk));
    SF_RETURN_IF_ERROR(b.rw_u32(e.samples_per_chunk));
    SF_RETURN_IF_ERROR(b.rw_u32(e.sample_description_index));
  }
  return OkStatus();
}

Status SampleSizeBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_u32(sample_size));
  if (sample_size != 0) {
    if (b.reading()) entry_sizes.clear();
    return b.rw_u32(sample_count);
  }
  if (b.writing() && entry_sizes.size() != sample_count) {
    return b.invalid("sample_count " + std::to_string(sample_count) + " but " + std::to_string(entry_sizes.size()) +
                     " entry sizes");
  }
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(entry_sizes, 4));
  sample_count = static_cast<uint32_t>(entry_sizes.size());
  for (uint32_t& s : entry_sizes) SF_RETURN_IF_ERROR(b.rw_u32(s));
  return OkStatus();
}

Status ChunkOffsetBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_count<uint32_t>(chunk_offsets, 4));
  for (uint32_t& o : chunk_offsets) SF_RETURN_IF_ERROR(b.rw_u32(o));
  return OkStatus();
}

Status SampleTableBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(stsd));
  SF_RETURN_IF_ERROR(b.rw_child(stts));
  SF_RETURN_IF_ERROR(b.rw_child(stsc));
  SF_RETURN_IF_ERROR(b.rw_optional_child(stsz));
  SF_RETURN_IF_ERROR(b.rw_optional_child(stco));
  SF_RETURN_IF_ERROR(b.rw_children(sgpd));
  SF_RETURN_IF_ERROR(b.rw_children(sbgp));
  return b.rw_unknown_children(unknown);
}

Status MediaInformationBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(vmhd));
  SF_RETURN_IF_ERROR(b.rw_optional_child(smhd));
  SF_RETURN_IF_ERROR(b.rw_optional_child(nmhd));
  SF_RETURN_IF_ERROR(b.rw_optional_child(sthd));
  SF_RETURN_IF_ERROR(b.rw_child(dinf));
  SF_RETURN_IF_ERROR(b.rw_child(stbl));
  return b.rw_unknown_children(unknown);
}

Status MediaBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(mdhd));
  SF_RETURN_IF_ERROR(b.rw_child(hdlr));
  SF_RETURN_IF_ERROR(b.rw_child(minf));
  return b.rw_unknown_children(unknown);
}

Status TrackBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(tkhd));
  SF_RETURN_IF_ERROR(b.rw_optional_child(edts));
  SF_RETURN_IF_ERROR(b.rw_child(mdia));
  return b.rw_unknown_children(unknown);
}

Status MovieExtendsHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(check_version(b, version, 1));
  return b.rw_u32_or_u64(version, fragment_duration);
}

Status TrackExtendsBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_u32(track_id));
  SF_RETURN_IF_ERROR(b.rw_u32(default_sample_description_index));
  SF_RETURN_IF_ERROR(b.rw_u32(default_sample_duration));
  SF_RETURN_IF_ERROR(b.rw_u32(default_sample_size));
  return b.rw_u32(default_sample_flags);
}

Status MovieExtendsBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(mehd));
  SF_RETURN_IF_ERROR(b.rw_children(trex));
  return b.rw_unknown_children(unknown);
}

Status MovieBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(mvhd));
  SF_RETURN_IF_ERROR(b.rw_children(tracks));
  SF_RETURN_IF_ERROR(b.rw_optional_child(mvex));
  SF_RETURN_IF_ERROR(b.rw_children(pssh));
  return b.rw_unknown_children(unknown);
}

}  // namespace streamforge::mp4

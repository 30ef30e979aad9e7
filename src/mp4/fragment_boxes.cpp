#include "streamforge/mp4/fragment_boxes.h"

#include <bit>
#include <string>

namespace streamforge::mp4 {

Status MovieFragmentHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  return b.rw_u32(sequence_number);
}

Status TrackFragmentHeaderBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  SF_RETURN_IF_ERROR(b.rw_u32(track_id));
  // Each optional field in order; absent ones read as 0.
  auto field = [&](uint32_t flag, auto& value, auto rw) -> Status {
    if (flags & flag) return rw(value);
    if (b.reading()) value = 0;
    return OkStatus();
  };
  auto u32 = [&](uint32_t& v) { return b.rw_u32(v); };
  SF_RETURN_IF_ERROR(field(kBaseDataOffsetPresent, base_data_offset, [&](uint64_t& v) { return b.rw_u64(v); }));
  SF_RETURN_IF_ERROR(field(kSampleDescriptionIndexPresent, sample_description_index, u32));
  SF_RETURN_IF_ERROR(field(kDefaultSampleDurationPresent, default_sample_duration, u32));
  SF_RETURN_IF_ERROR(field(kDefaultSampleSizePresent, default_sample_size, u32));
  return field(kDefaultSampleFlagsPresent, default_sample_flags, u32);
}

Status TrackFragmentDecodeTimeBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  return b.rw_u32_or_u64(version, base_media_decode_time);
}

Status TrackRunBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (version > 1) return b.unsupported_version(version);
  const bool per_sample = (flags & kPerSampleFields) != 0;
  if (b.writing() && per_sample && samples.size() != sample_count) {
    return b.invalid("sample_count " + std::to_string(sample_count) + " but " + std::to_string(samples.size()) +
                     " samples");
  }
  SF_RETURN_IF_ERROR(b.rw_u32(sample_count));
  if (flags & kDataOffsetPresent) {
    SF_RETURN_IF_ERROR(b.rw_i32(data_offset));
  } else if (b.reading()) {
    data_offset = 0;
  }
  if (flags & kFirstSampleFlagsPresent) {
    SF_RETURN_IF_ERROR(b.rw_u32(first_sample_flags));
  } else if (b.reading()) {
    first_sample_flags = 0;
  }
  if (!per_sample) {
    if (b.reading()) samples.clear();
    return OkStatus();
  }
  if (b.reading()) {
    const size_t entry_bytes = 4u * static_cast<size_t>(std::popcount(flags & kPerSampleFields));
    if (sample_count > b.remaining() / entry_bytes) {
      return b.corrupt("sample_count " + std::to_string(sample_count) + " of " + std::to_string(entry_bytes) +
                       " bytes each exceeds the " + std::to_string(b.remaining()) + " bytes left");
    }
    samples.assign(sample_count, Sample{});
  }
  for (Sample& s : samples) {
    if (flags & kSampleDurationPresent) SF_RETURN_IF_ERROR(b.rw_u32(s.duration));
    if (flags & kSampleSizePresent) SF_RETURN_IF_ERROR(b.rw_u32(s.size));
    if (flags & kSampleFlagsPresent) SF_RETURN_IF_ERROR(b.rw_u32(s.flags));
    if (flags & kSampleCompositionTimeOffsetPresent) {
      if (version == 0) {
        if (b.writing() && (s.composition_offset < 0 || s.composition_offset > UINT32_MAX)) {
          return b.invalid("composition offset " + std::to_string(s.composition_offset) +
                           " needs version 1 (signed offsets)");
        }
        auto cto = static_cast<uint32_t>(s.composition_offset);
        SF_RETURN_IF_ERROR(b.rw_u32(cto));
        s.composition_offset = cto;
      } else {
        if (b.writing() && (s.composition_offset < INT32_MIN || s.composition_offset > INT32_MAX)) {
          return b.invalid("composition offset " + std::to_string(s.composition_offset) + " does not fit 32 bits");
        }
        auto cto = static_cast<int32_t>(s.composition_offset);
        SF_RETURN_IF_ERROR(b.rw_i32(cto));
        s.composition_offset = cto;
      }
    }
  }
  return OkStatus();
}

Status TrackFragmentBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(tfhd));
  SF_RETURN_IF_ERROR(b.rw_optional_child(tfdt));
  SF_RETURN_IF_ERROR(b.rw_children(truns));
  SF_RETURN_IF_ERROR(b.rw_children(sgpd));
  SF_RETURN_IF_ERROR(b.rw_children(sbgp));
  SF_RETURN_IF_ERROR(b.rw_children(saiz));
  SF_RETURN_IF_ERROR(b.rw_children(saio));
  SF_RETURN_IF_ERROR(b.rw_optional_child(senc));
  return b.rw_unknown_children(unknown);
}

Status MovieFragmentBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(mfhd));
  SF_RETURN_IF_ERROR(b.rw_children(trafs));
  SF_RETURN_IF_ERROR(b.rw_children(pssh));
  return b.rw_unknown_children(unknown);
}

size_t mdat_header_size(uint64_t payload_size) { return payload_size > UINT32_MAX - 8 ? 16 : 8; }

size_t append_mdat_header(uint64_t payload_size, ByteBuffer& out) {
  const size_t header = mdat_header_size(payload_size);
  const uint64_t size = payload_size + header;
  const uint64_t size_field = header == 16 ? 1 : size;
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(size_field >> (8 * i)));
  for (char c : {'m', 'd', 'a', 't'}) out.push_back(static_cast<uint8_t>(c));
  if (header == 16) {
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
  }
  return header;
}

}  // namespace streamforge::mp4

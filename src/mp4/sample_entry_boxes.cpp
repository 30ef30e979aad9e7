#include "streamforge/mp4/sample_entry_boxes.h"

#include <algorithm>
#include <string>

namespace streamforge::mp4 {

Status VpCodecConfigurationBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  return b.rw_bytes_to_end(record);
}

Status BitRateBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_u32(buffer_size_db));
  SF_RETURN_IF_ERROR(b.rw_u32(max_bitrate));
  return b.rw_u32(avg_bitrate);
}

Status PixelAspectRatioBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_u32(h_spacing));
  return b.rw_u32(v_spacing);
}

Status ColourInformationBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_fourcc(colour_type));
  const bool nclx = colour_type == FourCC("nclx");
  if (nclx || colour_type == FourCC("nclc")) {
    SF_RETURN_IF_ERROR(b.rw_u16(colour_primaries));
    SF_RETURN_IF_ERROR(b.rw_u16(transfer_characteristics));
    SF_RETURN_IF_ERROR(b.rw_u16(matrix_coefficients));
    if (nclx) {
      // full_range_flag (1 bit) then 7 reserved zero bits.
      uint8_t range = full_range ? 0x80 : 0;
      SF_RETURN_IF_ERROR(b.rw_u8(range));
      full_range = (range & 0x80) != 0;
    }
    return OkStatus();
  }
  return b.rw_bytes_to_end(icc_profile);
}

Status MasteringDisplayColourVolumeBox::read_write(BoxBuffer& b) {
  for (size_t c = 0; c < 3; ++c) {
    SF_RETURN_IF_ERROR(b.rw_u16(display_primaries_x[c]));
    SF_RETURN_IF_ERROR(b.rw_u16(display_primaries_y[c]));
  }
  SF_RETURN_IF_ERROR(b.rw_u16(white_point_x));
  SF_RETURN_IF_ERROR(b.rw_u16(white_point_y));
  SF_RETURN_IF_ERROR(b.rw_u32(max_display_mastering_luminance));
  return b.rw_u32(min_display_mastering_luminance);
}

Status ContentLightLevelBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_u16(max_content_light_level));
  return b.rw_u16(max_pic_average_light_level);
}

namespace {

// 14496-1 §7.2.2.1 descriptor tags.
constexpr uint8_t kEsDescrTag = 0x03;
constexpr uint8_t kDecoderConfigDescrTag = 0x04;
constexpr uint8_t kDecSpecificInfoTag = 0x05;
constexpr uint8_t kSlConfigDescrTag = 0x06;
constexpr uint32_t kMaxDescriptorLength = (1u << 28) - 1;  // four 7-bit length bytes

// §8.3.3 expandable sizeOfInstance: up to four bytes, 7 bits each, high bit = another byte follows.
Status read_descriptor_length(BoxBuffer& b, uint32_t& length) {
  length = 0;
  for (int i = 0; i < 4; ++i) {
    uint8_t byte = 0;
    SF_RETURN_IF_ERROR(b.rw_u8(byte));
    length = (length << 7) | (byte & 0x7f);
    if (!(byte & 0x80)) return OkStatus();
  }
  return b.corrupt("descriptor length longer than 4 bytes");
}

// One descriptor with tag `tag`. Writing: serializes `body` into its own buffer and emits tag,
// the 4-byte length form and the body (when `present`). Reading: skips descriptors of other tags
// until `tag` and hands its body to `body`; `present` tells whether one was found. `required`
// makes a missing descriptor an error.
template <typename F>
Status rw_descriptor(BoxBuffer& b, uint8_t tag, bool required, bool& present, F&& body) {
  if (b.writing()) {
    if (!present) return OkStatus();
    ByteBuffer bytes;
    BoxBuffer w(&bytes, b.box_type());
    SF_RETURN_IF_ERROR(body(w));
    if (bytes.size() > kMaxDescriptorLength) return b.invalid("descriptor too long");
    const auto n = static_cast<uint32_t>(bytes.size());
    uint8_t header[5] = {tag,
                         static_cast<uint8_t>(0x80 | ((n >> 21) & 0x7f)),
                         static_cast<uint8_t>(0x80 | ((n >> 14) & 0x7f)),
                         static_cast<uint8_t>(0x80 | ((n >> 7) & 0x7f)),
                         static_cast<uint8_t>(n & 0x7f)};
    ByteBuffer all(ByteView(header, 5));
    all.append(bytes.view());
    return b.rw_bytes(all, all.size());
  }
  present = false;
  while (b.remaining() > 0) {
    uint8_t found = 0;
    uint32_t length = 0;
    SF_RETURN_IF_ERROR(b.rw_u8(found));
    SF_RETURN_IF_ERROR(read_descriptor_length(b, length));
    BoxBuffer sub(ByteView{}, b.box_type());
    SF_RETURN_IF_ERROR(b.take_sub_buffer(length, sub));
    if (found == tag) {
      present = true;
      return body(sub);
    }
  }
  if (required) return b.corrupt("missing descriptor with tag " + std::to_string(tag));
  return OkStatus();
}

}  // namespace

Status ElementaryStreamDescriptorBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  bool es_present = true;
  return rw_descriptor(b, kEsDescrTag, true, es_present, [&](BoxBuffer& es) -> Status {
    SF_RETURN_IF_ERROR(es.rw_u16(es_id));
    if (es.writing() && stream_priority > 31) return es.invalid("streamPriority must fit 5 bits");
    // streamDependenceFlag, URL_Flag, OCRstreamFlag, streamPriority(5). The writer sets no flags.
    uint8_t es_flags = stream_priority;
    SF_RETURN_IF_ERROR(es.rw_u8(es_flags));
    stream_priority = es_flags & 0x1f;
    if (es.reading()) {
      if (es_flags & 0x80) SF_RETURN_IF_ERROR(es.rw_reserved(0, 2));  // dependsOn_ES_ID
      if (es_flags & 0x40) {                                           // URLlength, URLstring
        uint8_t url_length = 0;
        SF_RETURN_IF_ERROR(es.rw_u8(url_length));
        SF_RETURN_IF_ERROR(es.rw_reserved(0, url_length));
      }
      if (es_flags & 0x20) SF_RETURN_IF_ERROR(es.rw_reserved(0, 2));  // OCR_ES_Id
    }
    bool dc_present = true;
    SF_RETURN_IF_ERROR(rw_descriptor(es, kDecoderConfigDescrTag, true, dc_present, [&](BoxBuffer& dc) -> Status {
      SF_RETURN_IF_ERROR(dc.rw_u8(object_type_indication));
      if (dc.writing() && stream_type > 63) return dc.invalid("streamType must fit 6 bits");
      // streamType(6), upStream(1) = 0, reserved(1) = 1.
      auto type_byte = static_cast<uint8_t>(stream_type << 2 | 1);
      SF_RETURN_IF_ERROR(dc.rw_u8(type_byte));
      stream_type = type_byte >> 2;
      SF_RETURN_IF_ERROR(dc.rw_u24(buffer_size_db));
      SF_RETURN_IF_ERROR(dc.rw_u32(max_bitrate));
      SF_RETURN_IF_ERROR(dc.rw_u32(avg_bitrate));
      bool dsi_present = !decoder_specific_info.empty();
      SF_RETURN_IF_ERROR(rw_descriptor(dc, kDecSpecificInfoTag, false, dsi_present, [&](BoxBuffer& dsi) {
        return dsi.rw_bytes_to_end(decoder_specific_info);
      }));
      if (!dsi_present) decoder_specific_info.clear();
      return OkStatus();
    }));
    // SLConfigDescriptor with predefined = 2 (reserved for MP4 files, 14496-14 §3.1.2).
    bool sl_present = true;
    return rw_descriptor(es, kSlConfigDescrTag, false, sl_present, [&](BoxBuffer& sl) {
      uint8_t predefined = 2;
      return sl.rw_u8(predefined);
    });
  });
}

bool VisualSampleEntry::accepts(FourCC t) {
  static constexpr FourCC kTypes[] = {"avc1", "avc3", "hvc1", "hev1", "vp08", "vp09", "av01", "encv", "dvh1", "dvhe"};
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

bool AudioSampleEntry::accepts(FourCC t) {
  static constexpr FourCC kTypes[] = {"mp4a", "Opus", "enca", "ac-3", "ec-3", "fLaC"};
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

namespace {
// §8.5.2.2 SampleEntry: six reserved zero bytes and the data_reference_index.
Status rw_sample_entry_header(BoxBuffer& b, uint16_t& data_reference_index) {
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 6));
  return b.rw_u16(data_reference_index);
}
}  // namespace

Status VisualSampleEntry::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(rw_sample_entry_header(b, data_reference_index));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 16));  // pre_defined, reserved, pre_defined[3]
  SF_RETURN_IF_ERROR(b.rw_u16(width));
  SF_RETURN_IF_ERROR(b.rw_u16(height));
  SF_RETURN_IF_ERROR(b.rw_u32(horiz_resolution));
  SF_RETURN_IF_ERROR(b.rw_u32(vert_resolution));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 4));
  SF_RETURN_IF_ERROR(b.rw_u16(frame_count));
  // compressorname: a length byte, the name, zero padding to 32 bytes.
  if (b.writing() && compressor_name.size() > 31) return b.invalid("compressor_name longer than 31 bytes");
  std::array<uint8_t, 32> name{};
  if (b.writing()) {
    name[0] = static_cast<uint8_t>(compressor_name.size());
    std::copy(compressor_name.begin(), compressor_name.end(), name.begin() + 1);
  }
  SF_RETURN_IF_ERROR(b.rw_array(name));
  compressor_name.assign(reinterpret_cast<const char*>(name.data() + 1), std::min<size_t>(name[0], 31));
  SF_RETURN_IF_ERROR(b.rw_u16(depth));
  SF_RETURN_IF_ERROR(b.rw_reserved(0xffff, 2));  // pre_defined = -1
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(avcc));
  SF_RETURN_IF_ERROR(b.rw_optional_child(hvcc));
  SF_RETURN_IF_ERROR(b.rw_optional_child(vpcc));
  SF_RETURN_IF_ERROR(b.rw_optional_child(av1c));
  SF_RETURN_IF_ERROR(b.rw_optional_child(colr));
  SF_RETURN_IF_ERROR(b.rw_optional_child(pasp));
  SF_RETURN_IF_ERROR(b.rw_optional_child(mdcv));
  SF_RETURN_IF_ERROR(b.rw_optional_child(clli));
  SF_RETURN_IF_ERROR(b.rw_optional_child(btrt));
  SF_RETURN_IF_ERROR(b.rw_optional_child(sinf));
  return b.rw_unknown_children(unknown);
}

Status AudioSampleEntry::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(rw_sample_entry_header(b, data_reference_index));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 8));  // reserved[2] (the QuickTime version lives here)
  SF_RETURN_IF_ERROR(b.rw_u16(channel_count));
  SF_RETURN_IF_ERROR(b.rw_u16(sample_size));
  SF_RETURN_IF_ERROR(b.rw_reserved(0, 4));  // pre_defined, reserved
  SF_RETURN_IF_ERROR(b.rw_u32(sample_rate));
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_optional_child(esds));
  SF_RETURN_IF_ERROR(b.rw_optional_child(dops));
  SF_RETURN_IF_ERROR(b.rw_optional_child(btrt));
  SF_RETURN_IF_ERROR(b.rw_optional_child(sinf));
  return b.rw_unknown_children(unknown);
}

Status WebVttSampleEntry::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(rw_sample_entry_header(b, data_reference_index));
  SF_RETURN_IF_ERROR(b.scan_children());
  SF_RETURN_IF_ERROR(b.rw_child(config));
  SF_RETURN_IF_ERROR(b.rw_optional_child(label));
  SF_RETURN_IF_ERROR(b.rw_optional_child(btrt));
  return b.rw_unknown_children(unknown);
}

FourCC sample_entry_type(const SampleEntry& entry) {
  return std::visit([](const auto& e) { return box_type_of(e); }, entry);
}

Status SampleDescriptionBox::read_write(BoxBuffer& b) {
  SF_RETURN_IF_ERROR(b.rw_full_box_header(version, flags));
  if (b.writing()) {
    if (entries.size() > UINT32_MAX) return b.invalid("too many sample entries");
    auto count = static_cast<uint32_t>(entries.size());
    SF_RETURN_IF_ERROR(b.rw_u32(count));
    for (SampleEntry& entry : entries) {
      SF_RETURN_IF_ERROR(std::visit([&](auto& e) { return b.write_child(e); }, entry));
    }
    return OkStatus();
  }
  uint32_t count = 0;
  SF_RETURN_IF_ERROR(b.rw_u32(count));
  SF_RETURN_IF_ERROR(b.scan_children());
  if (count > b.children().size()) {
    return b.corrupt("entry_count " + std::to_string(count) + " but " + std::to_string(b.children().size()) +
                     " sample entries");
  }
  entries.clear();
  for (size_t i = 0; i < count; ++i) {
    const FourCC t = b.children()[i].header.type;
    if (VisualSampleEntry::accepts(t)) {
      entries.emplace_back(VisualSampleEntry{});
      SF_RETURN_IF_ERROR(b.read_child(i, std::get<VisualSampleEntry>(entries.back())));
    } else if (AudioSampleEntry::accepts(t)) {
      entries.emplace_back(AudioSampleEntry{});
      SF_RETURN_IF_ERROR(b.read_child(i, std::get<AudioSampleEntry>(entries.back())));
    } else if (t == WebVttSampleEntry::kType) {
      entries.emplace_back(WebVttSampleEntry{});
      SF_RETURN_IF_ERROR(b.read_child(i, std::get<WebVttSampleEntry>(entries.back())));
    } else {
      entries.emplace_back(RawBox{});
      SF_RETURN_IF_ERROR(b.read_child(i, std::get<RawBox>(entries.back())));
    }
  }
  return OkStatus();
}

}  // namespace streamforge::mp4

// Sample descriptions: 'stsd' and the sample entries streamforge writes and reads, with their
// codec configuration and colour boxes.
//   ISO/IEC 14496-12 §8.5.2 (stsd, SampleEntry, btrt), §12.1 (VisualSampleEntry, pasp, colr, and
//     in the 2022 edition clli/mdcv), §12.2 (AudioSampleEntry)
//   ISO/IEC 14496-15 §5.4.2 (avc1/avc3 + avcC), §8.4.1 (hvc1/hev1 + hvcC)
//   VP Codec ISO Media File Format Binding §2.2 (vp09 + vpcC), AV1-ISOBMFF §2.2/§2.3 (av01 + av1C)
//   ISO/IEC 14496-14 §3.1.2 (esds) with ISO/IEC 14496-1 §7.2.6 descriptors
//   Encapsulation of Opus in ISOBMFF §4.3 (Opus + dOps); ISO/IEC 14496-30 §7.5 (wvtt + vttC)
// Codec configuration records are kept as their bytes here; media/ parses and builds them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/status.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/fourcc.h"
#include "streamforge/mp4/protection_boxes.h"

namespace streamforge::mp4 {

// A box whose whole payload is an opaque record (a codec configuration record body).
template <uint32_t kTypeValue>
struct OpaquePayloadBox {
  static constexpr FourCC kType{kTypeValue};
  ByteBuffer data;

  Status read_write(BoxBuffer& b) { return b.rw_bytes_to_end(data); }
  friend bool operator==(const OpaquePayloadBox&, const OpaquePayloadBox&) = default;
};

// 14496-15 §5.3.3.1: the AVCDecoderConfigurationRecord (AvcDecoderConfigurationRecord::serialize()).
using AvcConfigurationBox = OpaquePayloadBox<FourCC("avcC").value>;
// 14496-15 §8.3.3.1: the HEVCDecoderConfigurationRecord.
using HevcConfigurationBox = OpaquePayloadBox<FourCC("hvcC").value>;
// AV1-ISOBMFF §2.3.3: the AV1CodecConfigurationRecord.
using Av1ConfigurationBox = OpaquePayloadBox<FourCC("av1C").value>;
// Opus in ISOBMFF §4.3.2: the OpusSpecificBox payload (OpusHead::serialize_dops()).
using OpusSpecificBox = OpaquePayloadBox<FourCC("dOps").value>;

// VP binding §2.2 VPCodecConfigurationBox 'vpcC': a FullBox (version 1) around the record.
// StreamInfo::extradata for VP9 is the whole payload (version, flags, record).
struct VpCodecConfigurationBox {
  static constexpr FourCC kType{"vpcC"};
  uint8_t version = 1;
  uint32_t flags = 0;
  ByteBuffer record;  // the VPCodecConfigurationRecord after version and flags

  Status read_write(BoxBuffer& b);
  friend bool operator==(const VpCodecConfigurationBox&, const VpCodecConfigurationBox&) = default;
};

// 14496-12 §8.5.2.2 BitRateBox 'btrt'.
struct BitRateBox {
  static constexpr FourCC kType{"btrt"};
  uint32_t buffer_size_db = 0;
  uint32_t max_bitrate = 0;  // bits per second
  uint32_t avg_bitrate = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const BitRateBox&, const BitRateBox&) = default;
};

// 14496-12 §12.1.4 PixelAspectRatioBox 'pasp'.
struct PixelAspectRatioBox {
  static constexpr FourCC kType{"pasp"};
  uint32_t h_spacing = 1;
  uint32_t v_spacing = 1;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const PixelAspectRatioBox&, const PixelAspectRatioBox&) = default;
};

// 14496-12 §12.1.5 ColourInformationBox 'colr'. 'nclx' carries ISO/IEC 23091-2 code points and the
// range flag; 'nclc' (QuickTime) the code points only; 'rICC'/'prof' an ICC profile; any other
// colour_type keeps its payload in `icc_profile`.
struct ColourInformationBox {
  static constexpr FourCC kType{"colr"};
  FourCC colour_type{"nclx"};
  uint16_t colour_primaries = 2;  // 2: unspecified
  uint16_t transfer_characteristics = 2;
  uint16_t matrix_coefficients = 2;
  bool full_range = false;
  ByteBuffer icc_profile;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ColourInformationBox&, const ColourInformationBox&) = default;
};

// 14496-12:2022 §12.1.7 MasteringDisplayColourVolumeBox 'mdcv' (SMPTE ST 2086 values, as in the
// H.265 mastering display colour volume SEI: chromaticities in 0.00002 units, luminance in
// 0.0001 cd/m2).
struct MasteringDisplayColourVolumeBox {
  static constexpr FourCC kType{"mdcv"};
  std::array<uint16_t, 3> display_primaries_x{};
  std::array<uint16_t, 3> display_primaries_y{};
  uint16_t white_point_x = 0;
  uint16_t white_point_y = 0;
  uint32_t max_display_mastering_luminance = 0;
  uint32_t min_display_mastering_luminance = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const MasteringDisplayColourVolumeBox&, const MasteringDisplayColourVolumeBox&) = default;
};

// 14496-12:2022 §12.1 ContentLightLevelBox 'clli' (CTA-861.3 MaxCLL / MaxFALL, cd/m2).
struct ContentLightLevelBox {
  static constexpr FourCC kType{"clli"};
  uint16_t max_content_light_level = 0;
  uint16_t max_pic_average_light_level = 0;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ContentLightLevelBox&, const ContentLightLevelBox&) = default;
};

// 14496-14 §3.1.2 ESDBox 'esds': one ES_Descriptor (14496-1 §7.2.6.5) holding a
// DecoderConfigDescriptor (§7.2.6.6) with the DecoderSpecificInfo (the AudioSpecificConfig for AAC)
// and an SLConfigDescriptor. Descriptor lengths are written in the 4-byte form (0x80 0x80 0x80 n)
// and read in any form.
struct ElementaryStreamDescriptorBox {
  static constexpr FourCC kType{"esds"};
  uint8_t version = 0;
  uint32_t flags = 0;
  uint16_t es_id = 0;
  uint8_t stream_priority = 0;             // 5 bits
  uint8_t object_type_indication = 0x40;   // 14496-1 Table 5: 0x40 = Audio ISO/IEC 14496-3 (AAC)
  uint8_t stream_type = 0x05;              // 6 bits, Table 6: 0x05 = AudioStream
  uint32_t buffer_size_db = 0;             // 24 bits
  uint32_t max_bitrate = 0;
  uint32_t avg_bitrate = 0;
  ByteBuffer decoder_specific_info;        // empty: no DecoderSpecificInfo

  Status read_write(BoxBuffer& b);
  friend bool operator==(const ElementaryStreamDescriptorBox&, const ElementaryStreamDescriptorBox&) = default;
};

// 14496-30 §7.5 WebVTTConfigurationBox 'vttC' and WebVTTSourceLabelBox 'vlab' (boxstrings).
struct WebVttConfigurationBox {
  static constexpr FourCC kType{"vttC"};
  std::string config = "WEBVTT";  // the WebVTT file header (text before the first cue)

  Status read_write(BoxBuffer& b) { return b.rw_string_to_end(config); }
  friend bool operator==(const WebVttConfigurationBox&, const WebVttConfigurationBox&) = default;
};
struct WebVttSourceLabelBox {
  static constexpr FourCC kType{"vlab"};
  std::string source_label;

  Status read_write(BoxBuffer& b) { return b.rw_string_to_end(source_label); }
  friend bool operator==(const WebVttSourceLabelBox&, const WebVttSourceLabelBox&) = default;
};

// 14496-12 §12.1.3 VisualSampleEntry: avc1, avc3, hvc1, hev1, vp09, av01, and encv (an encrypted
// one: the original type is in sinf/frma).
struct VisualSampleEntry {
  FourCC type{"avc1"};
  uint16_t data_reference_index = 1;
  uint16_t width = 0;
  uint16_t height = 0;
  uint32_t horiz_resolution = 0x00480000;  // 72 dpi, 16.16
  uint32_t vert_resolution = 0x00480000;
  uint16_t frame_count = 1;
  std::string compressor_name;  // at most 31 bytes (a Pascal string in a 32-byte field)
  uint16_t depth = 0x0018;
  std::optional<AvcConfigurationBox> avcc;
  std::optional<HevcConfigurationBox> hvcc;
  std::optional<VpCodecConfigurationBox> vpcc;
  std::optional<Av1ConfigurationBox> av1c;
  std::optional<ColourInformationBox> colr;
  std::optional<PixelAspectRatioBox> pasp;
  std::optional<MasteringDisplayColourVolumeBox> mdcv;
  std::optional<ContentLightLevelBox> clli;
  std::optional<BitRateBox> btrt;
  std::optional<ProtectionSchemeInfoBox> sinf;
  std::vector<RawBox> unknown;

  static bool accepts(FourCC t);
  Status read_write(BoxBuffer& b);
  friend bool operator==(const VisualSampleEntry&, const VisualSampleEntry&) = default;
};

// 14496-12 §12.2.3 AudioSampleEntry (version 0): mp4a, Opus, and enca.
struct AudioSampleEntry {
  FourCC type{"mp4a"};
  uint16_t data_reference_index = 1;
  uint16_t channel_count = 2;
  uint16_t sample_size = 16;
  uint32_t sample_rate = 0;  // 16.16 fixed point: rate << 16 (rates above 65535 do not fit)
  std::optional<ElementaryStreamDescriptorBox> esds;
  std::optional<OpusSpecificBox> dops;
  std::optional<BitRateBox> btrt;
  std::optional<ProtectionSchemeInfoBox> sinf;
  std::vector<RawBox> unknown;

  static bool accepts(FourCC t);
  Status read_write(BoxBuffer& b);
  friend bool operator==(const AudioSampleEntry&, const AudioSampleEntry&) = default;
};

// 14496-30 §7.5 WVTTSampleEntry 'wvtt' (a PlainTextSampleEntry).
struct WebVttSampleEntry {
  static constexpr FourCC kType{"wvtt"};
  uint16_t data_reference_index = 1;
  WebVttConfigurationBox config;
  std::optional<WebVttSourceLabelBox> label;
  std::optional<BitRateBox> btrt;
  std::vector<RawBox> unknown;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const WebVttSampleEntry&, const WebVttSampleEntry&) = default;
};

// One entry of 'stsd'; types this library does not model stay raw.
using SampleEntry = std::variant<VisualSampleEntry, AudioSampleEntry, WebVttSampleEntry, RawBox>;

FourCC sample_entry_type(const SampleEntry& entry);

// 14496-12 §8.5.2 SampleDescriptionBox 'stsd'.
struct SampleDescriptionBox {
  static constexpr FourCC kType{"stsd"};
  uint8_t version = 0;
  uint32_t flags = 0;
  std::vector<SampleEntry> entries;

  Status read_write(BoxBuffer& b);
  friend bool operator==(const SampleDescriptionBox&, const SampleDescriptionBox&) = default;
};

}  // namespace streamforge::mp4

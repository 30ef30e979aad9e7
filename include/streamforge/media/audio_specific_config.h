// AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) for the AAC family: the 'esds' DecoderSpecificInfo
// of MP4 and what StreamInfo::extradata holds for AAC streams.
//
// Supported: the GASpecificConfig object types (1-4, 6, 7, 17, 19-23) including the program config
// element, escape object types (>= 32), explicit 24-bit sampling frequencies, and both ways of
// signalling SBR/PS (HE-AAC v1/v2): hierarchical (object type 5/29 first) and backward-compatible
// (sync extensions 0x2b7/0x548 after the core config). Other object types (ELD, USAC, ALS, ...) and
// error-protection configs (epConfig 2/3) parse as Unimplemented.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"

namespace streamforge {

// §4.4.1.1 program_config_element(): the channel layout when channelConfiguration is 0.
struct AacProgramConfigElement {
  struct Element {
    bool is_cpe = false;  // channel pair (2 channels) or single channel; for CC: cc_element_is_ind_sw
    uint8_t tag = 0;      // 4 bits
    friend bool operator==(const Element&, const Element&) = default;
  };
  uint8_t element_instance_tag = 0;  // 4 bits
  uint8_t object_type = 1;           // 2 bits: audioObjectType - 1
  uint8_t sampling_frequency_index = 0;
  std::vector<Element> front, side, back;  // at most 15 each
  std::vector<uint8_t> lfe;                // tags; at most 3
  std::vector<uint8_t> assoc_data;         // tags; at most 7
  std::vector<Element> cc;                 // at most 15
  std::optional<uint8_t> mono_mixdown_element_number;
  std::optional<uint8_t> stereo_mixdown_element_number;
  std::optional<uint8_t> matrix_mixdown_idx;  // 2 bits, with pseudo_surround_enable
  bool pseudo_surround_enable = false;
  ByteBuffer comment;  // comment_field_data, at most 255 bytes

  // Channels of the front, side, back and LFE elements.
  int channel_count() const;

  friend bool operator==(const AacProgramConfigElement&, const AacProgramConfigElement&) = default;
};

struct AudioSpecificConfig {
  static constexpr uint8_t kAacMain = 1;
  static constexpr uint8_t kAacLc = 2;
  static constexpr uint8_t kSbr = 5;   // HE-AAC
  static constexpr uint8_t kPs = 29;   // HE-AAC v2
  static constexpr uint8_t kErBsac = 22;

  enum class SbrSignalling : uint8_t {
    kNone,                // implicit: a decoder may still find SBR data in the stream
    kHierarchical,        // audioObjectType 5 or 29 first, then the core object type
    kBackwardCompatible,  // syncExtensionType 0x2b7 after the core config
  };

  // The core object type: 2 for AAC LC, also when HE-AAC is signalled hierarchically.
  uint8_t audio_object_type = kAacLc;
  uint8_t sampling_frequency_index = 3;  // Table 1.18; 15: explicit sampling_frequency
  uint32_t sampling_frequency = 48000;   // of the core; parse fills it in from the table too
  uint8_t channel_configuration = 2;     // Table 1.19; 0: program_config_element

  SbrSignalling sbr_signalling = SbrSignalling::kNone;
  uint8_t extension_audio_object_type = 0;  // 5 (SBR) or 22 (BSAC) when signalled
  int8_t sbr_present_flag = -1;             // -1 not signalled, 0, 1 (§1.6.2.1 semantics)
  int8_t ps_present_flag = -1;
  uint8_t extension_sampling_frequency_index = 0;  // when sbr_present_flag is 1
  uint32_t extension_sampling_frequency = 0;
  uint8_t extension_channel_configuration = 0;     // BSAC only

  // §4.4.1 GASpecificConfig()
  bool frame_length_flag = false;  // 1: 960-sample frames
  bool depends_on_core_coder = false;
  uint16_t core_coder_delay = 0;   // 14 bits
  bool extension_flag = false;
  std::optional<AacProgramConfigElement> program_config_element;  // when channel_configuration == 0
  uint8_t layer_nr = 0;            // object types 6 and 20
  uint8_t num_of_sub_frame = 0;    // BSAC, with extension_flag
  uint16_t layer_length = 0;
  bool aac_section_data_resilience_flag = false;  // ER AAC, with extension_flag
  bool aac_scalefactor_data_resilience_flag = false;
  bool aac_spectral_data_resilience_flag = false;
  bool extension_flag3 = false;
  uint8_t ep_config = 0;  // ER object types only; 0 or 1 supported

  // DataLoss on truncation or reserved values; Unimplemented for unsupported object types. Bits
  // after the last field (alignment, unknown extensions) are ignored.
  static Result<AudioSpecificConfig> parse(ByteView data);
  // InvalidArgument when a field does not fit its width.
  Result<ByteBuffer> serialize() const;

  // Sampling rate of the core decoder (AAC), and of the output (doubled by SBR when present).
  uint32_t core_sample_rate() const { return sampling_frequency; }
  uint32_t output_sample_rate() const { return sbr_present_flag == 1 ? extension_sampling_frequency : sampling_frequency; }
  // Output channels: from channel_configuration or the PCE; parametric stereo makes mono stereo.
  // 0 when unknown (a reserved configuration).
  int channel_count() const;
  // The object type named in an RFC 6381 "mp4a.40.N" string: 29 when PS is signalled, 5 when SBR
  // is, the core object type otherwise (the convention of Shaka Packager and hls.js).
  uint8_t signalled_object_type() const;

  friend bool operator==(const AudioSpecificConfig&, const AudioSpecificConfig&) = default;
};

// Table 1.18: sampling frequency of an index, 0 for 13..15.
uint32_t aac_sampling_frequency(uint8_t index);

}  // namespace streamforge

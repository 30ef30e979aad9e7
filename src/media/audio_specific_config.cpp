#include "streamforge/media/audio_specific_config.h"

#include <string>

#include "streamforge/media/bit_reader.h"
#include "streamforge/media/bit_writer.h"

namespace streamforge {
namespace {

constexpr uint32_t kSyncExtensionSbr = 0x2b7;  // §1.6.2.1 syncExtensionType before extensionAudioObjectType
constexpr uint32_t kSyncExtensionPs = 0x548;   // before psPresentFlag
constexpr uint8_t kEscapeObjectType = 31;
constexpr uint8_t kExplicitFrequency = 15;

// Table 1.18
constexpr uint32_t kSamplingFrequencies[13] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                               22050, 16000, 12000, 11025, 8000,  7350};

// Object types whose specific config is GASpecificConfig() (§1.6.2.1 switch).
bool uses_ga_specific_config(uint8_t aot) {
  switch (aot) {
    case 1: case 2: case 3: case 4: case 6: case 7: case 17: case 19: case 20: case 21: case 22: case 23:
      return true;
    default:
      return false;
  }
}

// Error-resilient object types, followed by epConfig (restricted to the GA ones above).
bool has_ep_config(uint8_t aot) { return aot == 17 || (aot >= 19 && aot <= 23); }

// §1.6.2.1 GetAudioObjectType()
Result<uint8_t> read_object_type(BitReader& r, std::string_view field) {
  SF_ASSIGN_OR_RETURN(uint8_t aot, r.read<uint8_t>(5, field));
  if (aot != kEscapeObjectType) return aot;
  SF_ASSIGN_OR_RETURN(uint8_t ext, r.read<uint8_t>(6, "audioObjectTypeExt"));
  return static_cast<uint8_t>(32 + ext);
}

Status write_object_type(BitWriter& w, uint8_t aot) {
  if (aot == kEscapeObjectType || aot > 95) {
    return InvalidArgumentError("AudioSpecificConfig: audio object type " + std::to_string(aot) + " cannot be coded");
  }
  if (aot < kEscapeObjectType) {
    w.write_bits(aot, 5);
  } else {
    w.write_bits(kEscapeObjectType, 5);
    w.write_bits(aot - 32u, 6);
  }
  return OkStatus();
}

Status read_frequency(BitReader& r, std::string_view index_field, uint8_t& index, uint32_t& frequency) {
  SF_ASSIGN_OR_RETURN(index, r.read<uint8_t>(4, index_field));
  if (index == kExplicitFrequency) {
    SF_ASSIGN_OR_RETURN(frequency, r.read<uint32_t>(24, "samplingFrequency"));
    if (frequency == 0) return r.corrupt("explicit samplingFrequency is 0");
    return OkStatus();
  }
  frequency = aac_sampling_frequency(index);
  if (frequency == 0) return r.corrupt(std::string(index_field) + " " + std::to_string(index) + " is reserved");
  return OkStatus();
}

Status write_frequency(BitWriter& w, uint8_t index, uint32_t frequency) {
  if (index > kExplicitFrequency) return InvalidArgumentError("AudioSpecificConfig: sampling frequency index above 15");
  w.write_bits(index, 4);
  if (index == kExplicitFrequency) {
    if (frequency == 0 || frequency > 0xffffff) {
      return InvalidArgumentError("AudioSpecificConfig: explicit sampling frequency must be in [1, 2^24)");
    }
    w.write_bits(frequency, 24);
  }
  return OkStatus();
}

Status read_elements(BitReader& r, size_t count, bool with_flag, std::vector<AacProgramConfigElement::Element>& out) {
  out.resize(count);
  for (auto& e : out) {
    if (with_flag) {
      SF_ASSIGN_OR_RETURN(e.is_cpe, r.read_flag("element_is_cpe"));
    }
    SF_ASSIGN_OR_RETURN(e.tag, r.read<uint8_t>(4, "element_tag_select"));
  }
  return OkStatus();
}

// §4.4.1.1 program_config_element(); byte_alignment() is relative to the start of the ASC, which is
// where the reader started.
Status parse_pce(BitReader& r, AacProgramConfigElement& pce) {
  SF_ASSIGN_OR_RETURN(pce.element_instance_tag, r.read<uint8_t>(4, "element_instance_tag"));
  SF_ASSIGN_OR_RETURN(pce.object_type, r.read<uint8_t>(2, "object_type"));
  SF_ASSIGN_OR_RETURN(pce.sampling_frequency_index, r.read<uint8_t>(4, "sampling_frequency_index"));
  SF_ASSIGN_OR_RETURN(uint8_t num_front, r.read<uint8_t>(4, "num_front_channel_elements"));
  SF_ASSIGN_OR_RETURN(uint8_t num_side, r.read<uint8_t>(4, "num_side_channel_elements"));
  SF_ASSIGN_OR_RETURN(uint8_t num_back, r.read<uint8_t>(4, "num_back_channel_elements"));
  SF_ASSIGN_OR_RETURN(uint8_t num_lfe, r.read<uint8_t>(2, "num_lfe_channel_elements"));
  SF_ASSIGN_OR_RETURN(uint8_t num_assoc, r.read<uint8_t>(3, "num_assoc_data_elements"));
  SF_ASSIGN_OR_RETURN(uint8_t num_cc, r.read<uint8_t>(4, "num_valid_cc_elements"));
  SF_ASSIGN_OR_RETURN(bool mono_mixdown, r.read_flag("mono_mixdown_present"));
  if (mono_mixdown) {
    SF_ASSIGN_OR_RETURN(pce.mono_mixdown_element_number, r.read<uint8_t>(4, "mono_mixdown_element_number"));
  }
  SF_ASSIGN_OR_RETURN(bool stereo_mixdown, r.read_flag("stereo_mixdown_present"));
  if (stereo_mixdown) {
    SF_ASSIGN_OR_RETURN(pce.stereo_mixdown_element_number, r.read<uint8_t>(4, "stereo_mixdown_element_number"));
  }
  SF_ASSIGN_OR_RETURN(bool matrix_mixdown, r.read_flag("matrix_mixdown_idx_present"));
  if (matrix_mixdown) {
    SF_ASSIGN_OR_RETURN(pce.matrix_mixdown_idx, r.read<uint8_t>(2, "matrix_mixdown_idx"));
    SF_ASSIGN_OR_RETURN(pce.pseudo_surround_enable, r.read_flag("pseudo_surround_enable"));
  }
  SF_RETURN_IF_ERROR(read_elements(r, num_front, true, pce.front));
  SF_RETURN_IF_ERROR(read_elements(r, num_side, true, pce.side));
  SF_RETURN_IF_ERROR(read_elements(r, num_back, true, pce.back));
  pce.lfe.resize(num_lfe);
  for (auto& tag : pce.lfe) {
    SF_ASSIGN_OR_RETURN(tag, r.read<uint8_t>(4, "lfe_element_tag_select"));
  }
  pce.assoc_data.resize(num_assoc);
  for (auto& tag : pce.assoc_data) {
    SF_ASSIGN_OR_RETURN(tag, r.read<uint8_t>(4, "assoc_data_element_tag_select"));
  }
  SF_RETURN_IF_ERROR(read_elements(r, num_cc, true, pce.cc));
  r.byte_align();
  SF_ASSIGN_OR_RETURN(uint8_t comment_bytes, r.read<uint8_t>(8, "comment_field_bytes"));
  if (comment_bytes > r.bytes_left()) {
    return r.corrupt("comment_field_bytes " + std::to_string(comment_bytes) + " exceeds the " +
                     std::to_string(r.bytes_left()) + " bytes left");
  }
  pce.comment = ByteBuffer(r.remaining_bytes().first(comment_bytes));
  return r.skip_bits(uint64_t{comment_bytes} * 8);
}

Status write_pce(BitWriter& w, const AacProgramConfigElement& pce) {
  auto fits = [](size_t n, size_t max) { return n <= max; };
  if (!fits(pce.front.size(), 15) || !fits(pce.side.size(), 15) || !fits(pce.back.size(), 15) ||
      !fits(pce.lfe.size(), 3) || !fits(pce.assoc_data.size(), 7) || !fits(pce.cc.size(), 15) ||
      !fits(pce.comment.size(), 255)) {
    return InvalidArgumentError("AudioSpecificConfig: program_config_element has more elements than its counts allow");
  }
  w.write_bits(pce.element_instance_tag, 4);
  w.write_bits(pce.object_type, 2);
  w.write_bits(pce.sampling_frequency_index, 4);
  w.write_bits(pce.front.size(), 4);
  w.write_bits(pce.side.size(), 4);
  w.write_bits(pce.back.size(), 4);
  w.write_bits(pce.lfe.size(), 2);
  w.write_bits(pce.assoc_data.size(), 3);
  w.write_bits(pce.cc.size(), 4);
  w.write_flag(pce.mono_mixdown_element_number.has_value());
  if (pce.mono_mixdown_element_number) w.write_bits(*pce.mono_mixdown_element_number, 4);
  w.write_flag(pce.stereo_mixdown_element_number.has_value());
  if (pce.stereo_mixdown_element_number) w.write_bits(*pce.stereo_mixdown_element_number, 4);
  w.write_flag(pce.matrix_mixdown_idx.has_value());
  if (pce.matrix_mixdown_idx) {
    w.write_bits(*pce.matrix_mixdown_idx, 2);
    w.write_flag(pce.pseudo_surround_enable);
  }
  for (const auto* list : {&pce.front, &pce.side, &pce.back}) {
    for (const auto& e : *list) {
      w.write_flag(e.is_cpe);
      w.write_bits(e.tag, 4);
    }
  }
  for (uint8_t tag : pce.lfe) w.write_bits(tag, 4);
  for (uint8_t tag : pce.assoc_data) w.write_bits(tag, 4);
  for (const auto& e : pce.cc) {
    w.write_flag(e.is_cpe);
    w.write_bits(e.tag, 4);
  }
  w.align_zero();
  w.write_bits(pce.comment.size(), 8);
  w.write_bytes(pce.comment);
  return OkStatus();
}

// §4.4.1 GASpecificConfig()
Status parse_ga_specific_config(BitReader& r, AudioSpecificConfig& asc) {
  SF_ASSIGN_OR_RETURN(asc.frame_length_flag, r.read_flag("frameLengthFlag"));
  SF_ASSIGN_OR_RETURN(asc.depends_on_core_coder, r.read_flag("dependsOnCoreCoder"));
  if (asc.depends_on_core_coder) {
    SF_ASSIGN_OR_RETURN(asc.core_coder_delay, r.read<uint16_t>(14, "coreCoderDelay"));
  }
  SF_ASSIGN_OR_RETURN(asc.extension_flag, r.read_flag("extensionFlag"));
  if (asc.channel_configuration == 0) {
    AacProgramConfigElement pce;
    SF_RETURN_IF_ERROR(parse_pce(r, pce));
    asc.program_config_element = std::move(pce);
  }
  const uint8_t aot = asc.audio_object_type;
  if (aot == 6 || aot == 20) {
    SF_ASSIGN_OR_RETURN(asc.layer_nr, r.read<uint8_t>(3, "layerNr"));
  }
  if (asc.extension_flag) {
    if (aot == AudioSpecificConfig::kErBsac) {
      SF_ASSIGN_OR_RETURN(asc.num_of_sub_frame, r.read<uint8_t>(5, "numOfSubFrame"));
      SF_ASSIGN_OR_RETURN(asc.layer_length, r.read<uint16_t>(11, "layer_length"));
    }
    if (aot == 17 || aot == 19 || aot == 20 || aot == 23) {
      SF_ASSIGN_OR_RETURN(asc.aac_section_data_resilience_flag, r.read_flag("aacSectionDataResilienceFlag"));
      SF_ASSIGN_OR_RETURN(asc.aac_scalefactor_data_resilience_flag, r.read_flag("aacScalefactorDataResilienceFlag"));
      SF_ASSIGN_OR_RETURN(asc.aac_spectral_data_resilience_flag, r.read_flag("aacSpectralDataResilienceFlag"));
    }
    SF_ASSIGN_OR_RETURN(asc.extension_flag3, r.read_flag("extensionFlag3"));
  }
  return OkStatus();
}

Status write_ga_specific_config(BitWriter& w, const AudioSpecificConfig& asc) {
  w.write_flag(asc.frame_length_flag);
  w.write_flag(asc.depends_on_core_coder);
  if (asc.depends_on_core_coder) w.write_bits(asc.core_coder_delay, 14);
  w.write_flag(asc.extension_flag);
  if (asc.channel_configuration == 0) {
    if (!asc.program_config_element) {
      return InvalidArgumentError("AudioSpecificConfig: channel_configuration 0 needs a program_config_element");
    }
    SF_RETURN_IF_ERROR(write_pce(w, *asc.program_config_element));
  }
  const uint8_t aot = asc.audio_object_type;
  if (aot == 6 || aot == 20) w.write_bits(asc.layer_nr, 3);
  if (asc.extension_flag) {
    if (aot == AudioSpecificConfig::kErBsac) {
      w.write_bits(asc.num_of_sub_frame, 5);
      w.write_bits(asc.layer_length, 11);
    }
    if (aot == 17 || aot == 19 || aot == 20 || aot == 23) {
      w.write_flag(asc.aac_section_data_resilience_flag);
      w.write_flag(asc.aac_scalefactor_data_resilience_flag);
      w.write_flag(asc.aac_spectral_data_resilience_flag);
    }
    w.write_flag(asc.extension_flag3);
  }
  return OkStatus();
}

// The backward-compatible SBR/PS signalling after the core config (§1.6.2.1, syncExtensionType).
Status parse_sync_extension(BitReader& r, AudioSpecificConfig& asc) {
  SF_ASSIGN_OR_RETURN(uint32_t sync, r.read<uint32_t>(11, "syncExtensionType"));
  if (sync != kSyncExtensionSbr) return OkStatus();  // not an extension: trailing bits, ignored
  asc.sbr_signalling = AudioSpecificConfig::SbrSignalling::kBackwardCompatible;
  SF_ASSIGN_OR_RETURN(asc.extension_audio_object_type, read_object_type(r, "extensionAudioObjectType"));
  if (asc.extension_audio_object_type == AudioSpecificConfig::kSbr) {
    SF_ASSIGN_OR_RETURN(bool sbr, r.read_flag("sbrPresentFlag"));
    asc.sbr_present_flag = sbr ? 1 : 0;
    if (sbr) {
      SF_RETURN_IF_ERROR(read_frequency(r, "extensionSamplingFrequencyIndex", asc.extension_sampling_frequency_index,
                                        asc.extension_sampling_frequency));
      if (r.bits_left() >= 12) {
        SF_ASSIGN_OR_RETURN(uint32_t ps_sync, r.read<uint32_t>(11, "syncExtensionType"));
        if (ps_sync == kSyncExtensionPs) {
          SF_ASSIGN_OR_RETURN(bool ps, r.read_flag("psPresentFlag"));
          asc.ps_present_flag = ps ? 1 : 0;
        }
      }
    }
  } else if (asc.extension_audio_object_type == AudioSpecificConfig::kErBsac) {
    SF_ASSIGN_OR_RETURN(bool sbr, r.read_flag("sbrPresentFlag"));
    asc.sbr_present_flag = sbr ? 1 : 0;
    if (sbr) {
      SF_RETURN_IF_ERROR(read_frequency(r, "extensionSamplingFrequencyIndex", asc.extension_sampling_frequency_index,
                                        asc.extension_sampling_frequency));
    }
    SF_ASSIGN_OR_RETURN(asc.extension_channel_configuration, r.read<uint8_t>(4, "extensionChannelConfiguration"));
  }
  return OkStatus();
}

Status write_sync_extension(BitWriter& w, const AudioSpecificConfig& asc) {
  w.write_bits(kSyncExtensionSbr, 11);
  SF_RETURN_IF_ERROR(write_object_type(w, asc.extension_audio_object_type));
  if (asc.extension_audio_object_type == AudioSpecificConfig::kSbr) {
    w.write_flag(asc.sbr_present_flag == 1);
    if (asc.sbr_present_flag == 1) {
      SF_RETURN_IF_ERROR(write_frequency(w, asc.extension_sampling_frequency_index, asc.extension_sampling_frequency));
      if (asc.ps_present_flag != -1) {
        w.write_bits(kSyncExtensionPs, 11);
        w.write_flag(asc.ps_present_flag == 1);
      }
    }
  } else if (asc.extension_audio_object_type == AudioSpecificConfig::kErBsac) {
    w.write_flag(asc.sbr_present_flag == 1);
    if (asc.sbr_present_flag == 1) {
      SF_RETURN_IF_ERROR(write_frequency(w, asc.extension_sampling_frequency_index, asc.extension_sampling_frequency));
    }
    w.write_bits(asc.extension_channel_configuration, 4);
  }
  return OkStatus();
}

}  // namespace

uint32_t aac_sampling_frequency(uint8_t index) { return index < 13 ? kSamplingFrequencies[index] : 0; }

int AacProgramConfigElement::channel_count() const {
  int n = static_cast<int>(lfe.size());
  for (const auto* list : {&front, &side, &back}) {
    for (const Element& e : *list) n += e.is_cpe ? 2 : 1;
  }
  return n;
}

Result<AudioSpecificConfig> AudioSpecificConfig::parse(ByteView data) {
  BitReader r(data, "AudioSpecificConfig");
  AudioSpecificConfig asc;
  SF_ASSIGN_OR_RETURN(uint8_t aot, read_object_type(r, "audioObjectType"));
  SF_RETURN_IF_ERROR(read_frequency(r, "samplingFrequencyIndex", asc.sampling_frequency_index, asc.sampling_frequency));
  SF_ASSIGN_OR_RETURN(asc.channel_configuration, r.read<uint8_t>(4, "channelConfiguration"));
  if (aot == kSbr || aot == kPs) {
    asc.sbr_signalling = SbrSignalling::kHierarchical;
    asc.extension_audio_object_type = kSbr;
    asc.sbr_present_flag = 1;
    if (aot == kPs) asc.ps_present_flag = 1;
    SF_RETURN_IF_ERROR(read_frequency(r, "extensionSamplingFrequencyIndex", asc.extension_sampling_frequency_index,
                                      asc.extension_sampling_frequency));
    SF_ASSIGN_OR_RETURN(aot, read_object_type(r, "audioObjectType"));
    if (aot == kErBsac) {
      SF_ASSIGN_OR_RETURN(asc.extension_channel_configuration, r.read<uint8_t>(4, "extensionChannelConfiguration"));
    }
  }
  asc.audio_object_type = aot;
  if (!uses_ga_specific_config(aot)) {
    return UnimplementedError("AudioSpecificConfig: audioObjectType " + std::to_string(aot) + " not supported");
  }
  SF_RETURN_IF_ERROR(parse_ga_specific_config(r, asc));
  if (has_ep_config(aot)) {
    SF_ASSIGN_OR_RETURN(asc.ep_config, r.read<uint8_t>(2, "epConfig"));
    if (asc.ep_config >= 2) {
      return UnimplementedError("AudioSpecificConfig: epConfig " + std::to_string(asc.ep_config) +
                                " (ErrorProtectionSpecificConfig) not supported");
    }
  }
  if (asc.extension_audio_object_type != kSbr && r.bits_left() >= 16) {
    SF_RETURN_IF_ERROR(parse_sync_extension(r, asc));
  }
  return asc;
}

Result<ByteBuffer> AudioSpecificConfig::serialize() const {
  if (channel_configuration > 15) return InvalidArgumentError("AudioSpecificConfig: channel_configuration above 15");
  if (!uses_ga_specific_config(audio_object_type)) {
    return InvalidArgumentError("AudioSpecificConfig: cannot write audio object type " + std::to_string(audio_object_type));
  }
  if (ep_config > 1) return InvalidArgumentError("AudioSpecificConfig: epConfig must be 0 or 1");
  BitWriter w;
  if (sbr_signalling == SbrSignalling::kHierarchical) {
    SF_RETURN_IF_ERROR(write_object_type(w, ps_present_flag == 1 ? kPs : kSbr));
  } else {
    SF_RETURN_IF_ERROR(write_object_type(w, audio_object_type));
  }
  SF_RETURN_IF_ERROR(write_frequency(w, sampling_frequency_index, sampling_frequency));
  w.write_bits(channel_configuration, 4);
  if (sbr_signalling == SbrSignalling::kHierarchical) {
    SF_RETURN_IF_ERROR(write_frequency(w, extension_sampling_frequency_index, extension_sampling_frequency));
    SF_RETURN_IF_ERROR(write_object_type(w, audio_object_type));
    if (audio_object_type == kErBsac) w.write_bits(extension_channel_configuration, 4);
  }
  SF_RETURN_IF_ERROR(write_ga_specific_config(w, *this));
  if (has_ep_config(audio_object_type)) w.write_bits(ep_config, 2);
  if (sbr_signalling == SbrSignalling::kBackwardCompatible) SF_RETURN_IF_ERROR(write_sync_extension(w, *this));
  return w.finish();
}

int AudioSpecificConfig::channel_count() const {
  // Table 1.19 (with the configurations 11-14 added by later amendments).
  static constexpr int kChannels[16] = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};
  int n = channel_configuration == 0
              ? (program_config_element ? program_config_element->channel_count() : 0)
              : kChannels[channel_configuration & 15];
  if (n == 1 && ps_present_flag == 1) n = 2;
  return n;
}

uint8_t AudioSpecificConfig::signalled_object_type() const {
  if (ps_present_flag == 1) return kPs;
  if (sbr_present_flag == 1 && extension_audio_object_type == kSbr) return kSbr;
  return audio_object_type;
}

}  // namespace streamforge

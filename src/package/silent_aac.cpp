#include "package/silent_aac.h"

#include <string>

#include "streamforge/media/bit_writer.h"

namespace streamforge::package {
namespace {

// §4.4.2.1 Table 4.85 syntactic element ids.
constexpr uint8_t kIdSce = 0;
constexpr uint8_t kIdCpe = 1;
constexpr uint8_t kIdLfe = 3;
constexpr uint8_t kIdEnd = 7;

// individual_channel_stream(common_window = 0) (§4.4.2.7) with nothing in it: a long window
// (§4.4.2.6 ics_info: window_sequence ONLY_LONG_SEQUENCE) and max_sfb = 0, so section_data,
// scale_factor_data and spectral_data are empty loops; no pulse, TNS or gain control data.
void write_empty_channel_stream(BitWriter& w) {
  w.write_bits(0, 8);  // global_gain: scales no band
  w.write_bits(0, 1);  // ics_reserved_bit
  w.write_bits(0, 2);  // window_sequence: ONLY_LONG_SEQUENCE
  w.write_bits(0, 1);  // window_shape
  w.write_bits(0, 6);  // max_sfb
  w.write_bits(0, 1);  // predictor_data_present (AAC Main prediction, LTP data for LTP)
  w.write_bits(0, 1);  // pulse_data_present
  w.write_bits(0, 1);  // tns_data_present
  w.write_bits(0, 1);  // gain_control_data_present
}

void write_element(BitWriter& w, uint8_t id, uint8_t tag) {
  w.write_bits(id, 3);
  w.write_bits(tag, 4);  // element_instance_tag
  if (id == kIdCpe) {
    w.write_bits(0, 1);  // common_window: each channel has its own (empty) ics_info
    write_empty_channel_stream(w);
  }
  write_empty_channel_stream(w);
}

Status cannot_build(const std::string& why) { return UnimplementedError("no silent AAC frame for " + why); }

}  // namespace

Result<ByteBuffer> silent_aac_frame(const AudioSpecificConfig& asc) {
  const uint8_t aot = asc.audio_object_type;
  if (aot != 1 && aot != 2 && aot != 4) return cannot_build("audio object type " + std::to_string(aot));
  if (asc.sbr_present_flag == 1 || asc.ps_present_flag == 1) return cannot_build("HE-AAC (SBR/PS signalled)");
  // Table 1.19: the elements, in order, of each channel configuration; instance tags count per
  // element type (the second CPE is tag 1), as decoders map them.
  BitWriter w;
  switch (asc.channel_configuration) {
    case 1: write_element(w, kIdSce, 0); break;
    case 2: write_element(w, kIdCpe, 0); break;
    case 3: write_element(w, kIdSce, 0); write_element(w, kIdCpe, 0); break;
    case 4: write_element(w, kIdSce, 0); write_element(w, kIdCpe, 0); write_element(w, kIdSce, 1); break;
    case 5: write_element(w, kIdSce, 0); write_element(w, kIdCpe, 0); write_element(w, kIdCpe, 1); break;
    case 6:
      write_element(w, kIdSce, 0); write_element(w, kIdCpe, 0); write_element(w, kIdCpe, 1);
      write_element(w, kIdLfe, 0);
      break;
    case 7:
      write_element(w, kIdSce, 0); write_element(w, kIdCpe, 0); write_element(w, kIdCpe, 1);
      write_element(w, kIdCpe, 2); write_element(w, kIdLfe, 0);
      break;
    default:
      return cannot_build("channel configuration " + std::to_string(asc.channel_configuration) +
                          (asc.channel_configuration == 0 ? " (a program_config_element layout)" : ""));
  }
  w.write_bits(kIdEnd, 3);
  return w.finish();  // byte_alignment()
}

}  // namespace streamforge::package

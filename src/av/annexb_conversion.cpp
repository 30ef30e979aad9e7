// Annex B -> ISO/IEC 14496-15 sample and configuration-record conversion for encoder output.
#include "av/video_encoder.h"

namespace streamforge::av {

// Placeholder until media/ NAL parsing lands: pass bytes through unchanged.
Status to_length_prefixed(Codec codec, Packet& packet) { return OkStatus(); }
Result<SharedBytes> to_configuration_record(Codec codec, ByteView extradata) { return SharedBytes::copy_of(extradata); }

}  // namespace streamforge::av

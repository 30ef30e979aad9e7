#include "av/codec_strings.h"

namespace streamforge::av {
std::string rfc6381_codec_string(const StreamInfo& info) { return ""; }
}  // namespace streamforge::av

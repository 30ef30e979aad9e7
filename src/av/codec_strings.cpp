#include "av/codec_strings.h"

#include "core/log_internal.h"
#include "streamforge/media/codec_string.h"

namespace streamforge::av {

std::string rfc6381_codec_string(const StreamInfo& info) {
  auto s = codec_string(info);
  if (!s.ok()) {
    SF_LOG_DEBUG("no codec string for stream '{}': {}", info.codec_name, s.status().to_string());
    return "";
  }
  return *s;
}

}  // namespace streamforge::av

// Private: RFC 6381 codec string of a stream as the container describes it.
#pragma once

#include <string>

#include "streamforge/media/stream_info.h"

namespace streamforge::av {
// "" when the codec has no RFC 6381 string we can derive (or its configuration is missing).
std::string rfc6381_codec_string(const StreamInfo& info);
}  // namespace streamforge::av

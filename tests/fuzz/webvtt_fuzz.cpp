// libFuzzer target: the WebVTT checker on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "streamforge/media/webvtt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto summary = streamforge::parse_webvtt(text);
  if (summary.ok() && summary->cue_count > 0 && summary->last_end_ms < summary->first_start_ms) __builtin_trap();
  (void)streamforge::parse_webvtt_timestamp(text.substr(0, 32));
  return 0;
}

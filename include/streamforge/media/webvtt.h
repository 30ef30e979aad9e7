// WebVTT (W3C WebVTT, section 4 "Syntax") -- just enough to accept a sidecar subtitle file with
// confidence: the signature, every cue's timings, and the span the cues cover. The packager
// stores the file as it is; this check makes a broken file fail up front with the line number
// instead of failing in the viewer's player. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge {

struct WebVttSummary {
  int cue_count = 0;
  int64_t first_start_ms = 0;  // earliest cue start (0 without cues)
  int64_t last_end_ms = 0;     // latest cue end
};

// "00:01:02.345" or "01:02.345" -> milliseconds; kInvalidArgument otherwise.
Result<int64_t> parse_webvtt_timestamp(std::string_view text);

// kInvalidArgument naming the line for: no "WEBVTT" signature, a malformed timing line, a cue
// ending before it starts, NUL bytes; kResourceExhausted for files over 64 MiB.
Result<WebVttSummary> parse_webvtt(std::string_view text);

}  // namespace streamforge

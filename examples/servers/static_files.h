// Serving a packaged folder: which file a request names (never one outside the root), its
// Content-Type, and the byte range a Range header asks for. Pure functions over paths and strings
// (the server does the I/O); thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"

namespace streamforge::server {

// The media type of a packaged file by extension: m3u8 (RFC 8216 §4), mpd (ISO/IEC 23009-1
// Annex C), m4s/mp4/cmfv/cmfa (RFC 4337, ISO/IEC 23000-19), ts (RFC 3555), vtt (W3C WebVTT),
// jpg/png, json, key (HLS AES-128 key files); application/octet-stream otherwise.
std::string_view content_type_for(const std::filesystem::path& file);

// The regular file the request target ("/720p/seg-1.m4s?token=x") names under `root` (which must
// be canonical: std::filesystem::canonical). The query is ignored and %XX escapes decoded; a ".."
// segment, a NUL or backslash, or a path that resolves (through symlinks too) outside the root is
// refused. kInvalidArgument: malformed target (400); kPermissionDenied: outside the root (403);
// kNotFound: no such regular file (404).
Result<std::filesystem::path> resolve_under_root(const std::filesystem::path& root, std::string_view target);

// What a Range header asks of a file of `size` bytes (RFC 9110 §14.1.2, §14.2).
struct RangeRequest {
  enum Kind {
    kWhole,          // no Range, or one this server ignores (§14.2 allows it): answer 200 with it all
    kPartial,        // one satisfiable range: answer 206 with bytes [first, last]
    kUnsatisfiable,  // answer 416 with Content-Range: bytes */size
  } kind = kWhole;
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};
// Single ranges only ("bytes=0-99", "bytes=100-", "bytes=-500"); a multi-range or syntactically
// invalid header is ignored (kWhole), as §14.2 says an invalid range set should be.
RangeRequest parse_range(std::string_view header, uint64_t size);

}  // namespace streamforge::server

// Path, media type and Range logic for the file server; see static_files.h.
#include "static_files.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "streamforge/core/percent_encoding.h"

namespace streamforge::server {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool parse_u64(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string ext = lower(file.extension().string());
  if (ext == ".m3u8") return "application/vnd.apple.mpegurl";
  if (ext == ".mpd") return "application/dash+xml";
  if (ext == ".m4s" || ext == ".cmfv") return "video/iso.segment";
  if (ext == ".mp4" || ext == ".m4v") return "video/mp4";
  if (ext == ".m4a" || ext == ".cmfa") return "audio/mp4";
  if (ext == ".ts") return "video/mp2t";
  if (ext == ".aac") return "audio/aac";
  if (ext == ".vtt") return "text/vtt";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript";
  return "application/octet-stream";
}

Result<std::filesystem::path> resolve_under_root(const std::filesystem::path& root, std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (!target.starts_with('/')) return InvalidArgumentError("the request target must be an absolute path");
  auto decoded = percent_decode(target);  // RFC 3986 §2.1
  if (!decoded.ok()) return InvalidArgumentError("broken %-escape in the path");
  std::string path = std::move(*decoded);
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return InvalidArgumentError("NUL or backslash in the path");
  }
  std::filesystem::path relative;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = std::string_view(path).substr(start, slash - start);
    // RFC 3986 §3.3 dot segments: ".." would climb out of the root; nothing here needs it.
    if (segment == "..") return PermissionDeniedError("'..' in the path");
    if (!segment.empty() && segment != ".") relative /= std::string(segment);
    start = slash + 1;
  }
  if (relative.empty()) return NotFoundError("no file named (directories are not listed)");
  std::error_code ec;
  // Symlinks are followed, then the result must still lie under the root.
  const std::filesystem::path resolved = std::filesystem::weakly_canonical(root / relative, ec);
  if (ec) return NotFoundError("no such file");
  auto [root_end, _] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) return PermissionDeniedError("the path leads outside the served folder");
  if (!std::filesystem::is_regular_file(resolved, ec)) return NotFoundError("no such file");
  return resolved;
}

RangeRequest parse_range(std::string_view header, uint64_t size) {
  RangeRequest whole;
  // range-unit is case-insensitive (§14.1); only "bytes" is defined.
  if (header.size() < 6 || lower(std::string(header.substr(0, 6))) != "bytes=") return whole;
  std::string_view spec = header.substr(6);
  while (!spec.empty() && (spec.front() == ' ' || spec.front() == '\t')) spec.remove_prefix(1);
  while (!spec.empty() && (spec.back() == ' ' || spec.back() == '\t')) spec.remove_suffix(1);
  if (spec.find(',') != std::string_view::npos) return whole;  // multipart/byteranges: not offered
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const std::string_view first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);
  RangeRequest r;
  r.kind = RangeRequest::kPartial;
  if (first_text.empty()) {  // suffix-range: the last N bytes (§14.1.2)
    uint64_t suffix = 0;
    if (!parse_u64(last_text, suffix)) return whole;
    if (suffix == 0 || size == 0) return {RangeRequest::kUnsatisfiable, 0, 0};
    r.first = size - std::min(suffix, size);
    r.last = size - 1;
    return r;
  }
  if (!parse_u64(first_text, r.first)) return whole;
  r.last = size ? size - 1 : 0;
  if (!last_text.empty()) {
    uint64_t last = 0;
    if (!parse_u64(last_text, last) || last < r.first) return whole;  // invalid: ignored (§14.1.1)
    r.last = std::min(r.last, last);
  }
  if (r.first >= size) return {RangeRequest::kUnsatisfiable, 0, 0};
  return r;
}

}  // namespace streamforge::server

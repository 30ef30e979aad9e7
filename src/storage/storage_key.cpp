// Key rules shared by every Storage backend: nothing may escape the root.
#include <fmt/format.h>

#include "streamforge/storage/storage.h"

namespace streamforge {

namespace {
constexpr size_t kMaxKeyBytes = 1024;

std::string printable(std::string_view key) {
  std::string out;
  for (char c : key.substr(0, 80)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out;
}
}  // namespace

Status validate_storage_key(std::string_view key) {
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError(fmt::format("storage key '{}' {}", printable(key), why));
  };
  if (key.empty()) return bad("is empty");
  if (key.size() > kMaxKeyBytes) return bad(fmt::format("is longer than {} bytes", kMaxKeyBytes));
  if (key.front() == '/') return bad("is absolute (keys are relative to the storage root)");
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0) return bad("contains a NUL byte");
    if (u < 0x20 || u == 0x7f) return bad("contains a control character");
    if (c == '\\') return bad("contains a backslash (use '/' between folders)");
  }
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view part = key.substr(start, end - start);
    if (part.empty()) return bad("has an empty path segment ('//' or a trailing '/')");
    if (part == "." || part == "..") return bad("contains a '.' or '..' segment");
    start = end + 1;
  }
  return OkStatus();
}

}  // namespace streamforge

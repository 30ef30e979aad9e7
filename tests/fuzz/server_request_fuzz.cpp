// libFuzzer target: what streamforge-server reads from a request before touching a file -- the
// request target resolved under the served folder (examples/servers/static_files.h) and the
// Range header. The first byte picks the parser (mod 2); for Range, the next 8 bytes are the file
// size.
// Properties: no crash or sanitizer report; a resolved target is a regular file inside the root;
// a partial range lies inside the file (first <= last < size).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include "static_files.h"

namespace {

// A served folder with one file and one subfolder, made once per process.
const std::filesystem::path& served_root() {
  static const std::filesystem::path root = [] {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec) / "streamforge-server-fuzz-root";
    std::filesystem::create_directories(dir / "720p", ec);
    std::ofstream(dir / "720p" / "seg-1.m4s") << "segment";
    std::ofstream(dir / "master.m3u8") << "#EXTM3U\n";
    return std::filesystem::canonical(dir, ec);
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge::server;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  if (selector % 2 == 0) {
    std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::filesystem::path& root = served_root();
    auto file = resolve_under_root(root, target);
    if (!file.ok()) return 0;
    const std::string resolved = file->string();
    if (resolved.rfind(root.string() + "/", 0) != 0) __builtin_trap();
    if (!std::filesystem::is_regular_file(*file)) __builtin_trap();
  } else {
    if (size < 9) return 0;
    uint64_t file_size = 0;
    std::memcpy(&file_size, data + 1, 8);
    std::string_view header(reinterpret_cast<const char*>(data + 9), size - 9);
    const RangeRequest r = parse_range(header, file_size);
    if (r.kind == RangeRequest::kPartial && !(r.first <= r.last && r.last < file_size)) __builtin_trap();
  }
  return 0;
}

// libFuzzer target: what decides where bytes are stored -- the storage key rule every backend
// applies (validate_storage_key) and the s3:// URI parser (bucket, prefix, endpoint, region,
// tuning). The first byte picks the parser (mod 2) so one corpus covers both.
// Properties: no crash or sanitizer report; an accepted key joined to a root folder stays inside
// it; an accepted s3:// URI has a valid bucket, a prefix that is itself an accepted key (plus '/'),
// an http(s) endpoint, and tuning within S3's limits.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "storage/s3/s3_location.h"
#include "streamforge/storage/storage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (selector % 2 == 0) {
    if (!validate_storage_key(text).ok()) return 0;
    const std::filesystem::path root = "/srv/root";
    const std::string joined = (root / std::string(text)).lexically_normal().string();
    if (joined.rfind("/srv/root/", 0) != 0) __builtin_trap();
    if (text.find('\\') != std::string_view::npos || text.find('\0') != std::string_view::npos) __builtin_trap();
  } else {
    auto loc = storage::s3::parse_s3_uri(text, {});
    if (!loc.ok()) return 0;
    if (loc->bucket.size() < 3 || loc->bucket.size() > 63) __builtin_trap();
    if (!loc->prefix.empty()) {
      if (loc->prefix.back() != '/') __builtin_trap();
      if (!validate_storage_key(std::string_view(loc->prefix).substr(0, loc->prefix.size() - 1)).ok()) __builtin_trap();
    }
    if (loc->scheme != "http" && loc->scheme != "https") __builtin_trap();
    if (loc->endpoint_authority.empty() || loc->region.empty()) __builtin_trap();
    if (loc->part_size < (64u << 10) || loc->part_size > (5ull << 30)) __builtin_trap();
    if (loc->concurrency < 1 || loc->concurrency > 64) __builtin_trap();
  }
  return 0;
}

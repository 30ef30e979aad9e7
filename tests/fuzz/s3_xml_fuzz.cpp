// libFuzzer target: the S3 response XML reader (src/storage/s3/xml_reader.cpp) on arbitrary bytes.
// Properties: no crash, no unbounded recursion (depth limit), element names never empty.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "storage/s3/xml_reader.h"

namespace {
int check(const streamforge::storage::s3::XmlElement& e, int depth) {
  if (e.name.empty() || depth > 32) __builtin_trap();
  for (const auto& c : e.children) check(c, depth + 1);
  return 0;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto xml = streamforge::storage::s3::parse_xml(std::string_view(reinterpret_cast<const char*>(data), size));
  if (xml.ok()) check(*xml, 0);
  return 0;
}

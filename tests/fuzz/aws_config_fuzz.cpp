// libFuzzer target: the AWS config/credentials INI parser (src/storage/s3/aws_config.cpp) on
// arbitrary bytes. Properties: no crash; every section and key it keeps is non-empty and lower
// case, and no value has a line break (a value never swallows the next line).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "storage/s3/aws_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ini = streamforge::storage::s3::parse_ini(text);
  for (const auto& [section, keys] : ini.sections) {
    if (section.empty()) __builtin_trap();
    for (char c : section) {
      if (c >= 'A' && c <= 'Z') __builtin_trap();
    }
    for (const auto& [key, value] : keys) {
      if (key.empty() || value.find('\n') != std::string::npos) __builtin_trap();
      for (char c : key) {
        if (c >= 'A' && c <= 'Z') __builtin_trap();
      }
    }
  }
  return 0;
}

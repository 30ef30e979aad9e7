// Helpers shared by the drm/ tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "streamforge/core/bytes.h"
#include "streamforge/drm/encoding.h"
#include "streamforge/drm/key_types.h"

namespace streamforge::drm::testing {

// A KID or key from 32 hex digits or a dashed UUID (aborts the test on a typo).
inline KeyId id(std::string_view text) {
  auto parsed = parse_uuid(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : KeyId{};
}

// Bytes from hex with optional spaces/newlines.
inline ByteBuffer hex(std::string_view spaced) {
  std::string compact;
  for (char c : spaced) {
    if (c != ' ' && c != '\n') compact.push_back(c);
  }
  auto bytes = hex_decode(compact);
  EXPECT_TRUE(bytes.ok()) << spaced;
  return bytes.ok() ? ByteBuffer(std::move(*bytes)) : ByteBuffer();
}

inline std::string hex_of(ByteView bytes) { return to_hex(bytes); }

}  // namespace streamforge::drm::testing

// FourCC: the four-character code naming an ISO-BMFF box, brand, handler or sample entry
// (ISO/IEC 14496-12 §4.2: `unsigned int(32) type`, big-endian, usually printable ASCII).
//
// A value type (thread-safe to copy and compare). Build one from a literal: FourCC("moov").
#pragma once

#include <cstdint>
#include <string>

namespace streamforge::mp4 {

struct FourCC {
  uint32_t value = 0;

  constexpr FourCC() = default;
  constexpr explicit FourCC(uint32_t v) : value(v) {}
  // From a 4-character literal: FourCC("avc1"). Implicit so a brand list reads {"iso6", "cmfc"}.
  constexpr FourCC(const char (&s)[5])  // NOLINT(google-explicit-constructor)
      : value((uint32_t{static_cast<uint8_t>(s[0])} << 24) | (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
              (uint32_t{static_cast<uint8_t>(s[2])} << 8) | uint32_t{static_cast<uint8_t>(s[3])}) {}

  // "avc1"; a code with bytes outside printable ASCII prints as hex ("0x00000001").
  std::string to_string() const;

  friend constexpr bool operator==(FourCC a, FourCC b) = default;
  friend constexpr auto operator<=>(FourCC a, FourCC b) = default;
};

}  // namespace streamforge::mp4

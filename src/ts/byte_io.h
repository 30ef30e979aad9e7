// Big-endian byte helpers shared by the ts/ writers and parsers (private).
#pragma once

#include <cstdint>

#include "streamforge/core/bytes.h"

namespace streamforge::ts::detail {

inline void put_u8(ByteBuffer& out, uint32_t v) { out.push_back(static_cast<uint8_t>(v)); }
inline void put_u16(ByteBuffer& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
inline void put_u32(ByteBuffer& out, uint32_t v) {
  put_u16(out, v >> 16);
  put_u16(out, v);
}

inline uint16_t get_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

}  // namespace streamforge::ts::detail

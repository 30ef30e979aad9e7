#include "streamforge/media/rbsp.h"

namespace streamforge {

ByteBuffer unescape_rbsp(ByteView nal) {
  ByteBuffer out;
  out.reserve(nal.size());
  int zeros = 0;
  for (uint8_t b : nal) {
    if (zeros >= 2 && b == 0x03) {
      zeros = 0;  // emulation_prevention_three_byte: dropped
      continue;
    }
    zeros = b == 0 ? zeros + 1 : 0;
    out.push_back(b);
  }
  return out;
}

ByteBuffer escape_rbsp(ByteView rbsp) {
  ByteBuffer out;
  out.reserve(rbsp.size() + rbsp.size() / 64 + 1);
  int zeros = 0;
  for (uint8_t b : rbsp) {
    if (zeros >= 2 && b <= 0x03) {
      out.push_back(0x03);
      zeros = 0;
    }
    zeros = b == 0 ? zeros + 1 : 0;
    out.push_back(b);
  }
  if (!out.empty() && out.data()[out.size() - 1] == 0x00) out.push_back(0x03);
  return out;
}

}  // namespace streamforge

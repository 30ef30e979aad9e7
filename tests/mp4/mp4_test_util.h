// Helpers shared by the mp4/ tests: round-trip checks and hex.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "../media/test_vectors.h"
#include "streamforge/core/bytes.h"
#include "streamforge/mp4/box_buffer.h"

namespace streamforge::mp4::testing {

using streamforge::test::from_hex;

// Hex with optional spaces between bytes, for readable expected values.
inline ByteBuffer hex(std::string_view spaced) {
  std::string compact;
  for (char c : spaced) {
    if (c != ' ' && c != '\n') compact.push_back(c);
  }
  return from_hex(compact);
}

inline ByteBuffer bytes_of(std::string_view s) {
  return ByteBuffer(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

// write -> read -> equal fields -> write again -> identical bytes. `prototype` is what the box is
// read into (for context fields that are not serialized). Returns the written bytes.
template <class B>
ByteBuffer expect_round_trip(const B& box, B prototype = B{}) {
  auto written = write_box(box);
  EXPECT_TRUE(written.ok()) << written.status().to_string();
  if (!written.ok()) return {};
  B read = prototype;
  Status st = read_box_into(written->view(), read);
  EXPECT_TRUE(st.ok()) << st.to_string() << " bytes " << to_hex(*written);
  EXPECT_TRUE(read == box) << "fields differ after a round trip of " << to_hex(*written);
  auto again = write_box(read);
  EXPECT_TRUE(again.ok());
  if (again.ok()) {
    EXPECT_EQ(to_hex(*again), to_hex(*written));
  }
  return std::move(written).value();
}

}  // namespace streamforge::mp4::testing

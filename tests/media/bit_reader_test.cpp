#include "streamforge/media/bit_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "test_vectors.h"
#include "streamforge/media/bit_writer.h"
#include "streamforge/media/rbsp.h"

namespace streamforge {
namespace {

using test::from_hex;

TEST(BitReader, ReadsBitsMostSignificantFirst) {
  const ByteBuffer data = from_hex("a5f00f");
  BitReader r(data);
  EXPECT_EQ(*r.read_bits(1), 1u);
  EXPECT_EQ(*r.read_bits(3), 0b010u);
  EXPECT_EQ(*r.read_bits(8), 0x5fu);  // across a byte boundary
  EXPECT_EQ(r.bit_position(), 12u);
  EXPECT_EQ(r.bits_left(), 12u);
  EXPECT_EQ(r.bytes_left(), 1u);
  EXPECT_EQ(*r.read_bits(12), 0x00fu);
  EXPECT_EQ(r.bits_left(), 0u);
}

TEST(BitReader, Reads64BitsAndZeroBits) {
  const ByteBuffer data = from_hex("0123456789abcdefff");
  BitReader r(data);
  EXPECT_EQ(*r.read_bits(0), 0u);
  EXPECT_EQ(*r.read_bits(64), 0x0123456789abcdefull);
  EXPECT_EQ(*r.read<uint8_t>(8), 0xffu);
}

TEST(BitReader, OverreadFailsWithContextAndFieldAndKeepsPosition) {
  const ByteBuffer data = from_hex("ff");
  BitReader r(data, "SPS");
  ASSERT_TRUE(r.read_bits(5).ok());
  auto v = r.read_bits(4, "log2_max_frame_num_minus4");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(v.status().message(), "SPS: truncated reading log2_max_frame_num_minus4: needs 4 bits at bit 5, 3 left");
  EXPECT_EQ(r.bit_position(), 5u);
  EXPECT_EQ(*r.read_bits(3), 7u);
  EXPECT_FALSE(r.read_flag().ok());
  EXPECT_FALSE(r.skip_bits(1).ok());
}

TEST(BitReader, RejectsBadWidths) {
  const ByteBuffer data(16);
  BitReader r(data);
  EXPECT_EQ(r.read_bits(65).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.read_bits(-1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.read<uint8_t>(9).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.bit_position(), 0u);
}

TEST(BitReader, ExpGolombMatchesTable9_2) {
  // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6, 0001000 -> 7
  // bits: 1 010 011 00100 00111 0001000 = 1010 0110 0100 0011 1000 1000
  const ByteBuffer data = from_hex("a64388");
  BitReader r(data);
  for (uint32_t expected : {0u, 1u, 2u, 3u, 6u, 7u}) EXPECT_EQ(*r.read_ue(), expected);
  // se: codeNum 1 -> 1, 2 -> -1, 3 -> 2, 4 -> -2
  BitWriter w;
  for (uint32_t code : {0u, 1u, 2u, 3u, 4u}) w.write_ue(code);
  const ByteBuffer se_data = w.finish();
  BitReader s(se_data);
  for (int32_t expected : {0, 1, -1, 2, -2}) EXPECT_EQ(*s.read_se(), expected);
}

TEST(BitReader, ExpGolombLimits) {
  BitWriter w;
  w.write_ue(std::numeric_limits<uint32_t>::max() - 1);  // 31 leading zeros: the largest accepted
  w.write_se(std::numeric_limits<int32_t>::max());
  w.write_se(-std::numeric_limits<int32_t>::max());
  const ByteBuffer ok = w.finish();
  BitReader r(ok);
  EXPECT_EQ(*r.read_ue(), std::numeric_limits<uint32_t>::max() - 1);
  EXPECT_EQ(*r.read_se(), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(*r.read_se(), -std::numeric_limits<int32_t>::max());

  // 32 leading zeros is corrupt, not a wrap-around.
  const ByteBuffer too_long = from_hex("00000000ffffffffff");
  BitReader t(too_long, "PPS");
  auto v = t.read_ue("pic_init_qp_minus26");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(v.status().message().find("longer than 32 bits"), std::string::npos) << v.status().message();
  EXPECT_EQ(t.bit_position(), 0u);

  // A code cut off in its suffix is truncation, and leaves the position alone.
  const ByteBuffer cut = from_hex("01");  // 0000 0001 -> needs 7 suffix bits
  BitReader c(cut);
  EXPECT_EQ(c.read_ue().status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(c.bit_position(), 0u);
}

TEST(BitReader, MoreRbspData) {
  const ByteBuffer data = from_hex("a080");  // 1010 0000 | 1000 0000: stop bit is bit 8
  BitReader r(data);
  EXPECT_TRUE(r.more_rbsp_data());
  ASSERT_TRUE(r.skip_bits(8).ok());
  EXPECT_FALSE(r.more_rbsp_data());
  const ByteBuffer zeros(3);
  EXPECT_FALSE(BitReader(zeros).more_rbsp_data());
}

TEST(BitReader, ByteAlignAndRemainingBytes) {
  const ByteBuffer data = from_hex("ff0102");
  BitReader r(data);
  ASSERT_TRUE(r.skip_bits(3).ok());
  EXPECT_FALSE(r.byte_aligned());
  r.byte_align();
  EXPECT_TRUE(r.byte_aligned());
  EXPECT_EQ(r.remaining_bytes().size(), 2u);
  EXPECT_EQ(r.remaining_bytes()[0], 0x01);
  r.byte_align();
  EXPECT_EQ(r.bit_position(), 8u);
}

TEST(BitWriter, RoundTripsRandomFieldSequences) {
  std::mt19937_64 rng(7);
  for (int iteration = 0; iteration < 200; ++iteration) {
    struct Field {
      int kind;  // 0 bits, 1 ue, 2 se
      int width;
      uint64_t value;
    };
    std::vector<Field> fields;
    BitWriter w;
    for (int i = 0; i < 50; ++i) {
      Field f{static_cast<int>(rng() % 3), static_cast<int>(rng() % 65), rng()};
      if (f.kind == 0) {
        if (f.width < 64) f.value &= (uint64_t{1} << f.width) - 1;
        w.write_bits(f.value, f.width);
      } else if (f.kind == 1) {
        f.value = static_cast<uint32_t>(f.value) >> (rng() % 32);
        if (f.value == 0xffffffffu) f.value = 0;
        w.write_ue(static_cast<uint32_t>(f.value));
      } else {
        f.value = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(f.value) >> (rng() % 32)));
        if (static_cast<int32_t>(f.value) == std::numeric_limits<int32_t>::min()) f.value = 0;
        w.write_se(static_cast<int32_t>(f.value));
      }
      fields.push_back(f);
    }
    const size_t bits = w.bit_size();
    const ByteBuffer data = w.finish();
    EXPECT_EQ(data.size(), (bits + 7) / 8);
    BitReader r(data);
    for (const Field& f : fields) {
      if (f.kind == 0) {
        ASSERT_EQ(*r.read_bits(f.width), f.value);
      } else if (f.kind == 1) {
        ASSERT_EQ(*r.read_ue(), static_cast<uint32_t>(f.value));
      } else {
        ASSERT_EQ(*r.read_se(), static_cast<int32_t>(f.value));
      }
    }
    EXPECT_EQ(r.bit_position(), bits);
  }
}

TEST(BitWriter, WritesBytesAtAnyAlignmentAndTrailingBits) {
  BitWriter w;
  w.write_bits(0b101, 3);
  w.write_bytes(from_hex("ff00"));
  w.write_rbsp_trailing_bits();
  EXPECT_TRUE(w.byte_aligned());
  EXPECT_EQ(to_hex(w.finish()), "bfe010");  // 101 11111111 00000000 1 0000
  EXPECT_EQ(w.bit_size(), 0u);  // finish() hands the buffer over
}

TEST(Rbsp, UnescapeDropsEmulationPreventionBytes) {
  EXPECT_EQ(to_hex(unescape_rbsp(from_hex("000003000003010000030203"))), "000000000100000203");
  // 0x03 not preceded by two zeros, and a trailing 00 00 03 (cabac_zero_word case).
  EXPECT_EQ(to_hex(unescape_rbsp(from_hex("0300030000"))), "0300030000");
  EXPECT_EQ(to_hex(unescape_rbsp(from_hex("00000003"))), "000000");
  // After a dropped byte the zero count restarts: 00 00 03 00 03 keeps the second 03.
  EXPECT_EQ(to_hex(unescape_rbsp(from_hex("0000030003"))), "00000003");
}

TEST(Rbsp, EscapeIsTheInverseOfUnescape) {
  EXPECT_EQ(to_hex(escape_rbsp(from_hex("0000000001000002000003000004"))), "000003000003010000030200000303000004");
  EXPECT_EQ(to_hex(escape_rbsp(from_hex("ab0000"))), "ab000003");  // never ends in 0x00
  std::mt19937 rng(3);
  for (int i = 0; i < 500; ++i) {
    ByteBuffer rbsp(static_cast<size_t>(rng() % 64));
    for (auto& b : rbsp.vector()) b = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : rng() % 4);
    if (!rbsp.empty() && rbsp.data()[rbsp.size() - 1] == 0) rbsp.data()[rbsp.size() - 1] = 0x80;  // a real RBSP ends in its stop bit
    const ByteBuffer nal = escape_rbsp(rbsp);
    for (size_t j = 2; j < nal.size(); ++j) {
      ASSERT_FALSE(nal.data()[j - 2] == 0 && nal.data()[j - 1] == 0 && nal.data()[j] <= 2) << to_hex(nal);
    }
    ASSERT_EQ(unescape_rbsp(nal), rbsp) << to_hex(rbsp);
  }
}

TEST(Rbsp, RealSpsContainsEmulationPrevention) {
  const ByteBuffer nal = from_hex(test::kX264HighSps);
  const ByteBuffer rbsp = unescape_rbsp(nal);
  EXPECT_EQ(nal.size() - rbsp.size(), 2u);  // two 00 00 03 sequences
  EXPECT_EQ(escape_rbsp(rbsp), nal);
}

}  // namespace
}  // namespace streamforge

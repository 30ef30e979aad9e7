// BoxBuffer primitives, box framing, and the top-level header reader.
#include <gtest/gtest.h>

#include "mp4_test_util.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/file_boxes.h"
#include "streamforge/mp4/movie_boxes.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

using testing::hex;

TEST(FourCC, PrintsAndCompares) {
  EXPECT_EQ(FourCC("moov").to_string(), "moov");
  EXPECT_EQ(FourCC("moov").value, 0x6d6f6f76u);
  EXPECT_EQ(FourCC(0x00000001).to_string(), "0x00000001");
  EXPECT_TRUE(FourCC("avc1") < FourCC("avc3"));
  static_assert(FourCC("ftyp") == FourCC(0x66747970u));
}

TEST(BoxBuffer, WritesBigEndianFields) {
  ByteBuffer out;
  BoxBuffer w(&out, FourCC("test"));
  uint8_t a = 0x01;
  uint16_t b = 0x0203;
  uint32_t c = 0x040506;
  uint32_t d = 0x0708090a;
  uint64_t e = 0x0b0c0d0e0f101112;
  int16_t f = -2;
  int32_t g = -3;
  int64_t h = -4;
  FourCC i("abcd");
  ASSERT_TRUE(w.rw_u8(a).ok());
  ASSERT_TRUE(w.rw_u16(b).ok());
  ASSERT_TRUE(w.rw_u24(c).ok());
  ASSERT_TRUE(w.rw_u32(d).ok());
  ASSERT_TRUE(w.rw_u64(e).ok());
  ASSERT_TRUE(w.rw_i16(f).ok());
  ASSERT_TRUE(w.rw_i32(g).ok());
  ASSERT_TRUE(w.rw_i64(h).ok());
  ASSERT_TRUE(w.rw_fourcc(i).ok());
  EXPECT_EQ(to_hex(out), "01" "0203" "040506" "0708090a" "0b0c0d0e0f101112" "fffe" "fffffffd" "fffffffffffffffc" "61626364");

  BoxBuffer r(out.view(), FourCC("test"));
  uint8_t a2 = 0;
  uint16_t b2 = 0;
  uint32_t c2 = 0, d2 = 0;
  uint64_t e2 = 0;
  int16_t f2 = 0;
  int32_t g2 = 0;
  int64_t h2 = 0;
  FourCC i2;
  ASSERT_TRUE(r.rw_u8(a2).ok());
  ASSERT_TRUE(r.rw_u16(b2).ok());
  ASSERT_TRUE(r.rw_u24(c2).ok());
  ASSERT_TRUE(r.rw_u32(d2).ok());
  ASSERT_TRUE(r.rw_u64(e2).ok());
  ASSERT_TRUE(r.rw_i16(f2).ok());
  ASSERT_TRUE(r.rw_i32(g2).ok());
  ASSERT_TRUE(r.rw_i64(h2).ok());
  ASSERT_TRUE(r.rw_fourcc(i2).ok());
  EXPECT_EQ(a2, a);
  EXPECT_EQ(b2, b);
  EXPECT_EQ(c2, c);
  EXPECT_EQ(d2, d);
  EXPECT_EQ(e2, e);
  EXPECT_EQ(f2, f);
  EXPECT_EQ(g2, g);
  EXPECT_EQ(h2, h);
  EXPECT_EQ(i2, i);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(BoxBuffer, TruncatedReadIsDataLossNamingBoxAndOffset) {
  const ByteBuffer data = hex("00 01");
  BoxBuffer r(data.view(), FourCC("tkhd"), 100);
  uint32_t v = 0;
  Status st = r.rw_u32(v);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("'tkhd'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("offset 100"), std::string::npos) << st.message();
  EXPECT_EQ(r.remaining(), 2u);  // a failed read consumes nothing
}

TEST(BoxBuffer, VersionDependentFields) {
  ByteBuffer out;
  BoxBuffer w(&out, FourCC("test"));
  uint64_t small = 5, big = uint64_t{1} << 33;
  ASSERT_TRUE(w.rw_u32_or_u64(0, small).ok());
  ASSERT_TRUE(w.rw_u32_or_u64(1, big).ok());
  EXPECT_EQ(to_hex(out), "00000005" "0000000200000000");
  Status st = w.rw_u32_or_u64(0, big);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  int64_t neg = -1;
  ASSERT_TRUE(w.rw_i32_or_i64(0, neg).ok());
  EXPECT_EQ(to_hex(ByteView(out.view()).subspan(12)), "ffffffff");
  uint32_t too_big = 1u << 24;
  EXPECT_EQ(w.rw_u24(too_big).code(), StatusCode::kInvalidArgument);
}

TEST(BoxBuffer, CountIsCheckedAgainstRemainingBytes) {
  // A count of 0xffffffff 8-byte entries in a 4-byte payload must fail before allocating.
  const ByteBuffer data = hex("ffffffff 00000000");
  BoxBuffer r(data.view(), FourCC("stts"));
  std::vector<uint64_t> entries;
  Status st = r.rw_count<uint32_t>(entries, 8);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_TRUE(entries.empty());
  // One 4-byte entry fits.
  const ByteBuffer ok = hex("00000001 00000000");
  BoxBuffer r2(ok.view(), FourCC("stts"));
  ASSERT_TRUE(r2.rw_count<uint32_t>(entries, 4).ok());
  EXPECT_EQ(entries.size(), 1u);
}

TEST(BoxBuffer, StringsWithAndWithoutTerminator) {
  ByteBuffer out;
  BoxBuffer w(&out, FourCC("hdlr"));
  std::string s = "abc";
  ASSERT_TRUE(w.rw_string_nul(s).ok());
  EXPECT_EQ(to_hex(out), "61626300");
  std::string with_nul("a\0b", 3);
  EXPECT_EQ(w.rw_string_nul(with_nul).code(), StatusCode::kInvalidArgument);

  const ByteBuffer unterminated = hex("6869");
  BoxBuffer r(unterminated.view(), FourCC("hdlr"));
  std::string got;
  ASSERT_TRUE(r.rw_string_nul(got).ok());
  EXPECT_EQ(got, "hi");
}

TEST(BoxFraming, AppendBoxPatchesTheSize) {
  FileTypeBox ftyp{"isom", 0x200, {"isom", "iso2"}};
  auto bytes = write_box(ftyp);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(*bytes), "00000018" "66747970" "69736f6d" "00000200" "69736f6d" "69736f32");
}

TEST(BoxFraming, ReadBoxChecksTypeAndCompleteness) {
  FileTypeBox ftyp{"isom", 0, {}};
  auto bytes = write_box(ftyp);
  ASSERT_TRUE(bytes.ok());
  auto wrong = read_box<SegmentTypeBox>(bytes->view());
  EXPECT_EQ(wrong.status().code(), StatusCode::kDataLoss);
  auto partial = read_box<FileTypeBox>(bytes->view().first(bytes->size() - 1));
  EXPECT_TRUE(is_need_more_data(partial.status())) << partial.status().to_string();
}

TEST(BoxFraming, UnknownChildrenAreKeptRaw) {
  // An 'edts' holding an unknown 'abcd' child and a 'uuid' child: both survive a rewrite.
  const ByteBuffer bytes = hex(
      "0000003c 65647473"                       // edts, 60 bytes
      "0000000c 61626364 01020304"              // abcd
      "00000028 75756964"                       // uuid, 40 bytes
      "00112233445566778899aabbccddeeff"        // usertype
      "0102030405060708090a0b0c0d0e0f10");      // payload
  auto edts = read_box<EditBox>(bytes.view());
  ASSERT_TRUE(edts.ok()) << edts.status().to_string();
  ASSERT_EQ(edts->unknown.size(), 2u);
  EXPECT_EQ(edts->unknown[0].type, FourCC("abcd"));
  EXPECT_EQ(edts->unknown[1].type, FourCC("uuid"));
  EXPECT_EQ(edts->unknown[1].payload.size(), 32u);
  auto again = write_box(*edts);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_hex(*again), to_hex(bytes));
}

TEST(PeekBoxHeader, NeedMoreDataVersusCorrupt) {
  EXPECT_TRUE(is_need_more_data(peek_box_header(hex("000000").view()).status()));
  // Size 1: a 64-bit largesize follows, so 16 bytes are needed.
  EXPECT_TRUE(is_need_more_data(peek_box_header(hex("00000001 6d646174 0000").view()).status()));
  auto large = peek_box_header(hex("00000001 6d646174 0000000100000010").view());
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(large->size, 0x100000010u);
  EXPECT_EQ(large->header_size, 16u);
  // Size 0: to the end of the file.
  auto to_end = peek_box_header(hex("00000000 6d646174").view());
  ASSERT_TRUE(to_end.ok());
  EXPECT_TRUE(to_end->extends_to_end);
  // Sizes below the header are corrupt, not incomplete.
  auto tiny = peek_box_header(hex("00000004 6d6f6f76").view(), 40);
  EXPECT_EQ(tiny.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(tiny.status().message().find("'moov'"), std::string::npos);
  EXPECT_NE(tiny.status().message().find("offset 40"), std::string::npos);
  EXPECT_EQ(peek_box_header(hex("00000001 6d646174 0000000000000008").view()).status().code(), StatusCode::kDataLoss);
  // uuid: usertype is part of the header.
  auto uuid = peek_box_header(hex("00000018 75756964 00112233445566778899aabbccddeeff").view());
  ASSERT_TRUE(uuid.ok());
  EXPECT_EQ(uuid->header_size, 24u);
  ASSERT_TRUE(uuid->user_type.has_value());
  EXPECT_EQ((*uuid->user_type)[15], 0xff);
  EXPECT_TRUE(is_need_more_data(peek_box_header(hex("00000018 75756964 0011").view()).status()));
}

TEST(TopLevel, ListsBoxesAndReportsAnIncompleteTail) {
  const ByteBuffer data = hex("00000008 66726565" "0000000c 736b6970 00000000" "00000010 6d646174 0000");
  auto scan = scan_top_level_boxes(data.view());
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->boxes.size(), 2u);
  EXPECT_EQ(scan->boxes[1].offset, 8u);
  EXPECT_EQ(scan->boxes[1].header.type, FourCC("skip"));
  EXPECT_EQ(scan->complete_bytes, 20u);
  ASSERT_TRUE(scan->incomplete.has_value());
  EXPECT_EQ(scan->incomplete->type, FourCC("mdat"));
  EXPECT_EQ(scan->incomplete_needs, 16u);

  auto list = list_top_level_boxes(data.view());
  EXPECT_TRUE(is_need_more_data(list.status())) << list.status().to_string();
  auto whole = list_top_level_boxes(data.view().first(20));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->size(), 2u);

  // A corrupt header anywhere is DataLoss, not "need more".
  const ByteBuffer corrupt = hex("00000008 66726565 00000003 66726565");
  EXPECT_EQ(list_top_level_boxes(corrupt.view()).status().code(), StatusCode::kDataLoss);
  // Size 0 at the end: the box takes the rest.
  const ByteBuffer rest = hex("00000008 66726565 00000000 6d646174 010203");
  auto tail = list_top_level_boxes(rest.view());
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[1].header.size, 11u);
}

}  // namespace
}  // namespace streamforge::mp4

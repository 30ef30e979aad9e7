// Truncated, corrupt and hostile inputs: errors or clean partial results, never a crash or an
// unbounded allocation.
#include <gtest/gtest.h>

#include <random>

#include "mp4/box_registry.h"
#include "mp4_test_util.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"

namespace streamforge::mp4 {
namespace {

using testing::from_hex;
using testing::hex;

ByteBuffer protected_init() {
  TrackDescription t;
  t.stream.type = MediaType::kVideo;
  t.stream.codec = Codec::kH264;
  t.stream.extradata = SharedBytes::copy_of(from_hex(test::kX264HighAvcc));
  t.stream.width = 640;
  t.stream.height = 360;
  t.stream.color_primaries = "bt709";
  t.edit_media_time = 3000;
  t.protection = TrackProtection{};
  t.protection->pssh.push_back(ProtectionSystemSpecificHeaderBox{1, 0, {}, {KeyId{}}, hex("0102")});
  auto bytes = write_init_segment(t);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? std::move(bytes).value() : ByteBuffer();
}

ByteBuffer segment() {
  FragmentDescription f;
  f.samples = {{20, 3000, 3000, true}, {10, 3000, -3000, false}, {10, 3000, 0, false}};
  FragmentEncryption enc;
  for (int i = 0; i < 3; ++i) enc.samples.push_back({ByteBuffer(std::vector<uint8_t>(8, 1)), {{2, 8}}});
  enc.samples[0].subsamples = {{4, 16}};
  f.encryption = enc;
  ByteBuffer out = write_styp();
  out.append(*write_fragment_header(f));
  out.append(ByteBuffer(std::vector<uint8_t>(40, 0xee)));
  return out;
}

TEST(Hostile, EveryTruncationOfAnInitSegmentNeedsMoreData) {
  const ByteBuffer init = protected_init();
  ASSERT_TRUE(read_init_segment(init.view()).ok());
  for (size_t n = 0; n < init.size(); ++n) {
    auto r = read_init_segment(ByteView(init.view()).first(n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_TRUE(is_need_more_data(r.status())) << n << ": " << r.status().to_string();
  }
}

TEST(Hostile, EveryTruncationOfAFragmentNeedsMoreData) {
  const ByteBuffer seg = segment();
  ASSERT_TRUE(read_fragment(seg.view()).ok());
  for (size_t n = 0; n < seg.size(); ++n) {
    auto r = read_fragment(ByteView(seg.view()).first(n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_TRUE(is_need_more_data(r.status())) << n << ": " << r.status().to_string();
  }
}

TEST(Hostile, EveryTruncatedBoxFailsCleanly) {
  // Each box type fed a payload cut short at every length: a clean error, never a crash. (A box
  // whose remaining fields are all optional may also read fine.)
  const ByteBuffer init = protected_init();
  const ByteBuffer seg = segment();
  for (const ByteBuffer* source : {&init, &seg}) {
    auto boxes = list_top_level_boxes(source->view());
    ASSERT_TRUE(boxes.ok());
    for (const auto& box : *boxes) {
      const ByteView whole = ByteView(source->view()).subspan(box.offset, box.header.size);
      ASSERT_TRUE(detail::check_known_box(whole).ok()) << box.header.type.to_string();
      for (size_t n = 8; n < whole.size(); ++n) {
        // Rewrite the size field so the box is complete but its payload short.
        ByteBuffer cut(whole.first(n));
        for (int i = 0; i < 4; ++i) cut.data()[i] = static_cast<uint8_t>(n >> (24 - 8 * i));
        Status st = detail::check_known_box(cut.view());
        EXPECT_NE(st.code(), StatusCode::kInternal) << st.to_string();
      }
    }
  }
}

TEST(Hostile, CorruptChildSizesAreDataLoss) {
  ByteBuffer init = protected_init();
  auto boxes = list_top_level_boxes(init.view());
  ASSERT_TRUE(boxes.ok());
  const size_t moov_at = (*boxes)[1].offset;
  // The first child of moov (mvhd) claims more bytes than the moov holds.
  ByteBuffer bad = init;
  bad.data()[moov_at + 8] = 0x7f;
  auto r = read_init_segment(bad.view());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().to_string();
  EXPECT_NE(r.status().message().find("'moov'"), std::string::npos) << r.status().message();
  // A child size smaller than a header.
  bad = init;
  bad.data()[moov_at + 8] = 0;
  bad.data()[moov_at + 9] = 0;
  bad.data()[moov_at + 10] = 0;
  bad.data()[moov_at + 11] = 5;
  EXPECT_EQ(read_init_segment(bad.view()).status().code(), StatusCode::kDataLoss);
}

TEST(Hostile, SizeZeroAndLargesizeHeaders) {
  const ByteBuffer init = protected_init();
  auto boxes = list_top_level_boxes(init.view());
  ASSERT_TRUE(boxes.ok());
  const size_t moov_at = (*boxes)[1].offset;
  // moov with size 0: extends to the end of the data.
  ByteBuffer zero = init;
  for (int i = 0; i < 4; ++i) zero.data()[moov_at + static_cast<size_t>(i)] = 0;
  auto r = read_init_segment(zero.view());
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->tracks.size(), 1u);
  // moov with size 1 and a 64-bit largesize.
  ByteBuffer large(ByteView(init.view()).first(moov_at));
  const uint64_t moov_size = init.size() - moov_at + 8;
  large.append(hex("00000001 6d6f6f76"));
  for (int i = 7; i >= 0; --i) large.push_back(static_cast<uint8_t>(moov_size >> (8 * i)));
  large.append(ByteView(init.view()).subspan(moov_at + 8));
  r = read_init_segment(large.view());
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->end_offset, large.size());
  // A largesize far beyond the data: need more, not a giant allocation.
  ByteBuffer huge = large;
  huge.data()[moov_at + 8] = 0x7f;
  EXPECT_TRUE(is_need_more_data(read_init_segment(huge.view()).status()));
}

TEST(Hostile, HugeCountsDoNotAllocate) {
  // Each box claims 0xffffffff (or 0xffff) entries in a few bytes.
  const char* cases[] = {
      "00000014 73747473 00000000 ffffffff 00000001",                    // stts
      "00000014 73747363 00000000 ffffffff 00000001",                    // stsc
      "00000018 7374737a 00000000 00000000 ffffffff 00000001",           // stsz with a table
      "00000014 7374636f 00000000 ffffffff 00000001",                    // stco
      "00000014 656c7374 00000000 ffffffff 00000001",                    // elst
      "00000018 7472756e 00000200 ffffffff 00000001 00000002",           // trun with sizes
      "00000024 73696478 00000000 00000001 00015f90 00000000 00000000 0000ffff 00000001", // sidx
      "00000024 70737368 01000000 00000000000000000000000000000000 ffffffff 00000000",    // pssh v1
      "00000014 73656e63 00000000 ffffffff 00000001",                    // senc
      "00000015 7361697a 00000000 00 ffffffff 00000001",                 // saiz with a table
      "00000014 7361696f 00000000 ffffffff 00000001",                    // saio
      "0000001c 73677064 01000000 73656967 00000000 ffffffff 00000001",  // sgpd v1
      "00000018 73626770 00000000 73656967 ffffffff 00000001",           // sbgp
      "00000014 73747364 00000000 ffffffff 00000001",                    // stsd
  };
  for (const char* c : cases) {
    const ByteBuffer box = hex(c);
    ASSERT_TRUE(peek_box_header(box.view()).ok()) << c;
    ASSERT_EQ(peek_box_header(box.view())->size, box.size()) << c;
    Status st = detail::check_known_box(box.view());
    EXPECT_EQ(st.code(), StatusCode::kDataLoss) << c << ": " << st.to_string();
  }
  // A trun with no per-sample fields stores only its count: reading the box is fine, and
  // read_fragment refuses to expand an implausible number of default-only samples.
  const ByteBuffer frag = hex(
      "00000038 6d6f6f66"
      "00000010 6d666864 00000000 00000001"
      "00000020 74726166"
      "00000010 74666864 00020000 00000001"
      "00000010 7472756e 00000000 ffffffff"
      "00000008 6d646174");
  auto r = read_fragment(frag.view());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().to_string();
}

TEST(Hostile, RandomMutationsNeverCrash) {
  ByteBuffer both = protected_init();
  both.append(segment());
  std::mt19937 rng(7);
  for (int run = 0; run < 800; ++run) {
    ByteBuffer m = both;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) m.data()[rng() % m.size()] = static_cast<uint8_t>(rng());
    auto init = read_init_segment(m.view());
    if (init.ok()) {
      auto f = read_fragment(ByteView(m.view()).subspan(init->end_offset), &*init);
      if (f.ok()) {
        for (const auto& t : f->tracks) {
          for (const auto& s : t.samples) ASSERT_LE(s.offset + s.size, m.size() - init->end_offset);
        }
      }
    }
    auto scan = scan_top_level_boxes(m.view());
    if (scan.ok()) {
      for (const auto& b : scan->boxes) {
        Status st = detail::check_known_box(ByteView(m.view()).subspan(b.offset, b.header.size));
        ASSERT_NE(st.code(), StatusCode::kInternal) << st.to_string();
      }
    }
  }
}

}  // namespace
}  // namespace streamforge::mp4

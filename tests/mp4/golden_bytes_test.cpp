// Byte-exact checks against bytes worked out by hand from the specs (ISO/IEC 14496-12 unless noted).
#include <gtest/gtest.h>

#include "mp4_test_util.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/fragment_boxes.h"
#include "streamforge/mp4/index_boxes.h"
#include "streamforge/mp4/movie_boxes.h"
#include "streamforge/mp4/sample_entry_boxes.h"

namespace streamforge::mp4 {
namespace {

using testing::hex;

std::string written(const auto& box) {
  auto bytes = write_box(box);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? to_hex(*bytes) : std::string();
}

TEST(Golden, TfdtVersion1) {
  // §8.8.12: size 20, 'tfdt', version 1, flags 0, 64-bit baseMediaDecodeTime.
  EXPECT_EQ(written(TrackFragmentDecodeTimeBox{1, 0, 0x0102030405060708}),
            to_hex(hex("00000014 74666474 01 000000 0102030405060708")));
}

TEST(Golden, TfdtVersion0IsRead) {
  auto tfdt = read_box<TrackFragmentDecodeTimeBox>(hex("00000010 74666474 00 000000 00001000").view());
  ASSERT_TRUE(tfdt.ok());
  EXPECT_EQ(tfdt->version, 0);
  EXPECT_EQ(tfdt->base_media_decode_time, 4096u);
}

TEST(Golden, TrunVersion0) {
  // §8.8.8: flags 0x000201 = data-offset-present | sample-size-present; 2 samples of 100 and 200
  // bytes; data_offset 0x70. 8 + 4 + 4 + 4 + 2*4 = 28 bytes.
  TrackRunBox trun;
  trun.flags = TrackRunBox::kDataOffsetPresent | TrackRunBox::kSampleSizePresent;
  trun.sample_count = 2;
  trun.data_offset = 0x70;
  trun.samples = {{0, 100, 0, 0}, {0, 200, 0, 0}};
  EXPECT_EQ(written(trun), to_hex(hex("0000001c 7472756e 00 000201 00000002 00000070 00000064 000000c8")));
}

TEST(Golden, TrunVersion1SignedCompositionOffset) {
  // flags 0x000900 = sample-duration | sample-composition-time-offset; version 1 makes the offset
  // signed: -1000 = 0xfffffc18.
  TrackRunBox trun;
  trun.version = 1;
  trun.flags = TrackRunBox::kSampleDurationPresent | TrackRunBox::kSampleCompositionTimeOffsetPresent;
  trun.sample_count = 1;
  trun.samples = {{3000, 0, 0, -1000}};
  EXPECT_EQ(written(trun), to_hex(hex("00000018 7472756e 01 000900 00000001 00000bb8 fffffc18")));
}

TEST(Golden, MdhdLanguageUnd) {
  // §8.4.2: pad(1) + 'u','n','d' as 5-bit (c - 0x60): 0 10101 01110 00100 = 0x55c4.
  MediaHeaderBox mdhd;
  mdhd.timescale = 48000;
  EXPECT_EQ(written(mdhd),
            to_hex(hex("00000020 6d646864 00 000000 00000000 00000000 0000bb80 00000000 55c4 0000")));
  auto read = read_box<MediaHeaderBox>(hex("00000020 6d646864 00000000 00000000 00000000 0000bb80 00000000 15c7 0000").view());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->language, "eng");  // e=5 n=14 g=7: 0 00101 01110 00111 = 0x15c7
}

TEST(Golden, MdatHeader) {
  ByteBuffer small;
  EXPECT_EQ(append_mdat_header(100, small), 8u);
  EXPECT_EQ(to_hex(small), "0000006c6d646174");
  // 5 GiB does not fit the 32-bit size: size = 1, then largesize = payload + 16.
  ByteBuffer large;
  EXPECT_EQ(append_mdat_header(uint64_t{5} << 30, large), 16u);
  EXPECT_EQ(to_hex(large), to_hex(hex("00000001 6d646174 0000000140000010")));
  // The boundary: a payload of 2^32 - 9 bytes still fits (size 0xffffffff).
  EXPECT_EQ(mdat_header_size(0xfffffff7u), 8u);
  EXPECT_EQ(mdat_header_size(0xfffffff8u), 16u);
}

TEST(Golden, EsdsWithFourByteDescriptorLengths) {
  // 14496-14 §3.1.2 / 14496-1 §7.2.6: ES_Descriptor(3) { ES_ID 0, flags 0,
  //   DecoderConfigDescriptor(4) { objectTypeIndication 0x40, streamType 5 << 2 | reserved 1 = 0x15,
  //     bufferSizeDB 0, maxBitrate = avgBitrate = 128000 (0x1f400),
  //     DecoderSpecificInfo(5) { AudioSpecificConfig 0x1190: AAC LC, 48 kHz, stereo } }
  //   SLConfigDescriptor(6) { predefined 2 } }, every length as 0x80 0x80 0x80 n.
  ElementaryStreamDescriptorBox esds;
  esds.max_bitrate = 128000;
  esds.avg_bitrate = 128000;
  esds.decoder_specific_info = hex("1190");
  const ByteBuffer expected = hex(
      "00000033 65736473 00000000"
      "03 80808022 0000 00"
      "04 80808014 40 15 000000 0001f400 0001f400"
      "05 80808002 1190"
      "06 80808001 02");
  EXPECT_EQ(written(esds), to_hex(expected));

  // The same content with 1-byte lengths (another muxer's form) reads to the same fields.
  auto short_form = read_box<ElementaryStreamDescriptorBox>(
      hex("00000027 65736473 00000000 03 19 0000 00 04 11 40 15 000000 0001f400 0001f400 05 02 1190 06 01 02").view());
  ASSERT_TRUE(short_form.ok()) << short_form.status().to_string();
  EXPECT_TRUE(*short_form == esds);
}

TEST(Golden, SidxVersion0) {
  // §8.16.3: reference_ID 1, timescale 90000, earliest_presentation_time 0, first_offset 0,
  // reserved, reference_count 1; reference: type 0 | size 1000, duration 180000,
  // starts_with_SAP 1 | SAP_type 1 | delta 0 = 0x90000000.
  SidxDescription d;
  d.reference_id = 1;
  d.timescale = 90000;
  d.references = {{1000, 180000, true, 1}};
  EXPECT_EQ(to_hex(write_sidx(d)),
            to_hex(hex("0000002c 73696478 00000000 00000001 00015f90 00000000 00000000 0000 0001"
                       "000003e8 0002bf20 90000000")));
  // A 64-bit earliest presentation time selects version 1 (two 64-bit fields: 8 bytes more).
  d.earliest_presentation_time = uint64_t{1} << 32;
  const ByteBuffer v1 = write_sidx(d);
  ASSERT_EQ(v1.size(), 0x2cu + 8);
  EXPECT_EQ(v1.data()[8], 1);
  // Out-of-range references give an empty buffer.
  d.references[0].referenced_size = 0x80000000u;
  EXPECT_TRUE(write_sidx(d).empty());
}

TEST(Golden, ElstVersion0) {
  EditListBox elst;
  elst.entries = {{0, 1024, 1, 0}};
  EXPECT_EQ(written(elst), to_hex(hex("0000001c 656c7374 00000000 00000001 00000000 00000400 0001 0000")));
}

TEST(Golden, Styp) {
  EXPECT_EQ(to_hex(write_styp()), to_hex(hex("00000018 73747970 6d736468 00000000 6d736468 636d6673")));
}

TEST(Golden, AudioFragmentHeader) {
  // Two AAC frames of 1024 ticks, 10 and 20 bytes. Shared duration and flags go to tfhd
  // (flags 0x020028: default-base-is-moof | default-sample-duration | default-sample-flags);
  // sample_depends_on = 2 for sync samples: 0x02000000.
  FragmentDescription f;
  f.sequence_number = 1;
  f.track_id = 1;
  f.samples = {{10, 1024, 0, true}, {20, 1024, 0, true}};
  auto bytes = write_fragment_header(f);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  const ByteBuffer expected = hex(
      "00000068 6d6f6f66"                                               // moof, 104 bytes
      "00000010 6d666864 00000000 00000001"                             // mfhd, sequence 1
      "00000050 74726166"                                               // traf, 80 bytes
      "00000018 74666864 00020028 00000001 00000400 02000000"           // tfhd
      "00000014 74666474 01000000 0000000000000000"                     // tfdt v1
      "0000001c 7472756e 00000201 00000002 00000070 0000000a 00000014"  // trun, data_offset 104 + 8
      "00000026 6d646174");                                             // mdat header, 8 + 30
  EXPECT_EQ(to_hex(*bytes), to_hex(expected));
}

}  // namespace
}  // namespace streamforge::mp4

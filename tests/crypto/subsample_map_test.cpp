// Subsample maps on hand-built H.264 / HEVC samples (exact header ends known, emulation prevention
// inside the header), the map builder's rules (alignment, merging, 16-bit clear runs), VP9 superframes,
// and full-sample codecs.
#include "streamforge/crypto/subsample_map.h"

#include <gtest/gtest.h>

#include "crypto/subsample_builder.h"
#include "crypto_test_util.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "synthetic_streams.h"

namespace streamforge::crypto {
namespace {

using testing::BuiltNal;
using testing::from_hex;
using testing::payload_bytes;
using testing::sample_of;

ByteBuffer avcc_for(bool cabac) {
  const ByteBuffer sps = testing::h264_sps(), pps = testing::h264_pps(cabac);
  auto rec = AvcDecoderConfigurationRecord::from_parameter_sets({sps.view()}, {pps.view()});
  EXPECT_TRUE(rec.ok()) << rec.status().to_string();
  return rec->serialize().value();
}

ByteBuffer hvcc() {
  const ByteBuffer sps = testing::hevc_sps(), pps = testing::hevc_pps();
  // A minimal VPS is not needed by the slice parser; hvcC only stores arrays.
  HevcDecoderConfigurationRecord rec;
  rec.length_size_minus_one = 3;
  rec.arrays.push_back({true, 33, {sps}});
  rec.arrays.push_back({true, 34, {pps}});
  return rec.serialize().value();
}

std::vector<Subsample> map_ok(Scheme scheme, Codec codec, ByteView sample, ByteView config) {
  auto map = subsample_map(scheme, codec, sample, config);
  EXPECT_TRUE(map.ok()) << map.status().to_string();
  if (!map.ok()) return {};
  EXPECT_TRUE(validate_subsample_map(*map, sample.size()).ok());
  return *map;
}

// ---- Builder ----

TEST(SubsampleBuilder, MergesClearRunsAndEndsWithTheTrailingClearBytes) {
  detail::SubsampleBuilder b(false);
  b.add(4, 0);
  b.add(10, 0);
  b.add(6, 100);
  b.add(7, 0);
  const std::vector<Subsample> expected = {{20, 100}, {7, 0}};
  EXPECT_EQ(b.finish(), expected);
}

TEST(SubsampleBuilder, AlignsProtectedRangesAtTheirStart) {
  detail::SubsampleBuilder b(true);
  b.add(5, 100);  // 100 = 6 * 16 + 4: the 4 extra bytes join the clear run
  b.add(5, 15);   // nothing whole: all clear
  b.add(1, 32);
  const std::vector<Subsample> expected = {{9, 96}, {21, 32}};
  EXPECT_EQ(b.finish(), expected);
}

TEST(SubsampleBuilder, SplitsClearRunsAbove65535) {
  detail::SubsampleBuilder b(false);
  b.add(70000, 0);
  b.add(65535 + 65535 + 10, 16);
  // 70000 + 131080 clear bytes = 3 * 65535 + 4475.
  const std::vector<Subsample> expected = {{65535, 0}, {65535, 0}, {65535, 0}, {4475, 16}};
  const std::vector<Subsample> got = b.finish();
  EXPECT_EQ(got, expected);
  uint64_t total = 0;
  for (const Subsample& s : got) total += s.clear_bytes + s.protected_bytes;
  EXPECT_EQ(total, 70000u + 65535 + 65535 + 10 + 16);
}

TEST(SubsampleBuilder, EmptyInputGivesOneEmptySubsample) {
  detail::SubsampleBuilder b(true);
  const std::vector<Subsample> expected = {{0, 0}};
  EXPECT_EQ(b.finish(), expected);
}

// ---- H.264 ----

TEST(H264Map, ParameterSetsAndSeiClearSliceHeaderClearThenSliceData) {
  for (bool cabac : {false, true}) {
    SCOPED_TRACE(cabac ? "CABAC" : "CAVLC");
    const BuiltNal slice = testing::h264_idr_slice(cabac, 5, payload_bytes(200));
    const ByteBuffer sei = from_hex("0605112233445580");
    const ByteBuffer aud = from_hex("0910");
    const ByteBuffer sample = sample_of({aud, testing::h264_sps(), testing::h264_pps(cabac), sei, slice.bytes});
    const size_t before_slice = sample.size() - slice.bytes.size();  // includes the slice's length field

    const auto cbcs = map_ok(Scheme::kCbcs, Codec::kH264, sample, avcc_for(cabac));
    const std::vector<Subsample> expected_cbcs = {{static_cast<uint32_t>(before_slice + slice.header_size),
                                                   static_cast<uint32_t>(slice.bytes.size() - slice.header_size)}};
    EXPECT_EQ(cbcs, expected_cbcs);

    const auto cenc = map_ok(Scheme::kCenc, Codec::kH264, sample, avcc_for(cabac));
    const uint32_t prot = static_cast<uint32_t>((slice.bytes.size() - slice.header_size) / 16 * 16);
    const std::vector<Subsample> expected_cenc = {{static_cast<uint32_t>(sample.size() - prot), prot}};
    EXPECT_EQ(cenc, expected_cenc);
  }
}

TEST(H264Map, EmulationPreventionInsideTheSliceHeaderIsCounted) {
  const BuiltNal slice = testing::h264_idr_slice(false, 32772, payload_bytes(64));
  // 31 zero bits in the header: the escaped header is one byte longer than the RBSP header.
  size_t epb = 0;
  for (size_t i = 3; i < slice.header_size; ++i) {
    if (slice.bytes.data()[i] == 3 && slice.bytes.data()[i - 1] == 0 && slice.bytes.data()[i - 2] == 0) ++epb;
  }
  ASSERT_EQ(epb, 1u);
  const ByteBuffer sample = sample_of({slice.bytes});
  const auto map = map_ok(Scheme::kCbcs, Codec::kH264, sample, avcc_for(false));
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(map[0].clear_bytes, 4 + slice.header_size);
}

TEST(H264Map, InBandParameterSetsWorkWithoutACodecConfig) {
  const BuiltNal slice = testing::h264_idr_slice(true, 1, payload_bytes(80));
  const BuiltNal slice3 = testing::h264_idr_slice(true, 1, payload_bytes(80), 3);  // refers to PPS 3
  const ByteBuffer sample = sample_of({testing::h264_sps(), testing::h264_pps(true, 3), slice3.bytes});
  const auto map = map_ok(Scheme::kCbcs, Codec::kH264, sample, {});
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(map[0].protected_bytes, slice3.bytes.size() - slice3.header_size);
  // Annex B extradata is accepted as the configuration too.
  ByteBuffer annexb = from_hex("00000001");
  annexb.append(testing::h264_sps());
  annexb.append(from_hex("00000001"));
  annexb.append(testing::h264_pps(true));
  const auto map2 = map_ok(Scheme::kCbcs, Codec::kH264, sample_of({slice.bytes}), annexb);
  ASSERT_EQ(map2.size(), 1u);
  EXPECT_EQ(map2[0].clear_bytes, 4 + slice.header_size);
}

TEST(H264Map, LargeClearNalUnitsSplitInto16BitRuns) {
  ByteBuffer big_sei = from_hex("06");
  big_sei.append(payload_bytes(150000));
  const BuiltNal slice = testing::h264_idr_slice(false, 0, payload_bytes(100));
  const ByteBuffer sample = sample_of({big_sei, slice.bytes});
  const auto map = map_ok(Scheme::kCenc, Codec::kH264, sample, avcc_for(false));
  ASSERT_EQ(map.size(), 3u);
  EXPECT_EQ(map[0], (Subsample{65535, 0}));
  EXPECT_EQ(map[1], (Subsample{65535, 0}));
  for (const Subsample& s : map) EXPECT_LE(s.clear_bytes, 65535u);
  EXPECT_EQ(map[2].protected_bytes % 16, 0u);
  EXPECT_GT(map[2].protected_bytes, 0u);
}

TEST(H264Map, TinySlicesAndZeroLengthNalUnitsStayClear) {
  const BuiltNal tiny = testing::h264_idr_slice(false, 0, payload_bytes(3));
  const ByteBuffer empty_nal;
  const ByteBuffer sample = sample_of({tiny.bytes, empty_nal});
  const auto cenc = map_ok(Scheme::kCenc, Codec::kH264, sample, avcc_for(false));
  EXPECT_EQ(cenc, (std::vector<Subsample>{{static_cast<uint32_t>(sample.size()), 0}}));
  // 'cbcs' keeps the (sub-block) slice data as a protected range: the pattern leaves it clear anyway.
  const auto cbcs = map_ok(Scheme::kCbcs, Codec::kH264, sample, avcc_for(false));
  ASSERT_EQ(cbcs.size(), 2u);
  EXPECT_EQ(cbcs[0].protected_bytes, tiny.bytes.size() - tiny.header_size);
  EXPECT_EQ(cbcs[1], (Subsample{4, 0}));
}

TEST(H264Map, TwoByteNalLengthsFromAvcc) {
  const ByteBuffer sps = testing::h264_sps(), pps = testing::h264_pps(false);
  auto rec = AvcDecoderConfigurationRecord::from_parameter_sets({sps.view()}, {pps.view()});
  ASSERT_TRUE(rec.ok());
  rec->length_size_minus_one = 1;
  const BuiltNal slice = testing::h264_idr_slice(false, 9, payload_bytes(40));
  ByteBuffer sample = from_hex("00");
  sample.push_back(static_cast<uint8_t>(slice.bytes.size()));
  sample.append(slice.bytes);
  const auto map = map_ok(Scheme::kCbcs, Codec::kH264, sample, rec->serialize().value());
  EXPECT_EQ(map, (std::vector<Subsample>{{static_cast<uint32_t>(2 + slice.header_size),
                                          static_cast<uint32_t>(slice.bytes.size() - slice.header_size)}}));
}

// ---- HEVC ----

TEST(HevcMap, IdrWithEntryPointsAndHeaderExtension) {
  const BuiltNal slice = testing::hevc_idr_slice(payload_bytes(300));
  const ByteBuffer sample = sample_of({from_hex("4e0105ff80"), slice.bytes});  // prefix SEI + slice
  const auto map = map_ok(Scheme::kCbcs, Codec::kHevc, sample, hvcc());
  EXPECT_EQ(map, (std::vector<Subsample>{{static_cast<uint32_t>(4 + 5 + 4 + slice.header_size),
                                          static_cast<uint32_t>(slice.bytes.size() - slice.header_size)}}));
}

TEST(HevcMap, PSlicesWithPredictedRpsListModificationAndWeights) {
  const BuiltNal first = testing::hevc_p_slice(payload_bytes(100), true);
  const BuiltNal second = testing::hevc_p_slice(payload_bytes(90, 7), false);
  const ByteBuffer sample = sample_of({first.bytes, second.bytes});
  const auto map = map_ok(Scheme::kCbcs, Codec::kHevc, sample, hvcc());
  ASSERT_EQ(map.size(), 2u);
  EXPECT_EQ(map[0].clear_bytes, 4 + first.header_size);
  EXPECT_EQ(map[1].clear_bytes, 4 + second.header_size);
  EXPECT_EQ(map[1].protected_bytes, second.bytes.size() - second.header_size);
}

TEST(HevcMap, OtherLayersAndReservedTypesStayClear) {
  ByteBuffer layer1 = testing::hevc_idr_slice(payload_bytes(64)).bytes;
  layer1.data()[1] = static_cast<uint8_t>((1 << 3) | 1);  // nuh_layer_id 1
  ByteBuffer reserved = from_hex("1601");                 // type 11 (RSV_VCL_R11)
  reserved.append(payload_bytes(64));
  const ByteBuffer sample = sample_of({layer1, reserved});
  EXPECT_EQ(map_ok(Scheme::kCenc, Codec::kHevc, sample, hvcc()),
            (std::vector<Subsample>{{static_cast<uint32_t>(sample.size()), 0}}));
}

TEST(HevcMap, MisparsedHeadersAreCaughtByTheAlignmentBits) {
  BuiltNal slice = testing::hevc_idr_slice(payload_bytes(64));
  // Flip alignment_bit_equal_to_one (the last header byte's first alignment bit is somewhere in it):
  // zero the whole last header byte, which must contain that 1 bit.
  slice.bytes.data()[slice.header_size - 1] = 0;
  auto map = subsample_map(Scheme::kCbcs, Codec::kHevc, sample_of({slice.bytes}), hvcc());
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), StatusCode::kDataLoss);
}

// ---- Parameter set errors ----

TEST(NalMap, UnknownPpsIsNotFound) {
  const BuiltNal slice = testing::h264_idr_slice(false, 1, payload_bytes(32), 7);  // PPS 7 never given
  auto map = subsample_map(Scheme::kCenc, Codec::kH264, sample_of({slice.bytes}), avcc_for(false));
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), StatusCode::kNotFound);
  EXPECT_NE(map.status().message().find("PPS 7"), std::string::npos) << map.status().message();
}

TEST(NalMap, BadCodecConfigIsInvalidArgument) {
  auto m = SubsampleMapper::create(Scheme::kCenc, Codec::kH264, from_hex("0164"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  auto h = SubsampleMapper::create(Scheme::kCenc, Codec::kHevc, from_hex("01"));
  EXPECT_FALSE(h.ok());
}

// ---- VP9 ----

// A VP9 keyframe header (profile 0, 64x64) followed by a compressed header of `compressed` bytes.
ByteBuffer vp9_keyframe(size_t body) {
  BitWriter w;
  w.write_bits(2, 2);          // frame_marker
  w.write_bits(0, 2);          // profile 0
  w.write_flag(false);         // show_existing_frame
  w.write_flag(false);         // frame_type KEY_FRAME
  w.write_flag(true);          // show_frame
  w.write_flag(false);         // error_resilient_mode
  w.write_bits(0x498342, 24);  // frame_sync_code
  w.write_bits(1, 3);          // color_space BT.601
  w.write_flag(false);         // color_range
  w.write_bits(63, 16);        // frame_width_minus_1
  w.write_bits(63, 16);        // frame_height_minus_1
  w.write_flag(false);         // render_and_frame_size_different
  w.write_flag(true);          // refresh_frame_context
  w.write_flag(true);          // frame_parallel_decoding_mode
  w.write_bits(0, 2);          // frame_context_idx
  w.write_bits(10, 6);         // loop_filter_level
  w.write_bits(0, 3);          // loop_filter_sharpness
  w.write_flag(false);         // loop_filter_delta_enabled
  w.write_bits(60, 8);         // base_q_idx
  w.write_bits(0, 3);          // delta_q_*: not coded
  w.write_flag(false);         // segmentation_enabled
  // tile_info: 64 px -> Sb64Cols 1: no increment bits
  w.write_flag(false);  // tile_rows_log2
  w.write_bits(8, 16);  // header_size_in_bytes
  w.align_zero();
  ByteBuffer out = w.finish();
  out.append(payload_bytes(body));
  return out;
}

TEST(Vp9Map, FramesOfASuperframeEachKeepTheirUncompressedHeaderClearAndTheIndexClear) {
  const ByteBuffer a = vp9_keyframe(100), b = vp9_keyframe(37);
  const size_t header = 14;  // 8 + 24 + 4 + 32 + 1 + 4 + 10 + 11 + 1 + 1 + 16 = 112 bits
  ByteBuffer sf;
  sf.append(a);
  sf.append(b);
  // Superframe index: marker 0b110 | bytes_per_framesize_minus_1 (0) << 3 | frames_minus_1 (1).
  const uint8_t marker = 0xc0 | (0 << 3) | 1;
  sf.push_back(marker);
  sf.push_back(static_cast<uint8_t>(a.size()));
  sf.push_back(static_cast<uint8_t>(b.size()));
  sf.push_back(marker);
  for (Scheme scheme : {Scheme::kCenc, Scheme::kCbcs}) {
    const auto map = map_ok(scheme, Codec::kVp9, sf, {});
    ASSERT_EQ(map.size(), 3u);
    const uint32_t pa = static_cast<uint32_t>((a.size() - header) / 16 * 16);
    const uint32_t pb = static_cast<uint32_t>((b.size() - header) / 16 * 16);
    EXPECT_EQ(map[0], (Subsample{static_cast<uint32_t>(a.size() - pa), pa}));
    EXPECT_EQ(map[1], (Subsample{static_cast<uint32_t>(b.size() - pb), pb}));
    EXPECT_EQ(map[2], (Subsample{4, 0}));  // the index
  }
}

TEST(Vp9Map, InterFrameWithoutAnEarlierKeyframeIsFailedPrecondition) {
  // Non-key, shown frame taking its size from reference slot 0.
  BitWriter w;
  w.write_bits(2, 2);
  w.write_bits(0, 2);
  w.write_flag(false);                             // show_existing_frame
  w.write_flag(true);                              // non-key
  w.write_flag(true);                              // show_frame
  w.write_flag(false);                             // error_resilient_mode
  w.write_bits(0, 2);                              // reset_frame_context
  w.write_bits(1, 8);                              // refresh_frame_flags
  for (int i = 0; i < 3; ++i) w.write_bits(0, 4);  // ref_frame_idx + sign bias
  w.write_flag(true);                              // found_ref
  ByteBuffer frame = w.finish();
  frame.append(payload_bytes(40));
  auto map = subsample_map(Scheme::kCenc, Codec::kVp9, frame, {});
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), StatusCode::kFailedPrecondition);
}

// ---- Full-sample codecs and unsupported ones ----

TEST(FullSample, AudioCodecsHaveEmptyMaps) {
  for (Codec codec : {Codec::kAac, Codec::kOpus, Codec::kAc3, Codec::kEac3, Codec::kMp3}) {
    EXPECT_FALSE(uses_subsample_encryption(codec));
    auto map = subsample_map(Scheme::kCbcs, codec, payload_bytes(100), {});
    ASSERT_TRUE(map.ok());
    EXPECT_TRUE(map->empty());
  }
}

TEST(FullSample, UnknownVideoCodecsAreUnimplemented) {
  for (Codec codec : {Codec::kUnknown, Codec::kOther}) {
    auto m = SubsampleMapper::create(Scheme::kCenc, codec, {});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), StatusCode::kUnimplemented);
  }
}

TEST(ValidateMap, CoverageMustBeExact) {
  const std::vector<Subsample> map = {{10, 32}, {5, 0}};
  EXPECT_TRUE(validate_subsample_map(map, 47).ok());
  EXPECT_EQ(validate_subsample_map(map, 48).code(), StatusCode::kDataLoss);
  EXPECT_EQ(validate_subsample_map(map, 46).code(), StatusCode::kDataLoss);
  EXPECT_TRUE(validate_subsample_map({}, 123).ok());  // full sample
  const std::vector<Subsample> huge = {{0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}};
  EXPECT_EQ(validate_subsample_map(huge, 100).code(), StatusCode::kDataLoss);
  EXPECT_EQ(protected_bytes(map), 32u);
}

}  // namespace
}  // namespace streamforge::crypto

// Hostile samples: every codec's mapper answers DataLoss (or another error), never crashes, and never
// returns a map that does not cover the sample.
#include <gtest/gtest.h>

#include <random>

#include "crypto_test_util.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/crypto/subsample_map.h"
#include "streamforge/media/avc_config.h"
#include "synthetic_streams.h"

namespace streamforge::crypto {
namespace {

using testing::from_hex;
using testing::payload_bytes;

ByteBuffer avcc() {
  const ByteBuffer sps = testing::h264_sps(), pps = testing::h264_pps(true);
  return AvcDecoderConfigurationRecord::from_parameter_sets({sps.view()}, {pps.view()})->serialize().value();
}

StatusCode map_code(Codec codec, ByteView sample, ByteView config = {}) {
  auto map = subsample_map(Scheme::kCenc, codec, sample, config);
  if (map.ok()) {
    EXPECT_TRUE(validate_subsample_map(*map, sample.size()).ok());
    return StatusCode::kOk;
  }
  return map.status().code();
}

TEST(HostileNal, TruncatedLengthFieldsAndOverlongLengths) {
  const ByteBuffer slice = testing::h264_idr_slice(true, 1, payload_bytes(40)).bytes;
  ByteBuffer good = testing::sample_of({slice});
  EXPECT_EQ(map_code(Codec::kH264, good, avcc()), StatusCode::kOk);
  // Every truncation of a valid sample is refused (a length field or NAL unit cut short), or, cut right
  // after a complete NAL unit, fine.
  for (size_t n = 1; n < good.size(); ++n) {
    const StatusCode code = map_code(Codec::kH264, good.view().first(n), avcc());
    EXPECT_EQ(code, StatusCode::kDataLoss) << "cut at " << n;
  }
  EXPECT_EQ(map_code(Codec::kH264, from_hex("00000010aabb"), avcc()), StatusCode::kDataLoss);  // length > sample
  EXPECT_EQ(map_code(Codec::kH264, from_hex("ffffffff"), avcc()), StatusCode::kDataLoss);
  EXPECT_EQ(map_code(Codec::kHevc, from_hex("00000001"), {}), StatusCode::kDataLoss);        // 1-byte HEVC NAL
  EXPECT_EQ(map_code(Codec::kH264, from_hex("00000001e5"), avcc()), StatusCode::kDataLoss);  // forbidden bit
}

TEST(HostileNal, ZeroSizeNalUnitsAreClear) {
  EXPECT_EQ(map_code(Codec::kH264, from_hex("0000000000000000"), avcc()), StatusCode::kOk);
  auto map = subsample_map(Scheme::kCbcs, Codec::kHevc, from_hex("00000000"), {});
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(*map, (std::vector<Subsample>{{4, 0}}));
  auto empty = subsample_map(Scheme::kCbcs, Codec::kH264, {}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, (std::vector<Subsample>{{0, 0}}));
}

TEST(HostileNal, TruncatedSliceHeadersAreDataLoss) {
  const testing::BuiltNal slice = testing::h264_idr_slice(false, 32772, payload_bytes(10));
  for (size_t n = 1; n < slice.header_size; ++n) {
    const ByteBuffer sample = testing::sample_of({ByteBuffer(slice.bytes.view().first(n))});
    EXPECT_EQ(map_code(Codec::kH264, sample, avcc()), StatusCode::kDataLoss) << n;
  }
}

TEST(HostileAll, RandomBytesNeverCrashAnyCodec) {
  std::mt19937 rng(7);
  const ByteBuffer av1c = from_hex("81050c000a0b0000002d4cffb3ccaf9004");
  const ByteBuffer configs[] = {avcc(), {}, {}, av1c};
  const Codec codecs[] = {Codec::kH264, Codec::kHevc, Codec::kVp9, Codec::kAv1};
  int refused = 0;
  for (int round = 0; round < 400; ++round) {
    ByteBuffer sample(rng() % 300);
    for (size_t i = 0; i < sample.size(); ++i) sample.data()[i] = static_cast<uint8_t>(rng());
    if (round % 3 == 0 && sample.size() >= 4) {  // plausible NAL length fields
      const uint32_t len = static_cast<uint32_t>(sample.size() - 4);
      sample.data()[0] = 0;
      sample.data()[1] = 0;
      sample.data()[2] = static_cast<uint8_t>(len >> 8);
      sample.data()[3] = static_cast<uint8_t>(len);
    }
    for (size_t c = 0; c < 4; ++c) {
      for (Scheme scheme : {Scheme::kCenc, Scheme::kCbcs}) {
        auto mapper = SubsampleMapper::create(scheme, codecs[c], configs[c]);
        ASSERT_TRUE(mapper.ok());
        for (int twice = 0; twice < 2; ++twice) {
          auto map = (*mapper)->map(sample);
          if (!map.ok()) {
            ++refused;
            EXPECT_NE(map.status().code(), StatusCode::kInternal) << map.status().to_string();
            continue;
          }
          EXPECT_TRUE(validate_subsample_map(*map, sample.size()).ok());
          for (const Subsample& s : *map) EXPECT_LE(s.clear_bytes, 0xffffu);
        }
      }
    }
  }
  EXPECT_GT(refused, 1000);
}

TEST(HostileAv1, GarbageObusAndMissingSequenceHeaders) {
  // A frame OBU without any sequence header.
  EXPECT_EQ(map_code(Codec::kAv1, from_hex("3203100000")), StatusCode::kFailedPrecondition);
  // obu_size past the end; forbidden bit; a tile list OBU.
  EXPECT_EQ(map_code(Codec::kAv1, from_hex("327f00")), StatusCode::kDataLoss);
  EXPECT_EQ(map_code(Codec::kAv1, from_hex("b20100")), StatusCode::kDataLoss);
  EXPECT_EQ(map_code(Codec::kAv1, from_hex("420100")), StatusCode::kUnimplemented);
  // A tile group without a frame header.
  EXPECT_EQ(map_code(Codec::kAv1, from_hex("220100"), from_hex("81050c000a0b0000002d4cffb3ccaf9004")),
            StatusCode::kDataLoss);
  // Temporal delimiter + metadata + padding only: all clear.
  auto map = subsample_map(Scheme::kCenc, Codec::kAv1, from_hex("12002a0201027a0100"), {});
  ASSERT_TRUE(map.ok()) << map.status().to_string();
  EXPECT_EQ(*map, (std::vector<Subsample>{{9, 0}}));
}

TEST(HostileVp9, BadMarkersAndSuperframeIndexes) {
  EXPECT_EQ(map_code(Codec::kVp9, from_hex("00")), StatusCode::kDataLoss);  // frame_marker 0
  EXPECT_EQ(map_code(Codec::kVp9, {}), StatusCode::kDataLoss);
  // Keyframe with a bad sync code.
  EXPECT_EQ(map_code(Codec::kVp9, from_hex("8249834300")), StatusCode::kDataLoss);
  // A superframe index promising more bytes than there are.
  EXPECT_EQ(map_code(Codec::kVp9, from_hex("82c1ff01c1")), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace streamforge::crypto

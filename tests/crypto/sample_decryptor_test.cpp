// SampleDecryptor: both schemes round trip hand-made maps; bad maps and IVs are refused without
// touching the sample.
#include "streamforge/crypto/sample_decryptor.h"

#include <gtest/gtest.h>

#include "crypto_test_util.h"
#include "streamforge/crypto/aes.h"
#include "synthetic_streams.h"

namespace streamforge::crypto {
namespace {

using testing::from_hex;
using testing::payload_bytes;

TEST(SampleDecryptor, CencSubsamplesFormOneKeystreamAcrossPartialBlocks) {
  // A map from another packager: protected sizes not multiples of 16.
  const ByteBuffer clear = payload_bytes(100);
  SampleEncryptionInfo info{from_hex("0102030405060708"), {{3, 10}, {5, 21}, {7, 0}, {2, 52}}};
  // Reference: the protected bytes, concatenated, XORed with one keystream.
  ByteBuffer encrypted = clear;
  ByteBuffer stream;
  size_t pos = 0;
  for (const Subsample& s : info.subsamples) {
    pos += s.clear_bytes;
    stream.append(clear.view().subspan(pos, s.protected_bytes));
    pos += s.protected_bytes;
  }
  ASSERT_TRUE(aes_ctr_xcrypt(testing::test_key(), info.iv, stream.mutable_view()).ok());
  pos = 0;
  size_t k = 0;
  for (const Subsample& s : info.subsamples) {
    pos += s.clear_bytes;
    for (uint32_t i = 0; i < s.protected_bytes; ++i) encrypted.data()[pos + i] = stream.data()[k++];
    pos += s.protected_bytes;
  }
  auto dec = SampleDecryptor::create(Scheme::kCenc, testing::test_key());
  ASSERT_TRUE(dec.ok());
  ASSERT_TRUE((*dec)->decrypt(encrypted.mutable_view(), info).ok());
  EXPECT_EQ(encrypted, clear);
}

TEST(SampleDecryptor, CbcsWithAPerSampleIvOverridesTheConstantOne) {
  const ByteBuffer clear = payload_bytes(64);
  const ByteBuffer iv = from_hex("ffeeddccbbaa99887766554433221100");
  ByteBuffer sample = clear;
  ASSERT_TRUE(aes_cbc_encrypt(testing::test_key(), iv, sample.mutable_view().subspan(4, 16)).ok());
  auto dec =
      SampleDecryptor::create(Scheme::kCbcs, testing::test_key(), from_hex("000102030405060708090a0b0c0d0e0f"), 1, 9);
  ASSERT_TRUE(dec.ok());
  ASSERT_TRUE((*dec)->decrypt(sample.mutable_view(), {iv, {{4, 60}}}).ok());
  EXPECT_EQ(sample, clear);
}

TEST(SampleDecryptor, MapsThatDoNotCoverTheSampleAreDataLossAndTouchNothing) {
  auto cenc = SampleDecryptor::create(Scheme::kCenc, testing::test_key());
  auto cbcs = SampleDecryptor::create(Scheme::kCbcs, testing::test_key(), from_hex("000102030405060708090a0b0c0d0e0f"));
  ASSERT_TRUE(cenc.ok() && cbcs.ok());
  const ByteBuffer original = payload_bytes(40);
  const std::vector<std::vector<Subsample>> bad_maps = {
      {{10, 20}},                                 // short
      {{10, 40}},                                 // long
      {{0xffff, 0xffffffffu}, {1, 0xffffffffu}},  // overflowing
      {{0, 0}},                                   // nothing for 40 bytes
  };
  for (const auto& map : bad_maps) {
    ByteBuffer sample = original;
    EXPECT_EQ((*cenc)->decrypt(sample.mutable_view(), {from_hex("0102030405060708"), map}).code(),
              StatusCode::kDataLoss);
    EXPECT_EQ((*cbcs)->decrypt(sample.mutable_view(), {{}, map}).code(), StatusCode::kDataLoss);
    EXPECT_EQ(sample, original);
  }
}

TEST(SampleDecryptor, MissingOrBadIvsAreInvalidArgument) {
  auto cenc = SampleDecryptor::create(Scheme::kCenc, testing::test_key());
  auto cbcs = SampleDecryptor::create(Scheme::kCbcs, testing::test_key());  // no constant IV
  ASSERT_TRUE(cenc.ok() && cbcs.ok());
  ByteBuffer sample = payload_bytes(32);
  EXPECT_EQ((*cenc)->decrypt(sample.mutable_view(), {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*cenc)->decrypt(sample.mutable_view(), {from_hex("0102"), {}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*cbcs)->decrypt(sample.mutable_view(), {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sample, payload_bytes(32));
  EXPECT_FALSE(SampleDecryptor::create(Scheme::kCbcs, testing::test_key(), from_hex("0102030405060708")).ok());
  EXPECT_FALSE(SampleDecryptor::create(Scheme::kCbcs, testing::test_key(), {}, 0, 9).ok());
  EXPECT_FALSE(SampleDecryptor::create(Scheme::kCbcs, testing::test_key(), {}, 16, 0).ok());
  EXPECT_FALSE(SampleDecryptor::create(Scheme::kCenc, testing::test_key(), from_hex("0102")).ok());
}

}  // namespace
}  // namespace streamforge::crypto

// SampleEncryptor: config validation, IV progression, pattern rules, key rotation, accessors.
#include "streamforge/crypto/sample_encryptor.h"

#include <gtest/gtest.h>

#include "crypto_test_util.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/media/avc_config.h"
#include "synthetic_streams.h"

namespace streamforge::crypto {
namespace {

using testing::from_hex;
using testing::payload_bytes;

TrackEncryptionConfig audio_config(Scheme scheme, std::string_view iv_hex) {
  TrackEncryptionConfig c;
  c.scheme = scheme;
  c.codec = Codec::kAac;
  c.key = testing::test_key();
  c.iv = from_hex(iv_hex);
  return c;
}

TEST(TrackEncryptionConfig, ValidateNamesTheField) {
  TrackEncryptionConfig c = audio_config(Scheme::kCenc, "0102030405");
  EXPECT_EQ(c.validate().field(), "iv");
  c.iv = from_hex("0102030405060708");
  EXPECT_TRUE(c.validate().ok());
  c.scheme = Scheme::kCbcs;  // needs the 16-byte constant IV
  EXPECT_EQ(c.validate().field(), "iv");
  c.iv = from_hex("000102030405060708090a0b0c0d0e0f");
  EXPECT_TRUE(c.validate().ok());
  c.codec = Codec::kH264;
  c.crypt_byte_block = 16;
  EXPECT_EQ(c.validate().field(), "crypt_byte_block");
  c.crypt_byte_block = 0;
  c.skip_byte_block = 9;
  EXPECT_EQ(c.validate().field(), "crypt_byte_block");
  c.crypt_byte_block = 1;
  c.key = Key{};
  EXPECT_EQ(c.validate().field(), "key");
  auto enc = SampleEncryptor::create(c);
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), StatusCode::kInvalidArgument);
}

TEST(SampleEncryptor, EightByteIvsCountUpByOneWithCarry) {
  auto enc = SampleEncryptor::create(audio_config(Scheme::kCenc, "00000000000000fe"));
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ((*enc)->per_sample_iv_size(), 8);
  EXPECT_TRUE((*enc)->constant_iv().empty());
  EXPECT_FALSE((*enc)->uses_subsamples());
  const char* expected[] = {"00000000000000fe", "00000000000000ff", "0000000000000100", "0000000000000101"};
  for (const char* iv : expected) {
    ByteBuffer sample = payload_bytes(70);
    auto info = (*enc)->encrypt(sample.mutable_view());
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(to_hex(info->iv), iv);
    EXPECT_TRUE(info->subsamples.empty());
  }
}

TEST(SampleEncryptor, SixteenByteIvsAdvanceByTheBlocksUsed) {
  auto enc = SampleEncryptor::create(audio_config(Scheme::kCenc, "0000000000000000fffffffffffffffe"));
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ((*enc)->per_sample_iv_size(), 16);
  ByteBuffer s1 = payload_bytes(33);  // 3 blocks
  auto i1 = (*enc)->encrypt(s1.mutable_view());
  ByteBuffer s2 = payload_bytes(16);  // 1 block
  auto i2 = (*enc)->encrypt(s2.mutable_view());
  ByteBuffer s3 = payload_bytes(0);
  auto i3 = (*enc)->encrypt(s3.mutable_view());
  ASSERT_TRUE(i1.ok() && i2.ok() && i3.ok());
  EXPECT_EQ(to_hex(i1->iv), "0000000000000000fffffffffffffffe");
  EXPECT_EQ(to_hex(i2->iv), "00000000000000010000000000000001");  // + 3, carrying into the high half
  EXPECT_EQ(to_hex(i3->iv), "00000000000000010000000000000002");
  // No counter block is reused: sample 1 used ...fe, ...ff and (wrapping in 64 bits) 0000...0000 of the
  // high half 0; sample 2 starts in the high half 1.
}

TEST(SampleEncryptor, CbcsAudioEncryptsWholeBlocksOnlyWithTheConstantIv) {
  auto enc = SampleEncryptor::create(audio_config(Scheme::kCbcs, "000102030405060708090a0b0c0d0e0f"));
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ((*enc)->per_sample_iv_size(), 0);
  EXPECT_EQ(to_hex((*enc)->constant_iv()), "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ((*enc)->crypt_byte_block(), 0);  // full-sample: no pattern in tenc
  EXPECT_EQ((*enc)->skip_byte_block(), 0);
  for (int round = 0; round < 2; ++round) {  // same IV every sample
    const ByteBuffer clear = payload_bytes(50);
    ByteBuffer sample = clear;
    auto info = (*enc)->encrypt(sample.mutable_view());
    ASSERT_TRUE(info.ok());
    EXPECT_TRUE(info->iv.empty());
    ByteBuffer expected = clear;
    ASSERT_TRUE(aes_cbc_encrypt(testing::test_key(), from_hex("000102030405060708090a0b0c0d0e0f"),
                                expected.mutable_view().first(48))
                    .ok());
    EXPECT_EQ(sample, expected);
  }
}

TEST(SampleEncryptor, CbcsPatternRestartsPerSubsampleAndEncryptsAShortLastRun) {
  // A 5:5 pattern over a slice of 7 whole blocks + 3 bytes: blocks 0-4 encrypted, 5-6 clear, tail clear.
  // The next sample's slice restarts the chain from the constant IV.
  const ByteBuffer sps = testing::h264_sps(), pps = testing::h264_pps(false);
  auto avcc = AvcDecoderConfigurationRecord::from_parameter_sets({sps.view()}, {pps.view()});
  ASSERT_TRUE(avcc.ok());
  TrackEncryptionConfig c;
  c.scheme = Scheme::kCbcs;
  c.codec = Codec::kH264;
  c.codec_config = SharedBytes(avcc->serialize().value());
  c.key = testing::test_key();
  c.iv = from_hex("000102030405060708090a0b0c0d0e0f");
  c.crypt_byte_block = 5;
  c.skip_byte_block = 5;
  auto enc = SampleEncryptor::create(c);
  ASSERT_TRUE(enc.ok());
  EXPECT_TRUE((*enc)->uses_subsamples());
  EXPECT_EQ((*enc)->crypt_byte_block(), 5);

  const testing::BuiltNal slice = testing::h264_idr_slice(false, 3, payload_bytes(200));
  const size_t data_size = slice.bytes.size() - slice.header_size;
  // Trim the payload so the slice data is 7 blocks + 3 bytes.
  ByteBuffer nal(slice.bytes.view().first(slice.header_size + 7 * 16 + 3));
  const ByteBuffer clear = testing::sample_of({nal});
  ASSERT_GT(data_size, 7u * 16 + 3);
  for (int round = 0; round < 2; ++round) {
    ByteBuffer sample = clear;
    auto info = (*enc)->encrypt(sample.mutable_view());
    ASSERT_TRUE(info.ok());
    ASSERT_EQ(info->subsamples.size(), 1u);
    const size_t start = info->subsamples[0].clear_bytes;
    EXPECT_EQ(info->subsamples[0].protected_bytes, 7u * 16 + 3);
    ByteBuffer expected = clear;
    ASSERT_TRUE(aes_cbc_encrypt(c.key, c.iv, expected.mutable_view().subspan(start, 5 * 16)).ok());
    EXPECT_EQ(sample, expected);
  }
  // 1 crypt block, then a run shorter than crypt_byte_block: 2:8 over 11 blocks -> blocks 0,1 and 10.
  c.crypt_byte_block = 2;
  c.skip_byte_block = 8;
  auto enc2 = SampleEncryptor::create(c);
  ASSERT_TRUE(enc2.ok());
  ByteBuffer nal11(slice.bytes.view().first(slice.header_size + 11 * 16));
  const ByteBuffer clear11 = testing::sample_of({nal11});
  ByteBuffer sample = clear11;
  auto info = (*enc2)->encrypt(sample.mutable_view());
  ASSERT_TRUE(info.ok());
  const size_t start = info->subsamples[0].clear_bytes;
  ByteBuffer expected = clear11;
  auto cbc = AesCbcCipher::create(c.key);
  ASSERT_TRUE(cbc.ok());
  ASSERT_TRUE((*cbc)->start(c.iv, AesCbcCipher::Direction::kEncrypt).ok());
  ASSERT_TRUE((*cbc)->update(expected.mutable_view().subspan(start, 32)).ok());
  ASSERT_TRUE((*cbc)->update(expected.mutable_view().subspan(start + 160, 16)).ok());  // chained
  EXPECT_EQ(sample, expected);
}

TEST(SampleEncryptor, RotateSwitchesKeyAndIvFromTheNextSample) {
  auto enc = SampleEncryptor::create(audio_config(Scheme::kCenc, "1111111111111111"));
  ASSERT_TRUE(enc.ok());
  ByteBuffer a = payload_bytes(40);
  auto ia = (*enc)->encrypt(a.mutable_view());
  ASSERT_TRUE(ia.ok());
  EXPECT_EQ((*enc)->rotate(testing::other_key(), from_hex("2222222222222222222222222222222")).code(),
            StatusCode::kInvalidArgument);  // 15 bytes
  EXPECT_EQ((*enc)->rotate(testing::other_key(), from_hex("22222222222222222222222222222222")).code(),
            StatusCode::kInvalidArgument);  // IV size change
  ASSERT_TRUE((*enc)->rotate(testing::other_key(), from_hex("2222222222222222")).ok());
  ByteBuffer b = payload_bytes(40);
  auto ib = (*enc)->encrypt(b.mutable_view());
  ASSERT_TRUE(ib.ok());
  EXPECT_EQ(to_hex(ib->iv), "2222222222222222");
  ByteBuffer expected = payload_bytes(40);
  ASSERT_TRUE(aes_ctr_xcrypt(testing::other_key(), from_hex("2222222222222222"), expected.mutable_view()).ok());
  EXPECT_EQ(b, expected);
  // Empty IV: new key, the IV sequence goes on.
  ASSERT_TRUE((*enc)->rotate(testing::test_key(), {}).ok());
  ByteBuffer c = payload_bytes(8);
  auto ic = (*enc)->encrypt(c.mutable_view());
  ASSERT_TRUE(ic.ok());
  EXPECT_EQ(to_hex(ic->iv), "2222222222222223");
}

TEST(SampleEncryptor, CorruptSamplesAreRefusedAndLeftUntouched) {
  TrackEncryptionConfig c = audio_config(Scheme::kCenc, "0102030405060708");
  c.codec = Codec::kH264;  // no avcC: 4-byte lengths, parameter sets in band
  auto enc = SampleEncryptor::create(c);
  ASSERT_TRUE(enc.ok());
  const ByteBuffer bad = from_hex("000000ff65888400");  // NAL length past the end
  ByteBuffer sample = bad;
  auto info = (*enc)->encrypt(sample.mutable_view());
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(sample, bad);
  // The IV did not advance for the refused sample.
  ByteBuffer ok_sample = testing::sample_of({from_hex("0910")});
  auto ok = (*enc)->encrypt(ok_sample.mutable_view());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(to_hex(ok->iv), "0102030405060708");
}

}  // namespace
}  // namespace streamforge::crypto

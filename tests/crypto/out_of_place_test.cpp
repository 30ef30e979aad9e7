// Encrypting from one buffer into another (the packager's one-pass copy + encrypt) against the
// in-place path: every way of cutting the work must give the very same bytes.
#include <gtest/gtest.h>

#include <random>

#include "crypto_test_util.h"
#include "streamforge/crypto/aes.h"
#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/media/avc_config.h"
#include "synthetic_streams.h"

namespace streamforge::crypto {
namespace {

using testing::from_hex;

ByteBuffer random_bytes(std::mt19937_64& rng, size_t n) {
  ByteBuffer out(n);
  for (size_t i = 0; i < n; ++i) out.data()[i] = static_cast<uint8_t>(rng());
  return out;
}

Key random_key(std::mt19937_64& rng) {
  Key k;
  for (uint8_t& b : k) b = static_cast<uint8_t>(rng() | 1);
  return k;
}

// One AesCtrCipher's keystream over `data`, split into the given run lengths, out of place.
ByteBuffer ctr_in_runs(const Key& key, ByteView iv, uint64_t block_offset, ByteView data,
                       const std::vector<size_t>& runs) {
  auto ctr = AesCtrCipher::create(key);
  EXPECT_TRUE(ctr.ok());
  EXPECT_TRUE((*ctr)->reset(iv, block_offset).ok());
  ByteBuffer out(data.size());
  size_t at = 0;
  for (size_t run : runs) {
    EXPECT_TRUE((*ctr)->xcrypt(data.subspan(at, run), out.mutable_view().subspan(at, run)).ok());
    at += run;
  }
  EXPECT_EQ((*ctr)->bytes_processed(), data.size());
  return out;
}

TEST(AesCtrOutOfPlace, AnyRunSplitGivesTheOneInPlacePassEvenAcrossTheWrap) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 200; ++round) {
    const Key key = random_key(rng);
    ByteBuffer iv = random_bytes(rng, round % 2 == 0 ? 8 : 16);
    if (round % 5 == 0 && iv.size() == 16) {
      for (int i = 8; i < 15; ++i) iv.data()[i] = 0xff;  // the low 64 bits wrap within a few blocks
    }
    const uint64_t block_offset = round % 7 == 0 ? rng() : rng() % 4;
    const ByteBuffer data = random_bytes(rng, static_cast<size_t>(rng() % 600));
    std::vector<size_t> runs;
    for (size_t left = data.size(); left > 0;) {
      const size_t run = std::min<size_t>(left, rng() % 3 == 0 ? rng() % 17 : rng() % 300);
      runs.push_back(run);
      left -= run;
    }
    // One run, in place (checked against NIST SP 800-38A in aes_test.cpp), as the reference.
    ByteBuffer whole = data;
    ASSERT_TRUE(aes_ctr_xcrypt(key, iv, whole.mutable_view(), block_offset).ok());
    ASSERT_EQ(to_hex(ctr_in_runs(key, iv, block_offset, data, runs)), to_hex(whole)) << "round " << round;
  }
}

TEST(AesOutOfPlace, CtrAndCbcMatchInPlaceAndRejectBadBuffers) {
  std::mt19937_64 rng(3);
  const Key key = random_key(rng);
  const ByteBuffer iv = random_bytes(rng, 16);
  const ByteBuffer data = random_bytes(rng, 16 * 37);
  {
    ByteBuffer in_place = data;
    ASSERT_TRUE(aes_ctr_xcrypt(key, iv, in_place.mutable_view()).ok());
    auto ctr = AesCtrCipher::create(key);
    ASSERT_TRUE(ctr.ok());
    ASSERT_TRUE((*ctr)->reset(iv).ok());
    ByteBuffer out(data.size());
    ASSERT_TRUE((*ctr)->xcrypt(data, out.mutable_view()).ok());
    EXPECT_EQ(out, in_place);
    ByteBuffer small(data.size() - 1);
    EXPECT_EQ((*ctr)->xcrypt(data, small.mutable_view()).code(), StatusCode::kInvalidArgument);
    ByteBuffer shifted = data;
    EXPECT_EQ((*ctr)->xcrypt(shifted.view().first(32), shifted.mutable_view().subspan(8, 32)).code(),
              StatusCode::kInvalidArgument);
  }
  ByteBuffer cbc_in_place = data;
  ASSERT_TRUE(aes_cbc_encrypt(key, iv, cbc_in_place.mutable_view()).ok());
  auto cbc = AesCbcCipher::create(key);
  ASSERT_TRUE(cbc.ok());
  ASSERT_TRUE((*cbc)->start(iv, AesCbcCipher::Direction::kEncrypt).ok());
  ByteBuffer out(data.size());
  ASSERT_TRUE((*cbc)->update(data, out.mutable_view()).ok());
  EXPECT_EQ(out, cbc_in_place);
  ASSERT_TRUE((*cbc)->start(iv, AesCbcCipher::Direction::kDecrypt).ok());
  ByteBuffer back(data.size());
  ASSERT_TRUE((*cbc)->update(out, back.mutable_view()).ok());
  EXPECT_EQ(back, data);
}

TEST(AesCbcChains, EncryptChainsIsStartAndUpdatePerChain) {
  std::mt19937_64 rng(13);
  {
    for (int round = 0; round < 40; ++round) {
      const Key key = random_key(rng);
      const ByteBuffer iv = random_bytes(rng, 16);
      // 0..40 chains of 0..60 blocks, some empty, in one buffer (so they are disjoint).
      const size_t count = static_cast<size_t>(rng() % 41);
      std::vector<size_t> sizes;
      size_t total = 0;
      for (size_t i = 0; i < count; ++i) {
        sizes.push_back(rng() % 5 == 0 ? 0 : static_cast<size_t>(rng() % 61) * 16);
        total += sizes.back();
      }
      const ByteBuffer clear = random_bytes(rng, total);
      ByteBuffer expected = clear, actual = clear;
      std::vector<MutableByteView> chains;
      size_t at = 0;
      for (size_t size : sizes) {
        ASSERT_TRUE(aes_cbc_encrypt(key, iv, expected.mutable_view().subspan(at, size)).ok());
        chains.push_back(actual.mutable_view().subspan(at, size));
        at += size;
      }
      auto cbc = AesCbcCipher::create(key);
      ASSERT_TRUE(cbc.ok());
      ASSERT_TRUE((*cbc)->encrypt_chains(iv, chains).ok());
      ASSERT_EQ(to_hex(actual), to_hex(expected)) << "round " << round;
      // No chain is left started.
      ByteBuffer block(16);
      EXPECT_EQ((*cbc)->update(block.mutable_view()).code(), StatusCode::kFailedPrecondition);
    }
  }
  auto cbc = AesCbcCipher::create(testing::test_key());
  ASSERT_TRUE(cbc.ok());
  ByteBuffer odd(17);
  const std::vector<MutableByteView> bad = {odd.mutable_view()};
  EXPECT_EQ((*cbc)->encrypt_chains(from_hex("000102030405060708090a0b0c0d0e0f"), bad).code(),
            StatusCode::kInvalidArgument);
}

// H.264 samples with SPS/PPS/SEI-like clear NAL units and slices of assorted sizes (partial
// blocks everywhere), and AAC frames: SampleEncryptor::apply into a second buffer must give the
// bytes of apply in place, and the decryptor must restore the clear sample.
void expect_out_of_place_matches(Scheme scheme, Codec codec, std::vector<ByteBuffer> samples, SharedBytes config,
                                 uint8_t crypt, uint8_t skip) {
  {
    TrackEncryptionConfig c;
    c.scheme = scheme;
    c.codec = codec;
    c.codec_config = config;
    c.key = testing::test_key();
    c.iv = from_hex(scheme == Scheme::kCenc ? "0001020304050607" : "000102030405060708090a0b0c0d0e0f");
    c.crypt_byte_block = crypt;
    c.skip_byte_block = skip;
    auto planner = SampleEncryptor::create(c);
    auto in_place = SampleEncryptor::create(c);
    ASSERT_TRUE(planner.ok() && in_place.ok());
    auto decryptor = SampleDecryptor::create(scheme, c.key, scheme == Scheme::kCbcs ? c.iv.view() : ByteView(),
                                             (*planner)->crypt_byte_block(), (*planner)->skip_byte_block());
    ASSERT_TRUE(decryptor.ok());
    std::vector<SampleEncryptionInfo> plans;
    std::vector<ByteBuffer> expected_all;
    for (const ByteBuffer& sample : samples) {
      auto plan = (*planner)->plan(sample);
      ASSERT_TRUE(plan.ok()) << plan.status().message();
      ByteBuffer out(sample.size());
      ASSERT_TRUE((*planner)->apply(sample, out.mutable_view(), *plan).ok());
      ByteBuffer expected = sample;
      auto info = (*in_place)->encrypt(expected.mutable_view());
      ASSERT_TRUE(info.ok());
      EXPECT_EQ(*info, *plan);
      EXPECT_EQ(to_hex(out), to_hex(expected)) << scheme_name(scheme);
      ASSERT_TRUE((*decryptor)->decrypt(out.mutable_view(), *plan).ok());
      EXPECT_EQ(out, sample);
      plans.push_back(*plan);
      expected_all.push_back(std::move(expected));
    }
    // apply_all over the whole list, out of place into one buffer and in place: the same bytes.
    size_t total = 0;
    for (const ByteBuffer& sample : samples) total += sample.size();
    ByteBuffer batch(total);
    std::vector<ByteBuffer> in_place_batch = samples;
    std::vector<SampleEncryptor::PlannedSample> jobs, in_place_jobs;
    size_t at = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
      jobs.push_back({samples[i].view(), batch.mutable_view().subspan(at, samples[i].size()), &plans[i]});
      in_place_jobs.push_back({in_place_batch[i].view(), in_place_batch[i].mutable_view(), &plans[i]});
      at += samples[i].size();
    }
    ASSERT_TRUE((*planner)->apply_all(jobs).ok());
    ASSERT_TRUE((*planner)->apply_all(in_place_jobs).ok());
    at = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
      EXPECT_EQ(to_hex(batch.view().subspan(at, samples[i].size())), to_hex(expected_all[i]))
          << "apply_all, sample " << i;
      EXPECT_EQ(in_place_batch[i], expected_all[i]) << "apply_all in place, sample " << i;
      at += samples[i].size();
    }
  }
}

std::vector<ByteBuffer> h264_samples() {
  std::vector<ByteBuffer> samples;
  const ByteBuffer sei = from_hex("0605112233445566778899aabbccddeeff00112233445566778880");
  for (size_t n : {0, 1, 15, 16, 17, 160, 161, 1000, 4099}) {
    const testing::BuiltNal slice =
        testing::h264_idr_slice(false, static_cast<uint32_t>(n % 7), testing::payload_bytes(n + 1));
    samples.push_back(testing::sample_of({sei, slice.bytes}));
    samples.push_back(testing::sample_of({slice.bytes, slice.bytes}));
  }
  return samples;
}

SharedBytes h264_config() {
  const ByteBuffer sps = testing::h264_sps(), pps = testing::h264_pps(false);
  auto avcc = AvcDecoderConfigurationRecord::from_parameter_sets({sps.view()}, {pps.view()});
  return SharedBytes(avcc->serialize().value());
}

TEST(SampleEncryptorOutOfPlace, H264CencAndCbcsMatchInPlace) {
  expect_out_of_place_matches(Scheme::kCenc, Codec::kH264, h264_samples(), h264_config(), 0, 0);
  expect_out_of_place_matches(Scheme::kCbcs, Codec::kH264, h264_samples(), h264_config(), 1, 9);
  expect_out_of_place_matches(Scheme::kCbcs, Codec::kH264, h264_samples(), h264_config(), 2, 3);
  expect_out_of_place_matches(Scheme::kCbcs, Codec::kH264, h264_samples(), h264_config(), 1, 0);
}

TEST(SampleEncryptorOutOfPlace, FullSampleAudioMatchesInPlace) {
  std::vector<ByteBuffer> frames;
  for (size_t n : {1, 15, 16, 17, 200, 371, 1024}) frames.push_back(testing::payload_bytes(n, static_cast<uint8_t>(n)));
  expect_out_of_place_matches(Scheme::kCenc, Codec::kAac, frames, SharedBytes(), 0, 0);
  expect_out_of_place_matches(Scheme::kCbcs, Codec::kAac, frames, SharedBytes(), 0, 0);
}

TEST(SampleEncryptorOutOfPlace, RejectsAWrongSizeOrOverlap) {
  TrackEncryptionConfig c;
  c.scheme = Scheme::kCenc;
  c.codec = Codec::kAac;
  c.key = testing::test_key();
  c.iv = from_hex("0001020304050607");
  auto enc = SampleEncryptor::create(c);
  ASSERT_TRUE(enc.ok());
  ByteBuffer buffer = testing::payload_bytes(64);
  auto plan = (*enc)->plan(buffer.view().first(32));
  ASSERT_TRUE(plan.ok());
  ByteBuffer small(31);
  EXPECT_EQ((*enc)->apply(buffer.view().first(32), small.mutable_view(), *plan).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*enc)->apply(buffer.view().first(32), buffer.mutable_view().subspan(16, 32), *plan).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace streamforge::crypto

// AES-128 CTR / CBC against NIST SP 800-38A known answers, keystream continuity, and the 64-bit
// block counter of 23001-7 (no carry into the IV half).
#include "streamforge/crypto/aes.h"

#include <gtest/gtest.h>

#include "crypto_test_util.h"

namespace streamforge::crypto {
namespace {

using testing::from_hex;

// NIST SP 800-38A, Appendix F.
const Key kNistKey = parse_key("2b7e151628aed2a6abf7158809cf4f3c").value();
constexpr std::string_view kNistPlaintext =
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710";
// F.5.1 CTR-AES128.Encrypt (F.5.2 decrypt is the same XOR).
constexpr std::string_view kCtrCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
constexpr std::string_view kCtrCiphertext =
    "874d6191b620e3261bef6864990db6ce"
    "9806f66b7970fdff8617187bb9fffdff"
    "5ae4df3edbd5d35e5b4f09020db03eab"
    "1e031dda2fbe03d1792170a0f3009cee";
// F.2.1 CBC-AES128.Encrypt / F.2.2 Decrypt.
constexpr std::string_view kCbcIv = "000102030405060708090a0b0c0d0e0f";
constexpr std::string_view kCbcCiphertext =
    "7649abac8119b246cee98e9b12e9197d"
    "5086cb9b507219ee95db113a917678b2"
    "73bed6b8e3c1743b7116e69e22229516"
    "3ff1caa1681fac09120eca307586e1a7";

TEST(AesCtr, NistF51EncryptAndF52Decrypt) {
  ByteBuffer data = from_hex(kNistPlaintext);
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex(kCtrCounter), data.mutable_view()).ok());
  EXPECT_EQ(to_hex(data), kCtrCiphertext);
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex(kCtrCounter), data.mutable_view()).ok());
  EXPECT_EQ(to_hex(data), kNistPlaintext);
}

TEST(AesCtr, KeystreamContinuesAcrossRunsOfAnySize) {
  auto ctr = AesCtrCipher::create(kNistKey);
  ASSERT_TRUE(ctr.ok());
  for (size_t first : {1u, 5u, 15u, 16u, 17u, 33u, 61u}) {
    ByteBuffer data = from_hex(kNistPlaintext);
    ASSERT_TRUE((*ctr)->reset(from_hex(kCtrCounter)).ok());
    ASSERT_TRUE((*ctr)->xcrypt(data.mutable_view().first(first)).ok());
    ASSERT_TRUE((*ctr)->xcrypt(data.mutable_view().subspan(first, 3)).ok());
    ASSERT_TRUE((*ctr)->xcrypt(data.mutable_view().subspan(first + 3)).ok());
    EXPECT_EQ(to_hex(data), kCtrCiphertext) << "split at " << first;
    EXPECT_EQ((*ctr)->bytes_processed(), 64u);
  }
}

TEST(AesCtr, BlockOffsetSkipsWholeBlocks) {
  ByteBuffer tail = from_hex(kNistPlaintext.substr(64));  // blocks 3 and 4
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex(kCtrCounter), tail.mutable_view(), 2).ok());
  EXPECT_EQ(to_hex(tail), kCtrCiphertext.substr(64));
}

TEST(AesCtr, EightByteIvIsTheHighHalfOfTheCounterBlock) {
  ByteBuffer a = from_hex(kNistPlaintext), b = from_hex(kNistPlaintext);
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("0123456789abcdef"), a.mutable_view()).ok());
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("0123456789abcdef0000000000000000"), b.mutable_view()).ok());
  EXPECT_EQ(a, b);
}

TEST(AesCtr, BlockCounterWrapsInTheLow64BitsOnly) {
  // 23001-7 §10.1: bytes 8..15 are a 64-bit counter. After ...ffff the next block is iv_high || 0,
  // not (iv_high + 1) || 0 as a 128-bit counter (OpenSSL's CTR mode) would give.
  ByteBuffer two_blocks(32);
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("0011223344556677ffffffffffffffff"), two_blocks.mutable_view()).ok());
  ByteBuffer wrapped(16), carried(16), first(16);
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("0011223344556677ffffffffffffffff"), first.mutable_view()).ok());
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("00112233445566770000000000000000"), wrapped.mutable_view()).ok());
  ASSERT_TRUE(aes_ctr_xcrypt(kNistKey, from_hex("00112233445566780000000000000000"), carried.mutable_view()).ok());
  EXPECT_EQ(to_hex(two_blocks.view().first(16)), to_hex(first));
  EXPECT_EQ(to_hex(two_blocks.view().subspan(16)), to_hex(wrapped));
  EXPECT_NE(to_hex(two_blocks.view().subspan(16)), to_hex(carried));

  // Mid-block start and block_offset across the wrap give the same stream.
  ByteBuffer c(40);
  auto ctr = AesCtrCipher::create(kNistKey);
  ASSERT_TRUE(ctr.ok());
  ASSERT_TRUE((*ctr)->reset(from_hex("0011223344556677fffffffffffffffe"), 1).ok());
  ASSERT_TRUE((*ctr)->xcrypt(c.mutable_view().first(7)).ok());
  ASSERT_TRUE((*ctr)->xcrypt(c.mutable_view().subspan(7)).ok());
  EXPECT_EQ(to_hex(c.view().first(32)), to_hex(two_blocks));
}

TEST(AesCtr, RejectsBadIvAndUseBeforeReset) {
  ByteBuffer data(16);
  EXPECT_EQ(aes_ctr_xcrypt(kNistKey, from_hex("0011"), data.mutable_view()).code(), StatusCode::kInvalidArgument);
  auto ctr = AesCtrCipher::create(kNistKey);
  ASSERT_TRUE(ctr.ok());
  EXPECT_EQ((*ctr)->xcrypt(data.mutable_view()).code(), StatusCode::kFailedPrecondition);
}

TEST(AesCbc, NistF21EncryptAndF22Decrypt) {
  ByteBuffer data = from_hex(kNistPlaintext);
  ASSERT_TRUE(aes_cbc_encrypt(kNistKey, from_hex(kCbcIv), data.mutable_view()).ok());
  EXPECT_EQ(to_hex(data), kCbcCiphertext);
  ASSERT_TRUE(aes_cbc_decrypt(kNistKey, from_hex(kCbcIv), data.mutable_view()).ok());
  EXPECT_EQ(to_hex(data), kNistPlaintext);
}

TEST(AesCbc, ChainContinuesAcrossUpdatesAndRestartsAtStart) {
  auto cbc = AesCbcCipher::create(kNistKey);
  ASSERT_TRUE(cbc.ok());
  for (int round = 0; round < 2; ++round) {  // a second start() resets the chain to the IV
    ByteBuffer data = from_hex(kNistPlaintext);
    ASSERT_TRUE((*cbc)->start(from_hex(kCbcIv), AesCbcCipher::Direction::kEncrypt).ok());
    ASSERT_TRUE((*cbc)->update(data.mutable_view().first(16)).ok());
    ASSERT_TRUE((*cbc)->update(data.mutable_view().subspan(16, 32)).ok());
    ASSERT_TRUE((*cbc)->update(data.mutable_view().subspan(48)).ok());
    EXPECT_EQ(to_hex(data), kCbcCiphertext);
  }
  ByteBuffer data = from_hex(kCbcCiphertext);
  ASSERT_TRUE((*cbc)->start(from_hex(kCbcIv), AesCbcCipher::Direction::kDecrypt).ok());
  ASSERT_TRUE((*cbc)->update(data.mutable_view().first(48)).ok());
  ASSERT_TRUE((*cbc)->update(data.mutable_view().subspan(48)).ok());
  EXPECT_EQ(to_hex(data), kNistPlaintext);
}

TEST(AesCbc, RejectsPartialBlocksAndBadIv) {
  ByteBuffer data(20);
  EXPECT_EQ(aes_cbc_encrypt(kNistKey, from_hex(kCbcIv), data.mutable_view()).code(), StatusCode::kInvalidArgument);
  ByteBuffer block(16);
  EXPECT_EQ(aes_cbc_encrypt(kNistKey, from_hex("0001"), block.mutable_view()).code(), StatusCode::kInvalidArgument);
  auto cbc = AesCbcCipher::create(kNistKey);
  ASSERT_TRUE(cbc.ok());
  EXPECT_EQ((*cbc)->update(block.mutable_view()).code(), StatusCode::kFailedPrecondition);
}

// HLS AES-128 segments: CBC + PKCS#7. Expected bytes from `openssl enc -aes-128-cbc` (which pads
// with PKCS#7) on the NIST F.2.1 key, IV and plaintext: an aligned input gains a whole block of 0x10.
TEST(AesCbcPkcs7, MatchesOpenSslEncAndRoundTrips) {
  ByteBuffer data(from_hex(kNistPlaintext));
  ASSERT_TRUE(aes_cbc_pkcs7_encrypt(kNistKey, from_hex(kCbcIv), data).ok());
  EXPECT_EQ(to_hex(data.view()), std::string(kCbcCiphertext) + "8cb82807230e1321d3fae00d18cc2012");
  ASSERT_TRUE(aes_cbc_pkcs7_decrypt(kNistKey, from_hex(kCbcIv), data).ok());
  EXPECT_EQ(to_hex(data.view()), kNistPlaintext);

  ByteBuffer partial(from_hex("6bc1bee22e409f96e93d7e"));  // 11 bytes -> 5 bytes of 0x05
  ASSERT_TRUE(aes_cbc_pkcs7_encrypt(kNistKey, from_hex(kCbcIv), partial).ok());
  EXPECT_EQ(to_hex(partial.view()), "27b09bdd37e64ad47bf2dda5b40a6bd8");
  for (size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    ByteBuffer b(n);
    for (size_t i = 0; i < n; ++i) b.data()[i] = static_cast<uint8_t>(i * 7);
    ByteBuffer original(b.view());
    ASSERT_TRUE(aes_cbc_pkcs7_encrypt(kNistKey, from_hex(kCbcIv), b).ok());
    EXPECT_EQ(b.size(), (n / 16 + 1) * 16);
    ASSERT_TRUE(aes_cbc_pkcs7_decrypt(kNistKey, from_hex(kCbcIv), b).ok());
    EXPECT_TRUE(b == original) << n;
  }
}

TEST(AesCbcPkcs7, WrongKeyOrTruncationIsDataLoss) {
  ByteBuffer data(from_hex(kNistPlaintext));
  ASSERT_TRUE(aes_cbc_pkcs7_encrypt(kNistKey, from_hex(kCbcIv), data).ok());
  ByteBuffer truncated(ByteView(data.data(), data.size() - 3));
  EXPECT_EQ(aes_cbc_pkcs7_decrypt(kNistKey, from_hex(kCbcIv), truncated).code(), StatusCode::kDataLoss);
  ByteBuffer empty;
  EXPECT_EQ(aes_cbc_pkcs7_decrypt(kNistKey, from_hex(kCbcIv), empty).code(), StatusCode::kDataLoss);
  const Key wrong = parse_key("000102030405060708090a0b0c0d0e0f").value();
  EXPECT_EQ(aes_cbc_pkcs7_decrypt(wrong, from_hex(kCbcIv), data).code(), StatusCode::kDataLoss);
}

// NIST SP 800-38A F.1.1 ECB-AES128.Encrypt, first block.
TEST(AesEcb, NistF11FirstBlock) {
  std::array<uint8_t, 16> block{};
  const ByteBuffer plain = from_hex(kNistPlaintext);
  std::copy_n(plain.data(), 16, block.begin());
  const auto out = aes_ecb_encrypt_block(kNistKey, block);
  EXPECT_EQ(to_hex(ByteView(out.data(), out.size())), "3ad77bb40d7a3660a89ecaf32466ef97");
}

TEST(HlsMediaSequenceIv, IsTheSequenceNumberBigEndianIn128Bits) {
  const auto iv = hls_media_sequence_iv(0x0102030405060708ull);
  EXPECT_EQ(to_hex(ByteView(iv.data(), iv.size())), "00000000000000000102030405060708");
}

}  // namespace
}  // namespace streamforge::crypto

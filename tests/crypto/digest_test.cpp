// Digests and HMAC against published known answers: RFC 1321 A.5 (MD5), FIPS 180-4 / NIST CSRC
// examples (SHA-1, SHA-256), RFC 4231 (HMAC-SHA-256) and RFC 2202 (HMAC-SHA-1, HMAC-MD5); plus the reuse
// properties the signers rely on (a Hasher restarts after finish, an Hmac signs many messages).
#include "streamforge/crypto/digest.h"

#include <gtest/gtest.h>

#include <string>

namespace streamforge::crypto {
namespace {

ByteView bytes_of(std::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

TEST(Digest, KnownAnswers) {
  EXPECT_EQ(to_hex(md5(bytes_of("abc"))), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(to_hex(md5(bytes_of(""))), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(to_hex(sha1(bytes_of("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(to_hex(sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(std::string_view(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(digest(DigestAlgorithm::kSha1, bytes_of("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Digest, StreamingEqualsOneShotAndRestartsAfterFinish) {
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Hasher hasher(DigestAlgorithm::kSha256);
  for (size_t i = 0; i < text.size(); i += 7) hasher.update(std::string_view(text).substr(i, 7));
  const std::string expected = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  EXPECT_EQ(to_hex(hasher.finish()), expected);
  hasher.update(std::string_view(text));
  EXPECT_EQ(to_hex(hasher.finish()), expected);
}

TEST(Hmac, Rfc4231Sha256) {
  const std::vector<uint8_t> key1(20, 0x0b);
  EXPECT_EQ(to_hex(hmac_sha256(key1, std::string_view("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(hmac_sha256(bytes_of("Jefe"), std::string_view("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block is hashed first.
  const std::vector<uint8_t> key6(131, 0xaa);
  EXPECT_EQ(to_hex(hmac_sha256(key6, std::string_view("Test Using Larger Than Block-Size Key - Hash Key First"))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hmac, Rfc2202Sha1AndReuse) {
  Hmac hmac(DigestAlgorithm::kSha1, bytes_of("Jefe"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(to_hex(hmac.sign(std::string_view("what do ya want for nothing?"))),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  }
  const std::vector<uint8_t> key1(20, 0x0b);
  EXPECT_EQ(to_hex(Hmac(DigestAlgorithm::kSha1, key1).sign(std::string_view("Hi There"))),
            "b617318655057264e28bc0b6fb378c8ef146be00");
}

TEST(Hmac, Rfc2202Md5) {
  // HMAC-MD5, for the protocols that still name it (Akamai EdgeAuth's md5 option).
  EXPECT_EQ(to_hex(Hmac(DigestAlgorithm::kMd5, bytes_of("Jefe")).sign(std::string_view("what do ya want for nothing?"))),
            "750c783e6ab0b503eaa86e310a5db738");
}

TEST(Hmac, EmptyKeyAndMessage) {
  // openssl dgst -sha256 -hmac "" </dev/null
  EXPECT_EQ(to_hex(hmac_sha256(ByteView(), std::string_view(""))),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

}  // namespace
}  // namespace streamforge::crypto

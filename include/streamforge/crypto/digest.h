// Message digests and HMAC for the signing code above crypto/ (S3 Signature V4, CDN URL tokens):
// MD5 (RFC 1321), SHA-1 and SHA-256 (FIPS 180-4), HMAC (RFC 2104) over any of them.
//
// MD5 and SHA-1 are here only because deployed protocols require them (nginx secure_link, CloudFront
// RSA-SHA1); nothing in streamforge relies on them for its own integrity.
//
// Known-answer tests: RFC 1321 A.5, FIPS 180-4 examples, RFC 4231 (HMAC-SHA-256), RFC 2202 (HMAC-SHA-1, -MD5).
//
// Thread-safety: the free functions are thread-safe. A Hasher or an Hmac is used by one thread at a
// time; an Hmac keeps its prepared key, so signing many messages with one key costs no key set-up
// (what the ≥500k signatures/s goal of the CDN signers needs).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"

namespace streamforge::crypto {

enum class DigestAlgorithm { kMd5, kSha1, kSha256 };

// 16, 20 or 32.
size_t digest_size(DigestAlgorithm algorithm);

using Md5Digest = std::array<uint8_t, 16>;
using Sha1Digest = std::array<uint8_t, 20>;
using Sha256Digest = std::array<uint8_t, 32>;

Md5Digest md5(ByteView data);
Sha1Digest sha1(ByteView data);
Sha256Digest sha256(ByteView data);
inline Sha256Digest sha256(std::string_view text) {
  return sha256(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}
std::vector<uint8_t> digest(DigestAlgorithm algorithm, ByteView data);

// A streaming digest: update() any number of times, then finish() once (the hasher is then reset
// and may be reused).
class Hasher {
 public:
  explicit Hasher(DigestAlgorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void update(ByteView data);
  void update(std::string_view text) {
    update(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  std::vector<uint8_t> finish();
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  struct Impl;
  DigestAlgorithm algorithm_;
  std::unique_ptr<Impl> impl_;
};

// HMAC with a fixed key. sign() may be called any number of times.
class Hmac {
 public:
  // Any of the three digests (all have 64-byte blocks). HMAC-MD5 only for protocols that still
  // name it (Akamai EdgeAuth's md5 option).
  Hmac(DigestAlgorithm algorithm, ByteView key);
  ~Hmac();
  Hmac(Hmac&&) noexcept;
  Hmac& operator=(Hmac&&) noexcept;
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  // Writes digest_size(algorithm()) bytes to out.
  void sign(ByteView message, uint8_t* out);
  std::vector<uint8_t> sign(ByteView message);
  std::vector<uint8_t> sign(std::string_view message) {
    return sign(ByteView(reinterpret_cast<const uint8_t*>(message.data()), message.size()));
  }
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  struct Impl;
  DigestAlgorithm algorithm_;
  std::unique_ptr<Impl> impl_;
};

// One-shot HMAC-SHA-256 (sets the key up each call; use Hmac for many messages under one key).
Sha256Digest hmac_sha256(ByteView key, ByteView message);
inline Sha256Digest hmac_sha256(ByteView key, std::string_view message) {
  return hmac_sha256(key, ByteView(reinterpret_cast<const uint8_t*>(message.data()), message.size()));
}

}  // namespace streamforge::crypto

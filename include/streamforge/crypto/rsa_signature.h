// RSA signatures, PKCS#1 v1.5 (RFC 8017 §8.2) over SHA-1 or SHA-256: what CloudFront signed URLs and
// cookies use (RSA-SHA1 historically, RSA-SHA256 with `Hash-Algorithm=SHA256`).
//
// Keys come as PEM text: a private key as "BEGIN RSA PRIVATE KEY" (PKCS#1) or "BEGIN PRIVATE KEY"
// (PKCS#8, unencrypted); a public key as "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) or "BEGIN RSA
// PUBLIC KEY" (PKCS#1). Bad PEM, an encrypted key, or a non-RSA key (EC, Ed25519) is
// kInvalidArgument with a message saying which; the PEM text is never echoed (it is a secret).
//
// The objects hold the parsed key so that signing many URLs does not re-parse PEM.
//
// Thread-safety: sign() and verify() are const and may be called from several threads at once
// (each call uses its own OpenSSL context; the parsed key is shared read-only).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/crypto/digest.h"

namespace streamforge::crypto {

class RsaPrivateKey {
 public:
  // PKCS#1 or unencrypted PKCS#8 PEM.
  static Result<RsaPrivateKey> from_pem(std::string_view pem);
  // Reads the file, then from_pem (kNotFound if it cannot be read).
  static Result<RsaPrivateKey> from_pem_file(const std::string& path);

  RsaPrivateKey(RsaPrivateKey&&) noexcept;
  RsaPrivateKey& operator=(RsaPrivateKey&&) noexcept;
  ~RsaPrivateKey();

  // PKCS#1 v1.5 signature of digest(algorithm, message); algorithm is kSha1 or kSha256
  // (kMd5 is refused with kInvalidArgument).
  Result<std::vector<uint8_t>> sign(DigestAlgorithm algorithm, ByteView message) const;
  Result<std::vector<uint8_t>> sign(DigestAlgorithm algorithm, std::string_view message) const {
    return sign(algorithm, ByteView(reinterpret_cast<const uint8_t*>(message.data()), message.size()));
  }
  // Modulus size in bits (2048 for a CloudFront key).
  int bits() const;
  // The public half, as "BEGIN PUBLIC KEY" PEM.
  std::string public_key_pem() const;

 private:
  struct Impl;
  explicit RsaPrivateKey(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

class RsaPublicKey {
 public:
  static Result<RsaPublicKey> from_pem(std::string_view pem);

  RsaPublicKey(RsaPublicKey&&) noexcept;
  RsaPublicKey& operator=(RsaPublicKey&&) noexcept;
  ~RsaPublicKey();

  // true when `signature` is a valid PKCS#1 v1.5 signature of `message` under this key.
  bool verify(DigestAlgorithm algorithm, ByteView message, ByteView signature) const;
  bool verify(DigestAlgorithm algorithm, std::string_view message, ByteView signature) const {
    return verify(algorithm, ByteView(reinterpret_cast<const uint8_t*>(message.data()), message.size()), signature);
  }

 private:
  struct Impl;
  explicit RsaPublicKey(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace streamforge::crypto

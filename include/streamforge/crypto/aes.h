// AES-128 (FIPS 197) in the two block-cipher modes of common encryption, over caller buffers, in place
// or from one buffer into another (the packager encrypts each sample while copying it into its
// segment: one pass over the bytes instead of a copy and then an in-place pass).
//
// - CTR (NIST SP 800-38A §6.5) with the counter block of ISO/IEC 23001-7:2016 §9.3 ('cenc', §10.1): the
//   16-byte counter block starts as the IV (an 8-byte IV fills bytes 0..7, bytes 8..15 are zero) and
//   bytes 8..15 are a big-endian 64-bit block counter incremented once per 16-byte block, wrapping
//   modulo 2^64 without carrying into bytes 0..7. The protected bytes of one sample form a single
//   keystream, across subsamples and partial blocks (§10.1).
// - CBC (NIST SP 800-38A §6.2) without padding: only whole 16-byte blocks are processed ('cbcs' leaves
//   any trailing partial block of a protected range clear, §10.4.2).
//
// Known-answer tests: NIST SP 800-38A F.5.1/F.5.2 (CTR-AES128) and F.2.1/F.2.2 (CBC-AES128).
//
// The classes hold an OpenSSL cipher context behind a pointer (no OpenSSL header here); one instance
// per thread. The free functions are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"
#include "streamforge/crypto/types.h"

namespace streamforge::crypto {

// A CTR keystream: reset() to an IV, then xcrypt() consecutive runs of bytes (encryption and
// decryption are the same XOR). Runs continue the keystream exactly where the previous one stopped,
// inside a block if need be.
class AesCtrCipher {
 public:
  static Result<std::unique_ptr<AesCtrCipher>> create(const Key& key);
  ~AesCtrCipher();
  AesCtrCipher(const AesCtrCipher&) = delete;
  AesCtrCipher& operator=(const AesCtrCipher&) = delete;

  // Starts the keystream at the counter block made from `iv` (8 or 16 bytes, else InvalidArgument)
  // advanced by `block_offset` blocks (modulo 2^64 in bytes 8..15).
  Status reset(ByteView iv, uint64_t block_offset = 0);
  // XORs the next data.size() keystream bytes into data. FailedPrecondition before reset().
  Status xcrypt(MutableByteView data);
  // The same keystream bytes XORed into `in`, written to `out`: byte-identical to copying `in` to
  // `out` and calling xcrypt(out). `out` must be in.size() bytes (InvalidArgument otherwise) and
  // either be `in` itself or not overlap it.
  Status xcrypt(ByteView in, MutableByteView out);
  // Keystream bytes consumed since reset().
  uint64_t bytes_processed() const;

 private:
  struct Impl;
  explicit AesCtrCipher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A CBC chain: start() with an IV and a direction, then update() consecutive runs of whole blocks;
// each run continues the chain from the last block of the previous one (as 'cbcs' chains the
// encrypted blocks of one subsample across the skipped ones).
class AesCbcCipher {
 public:
  enum class Direction { kEncrypt, kDecrypt };
  static Result<std::unique_ptr<AesCbcCipher>> create(const Key& key);
  ~AesCbcCipher();
  AesCbcCipher(const AesCbcCipher&) = delete;
  AesCbcCipher& operator=(const AesCbcCipher&) = delete;

  // `iv` must be 16 bytes (InvalidArgument otherwise).
  Status start(ByteView iv, Direction direction);
  // `blocks.size()` must be a multiple of 16 (InvalidArgument otherwise). FailedPrecondition before start().
  Status update(MutableByteView blocks);
  // update() from `in` into `out` (same size; `out` is `in` or does not overlap it).
  Status update(ByteView in, MutableByteView out);
  // Encrypts each chain on its own from `iv` (16 bytes), in place: start(iv, kEncrypt) +
  // update(chain) per chain, in one call ('cbcs' restarts CBC from the sample's IV for every
  // protected range, 23001-7 §10.4.2).
  // Every chain a multiple of 16 bytes (InvalidArgument otherwise), none overlapping another.
  // Leaves no chain started: call start() before the next update().
  Status encrypt_chains(ByteView iv, std::span<const MutableByteView> chains);

 private:
  struct Impl;
  explicit AesCbcCipher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One-shot conveniences over the classes above.
// CTR: the keystream from `iv` (8 or 16 bytes) advanced by block_offset blocks, XORed into data.
Status aes_ctr_xcrypt(const Key& key, ByteView iv, MutableByteView data, uint64_t block_offset = 0);
// CBC over whole blocks: data.size() must be a multiple of 16; iv must be 16 bytes.
Status aes_cbc_encrypt(const Key& key, ByteView iv, MutableByteView data);
Status aes_cbc_decrypt(const Key& key, ByteView iv, MutableByteView data);

// Whole-resource CBC with PKCS#7 padding (RFC 5652 §6.3), as HLS METHOD=AES-128 segments are
// encrypted (RFC 8216 §4.3.2.4): encryption appends 1..16 padding bytes, decryption checks and
// removes them (DataLoss on a wrong length or padding -- usually a wrong key or IV).
Status aes_cbc_pkcs7_encrypt(const Key& key, ByteView iv, ByteBuffer& data);
Status aes_cbc_pkcs7_decrypt(const Key& key, ByteView iv, ByteBuffer& data);

// One AES-128-ECB block (FIPS 197, no chaining): what the PlayReady key checksum is made of.
std::array<uint8_t, 16> aes_ecb_encrypt_block(const Key& key, const std::array<uint8_t, 16>& block);

// The IV of an HLS AES-128 segment without an IV attribute: its media sequence number as a
// 128-bit big-endian integer (RFC 8216 §5.2).
std::array<uint8_t, 16> hls_media_sequence_iv(uint64_t media_sequence);

}  // namespace streamforge::crypto

// Fuzz target: common-encryption data from arbitrary bytes. Input: byte 0 picks the senc IV size (bits
// 0-1: 0, 8, 16, 16); the rest is the payload, which is
//   1. read as the body of a 'senc' box (that IV size) and of a 'pssh' box, and as a whole box, with the
//      mp4/ reader (read_box<SampleEncryptionBox> / <ProtectionSystemSpecificHeaderBox>);
//   2. for every senc entry read: checked with validate_subsample_map() against the payload as the
//      sample, then decrypted with SampleDecryptor ('cenc' and 'cbcs 1:9', fixed key);
//   3. mapped as an H.264 / HEVC / VP9 / AV1 sample (fixed real codec configurations, both schemes),
//      twice in a row so VP9 / AV1 inter frames can find references, then encrypted and decrypted.
// Properties (abort otherwise): nothing crashes or allocates without bound; a map that validates
// decrypts; one that does not is DataLoss and leaves the sample untouched; every map the mapper returns
// covers the sample exactly with clear runs <= 65535 and 'cenc' ranges in whole blocks; encrypt then
// decrypt restores the sample.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/crypto/subsample_map.h"
#include "streamforge/mp4/box_buffer.h"
#include "streamforge/mp4/protection_boxes.h"

namespace {

using namespace streamforge;
using namespace streamforge::crypto;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "senc_fuzz: %s\n", what);
  std::abort();
}

ByteBuffer hex(std::string_view h) {
  ByteBuffer out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) {
    auto nib = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
    out.push_back(static_cast<uint8_t>(nib(h[i]) << 4 | nib(h[i + 1])));
  }
  return out;
}

// Real records (libx264 High 1080p, libx265 Main 1080p, libaom 720p 8-bit), as in tests/media.
const ByteBuffer kAvcc =
    hex("01640028ffe1001b67640028acd940780227e5c044000003000400000300f03c60c65801000668ebe3cb22c0fdf8f800");
const ByteBuffer kHvcc =
    hex("01016000000090000000000078f000fcfdf8f800000f03a00001001840010c01ffff016000000300900000030000030078959809a100"
        "01002a420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04a2000100074401c172"
        "b46240");
const ByteBuffer kAv1c = hex("81050c000a0b0000002d4cffb3ccaf9004");
const Key kKey = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const ByteBuffer kIv8 = hex("0001020304050607");
const ByteBuffer kIv16 = hex("000102030405060708090a0b0c0d0e0f");

ByteBuffer wrap_box(const char* type, ByteView payload) {
  std::vector<uint8_t> box;
  box.reserve(payload.size() + 8);
  const uint32_t total = static_cast<uint32_t>(payload.size() + 8);
  for (int i = 0; i < 4; ++i) box.push_back(static_cast<uint8_t>(total >> (24 - 8 * i)));
  for (int i = 0; i < 4; ++i) box.push_back(static_cast<uint8_t>(type[i]));
  for (uint8_t b : payload) box.push_back(b);
  return ByteBuffer(std::move(box));
}

void check_decrypt(Scheme scheme, const SampleEncryptionInfo& info, ByteView payload) {
  static std::unique_ptr<SampleDecryptor> cenc = SampleDecryptor::create(Scheme::kCenc, kKey).value();
  static std::unique_ptr<SampleDecryptor> cbcs = SampleDecryptor::create(Scheme::kCbcs, kKey, kIv16, 1, 9).value();
  ByteBuffer sample(payload);
  const bool valid = validate_subsample_map(info.subsamples, sample.size()).ok();
  Status st = (scheme == Scheme::kCenc ? cenc : cbcs)->decrypt(sample.mutable_view(), info);
  if (valid && st.code() == StatusCode::kDataLoss) fail("a valid map was refused");
  if (!valid) {
    if (st.code() != StatusCode::kDataLoss) fail("an invalid map was not DataLoss");
    if (!(sample == ByteBuffer(payload))) fail("a refused sample was modified");
  }
}

void check_senc(uint8_t iv_size, ByteView payload) {
  mp4::SampleEncryptionBox senc;
  senc.per_sample_iv_size = iv_size;
  const ByteBuffer box = wrap_box("senc", payload);
  if (!mp4::read_box_into(box.view(), senc).ok()) return;
  size_t n = 0;
  for (const auto& entry : senc.entries) {
    if (++n > 64) break;  // enough to exercise the decryptor; entries can number in the millions
    SampleEncryptionInfo info;
    info.iv = entry.iv;
    for (const auto& s : entry.subsamples) info.subsamples.push_back({s.clear_bytes, s.protected_bytes});
    check_decrypt(Scheme::kCbcs, info, payload);
    if (info.iv.size() != 8 && info.iv.size() != 16) info.iv = kIv8;
    check_decrypt(Scheme::kCenc, info, payload);
  }
}

void check_codec(Codec codec, Scheme scheme, ByteView config, ByteView payload) {
  auto mapper = SubsampleMapper::create(scheme, codec, config);
  if (!mapper.ok()) fail("mapper creation failed on a fixed, valid configuration");
  for (int round = 0; round < 2; ++round) {
    auto map = (*mapper)->map(payload);
    if (!map.ok()) {
      if (map.status().code() == StatusCode::kInternal) fail(map.status().to_string().c_str());
      continue;
    }
    if (!validate_subsample_map(*map, payload.size()).ok()) fail("map does not cover the sample");
    if (map->empty()) fail("video map is empty");
    for (const Subsample& s : *map) {
      if (s.clear_bytes > 0xffff) fail("clear run above 65535");
      if (scheme == Scheme::kCenc && s.protected_bytes % 16 != 0) fail("cenc range not in whole blocks");
    }
  }
  // Encrypt then decrypt restores the sample (a fresh encryptor: same first-sample state as the mapper).
  TrackEncryptionConfig config_in;
  config_in.scheme = scheme;
  config_in.codec = codec;
  config_in.codec_config = SharedBytes::copy_of(config);
  config_in.key = kKey;
  config_in.iv = scheme == Scheme::kCenc ? kIv8 : kIv16;
  auto enc = SampleEncryptor::create(config_in);
  if (!enc.ok()) fail("encryptor creation failed");
  ByteBuffer sample(payload);
  auto info = (*enc)->encrypt(sample.mutable_view());
  if (!info.ok()) {
    if (!(sample == ByteBuffer(payload))) fail("a failed encrypt modified the sample");
    return;
  }
  auto dec = SampleDecryptor::create(scheme, kKey, (*enc)->constant_iv(), (*enc)->crypt_byte_block(),
                                     (*enc)->skip_byte_block());
  if (!dec.ok() || !(*dec)->decrypt(sample.mutable_view(), *info).ok()) fail("decrypt of our own output failed");
  if (!(sample == ByteBuffer(payload))) fail("encrypt + decrypt changed the sample");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr uint8_t kIvSizes[4] = {0, 8, 16, 16};
  const uint8_t iv_size = kIvSizes[data[0] & 3];
  const ByteView payload(data + 1, size - 1);

  check_senc(iv_size, payload);
  {
    mp4::ProtectionSystemSpecificHeaderBox pssh;
    const ByteBuffer box = wrap_box("pssh", payload);
    (void)mp4::read_box_into(box.view(), pssh);
  }
  (void)mp4::read_box<mp4::SampleEncryptionBox>(payload);
  (void)mp4::read_box<mp4::ProtectionSystemSpecificHeaderBox>(payload);

  for (Scheme scheme : {Scheme::kCenc, Scheme::kCbcs}) {
    check_codec(Codec::kH264, scheme, kAvcc, payload);
    check_codec(Codec::kHevc, scheme, kHvcc, payload);
    check_codec(Codec::kVp9, scheme, {}, payload);
    check_codec(Codec::kAv1, scheme, kAv1c, payload);
  }
  return 0;
}

// A CMAF segment with deferred encryption (boxes laid out by build_cmaf_segment, samples
// encrypted into place by assemble_cmaf_segment from the demuxer's buffers) must be byte for byte
// the segment encrypted inline, for full-sample audio in both schemes and over several fragments.
#include <gtest/gtest.h>

#include "package/cmaf_segment.h"
#include "streamforge/crypto/key_parsing.h"

namespace streamforge::package {
namespace {

std::vector<MediaSample> assembly_samples(bool video_gops) {
  std::vector<MediaSample> samples;
  int64_t t = 0;
  for (size_t i = 0; i < 23; ++i) {
    ByteBuffer data;
    const size_t size = 7 + 97 * i % 1500;  // partial blocks and sizes from 7 bytes up
    for (size_t b = 0; b < size; ++b) data.push_back(static_cast<uint8_t>(i * 31 + b * 7));
    MediaSample s;
    s.data = SharedBytes(std::move(data));
    s.dts = t;
    s.pts = t;
    s.duration = 1024;
    s.sync = !video_gops || i % 8 == 0;  // fragments start at sync samples when fragment_per_gop
    t += 1024;
    samples.push_back(std::move(s));
  }
  return samples;
}

std::unique_ptr<crypto::SampleEncryptor> assembly_encryptor(crypto::Scheme scheme) {
  crypto::TrackEncryptionConfig c;
  c.scheme = scheme;
  c.codec = Codec::kAac;
  c.key = crypto::parse_key("00112233445566778899aabbccddeeff").value();
  c.iv = scheme == crypto::Scheme::kCenc ? ByteBuffer(std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8})
                                         : ByteBuffer(std::vector<uint8_t>(16, 9));
  auto e = crypto::SampleEncryptor::create(c);
  EXPECT_TRUE(e.ok());
  return std::move(*e);
}

TEST(CmafAssembly, DeferredSegmentIsTheInlineEncryptedSegment) {
  for (crypto::Scheme scheme : {crypto::Scheme::kCenc, crypto::Scheme::kCbcs}) {
    for (bool gops : {false, true}) {
      const std::vector<MediaSample> samples = assembly_samples(gops);
      auto inline_encryptor = assembly_encryptor(scheme);
      auto deferred_encryptor = assembly_encryptor(scheme);
      CmafSegmentInput input;
      input.samples = &samples;
      input.fragment_per_gop = gops;
      input.encryptor = inline_encryptor.get();
      auto expected = build_cmaf_segment(input);
      ASSERT_TRUE(expected.ok()) << expected.status().message();
      EXPECT_TRUE(expected->pending.empty());
      EXPECT_EQ(expected->size, expected->bytes.size());

      input.encryptor = deferred_encryptor.get();
      input.defer_encryption = true;
      auto deferred = build_cmaf_segment(input);
      ASSERT_TRUE(deferred.ok());
      ASSERT_EQ(deferred->pending.size(), samples.size());
      EXPECT_EQ(deferred->size, expected->size);
      EXPECT_LT(deferred->bytes.size(), 4096u);  // only the boxes: no sample copied
      ASSERT_EQ(deferred->keyframes.size(), expected->keyframes.size());
      for (size_t k = 0; k < expected->keyframes.size(); ++k) {
        EXPECT_EQ(deferred->keyframes[k].offset, expected->keyframes[k].offset);
        EXPECT_EQ(deferred->keyframes[k].size, expected->keyframes[k].size);
      }
      // Shares the samples' buffers rather than copying them.
      EXPECT_EQ(deferred->pending.front().data.data(), samples.front().data.data());

      ByteBuffer assembled(static_cast<size_t>(deferred->size));
      ASSERT_TRUE(assemble_cmaf_segment(*deferred_encryptor, *deferred, assembled.mutable_view()).ok());
      EXPECT_EQ(assembled, expected->bytes) << crypto::scheme_name(scheme) << (gops ? " per GOP" : " one fragment");
    }
  }
}

TEST(CmafAssembly, RejectsAWrongOutputSize) {
  const std::vector<MediaSample> samples = assembly_samples(false);
  auto encryptor = assembly_encryptor(crypto::Scheme::kCenc);
  CmafSegmentInput input;
  input.samples = &samples;
  input.encryptor = encryptor.get();
  input.defer_encryption = true;
  auto segment = build_cmaf_segment(input);
  ASSERT_TRUE(segment.ok());
  ByteBuffer short_by_one(static_cast<size_t>(segment->size - 1));
  EXPECT_EQ(assemble_cmaf_segment(*encryptor, *segment, short_by_one.mutable_view()).code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace streamforge::package

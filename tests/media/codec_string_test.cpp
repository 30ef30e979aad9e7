#include "streamforge/media/codec_string.h"

#include <gtest/gtest.h>

#include "test_vectors.h"

namespace streamforge {
namespace {

using test::from_hex;

StreamInfo stream(Codec codec, std::string_view extradata_hex) {
  StreamInfo info;
  info.codec = codec;
  info.type = codec_media_type(codec);
  info.extradata = SharedBytes(from_hex(extradata_hex));
  return info;
}

std::string string_of(Codec codec, std::string_view extradata_hex) {
  auto s = codec_string(stream(codec, extradata_hex));
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? *s : std::string();
}

// Expected strings: FFmpeg 5.1's DASH muxer for avc1/av01/mp4a/opus, the ISO/IEC 14496-15 Annex E
// rules (which FFmpeg 5.1's HLS muxer does not follow: it writes a fixed "hvc1.1.4.L120.B01"-style
// string) for hvc1, the VP9 binding's full form for vp09.
TEST(CodecString, H264) {
  EXPECT_EQ(string_of(Codec::kH264, test::kX264HighAvcc), "avc1.640028");  // High@4.0, as hls.js/Shaka expect
  EXPECT_EQ(string_of(Codec::kH264, test::kX264MainAvcc), "avc1.4d400d");
  EXPECT_EQ(string_of(Codec::kH264, test::kX264High444Avcc), "avc1.f4000d");
  // Annex B extradata (FFmpeg without the global-header flag) gives the same string.
  EXPECT_EQ(string_of(Codec::kH264, "00000001" + std::string(test::kX264HighSps) + "00000001" +
                                        std::string(test::kX264HighPps)),
            "avc1.640028");
  auto rec = AvcDecoderConfigurationRecord::parse(from_hex(test::kX264HighAvcc));
  EXPECT_EQ(avc_codec_string(*rec, "avc3"), "avc3.640028");
}

TEST(CodecString, Hevc) {
  EXPECT_EQ(string_of(Codec::kHevc, test::kX265MainHvcc), "hvc1.1.6.L120.90");
  EXPECT_EQ(string_of(Codec::kHevc, test::kX265Main10Hvcc), "hvc1.2.4.L93.90");
  EXPECT_EQ(string_of(Codec::kHevc, "00000001" + std::string(test::kX265MainVps) + "00000001" +
                                        std::string(test::kX265MainSps) + "00000001" +
                                        std::string(test::kX265MainPps)),
            "hvc1.1.6.L120.90");

  HevcDecoderConfigurationRecord rec;
  // Apple's examples: Main, Main tier level 3.1, progressive + non-packed + frame-only constraints.
  rec.general_profile_idc = 1;
  rec.general_profile_compatibility_flags = 0x60000000;
  rec.general_level_idc = 93;
  rec.general_constraint_indicator_flags = 0xb00000000000;
  EXPECT_EQ(hevc_codec_string(rec), "hvc1.1.6.L93.B0");
  EXPECT_EQ(hevc_codec_string(rec, "hev1"), "hev1.1.6.L93.B0");
  // Main 10, High tier 4.0, profile space 2, every constraint byte set, no compatibility flags.
  rec.general_profile_space = 2;
  rec.general_profile_idc = 2;
  rec.general_tier_flag = true;
  rec.general_level_idc = 120;
  rec.general_profile_compatibility_flags = 0;
  rec.general_constraint_indicator_flags = 0x0102030405b0;
  EXPECT_EQ(hevc_codec_string(rec), "hvc1.B2.0.H120.1.2.3.4.5.B0");
  // RExt 4:2:2 10-bit from x265: compatibility flag 4 reversed is 0x10.
  auto rext = HevcDecoderConfigurationRecord::from_parameter_sets(
      {from_hex(test::kX265MainVps)}, {from_hex(test::kX265Rext422Sps)}, {from_hex(test::kX265MainPps)});
  ASSERT_TRUE(rext.ok());
  EXPECT_EQ(hevc_codec_string(*rext), "hvc1.4.10.L120.9D.8");
  rec.general_constraint_indicator_flags = 0;
  EXPECT_EQ(hevc_codec_string(rec), "hvc1.B2.0.H120");
}

TEST(CodecString, Av1) {
  // FFmpeg's DASH muxer writes exactly these for the two libaom streams.
  EXPECT_EQ(string_of(Codec::kAv1, test::kAom8BitAv1c), "av01.0.05M.08");
  EXPECT_EQ(string_of(Codec::kAv1, test::kAom10BitAv1c), "av01.0.05M.10.0.110.09.16.09.0");
  // Raw OBUs as extradata (FFmpeg's libaom encoder) work as well.
  EXPECT_EQ(string_of(Codec::kAv1, std::string(test::kAom10BitSequenceHeaderObu)), "av01.0.05M.10.0.110.09.16.09.0");

  Av1CodecConfigurationRecord rec;  // no configOBUs: colour unknown
  rec.seq_profile = 1;
  rec.seq_level_idx_0 = 13;
  rec.seq_tier_0 = true;
  EXPECT_EQ(av1_codec_string(rec), "av01.1.13H.08");
  rec.chroma_subsampling_x = rec.chroma_subsampling_y = false;  // 4:4:4: not the short form's default
  EXPECT_EQ(av1_codec_string(rec), "av01.1.13H.08.0.000.02.02.02.0");
  rec.chroma_subsampling_x = rec.chroma_subsampling_y = true;
  rec.monochrome = true;
  EXPECT_EQ(av1_codec_string(rec), "av01.1.13H.08.1.110.02.02.02.0");
}

TEST(CodecString, Vp9) {
  EXPECT_EQ(string_of(Codec::kVp9, test::kVp9Profile0Vpcc), "vp09.00.21.08.01.02.02.02.00");
  EXPECT_EQ(string_of(Codec::kVp9, test::kVp9Profile2Vpcc), "vp09.02.40.10.01.09.16.09.01");
  VpCodecConfigurationRecord rec;
  rec.level = 31;
  rec.colour_primaries = rec.transfer_characteristics = rec.matrix_coefficients = 1;
  EXPECT_EQ(vp9_codec_string(rec), "vp09.00.31.08.01.01.01.01.00");
}

TEST(CodecString, Audio) {
  EXPECT_EQ(string_of(Codec::kAac, test::kFfmpegAacAsc), "mp4a.40.2");
  EXPECT_EQ(string_of(Codec::kAac, "2b118800"), "mp4a.40.5");
  EXPECT_EQ(string_of(Codec::kAac, "eb098800"), "mp4a.40.29");
  EXPECT_EQ(string_of(Codec::kOpus, test::kLibopusOpusHead), "opus");
  EXPECT_EQ(string_of(Codec::kOpus, ""), "opus");
  EXPECT_EQ(string_of(Codec::kMp3, ""), "mp4a.40.34");
  EXPECT_EQ(string_of(Codec::kAc3, ""), "ac-3");
  EXPECT_EQ(string_of(Codec::kEac3, ""), "ec-3");
  EXPECT_EQ(string_of(Codec::kWebVtt, ""), "wvtt");
}

TEST(CodecString, Errors) {
  auto missing = codec_string(stream(Codec::kH264, ""));
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(), "h264 stream has no extradata (avcC) to derive a codec string from");
  EXPECT_EQ(missing.status().field(), "extradata");
  EXPECT_EQ(codec_string(stream(Codec::kVp9, "")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(codec_string(stream(Codec::kHevc, "0101")).status().code(), StatusCode::kDataLoss);
  auto other = stream(Codec::kOther, "");
  other.codec_name = "prores";
  EXPECT_EQ(codec_string(other).status().message(), "no RFC 6381 codec string for codec \"prores\"");
  EXPECT_EQ(codec_string(other).status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace streamforge

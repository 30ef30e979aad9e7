// RFC 6381 "codecs" parameter values (HLS CODECS=, DASH @codecs, MSE isTypeSupported), derived
// from configuration records:
//   H.264  avc1.PPCCLL                      hex profile_idc, constraint byte, level_idc, lower case
//                                           ("avc1.640028"), ISO/IEC 14496-15 Annex E.2
//   HEVC   hvc1.[A-C]P.FLAGS.TLL.CC...      ISO/IEC 14496-15 Annex E.3: profile space letter +
//                                           profile_idc, compatibility flags bit-reversed in hex,
//                                           L/H tier + level_idc, constraint bytes in hex with
//                                           trailing zero bytes dropped ("hvc1.1.6.L93.B0"); hex is
//                                           upper case like Apple's and Shaka Packager's strings
//   VP9    vp09.PP.LL.DD.CC.cp.tc.mc.FF     always the full form ("vp09.00.31.08.01.01.01.01.00"),
//                                           VP Codec ISO Media File Format Binding "Codecs Parameter String"
//   AV1    av01.P.LLT.DD[.M.CCC.cp.tc.mc.F] AV1-ISOBMFF "Codecs Parameter String": the full form when
//                                           the colour is known to differ from the defaults the short
//                                           form implies (see av1_codec_string), the short form otherwise
//   AAC    mp4a.40.N                        N = AudioSpecificConfig::signalled_object_type()
//   Opus   opus;  MP3 mp4a.40.34;  AC-3 ac-3;  E-AC-3 ec-3;  WebVTT wvtt
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "streamforge/core/result.h"
#include "streamforge/media/codec_config.h"
#include "streamforge/media/stream_info.h"

namespace streamforge {

// sample_entry: "avc1" (parameter sets only in the record) or "avc3" (in band).
std::string avc_codec_string(const AvcDecoderConfigurationRecord& record, std::string_view sample_entry = "avc1");
// sample_entry: "hvc1" or "hev1".
std::string hevc_codec_string(const HevcDecoderConfigurationRecord& record, std::string_view sample_entry = "hvc1");
std::string vp9_codec_string(const VpCodecConfigurationRecord& record);
// The full form is written when the record's configOBUs hold a sequence header whose colour
// description or full-range flag is set, or when the record is monochrome or not 4:2:0 with an
// unknown chroma position ("110"); its colour fields then come from that sequence header (2 for
// "unspecified" when it has no colour description). Otherwise the short form "av01.0.04M.08".
std::string av1_codec_string(const Av1CodecConfigurationRecord& record);
std::string aac_codec_string(const AudioSpecificConfig& config);

// The codec string of a stream, parsed from StreamInfo::extradata by codec:
//   H.264 / HEVC  avcC / hvcC record body, or Annex B parameter sets (FFmpeg without global header)
//   AV1           av1C record body, or raw OBUs holding a sequence header (FFmpeg's libaom extradata)
//   VP9           vpcC box payload (version/flags + record), see VpCodecConfigurationRecord
//   AAC           AudioSpecificConfig
//   Opus, MP3, AC-3, E-AC-3, WebVTT need no extradata.
// InvalidArgument when the codec needs extradata and it is empty; the parser's error when it is
// corrupt; Unimplemented for codecs without an RFC 6381 mapping here.
Result<std::string> codec_string(const StreamInfo& info);

}  // namespace streamforge

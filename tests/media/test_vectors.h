// Real bitstream bytes for the media/ tests, as hex. Generated with Debian 12's FFmpeg 5.1
// (libx264 164, libx265 3.5, libaom 3.6, libvpx 1.12, native aac, libopus) from lavfi testsrc2,
// e.g. `ffmpeg -f lavfi -i testsrc2=size=1920x1080:rate=30 -frames:v 1 -c:v libx264 -f h264 x.h264`;
// the parameter sets were cut out of the Annex B streams, the records out of FFmpeg's MP4 output
// (avcC/hvcC/av1C/vpcC/esds/dOps boxes). Expected values in the tests come from
// `ffmpeg -bsf:v trace_headers`, ffprobe, and FFmpeg's own DASH/HLS codec strings.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"

namespace streamforge::test {

inline ByteBuffer from_hex(std::string_view hex) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
    return static_cast<uint8_t>(c - 'A' + 10);
  };
  ByteBuffer out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

// ---- H.264 (libx264) ----
// High@4.0 1920x1080 30 fps (default preset): SPS, PPS, and FFmpeg's avcC of the same stream.
inline constexpr std::string_view kX264HighSps = "67640028acd940780227e5c044000003000400000300f03c60c658";
inline constexpr std::string_view kX264HighPps = "68ebe3cb22c0";
inline constexpr std::string_view kX264HighAvcc =
    "01640028ffe1001b67640028acd940780227e5c044000003000400000300f03c60c65801000668ebe3cb22c0fdf8f800";
// Constrained Baseline@3.1 1280x720.
inline constexpr std::string_view kX264BaselineSps = "6742c01fd9005005bb0110000003001000000303c0f1832480";
inline constexpr std::string_view kX264BaselinePps = "68cb83cb20";
// High 4:4:4 Predictive@3.1 1280x720 with NAL HRD (nal-hrd=vbr) and bitstream restriction.
inline constexpr std::string_view kX264High444HrdSps =
    "67f4001f919b280a00b7602200000300020000030078c080005b8d8000b71b498600f1831960";
// High@3.2 1280x720 interlaced (MBAFF, frame_mbs_only_flag 0), SAR 16:11 (aspect_ratio_idc 4).
inline constexpr std::string_view kX264InterlacedSps = "67640020acd940500bbf2e0820000003002000000783e2c5b2c0";
// Main@4.0 1918x1078 (cropped), 30000/1001 fps, full range BT.709 colour description.
inline constexpr std::string_view kX264CropColourSps = "674d4028eca03c0113d4d80b7010101400000fa40003a9803c60c658";
// FFmpeg's avcC for 320x240: Main (no High-profile fields), High 4:4:4 (profile 244, with them)
// and High 4:2:2 10-bit (profile 122).
inline constexpr std::string_view kX264MainAvcc =
    "014d400dffe10018674d400deca0a0fd8088000003000800000301e078a14cb001000568ebe3cb20";
inline constexpr std::string_view kX264High444Avcc =
    "01f4000dffe1001967f4000d919b28283f6022000003000200000300781e28532c01000668ebe3c44844fff8f800";
inline constexpr std::string_view kX264High422TenBitAvcc =
    "017a000dffe10019677a000db6cd94141fb0110000030001000003003c0f14299601000668ebe3cb22c0fefafa00";

// ---- HEVC (libx265, x265-params info=0) ----
// Main@L4 (level_idc 120) 1920x1080: VPS, SPS, PPS and FFmpeg's hvcC ('hvc1').
inline constexpr std::string_view kX265MainVps = "40010c01ffff016000000300900000030000030078959809";
inline constexpr std::string_view kX265MainSps =
    "420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04";
inline constexpr std::string_view kX265MainPps = "4401c172b46240";
inline constexpr std::string_view kX265MainHvcc =
    "01016000000090000000000078f000fcfdf8f800000f03a00001001840010c01ffff016000000300900000030000030078959809a100"
    "01002a420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04a2000100074401c172"
    "b46240";
// Main 10@L3.1 1280x720.
inline constexpr std::string_view kX265Main10Vps = "40010c01ffff02200000030090000003000003005d959809";
inline constexpr std::string_view kX265Main10Sps =
    "42010102200000030090000003000003005da00280802d1365959a4932bc05a020000003002000000303c1";
inline constexpr std::string_view kX265Main10Pps = "4401c172b46240";
inline constexpr std::string_view kX265Main10Hvcc =
    "0102200000009000000000005df000fcfdfafa00000f03a00001001840010c01ffff02200000030090000003000003005d959809a100"
    "01002b42010102200000030090000003000003005da00280802d1365959a4932bc05a020000003002000000303c1a200010007440"
    "1c172b46240";
// Main@L3.1 1280x720 with two temporal sub-layers, SAR 4:3 and NAL HRD parameters in the VUI.
inline constexpr std::string_view kX265HrdVps = "40010c02ffff01600000030090000003000003005d00009598acc048";
inline constexpr std::string_view kX265HrdSps =
    "42010201600000030090000003000003005d0000a00280802d1659598acd24995e1cd010000003001000000301e6014966e0001312d0"
    "0009896b80004c4b40002625a2";
// RExt 4:2:2 10-bit@L4 1918x1078 (conformance window), full range BT.2020/PQ, scaling lists on.
inline constexpr std::string_view kX265Rext422Sps =
    "4201010408000003009d08000003000078b003c08010e756d96566924e5780b7091009040000030004000003006420";

// ---- AV1 (libaom, cpu-used 8) ----
// Temporal delimiter + sequence header OBUs of 1280x720 8-bit (level 3.1) and 10-bit BT.2020/PQ;
// FFmpeg's av1C for both.
inline constexpr std::string_view kAomTemporalDelimiter = "1200";
inline constexpr std::string_view kAom8BitSequenceHeaderObu = "0a0b0000002d4cffb3ccaf9004";
inline constexpr std::string_view kAom8BitAv1c = "81050c000a0b0000002d4cffb3ccaf9004";
inline constexpr std::string_view kAom10BitSequenceHeaderObu = "0a0e0000002d4cffb3ccaf9509100904";
inline constexpr std::string_view kAom10BitAv1c = "81054c000a0e0000002d4cffb3ccaf9509100904";
// 352x288 4:4:4 (seq_profile 1).
inline constexpr std::string_view kAom444SequenceHeaderObu = "0a0a20000004457e3e6d7c81";

// ---- VP9 (libvpx-vp9): the first 24 bytes of keyframes, and FFmpeg's vpcC boxes ----
// Profile 0, 640x360.
inline constexpr std::string_view kVp9Profile0Keyframe = "824983420027f016760438241c184a1007a07fddfa3e8be7";
inline constexpr std::string_view kVp9Profile0Vpcc = "010000000015820202020000";
// Profile 2 (10-bit) 1920x1080, BT.2020 colour space, full range.
inline constexpr std::string_view kVp9Profile2Keyframe = "92498342583bf821bb031c120e0c2c0c03267ffd2fe6fc5f";
inline constexpr std::string_view kVp9Profile2Vpcc = "010000000228a30910090000";
// Profile 1 4:4:4, 352x288.
inline constexpr std::string_view kVp9Profile1Keyframe = "a24983420002be023ec0470483830940018e7fd9fa3e8fe7";

// ---- Audio ----
// FFmpeg's native AAC encoder, 48 kHz mono: AAC LC with explicit "no SBR" signalling (sync
// extension 0x2b7, extension object type 5, sbrPresentFlag 0).
inline constexpr std::string_view kFfmpegAacAsc = "118856e500";
// libopus stereo 48 kHz: OpusHead from Ogg, dOps from MP4.
inline constexpr std::string_view kLibopusOpusHead = "4f707573486561640102380180bb0000000000";
inline constexpr std::string_view kLibopusDops = "000201380000bb80000000";

}  // namespace streamforge::test

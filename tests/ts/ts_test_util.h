// Helpers for the ts/ tests: hex, real parameter sets, and the seed files under tests/fuzz/corpus.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "test_commands.h"
#include "streamforge/core/bytes.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/ts/ts_muxer.h"

namespace streamforge::ts::test {

using streamforge::testing::from_hex;  // tests/support/test_commands.h

inline SharedBytes shared_hex(std::string_view hex) { return SharedBytes(from_hex(hex)); }

// libx264 High@1.0 64x64 (Debian 12 FFmpeg 5.1), cut from tests/fuzz/corpus/ts_reader/ffmpeg_h264_aac.ts.
inline constexpr std::string_view kSps = "6764000aacd94426c044000003000400000300503c489658";
inline constexpr std::string_view kPps = "68ebe3cb22c0";
// AudioSpecificConfig: AAC LC, 48 kHz, stereo.
inline constexpr std::string_view kAscLc48kStereo = "1190";

inline SharedBytes test_avcc() {
  auto rec = AvcDecoderConfigurationRecord::from_parameter_sets({from_hex(kSps)}, {from_hex(kPps)});
  EXPECT_TRUE(rec.ok()) << rec.status().to_string();
  auto bytes = rec->serialize();
  EXPECT_TRUE(bytes.ok());
  return SharedBytes(std::move(*bytes));
}

inline TsStreamConfig h264_config() { return {Codec::kH264, test_avcc(), ""}; }
inline TsStreamConfig aac_config(std::string language = "") {
  return {Codec::kAac, shared_hex(kAscLc48kStereo), std::move(language)};
}

// A length-prefixed sample of NAL units (4-byte lengths).
inline SharedBytes sample_of(const std::vector<ByteBuffer>& nals) {
  ByteBuffer out;
  for (const ByteBuffer& nal : nals) {
    const uint32_t n = static_cast<uint32_t>(nal.size());
    const uint8_t len[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                            static_cast<uint8_t>(n)};
    out.append(len, 4);
    out.append(nal);
  }
  return SharedBytes(std::move(out));
}

// A NAL unit of `size` bytes with the given header byte and a deterministic body without zero bytes.
inline ByteBuffer nal_of(uint8_t header, size_t size, uint8_t seed = 1) {
  ByteBuffer nal;
  nal.push_back(header);
  for (size_t i = 1; i < size; ++i) nal.push_back(static_cast<uint8_t>(1 + (seed + i * 7) % 250));
  return nal;
}

inline ByteBuffer bytes_of(size_t size, uint8_t seed = 3) {
  ByteBuffer out;
  for (size_t i = 0; i < size; ++i) out.push_back(static_cast<uint8_t>(seed + i * 13));
  return out;
}

inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "fuzz" / "corpus" / "ts_reader";
}

inline ByteBuffer read_binary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ByteBuffer(std::move(bytes));
}

}  // namespace streamforge::ts::test

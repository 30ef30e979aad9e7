// Fuzzes the HEVC VPS/SPS/PPS parsers, the pic_timing SEI reader, and the hvcC builder/serializer
// on every SPS they accept.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "streamforge/media/codec_string.h"
#include "streamforge/media/hevc.h"
#include "streamforge/media/hevc_config.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

std::vector<uint8_t> with_header(uint8_t nal_unit_type, const uint8_t* data, size_t size) {
  std::vector<uint8_t> nal(size + 2);
  nal[0] = static_cast<uint8_t>(nal_unit_type << 1);
  nal[1] = 0x01;
  for (size_t i = 0; i < size; ++i) nal[i + 2] = data[i];
  return nal;
}

void check(streamforge::ByteView vps_nal, streamforge::ByteView sps_nal, streamforge::ByteView pps_nal) {
  using namespace streamforge;
  (void)parse_hevc_vps(vps_nal);
  (void)parse_hevc_pps(pps_nal);
  auto sps = parse_hevc_sps(sps_nal);
  if (!sps.ok()) return;
  require(sps->width > 0 && sps->width <= sps->pic_width_in_luma_samples);
  require(sps->height > 0 && sps->height <= sps->pic_height_in_luma_samples);
  require(sps->sps_max_sub_layers >= 1 && sps->sps_max_sub_layers <= 7);
  (void)sps->vui.frame_rate();

  static const uint8_t kVps[] = {0x40, 0x01, 0x0c, 0x01, 0xff, 0xff};
  static const uint8_t kPps[] = {0x44, 0x01, 0xc1, 0x72, 0xb4, 0x62, 0x40};
  auto record = HevcDecoderConfigurationRecord::from_parameter_sets({ByteView(kVps)}, {sps_nal}, {ByteView(kPps)});
  if (!record.ok()) return;
  auto bytes = record->serialize();
  require(bytes.ok());
  auto back = HevcDecoderConfigurationRecord::parse(*bytes);
  require(back.ok() && *back == *record);
  (void)hevc_codec_string(*back);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const streamforge::ByteView input(data, size);
  check(input, input, input);
  // Also as the payloads of VPS / SPS / PPS NAL units.
  const auto vps = with_header(32, data, size);
  const auto sps = with_header(33, data, size);
  const auto pps = with_header(34, data, size);
  const auto sei = with_header(39, data, size);
  if (auto pic_struct = streamforge::parse_hevc_pic_struct(streamforge::ByteView(sei)); pic_struct.ok() && pic_struct->has_value()) {
    require(**pic_struct < 16);  // 4 bits
    (void)streamforge::hevc_pic_struct_is_top_field(**pic_struct);
  }
  (void)streamforge::parse_hevc_pic_struct(input);
  check(streamforge::ByteView(vps), streamforge::ByteView(sps), streamforge::ByteView(pps));
  return 0;
}

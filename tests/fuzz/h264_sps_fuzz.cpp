// Fuzzes the H.264 SPS parser, and the avcC builder/serializer on every SPS it accepts.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "streamforge/media/avc_config.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/media/h264.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void check_sps(streamforge::ByteView nal) {
  using namespace streamforge;
  auto sps = parse_h264_sps(nal);
  if (!sps.ok()) return;
  require(sps->width > 0 && sps->height > 0);
  require(sps->width <= sps->pic_width_in_mbs * 16);
  require(sps->bit_depth_luma >= 8 && sps->bit_depth_luma <= 14);
  require(sps->chroma_format_idc <= 3);
  (void)sps->vui.frame_rate();
  (void)sps->vui.sample_aspect_ratio();

  static const uint8_t kPps[] = {0x68, 0xce, 0x38, 0x80};
  auto record = AvcDecoderConfigurationRecord::from_parameter_sets({nal}, {ByteView(kPps)});
  if (!record.ok()) return;
  auto bytes = record->serialize();
  require(bytes.ok());
  auto back = AvcDecoderConfigurationRecord::parse(*bytes);
  require(back.ok() && *back == *record);
  (void)avc_codec_string(*back);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const streamforge::ByteView input(data, size);
  check_sps(input);
  // Also as the payload of an SPS NAL unit, so mutations are not wasted on the header byte.
  std::vector<uint8_t> nal;
  nal.reserve(size + 1);
  nal.push_back(0x67);
  nal.insert(nal.end(), data, data + size);
  check_sps(streamforge::ByteView(nal));
  return 0;
}

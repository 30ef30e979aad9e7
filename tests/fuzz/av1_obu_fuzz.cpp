// Fuzzes AV1 OBU splitting, the sequence header parser, and the av1C builder/serializer.
#include <cstdint>
#include <cstdlib>

#include "streamforge/media/av1.h"
#include "streamforge/media/av1_config.h"
#include "streamforge/media/codec_string.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace streamforge;
  const ByteView input(data, size);

  (void)read_leb128(input);
  (void)parse_av1_sequence_header(input);  // the input as a bare payload

  auto obus = split_obus(input);
  if (obus.ok()) {
    size_t total = 0;
    for (const Av1Obu& obu : *obus) {
      require(!obu.bytes.empty() && obu.payload.size() < obu.bytes.size());
      require(obu.payload.data() + obu.payload.size() == obu.bytes.data() + obu.bytes.size());
      total += obu.bytes.size();
      if (obu.header.type == Av1ObuType::kSequenceHeader) {
        auto sh = parse_av1_sequence_header(obu.payload);
        if (sh.ok()) {
          require(!sh->operating_points.empty());
          require(sh->max_frame_width >= 1 && sh->max_frame_height >= 1);
          const int depth = sh->color_config.bit_depth;
          require(depth == 8 || depth == 10 || depth == 12);
        }
      }
    }
    require(total == size);
  }

  auto record = Av1CodecConfigurationRecord::from_obus(input);
  if (record.ok()) {
    auto bytes = record->serialize();
    require(bytes.ok());
    auto back = Av1CodecConfigurationRecord::parse(*bytes);
    require(back.ok() && *back == *record);
    (void)av1_codec_string(*back);
  }
  return 0;
}

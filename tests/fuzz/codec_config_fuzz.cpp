// Fuzzes every configuration record parser with the round-trip property: when parse(x) succeeds
// with r, serialize(r) succeeds, parse(serialize(r)) == r, and serialize is then a fixed point.
// Also derives codec strings from the same bytes as StreamInfo extradata, and reads them as an
// Opus packet (its duration: at most 120 ms when it parses).
#include <cstdint>
#include <cstdlib>

#include "streamforge/media/codec_config.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/media/opus_packet.h"

namespace {

using namespace streamforge;

void require(bool condition) {
  if (!condition) std::abort();
}

template <typename Record, typename Parse, typename Serialize>
void round_trip(ByteView input, Parse parse, Serialize serialize) {
  Result<Record> record = parse(input);
  if (!record.ok()) return;
  Result<ByteBuffer> bytes = serialize(*record);
  require(bytes.ok());
  Result<Record> again = parse(*bytes);
  require(again.ok());
  require(*again == *record);
  Result<ByteBuffer> bytes_again = serialize(*again);
  require(bytes_again.ok() && *bytes_again == *bytes);
}

template <typename Record>
void round_trip(ByteView input) {
  round_trip<Record>(
      input, [](ByteView b) { return Record::parse(b); }, [](const Record& r) { return r.serialize(); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView input(data, size);
  round_trip<AvcDecoderConfigurationRecord>(input);
  round_trip<HevcDecoderConfigurationRecord>(input);
  round_trip<Av1CodecConfigurationRecord>(input);
  round_trip<VpCodecConfigurationRecord>(input);
  round_trip<AudioSpecificConfig>(input);
  round_trip<OpusHead>(input);
  round_trip<OpusHead>(
      input, [](ByteView b) { return OpusHead::parse_dops(b); }, [](const OpusHead& h) { return h.serialize_dops(); });
  (void)VpCodecConfigurationRecord::from_vp9_keyframe(input, {30, 1});
  if (Result<int> opus = opus_packet_samples(input); opus.ok()) require(*opus >= 120 && *opus <= 5760);

  StreamInfo info;
  info.extradata = SharedBytes::copy_of(input);
  for (Codec codec : {Codec::kH264, Codec::kHevc, Codec::kAv1, Codec::kVp9, Codec::kAac, Codec::kOpus}) {
    info.codec = codec;
    auto s = codec_string(info);
    if (s.ok()) require(!s->empty());
  }
  return 0;
}

#include "streamforge/ts/ts_packet.h"

#include <gtest/gtest.h>

#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::bytes_of;
using test::from_hex;

TsPacket parse_ok(ByteView bytes) {
  auto p = parse_packet(bytes);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  return p.ok() ? *p : TsPacket{};
}

ByteBuffer one_packet(size_t payload_size, const AdaptationField* af = nullptr, uint8_t cc = 5) {
  TsPacketHeader h;
  h.pid = 0x100;
  h.continuity_counter = cc;
  ByteBuffer out;
  const ByteBuffer payload = bytes_of(payload_size);
  EXPECT_EQ(write_packet(h, af, payload, out), std::min<size_t>(payload_size, kMaxPayloadSize - (af ? af->encoded_size() : 0)));
  EXPECT_EQ(out.size(), kPacketSize);
  return out;
}

TEST(TsPacket, FullPayloadHasNoAdaptationField) {
  const ByteBuffer p = one_packet(184);
  EXPECT_EQ(to_hex(p.view().first(4)), "47010015");  // PID 0x100, payload only, CC 5
  EXPECT_EQ(ByteBuffer(p.view().subspan(4)), bytes_of(184));
  const TsPacket parsed = parse_ok(p);
  EXPECT_EQ(parsed.adaptation_field_control, 1);
  EXPECT_FALSE(parsed.adaptation_field.has_value());
  EXPECT_EQ(parsed.payload.size(), 184u);
}

TEST(TsPacket, OneByteOfStuffingIsAnEmptyAdaptationField) {
  // 183 bytes of payload leave 1 byte: adaptation_field_length 0, no flags byte (§2.4.3.5).
  const ByteBuffer p = one_packet(183);
  EXPECT_EQ(to_hex(p.view().first(5)), "4701003500");
  EXPECT_EQ(ByteBuffer(p.view().subspan(5)), bytes_of(183));
  const TsPacket parsed = parse_ok(p);
  EXPECT_EQ(parsed.adaptation_field_control, 3);
  ASSERT_TRUE(parsed.adaptation_field.has_value());
  EXPECT_EQ(*parsed.adaptation_field, AdaptationField{});
  EXPECT_EQ(ByteBuffer(parsed.payload), bytes_of(183));
}

TEST(TsPacket, TwoBytesOfStuffingAreLengthAndFlags) {
  const ByteBuffer p = one_packet(182);
  EXPECT_EQ(to_hex(p.view().first(6)), "470100350100");
  EXPECT_EQ(ByteBuffer(parse_ok(p).payload), bytes_of(182));
}

TEST(TsPacket, OneBytePayloadLeaves183BytesOfAdaptationField) {
  const ByteBuffer p = one_packet(1);
  EXPECT_EQ(to_hex(p.view().first(6)), "47010035b600");  // adaptation_field_length 182, flags 0
  for (size_t i = 6; i < 187; ++i) ASSERT_EQ(p.data()[i], 0xff) << i;
  EXPECT_EQ(p.data()[187], bytes_of(1).data()[0]);
  EXPECT_EQ(parse_ok(p).payload.size(), 1u);
}

TEST(TsPacket, EmptyPayloadIsAdaptationFieldOnly) {
  AdaptationField af;
  af.pcr = Pcr{63000, 0};
  const ByteBuffer p = one_packet(0, &af, 7);
  EXPECT_EQ(to_hex(p.view().first(12)), "47010027b71000007b0c7e00");  // '10', length 183, PCR 0.7 s
  for (size_t i = 12; i < 188; ++i) ASSERT_EQ(p.data()[i], 0xff) << i;
  const TsPacket parsed = parse_ok(p);
  EXPECT_EQ(parsed.adaptation_field_control, 2);
  EXPECT_FALSE(parsed.has_payload());
  EXPECT_TRUE(parsed.payload.empty());
  EXPECT_EQ(parsed.adaptation_field->pcr, af.pcr);

  // Without any field: still a full packet of stuffing.
  const ByteBuffer q = one_packet(0);
  EXPECT_EQ(to_hex(q.view().first(6)), "47010025b700");
}

TEST(TsPacket, PcrAndRandomAccessLikeFfmpeg) {
  // FFmpeg's first video packet starts 47 41 00 30 07 50 00 00 7b 0c 7e 00: PUSI, adaptation field
  // of 7 bytes with random_access_indicator and a PCR of base 63000.
  AdaptationField af;
  af.random_access_indicator = true;
  af.pcr = Pcr{63000, 0};
  TsPacketHeader h;
  h.pid = 0x100;
  h.payload_unit_start_indicator = true;
  ByteBuffer out;
  EXPECT_EQ(write_packet(h, &af, bytes_of(1000), out), 176u);
  EXPECT_EQ(to_hex(out.view().first(12)), "474100300750" "00007b0c7e00");

  // A short payload behind the same field: the stuffing follows the PCR.
  ByteBuffer shorter;
  EXPECT_EQ(write_packet(h, &af, bytes_of(100), shorter), 100u);
  EXPECT_EQ(shorter.data()[4], 7 + 76);
  for (size_t i = 12; i < 88; ++i) ASSERT_EQ(shorter.data()[i], 0xff) << i;
  const TsPacket parsed = parse_ok(shorter);
  EXPECT_TRUE(parsed.header.payload_unit_start_indicator);
  EXPECT_EQ(*parsed.adaptation_field, af);
  EXPECT_EQ(ByteBuffer(parsed.payload), bytes_of(100));
}

TEST(TsPacket, PcrFieldEncoding) {
  uint8_t b[6];
  write_pcr_field(Pcr{(uint64_t{1} << 33) - 1, 299}, b);
  EXPECT_EQ(to_hex(ByteView(b, 6)), "ffffffffff2b");  // base all ones, 6 reserved ones, extension 299
  EXPECT_EQ(read_pcr_field(b), (Pcr{(uint64_t{1} << 33) - 1, 299}));
  write_pcr_field(Pcr{1, 256}, b);
  EXPECT_EQ(to_hex(ByteView(b, 6)), "00000000ff00");
  write_pcr_field(Pcr{0, 0}, b);
  EXPECT_EQ(to_hex(ByteView(b, 6)), "000000007e00");

  // PCR = base * 300 + extension (27 MHz).
  EXPECT_EQ(Pcr::from_27mhz(27'000'000), (Pcr{90000, 0}));
  EXPECT_EQ(Pcr::from_27mhz(27'000'000 + 299), (Pcr{90000, 299}));
  EXPECT_EQ((Pcr{90000, 150}).ticks_27mhz(), 27'000'150u);
  EXPECT_EQ(Pcr::from_90khz(kTimestampModulus + 5), (Pcr{5, 0}));  // wraps at 2^33
}

TEST(TsPacket, ContinuityCounterWrapsAt16) {
  TsPacketHeader h;
  h.pid = 0x101;
  uint8_t cc = 10;
  ByteBuffer out;
  const ByteBuffer pes = bytes_of(20 * 184 - 50);
  EXPECT_EQ(packetize_pes(h, pes, nullptr, cc, out), 20u);
  ASSERT_EQ(out.size(), 20 * kPacketSize);
  ByteBuffer joined;
  for (size_t i = 0; i < 20; ++i) {
    const TsPacket p = parse_ok(out.view().subspan(i * kPacketSize, kPacketSize));
    EXPECT_EQ(p.header.continuity_counter, (10 + i) % 16) << i;
    EXPECT_EQ(p.header.payload_unit_start_indicator, i == 0);
    EXPECT_EQ(p.header.pid, 0x101);
    joined.append(p.payload);
  }
  EXPECT_EQ(cc, (10 + 20) % 16);
  EXPECT_EQ(joined, pes);
  // The stuffing went into the last packet: 50 bytes short.
  EXPECT_EQ(out.data()[19 * kPacketSize + 4], 49);
}

TEST(TsPacket, ParseRejectsMalformedPackets) {
  ByteBuffer p = one_packet(184);
  EXPECT_EQ(parse_packet(p.view().first(187)).status().code(), StatusCode::kDataLoss);
  p.data()[0] = 0x48;
  EXPECT_EQ(parse_packet(p).status().code(), StatusCode::kDataLoss);
  p.data()[0] = 0x47;
  p.data()[3] = 0x05;  // adaptation_field_control '00'
  EXPECT_EQ(parse_packet(p).status().code(), StatusCode::kDataLoss);
  p.data()[3] = 0x35;
  p.data()[4] = 183;  // too long when a payload follows
  EXPECT_EQ(parse_packet(p).status().code(), StatusCode::kDataLoss);
  p.data()[4] = 1;
  p.data()[5] = 0x10;  // PCR flag with no room for the PCR
  EXPECT_EQ(parse_packet(p).status().code(), StatusCode::kDataLoss);
  p.data()[4] = 3;
  p.data()[5] = 0x02;  // transport_private_data_length past the field
  p.data()[6] = 9;
  EXPECT_EQ(parse_packet(p).status().code(), StatusCode::kDataLoss);
  p.data()[6] = 1;
  EXPECT_TRUE(parse_packet(p).ok());
}

}  // namespace
}  // namespace streamforge::ts

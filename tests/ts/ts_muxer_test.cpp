#include "streamforge/ts/ts_muxer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "streamforge/media/hevc_config.h"
#include "streamforge/ts/adts.h"
#include "streamforge/ts/ts_reader.h"
#include "streamforge/ts/video_payload.h"
#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::bytes_of;
using test::from_hex;
using test::nal_of;
using test::sample_of;

constexpr int64_t kStart = 900000;  // 10 s
constexpr int64_t kFrame = 3000;    // 30 fps
constexpr int64_t kAudioFrame = 1920;  // 1024 samples at 48 kHz

TsMuxer make(std::vector<TsStreamConfig> configs) {
  auto mux = TsMuxer::create(std::move(configs));
  EXPECT_TRUE(mux.ok()) << mux.status().to_string();
  return std::move(*mux);
}

// Frame i of a synthetic H.264 stream: IDR every 10 frames, sizes from tiny to multi-packet, one
// frame above 65535 bytes (an unbounded PES), B-frame-like PTS reordering.
TsSample video_sample(int i) {
  TsSample s;
  s.stream = 0;
  s.keyframe = i % 10 == 0;
  const size_t size = i == 13 ? 70000 : static_cast<size_t>(5 + (i * 997) % 3000);
  s.data = sample_of({nal_of(0x06, 9, static_cast<uint8_t>(i)),
                      nal_of(s.keyframe ? 0x65 : 0x41, size, static_cast<uint8_t>(i))});
  s.dts = kStart + i * kFrame;
  s.pts = s.dts + (i % 3 == 0 ? 2 : i % 3 == 1 ? 4 : 1) * kFrame;
  return s;
}

TsSample audio_sample(int i, int stream = 1) {
  TsSample s;
  s.stream = stream;
  s.keyframe = true;
  s.data = SharedBytes(bytes_of(static_cast<size_t>(100 + (i * 37) % 500), static_cast<uint8_t>(i)));
  s.pts = s.dts = kStart + i * kAudioFrame;
  return s;
}

ByteBuffer payload_sample(const TsPesEvent& pes) {
  auto sample = annexb_payload_to_sample(Codec::kH264, pes.payload, true);
  EXPECT_TRUE(sample.ok()) << sample.status().to_string();
  return sample.ok() ? *sample : ByteBuffer();
}

TsReadResult read_strict(const ByteBuffer& bytes) {
  auto result = read_transport_stream(bytes);
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  return result.ok() ? std::move(*result) : TsReadResult{};
}

TEST(TsMuxer, BeginSegmentWritesPatAndPmt) {
  TsMuxer mux = make({test::h264_config(), test::aac_config("eng")});
  ByteBuffer out;
  mux.begin_segment(out);
  ASSERT_EQ(out.size(), 2 * kPacketSize);
  EXPECT_EQ(mux.segment_size(), 376u);
  EXPECT_EQ(mux.pcr_pid(), 0x100);
  EXPECT_EQ(mux.pid(1), 0x101);
  EXPECT_EQ(to_hex(out.view().first(21)), "474000100000b00d0001c100000001f0002ab104b2");  // FFmpeg's PAT
  auto pmt = ProgramMapTable::parse(out.view().subspan(kPacketSize + 5));
  ASSERT_TRUE(pmt.ok()) << pmt.status().to_string();
  EXPECT_EQ(pmt->pcr_pid, 0x100);
  ASSERT_EQ(pmt->streams.size(), 2u);
  EXPECT_EQ(pmt->streams[0].stream_type, 0x1b);
  EXPECT_EQ(pmt->streams[1].stream_type, 0x0f);
  ASSERT_EQ(pmt->streams[1].descriptors.size(), 1u);
  EXPECT_EQ(iso639_language(pmt->streams[1].descriptors[0]), "eng");
  EXPECT_EQ(*pmt, mux.pmt());

  // Continuity counters continue in the next segment.
  ByteBuffer next;
  mux.begin_segment(next);
  EXPECT_EQ(next.data()[3], 0x11);
  EXPECT_EQ(next.data()[kPacketSize + 3], 0x11);
  EXPECT_EQ(mux.segment_size(), 376u);
}

TEST(TsMuxer, WithoutLanguageThePmtIsFfmpegs) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  ByteBuffer out;
  mux.begin_segment(out);
  const ByteBuffer ffmpeg = test::read_binary(test::corpus_dir() / "ffmpeg_h264_aac.ts");
  ASSERT_GE(ffmpeg.size(), 3 * kPacketSize);
  EXPECT_EQ(to_hex(out), to_hex(ffmpeg.view().subspan(kPacketSize, 2 * kPacketSize)));
}

TEST(TsMuxer, CreateRejectsBadConfigs) {
  auto expect_error = [](std::vector<TsStreamConfig> configs, std::string_view field, std::string_view needle) {
    auto mux = TsMuxer::create(std::move(configs));
    ASSERT_FALSE(mux.ok());
    EXPECT_EQ(mux.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(mux.status().field(), field);
    EXPECT_NE(mux.status().message().find(needle), std::string::npos) << mux.status().to_string();
  };
  expect_error({}, "streams", "at least one");
  expect_error({test::h264_config(), {Codec::kVp9, {}, ""}}, "streams[1].codec", "vp9");
  expect_error({{Codec::kOpus, {}, ""}}, "streams[0].codec", "opus");
  expect_error({{Codec::kH264, {}, ""}}, "streams[0].extradata", "avcC");
  expect_error({{Codec::kH264, test::shared_hex("0164"), ""}}, "streams[0].extradata", "avcC");
  expect_error({{Codec::kAac, {}, ""}}, "streams[0].extradata", "AudioSpecificConfig");
  // ER AAC LD (AOT 23), 48 kHz, stereo: ADTS cannot say so.
  expect_error({{Codec::kAac, test::shared_hex("b99000"), ""}}, "streams[0].extradata", "ADTS");
  expect_error({{Codec::kAac, test::shared_hex("178061a810"), ""}}, "streams[0].extradata", "explicit sampling frequency");
  expect_error({test::aac_config("english")}, "streams[0].language", "ISO 639");
  std::vector<TsStreamConfig> many(17, test::h264_config());
  expect_error(many, "streams[16].codec", "16 video");
}

TEST(TsMuxer, WriteErrorsLeaveNothingBehind) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  ByteBuffer out;
  EXPECT_EQ(mux.write(video_sample(0), out).code(), StatusCode::kFailedPrecondition);
  mux.begin_segment(out);
  const size_t size = out.size();
  TsSample s = video_sample(0);
  s.stream = 2;
  EXPECT_EQ(mux.write(s, out).code(), StatusCode::kInvalidArgument);
  s = video_sample(0);
  s.dts = -1;
  EXPECT_EQ(mux.write(s, out).code(), StatusCode::kInvalidArgument);
  s = video_sample(0);
  s.dts = s.pts + 1;
  EXPECT_EQ(mux.write(s, out).code(), StatusCode::kInvalidArgument);
  s.dts = s.pts;
  s.data = SharedBytes();
  EXPECT_EQ(mux.write(s, out).code(), StatusCode::kInvalidArgument);
  s.data = SharedBytes(from_hex("00000009650102"));  // NAL length past the end
  EXPECT_EQ(mux.write(s, out).code(), StatusCode::kDataLoss);
  TsSample big = audio_sample(0);
  big.data = SharedBytes(bytes_of(8185));
  EXPECT_EQ(mux.write(big, out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(out.size(), size);
  EXPECT_EQ(mux.segment_size(), 376u);
  // Still usable, CC untouched: the stream reads strictly.
  ASSERT_TRUE(mux.write(video_sample(0), out).ok());
  read_strict(out);
}

TEST(TsMuxer, RoundTripManySamples) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  ByteBuffer all;
  std::vector<TsSample> video, audio;
  std::map<size_t, TsPesLocation> keyframe_locations;  // by video sample index
  std::vector<uint64_t> segment_starts;
  int a = 0;
  for (int i = 0; i < 40; ++i) {
    const TsSample v = video_sample(i);
    if (v.keyframe) {
      segment_starts.push_back(all.size());
      mux.begin_segment(all);
    }
    TsPesLocation where;
    ASSERT_TRUE(mux.write(v, all, &where).ok());
    if (v.keyframe) keyframe_locations[video.size()] = where;
    video.push_back(v);
    // Audio interleaved by DTS.
    while (kStart + a * kAudioFrame < v.dts + kFrame) {
      const TsSample s = audio_sample(a++);
      ASSERT_TRUE(mux.write(s, all).ok());
      audio.push_back(s);
    }
  }
  ASSERT_EQ(all.size() % kPacketSize, 0u);
  const TsReadResult r = read_strict(all);
  EXPECT_EQ(r.pat_count(), 4u);
  EXPECT_EQ(r.pmt_count(), 4u);
  EXPECT_TRUE(r.warnings.empty());

  const auto v = r.pes_packets(0x100);
  ASSERT_EQ(v.size(), video.size());
  for (size_t i = 0; i < v.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(v[i]->stream_id, 0xe0);
    EXPECT_EQ(v[i]->stream_type, 0x1b);
    EXPECT_EQ(v[i]->pts, video[i].pts);
    EXPECT_EQ(v[i]->dts.value_or(*v[i]->pts), video[i].dts);
    EXPECT_EQ(v[i]->random_access, video[i].keyframe);
    EXPECT_TRUE(v[i]->data_alignment);
    EXPECT_EQ(to_hex(payload_sample(*v[i])), to_hex(video[i].data));
    // Parameter sets exactly before keyframes, after the AUD.
    auto nals = split_annexb_payload(v[i]->payload);
    ASSERT_TRUE(nals.ok());
    EXPECT_EQ(to_hex((*nals)[0]), "09f0");
    EXPECT_EQ(nals->size(), video[i].keyframe ? 5u : 3u);
    if (video[i].keyframe) {
      EXPECT_EQ(to_hex((*nals)[1]), test::kSps);
      EXPECT_EQ(to_hex((*nals)[2]), test::kPps);
    }
  }
  const auto au = r.pes_packets(0x101);
  ASSERT_EQ(au.size(), audio.size());
  for (size_t i = 0; i < au.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(au[i]->stream_id, 0xc0);
    EXPECT_EQ(au[i]->pts, audio[i].pts);
    EXPECT_FALSE(au[i]->dts.has_value());
    EXPECT_TRUE(au[i]->random_access);
    auto frames = split_adts_frames(au[i]->payload);
    ASSERT_TRUE(frames.ok());
    ASSERT_EQ(frames->size(), 1u);
    EXPECT_EQ(ByteBuffer((*frames)[0].payload), ByteBuffer(audio[i].data.view()));
    EXPECT_EQ(to_hex((*frames)[0].header.to_audio_specific_config().serialize().value()), test::kAscLc48kStereo);
  }

  // I-frame byte ranges: relative to the segment, covering exactly the PES's packets.
  size_t segment = 0;
  for (const auto& [index, where] : keyframe_locations) {
    const TsPesEvent& pes = *v[index];
    EXPECT_EQ(segment_starts[segment] + where.offset, pes.offset) << index;
    EXPECT_EQ(where.size, pes.end_offset - pes.offset) << index;
    EXPECT_EQ(where.size, pes.packet_count * kPacketSize) << index;
    EXPECT_EQ(where.offset, 376u) << "the keyframe follows PAT and PMT";
    ++segment;
  }

  // PCR: on every video PES (the PCR PID), never decreasing, at most 40 ms apart, before the DTS.
  const auto pcrs = r.pcrs();
  ASSERT_FALSE(pcrs.empty());
  size_t on_pes = 0;
  for (size_t i = 0; i < pcrs.size(); ++i) {
    EXPECT_EQ(pcrs[i]->pid, 0x100);
    if (i > 0) {
      EXPECT_GE(pcrs[i]->pcr.ticks_27mhz(), pcrs[i - 1]->pcr.ticks_27mhz());
      EXPECT_LE(pcrs[i]->pcr.ticks_27mhz() - pcrs[i - 1]->pcr.ticks_27mhz(), 40u * 27000) << i;
    }
    for (const TsPesEvent* pes : v) {
      if (pes->offset == pcrs[i]->offset) {
        ++on_pes;
        EXPECT_LE(pcrs[i]->pcr.base, static_cast<uint64_t>(pes->dts.value_or(*pes->pts)));
        EXPECT_EQ(pcrs[i]->pcr.base, static_cast<uint64_t>(pes->dts.value_or(*pes->pts) - kPcrLead));
      }
    }
  }
  EXPECT_EQ(on_pes, v.size());
}

TEST(TsMuxer, SplitSegmentsReadOnTheirOwn) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  std::vector<ByteBuffer> segments;
  for (int i = 0; i < 20; ++i) {
    const TsSample v = video_sample(i);
    if (v.keyframe) {
      segments.emplace_back();
      mux.begin_segment(segments.back());
    }
    ASSERT_TRUE(mux.write(v, segments.back()).ok());
  }
  ASSERT_EQ(segments.size(), 2u);
  for (const ByteBuffer& seg : segments) {
    const TsReadResult r = read_strict(seg);
    EXPECT_EQ(r.pes_packets(0x100).size(), 10u);
    EXPECT_TRUE(r.pes_packets(0x100)[0]->random_access);
  }
}

// Tables repeated before a later keyframe: counted in the segment, counters continuing, and the
// bytes from there on read as a transport stream of their own (an I-frame playlist range).
TEST(TsMuxer, WriteTablesMidSegmentStartsAStandaloneRange) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  ByteBuffer early;
  EXPECT_EQ(mux.write_tables(early).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.size(), 0u);
  ByteBuffer seg;
  mux.begin_segment(seg);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(mux.write(video_sample(i), seg).ok());
  const size_t tables_at = seg.size();
  ASSERT_TRUE(mux.write_tables(seg).ok());
  EXPECT_EQ(seg.size(), tables_at + 2 * kPacketSize);
  EXPECT_EQ(mux.segment_size(), seg.size());
  EXPECT_EQ(seg.data()[tables_at + 3], 0x11);  // PAT continuity counter 1
  TsSample key = video_sample(10);
  ASSERT_TRUE(key.keyframe);
  ASSERT_TRUE(mux.write(key, seg).ok());
  ByteBuffer range(ByteView(seg.data() + tables_at, seg.size() - tables_at));
  const TsReadResult r = read_strict(range);
  ASSERT_EQ(r.pes_packets(0x100).size(), 1u);
  EXPECT_TRUE(r.pes_packets(0x100)[0]->random_access);
  EXPECT_EQ(read_strict(seg).pes_packets(0x100).size(), 11u);
}

TEST(TsMuxer, PcrOnlyPacketsFillSlowVideo) {
  // 10 fps video alone: frames 100 ms apart, so PCR-only packets keep the PCR within 40 ms.
  TsMuxer mux = make({test::h264_config()});
  ByteBuffer out;
  mux.begin_segment(out);
  for (int i = 0; i < 10; ++i) {
    TsSample s = video_sample(i);
    s.dts = s.pts = kStart + i * 9000;
    ASSERT_TRUE(mux.write(s, out).ok());
  }
  const TsReadResult r = read_strict(out);
  const auto pcrs = r.pcrs();
  ASSERT_EQ(pcrs.size(), 10u + 9u * 2u);  // one per frame, two fillers per 100 ms gap
  for (size_t i = 1; i < pcrs.size(); ++i) {
    const uint64_t gap = pcrs[i]->pcr.ticks_27mhz() - pcrs[i - 1]->pcr.ticks_27mhz();
    EXPECT_GT(gap, 0u);
    EXPECT_LE(gap, 40u * 27000);
  }
  // The fillers are adaptation-field-only: 188 bytes each, no PES bytes.
  size_t af_only = 0;
  for (size_t off = 0; off < out.size(); off += kPacketSize) {
    if ((out.data()[off + 3] & 0x30) == 0x20) ++af_only;
  }
  EXPECT_EQ(af_only, 18u);

  // A DTS jump above 1 s is left as a jump.
  TsSample late = video_sample(10);
  late.dts = late.pts = kStart + 10 * 9000 + 5 * 90000;
  ByteBuffer more;
  ASSERT_TRUE(mux.write(late, more).ok());
  EXPECT_EQ(more.data()[3] & 0x30, 0x30);  // the PES itself, with its PCR
}

TEST(TsMuxer, AudioOnlyCarriesPcrOnAudio) {
  TsMuxer mux = make({test::aac_config()});
  EXPECT_EQ(mux.pcr_pid(), 0x100);
  ByteBuffer out;
  mux.begin_segment(out);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(mux.write(audio_sample(i, 0), out).ok());
  const TsReadResult r = read_strict(out);
  EXPECT_EQ(r.pes_packets(0x100).size(), 50u);
  EXPECT_EQ(r.pcrs().size(), 50u);
  EXPECT_EQ(r.first_pmt()->pmt.pcr_pid, 0x100);
}

TEST(TsMuxer, GroupedAudioFrames) {
  TsMuxer mux = make({test::h264_config(), test::aac_config()});
  ByteBuffer out;
  mux.begin_segment(out);
  std::vector<TsSample> frames;
  for (int i = 0; i < 5; ++i) frames.push_back(audio_sample(i));
  TsPesLocation where;
  ASSERT_TRUE(mux.write_audio_frames(frames, out, &where).ok());
  EXPECT_EQ(where.offset, 376u);
  EXPECT_EQ(where.offset + where.size, out.size());
  const TsReadResult r = read_strict(out);
  const auto pes = r.pes_packets(0x101);
  ASSERT_EQ(pes.size(), 1u);
  EXPECT_EQ(pes[0]->pts, frames[0].pts);
  auto adts = split_adts_frames(pes[0]->payload);
  ASSERT_TRUE(adts.ok());
  ASSERT_EQ(adts->size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(ByteBuffer((*adts)[i].payload), ByteBuffer(frames[i].data.view()));

  const size_t before = out.size();
  EXPECT_EQ(mux.write_audio_frames({}, out).code(), StatusCode::kInvalidArgument);
  std::vector<TsSample> mixed = {audio_sample(0), video_sample(0)};
  EXPECT_EQ(mux.write_audio_frames(mixed, out).code(), StatusCode::kInvalidArgument);
  std::vector<TsSample> video = {video_sample(0)};
  EXPECT_EQ(mux.write_audio_frames(video, out).code(), StatusCode::kInvalidArgument);
  std::vector<TsSample> too_many(10, audio_sample(0));
  for (TsSample& f : too_many) f.data = SharedBytes(bytes_of(7000));
  auto status = mux.write_audio_frames(too_many, out);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("65535"), std::string::npos) << status.message();
  EXPECT_EQ(out.size(), before);
}

TEST(TsMuxer, TimestampsWrapAt33Bits) {
  TsMuxer mux = make({test::h264_config()});
  ByteBuffer out;
  mux.begin_segment(out);
  TsSample s = video_sample(0);
  s.dts = static_cast<int64_t>(kTimestampModulus) + 100000;
  s.pts = s.dts + 3000;
  ASSERT_TRUE(mux.write(s, out).ok());
  const TsReadResult r = read_strict(out);
  const auto pes = r.pes_packets(0x100);
  ASSERT_EQ(pes.size(), 1u);
  EXPECT_EQ(pes[0]->dts, 100000);
  EXPECT_EQ(pes[0]->pts, 103000);
  EXPECT_EQ(r.pcrs()[0]->pcr.base, static_cast<uint64_t>(100000 - kPcrLead));
}

TEST(TsMuxer, Hevc) {
  HevcDecoderConfigurationRecord rec;
  rec.arrays.push_back({true, 32, {nal_of(0x40, 10)}});
  rec.arrays.back().nalus[0].data()[1] = 0x01;
  rec.arrays.push_back({true, 33, {nal_of(0x42, 12)}});
  rec.arrays.back().nalus[0].data()[1] = 0x01;
  rec.arrays.push_back({true, 34, {nal_of(0x44, 6)}});
  rec.arrays.back().nalus[0].data()[1] = 0x01;
  auto hvcc = rec.serialize();
  ASSERT_TRUE(hvcc.ok()) << hvcc.status().to_string();
  TsMuxer mux = make({{Codec::kHevc, SharedBytes(std::move(*hvcc)), ""}, test::aac_config()});
  EXPECT_EQ(mux.pmt().streams[0].stream_type, 0x24);
  ByteBuffer out;
  mux.begin_segment(out);
  ByteBuffer idr = nal_of(0x26, 300);
  idr.data()[1] = 0x01;
  TsSample s;
  s.data = sample_of({idr});
  s.keyframe = true;
  s.pts = s.dts = kStart;
  ASSERT_TRUE(mux.write(s, out).ok());
  const TsReadResult r = read_strict(out);
  const auto pes = r.pes_packets(0x100);
  ASSERT_EQ(pes.size(), 1u);
  auto nals = split_annexb_payload(pes[0]->payload);
  ASSERT_TRUE(nals.ok());
  ASSERT_EQ(nals->size(), 5u);  // AUD, VPS, SPS, PPS, IDR
  EXPECT_EQ(to_hex((*nals)[0]), "460150");
  EXPECT_EQ(ByteBuffer((*nals)[4]), idr);
}

TEST(TsMuxer, MovedMuxerKeepsState) {
  TsMuxer a = make({test::h264_config()});
  ByteBuffer out;
  a.begin_segment(out);
  ASSERT_TRUE(a.write(video_sample(0), out).ok());
  TsMuxer b = std::move(a);
  ASSERT_TRUE(b.write(video_sample(1), out).ok());
  EXPECT_EQ(read_strict(out).pes_packets(0x100).size(), 2u);
}

}  // namespace
}  // namespace streamforge::ts

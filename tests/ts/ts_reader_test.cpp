#include "streamforge/ts/ts_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "streamforge/ts/adts.h"
#include "streamforge/ts/pes.h"
#include "streamforge/ts/ts_muxer.h"
#include "ts_test_util.h"

namespace streamforge::ts {
namespace {

using test::bytes_of;
using test::nal_of;
using test::sample_of;

// A small stream from the muxer: segments of 6 video frames (the 4th of 2000 bytes) and audio.
ByteBuffer small_stream(int frames = 12) {
  auto mux = TsMuxer::create({test::h264_config(), test::aac_config()});
  EXPECT_TRUE(mux.ok());
  ByteBuffer out;
  int a = 0;
  for (int i = 0; i < frames; ++i) {
    TsSample v;
    v.keyframe = i % 6 == 0;
    v.data = sample_of({nal_of(v.keyframe ? 0x65 : 0x41, i == 3 ? 2000 : 30 + 10 * i, static_cast<uint8_t>(i))});
    v.dts = 90000 + i * 3000;
    v.pts = v.dts + 3000;
    if (v.keyframe) mux->begin_segment(out);
    EXPECT_TRUE(mux->write(v, out).ok());
    while (90000 + a * 1920 < v.dts + 3000) {
      TsSample s;
      s.stream = 1;
      s.keyframe = true;
      s.data = SharedBytes(bytes_of(50 + a, static_cast<uint8_t>(a)));
      s.pts = s.dts = 90000 + a++ * 1920;
      EXPECT_TRUE(mux->write(s, out).ok());
    }
  }
  return out;
}

ByteBuffer ffmpeg_stream() { return test::read_binary(test::corpus_dir() / "ffmpeg_h264_aac.ts"); }

// A printable token per event, to compare parses.
std::vector<std::string> tokens(const std::vector<TsEvent>& events) {
  std::vector<std::string> out;
  for (const TsEvent& e : events) {
    if (const auto* pat = std::get_if<TsPatEvent>(&e)) {
      out.push_back("PAT@" + std::to_string(pat->offset));
    } else if (const auto* pmt = std::get_if<TsPmtEvent>(&e)) {
      out.push_back("PMT@" + std::to_string(pmt->offset));
    } else if (const auto* pcr = std::get_if<TsPcrEvent>(&e)) {
      out.push_back("PCR" + std::to_string(pcr->pcr.ticks_27mhz()) + "@" + std::to_string(pcr->offset));
    } else if (const auto* pes = std::get_if<TsPesEvent>(&e)) {
      out.push_back("PES" + std::to_string(pes->pid) + ":" + std::to_string(pes->pts.value_or(-1)) + "/" +
                    std::to_string(pes->dts.value_or(-1)) + (pes->random_access ? "K" : "") + "@" +
                    std::to_string(pes->offset) + "-" + std::to_string(pes->end_offset) + "#" +
                    std::to_string(mpeg2_crc32(pes->payload)));
    }
  }
  return out;
}

std::string digest(const std::vector<TsEvent>& events) {
  std::string s;
  for (const std::string& t : tokens(events)) s += t + " ";
  return s;
}

std::vector<TsEvent> read_in_chunks(ByteView data, size_t chunk, TsReaderOptions options = {}) {
  TsReader reader(options);
  std::vector<TsEvent> events;
  for (size_t i = 0; i < data.size(); i += chunk) {
    EXPECT_TRUE(reader.feed(data.subspan(i, std::min(chunk, data.size() - i))).ok());
    for (TsEvent& e : reader.take_events()) events.push_back(std::move(e));
  }
  EXPECT_TRUE(reader.finish().ok());
  for (TsEvent& e : reader.take_events()) events.push_back(std::move(e));
  return events;
}

TEST(TsReader, ReadsFfmpegOutput) {
  const ByteBuffer ts = ffmpeg_stream();
  auto r = read_transport_stream(ts);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->pat_count(), 10u);  // FFmpeg repeats PAT and PMT
  EXPECT_EQ(r->pmt_count(), 10u);
  ASSERT_NE(r->first_pmt(), nullptr);
  EXPECT_EQ(r->first_pmt()->pid, 0x1000);
  const ProgramMapTable& pmt = r->first_pmt()->pmt;
  ASSERT_EQ(pmt.streams.size(), 2u);
  EXPECT_EQ(pmt.streams[0].stream_type, kStreamTypeH264);
  EXPECT_EQ(pmt.streams[1].stream_type, kStreamTypeAdtsAac);

  // ffprobe -show_packets: video pts/dts of the first frames.
  const auto video = r->pes_packets(0x100);
  ASSERT_EQ(video.size(), 10u);
  EXPECT_EQ(video[0]->pts, 144000);
  EXPECT_EQ(video[0]->dts, 126000);
  EXPECT_TRUE(video[0]->random_access);
  EXPECT_EQ(video[1]->pts, 180000);
  EXPECT_EQ(video[1]->dts, 135000);
  EXPECT_FALSE(video[1]->random_access);
  EXPECT_EQ(video[3]->pts, 153000);
  EXPECT_FALSE(video[3]->dts.has_value());  // PTS only when equal
  EXPECT_TRUE(video[5]->random_access);     // -g 5

  // Audio PES packets hold several ADTS frames; 48 in all (ffprobe counts 48 audio packets).
  size_t frames = 0;
  for (const TsPesEvent* pes : r->pes_packets(0x101)) {
    auto adts = split_adts_frames(pes->payload);
    ASSERT_TRUE(adts.ok()) << adts.status().to_string();
    frames += adts->size();
  }
  EXPECT_EQ(frames, 48u);
  EXPECT_FALSE(r->pcrs().empty());
}

TEST(TsReader, EverySeedFileReadsStrictly) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::corpus_dir())) {
    auto r = read_transport_stream(test::read_binary(entry.path()));
    ASSERT_TRUE(r.ok()) << entry.path() << ": " << r.status().to_string();
    ASSERT_NE(r->first_pmt(), nullptr) << entry.path();
    for (const auto& s : r->first_pmt()->pmt.streams) {
      EXPECT_FALSE(r->pes_packets(s.elementary_pid).empty()) << entry.path();
    }
    ++files;
  }
  EXPECT_GE(files, 3u);
}

TEST(TsReader, AnySplitGivesTheSameEvents) {
  for (const ByteBuffer& ts : {ffmpeg_stream(), small_stream()}) {
    auto whole = read_transport_stream(ts);
    ASSERT_TRUE(whole.ok()) << whole.status().to_string();
    const std::string expected = digest(whole->events);
    for (size_t chunk : {1u, 7u, 187u, 188u, 189u, 376u, 1000u}) {
      EXPECT_EQ(digest(read_in_chunks(ts, chunk)), expected) << chunk;
    }
  }
}

TEST(TsReader, NeedMoreDataIsNotAnError) {
  const ByteBuffer ts = small_stream();
  TsReader reader;
  ASSERT_TRUE(reader.feed(ts.view().first(100)).ok());
  EXPECT_EQ(reader.bytes_buffered(), 100u);
  EXPECT_TRUE(reader.take_events().empty());
  ASSERT_TRUE(reader.feed(ts.view().subspan(100, 300)).ok());
  EXPECT_EQ(reader.bytes_buffered(), 400u - 376u);
  EXPECT_EQ(reader.packet_count(), 2u);
  EXPECT_EQ(reader.take_events().size(), 2u);  // PAT, PMT
  const Status end = reader.finish();
  EXPECT_EQ(end.code(), StatusCode::kDataLoss);
  EXPECT_NE(end.message().find("partial"), std::string::npos) << end.message();
  EXPECT_NE(end.message().find("offset 376"), std::string::npos) << end.message();
  EXPECT_EQ(reader.feed(ts).code(), StatusCode::kDataLoss);  // failed for good

  TsReader done;
  ASSERT_TRUE(done.feed(ts).ok());
  ASSERT_TRUE(done.finish().ok());
  EXPECT_EQ(done.finish().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(done.feed(ts).code(), StatusCode::kFailedPrecondition);
}

TEST(TsReader, TruncationAtEveryOffset) {
  const ByteBuffer ts = small_stream(4);  // PAT, PMT, 4 video PES (one of 12 packets), audio
  ASSERT_LT(ts.size(), 5000u);
  const std::string full = digest(read_transport_stream(ts)->events);
  for (size_t n = 0; n <= ts.size(); ++n) {
    const ByteView cut = ts.view().first(n);
    auto strict = read_transport_stream(cut);
    if (!strict.ok()) {
      EXPECT_EQ(strict.status().code(), StatusCode::kDataLoss) << n;
    } else {
      EXPECT_EQ(n % kPacketSize, 0u) << n;
    }
    TsReaderOptions lenient;
    lenient.strict = false;
    auto loose = read_transport_stream(cut, lenient);
    ASSERT_TRUE(loose.ok()) << n;
    EXPECT_EQ(loose->warnings.empty(), strict.ok()) << n;
    // What was read is what the whole stream holds, but for the unbounded video PES open at the cut.
    const std::vector<std::string> got = tokens(loose->events);
    size_t unknown = 0;
    for (const std::string& t : got) {
      if (full.find(t + " ") == std::string::npos) {
        ++unknown;
        EXPECT_EQ(t.rfind("PES256:", 0), 0u) << n << " " << t;
      }
    }
    EXPECT_LE(unknown, 1u) << n;
  }
}

TEST(TsReader, TruncatedFfmpegStream) {
  const ByteBuffer ts = ffmpeg_stream();
  for (size_t n = 0; n <= ts.size(); n += (n % kPacketSize < 2 || n % kPacketSize > 185) ? 1 : 61) {
    auto strict = read_transport_stream(ts.view().first(n));
    if (!strict.ok()) {
      EXPECT_EQ(strict.status().code(), StatusCode::kDataLoss) << n;
    }
  }
}

TEST(TsReader, RandomBytes) {
  std::mt19937 rng(7);
  for (int run = 0; run < 300; ++run) {
    ByteBuffer junk(static_cast<size_t>(rng() % 2000));
    for (size_t i = 0; i < junk.size(); ++i) junk.data()[i] = static_cast<uint8_t>(rng());
    if (run % 3 == 0) {
      for (size_t i = 0; i < junk.size(); i += kPacketSize) junk.data()[i] = kSyncByte;  // plausible packets
    }
    auto strict = read_transport_stream(junk);
    if (!strict.ok()) {
      const StatusCode c = strict.status().code();
      EXPECT_TRUE(c == StatusCode::kDataLoss || c == StatusCode::kUnimplemented) << strict.status().to_string();
    }
    TsReaderOptions lenient;
    lenient.strict = false;
    lenient.max_warnings = 5;
    auto loose = read_transport_stream(junk, lenient);
    ASSERT_TRUE(loose.ok());
    EXPECT_LE(loose->warnings.size(), 5u);
  }
}

TEST(TsReader, LostSync) {
  const ByteBuffer ts = small_stream();
  ByteBuffer broken;
  broken.append(ts.view().first(3 * kPacketSize));
  broken.append(bytes_of(5, 0x10));  // 5 bytes of garbage between packets 3 and 4
  broken.append(ts.view().subspan(3 * kPacketSize));

  auto strict = read_transport_stream(broken);
  EXPECT_EQ(strict.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(strict.status().message().find("at offset 564: sync byte lost"), std::string::npos)
      << strict.status().message();

  TsReaderOptions lenient;
  lenient.strict = false;
  auto loose = read_transport_stream(broken, lenient);
  ASSERT_TRUE(loose.ok());
  ASSERT_EQ(loose->warnings.size(), 1u);
  EXPECT_EQ(loose->warnings[0].offset, 564u);
  // Nothing was lost: the same PES packets, 5 bytes later.
  auto clean = read_transport_stream(ts);
  EXPECT_EQ(loose->pes_packets(0x100).size(), clean->pes_packets(0x100).size());
  EXPECT_EQ(loose->pes_packets(0x101).size(), clean->pes_packets(0x101).size());
  // Chunked feeding resyncs the same way.
  TsReader reader(lenient);
  for (size_t i = 0; i < broken.size(); i += 100) {
    ASSERT_TRUE(reader.feed(broken.view().subspan(i, std::min<size_t>(100, broken.size() - i))).ok());
  }
  ASSERT_TRUE(reader.finish().ok());
  EXPECT_EQ(reader.warning_count(), 1u);
  EXPECT_EQ(digest(reader.take_events()), digest(loose->events));
}

TEST(TsReader, ContinuityErrors) {
  const ByteBuffer ts = small_stream();
  // Find the packets of the 2000-byte video PES (several packets on PID 0x100) and drop its second.
  size_t drop = 0;
  size_t seen = 0;
  for (size_t off = 0; off < ts.size(); off += kPacketSize) {
    const TsPacket p = *parse_packet(ts.view().subspan(off, kPacketSize));
    if (p.header.pid != 0x100) continue;
    if (!p.header.payload_unit_start_indicator && ++seen == 2) {
      drop = off;
      break;
    }
  }
  ASSERT_NE(drop, 0u);
  ByteBuffer broken;
  broken.append(ts.view().first(drop));
  broken.append(ts.view().subspan(drop + kPacketSize));

  auto strict = read_transport_stream(broken);
  EXPECT_EQ(strict.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(strict.status().message().find("at offset " + std::to_string(drop) + ": PID 0x0100: continuity_counter"),
            std::string::npos)
      << strict.status().message();

  TsReaderOptions lenient;
  lenient.strict = false;
  auto loose = read_transport_stream(broken, lenient);
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->warnings.size(), 1u);
  // The damaged PES is dropped, the others survive.
  EXPECT_EQ(loose->pes_packets(0x100).size(), read_transport_stream(ts)->pes_packets(0x100).size() - 1);

  // A duplicate packet (§2.4.3.3) is allowed once and changes nothing.
  ByteBuffer duplicated;
  duplicated.append(ts.view().first(drop + kPacketSize));
  duplicated.append(ts.view().subspan(drop, kPacketSize));
  duplicated.append(ts.view().subspan(drop + kPacketSize));
  auto dup = read_transport_stream(duplicated);
  ASSERT_TRUE(dup.ok()) << dup.status().to_string();
  EXPECT_EQ(dup->pes_packets(0x100).size(), read_transport_stream(ts)->pes_packets(0x100).size());
  ByteBuffer twice;
  twice.append(ts.view().first(drop + kPacketSize));
  twice.append(ts.view().subspan(drop, kPacketSize));
  twice.append(ts.view().subspan(drop, kPacketSize));
  twice.append(ts.view().subspan(drop + kPacketSize));
  EXPECT_EQ(read_transport_stream(twice).status().code(), StatusCode::kDataLoss);
}

// Packets on `pid` (declared in a PMT) carrying `pes` after a PAT and PMT.
ByteBuffer stream_with_pes(ByteView pes, bool video = true) {
  ByteBuffer out;
  uint8_t cc_pat = 0, cc_pmt = 0, cc = 0;
  ProgramAssociationTable pat;
  pat.programs.push_back({1, 0x1000});
  write_section_packets(0, *pat.serialize(), cc_pat, out);
  ProgramMapTable pmt;
  pmt.pcr_pid = 0x100;
  pmt.streams.push_back({video ? kStreamTypeH264 : kStreamTypeAdtsAac, 0x100, {}});
  write_section_packets(0x1000, *pmt.serialize(), cc_pmt, out);
  TsPacketHeader h;
  h.pid = 0x100;
  packetize_pes(h, pes, nullptr, cc, out);
  return out;
}

TEST(TsReader, PesSizeLimits) {
  // An unbounded video PES of 100 000 bytes against a 50 000-byte cap.
  ByteBuffer pes;
  PesHeader header;
  header.pts = 0;
  ASSERT_TRUE(write_pes_header(header, 100000, pes).ok());
  pes.append(bytes_of(100000));
  const ByteBuffer ts = stream_with_pes(pes);
  ASSERT_TRUE(read_transport_stream(ts).ok());

  TsReaderOptions small;
  small.max_pes_size = 50000;
  auto capped = read_transport_stream(ts, small);
  EXPECT_EQ(capped.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(capped.status().message().find("max_pes_size"), std::string::npos);
  TsReaderOptions buffered;
  buffered.max_buffered_bytes = 50000;
  EXPECT_EQ(read_transport_stream(ts, buffered).status().code(), StatusCode::kResourceExhausted);
  small.strict = false;
  auto loose = read_transport_stream(ts, small);
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->warnings.size(), 1u);
  EXPECT_TRUE(loose->pes_packets(0x100).empty());

  // PES_packet_length promises more than arrives before the next PES starts / the stream ends.
  ByteBuffer liar = pes;
  liar.data()[4] = 0xff;
  liar.data()[5] = 0xff;
  liar.resize(1000);
  auto short_pes = read_transport_stream(stream_with_pes(liar));
  EXPECT_EQ(short_pes.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(short_pes.status().message().find("of the 65541 bytes"), std::string::npos) << short_pes.status().message();
  // ... or less: bytes after the end of the PES in its last packet.
  ByteBuffer shorter = pes;
  shorter.resize(1000);
  shorter.data()[4] = 0x01;  // 256 + 0 bytes after the length field
  shorter.data()[5] = 0x00;
  auto extra = read_transport_stream(stream_with_pes(shorter));
  EXPECT_EQ(extra.status().code(), StatusCode::kDataLoss);
}

TEST(TsReader, PesMustStartWithAStartCode) {
  auto r = read_transport_stream(stream_with_pes(bytes_of(500)));
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("packet_start_code_prefix"), std::string::npos);
}

TEST(TsReader, TransportErrorAndScrambling) {
  ByteBuffer ts = small_stream();
  ByteBuffer tei = ts;
  tei.data()[2 * kPacketSize + 1] |= 0x80;
  EXPECT_EQ(read_transport_stream(tei).status().code(), StatusCode::kDataLoss);
  ByteBuffer scrambled = ts;
  scrambled.data()[2 * kPacketSize + 3] |= 0x80;
  EXPECT_EQ(read_transport_stream(scrambled).status().code(), StatusCode::kUnimplemented);
  TsReaderOptions lenient;
  lenient.strict = false;
  EXPECT_EQ(read_transport_stream(scrambled, lenient)->warnings.size(), 1u);
}

TEST(TsReader, CorruptSectionsAndWarningsCap) {
  ByteBuffer ts = small_stream();
  ts.data()[kPacketSize + 10] ^= 0x01;  // inside the first PMT: CRC mismatch
  auto strict = read_transport_stream(ts);
  EXPECT_EQ(strict.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(strict.status().message().find("CRC_32"), std::string::npos) << strict.status().message();
  TsReaderOptions lenient;
  lenient.strict = false;
  lenient.max_warnings = 0;
  TsReader reader(lenient);
  ASSERT_TRUE(reader.feed(ts).ok());
  ASSERT_TRUE(reader.finish().ok());
  EXPECT_TRUE(reader.warnings().empty());
  EXPECT_EQ(reader.warning_count(), 1u);
  // The second segment's PMT is fine: PES packets from there on are read.
  EXPECT_FALSE(reader.take_events().empty());
}

TEST(TsReader, SectionAcrossPackets) {
  ProgramMapTable pmt;
  pmt.pcr_pid = 0x100;
  for (int i = 0; i < 60; ++i) pmt.streams.push_back({kStreamTypeAdtsAac, static_cast<uint16_t>(0x100 + i), {}});
  ByteBuffer out;
  uint8_t cc_pat = 0, cc_pmt = 0;
  ProgramAssociationTable pat;
  pat.programs.push_back({1, 0x1000});
  write_section_packets(0, *pat.serialize(), cc_pat, out);
  write_section_packets(0x1000, *pmt.serialize(), cc_pmt, out);
  auto r = read_transport_stream(out);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_NE(r->first_pmt(), nullptr);
  EXPECT_EQ(r->first_pmt()->pmt, pmt);
  // Cut after the section's first packet.
  auto cut = read_transport_stream(out.view().first(2 * kPacketSize));
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace streamforge::ts

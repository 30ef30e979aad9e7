// Fuzzes the MPEG-TS reader (strict and lenient, whole and split at input-chosen points) and the
// payload helpers on what it finds; then feeds the input to the muxer as sample data and requires
// the muxer's output to read back strictly with the same bytes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "streamforge/ts/adts.h"
#include "streamforge/ts/ts_muxer.h"
#include "streamforge/ts/ts_reader.h"
#include "streamforge/ts/video_payload.h"

namespace {

using namespace streamforge;
using namespace streamforge::ts;

void require(bool condition) {
  if (!condition) std::abort();
}

// A cheap fingerprint of events, to compare two parses.
std::string fingerprint(const std::vector<TsEvent>& events) {
  std::string s;
  for (const TsEvent& e : events) {
    if (const auto* pes = std::get_if<TsPesEvent>(&e)) {
      s += "E" + std::to_string(pes->pid) + "@" + std::to_string(pes->offset) + ":" + std::to_string(pes->payload.size()) +
           ":" + std::to_string(mpeg2_crc32(pes->payload));
    } else if (const auto* pcr = std::get_if<TsPcrEvent>(&e)) {
      s += "C" + std::to_string(pcr->offset);
    } else if (const auto* pat = std::get_if<TsPatEvent>(&e)) {
      s += "A" + std::to_string(pat->offset);
    } else if (const auto* pmt = std::get_if<TsPmtEvent>(&e)) {
      s += "M" + std::to_string(pmt->offset);
    }
  }
  return s;
}

void check_events(const std::vector<TsEvent>& events, size_t size, const TsReaderOptions& options) {
  for (const TsEvent& e : events) {
    if (const auto* pes = std::get_if<TsPesEvent>(&e)) {
      require(pes->offset < pes->end_offset && pes->end_offset <= size);
      require(pes->end_offset - pes->offset >= pes->packet_count * kPacketSize);  // more after a resync
      require(pes->payload.size() <= options.max_pes_size);
      (void)split_adts_frames(pes->payload);
      (void)split_annexb_payload(pes->payload);
      (void)annexb_payload_to_sample(Codec::kH264, pes->payload, true);
    } else if (const auto* pat = std::get_if<TsPatEvent>(&e)) {
      auto again = pat->pat.serialize();
      if (again.ok()) require(*ProgramAssociationTable::parse(*again) == pat->pat);
    } else if (const auto* pmt = std::get_if<TsPmtEvent>(&e)) {
      auto again = pmt->pmt.serialize();
      if (again.ok()) require(*ProgramMapTable::parse(*again) == pmt->pmt);
    }
  }
}

std::vector<TsEvent> read_split(ByteView input, size_t step, const TsReaderOptions& options, Status& status) {
  TsReader reader(options);
  std::vector<TsEvent> events;
  size_t i = 0;
  while (i < input.size() && status.ok()) {
    const size_t n = std::min(input.size() - i, step + (i % 7));
    status = reader.feed(input.subspan(i, n));
    for (TsEvent& e : reader.take_events()) events.push_back(std::move(e));
    i += n;
  }
  if (status.ok()) status = reader.finish();
  for (TsEvent& e : reader.take_events()) events.push_back(std::move(e));
  return events;
}

void fuzz_reader(ByteView input) {
  TsReaderOptions strict;
  strict.max_pes_size = 1 << 16;
  strict.max_buffered_bytes = 1 << 17;
  TsReaderOptions lenient = strict;
  lenient.strict = false;
  lenient.max_warnings = 16;

  auto whole_strict = read_transport_stream(input, strict);
  auto whole_lenient = read_transport_stream(input, lenient);
  require(whole_lenient.ok());
  require(whole_lenient->warnings.size() <= 16);
  check_events(whole_lenient->events, input.size(), lenient);
  if (whole_strict.ok()) {
    require(whole_lenient->warnings.empty());
    require(fingerprint(whole_strict->events) == fingerprint(whole_lenient->events));
  } else {
    const StatusCode c = whole_strict.status().code();
    require(c == StatusCode::kDataLoss || c == StatusCode::kResourceExhausted || c == StatusCode::kUnimplemented);
  }

  // Any split gives the same events and the same verdict.
  const size_t step = input.empty() ? 1 : 1 + input[0] % 200;
  Status lenient_status;
  require(fingerprint(read_split(input, step, lenient, lenient_status)) == fingerprint(whole_lenient->events));
  require(lenient_status.ok());
  Status strict_status;
  const auto split_strict = read_split(input, step, strict, strict_status);
  require(strict_status.ok() == whole_strict.ok());
  if (whole_strict.ok()) require(fingerprint(split_strict) == fingerprint(whole_strict->events));
}

// The input as an H.264 sample (4-byte lengths) and as AAC frames: whatever the muxer accepts, its
// output must read back strictly with the same payload.
void fuzz_muxer(ByteView input) {
  // libx264 SPS/PPS (64x64 High), as an avcC record; AAC LC 48 kHz stereo.
  static const uint8_t kAvcc[] = {0x01, 0x64, 0x00, 0x0a, 0xff, 0xe1, 0x00, 0x18, 0x67, 0x64, 0x00, 0x0a, 0xac,
                                  0xd9, 0x44, 0x26, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03,
                                  0x00, 0x50, 0x3c, 0x48, 0x96, 0x58, 0x01, 0x00, 0x06, 0x68, 0xeb, 0xe3, 0xcb,
                                  0x22, 0xc0, 0xfd, 0xf8, 0xf8, 0x00};
  static const uint8_t kAsc[] = {0x11, 0x90};
  auto mux = TsMuxer::create({{Codec::kH264, SharedBytes::copy_of(ByteView(kAvcc, sizeof kAvcc)), ""},
                              {Codec::kAac, SharedBytes::copy_of(ByteView(kAsc, sizeof kAsc)), "eng"}});
  require(mux.ok());
  ByteBuffer out;
  mux->begin_segment(out);
  const int64_t t = input.size() > 2 ? int64_t{input[1]} << 20 | int64_t{input[2]} << 9 : 0;
  TsSample video{0, SharedBytes::copy_of(input), t + 3000, t, !input.empty() && (input[0] & 1)};
  const bool video_ok = mux->write(video, out).ok();
  TsSample audio{1, SharedBytes::copy_of(input.first(std::min<size_t>(input.size(), 3000))), t, t, true};
  const std::vector<TsSample> frames(1 + (input.empty() ? 0 : input[0] % 5), audio);
  const bool audio_ok = !input.empty() && mux->write_audio_frames(frames, out).ok();
  require(out.size() % kPacketSize == 0);

  auto read = read_transport_stream(out);
  require(read.ok());
  const auto v = read->pes_packets(0x100);
  require(v.size() == (video_ok ? 1u : 0u));
  if (video_ok) {
    require(*v[0]->pts == t + 3000 && v[0]->dts == t);
    auto nals = split_annexb_payload(v[0]->payload);
    require(nals.ok());
  }
  const auto a = read->pes_packets(0x101);
  require(a.size() == (audio_ok ? 1u : 0u));
  if (audio_ok) {
    auto adts = split_adts_frames(a[0]->payload);
    require(adts.ok() && adts->size() == frames.size());
    for (const AdtsFrame& f : *adts) {
      require(std::equal(f.payload.begin(), f.payload.end(), audio.data.view().begin(), audio.data.view().end()));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView input(data, size);
  fuzz_reader(input);
  fuzz_muxer(input);
  return 0;
}

#include "streamforge/ts/ts_muxer.h"

#include <algorithm>
#include <string>

#include "streamforge/media/audio_specific_config.h"
#include "streamforge/media/avc_config.h"
#include "streamforge/media/hevc_config.h"
#include "streamforge/media/nal.h"
#include "streamforge/ts/adts.h"
#include "streamforge/ts/pes.h"
#include "streamforge/ts/ts_packet.h"
#include "streamforge/ts/video_payload.h"

namespace streamforge::ts {
namespace {

constexpr int kMaxVideoStreams = kLastVideoStreamId - kFirstVideoStreamId + 1;  // 16
constexpr int kMaxAudioStreams = kLastAudioStreamId - kFirstAudioStreamId + 1;  // 32

struct StreamState {
  Codec codec = Codec::kUnknown;
  bool video = false;
  uint16_t pid = 0;
  uint8_t stream_id = 0;
  uint8_t cc = 0;  // the next continuity_counter of this PID
  int nal_length_size = 4;
  std::vector<ByteBuffer> parameter_sets;  // inserted before keyframes, in order
  AdtsHeader adts;
};

std::string field(size_t i, const char* name) { return "streams[" + std::to_string(i) + "]." + name; }

Status bad_extradata(size_t i, const char* what, const Status& why) {
  return InvalidArgumentError(std::string(what) + ": " + why.message(), field(i, "extradata"));
}

Status configure_h264(size_t i, ByteView extradata, StreamState& s) {
  if (extradata.empty()) {
    return InvalidArgumentError("H.264 needs its avcC record (SPS/PPS are repeated before keyframes)",
                                field(i, "extradata"));
  }
  auto record = starts_with_start_code(extradata) ? AvcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata)
                                                  : AvcDecoderConfigurationRecord::parse(extradata);
  if (!record.ok()) return bad_extradata(i, "not a usable avcC record", record.status());
  if (record->sps.empty() || record->pps.empty()) {
    return InvalidArgumentError("the avcC record has no SPS or no PPS", field(i, "extradata"));
  }
  s.nal_length_size = record->nal_length_size();
  for (const ByteBuffer& nal : record->sps) s.parameter_sets.push_back(nal);
  if (record->high_profile_fields) {
    for (const ByteBuffer& nal : record->high_profile_fields->sps_ext) s.parameter_sets.push_back(nal);
  }
  for (const ByteBuffer& nal : record->pps) s.parameter_sets.push_back(nal);
  return OkStatus();
}

Status configure_hevc(size_t i, ByteView extradata, StreamState& s) {
  if (extradata.empty()) {
    return InvalidArgumentError("HEVC needs its hvcC record (VPS/SPS/PPS are repeated before keyframes)",
                                field(i, "extradata"));
  }
  auto record = starts_with_start_code(extradata) ? HevcDecoderConfigurationRecord::from_annexb_parameter_sets(extradata)
                                                  : HevcDecoderConfigurationRecord::parse(extradata);
  if (!record.ok()) return bad_extradata(i, "not a usable hvcC record", record.status());
  s.nal_length_size = record->nal_length_size();
  for (HevcNalType type : {HevcNalType::kVps, HevcNalType::kSps, HevcNalType::kPps}) {
    const std::vector<ByteView> nals = record->nal_units(static_cast<uint8_t>(type));
    if (nals.empty()) {
      return InvalidArgumentError(std::string("the hvcC record has no ") +
                                      std::string(hevc_nal_type_name(type)),
                                  field(i, "extradata"));
    }
    for (ByteView nal : nals) s.parameter_sets.emplace_back(nal);
  }
  return OkStatus();
}

Status configure_aac(size_t i, ByteView extradata, StreamState& s) {
  if (extradata.empty()) {
    return InvalidArgumentError("AAC needs its AudioSpecificConfig (ADTS headers are built from it)",
                                field(i, "extradata"));
  }
  auto asc = AudioSpecificConfig::parse(extradata);
  if (!asc.ok()) return bad_extradata(i, "not a usable AudioSpecificConfig", asc.status());
  auto adts = AdtsHeader::from_audio_specific_config(*asc);
  if (!adts.ok()) return InvalidArgumentError(adts.status().message(), field(i, "extradata"));
  s.adts = *adts;
  return OkStatus();
}

Status check_timestamps(const TsSample& sample) {
  const std::string where = "streams[" + std::to_string(sample.stream) + "] sample at pts " + std::to_string(sample.pts);
  if (sample.pts < 0 || sample.dts < 0) {
    return InvalidArgumentError(where + ": negative timestamps (dts " + std::to_string(sample.dts) +
                                ") cannot be written to MPEG-TS; offset the timeline so that dts >= 0");
  }
  if (sample.dts > sample.pts) {
    return InvalidArgumentError(where + ": dts " + std::to_string(sample.dts) + " is after pts");
  }
  if (sample.data.empty()) return InvalidArgumentError(where + ": empty sample data");
  return OkStatus();
}

}  // namespace

uint8_t stream_type_for_codec(Codec codec) {
  switch (codec) {
    case Codec::kH264: return kStreamTypeH264;
    case Codec::kHevc: return kStreamTypeHevc;
    case Codec::kAac: return kStreamTypeAdtsAac;
    default: return 0;
  }
}

struct TsMuxer::Impl {
  std::vector<StreamState> streams;
  size_t pcr_stream = 0;
  ProgramMapTable pmt;
  ByteBuffer pat_section;
  ByteBuffer pmt_section;
  uint8_t pat_cc = 0;
  uint8_t pmt_cc = 0;
  bool segment_started = false;
  uint64_t segment_bytes = 0;
  bool have_pcr = false;
  int64_t last_pcr = 0;  // 90 kHz, not wrapped
  ByteBuffer payload;    // scratch: the PES payload being built
  ByteBuffer pes;        // scratch: the PES being built

  Status write_pes(std::span<const TsSample> samples, ByteBuffer& out, TsPesLocation* location);
  void fill_pcr(int64_t clock, ByteBuffer& out);
};

TsMuxer::TsMuxer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TsMuxer::TsMuxer(TsMuxer&&) noexcept = default;
TsMuxer& TsMuxer::operator=(TsMuxer&&) noexcept = default;
TsMuxer::~TsMuxer() = default;

Result<TsMuxer> TsMuxer::create(std::vector<TsStreamConfig> configs) {
  if (configs.empty()) return InvalidArgumentError("a transport stream needs at least one stream", "streams");
  auto impl = std::make_unique<Impl>();
  int videos = 0, audios = 0;
  bool pcr_is_video = false;
  impl->pmt.program_number = kProgramNumber;
  for (size_t i = 0; i < configs.size(); ++i) {
    const TsStreamConfig& c = configs[i];
    StreamState s;
    s.codec = c.codec;
    s.pid = static_cast<uint16_t>(kFirstElementaryPid + i);
    switch (c.codec) {
      case Codec::kH264: SF_RETURN_IF_ERROR(configure_h264(i, c.extradata, s)); break;
      case Codec::kHevc: SF_RETURN_IF_ERROR(configure_hevc(i, c.extradata, s)); break;
      case Codec::kAac: SF_RETURN_IF_ERROR(configure_aac(i, c.extradata, s)); break;
      default:
        return InvalidArgumentError("codec \"" + std::string(codec_name(c.codec)) +
                                        "\" cannot be written to MPEG-TS (supported: h264, hevc, aac)",
                                    field(i, "codec"));
    }
    s.video = c.codec != Codec::kAac;
    if (s.video) {
      if (videos == kMaxVideoStreams) return InvalidArgumentError("more than 16 video streams", field(i, "codec"));
      s.stream_id = static_cast<uint8_t>(kFirstVideoStreamId + videos++);
      if (!pcr_is_video) {
        impl->pcr_stream = i;
        pcr_is_video = true;
      }
    } else {
      if (audios == kMaxAudioStreams) return InvalidArgumentError("more than 32 audio streams", field(i, "codec"));
      s.stream_id = static_cast<uint8_t>(kFirstAudioStreamId + audios++);
    }
    ProgramMapTable::Stream entry;
    entry.stream_type = stream_type_for_codec(c.codec);
    entry.elementary_pid = s.pid;
    if (!c.language.empty()) {
      auto descriptor = iso639_language_descriptor(c.language);
      if (!descriptor.ok()) return InvalidArgumentError(descriptor.status().message(), field(i, "language"));
      entry.descriptors.push_back(std::move(*descriptor));
    }
    impl->pmt.streams.push_back(std::move(entry));
    impl->streams.push_back(std::move(s));
  }
  impl->pmt.pcr_pid = impl->streams[impl->pcr_stream].pid;

  ProgramAssociationTable pat;
  pat.transport_stream_id = kTransportStreamId;
  pat.programs.push_back({kProgramNumber, kPmtPid});
  SF_ASSIGN_OR_RETURN(impl->pat_section, pat.serialize());
  SF_ASSIGN_OR_RETURN(impl->pmt_section, impl->pmt.serialize());
  return TsMuxer(std::move(impl));
}

void TsMuxer::begin_segment(ByteBuffer& out) {
  const size_t before = out.size();
  write_section_packets(kPatPid, impl_->pat_section, impl_->pat_cc, out);
  write_section_packets(kPmtPid, impl_->pmt_section, impl_->pmt_cc, out);
  impl_->segment_started = true;
  impl_->segment_bytes = out.size() - before;
}

Status TsMuxer::write_tables(ByteBuffer& out) {
  if (!impl_->segment_started) return FailedPreconditionError("write_tables before begin_segment");
  const size_t before = out.size();
  write_section_packets(kPatPid, impl_->pat_section, impl_->pat_cc, out);
  write_section_packets(kPmtPid, impl_->pmt_section, impl_->pmt_cc, out);
  impl_->segment_bytes += out.size() - before;
  return OkStatus();
}

Status TsMuxer::write(const TsSample& sample, ByteBuffer& out, TsPesLocation* location) {
  return impl_->write_pes(std::span<const TsSample>(&sample, 1), out, location);
}

Status TsMuxer::write_audio_frames(std::span<const TsSample> frames, ByteBuffer& out, TsPesLocation* location) {
  if (frames.empty()) return InvalidArgumentError("write_audio_frames: no frames");
  const int stream = frames[0].stream;
  for (const TsSample& f : frames) {
    if (f.stream != stream) return InvalidArgumentError("write_audio_frames: frames of different streams in one PES");
  }
  if (stream >= 0 && static_cast<size_t>(stream) < impl_->streams.size() &&
      impl_->streams[static_cast<size_t>(stream)].video) {
    return InvalidArgumentError("write_audio_frames: streams[" + std::to_string(stream) + "] is a video stream");
  }
  return impl_->write_pes(frames, out, location);
}

// PCR-only packets (adaptation_field_control '10', which leaves the continuity counter alone,
// §2.4.3.3) every kMaxPcrInterval until the clock is within kMaxPcrInterval of `clock`.
void TsMuxer::Impl::fill_pcr(int64_t clock, ByteBuffer& out) {
  if (!have_pcr || clock - last_pcr <= kMaxPcrInterval || clock - last_pcr > kMaxPcrFill) return;
  StreamState& s = streams[pcr_stream];
  TsPacketHeader header;
  header.pid = s.pid;
  header.continuity_counter = static_cast<uint8_t>((s.cc + 15) & 0x0f);  // that of the last packet with payload
  while (clock - last_pcr > kMaxPcrInterval) {
    last_pcr += kMaxPcrInterval;
    AdaptationField af;
    af.pcr = Pcr::from_90khz(static_cast<uint64_t>(last_pcr));
    write_packet(header, &af, {}, out);
  }
}

Status TsMuxer::Impl::write_pes(std::span<const TsSample> samples, ByteBuffer& out, TsPesLocation* location) {
  const TsSample& first = samples[0];
  if (first.stream < 0 || static_cast<size_t>(first.stream) >= streams.size()) {
    return InvalidArgumentError("sample for stream " + std::to_string(first.stream) + " but the muxer has " +
                                std::to_string(streams.size()) + " streams");
  }
  if (!segment_started) return FailedPreconditionError("TsMuxer: call begin_segment() before writing samples");
  const size_t index = static_cast<size_t>(first.stream);
  StreamState& s = streams[index];
  for (const TsSample& sample : samples) SF_RETURN_IF_ERROR(check_timestamps(sample));

  // The PES, built completely before anything reaches `out`.
  payload.clear();
  if (s.video) {
    const std::span<const ByteBuffer> parameter_sets =
        first.keyframe ? std::span<const ByteBuffer>(s.parameter_sets) : std::span<const ByteBuffer>();
    Status st = append_annexb_access_unit(s.codec, first.data, s.nal_length_size, parameter_sets, payload);
    if (!st.ok()) return st.with_context("streams[" + std::to_string(index) + "] sample at pts " + std::to_string(first.pts));
  } else {
    for (const TsSample& frame : samples) SF_RETURN_IF_ERROR(write_adts_frame(s.adts, frame.data, payload));
  }
  PesHeader header;
  header.stream_id = s.stream_id;
  header.pts = first.pts;
  header.dts = first.dts;
  header.data_alignment_indicator = true;
  pes.clear();
  SF_RETURN_IF_ERROR(write_pes_header(header, payload.size(), pes));
  pes.append(payload);

  const size_t before = out.size();
  const int64_t clock = std::max(last_pcr, std::max<int64_t>(0, first.dts - kPcrLead));
  fill_pcr(clock, out);
  const uint64_t offset = segment_bytes + (out.size() - before);

  AdaptationField af;
  bool with_af = false;
  if (first.keyframe) {
    af.random_access_indicator = true;
    with_af = true;
  }
  if (index == pcr_stream) {
    af.pcr = Pcr::from_90khz(static_cast<uint64_t>(clock));
    last_pcr = clock;
    have_pcr = true;
    with_af = true;
  }
  TsPacketHeader ts_header;
  ts_header.pid = s.pid;
  const size_t pes_start = out.size();
  packetize_pes(ts_header, pes, with_af ? &af : nullptr, s.cc, out);
  if (location) *location = {offset, out.size() - pes_start};
  segment_bytes += out.size() - before;
  return OkStatus();
}

uint64_t TsMuxer::segment_size() const { return impl_->segment_bytes; }
int TsMuxer::stream_count() const { return static_cast<int>(impl_->streams.size()); }
uint16_t TsMuxer::pid(int stream) const { return static_cast<uint16_t>(kFirstElementaryPid + stream); }
uint16_t TsMuxer::pcr_pid() const { return impl_->streams[impl_->pcr_stream].pid; }
const ProgramMapTable& TsMuxer::pmt() const { return impl_->pmt; }

}  // namespace streamforge::ts

// TsMuxer: one MPEG-2 transport stream program (ISO/IEC 13818-1) of H.264/HEVC video and AAC audio,
// segment by segment, into caller-owned buffers (no I/O). Made for HLS (RFC 8216 and Apple's HLS
// authoring specification): each segment starts with a PAT and a PMT, every video keyframe
// carries its parameter sets in band, so each segment decodes on its own.
//
// Layout (fixed, as FFmpeg lays it out): transport_stream_id 1, program_number 1, PMT on PID
// 0x1000, stream i on PID 0x100 + i, in the PMT in the order of the configs. Video streams get
// stream_id 0xE0, 0xE1, ...; audio streams 0xC0, 0xC1, ... in order.
//
// What write() produces for a sample:
//  - H.264/HEVC: one PES per access unit. The payload is Annex B: an access unit delimiter, then
//    (keyframes only, unless the sample has its own SPS) the parameter sets of the config record,
//    then the sample's NAL units, each after a 4-byte start code. PES_packet_length is 0 (unbounded)
//    when the PES exceeds 65535 bytes.
//  - AAC: one PES per write() with one ADTS frame; write_audio_frames() puts several consecutive
//    frames in one PES (fewer headers; HLS packagers commonly group about 100 ms of audio). The PES
//    gets the PTS of the first frame.
//  - Keyframes (any stream) set random_access_indicator in the adaptation field of their first
//    packet. Every PES also sets data_alignment_indicator.
//  - Timestamps are 90 kHz, written modulo 2^33 (long streams wrap as the standard intends);
//    negative timestamps are rejected: offset the timeline first (Apple's tools start at 10 s).
//  - The PCR travels on the PCR stream: the first video stream, or stream 0 without video. Every PES
//    of that stream carries one in its first packet. The muxer runs a virtual clock: a PES is "sent"
//    at max(0, DTS - kPcrLead) and the PCR never decreases. When the clock would advance by more
//    than kMaxPcrInterval (40 ms; ISO/IEC 13818-1 §2.7.2 requires at most 100 ms), adaptation-field-only
//    packets on the PCR PID fill the gap with PCRs every 40 ms (up to kMaxPcrFill of clock; a larger
//    DTS jump is left as a jump).
//  - Continuity counters run per PID across segments (a playlist's segments concatenate into one
//    valid stream); every packet is 188 bytes, stuffed through the adaptation field.
//
// Thread-safety: one instance per thread (a value with state).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/media/codec.h"
#include "streamforge/ts/psi.h"

namespace streamforge::ts {

inline constexpr uint16_t kTransportStreamId = 1;
inline constexpr uint16_t kProgramNumber = 1;
inline constexpr uint16_t kPmtPid = 0x1000;
inline constexpr uint16_t kFirstElementaryPid = 0x100;
inline constexpr int64_t kPcrLead = 9000;          // 100 ms at 90 kHz: a PES arrives before its DTS
inline constexpr int64_t kMaxPcrInterval = 3600;   // 40 ms
inline constexpr int64_t kMaxPcrFill = 90000;      // 1 s

struct TsStreamConfig {
  // kH264, kHevc (stream_type 0x1B, 0x24) or kAac (ADTS, stream_type 0x0F).
  Codec codec = Codec::kUnknown;
  // H.264: the avcC record body; HEVC: the hvcC record body (Annex B parameter sets are accepted
  // too). Their parameter sets are repeated in band before every keyframe, and their NAL length
  // size is the one of the samples. AAC: the AudioSpecificConfig, which the ADTS headers are built
  // from; configs ADTS cannot express are rejected (see adts.h).
  SharedBytes extradata;
  // ISO 639-2 code ("eng") for an ISO_639_language_descriptor in the PMT; empty: none.
  std::string language;
};

struct TsSample {
  int stream = 0;    // index into the configs
  // H.264/HEVC: length-prefixed NAL units (a streamforge Packet's data); AAC: one raw access unit.
  SharedBytes data;
  int64_t pts = 0;   // 90 kHz; 0 <= dts <= pts
  int64_t dts = 0;
  bool keyframe = false;
};

// Where a PES landed, for HLS byte ranges (EXT-X-BYTERANGE of I-frame playlists): from the first
// byte of its first TS packet through the end of its last one, counted from the start of the
// current segment (the first PAT byte written by begin_segment). `size` is a multiple of 188.
struct TsPesLocation {
  uint64_t offset = 0;
  uint64_t size = 0;
  friend bool operator==(const TsPesLocation&, const TsPesLocation&) = default;
};

class TsMuxer {
 public:
  // InvalidArgument naming the field ("streams[1].codec", "streams[0].extradata",
  // "streams[2].language") for an unsupported codec, a config record that does not parse, an AAC
  // config ADTS cannot carry, a bad language code, no streams, or more than 16 video / 32 audio streams.
  static Result<TsMuxer> create(std::vector<TsStreamConfig> streams);

  TsMuxer(TsMuxer&&) noexcept;
  TsMuxer& operator=(TsMuxer&&) noexcept;
  ~TsMuxer();

  // Appends a PAT and a PMT to `out` and starts counting segment bytes from them.
  void begin_segment(ByteBuffer& out);
  // Appends the PAT and PMT again inside a segment (continuity counters carry on), before a later
  // keyframe, so a byte range starting there -- an HLS I-frame playlist entry -- decodes on its own.
  // FailedPrecondition before the first begin_segment().
  Status write_tables(ByteBuffer& out);

  // Appends the transport packets of one sample's PES (plus PCR-only packets before it when the
  // clock needs them). On error nothing is appended and the muxer is unchanged.
  // FailedPrecondition before the first begin_segment(); InvalidArgument for a bad stream index,
  // negative timestamps, dts > pts, empty data, or an AAC frame too large for ADTS; DataLoss when an
  // H.264/HEVC sample's NAL lengths run past its end. `location`, when given, receives where the PES went.
  Status write(const TsSample& sample, ByteBuffer& out, TsPesLocation* location = nullptr);

  // Several consecutive AAC frames of one audio stream in one PES (PTS of the first; random access
  // when the first is a keyframe). InvalidArgument when `frames` is empty, mixes streams, is not an
  // audio stream, or the PES would exceed 65535 bytes (PES_packet_length).
  Status write_audio_frames(std::span<const TsSample> frames, ByteBuffer& out, TsPesLocation* location = nullptr);

  // Bytes appended since the last begin_segment().
  uint64_t segment_size() const;
  int stream_count() const;
  uint16_t pid(int stream) const;  // 0x100 + stream
  uint16_t pcr_pid() const;
  // The PMT every segment carries.
  const ProgramMapTable& pmt() const;

 private:
  struct Impl;
  explicit TsMuxer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// stream_type of a codec in a PMT: 0x1B H.264, 0x24 HEVC, 0x0F AAC (ADTS); 0 for others.
uint8_t stream_type_for_codec(Codec codec);

}  // namespace streamforge::ts

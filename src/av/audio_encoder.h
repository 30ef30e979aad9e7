// Private (no FFmpeg types): resample + re-frame + encode one audio rendition (AAC or Opus).
// One instance per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

struct AudioEncoderConfig {
  Codec codec = Codec::kAac;
  std::string encoder = "aac";
  int bitrate_kbps = 128;
  int channels = 2;
  int sample_rate = 48000;
  std::string language;
};

class AudioEncoder {
 public:
  static Result<std::unique_ptr<AudioEncoder>> open(const AudioEncoderConfig& config);
  ~AudioEncoder();

  // Output description; time_base is 1/sample_rate.
  StreamInfo stream_info() const;
  // Samples before the first real sample that the encoder adds (AAC priming: 1024 at 48 kHz;
  // Opus pre-skip). Packagers write it as an edit list.
  int priming_samples() const;

  // Appends encoded packets; timestamps start at the first frame's pts (rescaled) and then run
  // continuously by sample count, so gaps or jitter in the source do not reach the output.
  Status encode(const Frame& frame, std::vector<Packet>& out);
  Status flush(std::vector<Packet>& out);

 private:
  AudioEncoder();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av

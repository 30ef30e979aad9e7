// Private (no FFmpeg types): an encoded file read for stream copy (packaging content encoded
// elsewhere). Packets come out in streamforge form -- H.264/HEVC length-prefixed with avcC/hvcC
// extradata even from MPEG-TS (Annex B), AAC raw with an AudioSpecificConfig even from ADTS.
// One instance per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

class PacketSource {
 public:
  // Keeps the video and audio streams (cover art, data and subtitle streams are skipped).
  // kInvalidArgument when the file has none.
  static Result<std::unique_ptr<PacketSource>> open(const std::string& path, CancelToken cancel = CancelToken::none());
  ~PacketSource();

  // Kept streams; Packet::stream_index indexes this list. AAC from ADTS gets its
  // AudioSpecificConfig only after the first packet: call prime() before reading streams().
  const std::vector<StreamInfo>& streams() const;
  // Reads ahead until every stream's configuration is known (buffered packets are returned
  // by next() first).
  Status prime();
  // The next packet of a kept stream in file order; nullopt at the end.
  Result<std::optional<Packet>> next();
  double duration_seconds() const;
  const std::string& path() const;

 private:
  PacketSource();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av

// Private: an opened input file (libavformat), with cancellation wired to FFmpeg's interrupt
// callback so a blocked read returns promptly when the job is cancelled.
#pragma once

#include <string>

#include "av/ffmpeg.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"

namespace streamforge::av {

class Demuxer {
 public:
  // Runs the input checks (distinct errors for missing/empty/truncated files), opens the file
  // and reads stream info.
  static Result<std::unique_ptr<Demuxer>> open(const std::string& path, CancelToken cancel = CancelToken::none());

  AVFormatContext* context() const { return ctx_.get(); }
  AVStream* stream(int index) const { return ctx_->streams[index]; }
  int stream_count() const { return static_cast<int>(ctx_->nb_streams); }
  // Index of the best stream of a type, -1 if none.
  int best_stream(AVMediaType type) const;

  // Reads the next packet into `pkt`. Returns false at the end of the input; an error Status for
  // corrupt input, I/O failure or cancellation.
  Result<bool> read(AVPacket* pkt);

  // Seek so that the next packet read for `stream_index` is the keyframe at or before `ts`
  // (in the stream's time base).
  Status seek(int stream_index, int64_t ts);
  // Back to the first packet of the file.
  Status seek_to_start();

  const std::string& path() const { return path_; }

 private:
  Demuxer() = default;
  static int interrupt_cb(void* opaque);

  std::string path_;
  CancelToken cancel_;
  FormatInputPtr ctx_;
};

}  // namespace streamforge::av

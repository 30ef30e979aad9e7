// Private (no FFmpeg types): demux + decode one source, yielding decoded frames as handles.
// One instance per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "av/deinterlace.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/result.h"
#include "streamforge/media/damaged_span.h"
#include "streamforge/media/frame.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

struct SourceReaderOptions {
  bool video = true;
  bool audio = true;
  int decoder_threads = 0;  // 0 = FFmpeg's auto
  DeinterlaceFrames deinterlace = DeinterlaceFrames::kNone;
  // What deinterlacing makes (see av/deinterlace.h). video_info() describes what the reader
  // yields: kPerField twice the frame rate and a time base of half the stream's (the second field
  // falls between two of its ticks), in which every video pts is given -- video_start_pts() and
  // seek_video() too; kInverseTelecine four fifths of the frame rate.
  DeinterlaceMethod deinterlace_method = DeinterlaceMethod::kPerFrame;
  // The audio streams to decode (indices as probe numbers them); empty: the main one (FFmpeg's
  // best stream) when `audio` is set.
  std::vector<int> audio_streams;
  // Damage in the source (see damage()) ends next() with kDataLoss instead of being concealed.
  bool fail_on_damage = false;
};

struct DecodedFrame {
  MediaType type = MediaType::kUnknown;
  int stream_index = -1;  // the source stream it came from
  Frame frame;            // pts in its time base: the stream's (video: video_info()'s), best-effort
};

class SourceReader {
 public:
  static Result<std::unique_ptr<SourceReader>> open(const std::string& path, const SourceReaderOptions& options,
                                                    CancelToken cancel);
  ~SourceReader();

  bool has_video() const;
  const StreamInfo& video_info() const;  // demuxed stream description (time_base: the video frames')
  int rotation() const;                  // clockwise degrees to show the video upright
  // First presentation timestamp of the video stream (video_info()'s time base): the origin of GOP
  // boundaries, identical whichever chunk a reader starts at.
  int64_t video_start_pts() const;
  double duration_seconds() const;

  // Seek so that decoding resumes at a video keyframe at or before `frame_pts` (video_info()'s
  // time base; checked, also in containers without an index such as MPEG-TS; see the .cpp).
  // Packets of other streams before that keyframe are skipped.
  Status seek_video(int64_t frame_pts);

  // Next decoded frame in decode order across streams; nullopt at the end of the input.
  // Corrupt packets are skipped with a warning (as players do); a file that yields nothing
  // decodable is an error.
  Result<std::optional<DecodedFrame>> next();

  // Count of packets that failed to decode (corruption tolerated so far), within the window below.
  int64_t decode_errors() const;
  // Counts only the errors from `from_seconds` (inclusive) to `to_seconds` (exclusive) on the
  // output's timeline, where the time is known (an error without one takes its stream's latest
  // packet time). A chunk decodes a GOP of warm-up and a few packets past its end that its
  // neighbours own: without this, their errors would be counted twice. Default: everywhere.
  void count_decode_errors_between(double from_seconds, double to_seconds);
  // Where the source read so far is damaged: corrupt packets (as the demuxer marks them),
  // undecodable packets, pictures decoded with concealed errors, and the holes they left.
  std::vector<DamagedSpan> damage() const;
  // A video pts (video_info()'s time base) on the output's timeline, as damage() gives times.
  double output_seconds(int64_t video_pts) const;

 private:
  SourceReader();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av

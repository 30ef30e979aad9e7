#include "av/pulldown_detector.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/frame_filter.h"
#include "av/source_reader.h"

namespace streamforge::av {

bool PulldownReading::telecined() const {
  if (frames < 30 || repeated == 0) return false;
  const double share = static_cast<double>(repeated) / frames;
  return share >= 0.3 && share <= 0.5 && in_two_positions >= repeated * 8 / 10;
}

Result<PulldownReading> read_pulldown(const std::string& path, double from_seconds, int max_frames) {
  SourceReaderOptions options;
  options.audio = false;
  SF_ASSIGN_OR_RETURN(auto reader, SourceReader::open(path, options, CancelToken()));
  if (!reader->has_video()) return FailedPreconditionError("no video stream in " + path);
  const StreamInfo& video = reader->video_info();
  const AVRational tb = to_av(video.time_base);
  if (from_seconds > 0 && reader->duration_seconds() > from_seconds + 10) {
    SF_RETURN_IF_ERROR(reader->seek_video(reader->video_start_pts() +
                                          av_rescale_q(static_cast<int64_t>(from_seconds * 1000), {1, 1000}, tb)));
  }
  FrameFilter idet(tb, "idet", "pulldown detection", "set deinterlace_rate to frame, field or film");
  PulldownReading reading;
  std::array<int, 5> by_position{};  // repeated fields by frame number modulo 5
  auto count = [&](const AVFrame& f) {
    const AVDictionaryEntry* e = av_dict_get(f.metadata, "lavfi.idet.repeated.current_frame", nullptr, 0);
    if (e && std::strcmp(e->value, "neither") != 0) {
      ++reading.repeated;
      ++by_position[static_cast<size_t>(reading.frames % 5)];
    }
    ++reading.frames;
  };
  auto take = [&]() -> Status {
    for (;;) {
      SF_ASSIGN_OR_RETURN(FramePtr out, idet.receive());
      if (!out) return OkStatus();
      count(*out);
    }
  };
  int sent = 0;
  while (sent < max_frames) {
    SF_ASSIGN_OR_RETURN(auto next, reader->next());
    if (!next) break;
    if (next->type != MediaType::kVideo) continue;
    FramePtr copy = make_frame();
    if (av_frame_ref(copy.get(), next->frame.data()->frame.get()) < 0) return ResourceExhaustedError("out of memory");
    SF_RETURN_IF_ERROR(idet.send(std::move(copy)));
    SF_RETURN_IF_ERROR(take());
    ++sent;
  }
  SF_RETURN_IF_ERROR(idet.flush());
  SF_RETURN_IF_ERROR(take());
  std::sort(by_position.begin(), by_position.end(), std::greater<>());
  reading.in_two_positions = by_position[0] + by_position[1];
  return reading;
}

}  // namespace streamforge::av

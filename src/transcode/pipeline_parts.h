// Private: pieces shared by the one-pass and chunked drivers.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "av/audio_encoder.h"
#include "av/source_reader.h"
#include "av/tone_mapper.h"
#include "av/video_encoder.h"
#include "av/video_scaler.h"
#include "streamforge/core/bounded_queue.h"
#include "streamforge/transcode/ladder_spec.h"
#include "streamforge/transcode/transcoder.h"
#include "transcode/frame_rate_limiter.h"
#include "transcode/job_state.h"
#include "transcode/serialized_sink.h"

namespace streamforge {

// A decoded frame travelling through the stages with its GOP decision.
struct FrameItem {
  Frame frame;
  bool keyframe = false;
  bool held = false;  // a copy holding the picture over a pause (av/picture_hold.h), not a source frame
};

// Rungs that share an output size, bit depth and tone mapping share one scaler.
struct SizeKey {
  int width, height, bit_depth;
  bool tone_map;
  bool operator<(const SizeKey& o) const {
    return std::tie(width, height, bit_depth, tone_map) < std::tie(o.width, o.height, o.bit_depth, o.tone_map);
  }
};

// One distinct output picture and the rungs that encode it.
struct SizeGroupPlan {
  SizeKey key;
  std::vector<int> rungs;
  // The group (index in the plan, always earlier) whose picture this one scales, or -1 for the
  // source frame. Tone mapping is float work on every pixel, several times the cost of scaling,
  // so it runs once per frame: at the largest tone-mapped size, whose SDR picture the smaller
  // tone-mapped sizes scale down (8-bit, like any SDR mezzanine).
  int parent = -1;
};

// The size groups in dependency order (parents first).
std::vector<SizeGroupPlan> plan_size_groups(const ResolvedLadder& ladder);

// One size group's picture path. From the source: scale (to 10 bits when tone mapping follows,
// so the curve works on the source's precision), then tone-map HDR to 8-bit SDR where the rungs
// need it. From a parent group's picture: scale only (already SDR and upright).
class GroupPictures {
 public:
  GroupPictures(const SizeGroupPlan& group, const ResolvedLadder& ladder, int rotation, const StreamInfo& source);
  // The picture for this group's rungs (the input itself when nothing needs doing). `input` is
  // the source frame, or the parent group's picture when the plan names a parent.
  Result<Frame> make(const Frame& input);

 private:
  std::unique_ptr<av::VideoScaler> scaler_;
  std::unique_ptr<av::ToneMapper> tone_mapper_;
};

// StreamInfo for the sink: encoder output plus the rendition's name and language.
StreamInfo named(StreamInfo info, const std::string& name, const std::string& language = "");

// The source audio streams the ladder's renditions encode (each once).
std::vector<int> audio_source_streams(const ResolvedLadder& ladder);

// The reader's deinterlacing for the ladder's decision. Every reader whose video timestamps the
// rungs see needs it, since field-rate deinterlacing changes their time base.
void set_deinterlacing(const ResolvedLadder& ladder, av::SourceReaderOptions& options);
// The method alone (progress totals count its pictures).
av::DeinterlaceMethod deinterlace_method(const ResolvedLadder& ladder);

// Encoder threads for each rung in one-pass mode (see TranscodeOptions::encoder_threads).
std::vector<int> one_pass_encoder_threads(const ResolvedLadder& ladder, int requested);

}  // namespace streamforge

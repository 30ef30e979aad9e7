#include "transcode/pipeline_parts.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "av/picture_fit.h"
#include "core/log_internal.h"

namespace streamforge {

std::vector<SizeGroupPlan> plan_size_groups(const ResolvedLadder& ladder) {
  std::map<SizeKey, std::vector<int>> by_key;
  for (const auto& r : ladder.video) by_key[{r.width, r.height, r.spec.bit_depth, r.tone_map}].push_back(r.index);

  // The tone-mapped size every other tone-mapped size fits in, if one does: the largest.
  const SizeKey* root = nullptr;
  for (const auto& [key, rungs] : by_key) {
    if (key.tone_map && (!root || int64_t(key.width) * key.height > int64_t(root->width) * root->height)) root = &key;
  }
  auto scales_from_root = [&](const SizeKey& key) {
    // Only downscales: a size wider or taller than the root's maps its own picture.
    return root && key.tone_map && !(key.width == root->width && key.height == root->height) &&
           key.width <= root->width && key.height <= root->height;
  };
  std::vector<SizeGroupPlan> plan;
  if (root) plan.push_back({*root, by_key.at(*root), -1});
  for (const auto& [key, rungs] : by_key) {
    if (&key == root) continue;
    plan.push_back({key, rungs, scales_from_root(key) ? 0 : -1});
  }
  return plan;
}

GroupPictures::GroupPictures(const SizeGroupPlan& group, const ResolvedLadder& ladder, int rotation,
                             const StreamInfo& source) {
  const SizeKey& key = group.key;
  if (group.parent >= 0) {  // the parent's SDR picture: upright, 8-bit
    scaler_ = std::make_unique<av::VideoScaler>(av::ScalerConfig{key.width, key.height, key.bit_depth, 0});
    return;
  }
  av::ScalerConfig config{key.width, key.height, key.tone_map ? 10 : key.bit_depth, rotation};
  // The ladder's sizes follow the source's display aspect as described at the start; pictures of
  // another shape later on keep theirs (video_scaler.h).
  config.planned_display_aspect = av::display_aspect(source.width, source.height, source.sample_aspect_ratio);
  config.stream_sample_aspect = source.sample_aspect_ratio;
  scaler_ = std::make_unique<av::VideoScaler>(config);
  if (key.tone_map) {
    const auto curve = ladder.tone_curve == ToneCurve::kHable ? av::ToneCurveKind::kHable : av::ToneCurveKind::kBt2390;
    tone_mapper_ = std::make_unique<av::ToneMapper>(
        av::ToneMapSettings{source.color_transfer, curve, ladder.tone_map_peak_nits}, source.time_base);
  }
}

Result<Frame> GroupPictures::make(const Frame& input) {
  Frame out = input;
  if (!scaler_->is_identity_for(input)) {
    SF_ASSIGN_OR_RETURN(out, scaler_->scale(input));
  }
  if (tone_mapper_) {
    SF_ASSIGN_OR_RETURN(out, tone_mapper_->map(out));
  }
  return out;
}

StreamInfo named(StreamInfo info, const std::string& name, const std::string& language) {
  info.name = name;
  if (!language.empty()) info.language = language;
  return info;
}

std::vector<int> audio_source_streams(const ResolvedLadder& ladder) {
  std::vector<int> streams;
  for (auto& a : ladder.audio) {
    if (std::find(streams.begin(), streams.end(), a.source_stream) == streams.end()) streams.push_back(a.source_stream);
  }
  return streams;
}

void set_deinterlacing(const ResolvedLadder& ladder, av::SourceReaderOptions& options) {
  switch (ladder.deinterlace) {
    case Deinterlace::kAuto: options.deinterlace = av::DeinterlaceFrames::kFlagged; break;
    case Deinterlace::kOn: options.deinterlace = av::DeinterlaceFrames::kAll; break;
    default: options.deinterlace = av::DeinterlaceFrames::kNone; break;
  }
  options.deinterlace_method = deinterlace_method(ladder);
}

av::DeinterlaceMethod deinterlace_method(const ResolvedLadder& ladder) {
  switch (ladder.deinterlace_rate) {
    case DeinterlaceRate::kField: return av::DeinterlaceMethod::kPerField;
    case DeinterlaceRate::kFilm:
      return ladder.inverse_telecine ? av::DeinterlaceMethod::kInverseTelecine : av::DeinterlaceMethod::kFieldMatch;
    default: return av::DeinterlaceMethod::kPerFrame;
  }
}

std::vector<int> one_pass_encoder_threads(const ResolvedLadder& ladder, int requested) {
  std::vector<int> threads(ladder.video.size(), requested > 0 ? requested : 0);
  if (requested != 0) return threads;  // N, or -1 -> 0 = the encoder's own auto setting
  // The engine's choice. Bounded queues keep every rung in step with the slowest, so a rung's
  // share of threads should follow its share of the work (pixels per second). Each rung gets
  // at least one thread; x264/x265 frame threads scale nearly linearly up to a few per core.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  double total = 0;
  for (auto& r : ladder.video) total += double(r.width) * r.height * r.frame_rate.to_double();
  for (size_t i = 0; i < ladder.video.size(); ++i) {
    const auto& r = ladder.video[i];
    double share = total > 0 ? double(r.width) * r.height * r.frame_rate.to_double() / total : 1.0;
    // Oversubscribe by 1.5x like FFmpeg's auto mode, so a thread waiting on its queue leaves work
    // for the core: with 2 cores a 1080p rung of a 4-rung ladder gets 2 threads, the others 1.
    threads[i] = std::max(1, static_cast<int>(std::lround(share * cores * 1.5)));
  }
  return threads;
}

}  // namespace streamforge

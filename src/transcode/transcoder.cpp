#include "streamforge/transcode/transcoder.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "av/source_reader.h"
#include "streamforge/av/mp4_folder_sink.h"
#include "transcode/chunked.h"
#include "transcode/one_pass.h"
#include "transcode/pipeline_parts.h"
#include "transcode/progress_reporter.h"

namespace streamforge {

std::string TranscodeReport::to_json(int indent) const {
  nlohmann::json j;
  j["ladder"] = nlohmann::json::parse(ladder.to_json());
  j["renditions"] = nlohmann::json::array();
  for (auto& r : renditions) {
    j["renditions"].push_back({{"index", r.index}, {"name", r.name}, {"type", std::string(media_type_name(r.type))},
                               {"codec", std::string(codec_name(r.codec))}, {"width", r.width}, {"height", r.height},
                               {"packets", r.packets}, {"keyframes", r.keyframes}, {"bytes", r.bytes},
                               {"duration_seconds", r.duration_seconds}, {"bitrate_kbps", r.bitrate_kbps},
                               {"gap_fill_seconds", r.gap_fill_seconds}});
  }
  j["source_frames"] = source_frames;
  j["decode_errors"] = decode_errors;
  j["damage"] = nlohmann::json::array();
  for (const DamagedSpan& d : damage) {
    j["damage"].push_back({{"stream_index", d.stream_index}, {"from_seconds", d.from_seconds},
                           {"to_seconds", d.to_seconds}, {"events", d.events}});
  }
  j["wall_seconds"] = wall_seconds;
  j["source_fps"] = source_fps;
  j["chunks"] = chunks;
  return j.dump(indent);
}

Result<TranscodeReport> transcode(const std::string& source, const LadderSpec& spec, PacketSink& user_sink,
                                  const TranscodeOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  SerializedSink sink(user_sink);
  auto fail = [&](const Status& st) -> Status {
    sink.abort(st);
    return st;
  };
  if (options.chunks < 0 || options.chunks > 10000) return fail(InvalidArgumentError("must be 0..10000", "chunks"));
  if (options.chunk_warmup_gops < 0 || options.chunk_warmup_gops > 100) {
    return fail(InvalidArgumentError("must be 0..100", "chunk_warmup_gops"));
  }
  if (options.encoder_threads < -1 || options.encoder_threads > 256) {
    return fail(InvalidArgumentError("must be -1 (encoder auto), 0 (engine decides) or 1..256", "encoder_threads"));
  }
  if (options.queue_frames < 1 || options.queue_frames > 1000) return fail(InvalidArgumentError("must be 1..1000", "queue_frames"));
  Status valid = spec.validate();
  if (!valid.ok()) return fail(valid);
  auto probed = probe(source);
  if (!probed.ok()) return fail(probed.status());
  auto ladder = resolve_ladder(spec, *probed);
  if (!ladder.ok()) return fail(ladder.status());
  // The output's timeline starts at 0, as ffmpeg's does (see SerializedSink::set_timeline_start).
  sink.set_timeline_start(probed->start_seconds);
  if (probed->start_seconds < 0) {
    ladder->notes.push_back(fmt::format("the source's timeline starts at {:.3f} s (before zero, e.g. an MPEG-TS "
                                        "timestamp wrap): the output starts at 0",
                                        probed->start_seconds));
  }

  JobState job(options.cancel);
  JobCounters counters;
  counters.init(ladder->video.size());
  const ProbeStream* v = probed->first_video();
  int64_t total = (v && v->frame_count > 0) ? v->frame_count : 0;
  // Containers such as Matroska and MPEG-TS do not count frames, and probe counts none for a
  // variable-rate source; progress then estimates from the duration and the average rate.
  const bool estimate = v && total == 0 && v->duration_seconds > 0 && v->frame_rate.positive();
  if (estimate) total = std::llround(v->duration_seconds * v->frame_rate.to_double());
  total = av::picture_count(total, deinterlace_method(*ladder));
  const bool chunked = options.chunks > 1 && !ladder->video.empty();
  Status st;
  {
    ProgressReporter reporter(options.progress, job, chunked ? "transcode (chunked)" : "transcode", total, estimate,
                              [&counters] { return counters.done(); });
    st = chunked ? run_chunked(source, spec, *ladder, sink, job, options, counters)
                 : run_one_pass(source, spec, *ladder, sink, job, options, counters);
    if (st.ok()) st = job.error();
    reporter.finish(st.ok());
  }
  // The reporter's last call happens as it stops: a cancellation made there (e.g. an exception
  // raised in a Python callback) still wins over publishing the output.
  if (st.ok() && options.cancel.cancelled()) st = CancelledError("transcode cancelled");
  if (!st.ok()) return fail(st);
  st = sink.end();
  if (!st.ok()) return fail(st);

  TranscodeReport report;
  report.ladder = *ladder;
  report.renditions = sink.reports();
  report.source_frames = counters.source_frames.load();
  report.decode_errors = counters.decode_errors.load();
  report.damage = counters.damage();
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.source_fps = report.wall_seconds > 0 ? static_cast<double>(report.source_frames) / report.wall_seconds : 0;
  report.chunks = chunked ? options.chunks : 1;
  return report;
}

Result<TranscodeReport> transcode_to_folder(const std::string& source, const std::string& folder, const LadderSpec& spec,
                                            const TranscodeOptions& options) {
  SF_ASSIGN_OR_RETURN(auto sink, make_mp4_folder_sink(folder));
  SF_ASSIGN_OR_RETURN(TranscodeReport report, transcode(source, spec, *sink, options));
  std::ofstream out(std::filesystem::path(folder) / "report.json");
  out << report.to_json() << "\n";
  if (!out) return UnavailableError("writing report.json in " + folder);
  return report;
}

}  // namespace streamforge

#include "transcode/chunked.h"

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include "av/picture_hold.h"
#include "core/log_internal.h"
#include "streamforge/core/thread_pool.h"
#include "transcode/encoder_setup.h"
#include "transcode/gop_clock.h"

namespace streamforge {

namespace {

// Drops the warm-up frames' packets. The chunk's first frame was forced to a keyframe and the
// GOPs are closed, so no kept packet references a dropped one -- checked, since an encoder that
// ignored the forced keyframe would otherwise leave a chunk that cannot be decoded on its own.
Status drop_warmup_packets(const ChunkJob& cj, const ResolvedLadder& ladder, ChunkResult& result) {
  for (size_t r = 0; r < result.packets.size(); ++r) {
    std::vector<Packet>& packets = result.packets[r];
    std::erase_if(packets, [&](const Packet& p) { return p.pts < cj.start_pts; });
    if (!packets.empty() && !packets.front().keyframe) {
      return FailedPreconditionError("encoder " + ladder.video[r].encoder + " of rung '" + ladder.video[r].spec.name +
                                     "' did not start chunk " + std::to_string(cj.index) +
                                     " on a keyframe after its warm-up; turn the warm-up off for it (--chunk-warmup-gops 0, "
                                     "chunk_warmup_gops=0)");
    }
  }
  return OkStatus();
}

Result<ChunkResult> encode_chunk_impl(const ChunkJob& cj, const ResolvedLadder& ladder, const CancelToken& cancel,
                                      JobCounters* counters) {
  av::SourceReaderOptions ro;
  ro.audio = false;
  ro.decoder_threads = 1;  // parallelism comes from running chunks side by side
  ro.fail_on_damage = cj.fail_on_damage;
  set_deinterlacing(ladder, ro);
  SF_ASSIGN_OR_RETURN(auto reader, av::SourceReader::open(cj.source, ro, cancel));
  const StreamInfo& vinfo = reader->video_info();
  const int64_t begin_pts = std::min(cj.warmup_start_pts, cj.start_pts);
  const bool warm_up = begin_pts < cj.start_pts;
  if (cj.index > 0) SF_RETURN_IF_ERROR(reader->seek_video(begin_pts));
  // This chunk's own range, for counting (warm-up and pre-roll belong to the chunk before).
  const double own_from = cj.index == 0 ? -std::numeric_limits<double>::infinity() : reader->output_seconds(cj.start_pts);
  const double own_to = cj.end_pts == INT64_MAX ? std::numeric_limits<double>::infinity() : reader->output_seconds(cj.end_pts);
  reader->count_decode_errors_between(own_from, own_to);

  struct Rung {
    std::unique_ptr<av::VideoEncoder> encoder;
    std::unique_ptr<FrameRateLimiter> limiter;
  };
  std::vector<Rung> rungs(ladder.video.size());
  for (const ResolvedRung& r : ladder.video) {
    auto& w = rungs[static_cast<size_t>(r.index)];
    SF_ASSIGN_OR_RETURN(w.encoder, av::VideoEncoder::open(video_encoder_config(r, cj.spec, vinfo, cj.encoder_threads)));
    w.limiter = std::make_unique<FrameRateLimiter>(cj.origin_pts, vinfo.time_base, vinfo.frame_rate, r.frame_rate);
  }
  struct Group {
    SizeGroupPlan plan;
    std::unique_ptr<GroupPictures> pictures;
    Frame picture;  // this frame's, for the groups that scale it
  };
  std::vector<Group> groups;
  for (SizeGroupPlan& plan : plan_size_groups(ladder)) {
    auto pictures = std::make_unique<GroupPictures>(plan, ladder, reader->rotation(), vinfo);
    groups.push_back({std::move(plan), std::move(pictures), Frame()});
  }

  ChunkResult result;
  result.index = cj.index;
  result.packets.resize(ladder.video.size());
  GopClock gop(cj.origin_pts, vinfo.time_base, gop_rational(cj.spec));
  // Encodes one picture (warm-up ones too: their packets are dropped below).
  const auto encode_picture = [&](const Frame& frame) -> Status {
    bool key = gop.next_is_keyframe(frame.pts());
    for (auto& g : groups) {  // parents come first
      const Frame& input = g.plan.parent < 0 ? frame : groups[static_cast<size_t>(g.plan.parent)].picture;
      SF_ASSIGN_OR_RETURN(g.picture, g.pictures->make(input));
      for (int r : g.plan.rungs) {
        auto& w = rungs[static_cast<size_t>(r)];
        if (w.limiter->keep(g.picture.pts(), key)) {
          SF_RETURN_IF_ERROR(w.encoder->encode(g.picture, key, result.packets[static_cast<size_t>(r)]));
        }
      }
    }
    return OkStatus();
  };
  // Over a pause in the picture, as in one pass: the copies fall on the same times whichever
  // chunk makes them, because the picture before the hole is seen in the pre-roll or warm-up too,
  // and each chunk keeps those in its own range.
  av::PictureHold hold(vinfo.time_base, vinfo.frame_rate);
  std::optional<int64_t> last_kept_pts;
  for (;;) {
    SF_ASSIGN_OR_RETURN(auto next, reader->next());
    if (!next) break;
    const Frame& frame = next->frame;
    for (const Frame& copy : hold.fill_before(frame.pts(), cj.end_pts)) {
      if (copy.pts() < begin_pts) continue;
      if (copy.pts() >= cj.start_pts) result.held_seconds += hold.step_seconds();
      SF_RETURN_IF_ERROR(encode_picture(copy));
    }
    hold.picture(frame);
    if (frame.pts() < begin_pts) continue;  // pre-roll decoded after the seek
    if (frame.pts() >= cj.end_pts) break;
    const bool warming = frame.pts() < cj.start_pts;  // encoded, its packets dropped below
    SF_RETURN_IF_ERROR(encode_picture(frame));
    if (warming) continue;
    ++result.source_frames;
    last_kept_pts = frame.pts();  // the reader gives pictures in presentation order
    if (counters) {
      ++counters->source_frames;
      for (size_t r = 0; r < counters->rungs; ++r) ++counters->rung_frames[r];
    }
  }
  if (last_kept_pts) result.picture_end = picture_end_seconds(*last_kept_pts, vinfo.time_base, vinfo.frame_rate);
  for (size_t r = 0; r < rungs.size(); ++r) SF_RETURN_IF_ERROR(rungs[r].encoder->flush(result.packets[r]));
  if (warm_up) SF_RETURN_IF_ERROR(drop_warmup_packets(cj, ladder, result));
  for (const DamagedSpan& d : reader->damage()) {
    if (d.from_seconds >= own_from && d.from_seconds < own_to) result.damage.push_back(d);
  }
  if (counters) {
    counters->decode_errors += reader->decode_errors();
    counters->add_damage(result.damage);
  }
  return result;
}

}  // namespace

Result<ChunkResult> encode_chunk(const ChunkJob& job, const ResolvedLadder& ladder, const CancelToken& cancel) {
  return encode_chunk_impl(job, ladder, cancel, nullptr);
}

Status run_chunked(const std::string& source, const LadderSpec& spec, const ResolvedLadder& ladder,
                   SerializedSink& sink, JobState& job, const TranscodeOptions& options, JobCounters& counters) {
  av::SourceReaderOptions ro;
  ro.audio = false;
  set_deinterlacing(ladder, ro);  // the chunks' time base (half the stream's at field rate)
  SF_ASSIGN_OR_RETURN(auto reader, av::SourceReader::open(source, ro, job.cancel_token()));
  const StreamInfo vinfo = reader->video_info();
  const int64_t origin = reader->video_start_pts();
  GopClock gop(origin, vinfo.time_base, gop_rational(spec));

  // Chunk boundaries on GOP boundaries: ceil(gops / chunks) GOPs per chunk.
  double duration = reader->duration_seconds();
  int64_t gops = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(duration / spec.gop_seconds - 1e-9)));
  int64_t per_chunk = std::max<int64_t>(1, (gops + options.chunks - 1) / options.chunks);
  int count = static_cast<int>((gops + per_chunk - 1) / per_chunk);
  reader.reset();

  // Stream descriptions come from encoders opened once up front (same settings as the chunks').
  for (const ResolvedRung& r : ladder.video) {
    auto enc = av::VideoEncoder::open(video_encoder_config(r, spec, vinfo, 1));
    if (!enc.ok()) return enc.status().with_field_prefix("video[" + std::to_string(r.index) + "]");
    SF_RETURN_IF_ERROR(sink.announce(r.index, named((*enc)->stream_info(), r.spec.name)));
  }
  std::vector<std::unique_ptr<av::AudioEncoder>> audio_encoders;
  for (size_t i = 0; i < ladder.audio.size(); ++i) {
    auto enc = av::AudioEncoder::open(audio_encoder_config(ladder.audio[i], sink.timeline_start()));
    if (!enc.ok()) return enc.status().with_field_prefix("audio[" + std::to_string(i) + "]");
    SF_RETURN_IF_ERROR(sink.announce(ladder.audio[i].index,
                                     named((*enc)->stream_info(), ladder.audio[i].spec.name, ladder.audio[i].spec.language)));
    audio_encoders.push_back(std::move(*enc));
  }

  // Where the picture ends, from the chunks as they come back; the audio thread waits for it before
  // it flushes (to pad audio that stops early, see AudioEncoder::flush). Always published, also
  // when the job fails, so the audio thread cannot wait forever.
  struct PictureEnd {
    std::mutex mutex;
    std::condition_variable published;
    bool known = false;
    std::optional<double> seconds;
  } picture_end;

  // Audio is cheap: one pass over the source on its own thread, beside the video chunks.
  std::thread audio_thread;
  if (!ladder.audio.empty()) {
    audio_thread = std::thread([&] {
      av::SourceReaderOptions aro;
      aro.video = false;
      aro.audio_streams = audio_source_streams(ladder);
      aro.fail_on_damage = options.fail_on_damage;
      auto areader = av::SourceReader::open(source, aro, job.cancel_token());
      if (!areader.ok()) return job.fail(areader.status());
      std::vector<Packet> packets;
      while (!job.stopping()) {
        auto next = (*areader)->next();
        if (!next.ok()) return job.fail(next.status());
        if (!next->has_value()) break;
        for (size_t i = 0; i < audio_encoders.size(); ++i) {
          if (ladder.audio[i].source_stream != (*next)->stream_index) continue;
          Status st = audio_encoders[i]->encode((*next)->frame, packets);
          if (st.ok()) st = sink.deliver(ladder.audio[i].index, packets);
          if (!st.ok()) return job.fail(st);
        }
      }
      if (job.stopping()) return;
      counters.decode_errors += (*areader)->decode_errors();
      counters.add_damage((*areader)->damage());
      std::optional<double> until;
      {
        std::unique_lock lock(picture_end.mutex);
        picture_end.published.wait(lock, [&] { return picture_end.known; });
        until = picture_end.seconds;
      }
      if (job.stopping()) return;
      for (size_t i = 0; i < audio_encoders.size(); ++i) {
        Status st = audio_encoders[i]->flush(packets, until);
        if (st.ok()) st = sink.deliver(ladder.audio[i].index, packets);
        if (!st.ok()) return job.fail(st);
        sink.set_gap_fill(ladder.audio[i].index, audio_encoders[i]->gap_fill_seconds());
      }
    });
  }

  int workers = options.chunk_workers > 0 ? options.chunk_workers
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  workers = std::min(workers, count);
  std::vector<std::future<Result<ChunkResult>>> futures;
  double held_seconds = 0;  // the picture held over pauses, summed over the chunks
  {
    ThreadPool pool(static_cast<size_t>(workers));
    for (int i = 0; i < count; ++i) {
      ChunkJob cj;
      cj.source = source;
      cj.spec = spec;
      cj.index = i;
      cj.count = count;
      cj.start_pts = i == 0 ? INT64_MIN : gop.interval_start(i * per_chunk);
      cj.end_pts = i + 1 == count ? INT64_MAX : gop.interval_start((i + 1) * per_chunk);
      if (i > 0 && options.chunk_warmup_gops > 0) {
        cj.warmup_start_pts = gop.interval_start(std::max<int64_t>(0, i * per_chunk - options.chunk_warmup_gops));
      }
      cj.origin_pts = origin;
      cj.time_base = vinfo.time_base;
      cj.encoder_threads = 1;
      cj.fail_on_damage = options.fail_on_damage;
      futures.push_back(pool.submit([cj, &ladder, &job, &counters]() -> Result<ChunkResult> {
        if (job.stopping()) return CancelledError();
        return encode_chunk_impl(cj, ladder, job.cancel_token(), &counters);
      }));
    }
    // Stitch in order as chunks finish: packets keep their source timestamps, so the stream is
    // continuous without any rewriting.
    for (auto& f : futures) {
      auto r = f.get();
      if (!r.ok()) {
        job.fail(r.status());
        continue;  // let the pool drain; remaining chunks see stopping() and return at once
      }
      if (job.stopping()) continue;
      held_seconds += r->held_seconds;
      // Chunks come back in order, so the last one with a picture has the title's end. Only this
      // thread writes it until `known`.
      if (r->picture_end) picture_end.seconds = r->picture_end;
      for (size_t rung = 0; rung < r->packets.size(); ++rung) {
        Status st = sink.deliver(ladder.video[rung].index, r->packets[rung]);
        if (!st.ok()) {
          job.fail(st.with_context("stitching chunk " + std::to_string(r->index)));
          break;
        }
      }
    }
  }
  for (const ResolvedRung& r : ladder.video) sink.set_gap_fill(r.index, held_seconds);
  {
    std::lock_guard lock(picture_end.mutex);
    picture_end.known = true;
  }
  picture_end.published.notify_all();
  if (audio_thread.joinable()) audio_thread.join();
  return job.error();
}

}  // namespace streamforge

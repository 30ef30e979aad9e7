#include "transcode/one_pass.h"

#include <optional>
#include <thread>

#include "av/picture_hold.h"
#include "core/log_internal.h"
#include "transcode/encoder_setup.h"
#include "transcode/gop_clock.h"
#include "transcode/progress_reporter.h"

namespace streamforge {
namespace {

using FrameQueue = BoundedQueue<FrameItem>;

struct RungWorker {
  const ResolvedRung* rung = nullptr;
  std::unique_ptr<av::VideoEncoder> encoder;
  std::unique_ptr<FrameQueue> queue;
  std::unique_ptr<FrameRateLimiter> limiter;
};

struct SizeGroup {
  SizeGroupPlan plan;
  std::unique_ptr<GroupPictures> pictures;
  std::unique_ptr<FrameQueue> queue;  // from the decoder, or from the parent group
  std::vector<size_t> children;       // groups that scale this group's picture
};

struct AudioWorker {
  const ResolvedAudio* audio = nullptr;
  std::unique_ptr<av::AudioEncoder> encoder;
  std::unique_ptr<FrameQueue> queue;
};

}  // namespace

Status run_one_pass(const std::string& source, const LadderSpec& spec, const ResolvedLadder& ladder,
                    SerializedSink& sink, JobState& job, const TranscodeOptions& options, JobCounters& counters) {
  av::SourceReaderOptions ro;
  ro.video = !ladder.video.empty();
  ro.audio = !ladder.audio.empty();
  ro.audio_streams = audio_source_streams(ladder);
  ro.fail_on_damage = options.fail_on_damage;
  set_deinterlacing(ladder, ro);
  SF_ASSIGN_OR_RETURN(auto reader, av::SourceReader::open(source, ro, job.cancel_token()));
  const StreamInfo& vinfo = reader->video_info();
  const size_t capacity = static_cast<size_t>(std::max(1, options.queue_frames));

  // Open every encoder first: a bad rung fails the job before any work is done.
  std::vector<RungWorker> rungs(ladder.video.size());
  const std::vector<int> threads = one_pass_encoder_threads(ladder, options.encoder_threads);
  for (const ResolvedRung& r : ladder.video) {
    RungWorker& w = rungs[static_cast<size_t>(r.index)];
    w.rung = &r;
    auto cfg = video_encoder_config(r, spec, vinfo, threads[static_cast<size_t>(r.index)]);
    auto enc = av::VideoEncoder::open(cfg);
    if (!enc.ok()) return enc.status().with_field_prefix("video[" + std::to_string(r.index) + "]");
    w.encoder = std::move(*enc);
    w.queue = std::make_unique<FrameQueue>(capacity);
    w.limiter = std::make_unique<FrameRateLimiter>(reader->video_start_pts(), vinfo.time_base, vinfo.frame_rate,
                                                   r.frame_rate);
  }
  std::vector<AudioWorker> audios(ladder.audio.size());
  for (size_t i = 0; i < ladder.audio.size(); ++i) {
    audios[i].audio = &ladder.audio[i];
    auto enc = av::AudioEncoder::open(audio_encoder_config(ladder.audio[i], sink.timeline_start()));
    if (!enc.ok()) return enc.status().with_field_prefix("audio[" + std::to_string(i) + "]");
    audios[i].encoder = std::move(*enc);
    audios[i].queue = std::make_unique<FrameQueue>(capacity * 8);  // audio frames are small and many
  }
  for (auto& w : rungs) SF_RETURN_IF_ERROR(sink.announce(w.rung->index, named(w.encoder->stream_info(), w.rung->spec.name)));
  for (auto& a : audios) {
    SF_RETURN_IF_ERROR(sink.announce(a.audio->index, named(a.encoder->stream_info(), a.audio->spec.name, a.audio->spec.language)));
  }

  std::vector<SizeGroup> groups;
  for (SizeGroupPlan& plan : plan_size_groups(ladder)) {
    SizeGroup g;
    g.pictures = std::make_unique<GroupPictures>(plan, ladder, reader->rotation(), vinfo);
    g.queue = std::make_unique<FrameQueue>(capacity);
    if (plan.parent >= 0) groups[static_cast<size_t>(plan.parent)].children.push_back(groups.size());
    g.plan = std::move(plan);
    groups.push_back(std::move(g));
  }
  // Declared after the queues it aborts, so it is unregistered before they are destroyed.
  JobState::AbortHook abort_hook = job.on_abort([&] {
    for (auto& g : groups) g.queue->abort();
    for (auto& w : rungs) w.queue->abort();
    for (auto& a : audios) a.queue->abort();
  });

  std::vector<std::thread> threads_;
  // Encoder per rung.
  for (auto& w : rungs) {
    threads_.emplace_back([&w, &job, &sink, &counters] {
      std::vector<Packet> packets;
      auto& done = counters.rung_frames[static_cast<size_t>(w.rung->index)];
      while (auto item = w.queue->pop()) {
        if (w.limiter->keep(item->frame.pts(), item->keyframe)) {
          Status st = w.encoder->encode(item->frame, item->keyframe, packets);
          if (st.ok()) st = sink.deliver(w.rung->index, packets);
          if (!st.ok()) return job.fail(st.with_context("rung " + w.rung->spec.name));
        }
        if (!item->held) ++done;  // progress counts source frames
      }
      if (job.stopping()) return;
      Status st = w.encoder->flush(packets);
      if (st.ok()) st = sink.deliver(w.rung->index, packets);
      if (!st.ok()) job.fail(st.with_context("rung " + w.rung->spec.name));
    });
  }
  // Scaler per distinct size, fanning out to its rungs and to the groups that scale its picture.
  for (auto& g : groups) {
    threads_.emplace_back([&g, &groups, &rungs, &job] {
      while (auto item = g.queue->pop()) {
        auto picture = g.pictures->make(item->frame);
        if (!picture.ok()) return job.fail(picture.status());
        FrameItem out{std::move(*picture), item->keyframe, item->held};
        for (int r : g.plan.rungs) {
          if (!rungs[static_cast<size_t>(r)].queue->push(out)) return;
        }
        for (size_t c : g.children) {
          if (!groups[c].queue->push(out)) return;
        }
      }
      for (int r : g.plan.rungs) rungs[static_cast<size_t>(r)].queue->close();
      for (size_t c : g.children) groups[c].queue->close();
    });
  }
  // Where the picture ends (source seconds): written by this thread before it closes the audio
  // queues, read by the audio threads after their queue ran dry (the queue's lock orders the two).
  std::optional<double> picture_end;
  for (auto& a : audios) {
    threads_.emplace_back([&a, &job, &sink, &picture_end] {
      std::vector<Packet> packets;
      while (auto item = a.queue->pop()) {
        Status st = a.encoder->encode(item->frame, packets);
        if (st.ok()) st = sink.deliver(a.audio->index, packets);
        if (!st.ok()) return job.fail(st.with_context("audio " + a.audio->spec.name));
      }
      if (job.stopping()) return;
      Status st = a.encoder->flush(packets, picture_end);
      if (st.ok()) st = sink.deliver(a.audio->index, packets);
      if (!st.ok()) job.fail(st.with_context("audio " + a.audio->spec.name));
      sink.set_gap_fill(a.audio->index, a.encoder->gap_fill_seconds());
    });
  }

  // This thread: demux + decode, decide keyframes, fan out.
  {
    GopClock gop(reader->video_start_pts(), vinfo.time_base, gop_rational(spec));
    av::PictureHold hold(vinfo.time_base, vinfo.frame_rate);  // over pauses in the source's picture
    std::optional<int64_t> last_picture_pts;
    while (!job.stopping()) {
      auto next = reader->next();
      if (!next.ok()) {
        job.fail(next.status());
        break;
      }
      if (!next->has_value()) break;
      av::DecodedFrame& df = **next;
      if (df.type == MediaType::kVideo) {
        if (groups.empty()) continue;
        const auto fan_out = [&](const Frame& frame, bool held) {
          FrameItem item{frame, gop.next_is_keyframe(frame.pts()), held};
          for (auto& g : groups) {
            if (g.plan.parent < 0 && !g.queue->push(item)) break;
          }
        };
        for (const Frame& copy : hold.fill_before(df.frame.pts())) fan_out(copy, true);
        hold.picture(df.frame);
        fan_out(df.frame, false);
        ++counters.source_frames;
        last_picture_pts = df.frame.pts();  // the reader gives pictures in presentation order
      } else if (df.type == MediaType::kAudio) {
        for (auto& a : audios) {
          if (a.audio->source_stream != df.stream_index) continue;
          if (!a.queue->push(FrameItem{df.frame, false})) break;
        }
      }
    }
    if (last_picture_pts) picture_end = picture_end_seconds(*last_picture_pts, vinfo.time_base, vinfo.frame_rate);
    for (const ResolvedRung& r : ladder.video) sink.set_gap_fill(r.index, hold.held_seconds());
    counters.decode_errors = reader->decode_errors();
    counters.add_damage(reader->damage());
    for (auto& g : groups) {
      if (g.plan.parent < 0) g.queue->close();
    }
    for (auto& a : audios) a.queue->close();
  }
  for (auto& t : threads_) t.join();
  return job.error();
}

}  // namespace streamforge

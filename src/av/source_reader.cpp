#include "av/source_reader.h"

#include <deque>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "av/damage_log.h"
#include "av/demuxer.h"
#include "av/field_pictures.h"
#include "av/frame_filter.h"
#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/input_checks.h"
#include "av/stream_mapping.h"
#include "core/log_internal.h"

namespace streamforge::av {

namespace {

// Containers whose packets follow one another in the file with only small headers between them,
// so a jump in packet positions means the demuxer skipped bytes. MPEG-TS is not one (its packets
// interleave in 188-byte pieces, CBR muxes pad with null packets); its losses show as continuity
// errors instead. Names as libavformat gives them ("matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2").
bool packets_back_to_back(const AVFormatContext* ctx) {
  const std::string name = ctx->iformat ? ctx->iformat->name : "";
  for (const char* back_to_back : {"matroska", "mov", "flv", "avi"}) {
    if (name.find(back_to_back) != std::string::npos) return true;
  }
  return false;
}

double average_bytes_per_second(AVFormatContext* ctx) {
  if (ctx->bit_rate > 0) return static_cast<double>(ctx->bit_rate) / 8;
  const int64_t size = ctx->pb ? avio_size(ctx->pb) : -1;
  if (size > 0 && ctx->duration > 0) return static_cast<double>(size) * AV_TIME_BASE / static_cast<double>(ctx->duration);
  return 0;
}

}  // namespace

struct SourceReader::Impl {
  std::unique_ptr<Demuxer> demuxer;
  CancelToken cancel;
  int video_index = -1;
  CodecContextPtr video_dec;
  std::map<int, CodecContextPtr> audio_decs;  // by stream index
  StreamInfo video_info;
  int rotation = 0;
  int64_t video_start = 0;  // in the stream's time base
  // The video frames' time base: the stream's, or half of it for field-rate deinterlacing.
  AVRational video_out_tb{1, 1};
  PacketPtr pkt = make_packet();
  bool pkt_pending = false;  // `pkt` holds the keyframe a seek stopped on: next() sends it first
  bool input_done = false;
  bool video_flushed = false, audio_flushed = false;
  int64_t decode_errors = 0;        // those inside the counting window
  int64_t all_decode_errors = 0;    // wherever they were
  // Errors before or after it are left for the chunk that owns that time (see count_decode_errors_between).
  double errors_from = -std::numeric_limits<double>::infinity();
  double errors_to = std::numeric_limits<double>::infinity();
  DamageLog damage;
  bool fail_on_damage = false;
  // Where the last packet read ended in the file (-1: unknown, e.g. after a seek), for the
  // demuxer's skips over broken bytes (see DamageLog::watch_byte_skips).
  int64_t packets_end = -1;
  double origin_seconds = 0;  // the container's start: 0 s of the output's timeline
  std::map<int, int64_t> last_ts;  // per stream: the latest packet timestamp, for events without one
  int64_t frames_out = 0;
  int64_t last_video_pts = AV_NOPTS_VALUE;  // the last decoded picture's (a field's, for field-coded video)
  int64_t last_frame_pts = AV_NOPTS_VALUE;  // the last frame's, as the deinterlacer gets them
  int64_t video_frame_ticks = 1;
  int64_t picture_ticks = 1;  // one decoded picture: a frame, or a field of field-coded video
  int64_t dropped_video = 0;
  std::deque<DecodedFrame> ready;
  std::unique_ptr<FieldWeaver> weaver;        // field-coded video only (see av/field_pictures.h)
  std::unique_ptr<FrameFilter> deinterlacer;  // null unless asked for
  // One output picture's duration (video_out_tb). FFmpeg 5.1's bwdif halves the time base and
  // doubles pts but leaves pkt_duration as it was, which would make it half a picture; the encoder
  // gives it to the last frame of a rendition.
  int64_t deinterlaced_duration = 0;
  // Inverse telecine: one film frame's duration. decimate numbers its output frames from the
  // first frame it was fed, which after a seek (a chunk) is not the file's first; the reader puts
  // them on one grid anchored at the video's start, so every chunk agrees with one pass.
  AVRational film_frame{0, 1};
  int64_t last_film_pts = AV_NOPTS_VALUE;
  // decimate drops one frame per cycle of five, counted from the first frame it is fed. After a
  // seek the reader starts feeding it at a frame whose number (from the video's start) is a
  // multiple of five, so a chunk's cycles are the one pass's cycles and drop the same frames.
  bool align_film_cycle = false;

  Result<CodecContextPtr> open_decoder(AVStream* s, int threads) {
    const AVCodec* codec = avcodec_find_decoder(s->codecpar->codec_id);
    if (!codec) {
      return UnimplementedError(std::string("no decoder for ") + avcodec_get_name(s->codecpar->codec_id) +
                                " in this FFmpeg build");
    }
    CodecContextPtr ctx(avcodec_alloc_context3(codec));
    int err = avcodec_parameters_to_context(ctx.get(), s->codecpar);
    if (err < 0) return av_error_status(err, "configuring decoder");
    ctx->pkt_timebase = s->time_base;
    // A later header (a splice, a hostile stream) cannot declare more: the decoder refuses the
    // picture (a decode error, counted) instead of allocating it.
    ctx->max_pixels = kMaxPicturePixels;
    ctx->thread_count = threads;
    // Frame threads give the most decode throughput; the engine overlaps decode with encoding.
    ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    err = avcodec_open2(ctx.get(), codec, nullptr);
    if (err < 0) return av_error_status(err, std::string("opening decoder ") + codec->name);
    return ctx;
  }

  // Moves every frame the decoder has ready into `ready`.
  Status drain(AVCodecContext* dec, MediaType type, int stream_index) {
    for (;;) {
      FramePtr f = make_frame();
      int err = avcodec_receive_frame(dec, f.get());
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
      if (err < 0) {
        count_decode_error(stream_index, AV_NOPTS_VALUE);
        SF_LOG_WARN("decode error in stream {} near {:.2f} s: {}", stream_index, seconds(stream_index, AV_NOPTS_VALUE),
                    av_error_text(err));
        return damaged(stream_index, AV_NOPTS_VALUE, "a decoding error (" + av_error_text(err) + ")");
      }
      f->pts = f->best_effort_timestamp;
      if (f->decode_error_flags != 0 || (f->flags & AV_FRAME_FLAG_CORRUPT)) {
        SF_RETURN_IF_ERROR(damaged(stream_index, f->pts, type == MediaType::kVideo
                                                             ? "a picture decoded with concealed errors"
                                                             : "audio decoded with concealed errors"));
      }
      if (type != MediaType::kVideo) {
        emit(type, stream_index, std::move(f));
        continue;
      }
      if (!accept_video_pts(f->pts)) continue;
      const auto hole = damage.video_picture(stream_index, seconds(stream_index, f->pts),
                                             seconds_of_ticks(stream_index, picture_ticks));
      if (hole && fail_on_damage) {
        return damaged_stop(stream_index, hole->from_seconds,
                            fmt::format("no pictures from there to {:.2f} s (data lost in the container)", hole->to_seconds));
      }
      if (weaver) {
        SF_ASSIGN_OR_RETURN(f, weaver->push(std::move(f)));
        if (!f) continue;  // the first field of a frame
      }
      SF_RETURN_IF_ERROR(take_video(std::move(f)));
    }
  }

  // A decoded video frame (woven from its fields where the video is field-coded).
  Status take_video(FramePtr f) {
    last_frame_pts = f->pts;
    if (align_film_cycle) {
      const int64_t number = av_rescale_rnd(f->pts - video_start, 1, video_frame_ticks, AV_ROUND_NEAR_INF);
      if ((number % 5 + 5) % 5 != 0) return OkStatus();
      align_film_cycle = false;
    }
    if (deinterlacer) {
      SF_RETURN_IF_ERROR(deinterlacer->send(std::move(f)));
      return take_deinterlaced();
    }
    emit(MediaType::kVideo, video_index, std::move(f));
    return OkStatus();
  }

  void emit(MediaType type, int stream_index, FramePtr f) {
    Rational tb = to_rational(type == MediaType::kVideo ? video_out_tb : demuxer->stream(stream_index)->time_base);
    ready.push_back(DecodedFrame{type, stream_index, make_frame_handle(std::move(f), tb)});
  }

  Status take_deinterlaced() {
    for (;;) {
      SF_ASSIGN_OR_RETURN(FramePtr out, deinterlacer->receive());
      if (!out) return OkStatus();
      if (deinterlaced_duration > 0) out->pkt_duration = deinterlaced_duration;
      if (film_frame.num > 0 && out->pts != AV_NOPTS_VALUE) {
        const int64_t slot = av_rescale_q_rnd(out->pts - video_start, video_out_tb, film_frame, AV_ROUND_NEAR_INF);
        out->pts = video_start + av_rescale_q(slot, film_frame, video_out_tb);
        if (last_film_pts != AV_NOPTS_VALUE && out->pts <= last_film_pts) continue;  // (cannot happen on a steady grid)
        // At the end decimate passes the frames of a partial cycle through; after a seek its
        // cycles start elsewhere, so that tail could reach past the source's last frame.
        if (last_frame_pts != AV_NOPTS_VALUE && out->pts >= last_frame_pts + video_frame_ticks) continue;
        last_film_pts = out->pts;
      }
      emit(MediaType::kVideo, video_index, std::move(out));
    }
  }

  // Encoders need strictly increasing timestamps: fill in missing ones (one picture after the
  // previous) and drop pictures whose timestamp does not advance (duplicates from broken muxers).
  bool accept_video_pts(int64_t& pts) {
    if (pts == AV_NOPTS_VALUE) pts = last_video_pts == AV_NOPTS_VALUE ? video_start : last_video_pts + picture_ticks;
    if (last_video_pts != AV_NOPTS_VALUE && pts <= last_video_pts) {
      if (++dropped_video <= 5) SF_LOG_WARN("dropping a video frame whose timestamp {} does not advance past {}", pts, last_video_pts);
      return false;
    }
    last_video_pts = pts;
    return true;
  }

  double seconds_of_ticks(int stream_index, int64_t ticks) const {
    return static_cast<double>(ticks) * av_q2d(demuxer->stream(stream_index)->time_base);
  }

  // A timestamp of the stream in seconds on the output's timeline.
  double seconds(int stream_index, int64_t ts) const {
    if (ts == AV_NOPTS_VALUE) {
      auto it = last_ts.find(stream_index);
      ts = it != last_ts.end() ? it->second : AV_NOPTS_VALUE;
    }
    if (ts == AV_NOPTS_VALUE) return 0;
    return seconds_of_ticks(stream_index, ts) - origin_seconds;
  }

  // Tells the damage log how far past the last packet this one starts in the file.
  void note_position(const AVPacket& p) {
    if (p.pos < 0) return;
    if (packets_end >= 0 && p.pos > packets_end) {
      damage.bytes_skipped(seconds(p.stream_index, p.pts != AV_NOPTS_VALUE ? p.pts : p.dts), p.pos - packets_end);
    }
    packets_end = std::max(packets_end, p.pos + p.size);
  }

  void count_decode_error(int stream_index, int64_t ts) {
    ++all_decode_errors;
    const double at = seconds(stream_index, ts);
    if (at >= errors_from && at < errors_to) ++decode_errors;
  }

  // Records where the source is damaged; with fail_on_damage that ends the job.
  Status damaged(int stream_index, int64_t ts, const std::string& what) {
    const double at = seconds(stream_index, ts);
    damage.record(stream_index, at);
    if (!fail_on_damage) return OkStatus();
    return damaged_stop(stream_index, at, what);
  }

  Status damaged_stop(int stream_index, double at, const std::string& what) const {
    const AVCodecParameters* par = demuxer->stream(stream_index)->codecpar;
    return DataLossError(fmt::format("the source is damaged at {:.2f} s (stream #{}, {} {}): {}; stopped because "
                                     "fail_on_damage is set (without it the decoder conceals such damage, as "
                                     "players do, and the report lists where it is)",
                                     at, stream_index, par->codec_type == AVMEDIA_TYPE_VIDEO ? "video" : "audio",
                                     avcodec_get_name(par->codec_id), what));
  }

  Status send(AVCodecContext* dec, const AVPacket* p, MediaType type, int stream_index) {
    if (p) {
      const int64_t ts = p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
      if (ts != AV_NOPTS_VALUE) last_ts[stream_index] = ts;
      // The demuxer's mark for data it found broken or missing (an MPEG-TS continuity error, a
      // truncated PES): the decoder may still make something of it, but it is damage.
      if (p->flags & AV_PKT_FLAG_CORRUPT) {
        SF_RETURN_IF_ERROR(damaged(stream_index, ts, "a corrupt packet (data missing or broken in the container)"));
      }
    }
    int err = avcodec_send_packet(dec, p);
    if (err == AVERROR(EAGAIN)) {
      SF_RETURN_IF_ERROR(drain(dec, type, stream_index));
      err = avcodec_send_packet(dec, p);
    }
    if (err < 0 && err != AVERROR_EOF) {
      // Corrupt packet: skip it, as a player would, but count it.
      const int64_t ts = p && p->pts != AV_NOPTS_VALUE ? p->pts : p ? p->dts : AV_NOPTS_VALUE;
      count_decode_error(stream_index, ts);
      SF_LOG_WARN("skipping undecodable packet in stream {} at {:.2f} s: {}", stream_index, seconds(stream_index, ts),
                  av_error_text(err));
      return damaged(stream_index, ts, "an undecodable packet (" + av_error_text(err) + ")");
    }
    return drain(dec, type, stream_index);
  }
};

SourceReader::SourceReader() : impl_(std::make_unique<Impl>()) {}
SourceReader::~SourceReader() = default;

Result<std::unique_ptr<SourceReader>> SourceReader::open(const std::string& path, const SourceReaderOptions& options,
                                                         CancelToken cancel) {
  std::unique_ptr<SourceReader> r(new SourceReader());
  Impl& m = *r->impl_;
  m.cancel = cancel;
  m.fail_on_damage = options.fail_on_damage;
  SF_ASSIGN_OR_RETURN(m.demuxer, Demuxer::open(path, cancel));
  if (m.demuxer->context()->start_time != AV_NOPTS_VALUE) {
    m.origin_seconds = static_cast<double>(m.demuxer->context()->start_time) / AV_TIME_BASE;
  }
  if (options.video) m.video_index = m.demuxer->best_stream(AVMEDIA_TYPE_VIDEO);
  // Only holes in the picture cadence need them.
  const bool watch_byte_skips = m.video_index >= 0 && packets_back_to_back(m.demuxer->context());
  if (watch_byte_skips) m.damage.watch_byte_skips(average_bytes_per_second(m.demuxer->context()));
  std::vector<int> audio = options.audio_streams;
  if (options.audio && audio.empty()) {
    int best = m.demuxer->best_stream(AVMEDIA_TYPE_AUDIO);
    if (best >= 0) audio.push_back(best);
  }
  AVFormatContext* ctx = m.demuxer->context();
  for (int index : audio) {
    if (index < 0 || index >= static_cast<int>(ctx->nb_streams) ||
        ctx->streams[index]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO) {
      return InvalidArgumentError("stream #" + std::to_string(index) + " of " + path + " is not an audio stream");
    }
    SF_ASSIGN_OR_RETURN(m.audio_decs[index], m.open_decoder(ctx->streams[index], 1));
  }
  // Streams nobody decodes are skipped by the demuxer -- except where the skips over broken bytes
  // are watched: a discarded stream's packets would look like bytes skipped (during a pause in
  // the picture, only the audio is there). next() drops their packets instead; reading them costs
  // little beside decoding.
  for (unsigned i = 0; i < ctx->nb_streams && !watch_byte_skips; ++i) {
    if (static_cast<int>(i) != m.video_index && !m.audio_decs.count(static_cast<int>(i))) ctx->streams[i]->discard = AVDISCARD_ALL;
  }
  if (m.video_index >= 0) {
    AVStream* s = m.demuxer->stream(m.video_index);
    if (s->codecpar->width <= 0 || s->codecpar->height <= 0) return DataLossError("the video stream has no picture size (corrupt header)");
    SF_RETURN_IF_ERROR(check_picture_size(s->codecpar->width, s->codecpar->height));
    SF_ASSIGN_OR_RETURN(m.video_dec, m.open_decoder(s, options.decoder_threads));
    m.video_info = stream_info_from_av(s);
    m.rotation = stream_rotation(s);
    m.video_start = s->start_time != AV_NOPTS_VALUE ? s->start_time : 0;
    // The nominal rate (r_frame_rate where the average agrees): MP4's average counts N pictures
    // over N - 1 intervals, 0.3 % off on a 6 s clip.
    AVRational fr = m.video_info.frame_rate.positive() ? to_av(m.video_info.frame_rate)
                    : s->avg_frame_rate.num > 0       ? s->avg_frame_rate
                                                      : AVRational{30, 1};
    m.picture_ticks = std::max<int64_t>(1, av_rescale_q(1, av_inv_q(fr), s->time_base));
    if (hevc_field_coded(s)) {
      // The stream's rate and size are its fields'; what the reader yields are frames of two.
      m.weaver = std::make_unique<FieldWeaver>();
      m.video_info.height *= 2;
      m.video_info.frame_rate = frame_rate_of_fields(m.video_info.frame_rate);
      fr = to_av(frame_rate_of_fields(to_rational(fr)));
    }
    m.video_frame_ticks = std::max<int64_t>(1, av_rescale_q(1, av_inv_q(fr), s->time_base));
    m.video_out_tb = s->time_base;
    if (options.deinterlace != DeinterlaceFrames::kNone) {
      Rational& rate = m.video_info.frame_rate;
      const AVRational source_rate = rate.positive() ? to_av(rate) : fr;  // decimate needs it
      if (options.deinterlace_method == DeinterlaceMethod::kPerField) {
        m.video_out_tb = av_mul_q(s->time_base, AVRational{1, 2});
        m.video_info.time_base = to_rational(m.video_out_tb);
      }
      rate = picture_rate(rate, options.deinterlace_method);
      if (options.deinterlace_method == DeinterlaceMethod::kInverseTelecine) m.film_frame = av_inv_q(to_av(rate));
      if (rate.positive()) m.deinterlaced_duration = std::max<int64_t>(1, av_rescale_q(1, av_inv_q(to_av(rate)), m.video_out_tb));
      m.deinterlacer = std::make_unique<FrameFilter>(s->time_base, m.video_out_tb,
                                                     deinterlace_filter(options.deinterlace, options.deinterlace_method),
                                                     "deinterlacing", "set the ladder's deinterlace to off");
      m.deinterlacer->set_frame_rate(source_rate);
    }
  }
  if (m.video_index < 0 && m.audio_decs.empty()) return InvalidArgumentError("no audio or video stream to decode in " + path);
  return r;
}

bool SourceReader::has_video() const { return impl_->video_index >= 0; }
const StreamInfo& SourceReader::video_info() const { return impl_->video_info; }
int SourceReader::rotation() const { return impl_->rotation; }
int64_t SourceReader::video_start_pts() const {
  const Impl& m = *impl_;
  if (m.video_index < 0) return 0;
  return av_rescale_q(m.video_start, m.demuxer->stream(m.video_index)->time_base, m.video_out_tb);
}
int64_t SourceReader::decode_errors() const { return impl_->decode_errors; }
void SourceReader::count_decode_errors_between(double from_seconds, double to_seconds) {
  impl_->errors_from = from_seconds;
  impl_->errors_to = to_seconds;
}
std::vector<DamagedSpan> SourceReader::damage() const { return impl_->damage.spans(); }
double SourceReader::output_seconds(int64_t video_pts) const {
  return static_cast<double>(video_pts) * av_q2d(impl_->video_out_tb) - impl_->origin_seconds;
}
double SourceReader::duration_seconds() const {
  auto* ctx = impl_->demuxer->context();
  return ctx->duration > 0 ? static_cast<double>(ctx->duration) / AV_TIME_BASE : 0.0;
}

// libavformat's seek is keyframe-exact only where the container has an index (MP4, MKV cues).
// MPEG-TS has none: FFmpeg bisects the file on timestamps and lands on any packet at or before
// the target, often mid-GOP, so decoding would start on a frame that needs its predecessors and
// the frames up to the next keyframe would be lost (a chunk short of a GOP). So the reader checks
// where it landed: it skips to the first video keyframe and, if that is after the target, seeks
// further back (1, 2, 4, ... s, then the file's start) until a keyframe at or before it is found.
Status SourceReader::seek_video(int64_t frame_pts) {
  Impl& m = *impl_;
  if (m.video_index < 0) return FailedPreconditionError("no video stream to seek in");
  const AVStream* vs = m.demuxer->stream(m.video_index);
  // From the frames' time base to the stream's: the frame (both fields) holding that moment.
  int64_t video_pts = av_rescale_q_rnd(frame_pts, m.video_out_tb, vs->time_base, AV_ROUND_DOWN);
  // Inverse telecine skips up to four frames to reach a cycle start: begin five frames earlier.
  if (m.film_frame.num > 0) video_pts -= 5 * m.video_frame_ticks;
  av_packet_unref(m.pkt.get());
  m.pkt_pending = false;
  for (int attempt = 0;; ++attempt) {
    const bool from_start = attempt > 6;  // past 1 + 2 + ... + 32 s back: read from the start
    if (from_start) {
      SF_RETURN_IF_ERROR(m.demuxer->seek_to_start());
    } else {
      const int64_t back = attempt == 0 ? 0 : av_rescale_q(int64_t{1} << (attempt - 1), AVRational{1, 1}, vs->time_base);
      if (!m.demuxer->seek(m.video_index, video_pts - back).ok()) {
        attempt = 6;  // e.g. before the first timestamp: read from the start
        continue;
      }
    }
    for (;;) {  // to the first video keyframe
      SF_ASSIGN_OR_RETURN(bool more, m.demuxer->read(m.pkt.get()));
      if (!more) break;
      if (m.pkt->stream_index == m.video_index && (m.pkt->flags & AV_PKT_FLAG_KEY)) {
        m.pkt_pending = true;
        break;
      }
      av_packet_unref(m.pkt.get());
    }
    if (!m.pkt_pending) {
      if (from_start) return DataLossError("no video keyframe in " + m.demuxer->path());
      continue;  // landed after the last keyframe: further back
    }
    const int64_t key_ts = m.pkt->pts != AV_NOPTS_VALUE ? m.pkt->pts : m.pkt->dts;
    if (from_start || key_ts == AV_NOPTS_VALUE || key_ts <= video_pts) break;
    av_packet_unref(m.pkt.get());
    m.pkt_pending = false;
  }
  if (m.video_dec) avcodec_flush_buffers(m.video_dec.get());
  for (auto& [index, dec] : m.audio_decs) avcodec_flush_buffers(dec.get());
  m.ready.clear();
  if (m.weaver) m.weaver->reset();
  if (m.deinterlacer) m.deinterlacer->reset();
  m.last_video_pts = m.last_frame_pts = m.last_film_pts = AV_NOPTS_VALUE;
  m.damage.forget_pictures();
  m.packets_end = -1;
  m.align_film_cycle = m.film_frame.num > 0;
  m.input_done = m.video_flushed = m.audio_flushed = false;
  return OkStatus();
}

Result<std::optional<DecodedFrame>> SourceReader::next() {
  Impl& m = *impl_;
  while (m.ready.empty()) {
    if (m.cancel.cancelled()) return CancelledError();
    if (m.input_done) {
      // Flush decoders once, then report the end.
      if (m.video_dec && !m.video_flushed) {
        m.video_flushed = true;
        SF_RETURN_IF_ERROR(m.send(m.video_dec.get(), nullptr, MediaType::kVideo, m.video_index));
        if (m.weaver) {
          SF_ASSIGN_OR_RETURN(FramePtr last, m.weaver->flush());
          if (last) SF_RETURN_IF_ERROR(m.take_video(std::move(last)));
        }
        if (m.deinterlacer) {
          SF_RETURN_IF_ERROR(m.deinterlacer->flush());
          SF_RETURN_IF_ERROR(m.take_deinterlaced());
        }
        continue;
      }
      if (!m.audio_flushed) {
        m.audio_flushed = true;
        for (auto& [index, dec] : m.audio_decs) SF_RETURN_IF_ERROR(m.send(dec.get(), nullptr, MediaType::kAudio, index));
        continue;
      }
      if (m.frames_out == 0 && m.all_decode_errors > 0) {
        return DataLossError("no frame of " + m.demuxer->path() + " could be decoded (" +
                             std::to_string(m.all_decode_errors) + " corrupt packets)");
      }
      return std::optional<DecodedFrame>();
    }
    bool more = true;
    if (m.pkt_pending) {
      m.pkt_pending = false;
    } else {
      SF_ASSIGN_OR_RETURN(more, m.demuxer->read(m.pkt.get()));
    }
    if (!more) {
      m.input_done = true;
      continue;
    }
    m.note_position(*m.pkt);
    if (m.pkt->stream_index == m.video_index) {
      SF_RETURN_IF_ERROR(m.send(m.video_dec.get(), m.pkt.get(), MediaType::kVideo, m.video_index));
    } else if (auto it = m.audio_decs.find(m.pkt->stream_index); it != m.audio_decs.end()) {
      SF_RETURN_IF_ERROR(m.send(it->second.get(), m.pkt.get(), MediaType::kAudio, it->first));
    }
    av_packet_unref(m.pkt.get());
  }
  DecodedFrame f = std::move(m.ready.front());
  m.ready.pop_front();
  ++m.frames_out;
  return std::optional<DecodedFrame>(std::move(f));
}

}  // namespace streamforge::av

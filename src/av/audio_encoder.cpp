#include "av/audio_encoder.h"

#include <algorithm>
#include <cmath>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/stream_mapping.h"
#include "core/log_internal.h"

namespace streamforge::av {

struct AudioEncoder::Impl {
  AudioEncoderConfig config;
  CodecContextPtr ctx;
  SwrPtr swr;
  AudioFifoPtr fifo;
  PacketPtr pkt = make_packet();
  StreamInfo info;
  int64_t next_pts = kNoTimestamp;  // in 1/sample_rate, of the next sample to enter the encoder
  int in_rate = 0, in_format = -1;
  AVChannelLayout in_layout{};
  int64_t filled_samples = 0;   // silence inserted for gaps, in all
  int64_t trimmed_samples = 0;  // overlapping audio cut, in all
  bool trimming = false;        // the last frame overlapped: trim the next ones exactly
  double smoothed_gap = 0;      // the gap (output samples) averaged over frames, for drift
  bool compensating = false;    // the resampler is stretching or squeezing (steer_drift)

  ~Impl() { av_channel_layout_uninit(&in_layout); }

  Status drain(std::vector<Packet>& out) {
    for (;;) {
      int err = avcodec_receive_packet(ctx.get(), pkt.get());
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
      if (err < 0) return av_error_status(err, "encoding audio");
      Packet p;
      p.data = SharedBytes::copy_of(ByteView(pkt->data, static_cast<size_t>(pkt->size)));
      p.pts = pkt->pts;
      p.dts = pkt->dts;
      p.duration = pkt->duration;
      p.time_base = Rational{1, ctx->sample_rate};
      p.keyframe = true;
      av_packet_unref(pkt.get());
      out.push_back(std::move(p));
    }
  }

  // Appends `count` samples of silence (for a gap in the source), encoding as it goes so the
  // FIFO stays small.
  Status fill_silence(int64_t count, std::vector<Packet>& out) {
    constexpr int kChunk = 4096;
    uint8_t** buf = nullptr;
    int err = av_samples_alloc_array_and_samples(&buf, nullptr, config.channels, kChunk, ctx->sample_fmt, 0);
    if (err < 0) return av_error_status(err, "allocating silence");
    av_samples_set_silence(buf, 0, kChunk, config.channels, ctx->sample_fmt);
    Status st;
    while (count > 0 && st.ok()) {
      const int n = static_cast<int>(std::min<int64_t>(count, kChunk));
      if (av_audio_fifo_write(fifo.get(), reinterpret_cast<void**>(buf), n) != n) st = ResourceExhaustedError("audio FIFO");
      count -= n;
      if (st.ok()) st = encode_fifo(false, out);
    }
    av_freep(&buf[0]);
    av_freep(&buf);
    return st;
  }

  // Clock drift: a capture whose audio clock runs a little fast or slow against its timestamps
  // makes the gap creep by a few samples a second. Left alone it grows to the 0.1 s threshold and
  // becomes an audible step (silence, or a cut). Instead, while the gap averaged over frames is
  // beyond 30 ms, the resampler stretches or squeezes the audio by 0.2 % (3.5 cents of pitch:
  // inaudible) until it is back under 5 ms. Drift faster than that still ends in a step. The
  // averaging keeps jitter (timestamps a frame early or late) from steering anything.
  static constexpr double kDriftStartSeconds = 0.030, kDriftStopSeconds = 0.005, kMaxStretch = 0.002;
  static constexpr double kGapSmoothingFrames = 16;

  void steer_drift(int64_t gap) {
    smoothed_gap += (static_cast<double>(gap) - smoothed_gap) / kGapSmoothingFrames;
    const double rate = ctx->sample_rate, size = std::abs(smoothed_gap);
    if (size < (compensating ? kDriftStopSeconds : kDriftStartSeconds) * rate) {
      if (compensating) stop_compensating();
      return;
    }
    // swr_set_compensation: `delta` more (or fewer) output samples spread over the next
    // `distance`. Re-aimed every frame, so it runs at kMaxStretch until the gap has closed.
    const int delta = static_cast<int>(std::lround(smoothed_gap));
    const int distance = static_cast<int>(std::lround(size / kMaxStretch));
    const int err = swr_set_compensation(swr.get(), delta, distance);
    if (err < 0) SF_LOG_DEBUG("audio: no drift compensation ({}); gaps are closed in steps", av_error_text(err));
    compensating = err >= 0;
  }

  void stop_compensating() {
    if (compensating && swr) swr_set_compensation(swr.get(), 0, 0);
    compensating = false;
  }

  // Feeds whole encoder frames from the FIFO (and the short last one when flushing).
  Status encode_fifo(bool final, std::vector<Packet>& out) {
    const int frame_size = ctx->frame_size > 0 ? ctx->frame_size : 1024;
    while (av_audio_fifo_size(fifo.get()) >= frame_size || (final && av_audio_fifo_size(fifo.get()) > 0)) {
      int n = std::min(frame_size, av_audio_fifo_size(fifo.get()));
      FramePtr f = make_frame();
      f->nb_samples = n;
      f->format = ctx->sample_fmt;
      f->sample_rate = ctx->sample_rate;
      int err = av_channel_layout_copy(&f->ch_layout, &ctx->ch_layout);
      if (err < 0) return av_error_status(err, "audio layout");
      err = av_frame_get_buffer(f.get(), 0);
      if (err < 0) return av_error_status(err, "allocating audio frame");
      if (av_audio_fifo_read(fifo.get(), reinterpret_cast<void**>(f->data), n) != n) return InternalError("audio FIFO underrun");
      f->pts = next_pts;
      next_pts += n;
      err = avcodec_send_frame(ctx.get(), f.get());
      if (err < 0) return av_error_status(err, "sending audio to the encoder");
      SF_RETURN_IF_ERROR(drain(out));
    }
    return OkStatus();
  }
};

AudioEncoder::AudioEncoder() : impl_(std::make_unique<Impl>()) {}
AudioEncoder::~AudioEncoder() = default;

Result<std::unique_ptr<AudioEncoder>> AudioEncoder::open(const AudioEncoderConfig& cfg) {
  install_ffmpeg_log_bridge();
  std::unique_ptr<AudioEncoder> e(new AudioEncoder());
  Impl& m = *e->impl_;
  m.config = cfg;
  const AVCodec* codec = avcodec_find_encoder_by_name(cfg.encoder.c_str());
  if (!codec) return UnimplementedError("audio encoder '" + cfg.encoder + "' is not in this FFmpeg build");
  m.ctx.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = m.ctx.get();
  c->sample_rate = cfg.sample_rate;
  av_channel_layout_default(&c->ch_layout, cfg.channels);
  c->sample_fmt = codec->sample_fmts ? codec->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
  c->bit_rate = int64_t{cfg.bitrate_kbps} * 1000;
  c->time_base = AVRational{1, cfg.sample_rate};
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int err = avcodec_open2(c, codec, nullptr);
  if (err < 0) return av_error_status(err, "opening audio encoder " + cfg.encoder);
  m.fifo.reset(av_audio_fifo_alloc(c->sample_fmt, cfg.channels, 4096));

  m.info.type = MediaType::kAudio;
  m.info.codec = cfg.codec;
  m.info.codec_name = std::string(codec_name(cfg.codec));
  m.info.time_base = Rational{1, cfg.sample_rate};
  m.info.sample_rate = cfg.sample_rate;
  m.info.channels = cfg.channels;
  m.info.channel_layout = channel_layout_name(c->ch_layout);
  m.info.bitrate = c->bit_rate;
  m.info.language = cfg.language.empty() ? "und" : cfg.language;
  if (c->extradata_size > 0) {
    m.info.extradata = SharedBytes::copy_of(ByteView(c->extradata, static_cast<size_t>(c->extradata_size)));
  }
  return e;
}

StreamInfo AudioEncoder::stream_info() const { return impl_->info; }
int AudioEncoder::priming_samples() const { return impl_->ctx->initial_padding; }
double AudioEncoder::gap_fill_seconds() const {
  return static_cast<double>(impl_->filled_samples) / impl_->ctx->sample_rate;
}
double AudioEncoder::trimmed_seconds() const {
  return static_cast<double>(impl_->trimmed_samples) / impl_->ctx->sample_rate;
}

Status AudioEncoder::encode(const Frame& frame, std::vector<Packet>& out) {
  Impl& m = *impl_;
  const AVFrame* src = frame.data()->frame.get();
  if (src->nb_samples <= 0) return OkStatus();
  if (!m.swr || src->sample_rate != m.in_rate || src->format != m.in_format ||
      av_channel_layout_compare(&src->ch_layout, &m.in_layout) != 0) {
    SwrContext* raw = nullptr;
    int err = swr_alloc_set_opts2(&raw, &m.ctx->ch_layout, m.ctx->sample_fmt, m.ctx->sample_rate, const_cast<AVChannelLayout*>(&src->ch_layout),
                                  static_cast<AVSampleFormat>(src->format), src->sample_rate, 0, nullptr);
    if (err < 0 || !raw) return av_error_status(err, "configuring the audio resampler");
    m.swr.reset(raw);
    err = swr_init(raw);
    if (err < 0) return av_error_status(err, "initialising the audio resampler");
    m.in_rate = src->sample_rate;
    m.in_format = src->format;
    m.compensating = false;  // a new resampler starts unstretched
    av_channel_layout_uninit(&m.in_layout);
    av_channel_layout_copy(&m.in_layout, &src->ch_layout);
  }
  const int64_t rate = m.ctx->sample_rate;
  const int64_t at = src->pts == AV_NOPTS_VALUE ? kNoTimestamp : rescale(src->pts, frame.time_base(), {1, static_cast<int>(rate)});
  const bool first_frame = m.next_pts == kNoTimestamp;
  if (first_frame) {
    m.next_pts = m.config.start_seconds ? std::llround(*m.config.start_seconds * static_cast<double>(rate))
                 : at != kNoTimestamp   ? at
                                        : 0;
  }
  // Where this frame belongs against where the output has got to (what the FIFO and the
  // resampler hold included): fill a gap, trim an overlap.
  int skip = 0;  // input samples of this frame already covered
  if (at != kNoTimestamp) {
    const int64_t reached = m.next_pts + av_audio_fifo_size(m.fifo.get()) + swr_get_delay(m.swr.get(), rate);
    const int64_t gap = at - reached;
    // Later gaps under 0.1 s are jitter or drift, closed smoothly; the first frame has no audio
    // before it to stay continuous with, so it goes exactly where its timestamp says: silence
    // before audio that starts late (a 40 ms offset is common in captures), its head cut where
    // it starts before the timeline.
    const int64_t jitter = rate / SoundGapLimits::kMinGapDivisor;
    const int64_t step = first_frame ? 0 : jitter;
    bool stepped = false;
    if (gap > step) {
      if (gap <= kMaxFilledGapSeconds * rate && m.filled_samples + gap <= kMaxFilledTotalSeconds * rate) {
        SF_LOG_DEBUG("audio: {:.3f} s of silence for a gap in the source at {:.3f} s", static_cast<double>(gap) / rate,
                     static_cast<double>(at) / rate);
        m.filled_samples += gap;
        SF_RETURN_IF_ERROR(m.fill_silence(gap, out));
        stepped = true;
      }
    }
    // Once past the threshold, trim to the sample, or the frames that overlap by less than it
    // would keep up to 0.1 s of the overlap.
    m.trimming = gap < -step || (m.trimming && gap < 0);
    if (m.trimming) {
      const int64_t covered = av_rescale(-gap, src->sample_rate, rate);
      m.trimmed_samples += std::min<int64_t>(-gap, av_rescale(src->nb_samples, rate, src->sample_rate));
      stepped = true;
      if (covered >= src->nb_samples) return OkStatus();  // wholly inside what was encoded
      skip = static_cast<int>(covered);
    }
    if (stepped) {
      m.smoothed_gap = 0;  // closed in one step
      m.stop_compensating();
    } else if (std::abs(gap) <= jitter) {  // not a jump the limits above refused to fill
      m.steer_drift(gap);
    }
  }
  const int in_samples = src->nb_samples - skip;
  std::vector<const uint8_t*> in(static_cast<size_t>(av_sample_fmt_is_planar(static_cast<AVSampleFormat>(src->format))
                                                         ? src->ch_layout.nb_channels
                                                         : 1));
  const int sample_bytes = av_get_bytes_per_sample(static_cast<AVSampleFormat>(src->format)) *
                           (in.size() == 1 ? src->ch_layout.nb_channels : 1);
  for (size_t i = 0; i < in.size(); ++i) in[i] = src->extended_data[i] + static_cast<ptrdiff_t>(skip) * sample_bytes;
  int max_out = swr_get_out_samples(m.swr.get(), in_samples);
  if (max_out < 0) return av_error_status(max_out, "resampling audio");
  uint8_t** buf = nullptr;
  int err = av_samples_alloc_array_and_samples(&buf, nullptr, m.config.channels, max_out, m.ctx->sample_fmt, 0);
  if (err < 0) return av_error_status(err, "allocating resample buffer");
  int n = swr_convert(m.swr.get(), buf, max_out, in.data(), in_samples);
  if (n > 0) av_audio_fifo_write(m.fifo.get(), reinterpret_cast<void**>(buf), n);
  av_freep(&buf[0]);
  av_freep(&buf);
  if (n < 0) return av_error_status(n, "resampling audio");
  return m.encode_fifo(false, out);
}

Status AudioEncoder::flush(std::vector<Packet>& out, std::optional<double> until_seconds) {
  Impl& m = *impl_;
  const bool had_audio = m.next_pts != kNoTimestamp;
  if (!had_audio) m.next_pts = 0;
  if (m.swr) {
    // Drain what the resampler holds back.
    uint8_t** buf = nullptr;
    int err = av_samples_alloc_array_and_samples(&buf, nullptr, m.config.channels, 4096, m.ctx->sample_fmt, 0);
    if (err < 0) return av_error_status(err, "allocating resample buffer");
    int n = swr_convert(m.swr.get(), buf, 4096, nullptr, 0);
    if (n > 0) av_audio_fifo_write(m.fifo.get(), reinterpret_cast<void**>(buf), n);
    av_freep(&buf[0]);
    av_freep(&buf);
  }
  // Silence after audio that stopped before the picture (not in a rendition without any audio:
  // that stays empty, as before).
  if (until_seconds && had_audio) {
    const int64_t rate = m.ctx->sample_rate;
    const int64_t gap = std::llround(*until_seconds * static_cast<double>(rate)) - (m.next_pts + av_audio_fifo_size(m.fifo.get()));
    if (gap > rate / SoundGapLimits::kMinGapDivisor && gap <= kMaxFilledGapSeconds * rate &&
        m.filled_samples + gap <= kMaxFilledTotalSeconds * rate) {
      SF_LOG_DEBUG("audio: {:.3f} s of silence after the source's audio, to the picture's end", static_cast<double>(gap) / rate);
      m.filled_samples += gap;
      SF_RETURN_IF_ERROR(m.fill_silence(gap, out));
    }
  }
  SF_RETURN_IF_ERROR(m.encode_fifo(true, out));
  int err = avcodec_send_frame(m.ctx.get(), nullptr);
  if (err < 0 && err != AVERROR_EOF) return av_error_status(err, "flushing audio encoder");
  return m.drain(out);
}

}  // namespace streamforge::av

#include "av/video_encoder.h"

#include <cmath>
#include <map>
#include <set>

#include "av/ffmpeg.h"
#include "av/frame_data.h"
#include "av/stream_mapping.h"
#include "core/log_internal.h"

namespace streamforge::av {

struct VideoEncoder::Impl {
  VideoEncoderConfig config;
  CodecContextPtr ctx;
  PacketPtr pkt = make_packet();
  StreamInfo info;
  // Packet durations. FFmpeg 5.1's encoder wrappers leave pkt->duration at 0, so a frame's
  // duration is taken as the gap to the next frame sent (exact for variable frame rates and for
  // frame-rate-capped rungs); frames whose packet leaves before the next frame arrives use the
  // demuxer's duration, or one nominal frame.
  // Both containers only hold frames still inside the encoder (bounded by its delay), so a
  // two-hour source does not grow them.
  std::set<int64_t> in_flight;            // pts sent, packet not yet out
  std::map<int64_t, int64_t> durations;   // pts -> duration, for in-flight frames
  int64_t last_sent_pts = kNoTimestamp;
  int64_t last_sent_hint = 0;
  int64_t nominal_ticks = 1;

  void on_frame_sent(int64_t pts, int64_t hint) {
    if (last_sent_pts != kNoTimestamp && in_flight.count(last_sent_pts)) durations[last_sent_pts] = pts - last_sent_pts;
    in_flight.insert(pts);
    last_sent_pts = pts;
    last_sent_hint = hint;
  }

  void on_flush() {
    if (last_sent_pts != kNoTimestamp && in_flight.count(last_sent_pts)) durations[last_sent_pts] = last_sent_hint;
    last_sent_pts = kNoTimestamp;
  }

  int64_t take_duration(int64_t pts) {
    in_flight.erase(pts);
    auto it = durations.find(pts);
    if (it != durations.end()) {
      int64_t d = it->second;
      durations.erase(it);
      return d;
    }
    return pts == last_sent_pts ? last_sent_hint : nominal_ticks;
  }

  Status drain(std::vector<Packet>& out) {
    for (;;) {
      int err = avcodec_receive_packet(ctx.get(), pkt.get());
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
      if (err < 0) return av_error_status(err, "encoding " + config.encoder);
      Packet p;
      p.data = SharedBytes::copy_of(ByteView(pkt->data, static_cast<size_t>(pkt->size)));
      p.pts = pkt->pts;
      p.dts = pkt->dts;
      p.duration = take_duration(pkt->pts);
      p.time_base = config.time_base;
      p.keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
      av_packet_unref(pkt.get());
      SF_RETURN_IF_ERROR(to_length_prefixed(config.codec, p));
      out.push_back(std::move(p));
    }
  }
};

namespace {

void set(AVDictionary** d, const char* k, const std::string& v) {
  if (!v.empty()) av_dict_set(d, k, v.c_str(), 0);
}

// libvpx/libaom speed from an x264-style preset name, when no explicit speed is given.
int speed_from_preset(const std::string& preset, Codec codec) {
  const bool vp9 = codec == Codec::kVp9;
  if (preset == "ultrafast" || preset == "superfast") return vp9 ? 8 : 9;
  if (preset == "veryfast" || preset == "faster") return vp9 ? 6 : 8;
  if (preset == "fast") return vp9 ? 5 : 7;
  if (preset == "medium" || preset.empty()) return vp9 ? 4 : 6;
  if (preset == "slow") return vp9 ? 2 : 4;
  return vp9 ? 1 : 3;
}

}  // namespace

VideoEncoder::VideoEncoder() : impl_(std::make_unique<Impl>()) {}
VideoEncoder::~VideoEncoder() = default;

Result<std::unique_ptr<VideoEncoder>> VideoEncoder::open(const VideoEncoderConfig& cfg) {
  install_ffmpeg_log_bridge();
  std::unique_ptr<VideoEncoder> e(new VideoEncoder());
  Impl& m = *e->impl_;
  m.config = cfg;
  const AVCodec* codec = avcodec_find_encoder_by_name(cfg.encoder.c_str());
  if (!codec) return UnimplementedError("encoder '" + cfg.encoder + "' is not in this FFmpeg build");
  if (codec->type != AVMEDIA_TYPE_VIDEO) return InvalidArgumentError("'" + cfg.encoder + "' is not a video encoder");
  if (codec->id != codec_to_av(cfg.codec)) {
    return InvalidArgumentError("encoder '" + cfg.encoder + "' does not produce " + std::string(codec_name(cfg.codec)));
  }
  m.ctx.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = m.ctx.get();
  c->width = cfg.width;
  c->height = cfg.height;
  c->time_base = to_av(cfg.time_base);
  c->framerate = to_av(cfg.frame_rate);
  c->sample_aspect_ratio = AVRational{1, 1};
  c->pix_fmt = cfg.bit_depth == 10 ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
  // Hardware encoders that do not take yuv420p get their first software format (e.g. nv12).
  if (codec->pix_fmts) {
    bool listed = false;
    for (auto* f = codec->pix_fmts; *f != AV_PIX_FMT_NONE; ++f) listed |= (*f == c->pix_fmt);
    if (!listed) {
      return UnimplementedError("encoder '" + cfg.encoder + "' does not accept " + av_get_pix_fmt_name(c->pix_fmt) +
                                " frames (hardware-surface encoders need a hwupload path this build does not have)");
    }
  }
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_CLOSED_GOP;
  c->thread_count = cfg.threads;
  // The encoder's own GOP is longer than ours: keyframes come only where the engine forces them,
  // i.e. at identical timestamps on every rung.
  c->gop_size = cfg.gop_frames * 4 + 1;
  c->keyint_min = cfg.gop_frames;
  if (cfg.bitrate_kbps > 0) c->bit_rate = int64_t{cfg.bitrate_kbps} * 1000;
  if (cfg.maxrate_kbps > 0) c->rc_max_rate = int64_t{cfg.maxrate_kbps} * 1000;
  if (cfg.bufsize_kbps > 0) c->rc_buffer_size = cfg.bufsize_kbps * 1000;
  const ColorEnums color = color_enums_from_names(cfg.color_primaries, cfg.color_transfer, cfg.color_matrix, cfg.color_range);
  c->color_primaries = color.primaries;
  c->color_trc = color.transfer;
  c->colorspace = color.matrix;
  c->color_range = color.range;

  AVDictionary* opts = nullptr;
  std::string crf = cfg.crf >= 0 ? std::to_string(cfg.crf) : "";
  const std::string& name = cfg.encoder;
  if (name == "libx264") {
    set(&opts, "preset", cfg.preset);
    set(&opts, "crf", crf);
    set(&opts, "profile", cfg.profile);
    set(&opts, "level", cfg.level);
    set(&opts, "forced-idr", "1");
    std::string params = "open-gop=0";
    if (!cfg.scene_cut) params += ":scenecut=0";
    av_dict_set(&opts, "x264-params", params.c_str(), 0);
  } else if (name == "libx265") {
    set(&opts, "preset", cfg.preset);
    set(&opts, "crf", crf);
    set(&opts, "profile", cfg.profile);
    set(&opts, "forced-idr", "1");
    std::string params = "log-level=error:open-gop=0:repeat-headers=0";
    if (!cfg.scene_cut) params += ":scenecut=0";
    if (!cfg.level.empty()) params += ":level-idc=" + cfg.level;
    if (cfg.mastering_display) params += ":master-display=" + x265_master_display(*cfg.mastering_display);
    if (cfg.content_light_level) {
      params += ":max-cll=" + std::to_string(cfg.content_light_level->max_cll) + "," +
                std::to_string(cfg.content_light_level->max_fall);
    }
    av_dict_set(&opts, "x265-params", params.c_str(), 0);
  } else if (name == "libvpx-vp9") {
    int speed = cfg.speed >= 0 ? cfg.speed : speed_from_preset(cfg.preset, cfg.codec);
    set(&opts, "cpu-used", std::to_string(speed));
    set(&opts, "deadline", speed >= 5 ? "realtime" : "good");
    set(&opts, "row-mt", "1");
    set(&opts, "crf", crf);
    if (cfg.bit_depth == 10) c->profile = FF_PROFILE_VP9_2;
    if (cfg.crf >= 0 && cfg.bitrate_kbps == 0) c->bit_rate = 0;  // constant quality
  } else if (name == "libaom-av1") {
    int speed = cfg.speed >= 0 ? cfg.speed : speed_from_preset(cfg.preset, cfg.codec);
    set(&opts, "cpu-used", std::to_string(speed));
    if (speed >= 7) set(&opts, "usage", "realtime");
    set(&opts, "row-mt", "1");
    set(&opts, "crf", crf);
  } else {
    // Hardware or other encoders: pass the generic options they commonly accept.
    set(&opts, "preset", cfg.preset);
    set(&opts, "profile", cfg.profile);
    set(&opts, "level", cfg.level);
    if (cfg.crf >= 0) set(&opts, "cq", crf);
    set(&opts, "forced-idr", "1");
  }
  int err = avcodec_open2(c, codec, &opts);
  if (opts) {
    const AVDictionaryEntry* unused = av_dict_get(opts, "", nullptr, AV_DICT_IGNORE_SUFFIX);
    if (unused) SF_LOG_DEBUG("{} ignored option {}={}", name, unused->key, unused->value);
  }
  av_dict_free(&opts);
  if (err < 0) {
    return av_error_status(err, "opening encoder " + name + " (" + std::to_string(cfg.width) + "x" +
                                    std::to_string(cfg.height) + ", check profile/level/preset)");
  }

  m.nominal_ticks = std::max<int64_t>(1, rescale(1, cfg.frame_rate.inverse(), cfg.time_base));
  m.info.type = MediaType::kVideo;
  m.info.codec = cfg.codec;
  m.info.codec_name = std::string(codec_name(cfg.codec));
  m.info.time_base = cfg.time_base;
  m.info.width = cfg.width;
  m.info.height = cfg.height;
  m.info.frame_rate = cfg.frame_rate;
  m.info.pixel_format = av_get_pix_fmt_name(c->pix_fmt);
  m.info.bit_depth = cfg.bit_depth;
  m.info.bitrate = c->bit_rate;
  m.info.color_primaries = cfg.color_primaries;
  m.info.color_transfer = cfg.color_transfer;
  m.info.color_matrix = cfg.color_matrix;
  m.info.color_range = cfg.color_range;
  m.info.mastering_display = cfg.mastering_display;
  m.info.content_light_level = cfg.content_light_level;
  if (c->extradata_size > 0) {
    SF_ASSIGN_OR_RETURN(m.info.extradata,
                        to_configuration_record(cfg.codec, ByteView(c->extradata, static_cast<size_t>(c->extradata_size))));
  }
  return e;
}

StreamInfo VideoEncoder::stream_info() const { return impl_->info; }

Status VideoEncoder::encode(const Frame& frame, bool force_keyframe, std::vector<Packet>& out) {
  Impl& m = *impl_;
  const AVFrame* src = frame.data()->frame.get();
  FramePtr f(av_frame_clone(src));  // a new reference: we set per-rung fields on it
  if (!f) return ResourceExhaustedError("out of memory referencing a frame");
  f->pict_type = force_keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  if (force_keyframe) f->key_frame = 1;
  m.on_frame_sent(f->pts, src->pkt_duration > 0 ? src->pkt_duration : m.nominal_ticks);
  int err = avcodec_send_frame(m.ctx.get(), f.get());
  if (err < 0) return av_error_status(err, "sending a frame to " + m.config.encoder);
  return m.drain(out);
}

Status VideoEncoder::flush(std::vector<Packet>& out) {
  Impl& m = *impl_;
  m.on_flush();
  int err = avcodec_send_frame(m.ctx.get(), nullptr);
  if (err < 0 && err != AVERROR_EOF) return av_error_status(err, "flushing " + m.config.encoder);
  return m.drain(out);
}

}  // namespace streamforge::av

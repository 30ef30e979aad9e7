#include "streamforge/av/test_clip.h"

#include <cmath>
#include <random>

#include "av/deinterlace.h"
#include "av/ffmpeg.h"
#include "av/hdr_side_data.h"
#include "av/stream_mapping.h"
#include "streamforge/core/result.h"

namespace streamforge {
namespace {

using av::av_error_status;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// A lavfi source graph ending in a buffersink.
struct SourceGraph {
  av::FilterGraphPtr graph;
  AVFilterContext* sink = nullptr;
};

Result<SourceGraph> make_source_graph(const std::string& description, bool audio) {
  SourceGraph g;
  g.graph.reset(avfilter_graph_alloc());
  const AVFilter* sink_filter = avfilter_get_by_name(audio ? "abuffersink" : "buffersink");
  int err = avfilter_graph_create_filter(&g.sink, sink_filter, "out", nullptr, nullptr, g.graph.get());
  if (err < 0) return av_error_status(err, "creating buffersink");
  AVFilterInOut* inputs = avfilter_inout_alloc();
  inputs->name = av_strdup("out");
  inputs->filter_ctx = g.sink;
  inputs->pad_idx = 0;
  inputs->next = nullptr;
  AVFilterInOut* outputs = nullptr;
  err = avfilter_graph_parse_ptr(g.graph.get(), description.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (err < 0) return av_error_status(err, "parsing lavfi graph '" + description + "'").with_context("test clip");
  err = avfilter_graph_config(g.graph.get(), nullptr);
  if (err < 0) return av_error_status(err, "configuring lavfi graph '" + description + "'");
  return g;
}

struct OutStream {
  AVStream* stream = nullptr;
  av::CodecContextPtr enc;
  SourceGraph source;
  bool source_done = false;
  bool flushed = false;
  int64_t next_pts = 0;  // of the next frame pulled, in enc time base (for interleaving)
};

const char* encoder_name(Codec c) {
  switch (c) {
    case Codec::kH264: return "libx264";
    case Codec::kHevc: return "libx265";
    case Codec::kVp9: return "libvpx-vp9";
    case Codec::kAv1: return "libaom-av1";
    case Codec::kAac: return "aac";
    case Codec::kOpus: return "libopus";
    default: return nullptr;
  }
}

Status validate(const TestClipSpec& s) {
  if (!s.video && !s.audio) return InvalidArgumentError("a clip needs video or audio", "video");
  if (s.duration_seconds <= 0 || s.duration_seconds > 36000) return InvalidArgumentError("must be in (0, 36000]", "duration_seconds");
  if (!(s.start_seconds >= 0 && s.start_seconds <= 1e6)) return InvalidArgumentError("must be in [0, 1000000]", "start_seconds");
  if (s.video) {
    if (s.width < 16 || s.height < 16 || s.width > 8192 || s.height > 8192) return InvalidArgumentError("size must be 16..8192", "width");
    if (!s.frame_rate.positive()) return InvalidArgumentError("must be positive", "frame_rate");
    if (s.bit_depth != 8 && s.bit_depth != 10) return InvalidArgumentError("must be 8 or 10", "bit_depth");
    if (s.bit_depth == 10 && s.video_codec == Codec::kH264) return InvalidArgumentError("10-bit test clips need hevc, vp9 or av1", "bit_depth");
    if (s.rotation % 90 != 0) return InvalidArgumentError("must be a multiple of 90", "rotation");
    if (!(s.pause_seconds >= 0 && s.pause_at_seconds >= 0)) return InvalidArgumentError("must not be negative", "pause_seconds");
    if (s.pause_seconds > 0 && (s.pause_at_seconds <= 0 || s.pause_at_seconds + s.pause_seconds >= s.duration_seconds)) {
      return InvalidArgumentError("the pause must start after 0 and end before the clip does", "pause_at_seconds");
    }
    if ((s.interlaced || s.telecine) && s.video_encoder.empty() && s.video_codec != Codec::kH264 &&
        s.video_codec != Codec::kHevc) {
      return InvalidArgumentError("interlaced clips need h264 or hevc (or a named encoder that codes fields, e.g. mpeg2video)",
                                  "interlaced");
    }
    if ((s.interlaced || s.telecine) && s.height % 4) return InvalidArgumentError("must be a multiple of 4 for interlaced 4:2:0", "height");
    if (s.full_range && !s.hdr.empty()) return InvalidArgumentError("HDR test clips are limited range", "full_range");
    if (s.video_encoder.empty() && (!encoder_name(s.video_codec) || codec_media_type(s.video_codec) != MediaType::kVideo)) {
      return InvalidArgumentError("unsupported", "video_codec");
    }
  }
  if (s.audio) {
    if (s.audio_codec != Codec::kAac && s.audio_codec != Codec::kOpus) return InvalidArgumentError("must be aac or opus", "audio_codec");
    if (s.channels < 1 || s.channels > 8) return InvalidArgumentError("must be 1..8", "channels");
    if (s.audio_languages.size() > 8) return InvalidArgumentError("at most 8 audio streams", "audio_languages");
  }
  return OkStatus();
}

Status open_video(const TestClipSpec& spec, AVFormatContext* oc, OutStream& os) {
  const char* name = spec.video_encoder.empty() ? encoder_name(spec.video_codec) : spec.video_encoder.c_str();
  const AVCodec* codec = avcodec_find_encoder_by_name(name);
  if (!codec || codec->type != AVMEDIA_TYPE_VIDEO) return UnimplementedError(std::string("video encoder not available: ") + name);
  os.enc.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = os.enc.get();
  // Interlaced HEVC is field-coded, as broadcast 1080i HEVC is: x265 codes every field as its own
  // half-height picture, at twice the frame rate (see av/field_pictures.h).
  const bool field_coded = (spec.interlaced || spec.telecine) && spec.video_encoder.empty() && spec.video_codec == Codec::kHevc;
  const int pictures_per_frame = field_coded ? 2 : 1;
  const Rational coded_rate = field_coded ? av::picture_rate(spec.frame_rate, av::DeinterlaceMethod::kPerField) : spec.frame_rate;
  c->width = spec.width;
  c->height = spec.height / pictures_per_frame;
  c->time_base = av::to_av(coded_rate.inverse());
  c->framerate = av::to_av(coded_rate);
  c->pix_fmt = spec.bit_depth == 10 ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
  c->sample_aspect_ratio = av::to_av(spec.sample_aspect_ratio);
  c->gop_size = pictures_per_frame * (spec.gop_frames > 0 ? spec.gop_frames : static_cast<int>(std::lround(2 * spec.frame_rate.to_double())));
  c->max_b_frames = 2;
  if (spec.hdr == "hdr10" || spec.hdr == "hlg") {
    c->color_primaries = AVCOL_PRI_BT2020;
    c->color_trc = spec.hdr == "hdr10" ? AVCOL_TRC_SMPTE2084 : AVCOL_TRC_ARIB_STD_B67;
    c->colorspace = AVCOL_SPC_BT2020_NCL;
    c->color_range = AVCOL_RANGE_MPEG;
  } else {
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_range = spec.full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  }
  if (oc->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if ((spec.interlaced || spec.telecine) && !field_coded) {
    // Field-aware coding (x264: MBAFF, top field first by default); the field order goes into
    // the codec parameters so the container records it (mp4 'fiel', Matroska FieldOrder).
    c->flags |= AV_CODEC_FLAG_INTERLACED_DCT | AV_CODEC_FLAG_INTERLACED_ME;
    c->field_order = AV_FIELD_TT;
  }
  AVDictionary* opts = nullptr;
  std::string crf = std::to_string(spec.crf);
  std::string x265_params = "log-level=error";
  if (field_coded) x265_params += ":interlace=tff";  // SPS field_seq_flag, pic_struct 1/2 in SEI
  if (spec.hdr == "hdr10") {
    x265_params += ":master-display=" + x265_master_display(test_clip_mastering_display()) +
                   ":max-cll=" + std::to_string(test_clip_content_light_level().max_cll) + "," +
                   std::to_string(test_clip_content_light_level().max_fall);
  }
  switch (spec.video_encoder.empty() ? spec.video_codec : Codec::kOther) {
    case Codec::kH264:
      av_dict_set(&opts, "preset", spec.preset.c_str(), 0);
      av_dict_set(&opts, "crf", crf.c_str(), 0);
      break;
    case Codec::kHevc:
      av_dict_set(&opts, "preset", spec.preset.c_str(), 0);
      av_dict_set(&opts, "crf", crf.c_str(), 0);
      av_dict_set(&opts, "x265-params", x265_params.c_str(), 0);
      break;
    case Codec::kVp9:
      av_dict_set(&opts, "deadline", "realtime", 0);
      av_dict_set(&opts, "cpu-used", "8", 0);
      av_dict_set(&opts, "crf", crf.c_str(), 0);
      c->bit_rate = 0;
      if (spec.bit_depth == 10) c->profile = FF_PROFILE_VP9_2;
      break;
    case Codec::kAv1:
      av_dict_set(&opts, "cpu-used", "8", 0);
      av_dict_set(&opts, "usage", "realtime", 0);
      av_dict_set(&opts, "crf", crf.c_str(), 0);
      break;
    default: break;
  }
  int err = avcodec_open2(c, codec, &opts);
  av_dict_free(&opts);
  if (err < 0) return av_error_status(err, std::string("opening ") + codec->name);

  os.stream = avformat_new_stream(oc, nullptr);
  os.stream->time_base = c->time_base;
  os.stream->sample_aspect_ratio = c->sample_aspect_ratio;
  err = avcodec_parameters_from_context(os.stream->codecpar, c);
  if (err < 0) return av_error_status(err, "copying video parameters");
  if (spec.hdr == "hdr10") {
    // A typical HDR10 grade: BT.2020 primaries, D65 white, a 1000 / 0.005 cd/m2 mastering
    // display, MaxCLL 1000 and MaxFALL 400 -- in the container (mdcv/clli) and the HEVC SEI.
    StreamInfo hdr;
    hdr.mastering_display = test_clip_mastering_display();
    hdr.content_light_level = test_clip_content_light_level();
    SF_RETURN_IF_ERROR(av::attach_hdr_side_data(hdr, os.stream));
  }
  if (spec.rotation % 360 != 0) {
    auto* matrix = reinterpret_cast<int32_t*>(av_stream_new_side_data(os.stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t)));
    if (!matrix) return ResourceExhaustedError("display matrix");
    // FFmpeg 5.1's mov muxer stores this matrix so that the demuxer reads back the opposite angle
    // (ffprobe shows "rotation=-90" for a portrait phone clip, as for real phone files): writing
    // +R yields a file every FFmpeg-based reader (and our probe) sees as R degrees clockwise.
    av_display_rotation_set(matrix, static_cast<double>(spec.rotation));
  }

  std::string desc = spec.pattern;
  // Interlaced: two pattern moments per frame, one per field. Telecine: four film frames per five.
  // The same rule the reader undoes them with.
  const Rational pattern_rate =
      spec.telecine     ? av::picture_rate(spec.frame_rate, av::DeinterlaceMethod::kInverseTelecine)
      : spec.interlaced ? av::picture_rate(spec.frame_rate, av::DeinterlaceMethod::kPerField)
                        : spec.frame_rate;
  char rate[64];
  std::snprintf(rate, sizeof(rate), "%lld/%lld", static_cast<long long>(pattern_rate.num), static_cast<long long>(pattern_rate.den));
  replace_all(desc, "{w}", std::to_string(spec.width));
  replace_all(desc, "{h}", std::to_string(spec.height));
  replace_all(desc, "{r}", rate);
  replace_all(desc, "{d}", std::to_string(spec.duration_seconds));
  if (spec.telecine) {
    desc += ",telecine=first_field=top:pattern=23,setfield=tff";
  } else if (spec.interlaced) {
    desc += ",tinterlace=mode=interleave_top,setfield=tff";
  }
  if (c->color_range == AVCOL_RANGE_JPEG) desc += ",scale=out_range=full";
  desc += ",format=";
  desc += av_get_pix_fmt_name(c->pix_fmt);
  desc += ",trim=duration=" + std::to_string(spec.duration_seconds);
  if (field_coded) desc += ",separatefields";  // after the trim, so that no frame loses a field
  SF_ASSIGN_OR_RETURN(os.source, make_source_graph(desc, false));
  return OkStatus();
}

Status open_audio(const TestClipSpec& spec, AVFormatContext* oc, OutStream& os, const std::string& language,
                  int tone_multiple) {
  const AVCodec* codec = avcodec_find_encoder_by_name(encoder_name(spec.audio_codec));
  if (!codec) return UnimplementedError(std::string("encoder not available: ") + encoder_name(spec.audio_codec));
  os.enc.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = os.enc.get();
  c->sample_rate = spec.audio_codec == Codec::kOpus ? 48000 : spec.sample_rate;
  av_channel_layout_default(&c->ch_layout, spec.channels);
  c->sample_fmt = spec.audio_codec == Codec::kOpus ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_FLTP;
  c->bit_rate = 64000 * spec.channels;
  c->time_base = AVRational{1, c->sample_rate};
  if (oc->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int err = avcodec_open2(c, codec, nullptr);
  if (err < 0) return av_error_status(err, std::string("opening ") + codec->name);
  os.stream = avformat_new_stream(oc, nullptr);
  os.stream->time_base = c->time_base;
  err = avcodec_parameters_from_context(os.stream->codecpar, c);
  if (err < 0) return av_error_status(err, "copying audio parameters");
  if (!language.empty()) av_dict_set(&os.stream->metadata, "language", language.c_str(), 0);

  char layout[64] = {0};
  av_channel_layout_describe(&c->ch_layout, layout, sizeof(layout));
  std::string desc = "sine=frequency=" + std::to_string(440 * tone_multiple) + ":beep_factor=4:sample_rate=" + std::to_string(c->sample_rate) +
                     ":duration=" + std::to_string(spec.duration_seconds) +
                     ",aformat=sample_fmts=" + av_get_sample_fmt_name(c->sample_fmt) + ":channel_layouts=" + layout;
  SF_ASSIGN_OR_RETURN(os.source, make_source_graph(desc, true));
  if (c->frame_size > 0) av_buffersink_set_frame_size(os.source.sink, static_cast<unsigned>(c->frame_size));
  return OkStatus();
}

Status drain_encoder(AVFormatContext* oc, OutStream& os, AVPacket* pkt) {
  for (;;) {
    int err = avcodec_receive_packet(os.enc.get(), pkt);
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
    if (err < 0) return av_error_status(err, "encoding test clip");
    // libx264 and others leave the duration at 0. MP4's edit list spans the samples' durations,
    // so the last frame would get none and be cut from the presentation (found by a test that
    // counted 199 of 200 frames); ffmpeg's CLI fills it in the same way.
    if (pkt->duration <= 0 && os.enc->codec_type == AVMEDIA_TYPE_VIDEO && os.enc->framerate.num > 0) {
      pkt->duration = av_rescale_q(1, av_inv_q(os.enc->framerate), os.enc->time_base);
    }
    av_packet_rescale_ts(pkt, os.enc->time_base, os.stream->time_base);
    pkt->stream_index = os.stream->index;
    err = av_interleaved_write_frame(oc, pkt);
    if (err < 0) return av_error_status(err, "writing test clip");
  }
}

// What the video of a clip leaves out: frames dropped irregularly (variable frame rate) and a pause.
struct VideoGaps {
  bool vfr = false;
  double pause_from = 0, pause_to = 0;  // seconds
};

// Pulls one frame from the source and encodes it; at the end flushes the encoder.
Status step(AVFormatContext* oc, OutStream& os, AVFrame* frame, AVPacket* pkt, std::mt19937& rng, const VideoGaps& gaps) {
  for (;;) {
    int err = av_buffersink_get_frame(os.source.sink, frame);
    if (err == AVERROR_EOF || err == AVERROR(EAGAIN)) {
      os.source_done = true;
      err = avcodec_send_frame(os.enc.get(), nullptr);
      if (err < 0 && err != AVERROR_EOF) return av_error_status(err, "flushing test clip encoder");
      SF_RETURN_IF_ERROR(drain_encoder(oc, os, pkt));
      os.flushed = true;
      return OkStatus();
    }
    if (err < 0) return av_error_status(err, "generating test clip");
    AVRational sink_tb = av_buffersink_get_time_base(os.source.sink);
    frame->pts = av_rescale_q(frame->pts, sink_tb, os.enc->time_base);
    os.next_pts = frame->pts;
    // Variable frame rate: drop frames in an irregular pattern (never the first), so the spacing
    // between kept frames varies between one and three frame durations.
    if (gaps.vfr && frame->pts > 0 && (rng() % 3 == 0)) {
      av_frame_unref(frame);
      continue;
    }
    const double at = static_cast<double>(frame->pts) * av_q2d(os.enc->time_base);
    if (at >= gaps.pause_from && at < gaps.pause_to) {
      av_frame_unref(frame);
      continue;
    }
    frame->pict_type = AV_PICTURE_TYPE_NONE;
    err = avcodec_send_frame(os.enc.get(), frame);
    av_frame_unref(frame);
    if (err < 0) return av_error_status(err, "encoding test clip");
    return drain_encoder(oc, os, pkt);
  }
}

}  // namespace

MasteringDisplay test_clip_mastering_display() {
  MasteringDisplay m;  // BT.2020 G, B, R and D65 in 0.00002 units; 1000 and 0.005 cd/m2
  m.primaries_x = {8500, 6550, 35400};
  m.primaries_y = {39850, 2300, 14600};
  m.white_point_x = 15635;
  m.white_point_y = 16450;
  m.max_luminance = 10000000;
  m.min_luminance = 50;
  return m;
}

ContentLightLevel test_clip_content_light_level() { return ContentLightLevel{1000, 400}; }

Status make_test_clip(const TestClipSpec& spec, const std::string& path) {
  av::install_ffmpeg_log_bridge();
  SF_RETURN_IF_ERROR(validate(spec));
  AVFormatContext* raw = nullptr;
  int err = avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str());
  if (err < 0 || !raw) return InvalidArgumentError("cannot choose a container for '" + path + "' (use .mp4 .mov .mkv .webm .ts)");
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> oc(raw, [](AVFormatContext* c) {
    if (c->pb && !(c->oformat->flags & AVFMT_NOFILE)) avio_closep(&c->pb);
    avformat_free_context(c);
  });

  OutStream video;
  if (spec.video) SF_RETURN_IF_ERROR(open_video(spec, oc.get(), video));
  std::vector<OutStream> audios;
  if (spec.audio) {
    const std::vector<std::string> languages =
        spec.audio_languages.empty() ? std::vector<std::string>{spec.language} : spec.audio_languages;
    audios.resize(languages.size());
    for (size_t i = 0; i < languages.size(); ++i) {
      SF_RETURN_IF_ERROR(open_audio(spec, oc.get(), audios[i], languages[i], static_cast<int>(i) + 1));
    }
  }

  oc->output_ts_offset = std::llround(spec.start_seconds * AV_TIME_BASE);
  err = avio_open(&oc->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (err < 0) return av_error_status(err, "creating " + path);
  err = avformat_write_header(oc.get(), nullptr);
  if (err < 0) return av_error_status(err, "writing header of " + path);

  auto frame = av::make_frame();
  auto pkt = av::make_packet();
  std::mt19937 rng(7);
  // Interleave: always advance the stream that is behind in time.
  for (;;) {
    OutStream* behind = spec.video && !video.flushed ? &video : nullptr;
    for (auto& a : audios) {
      if (a.flushed) continue;
      if (!behind || av_compare_ts(a.next_pts, a.enc->time_base, behind->next_pts, behind->enc->time_base) < 0) behind = &a;
    }
    if (!behind) break;
    VideoGaps gaps;
    if (behind == &video) {
      gaps.vfr = spec.variable_frame_rate;
      gaps.pause_from = spec.pause_at_seconds;
      gaps.pause_to = spec.pause_at_seconds + spec.pause_seconds;
    }
    SF_RETURN_IF_ERROR(step(oc.get(), *behind, frame.get(), pkt.get(), rng, gaps));
  }
  err = av_write_trailer(oc.get());
  if (err < 0) return av_error_status(err, "finishing " + path);
  return OkStatus();
}

}  // namespace streamforge

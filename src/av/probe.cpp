#include "streamforge/av/probe.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "av/codec_strings.h"
#include "av/demuxer.h"
#include "av/field_pictures.h"
#include "av/pulldown_detector.h"
#include "av/stream_mapping.h"
#include "streamforge/media/codec_string.h"
#include "streamforge/media/vp_config.h"

namespace streamforge {
namespace {

std::string str(const char* s) { return s ? s : ""; }

// A source is variable-frame-rate when the spacing of its presentation timestamps varies by more
// than rounding. B-frames reorder pts in decode order, so the pts are sorted first.
bool looks_variable_frame_rate(std::vector<int64_t> pts) {
  if (pts.size() < 8) return false;
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  int64_t min_d = INT64_MAX, max_d = 0;
  for (size_t i = 1; i < pts.size(); ++i) {
    int64_t d = pts[i] - pts[i - 1];
    min_d = std::min(min_d, d);
    max_d = std::max(max_d, d);
  }
  if (min_d <= 0) return false;
  // Allow one tick of rounding (e.g. 1/1000 time bases for 29.97 fps give 33/34 ms spacing).
  return max_d > min_d + 1 && static_cast<double>(max_d) > 1.05 * static_cast<double>(min_d);
}

// Display size and aspect ratio from the coded size: SAR stretches the width, a quarter turn swaps
// the axes.
void set_display_size(ProbeStream& ps) {
  double w = ps.width * ps.sample_aspect_ratio.to_double();
  double h = ps.height;
  if (ps.rotation == 90 || ps.rotation == 270) std::swap(w, h);
  ps.display_width = static_cast<int>(std::lround(w));
  ps.display_height = static_cast<int>(std::lround(h));
  if (ps.width > 0 && ps.height > 0) {
    Rational dar{static_cast<int64_t>(ps.width) * ps.sample_aspect_ratio.num,
                 static_cast<int64_t>(ps.height) * ps.sample_aspect_ratio.den};
    dar = dar.reduced();
    if (ps.rotation == 90 || ps.rotation == 270) dar = dar.inverse();
    ps.display_aspect_ratio = dar;
  }
}

// Field-coded HEVC (see av/field_pictures.h): FFmpeg describes the fields; describe the frames
// the reader weaves of them. The sample aspect ratio is taken as the frame's, as for H.264 and
// MPEG-2 field pictures.
void describe_field_pairs(const AVStream* vs, ByteView first_access_unit, ProbeStream& s) {
  s.field_coded = true;
  s.height *= 2;
  s.frame_rate = av::frame_rate_of_fields(s.frame_rate);
  s.frame_count = (s.frame_count + 1) / 2;  // a lone field at the end still makes a frame
  set_display_size(s);
  // pic_timing SEI is mandatory with field_seq_flag (H.265 E.3.1); the container's field order
  // describes the fields (FFmpeg 5.1 writes "progressive" into MP4).
  std::string order = av::hevc_first_field_order(vs, first_access_unit);
  if (order.empty()) order = vs->codecpar->field_order == AV_FIELD_BB || vs->codecpar->field_order == AV_FIELD_BT ? "bff" : "tff";
  s.field_order = order;
}

ProbeStream describe_stream(const AVStream* s) {
  const AVCodecParameters* par = s->codecpar;
  ProbeStream ps;
  ps.index = s->index;
  ps.type = av::media_type_from_av(par->codec_type);
  ps.codec = av::codec_from_av(par->codec_id);
  ps.codec_name = str(avcodec_get_name(par->codec_id));
  ps.profile = str(avcodec_profile_name(par->codec_id, par->profile));
  ps.level = par->level > 0 ? par->level : 0;
  ps.bitrate = par->bit_rate;
  if (s->duration != AV_NOPTS_VALUE && s->duration > 0) ps.duration_seconds = to_seconds(s->duration, av::to_rational(s->time_base));
  ps.frame_count = s->nb_frames;
  auto* lang = av_dict_get(s->metadata, "language", nullptr, 0);
  ps.language = lang ? lang->value : "und";
  ps.default_track = (s->disposition & AV_DISPOSITION_DEFAULT) != 0;

  StreamInfo info = av::stream_info_from_av(s);
  ps.codec_string = av::rfc6381_codec_string(info);

  if (ps.type == MediaType::kVideo) {
    ps.width = par->width;
    ps.height = par->height;
    ps.sample_aspect_ratio = info.sample_aspect_ratio;
    ps.frame_rate = info.frame_rate.reduced();
    auto fmt = static_cast<AVPixelFormat>(par->format);
    ps.pixel_format = info.pixel_format;
    ps.bit_depth = info.bit_depth;
    ps.chroma_subsampling = av::chroma_subsampling_name(fmt);
    ps.color_primaries = info.color_primaries;
    ps.color_transfer = info.color_transfer;
    ps.color_matrix = info.color_matrix;
    ps.color_range = info.color_range;
    ps.hdr = av::hdr_kind(par->color_trc);
    ps.mastering_display = info.mastering_display;
    ps.content_light_level = info.content_light_level;
    ps.rotation = av::stream_rotation(s);
    ps.field_order = av::field_order_name(par->field_order);
    set_display_size(ps);
  } else if (ps.type == MediaType::kAudio) {
    ps.sample_rate = par->sample_rate;
    ps.channels = par->ch_layout.nb_channels;
    ps.channel_layout = info.channel_layout;
    ps.sample_format = str(av_get_sample_fmt_name(static_cast<AVSampleFormat>(par->format)));
  }
  return ps;
}

}  // namespace

Result<ProbeInfo> probe(const std::string& path) {
  SF_ASSIGN_OR_RETURN(auto demuxer, av::Demuxer::open(path));
  AVFormatContext* ctx = demuxer->context();
  ProbeInfo info;
  info.path = path;
  info.container = str(ctx->iformat->name);
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0) info.duration_seconds = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  if (ctx->start_time != AV_NOPTS_VALUE) info.start_seconds = static_cast<double>(ctx->start_time) / AV_TIME_BASE;
  std::error_code ec;
  info.size_bytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  info.bitrate = ctx->bit_rate;

  int video = demuxer->best_stream(AVMEDIA_TYPE_VIDEO);
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* s = ctx->streams[i];
    if (s->disposition & AV_DISPOSITION_ATTACHED_PIC) continue;  // cover art is not a stream to transcode
    if (s->codecpar->codec_type != AVMEDIA_TYPE_VIDEO && s->codecpar->codec_type != AVMEDIA_TYPE_AUDIO &&
        s->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE) {
      continue;
    }
    info.streams.push_back(describe_stream(s));
  }

  // Read up to ~10 s of the main video stream's timestamps to tell constant from variable frame rate.
  if (video >= 0) {
    std::vector<int64_t> pts;
    auto pkt = av::make_packet();
    const AVStream* vs = ctx->streams[video];
    int64_t limit = av_rescale_q(10, AVRational{1, 1}, vs->time_base);
    int64_t first = AV_NOPTS_VALUE;
    ByteBuffer first_packet;  // VP9 carries no configuration record: its codec string comes from a keyframe
    for (int n = 0; n < 5000; ++n) {
      auto more = demuxer->read(pkt.get());
      if (!more.ok()) break;  // a corrupt packet later in the file is the transcoder's business
      if (!*more) break;
      if (pkt->stream_index == video && pkt->pts != AV_NOPTS_VALUE) {
        if (first == AV_NOPTS_VALUE) first = pkt->pts;
        if (first_packet.empty() && (pkt->flags & AV_PKT_FLAG_KEY)) first_packet.append(pkt->data, static_cast<size_t>(pkt->size));
        if (pkt->pts - first > limit) {
          av_packet_unref(pkt.get());
          break;
        }
        pts.push_back(pkt->pts);
      }
      av_packet_unref(pkt.get());
    }
    for (auto& s : info.streams) {
      if (s.index == video) {
        s.variable_frame_rate = looks_variable_frame_rate(pts);
        // For constant-rate sources r_frame_rate is exact; avg_frame_rate is skewed by how the
        // container counts the last frame's duration (59 frame intervals over 60 frames).
        const AVStream* vs = ctx->streams[video];
        if (!s.variable_frame_rate && vs->r_frame_rate.num > 0 && vs->r_frame_rate.den > 0 &&
            av_q2d(vs->r_frame_rate) <= 240) {
          s.frame_rate = av::to_rational(vs->r_frame_rate).reduced();
        }
        if (s.duration_seconds <= 0) s.duration_seconds = info.duration_seconds;
        if (s.codec == Codec::kVp9 && s.codec_string.empty() && !first_packet.empty()) {
          auto record = VpCodecConfigurationRecord::from_vp9_keyframe(first_packet.view(), s.frame_rate);
          if (record.ok()) s.codec_string = vp9_codec_string(*record);
        }
        if (av::hevc_field_coded(vs)) describe_field_pairs(vs, first_packet.view(), s);
        if (s.frame_count <= 0 && s.frame_rate.positive() && s.duration_seconds > 0 && !s.variable_frame_rate) {
          s.frame_count = std::llround(s.duration_seconds * s.frame_rate.to_double());
        }
        // Telecined film and video shot interlaced carry the same flags: look at the pictures
        // (decoding up to 120 frames, so only where it matters: interlaced 29.97/30 fps). A
        // source that fails to decode here is the transcoder's business, as above.
        if (s.interlaced() && s.pulldown_rate()) {
          auto reading = av::read_pulldown(path, info.duration_seconds / 4, 120);
          s.telecined = reading.ok() && reading->telecined();
        }
      }
    }
  }
  return info;
}

}  // namespace streamforge

#include "av/thumbnail_collector.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "av/ffmpeg.h"
#include "av/input_checks.h"
#include "av/picture_fit.h"
#include "av/range_conversion.h"
#include "av/stream_mapping.h"
#include "core/log_internal.h"

namespace streamforge::av {

namespace {

// Keyframe times are compared with interval multiples in floating-point seconds: a keyframe a
// hair before a multiple (timestamp rounding) still counts as at it.
constexpr double kTimeEpsilon = 1e-3;
constexpr int kMaxPosterWidth = 1920;
constexpr int kMaxWarnings = 20;

// Nearest even integer, at least 2.
int round_even(double v) { return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2); }

// Multiples k*step (k >= 0) the time t is at or after: floor((t + eps) / step).
int64_t multiples_reached(double t, double step) {
  return static_cast<int64_t>(std::floor((t + kTimeEpsilon) / step));
}

Status validate(const ThumbnailOptions& o) {
  if (!std::isfinite(o.interval_seconds) || o.interval_seconds <= 0)
    return InvalidArgumentError("must be a positive number of seconds", "interval_seconds");
  if (o.tile_width < 16 || o.tile_width > 4096 || o.tile_width % 2 != 0)
    return InvalidArgumentError("must be an even number of pixels in [16, 4096]", "tile_width");
  if (o.columns < 1 || o.columns > 64) return InvalidArgumentError("must be in [1, 64]", "columns");
  if (o.rows < 1 || o.rows > 64) return InvalidArgumentError("must be in [1, 64]", "rows");
  if (static_cast<int64_t>(o.columns) * o.tile_width > 16384)
    return InvalidArgumentError("columns * tile_width must be at most 16384 pixels", "columns");
  if (o.jpeg_quality < 2 || o.jpeg_quality > 31) return InvalidArgumentError("must be in [2, 31]", "jpeg_quality");
  for (size_t i = 0; i < o.poster_fractions.size(); ++i) {
    double f = o.poster_fractions[i];
    if (!std::isfinite(f) || f < 0 || f > 1)
      return InvalidArgumentError("must be in [0, 1]", fmt::format("poster_fractions[{}]", i));
  }
  if (o.poster_width != 0 && (o.poster_width < 16 || o.poster_width > 8192 || o.poster_width % 2 != 0))
    return InvalidArgumentError("must be 0 (display width) or an even number of pixels in [16, 8192]", "poster_width");
  if (!std::isfinite(o.expected_duration_seconds) || o.expected_duration_seconds < 0)
    return InvalidArgumentError("must be 0 (unknown) or a positive number of seconds", "expected_duration_seconds");
  return OkStatus();
}

const AVCodec* find_decoder(Codec codec) {
  switch (codec) {
    case Codec::kH264: return avcodec_find_decoder(AV_CODEC_ID_H264);
    case Codec::kHevc: return avcodec_find_decoder(AV_CODEC_ID_HEVC);
    case Codec::kVp9: {
      const AVCodec* c = avcodec_find_decoder(AV_CODEC_ID_VP9);
      return c ? c : avcodec_find_decoder_by_name("libvpx-vp9");
    }
    case Codec::kAv1:
      // FFmpeg 5.1's own "av1" decoder needs a hardware accelerator; prefer the software ones.
      for (const char* name : {"libdav1d", "libaom-av1"}) {
        if (const AVCodec* c = avcodec_find_decoder_by_name(name)) return c;
      }
      return avcodec_find_decoder(AV_CODEC_ID_AV1);
    default: return nullptr;
  }
}

// Converts decoded pictures of any size/format to full-range 4:2:0 (what JPEG stores) at one
// output size, keeping its swscale context while the input does not change. A picture whose
// display aspect is not the one the size was planned for (a spliced source) keeps its shape on
// black bars, as the ladder's rungs do (picture_fit.h).
class JpegScaler {
 public:
  JpegScaler(int width, int height, double planned_display_aspect, Rational stream_sar)
      : width_(width), height_(height), planned_(planned_display_aspect), stream_sar_(stream_sar) {}

  Result<FramePtr> scale(const AVFrame* src) {
    const auto fmt = static_cast<AVPixelFormat>(src->format);
    const bool full_range = src->color_range == AVCOL_RANGE_JPEG || plain_format_of(fmt) != fmt;
    const PictureRect area = fit_picture(
        width_, height_, planned_, display_aspect(src->width, src->height, to_rational(src->sample_aspect_ratio), stream_sar_));
    if (!sws_ || src->width != in_w_ || src->height != in_h_ || fmt != in_fmt_ || full_range != in_full_ ||
        !(area == area_)) {
      // Declare the plain (non-"J") formats and both ranges before initialising: swscale then
      // expands limited-range levels even where it would otherwise take its same-size copy path.
      sws_.reset(sws_alloc_context());
      if (!sws_) return ResourceExhaustedError("allocating a thumbnail scaler");
      SwsContext* s = sws_.get();
      av_opt_set_int(s, "srcw", src->width, 0);
      av_opt_set_int(s, "srch", src->height, 0);
      av_opt_set_int(s, "src_format", plain_format_of(fmt), 0);
      av_opt_set_int(s, "src_range", full_range ? 1 : 0, 0);
      av_opt_set_int(s, "dstw", area.width, 0);
      av_opt_set_int(s, "dsth", area.height, 0);
      av_opt_set_int(s, "dst_format", AV_PIX_FMT_YUV420P, 0);
      av_opt_set_int(s, "dst_range", 1, 0);
      av_opt_set_int(s, "sws_flags", SWS_BICUBIC, 0);
      int err = sws_init_context(s, nullptr, nullptr);
      if (err < 0) {
        sws_.reset();
        const char* name = av_get_pix_fmt_name(fmt);
        return av_error_status(err, fmt::format("converting {}x{} {} pictures to {}x{} for JPEG", src->width,
                                                src->height, name ? name : "?", area.width, area.height));
      }
      area_ = area;
      in_w_ = src->width;
      in_h_ = src->height;
      in_fmt_ = fmt;
      in_full_ = full_range;
    }
    FramePtr out = make_frame();
    out->width = width_;
    out->height = height_;
    out->format = AV_PIX_FMT_YUVJ420P;
    out->color_range = AVCOL_RANGE_JPEG;
    int err = av_frame_get_buffer(out.get(), 0);
    if (err < 0) return av_error_status(err, "allocating a thumbnail picture");
    if (area == PictureRect{0, 0, width_, height_}) {
      sws_scale(sws_.get(), src->data, src->linesize, 0, src->height, out->data, out->linesize);
      return out;
    }
    // Full-range black bars, then the picture between them.
    fill_black(out->data, out->linesize, width_, height_, 8, true);
    uint8_t* dst[4] = {nullptr, nullptr, nullptr, nullptr};
    planes_at(out->data, out->linesize, area, 1, dst);
    sws_scale(sws_.get(), src->data, src->linesize, 0, src->height, dst, out->linesize);
    return out;
  }

 private:
  int width_, height_;
  double planned_;
  Rational stream_sar_;
  PictureRect area_;
  SwsPtr sws_;
  int in_w_ = 0, in_h_ = 0;
  AVPixelFormat in_fmt_ = AV_PIX_FMT_NONE;
  bool in_full_ = false;
};

// One JPEG (FFmpeg's mjpeg encoder, fixed qscale) of the top `height` rows of a yuvj420p picture.
Result<ByteBuffer> encode_jpeg(const AVFrame* picture, int height, int qscale) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!codec) return UnimplementedError("this FFmpeg build has no mjpeg encoder");
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return ResourceExhaustedError("allocating the JPEG encoder");
  ctx->width = picture->width;
  ctx->height = height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
  ctx->color_range = AVCOL_RANGE_JPEG;
  ctx->time_base = AVRational{1, 25};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = FF_QP2LAMBDA * qscale;
  int err = avcodec_open2(ctx.get(), codec, nullptr);
  if (err < 0) return av_error_status(err, "opening the JPEG encoder");

  FramePtr frame = make_frame();
  err = av_frame_ref(frame.get(), picture);
  if (err < 0) return av_error_status(err, "referencing a thumbnail picture");
  frame->height = height;  // the first `height` rows: same planes, fewer lines
  frame->pts = 0;
  frame->quality = ctx->global_quality;
  frame->pict_type = AV_PICTURE_TYPE_NONE;
  err = avcodec_send_frame(ctx.get(), frame.get());
  if (err < 0) return av_error_status(err, "encoding a JPEG");
  err = avcodec_send_frame(ctx.get(), nullptr);
  if (err < 0) return av_error_status(err, "encoding a JPEG");
  PacketPtr pkt = make_packet();
  err = avcodec_receive_packet(ctx.get(), pkt.get());
  if (err < 0) return av_error_status(err, "encoding a JPEG");
  return ByteBuffer(ByteView(pkt->data, static_cast<size_t>(pkt->size)));
}

std::string vtt_time(double seconds) {
  const int64_t ms = std::llround(std::max(0.0, seconds) * 1000.0);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

}  // namespace

std::string ThumbnailResult::webvtt(const std::string& sprite_uri_prefix, double duration_seconds) const {
  std::string out = "WEBVTT\n\n";
  for (size_t i = 0; i < tiles.size(); ++i) {
    const Thumbnail& t = tiles[i];
    const double start = i == 0 ? 0.0 : t.time_seconds;
    double end;
    if (i + 1 < tiles.size()) {
      end = tiles[i + 1].time_seconds;
    } else {
      end = duration_seconds > t.time_seconds + kTimeEpsilon ? duration_seconds
                                                            : t.time_seconds + std::max(interval_seconds, kTimeEpsilon);
    }
    out += fmt::format("{} --> {}\n{}sprite-{}.jpg#xywh={},{},{},{}\n\n", vtt_time(start), vtt_time(end),
                       sprite_uri_prefix, t.sprite_index + 1, t.x, t.y, tile_width, tile_height);
  }
  return out;
}

struct ThumbnailCollector::Impl {
  ThumbnailOptions opt;
  StreamInfo info;
  CodecContextPtr dec;
  PacketPtr pkt = make_packet();
  Stats stats;
  bool finished = false;
  int warnings = 0;

  // Geometry: from the StreamInfo, or from the first decoded picture when it has no size.
  bool geometry_known = false;
  int tile_w = 0, tile_h = 0, poster_w = 0, poster_h = 0;
  std::unique_ptr<JpegScaler> tile_scaler, poster_scaler;

  // Timeline: seconds from the first keyframe's presentation time.
  bool have_origin = false;
  double origin = 0;
  double end_seen = 0;  // latest presentation end of any packet

  // Tiles and the sprite sheet being filled.
  int64_t next_tile_k = 0;  // the next interval multiple waiting for a keyframe
  std::vector<Thumbnail> tiles;
  FramePtr sheet;            // raw yuvj420p, only while a sheet is being filled
  int sheet_cells = 0;       // tiles placed in it
  int sprite_count = 0;
  std::vector<ByteBuffer> sprites;

  // Posters, duration known: first keyframe at or after each target.
  bool known_duration = false;
  std::vector<ThumbnailResult::Poster> posters;
  std::vector<bool> poster_done;
  FramePtr last_frame;  // the latest decoded keyframe while posters are pending
  double last_frame_time = 0;

  // Posters, duration unknown: candidate keyframes on a grid whose spacing doubles when full.
  struct Candidate {
    int64_t kmin = 0, kmax = 0;  // the grid multiples this keyframe is the first at or after
    double time = 0;
    ByteBuffer jpeg;
  };
  std::vector<Candidate> candidates;
  double candidate_spacing = 0;
  int64_t next_candidate_k = 0;

  void warn(const std::string& what) {
    if (++warnings <= kMaxWarnings) SF_LOG_WARN("thumbnails: {}", what);
  }

  void set_geometry(int w, int h, Rational sar) {
    const double sar_value = sar.positive() ? sar.to_double() : 1.0;
    const double display_w = w * sar_value;
    tile_w = opt.tile_width;
    tile_h = round_even(tile_w * h / display_w);
    poster_w = opt.poster_width > 0 ? opt.poster_width : round_even(std::min<double>(display_w, kMaxPosterWidth));
    poster_h = round_even(poster_w * h / display_w);
    const double planned = display_w / h;
    tile_scaler = std::make_unique<JpegScaler>(tile_w, tile_h, planned, sar);
    poster_scaler = std::make_unique<JpegScaler>(poster_w, poster_h, planned, sar);
    geometry_known = true;
  }

  // Decodes one keyframe on its own (send, drain, flush). Null when it does not decode.
  FramePtr decode(const Packet& p, int64_t ts, double t) {
    if (p.data.empty()) {
      ++stats.decode_failures;
      warn(fmt::format("skipping an empty keyframe at {:.3f} s", t));
      return nullptr;
    }
    av_packet_unref(pkt.get());
    int err = av_new_packet(pkt.get(), static_cast<int>(p.data.size()));
    if (err < 0) {
      ++stats.decode_failures;
      warn(fmt::format("cannot allocate a packet for the keyframe at {:.3f} s", t));
      return nullptr;
    }
    std::memcpy(pkt->data, p.data.data(), p.data.size());
    pkt->pts = ts;
    pkt->dts = p.dts != kNoTimestamp ? p.dts : ts;
    pkt->flags |= AV_PKT_FLAG_KEY;
    ++stats.decoded;

    FramePtr picture;
    std::string failure;
    err = avcodec_send_packet(dec.get(), pkt.get());
    if (err < 0) failure = av_error_text(err);
    // Drain: a decoder with reordering delay gives the picture only when told no more comes.
    avcodec_send_packet(dec.get(), nullptr);
    for (;;) {
      FramePtr f = make_frame();
      err = avcodec_receive_frame(dec.get(), f.get());
      if (err == AVERROR_EOF || err == AVERROR(EAGAIN)) break;
      if (err < 0) {
        if (failure.empty()) failure = av_error_text(err);
        break;
      }
      if ((f->flags & AV_FRAME_FLAG_CORRUPT) || f->decode_error_flags != 0) {
        if (failure.empty()) failure = "the decoder reported a damaged picture";
        continue;
      }
      if (!picture) picture = std::move(f);
    }
    avcodec_flush_buffers(dec.get());
    av_packet_unref(pkt.get());
    if (!picture) {
      ++stats.decode_failures;
      warn(fmt::format("skipping the keyframe at {:.3f} s, which does not decode: {}", t,
                       failure.empty() ? "no picture" : failure));
    }
    return picture;
  }

  Status deliver_sheet(int rows_used) {
    SF_ASSIGN_OR_RETURN(ByteBuffer jpeg, encode_jpeg(sheet.get(), rows_used * tile_h, opt.jpeg_quality));
    sheet.reset();
    sheet_cells = 0;
    const int index = sprite_count++;
    if (opt.on_sprite) return opt.on_sprite(index, std::move(jpeg)).with_context("thumbnail sprite sink");
    sprites.push_back(std::move(jpeg));
    return OkStatus();
  }

  Status place_tile(const AVFrame* picture, double t) {
    if (!sheet) {
      sheet = make_frame();
      sheet->width = opt.columns * tile_w;
      sheet->height = opt.rows * tile_h;
      sheet->format = AV_PIX_FMT_YUVJ420P;
      sheet->color_range = AVCOL_RANGE_JPEG;
      int err = av_frame_get_buffer(sheet.get(), 0);
      if (err < 0) return av_error_status(err, "allocating a sprite sheet");
      // Black (full range) for cells the last sheet leaves empty.
      fill_black(sheet->data, sheet->linesize, sheet->width, sheet->height, 8, true);
      stats.raw_sheets_peak = std::max<int64_t>(stats.raw_sheets_peak, 1);
    }
    SF_ASSIGN_OR_RETURN(FramePtr tile, tile_scaler->scale(picture));
    const int x = (sheet_cells % opt.columns) * tile_w;
    const int y = (sheet_cells / opt.columns) * tile_h;
    for (int p = 0; p < 3; ++p) {
      const int shift = p == 0 ? 0 : 1;
      const int w = tile_w >> shift, h = tile_h >> shift;
      uint8_t* dst = sheet->data[p] + static_cast<ptrdiff_t>(y >> shift) * sheet->linesize[p] + (x >> shift);
      av_image_copy_plane(dst, sheet->linesize[p], tile->data[p], tile->linesize[p], w, h);
    }
    tiles.push_back(Thumbnail{t, sprite_count, x, y});
    if (++sheet_cells == opt.columns * opt.rows) return deliver_sheet(opt.rows);
    return OkStatus();
  }

  Result<ByteBuffer> poster_jpeg(const AVFrame* picture) {
    SF_ASSIGN_OR_RETURN(FramePtr scaled, poster_scaler->scale(picture));
    return encode_jpeg(scaled.get(), poster_h, opt.jpeg_quality);
  }

  bool poster_pending_at(double t) const {
    for (size_t i = 0; i < posters.size(); ++i) {
      if (!poster_done[i] && posters[i].time_seconds <= t + kTimeEpsilon) return true;
    }
    return false;
  }
  bool any_poster_pending() const { return std::find(poster_done.begin(), poster_done.end(), false) != poster_done.end(); }

  // Fills every pending poster whose target `t` reaches (posters[i].time_seconds holds the
  // target until the poster is done).
  Status take_posters(const AVFrame* picture, double t, bool all) {
    ByteBuffer jpeg;
    for (size_t i = 0; i < posters.size(); ++i) {
      if (poster_done[i] || (!all && posters[i].time_seconds > t + kTimeEpsilon)) continue;
      if (jpeg.empty()) {
        SF_ASSIGN_OR_RETURN(jpeg, poster_jpeg(picture));
      }
      posters[i].time_seconds = t;
      posters[i].jpeg = jpeg;
      posters[i].width = poster_w;
      posters[i].height = poster_h;
      poster_done[i] = true;
    }
    return OkStatus();
  }

  Status add_candidate(const AVFrame* picture, double t) {
    Candidate c;
    c.kmin = next_candidate_k;
    c.kmax = multiples_reached(t, candidate_spacing);
    c.time = t;
    SF_ASSIGN_OR_RETURN(c.jpeg, poster_jpeg(picture));
    next_candidate_k = c.kmax + 1;
    candidates.push_back(std::move(c));
    // Full: double the spacing and keep the candidates that are the first keyframe at or after
    // a multiple of the new spacing (those whose range holds an even multiple).
    while (static_cast<int>(candidates.size()) > kMaxPosterCandidates) {
      candidate_spacing *= 2;
      std::vector<Candidate> kept;
      kept.reserve(candidates.size() / 2 + 1);
      for (Candidate& k : candidates) {
        if (k.kmin % 2 != 0 && k.kmax == k.kmin) continue;
        k.kmin = (k.kmin + 1) / 2;
        k.kmax /= 2;
        kept.push_back(std::move(k));
      }
      candidates = std::move(kept);
      next_candidate_k = (next_candidate_k + 1) / 2;
    }
    stats.poster_candidates = static_cast<int64_t>(candidates.size());
    return OkStatus();
  }

  Status add(const Packet& p) {
    if (finished) return FailedPreconditionError("ThumbnailCollector::add after finish()");
    ++stats.packets;
    const int64_t ts = p.pts != kNoTimestamp ? p.pts : p.dts;
    if (ts == kNoTimestamp || !p.time_base.positive()) return OkStatus();  // no place on the timeline
    const double abs_time = to_seconds(ts, p.time_base);
    if (!p.keyframe) {
      if (have_origin) end_seen = std::max(end_seen, abs_time - origin + to_seconds(std::max<int64_t>(p.duration, 0), p.time_base));
      return OkStatus();
    }
    ++stats.keyframes;
    if (!have_origin) {
      have_origin = true;
      origin = abs_time;
    }
    const double t = abs_time - origin;
    end_seen = std::max(end_seen, t + to_seconds(std::max<int64_t>(p.duration, 0), p.time_base));

    const bool want_tile = t + kTimeEpsilon >= static_cast<double>(next_tile_k) * opt.interval_seconds;
    const bool want_candidate = !known_duration && !opt.poster_fractions.empty() &&
                                t + kTimeEpsilon >= static_cast<double>(next_candidate_k) * candidate_spacing;
    const bool want_poster = known_duration && poster_pending_at(t);
    if (!want_tile && !want_candidate && !want_poster) return OkStatus();

    FramePtr picture = decode(p, ts, t);
    if (!picture) return OkStatus();  // skipped with a warning; the next keyframe fills in
    if (!geometry_known) set_geometry(picture->width, picture->height, to_rational(picture->sample_aspect_ratio));

    if (want_tile) {
      SF_RETURN_IF_ERROR(place_tile(picture.get(), t));
      next_tile_k = multiples_reached(t, opt.interval_seconds) + 1;
    }
    if (want_candidate) SF_RETURN_IF_ERROR(add_candidate(picture.get(), t));
    if (want_poster) SF_RETURN_IF_ERROR(take_posters(picture.get(), t, false));
    if (known_duration && any_poster_pending()) {
      last_frame = std::move(picture);
      last_frame_time = t;
    } else {
      last_frame.reset();
    }
    return OkStatus();
  }

  Result<ThumbnailResult> finish() {
    if (finished) return FailedPreconditionError("ThumbnailCollector::finish called twice");
    finished = true;
    ThumbnailResult r;
    r.columns = opt.columns;
    r.rows = opt.rows;
    r.interval_seconds = opt.interval_seconds;
    if (geometry_known) {
      r.tile_width = tile_w;
      r.tile_height = tile_h;
    }
    if (sheet && sheet_cells > 0) SF_RETURN_IF_ERROR(deliver_sheet((sheet_cells + opt.columns - 1) / opt.columns));
    sheet.reset();
    r.sprite_count = sprite_count;
    r.sprites = std::move(sprites);
    r.tiles = std::move(tiles);

    if (known_duration) {
      if (last_frame) SF_RETURN_IF_ERROR(take_posters(last_frame.get(), last_frame_time, true));
      last_frame.reset();
      for (size_t i = 0; i < posters.size(); ++i) {
        if (poster_done[i]) r.posters.push_back(std::move(posters[i]));
      }
    } else if (!candidates.empty()) {
      for (double fraction : opt.poster_fractions) {
        const double target = fraction * end_seen;
        const Candidate* best = &candidates.front();
        for (const Candidate& c : candidates) {
          if (std::abs(c.time - target) < std::abs(best->time - target)) best = &c;
        }
        r.posters.push_back(ThumbnailResult::Poster{fraction, best->time, best->jpeg, poster_w, poster_h});
      }
      candidates.clear();
    }
    if (stats.decode_failures > 0) {
      SF_LOG_WARN("thumbnails: {} keyframes were skipped as undecodable ({} sent to the decoder)", stats.decode_failures, stats.decoded);
    }
    return r;
  }
};

ThumbnailCollector::ThumbnailCollector() : impl_(std::make_unique<Impl>()) {}
ThumbnailCollector::~ThumbnailCollector() = default;

Result<std::unique_ptr<ThumbnailCollector>> ThumbnailCollector::create(const StreamInfo& video,
                                                                       const ThumbnailOptions& options) {
  SF_RETURN_IF_ERROR(validate(options));
  if (video.type != MediaType::kVideo && video.type != MediaType::kUnknown)
    return InvalidArgumentError("thumbnails need a video stream, not " + std::string(media_type_name(video.type)));
  const AVCodec* codec = find_decoder(video.codec);
  if (!codec) {
    const std::string name = video.codec == Codec::kOther || video.codec == Codec::kUnknown ? video.codec_name
                                                                                           : std::string(codec_name(video.codec));
    return UnimplementedError("thumbnails: no decoder for '" + name +
                              "' (H.264, HEVC, VP9 and AV1 are supported, as far as this FFmpeg build decodes them)");
  }
  if ((video.codec == Codec::kH264 || video.codec == Codec::kHevc) && video.extradata.empty()) {
    return InvalidArgumentError(std::string("length-prefixed ") + std::string(codec_name(video.codec)) +
                                    " needs its configuration record (avcC/hvcC) to decode",
                                "extradata");
  }
  install_ffmpeg_log_bridge();

  std::unique_ptr<ThumbnailCollector> c(new ThumbnailCollector());
  Impl& m = *c->impl_;
  m.opt = options;
  m.info = video;
  m.dec.reset(avcodec_alloc_context3(codec));
  if (!m.dec) return ResourceExhaustedError("allocating a thumbnail decoder");
  AVCodecContext* d = m.dec.get();
  d->codec_type = AVMEDIA_TYPE_VIDEO;
  d->codec_id = codec->id;
  d->width = video.width;
  d->height = video.height;
  d->sample_aspect_ratio = to_av(video.sample_aspect_ratio);
  d->pkt_timebase = to_av(video.time_base);
  // Keyframes are decoded one at a time and drained: frame threads would only add latency.
  d->thread_count = 1;
  d->thread_type = FF_THREAD_SLICE;
  d->max_pixels = kMaxPicturePixels;  // a huge picture is a skipped keyframe, not gigabytes
  // VP9's vpcC is not what its decoders take as extradata; H.264/HEVC/AV1 read their records.
  if (video.codec != Codec::kVp9 && !video.extradata.empty()) {
    const size_t n = video.extradata.size();
    d->extradata = static_cast<uint8_t*>(av_mallocz(n + AV_INPUT_BUFFER_PADDING_SIZE));
    if (!d->extradata) return ResourceExhaustedError("allocating decoder extradata");
    std::memcpy(d->extradata, video.extradata.data(), n);
    d->extradata_size = static_cast<int>(n);
  }
  int err = avcodec_open2(d, codec, nullptr);
  if (err < 0) return av_error_status(err, std::string("opening the thumbnail decoder ") + codec->name);

  if (video.width > 0 && video.height > 0) m.set_geometry(video.width, video.height, video.sample_aspect_ratio);
  m.known_duration = options.expected_duration_seconds > 0;
  m.candidate_spacing = options.interval_seconds;
  if (m.known_duration) {
    for (double f : options.poster_fractions) {
      // time_seconds holds the target until the poster is taken.
      m.posters.push_back(ThumbnailResult::Poster{f, f * options.expected_duration_seconds, {}, 0, 0});
    }
    m.poster_done.assign(m.posters.size(), false);
  }
  return c;
}

Status ThumbnailCollector::add(const Packet& packet) { return impl_->add(packet); }
Result<ThumbnailResult> ThumbnailCollector::finish() { return impl_->finish(); }
ThumbnailCollector::Stats ThumbnailCollector::stats() const { return impl_->stats; }

}  // namespace streamforge::av

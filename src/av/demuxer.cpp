#include "av/demuxer.h"

#include "av/input_checks.h"

namespace streamforge::av {

int Demuxer::interrupt_cb(void* opaque) {
  return static_cast<Demuxer*>(opaque)->cancel_.cancelled() ? 1 : 0;
}

Result<std::unique_ptr<Demuxer>> Demuxer::open(const std::string& path, CancelToken cancel) {
  install_ffmpeg_log_bridge();
  SF_RETURN_IF_ERROR(check_input_file(path));
  std::unique_ptr<Demuxer> d(new Demuxer());
  d->path_ = path;
  d->cancel_ = std::move(cancel);

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) return ResourceExhaustedError("out of memory allocating a demuxer");
  raw->interrupt_callback.callback = &Demuxer::interrupt_cb;
  raw->interrupt_callback.opaque = d.get();
  int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);  // frees raw on failure
  if (err < 0) {
    if (err == AVERROR_INVALIDDATA) {
      return InvalidArgumentError("not a recognised media file (no demuxer understands its bytes): " + path);
    }
    if (d->cancel_.cancelled()) return CancelledError();
    return av_error_status(err, "opening " + path);
  }
  d->ctx_.reset(raw);
  err = avformat_find_stream_info(raw, nullptr);
  if (err < 0) {
    if (d->cancel_.cancelled()) return CancelledError();
    return av_error_status(err, "reading stream info of " + path).with_context("corrupt input");
  }
  if (raw->nb_streams == 0) return InvalidArgumentError("no audio or video streams in " + path);
  return d;
}

int Demuxer::best_stream(AVMediaType type) const {
  int idx = av_find_best_stream(ctx_.get(), type, -1, -1, nullptr, 0);
  if (idx < 0) return -1;
  // Cover art is a video stream of one still picture: never the video of a title.
  if (ctx_->streams[idx]->disposition & AV_DISPOSITION_ATTACHED_PIC) {
    for (unsigned i = 0; i < ctx_->nb_streams; ++i) {
      auto* s = ctx_->streams[i];
      if (s->codecpar->codec_type == type && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC)) return static_cast<int>(i);
    }
    return -1;
  }
  return idx;
}

Result<bool> Demuxer::read(AVPacket* pkt) {
  int err = av_read_frame(ctx_.get(), pkt);
  if (err == AVERROR_EOF) return false;
  if (err < 0) {
    if (cancel_.cancelled() || err == AVERROR_EXIT) return CancelledError();
    return av_error_status(err, "reading " + path_);
  }
  return true;
}

Status Demuxer::seek(int stream_index, int64_t ts) {
  int err = av_seek_frame(ctx_.get(), stream_index, ts, AVSEEK_FLAG_BACKWARD);
  if (err < 0) return av_error_status(err, "seeking in " + path_);
  return OkStatus();
}

Status Demuxer::seek_to_start() {
  int err = avformat_seek_file(ctx_.get(), -1, INT64_MIN, INT64_MIN, INT64_MIN, 0);
  if (err < 0) err = av_seek_frame(ctx_.get(), -1, 0, AVSEEK_FLAG_BYTE);
  if (err < 0) return av_error_status(err, "seeking to the start of " + path_);
  return OkStatus();
}

}  // namespace streamforge::av

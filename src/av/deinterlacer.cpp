#include "av/deinterlacer.h"

#include <string>

namespace streamforge::av {

Status Deinterlacer::configure(const AVFrame& first) {
  graph_.reset(avfilter_graph_alloc());
  if (!graph_) return ResourceExhaustedError("out of memory creating the deinterlacing filter graph");
  AVRational sar = first.sample_aspect_ratio.num > 0 ? first.sample_aspect_ratio : AVRational{1, 1};
  std::string args = "video_size=" + std::to_string(first.width) + "x" + std::to_string(first.height) +
                     ":pix_fmt=" + std::to_string(first.format) + ":time_base=" + std::to_string(time_base_.num) + "/" +
                     std::to_string(time_base_.den) + ":pixel_aspect=" + std::to_string(sar.num) + "/" +
                     std::to_string(sar.den);
  int err = avfilter_graph_create_filter(&source_, avfilter_get_by_name("buffer"), "in", args.c_str(), nullptr,
                                         graph_.get());
  if (err < 0) return av_error_status(err, "creating the deinterlacer's input");
  err = avfilter_graph_create_filter(&sink_, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, graph_.get());
  if (err < 0) return av_error_status(err, "creating the deinterlacer's output");
  // mode=send_frame: one frame out per frame in. parity=auto: the field order each frame carries.
  const std::string bwdif = std::string("mode=send_frame:parity=auto:deint=") + (only_flagged_ ? "interlaced" : "all");
  AVFilterContext* filter = nullptr;
  err = avfilter_graph_create_filter(&filter, avfilter_get_by_name("bwdif"), "deinterlace", bwdif.c_str(), nullptr,
                                     graph_.get());
  if (err < 0) return av_error_status(err, "creating the bwdif deinterlacer");
  if ((err = avfilter_link(source_, 0, filter, 0)) < 0 || (err = avfilter_link(filter, 0, sink_, 0)) < 0) {
    return av_error_status(err, "linking the deinterlacer");
  }
  err = avfilter_graph_config(graph_.get(), nullptr);
  if (err < 0) {
    graph_.reset();
    // bwdif refuses pictures under 3x4 and formats it cannot convert to.
    return av_error_status(err, "configuring the deinterlacer for " + std::to_string(first.width) + "x" +
                                    std::to_string(first.height) + " " +
                                    (av_get_pix_fmt_name(static_cast<AVPixelFormat>(first.format))
                                         ? av_get_pix_fmt_name(static_cast<AVPixelFormat>(first.format))
                                         : "?") +
                                    " (set the ladder's deinterlace to off)");
  }
  width_ = first.width;
  height_ = first.height;
  format_ = first.format;
  return OkStatus();
}

Status Deinterlacer::drain_sink() {
  for (;;) {
    FramePtr out = make_frame();
    int err = av_buffersink_get_frame(sink_, out.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
    if (err < 0) return av_error_status(err, "deinterlacing");
    // bwdif halves the time base (room for field-rate output); the reader's frames stay in the
    // stream's, where the GOP clock and the encoders expect them.
    const AVRational sink_tb = av_buffersink_get_time_base(sink_);
    if (out->pts != AV_NOPTS_VALUE) out->pts = av_rescale_q(out->pts, sink_tb, time_base_);
    out->pkt_duration = av_rescale_q(out->pkt_duration, sink_tb, time_base_);
    ready_.push_back(std::move(out));
  }
}

Status Deinterlacer::send(FramePtr frame) {
  // A change of picture size or format mid-stream (spliced sources): finish the old graph first.
  if (graph_ && (frame->width != width_ || frame->height != height_ || frame->format != format_)) {
    SF_RETURN_IF_ERROR(flush());
  }
  if (!graph_) SF_RETURN_IF_ERROR(configure(*frame));
  int err = av_buffersrc_add_frame_flags(source_, frame.get(), AV_BUFFERSRC_FLAG_KEEP_REF);
  if (err < 0) return av_error_status(err, "deinterlacing");
  return drain_sink();
}

Status Deinterlacer::flush() {
  if (!graph_) return OkStatus();
  int err = av_buffersrc_add_frame_flags(source_, nullptr, 0);
  if (err < 0) return av_error_status(err, "flushing the deinterlacer");
  Status st = drain_sink();
  graph_.reset();
  source_ = sink_ = nullptr;
  return st;
}

void Deinterlacer::reset() {
  graph_.reset();
  source_ = sink_ = nullptr;
  ready_.clear();
}

Result<FramePtr> Deinterlacer::receive() {
  if (ready_.empty()) return FramePtr();
  FramePtr f = std::move(ready_.front());
  ready_.pop_front();
  return f;
}

}  // namespace streamforge::av

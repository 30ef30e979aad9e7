#include "av/frame_filter.h"

#include <string>

namespace streamforge::av {

Status FrameFilter::configure(const AVFrame& first) {
  graph_.reset(avfilter_graph_alloc());
  if (!graph_) return ResourceExhaustedError("out of memory creating the " + what_ + " filter graph");
  AVRational sar = first.sample_aspect_ratio.num > 0 ? first.sample_aspect_ratio : AVRational{1, 1};
  std::string args = "video_size=" + std::to_string(first.width) + "x" + std::to_string(first.height) +
                     ":pix_fmt=" + std::to_string(first.format) + ":time_base=" + std::to_string(time_base_.num) + "/" +
                     std::to_string(time_base_.den) + ":pixel_aspect=" + std::to_string(sar.num) + "/" +
                     std::to_string(sar.den);
  if (frame_rate_.num > 0 && frame_rate_.den > 0) {
    args += ":frame_rate=" + std::to_string(frame_rate_.num) + "/" + std::to_string(frame_rate_.den);
  }
  int err = avfilter_graph_create_filter(&source_, avfilter_get_by_name("buffer"), "in", args.c_str(), nullptr,
                                         graph_.get());
  if (err < 0) return av_error_status(err, "creating the " + what_ + " input");
  err = avfilter_graph_create_filter(&sink_, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, graph_.get());
  if (err < 0) return av_error_status(err, "creating the " + what_ + " output");
  // The chain goes between "in" and "out": its open input is fed by the buffer source, its open
  // output feeds the sink.
  AVFilterInOut* outputs = avfilter_inout_alloc();
  AVFilterInOut* inputs = avfilter_inout_alloc();
  if (!outputs || !inputs) {
    avfilter_inout_free(&outputs);
    avfilter_inout_free(&inputs);
    return ResourceExhaustedError("out of memory creating the " + what_ + " filter graph");
  }
  outputs->name = av_strdup("in");
  outputs->filter_ctx = source_;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = sink_;
  err = avfilter_graph_parse_ptr(graph_.get(), description_.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&outputs);
  avfilter_inout_free(&inputs);
  if (err >= 0) err = avfilter_graph_config(graph_.get(), nullptr);
  if (err < 0) {
    graph_.reset();
    // bwdif refuses pictures under 3x4; any filter refuses formats it cannot convert to.
    const char* fmt = av_get_pix_fmt_name(static_cast<AVPixelFormat>(first.format));
    return av_error_status(err, "configuring " + what_ + " for " + std::to_string(first.width) + "x" +
                                    std::to_string(first.height) + " " + (fmt ? fmt : "?") + " (" + off_hint_ + ")");
  }
  width_ = first.width;
  height_ = first.height;
  format_ = first.format;
  return OkStatus();
}

Status FrameFilter::drain_sink() {
  for (;;) {
    FramePtr out = make_frame();
    int err = av_buffersink_get_frame(sink_, out.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return OkStatus();
    if (err < 0) return av_error_status(err, what_);
    // bwdif halves the time base (room for field-rate output); the caller says which time base
    // its frames live in (the stream's, where the GOP clock and the encoders expect them, or
    // half of it for field-rate output).
    const AVRational sink_tb = av_buffersink_get_time_base(sink_);
    if (out->pts != AV_NOPTS_VALUE) out->pts = av_rescale_q(out->pts, sink_tb, output_time_base_);
    out->pkt_duration = av_rescale_q(out->pkt_duration, sink_tb, output_time_base_);
    ready_.push_back(std::move(out));
  }
}

Status FrameFilter::send(FramePtr frame) {
  // A change of picture size or format mid-stream (spliced sources): finish the old graph first.
  if (graph_ && (frame->width != width_ || frame->height != height_ || frame->format != format_)) {
    SF_RETURN_IF_ERROR(flush());
  }
  if (!graph_) SF_RETURN_IF_ERROR(configure(*frame));
  int err = av_buffersrc_add_frame_flags(source_, frame.get(), AV_BUFFERSRC_FLAG_KEEP_REF);
  if (err < 0) return av_error_status(err, what_);
  return drain_sink();
}

Status FrameFilter::flush() {
  if (!graph_) return OkStatus();
  int err = av_buffersrc_add_frame_flags(source_, nullptr, 0);
  if (err < 0) return av_error_status(err, "flushing " + what_);
  Status st = drain_sink();
  graph_.reset();
  source_ = sink_ = nullptr;
  return st;
}

void FrameFilter::reset() {
  graph_.reset();
  source_ = sink_ = nullptr;
  ready_.clear();
}

Result<FramePtr> FrameFilter::receive() {
  if (ready_.empty()) return FramePtr();
  FramePtr f = std::move(ready_.front());
  ready_.pop_front();
  return f;
}

}  // namespace streamforge::av

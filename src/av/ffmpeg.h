// Private: the one place FFmpeg headers are included, plus RAII owners and error mapping.
// Only src/av/*.cpp may include this file (see DESIGN.md: av/ is the FFmpeg boundary).
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/mastering_display_metadata.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>
#include <string_view>

#include "streamforge/core/rational.h"
#include "streamforge/core/status.h"

namespace streamforge::av {

struct AVFormatInputDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct AVCodecContextDeleter {
  void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct AVFrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct AVPacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsContextDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct SwrContextDeleter {
  void operator()(SwrContext* s) const { swr_free(&s); }
};
struct AVAudioFifoDeleter {
  void operator()(AVAudioFifo* f) const { av_audio_fifo_free(f); }
};
struct AVFilterGraphDeleter {
  void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};

using FormatInputPtr = std::unique_ptr<AVFormatContext, AVFormatInputDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, AVCodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, AVFrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, AVPacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrContextDeleter>;
using AudioFifoPtr = std::unique_ptr<AVAudioFifo, AVAudioFifoDeleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, AVFilterGraphDeleter>;

inline FramePtr make_frame() { return FramePtr(av_frame_alloc()); }
inline PacketPtr make_packet() { return PacketPtr(av_packet_alloc()); }

// FFmpeg's error text for an AVERROR code ("Invalid data found when processing input").
std::string av_error_text(int err);

// Map an AVERROR to a Status with the operation as context: "decoding video: Invalid data ...".
Status av_error_status(int err, std::string_view what);

inline Rational to_rational(AVRational r) { return {r.num, r.den}; }
inline AVRational to_av(Rational r) {
  return AVRational{static_cast<int>(r.num), static_cast<int>(r.den)};
}

// Route FFmpeg's own log lines into streamforge's logger (once per process).
void install_ffmpeg_log_bridge();

}  // namespace streamforge::av

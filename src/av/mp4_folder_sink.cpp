#include "streamforge/av/mp4_folder_sink.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "av/ffmpeg.h"
#include "av/hdr_side_data.h"
#include "av/stream_mapping.h"
#include "core/file_names.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;

struct OutFile {
  std::string name;
  fs::path partial_path, final_path;
  StreamInfo info;
  AVFormatContext* ctx = nullptr;
  int64_t packets = 0, bytes = 0, keyframes = 0;
  int64_t first_pts = kNoTimestamp, last_end = kNoTimestamp;
};

class Mp4FolderSink final : public PacketSink {
 public:
  Mp4FolderSink(fs::path folder, fs::path partial, Mp4FolderSinkOptions options, bool created_folder)
      : folder_(std::move(folder)), partial_(std::move(partial)), options_(options), created_folder_(created_folder) {}
  ~Mp4FolderSink() override {
    if (!finished_) on_abort(CancelledError("sink destroyed before on_end"));
  }

  Status on_stream(int index, const StreamInfo& info) override {
    if (index != static_cast<int>(files_.size())) return InternalError("streams must be announced in index order");
    OutFile f;
    f.name = info.name.empty() ? "stream" + std::to_string(index) : info.name;
    if (!is_plain_file_name(f.name)) return InvalidArgumentError("stream name '" + f.name + "' " + kPlainFileNameRule);
    f.info = info;
    f.partial_path = partial_ / (f.name + ".mp4");
    f.final_path = folder_ / (f.name + ".mp4");
    int err = avformat_alloc_output_context2(&f.ctx, nullptr, "mp4", f.partial_path.c_str());
    if (err < 0) return av::av_error_status(err, "creating MP4 muxer");
    AVStream* st = avformat_new_stream(f.ctx, nullptr);
    AVCodecParameters* par = st->codecpar;
    par->codec_type = info.type == MediaType::kVideo ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
    par->codec_id = av::codec_to_av(info.codec);
    if (par->codec_id == AV_CODEC_ID_NONE) return UnimplementedError("MP4 sink: unsupported codec " + info.codec_name);
    if (!info.extradata.empty()) {
      par->extradata = static_cast<uint8_t*>(av_mallocz(info.extradata.size() + AV_INPUT_BUFFER_PADDING_SIZE));
      std::memcpy(par->extradata, info.extradata.data(), info.extradata.size());
      par->extradata_size = static_cast<int>(info.extradata.size());
    }
    par->bit_rate = info.bitrate;
    if (info.type == MediaType::kVideo) {
      par->width = info.width;
      par->height = info.height;
      par->format = av_get_pix_fmt(info.pixel_format.c_str());
      par->sample_aspect_ratio = av::to_av(info.sample_aspect_ratio);
      const av::ColorEnums color = av::color_enums_from_names(info.color_primaries, info.color_transfer,
                                                              info.color_matrix, info.color_range);
      par->color_primaries = color.primaries;
      par->color_trc = color.transfer;
      par->color_space = color.matrix;
      par->color_range = color.range;
      SF_RETURN_IF_ERROR(av::attach_hdr_side_data(info, st));
      st->avg_frame_rate = av::to_av(info.frame_rate);
      // A 90 kHz-multiple timescale represents 23.976/29.97/25/30/60 fps exactly.
      st->time_base = AVRational{1, 90000};
    } else {
      par->sample_rate = info.sample_rate;
      av_channel_layout_default(&par->ch_layout, info.channels);
      par->frame_size = info.codec == Codec::kAac ? 1024 : 960;
      st->time_base = AVRational{1, info.sample_rate};
    }
    if (!info.language.empty()) av_dict_set(&st->metadata, "language", info.language.c_str(), 0);
    err = avio_open(&f.ctx->pb, f.partial_path.c_str(), AVIO_FLAG_WRITE);
    if (err < 0) return av::av_error_status(err, "creating " + f.partial_path.string());
    AVDictionary* opts = nullptr;
    if (options_.faststart) av_dict_set(&opts, "movflags", "+faststart", 0);
    err = avformat_write_header(f.ctx, &opts);
    av_dict_free(&opts);
    if (err < 0) return av::av_error_status(err, "writing MP4 header for " + f.name);
    files_.push_back(std::move(f));
    return OkStatus();
  }

  Status on_packet(const Packet& p) override {
    if (p.stream_index < 0 || p.stream_index >= static_cast<int>(files_.size())) return InternalError("packet for an unknown stream");
    OutFile& f = files_[static_cast<size_t>(p.stream_index)];
    AVPacket* pkt = av_packet_alloc();
    pkt->data = const_cast<uint8_t*>(p.data.data());  // not owned: av_write_frame copies what it keeps
    pkt->size = static_cast<int>(p.data.size());
    AVRational tb = av::to_av(p.time_base);
    AVRational st_tb = f.ctx->streams[0]->time_base;
    pkt->pts = p.pts == kNoTimestamp ? AV_NOPTS_VALUE : av_rescale_q(p.pts, tb, st_tb);
    pkt->dts = p.dts == kNoTimestamp ? AV_NOPTS_VALUE : av_rescale_q(p.dts, tb, st_tb);
    pkt->duration = av_rescale_q(p.duration, tb, st_tb);
    pkt->flags = p.keyframe ? AV_PKT_FLAG_KEY : 0;
    pkt->stream_index = 0;
    int err = av_write_frame(f.ctx, pkt);  // one stream per file: no interleaving needed
    av_packet_free(&pkt);
    if (err < 0) return av::av_error_status(err, "writing " + f.name + ".mp4");
    ++f.packets;
    f.bytes += static_cast<int64_t>(p.data.size());
    if (p.keyframe) ++f.keyframes;
    return OkStatus();
  }

  Status on_end() override {
    for (auto& f : files_) {
      int err = av_write_trailer(f.ctx);
      if (err < 0) return av::av_error_status(err, "finishing " + f.name + ".mp4");
      avio_closep(&f.ctx->pb);
    }
    // Publish: move every finished file into place, then write the summary last.
    std::error_code ec;
    for (auto& f : files_) {
      fs::rename(f.partial_path, f.final_path, ec);
      if (ec) return UnavailableError("moving " + f.name + ".mp4 into place: " + ec.message());
    }
    nlohmann::json j;
    j["streams"] = nlohmann::json::array();
    for (auto& f : files_) {
      j["streams"].push_back({{"name", f.name}, {"file", f.final_path.filename().string()},
                              {"type", std::string(media_type_name(f.info.type))},
                              {"codec", std::string(codec_name(f.info.codec))}, {"width", f.info.width},
                              {"height", f.info.height}, {"packets", f.packets}, {"bytes", f.bytes},
                              {"keyframes", f.keyframes}});
    }
    fs::path summary_tmp = partial_ / "streams.json";
    {
      std::ofstream out(summary_tmp);
      out << j.dump(2) << "\n";
      if (!out) return UnavailableError("writing streams.json");
    }
    fs::rename(summary_tmp, folder_ / "streams.json", ec);
    if (ec) return UnavailableError("publishing streams.json: " + ec.message());
    cleanup();
    finished_ = true;
    return OkStatus();
  }

  void on_abort(const Status&) override {
    cleanup();
    // A folder this job created goes too, so a failed job leaves nothing behind. remove() only
    // removes an empty directory: anything else someone put there stays.
    std::error_code ec;
    if (created_folder_) fs::remove(folder_, ec);
    finished_ = true;
  }

 private:
  void cleanup() {
    for (auto& f : files_) {
      if (f.ctx) {
        if (f.ctx->pb) avio_closep(&f.ctx->pb);
        avformat_free_context(f.ctx);
        f.ctx = nullptr;
      }
    }
    std::error_code ec;
    fs::remove_all(partial_, ec);
  }

  fs::path folder_, partial_;
  Mp4FolderSinkOptions options_;
  std::vector<OutFile> files_;
  bool created_folder_ = false;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<PacketSink>> make_mp4_folder_sink(const std::string& folder, const Mp4FolderSinkOptions& options) {
  av::install_ffmpeg_log_bridge();
  if (folder.empty()) return InvalidArgumentError("output folder is empty", "out");
  std::error_code ec;
  const bool created = fs::create_directories(folder, ec);
  if (ec) return PermissionDeniedError("cannot create output folder " + folder + ": " + ec.message());
  if (!fs::is_directory(folder)) return InvalidArgumentError("output path exists and is not a folder: " + folder, "out");
  static std::atomic<int> counter{0};
  fs::path partial = fs::path(folder) / (".partial-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(partial, ec);
  if (ec) return PermissionDeniedError("cannot write in " + folder + ": " + ec.message());
  return std::unique_ptr<PacketSink>(new Mp4FolderSink(folder, partial, options, created));
}

}  // namespace streamforge

#include "av/packet_source.h"

#include <fmt/format.h>

#include <deque>

#include "av/demuxer.h"
#include "av/stream_mapping.h"
#include "av/video_encoder.h"
#include "streamforge/media/nal.h"

extern "C" {
#include <libavcodec/bsf.h>
}

namespace streamforge::av {

namespace {
struct BsfDeleter {
  void operator()(AVBSFContext* c) const { av_bsf_free(&c); }
};
using BsfPtr = std::unique_ptr<AVBSFContext, BsfDeleter>;
}  // namespace

struct PacketSource::Impl {
  std::unique_ptr<Demuxer> demuxer;
  std::vector<int> kept_of_av;       // AVStream index -> kept index, -1 skipped
  std::vector<int> av_of_kept;
  std::vector<StreamInfo> streams;
  std::vector<bool> annexb;          // H.264/HEVC stored as Annex B (MPEG-TS, raw streams)
  std::vector<BsfPtr> adts_filters;  // AAC in ADTS -> raw + AudioSpecificConfig
  std::deque<Packet> buffered;
  PacketPtr pkt = make_packet();
  bool eof = false;

  Status init_stream(int av_index) {
    AVStream* st = demuxer->stream(av_index);
    StreamInfo info = stream_info_from_av(st);
    bool needs_adts_filter = false;
    if (info.codec == Codec::kH264 || info.codec == Codec::kHevc) {
      annexb.push_back(info.extradata.empty() || starts_with_start_code(info.extradata.view()));
      if (!info.extradata.empty()) {
        auto record = to_configuration_record(info.codec, info.extradata.view());
        if (!record.ok()) return record.status().with_context(fmt::format("stream {} codec configuration", av_index));
        info.extradata = *record;
      }
    } else {
      annexb.push_back(false);
      needs_adts_filter = info.codec == Codec::kAac && info.extradata.empty();
    }
    BsfPtr filter;
    if (needs_adts_filter) {
      const AVBitStreamFilter* f = av_bsf_get_by_name("aac_adtstoasc");
      AVBSFContext* ctx = nullptr;
      if (!f || av_bsf_alloc(f, &ctx) < 0) return InternalError("FFmpeg has no aac_adtstoasc filter");
      filter.reset(ctx);
      avcodec_parameters_copy(ctx->par_in, st->codecpar);
      ctx->time_base_in = st->time_base;
      int err = av_bsf_init(ctx);
      if (err < 0) return av_error_status(err, "setting up the ADTS filter");
    }
    adts_filters.push_back(std::move(filter));
    info.name.clear();
    streams.push_back(std::move(info));
    av_of_kept.push_back(av_index);
    return OkStatus();
  }

  // One packet from the file (after filters), or nullopt at the end.
  Result<std::optional<Packet>> read_one() {
    while (!eof) {
      SF_ASSIGN_OR_RETURN(bool got, demuxer->read(pkt.get()));
      if (!got) {
        eof = true;
        break;
      }
      int kept = pkt->stream_index < static_cast<int>(kept_of_av.size()) ? kept_of_av[pkt->stream_index] : -1;
      if (kept < 0) {
        av_packet_unref(pkt.get());
        continue;
      }
      if (auto& f = adts_filters[kept]) {
        int err = av_bsf_send_packet(f.get(), pkt.get());
        if (err < 0) return av_error_status(err, "filtering ADTS");
        err = av_bsf_receive_packet(f.get(), pkt.get());
        if (err == AVERROR(EAGAIN)) continue;
        if (err < 0) return av_error_status(err, "filtering ADTS");
        if (streams[kept].extradata.empty()) {
          // The filter announces the AudioSpecificConfig as new-extradata side data on its first
          // output packet (FFmpeg 5.1), or in par_out.
          size_t size = 0;
          const uint8_t* side = av_packet_get_side_data(pkt.get(), AV_PKT_DATA_NEW_EXTRADATA, &size);
          if (side && size > 0) {
            streams[kept].extradata = SharedBytes::copy_of(ByteView(side, size));
          } else if (f->par_out->extradata_size > 0) {
            streams[kept].extradata = SharedBytes::copy_of(
                ByteView(f->par_out->extradata, static_cast<size_t>(f->par_out->extradata_size)));
          }
        }
      }
      AVStream* st = demuxer->stream(pkt->stream_index);
      Packet p;
      p.stream_index = kept;
      p.time_base = {st->time_base.num, st->time_base.den};
      p.pts = pkt->pts == AV_NOPTS_VALUE ? kNoTimestamp : pkt->pts;
      p.dts = pkt->dts == AV_NOPTS_VALUE ? p.pts : pkt->dts;
      p.duration = pkt->duration;
      p.keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
      p.data = SharedBytes::copy_of(ByteView(pkt->data, static_cast<size_t>(pkt->size)));
      av_packet_unref(pkt.get());
      if (annexb[kept]) SF_RETURN_IF_ERROR(to_length_prefixed(streams[kept].codec, p));
      if (p.pts == kNoTimestamp) {
        return DataLossError(fmt::format("{}: a packet of stream {} has no timestamp", demuxer->path(), kept));
      }
      return std::optional<Packet>(std::move(p));
    }
    return std::optional<Packet>();
  }
};

PacketSource::PacketSource() : impl_(std::make_unique<Impl>()) {}
PacketSource::~PacketSource() = default;

Result<std::unique_ptr<PacketSource>> PacketSource::open(const std::string& path, CancelToken cancel) {
  auto source = std::unique_ptr<PacketSource>(new PacketSource());
  Impl& m = *source->impl_;
  SF_ASSIGN_OR_RETURN(m.demuxer, Demuxer::open(path, cancel));
  m.kept_of_av.assign(m.demuxer->stream_count(), -1);
  for (int i = 0; i < m.demuxer->stream_count(); ++i) {
    AVStream* st = m.demuxer->stream(i);
    auto type = st->codecpar->codec_type;
    if ((type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) || (st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      continue;
    }
    m.kept_of_av[i] = static_cast<int>(m.streams.size());
    SF_RETURN_IF_ERROR(m.init_stream(i));
  }
  if (m.streams.empty()) return InvalidArgumentError(fmt::format("'{}' has no video or audio stream to package", path));
  return source;
}

const std::vector<StreamInfo>& PacketSource::streams() const { return impl_->streams; }

Status PacketSource::prime() {
  Impl& m = *impl_;
  auto missing = [&] {
    for (size_t i = 0; i < m.streams.size(); ++i) {
      if (m.adts_filters[i] && m.streams[i].extradata.empty()) return true;
    }
    return false;
  };
  while (missing() && m.buffered.size() < 10000) {
    SF_ASSIGN_OR_RETURN(auto p, m.read_one());
    if (!p) break;
    m.buffered.push_back(std::move(*p));
  }
  if (missing()) return DataLossError(fmt::format("{}: no AAC frame to read the audio configuration from", m.demuxer->path()));
  return OkStatus();
}

Result<std::optional<Packet>> PacketSource::next() {
  Impl& m = *impl_;
  if (!m.buffered.empty()) {
    Packet p = std::move(m.buffered.front());
    m.buffered.pop_front();
    return std::optional<Packet>(std::move(p));
  }
  return m.read_one();
}

double PacketSource::duration_seconds() const {
  auto* ctx = impl_->demuxer->context();
  return ctx->duration > 0 ? static_cast<double>(ctx->duration) / AV_TIME_BASE : 0;
}

const std::string& PacketSource::path() const { return impl_->demuxer->path(); }

}  // namespace streamforge::av

#include "av/packet_source.h"

#include <fmt/format.h>

#include <algorithm>
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
  // Matroska leaves the first packets of a B-frame stream without a decode time. They wait here
  // until the stream's first real dts, then get dts counted back from it one frame at a time.
  std::vector<std::vector<Packet>> awaiting_dts;
  std::vector<int64_t> last_dts;   // per kept stream; kNoTimestamp before the first
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

  // Gives `p` a decode time. Returns the packets now ready, in order (possibly none while the
  // first decode time of a stream is still unknown).
  std::vector<Packet> settle_dts(Packet p, bool has_dts) {
    std::vector<Packet> ready;
    int s = p.stream_index;
    if (!has_dts) {
      if (last_dts[s] == kNoTimestamp) {
        awaiting_dts[s].push_back(std::move(p));
        return ready;
      }
      p.dts = std::min(p.pts, last_dts[s] + std::max<int64_t>(p.duration, 1));
    }
    if (!awaiting_dts[s].empty()) {
      auto& waiting = awaiting_dts[s];
      // One frame at the nominal rate (exact), else the packet's duration.
      int64_t step = std::max<int64_t>(p.duration, 1);
      if (Rational fr = streams[s].frame_rate; fr.positive()) {
        step = std::max<int64_t>(1, rescale(fr.den, Rational(1, fr.num), p.time_base));
      }
      for (size_t i = 0; i < waiting.size(); ++i) {
        int64_t back = static_cast<int64_t>(waiting.size() - i);
        waiting[i].dts = std::min(waiting[i].pts, p.dts - back * step);
        ready.push_back(std::move(waiting[i]));
      }
      waiting.clear();
    }
    last_dts[s] = p.dts;
    ready.push_back(std::move(p));
    return ready;
  }

  // At the end of the file: packets still waiting for a decode time use their pts.
  void release_awaiting() {
    for (auto& waiting : awaiting_dts) {
      for (Packet& p : waiting) {
        p.dts = p.pts;
        buffered.push_back(std::move(p));
      }
      waiting.clear();
    }
  }

  // The next packet with its decode time settled, or nullopt at the end.
  Result<std::optional<Packet>> read_settled() {
    while (buffered.empty()) {
      bool has_dts = false;
      SF_ASSIGN_OR_RETURN(auto p, read_one(&has_dts));
      if (!p) {
        release_awaiting();
        if (buffered.empty()) return std::optional<Packet>();
        break;
      }
      for (Packet& ready : settle_dts(std::move(*p), has_dts)) buffered.push_back(std::move(ready));
    }
    Packet p = std::move(buffered.front());
    buffered.pop_front();
    return std::optional<Packet>(std::move(p));
  }

  // One packet from the file (after filters), or nullopt at the end.
  Result<std::optional<Packet>> read_one(bool* has_dts) {
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
      *has_dts = pkt->dts != AV_NOPTS_VALUE;
      p.dts = *has_dts ? pkt->dts : kNoTimestamp;
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
  m.awaiting_dts.resize(m.streams.size());
  m.last_dts.assign(m.streams.size(), kNoTimestamp);
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
  std::deque<Packet> primed;
  while (missing() && primed.size() < 10000) {
    SF_ASSIGN_OR_RETURN(auto p, m.read_settled());
    if (!p) break;
    primed.push_back(std::move(*p));
  }
  for (auto it = primed.rbegin(); it != primed.rend(); ++it) m.buffered.push_front(std::move(*it));
  if (missing()) return DataLossError(fmt::format("{}: no AAC frame to read the audio configuration from", m.demuxer->path()));
  return OkStatus();
}

Result<std::optional<Packet>> PacketSource::next() { return impl_->read_settled(); }

double PacketSource::duration_seconds() const {
  auto* ctx = impl_->demuxer->context();
  return ctx->duration > 0 ? static_cast<double>(ctx->duration) / AV_TIME_BASE : 0;
}

const std::string& PacketSource::path() const { return impl_->demuxer->path(); }

}  // namespace streamforge::av

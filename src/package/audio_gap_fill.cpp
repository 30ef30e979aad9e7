#include "package/audio_gap_fill.h"

#include <limits>

#include "media/sound_gap_limits.h"
#include "package/silent_aac.h"
#include "package/silent_opus.h"
#include "streamforge/core/rational.h"
#include "streamforge/media/audio_specific_config.h"
#include "streamforge/media/opus_head.h"
#include "streamforge/media/opus_packet.h"

namespace streamforge::package {
namespace {

// Opus always codes for a 48 kHz clock (RFC 7845 §5.1), whatever the track's timescale.
const Rational kOpusClock(1, 48000);

}  // namespace

AudioGapFill::AudioGapFill(const StreamInfo& info, uint32_t timescale) : timescale_(timescale), codec_(info.codec) {
  if (info.codec == Codec::kOpus) {
    init_opus(info);
    return;
  }
  if (info.codec != Codec::kAac) {
    why_not_ = "only AAC and Opus silence can be made without encoding; this track is " +
               (info.codec_name.empty() ? std::string("neither") : info.codec_name);
    return;
  }
  Result<AudioSpecificConfig> asc = AudioSpecificConfig::parse(info.extradata.view());
  if (!asc.ok()) {
    why_not_ = "its AudioSpecificConfig does not parse: " + asc.status().message();
    return;
  }
  // Every frame codes 1024 (or 960) samples at the core rate, HE-AAC's too: known even where no
  // silence can be made, so that holes still show (and are reported).
  const int64_t samples = asc->frame_length_flag ? 960 : 1024;
  frame_ticks_ = rescale(samples, Rational(1, static_cast<int64_t>(asc->core_sample_rate())), Rational(1, timescale_));
  if (frame_ticks_ <= 0) {
    why_not_ = "the AAC frame is shorter than one tick of the track's clock";
    return;
  }
  // HE-AAC without SBR signalled in the config (implicit) shows as a stream rate twice the core's.
  if (asc->sbr_present_flag != 1 && info.sample_rate > 0 &&
      static_cast<uint32_t>(info.sample_rate) == 2 * asc->core_sample_rate()) {
    why_not_ = "no silent AAC frame for HE-AAC (implicit SBR)";
    return;
  }
  Result<ByteBuffer> frame = silent_aac_frame(*asc);
  if (!frame.ok()) {
    why_not_ = frame.status().message();
    return;
  }
  silence_ = SharedBytes(std::move(*frame));
}

void AudioGapFill::init_opus(const StreamInfo& info) {
  Result<OpusHead> head = OpusHead::parse(info.extradata.view());
  if (!head.ok()) {
    why_not_ = "its OpusHead does not parse: " + head.status().message();
    return;
  }
  Result<ByteBuffer> packet = silent_opus_packet(*head);
  if (!packet.ok()) {
    why_not_ = "no silent Opus packet: " + packet.status().message();
    return;
  }
  frame_ticks_ = rescale(kSilentOpusSamples, kOpusClock, Rational(1, timescale_));
  if (frame_ticks_ <= 0) {
    why_not_ = "the Opus packet is shorter than one tick of the track's clock";
    return;
  }
  silence_ = SharedBytes(std::move(*packet));
}

int64_t AudioGapFill::sound_ticks(const MediaSample& s) const {
  if (codec_ == Codec::kAac) return frame_ticks_;
  if (codec_ == Codec::kOpus) {
    Result<int> samples = opus_packet_samples(s.data.view());
    if (samples.ok()) return rescale(*samples, kOpusClock, Rational(1, timescale_));
  }
  return 0;
}

void AudioGapFill::leave(int64_t from, int64_t ticks) {
  // Saturating: a hostile file's holes can add up past int64.
  unfilled_ = ticks > std::numeric_limits<int64_t>::max() - unfilled_ ? std::numeric_limits<int64_t>::max()
                                                                       : unfilled_ + ticks;
  if (ticks > longest_unfilled_) {
    longest_unfilled_ = ticks;
    longest_unfilled_at_ = from;
  }
}

std::vector<MediaSample> AudioGapFill::fill(int64_t from, int64_t to, bool at_end, int64_t decode_extra) {
  std::vector<MediaSample> out;
  // from >= 0 (an end on the title timeline), so to - from cannot overflow once to > from; the
  // limits are checked before anything is added to the hole (hostile timestamps can be huge).
  if (to <= from) return out;
  const int64_t hole = to - from;
  if (hole < timescale_ / SoundGapLimits::kMinGapDivisor) return out;
  if (!can_fill() || hole > int64_t{SoundGapLimits::kMaxGapSeconds} * timescale_ ||
      filled_ + hole > int64_t{SoundGapLimits::kMaxTotalSeconds} * timescale_) {
    leave(from, hole);
    return out;
  }
  const int64_t frames = at_end ? (hole + frame_ticks_ - 1) / frame_ticks_ : hole / frame_ticks_;
  out.reserve(static_cast<size_t>(frames));
  for (int64_t i = 0; i < frames; ++i) {
    MediaSample s;
    s.data = silence_;
    s.pts = from + i * frame_ticks_;
    s.dts = s.pts + decode_extra;
    s.decode_extra = decode_extra;
    s.duration = frame_ticks_;
    s.sync = true;
    out.push_back(std::move(s));
  }
  filled_ += frames * frame_ticks_;
  return out;
}

}  // namespace streamforge::package

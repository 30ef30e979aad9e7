#include "transcode/encoder_setup.h"

#include <cmath>

namespace streamforge {

Rational gop_rational(const LadderSpec& spec) { return rational_from_double(spec.gop_seconds, 1000); }

int gop_frames(const LadderSpec& spec, Rational frame_rate) {
  double fps = frame_rate.positive() ? frame_rate.to_double() : 30.0;
  return std::max(1, static_cast<int>(std::lround(spec.gop_seconds * fps)));
}

av::VideoEncoderConfig video_encoder_config(const ResolvedRung& rung, const LadderSpec& spec,
                                            const StreamInfo& source, int threads) {
  av::VideoEncoderConfig c;
  c.codec = rung.spec.codec;
  c.encoder = rung.encoder;
  c.width = rung.width;
  c.height = rung.height;
  c.bit_depth = rung.spec.bit_depth;
  c.time_base = source.time_base;
  c.frame_rate = rung.frame_rate.positive() ? rung.frame_rate : Rational{30, 1};
  c.gop_frames = gop_frames(spec, c.frame_rate);
  c.scene_cut = spec.scene_cut_keyframes;
  c.bitrate_kbps = rung.spec.bitrate_kbps;
  c.maxrate_kbps = rung.spec.maxrate_kbps;
  c.bufsize_kbps = rung.spec.bufsize_kbps;
  c.crf = rung.spec.crf;
  c.preset = rung.spec.preset;
  c.speed = rung.spec.speed;
  c.profile = rung.spec.profile;
  c.level = rung.spec.level;
  c.threads = rung.spec.threads > 0 ? rung.spec.threads : threads;
  if (rung.tone_map) {
    // Tone-mapped to SDR (see ToneMap): BT.709 throughout, no HDR metadata.
    c.color_primaries = c.color_transfer = c.color_matrix = "bt709";
    c.color_range = "tv";
    return c;
  }
  // Without tone mapping (10-bit rungs, or tone_map off) the rung is tagged as the source says.
  c.color_primaries = source.color_primaries;
  c.color_transfer = source.color_transfer;
  c.color_matrix = source.color_matrix;
  c.color_range = "tv";  // the scaler delivers limited range from any source (video_scaler.h)
  c.mastering_display = source.mastering_display;
  c.content_light_level = source.content_light_level;
  return c;
}

av::AudioEncoderConfig audio_encoder_config(const ResolvedAudio& audio, double source_start_seconds) {
  av::AudioEncoderConfig c;
  c.codec = audio.spec.codec;
  c.encoder = audio.encoder;
  c.bitrate_kbps = audio.spec.bitrate_kbps;
  c.channels = audio.spec.channels;
  c.sample_rate = audio.sample_rate;
  c.language = audio.spec.language;
  c.start_seconds = source_start_seconds;
  return c;
}

double picture_end_seconds(int64_t pts, Rational time_base, Rational frame_rate) {
  const double frame = frame_rate.positive() ? 1.0 / frame_rate.to_double() : 0.0;
  return static_cast<double>(pts) * time_base.to_double() + frame;
}

}  // namespace streamforge

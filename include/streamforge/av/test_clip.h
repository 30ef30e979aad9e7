// Synthetic test clips: what the quick-start demo, the tests and the benchmarks feed the engine,
// so none of them needs a media file from outside. Built from FFmpeg's lavfi sources (testsrc2,
// a sine tone), encoded with real encoders, muxed by libavformat.
#pragma once

#include <string>
#include <vector>

#include "streamforge/core/rational.h"
#include "streamforge/core/status.h"
#include "streamforge/media/codec.h"
#include "streamforge/media/hdr_metadata.h"

namespace streamforge {

struct TestClipSpec {
  double duration_seconds = 2.0;
  // Where the container's timeline starts (the muxer's output_ts_offset). Broadcast and camera
  // MPEG-TS rarely start at 0; in a .ts a start within a few seconds below 95443.7 s (2^33 ticks
  // of 90 kHz) makes the 33-bit timestamps wrap mid-clip, as a long-running capture does.
  double start_seconds = 0;

  // Video (set video = false for an audio-only clip)
  bool video = true;
  int width = 320;
  int height = 240;
  Rational frame_rate{30, 1};
  Codec video_codec = Codec::kH264;  // h264 | hevc | vp9 | av1
  // Any FFmpeg video encoder by name, overriding video_codec (e.g. "ffv1" for odd sizes:
  // libvpx and libaom over-read odd-sized input buffers, found by AddressSanitizer).
  std::string video_encoder;
  int bit_depth = 8;                 // 8 or 10 (10: hevc/vp9/av1 only)
  int crf = 23;
  std::string preset = "ultrafast";  // x264/x265 preset; vpx/aom use their fastest speed
  int gop_frames = 0;                // 0 = 2 s
  Rational sample_aspect_ratio{1, 1};
  int rotation = 0;                  // clockwise degrees written in the display matrix: 0/90/180/270
  bool variable_frame_rate = false;  // drop frames irregularly so frame spacing varies
  // A picture that stops for a while, as a browser recording does while its tab is hidden: no
  // video frames from pause_at_seconds for pause_seconds (the pattern's clock runs on, the audio
  // plays through). A hole the file was written with, for tests that must not call it damage.
  double pause_at_seconds = 0;
  double pause_seconds = 0;  // 0: no pause
  // Interlaced, top field first, as a 1080i50 camera records: the pattern runs at twice
  // frame_rate and each frame weaves two moments, one per field; coded as interlaced (H.264
  // MBAFF, or any named encoder that supports it) with the field order in the container. HEVC
  // is field-coded as broadcast 1080i HEVC is: each field its own half-height picture (x265
  // interlace=tff: SPS field_seq_flag, pic_struct in SEI), nothing about fields in the container.
  bool interlaced = false;
  // Film on interlaced TV (3:2 pulldown, "hard telecine"): the pattern runs at 4/5 of frame_rate
  // (23.976 for 29.97) and FFmpeg's telecine filter spreads every 4 film frames over 5 interlaced
  // ones (2 of the 5 weave fields of two film frames); coded as interlaced, top field first.
  // Implies interlaced coding (the pattern rate rule above does not apply).
  bool telecine = false;
  // "" | "hdr10" | "hlg": BT.2020 colour tags (use bit_depth 10). hdr10 clips also carry static
  // metadata (test_clip_mastering_display / test_clip_content_light_level) in the container and,
  // for HEVC, in SEI.
  std::string hdr;
  // Full-range ("JPEG", 0..255) samples, tagged so, as phones and MJPEG cameras record (not with hdr).
  bool full_range = false;
  // Any lavfi video source expression; {w} {h} {r} {d} are replaced. Default: testsrc2 (moving
  // patterns and a frame counter). "mandelbrot" or "cellauto" give harder-to-encode content.
  std::string pattern = "testsrc2=size={w}x{h}:rate={r}:duration={d}";

  // Audio (set audio = false for a video-only clip)
  bool audio = true;
  Codec audio_codec = Codec::kAac;   // aac | opus
  int sample_rate = 48000;
  int channels = 2;
  std::string language;              // ISO 639-2 tag for the audio stream, "" for none
  // A dubbed title: one audio stream per entry, tagged with it (overrides `language`); stream i
  // plays a (i + 1) x 440 Hz tone, so tests can tell which one a rendition was made from.
  std::vector<std::string> audio_languages;
};

// Writes the clip to `path`; the container follows the extension (.mp4 .mov .mkv .webm .ts).
// Thread-safe.
Status make_test_clip(const TestClipSpec& spec, const std::string& path);

// The static HDR10 metadata of hdr10 test clips.
MasteringDisplay test_clip_mastering_display();
ContentLightLevel test_clip_content_light_level();

}  // namespace streamforge

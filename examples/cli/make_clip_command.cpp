#include <cmath>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "streamforge/av/test_clip.h"

namespace streamforge::cli {

Runner add_make_clip_command(CLI::App& app) {
  struct Options {
    std::string path, video_codec = "h264", audio_codec = "aac";
    double fps = 30;
    bool no_video = false, no_audio = false;
    TestClipSpec spec;
  };
  auto o = std::make_shared<Options>();
  app.add_option("file", o->path, "output file (.mp4 .mkv .mov .webm .ts)")->required();
  app.add_option("--width", o->spec.width)->capture_default_str();
  app.add_option("--height", o->spec.height)->capture_default_str();
  app.add_option("--duration", o->spec.duration_seconds, "seconds")->capture_default_str();
  app.add_option("--start", o->spec.start_seconds,
                 "seconds where the container's timeline starts (.ts: 95440 makes its timestamps wrap mid-clip)")
      ->capture_default_str();
  app.add_option("--fps", o->fps, "frame rate (29.97 and 23.976 become 30000/1001 and 24000/1001)")->capture_default_str();
  app.add_option("--codec", o->video_codec, "h264|hevc|vp9|av1")->capture_default_str();
  app.add_option("--audio-codec", o->audio_codec, "aac|opus")->capture_default_str();
  app.add_option("--bit-depth", o->spec.bit_depth, "8 or 10")->capture_default_str();
  app.add_option("--crf", o->spec.crf)->capture_default_str();
  app.add_option("--preset", o->spec.preset)->capture_default_str();
  app.add_option("--rotation", o->spec.rotation, "display rotation, clockwise degrees")->capture_default_str();
  app.add_option("--hdr", o->spec.hdr, "hdr10|hlg (tags BT.2020 colour)");
  app.add_option("--pattern", o->spec.pattern, "lavfi source ({w} {h} {r} {d} are replaced)");
  app.add_option("--channels", o->spec.channels)->capture_default_str();
  app.add_option("--language", o->spec.language, "audio language (ISO 639-2)");
  app.add_option("--audio-languages", o->spec.audio_languages,
                 "one audio stream per language, e.g. eng,fra (a dubbed title; tones 440, 880, ... Hz)")
      ->delimiter(',');
  app.add_flag("--vfr", o->spec.variable_frame_rate, "variable frame rate (irregular frame drops)");
  app.add_option("--pause-at", o->spec.pause_at_seconds, "seconds where the picture stops (with --pause-for), as a recording of a hidden browser tab does");
  app.add_option("--pause-for", o->spec.pause_seconds, "seconds without a picture from --pause-at (the audio plays through)");
  app.add_flag("--interlaced", o->spec.interlaced, "interlaced, top field first (h264: MBAFF, like a 1080i camera; hevc: field-coded, one picture per field, as broadcast HEVC)");
  app.add_flag("--telecine", o->spec.telecine,
               "film on interlaced TV: a pattern at 4/5 of --fps with 3:2 pulldown (use --fps 29.97), top field first");
  app.add_flag("--full-range", o->spec.full_range, "full-range (0..255) samples, as phones and MJPEG cameras record");
  app.add_flag("--no-video", o->no_video);
  app.add_flag("--no-audio", o->no_audio);
  return [o] {
    TestClipSpec spec = o->spec;
    spec.video = !o->no_video;
    spec.audio = !o->no_audio;
    auto vc = codec_from_name(o->video_codec);
    auto ac = codec_from_name(o->audio_codec);
    if (!vc || !ac) return report_error(InvalidArgumentError("unknown codec"));
    spec.video_codec = *vc;
    spec.audio_codec = *ac;
    double fps = o->fps;
    if (std::fabs(fps - 29.97) < 0.01) spec.frame_rate = {30000, 1001};
    else if (std::fabs(fps - 23.976) < 0.01) spec.frame_rate = {24000, 1001};
    else if (std::fabs(fps - 59.94) < 0.01) spec.frame_rate = {60000, 1001};
    else spec.frame_rate = rational_from_double(fps, 1001);
    Status st = make_test_clip(spec, o->path);
    if (!st.ok()) return report_error(st);
    std::printf("wrote %s\n", o->path.c_str());
    return 0;
  };
}

}  // namespace streamforge::cli

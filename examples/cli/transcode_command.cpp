#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "job_support.h"
#include "option_file.h"
#include "package_support.h"
#include "streamforge/av/probe.h"
#include "streamforge/package/packager.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge::cli {
namespace {

// Discards every packet (like ffmpeg's `-f null`): measures the engine without any muxer.
class NullSink final : public PacketSink {
 public:
  Status on_stream(int, const StreamInfo&) override { return OkStatus(); }
  Status on_packet(const Packet&) override { return OkStatus(); }
  Status on_end() override { return OkStatus(); }
  void on_abort(const Status&) override {}
};

// Where the source was damaged: a service should look at the output there (or refuse the upload
// with --fail-on-damage) rather than publish artefacts nobody saw.
void print_damage(const std::vector<DamagedSpan>& damage) {
  if (damage.empty()) return;
  std::printf("warning: the source is damaged in %zu place%s; the decoder concealed it, check the output there "
              "(or refuse such sources with --fail-on-damage):\n",
              damage.size(), damage.size() == 1 ? "" : "s");
  constexpr size_t kShown = 10;
  for (size_t i = 0; i < damage.size() && i < kShown; ++i) {
    const DamagedSpan& d = damage[i];
    std::printf("  source stream #%d: %.2f-%.2f s (%lld event%s)\n", d.stream_index, d.from_seconds, d.to_seconds,
                static_cast<long long>(d.events), d.events == 1 ? "" : "s");
  }
  if (damage.size() > kShown) std::printf("  ... and %zu more (report.json lists them all)\n", damage.size() - kShown);
}

}  // namespace

Runner add_transcode_command(CLI::App& app) {
  struct Options {
    std::string source, out, ladder, deinterlace, deinterlace_rate, tone_map, tone_curve;
    int chunks = 0, workers = 0, encoder_threads = 0, warmup_gops = TranscodeOptions{}.chunk_warmup_gops;
    bool quiet = false, null_output = false, fail_on_damage = false;
    PackageCliOptions package;
  };
  auto o = std::make_shared<Options>();
  app.add_option("file", o->source, "source media file")->required();
  auto* out = app.add_option("--out", o->out, "output folder: one MP4 per rendition + report.json, or with --hls/--dash the packaged title");
  auto* null = app.add_flag("--null", o->null_output, "encode but write nothing (benchmarking, like ffmpeg -f null)");
  out->excludes(null);
  null->excludes(out);
  app.add_option("--ladder", o->ladder, "ladder JSON file (default: the built-in ladder, adapted to the source)");
  app.add_option("--chunked", o->chunks, "split at GOP boundaries into N chunks encoded in parallel");
  app.add_option("--workers", o->workers, "parallel chunk jobs (default: CPU threads)");
  app.add_option("--chunk-warmup-gops", o->warmup_gops,
                 "GOPs each chunk encodes before its start and drops, to warm up rate control (0 = off)")
      ->capture_default_str();
  app.add_option("--encoder-threads", o->encoder_threads,
                 "threads per video encoder: 0 = engine decides by rung size, -1 = encoder auto, N");
  app.add_option("--deinterlace", o->deinterlace,
                 "auto (interlaced sources only; the default) | on (every frame) | off; overrides the ladder's")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  app.add_option("--deinterlace-rate", o->deinterlace_rate,
                 "frame (1080i50 -> 1080p25; the default) | field (1080i50 -> 1080p50, smooth motion, twice the "
                 "frames to encode) | film (inverse telecine: 29.97i film -> 23.976p) | auto (film where probe "
                 "finds 3:2 pulldown, else frame); overrides the ladder's")
      ->check(CLI::IsMember({"frame", "field", "film", "auto"}));
  app.add_option("--tone-map", o->tone_map,
                 "auto (8-bit rungs of an HDR source become SDR BT.709; the default) | off; overrides the ladder's")
      ->check(CLI::IsMember({"auto", "off"}));
  app.add_option("--tone-curve", o->tone_curve,
                 "bt2390 (ITU-R BT.2390: shadows and mid-tones kept, highlights rolled off; the default) | hable "
                 "(filmic, darker); overrides the ladder's")
      ->check(CLI::IsMember({"bt2390", "hable"}));
  app.add_flag("--fail-on-damage", o->fail_on_damage,
               "refuse a damaged source (corrupt or missing data): fail naming where, and write nothing; by "
               "default the damage is concealed and listed");
  app.add_flag("--quiet", o->quiet, "no progress output");
  add_package_options(app, o->package);
  return [o, &app] {
    LadderSpec spec = LadderSpec::default_ladder();
    if (!o->ladder.empty()) {
      auto text = read_option_file(o->ladder, "--ladder");
      if (!text.ok()) return report_error(text.status());
      auto parsed = LadderSpec::from_json(*text);
      if (!parsed.ok()) return report_error(parsed.status().with_context("ladder " + o->ladder));
      spec = *parsed;
    }
    if (!o->deinterlace.empty()) spec.deinterlace = *deinterlace_from_name(o->deinterlace);
    if (!o->deinterlace_rate.empty()) spec.deinterlace_rate = *deinterlace_rate_from_name(o->deinterlace_rate);
    if (!o->tone_map.empty()) spec.tone_map = *tone_map_from_name(o->tone_map);
    if (!o->tone_curve.empty()) spec.tone_curve = *tone_curve_from_name(o->tone_curve);
    TranscodeOptions options;
    options.chunks = o->chunks;
    options.chunk_workers = o->workers;
    options.chunk_warmup_gops = o->warmup_gops;
    options.encoder_threads = o->encoder_threads;
    options.fail_on_damage = o->fail_on_damage;
    options.cancel = interrupt_token();
    auto printer = std::make_shared<ProgressPrinter>();
    if (!o->quiet) options.progress = [printer](const Progress& p) { (*printer)(p); };
    if (o->out.empty() && !o->null_output) return report_error(InvalidArgumentError("give --out DIR (or --null)", "out"));
    // --hls/--dash: encode and package in one pass, no intermediate files.
    std::unique_ptr<Storage> storage;
    std::unique_ptr<Packager> packager;
    if (o->package.any_protocol() || !o->package.spec_file.empty()) {
      if (o->null_output) return report_error(InvalidArgumentError("--hls/--dash need --out, not --null", "out"));
      auto package_spec = package_spec_from(o->package, app);
      if (!package_spec.ok()) return report_error(package_spec.status());
      auto opened = open_storage(o->out);
      if (!opened.ok()) return report_error(opened.status());
      storage = std::move(*opened);
      auto created = Packager::create(*storage, *package_spec, options.cancel);  // may fetch CPIX keys
      if (!created.ok()) return report_error(created.status());
      packager = std::move(*created);
      // Lets posters land on their exact fractions while streaming.
      if (auto info = probe(o->source); info.ok()) packager->set_expected_duration(info->duration_seconds);
    }
    NullSink null_sink;
    auto report = packager         ? transcode(o->source, spec, *packager, options)
                  : o->null_output ? transcode(o->source, spec, null_sink, options)
                                   : transcode_to_folder(o->source, o->out, spec, options);
    if (!o->quiet) printer->finish();
    if (!report.ok()) return report_error(report.status());
    for (auto& note : report->ladder.notes) std::printf("note: %s\n", note.c_str());
    for (auto& r : report->renditions) {
      std::printf("  %-18s %-5s %4dx%-4d %6lld packets %5lld keyframes %8.0f kb/s\n", r.name.c_str(),
                  std::string(codec_name(r.codec)).c_str(), r.width, r.height, static_cast<long long>(r.packets),
                  static_cast<long long>(r.keyframes), r.bitrate_kbps);
    }
    for (auto& r : report->renditions) {
      if (r.gap_fill_seconds > 0) {
        // Milliseconds for short fills: "0.00 s of silence" read as a contradiction.
        const std::string amount = r.gap_fill_seconds < 0.1 ? fmt::format("{:.1f} ms", r.gap_fill_seconds * 1000)
                                                            : fmt::format("{:.2f} s", r.gap_fill_seconds);
        if (codec_media_type(r.codec) == MediaType::kVideo) {
          std::printf("note: %s: the picture held for %s over pauses in the source's video (players stall on a hole)\n",
                      r.name.c_str(), amount.c_str());
        } else {
          std::printf("note: %s: %s of silence filled where the source has no sound (gaps, a late start, an early end), "
                      "so it stays in sync and spans the picture\n", r.name.c_str(), amount.c_str());
        }
      }
    }
    print_damage(report->damage);
    std::printf("transcoded %lld frames in %.2f s (%.1f source fps)%s\noutput: %s\n",
                static_cast<long long>(report->source_frames), report->wall_seconds, report->source_fps,
                report->chunks > 1 ? (" in " + std::to_string(report->chunks) + " chunks").c_str() : "",
                o->null_output ? "(discarded: --null)" : o->out.c_str());
    if (packager) print_package_summary(packager->summary(), o->out);
    return 0;
  };
}

}  // namespace streamforge::cli

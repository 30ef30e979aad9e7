#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "streamforge/transcode/transcoder.h"

namespace streamforge::cli {
namespace {

CancelToken* g_cancel = nullptr;
void on_sigint(int) {
  if (g_cancel) g_cancel->cancel();  // atomic store: async-signal-safe
}

// Discards every packet (like ffmpeg's `-f null`): measures the engine without any muxer.
class NullSink final : public PacketSink {
 public:
  Status on_stream(int, const StreamInfo&) override { return OkStatus(); }
  Status on_packet(const Packet&) override { return OkStatus(); }
  Status on_end() override { return OkStatus(); }
  void on_abort(const Status&) override {}
};

// A progress bar on a terminal, plain lines (every ~2 s) when piped into a log.
class ProgressPrinter {
 public:
  ProgressPrinter() : tty_(isatty(STDERR_FILENO)) {}
  void operator()(const Progress& p) {
    if (tty_) {
      const int width = 30;
      double f = p.fraction();
      int filled = static_cast<int>(f * width);
      std::string bar(static_cast<size_t>(filled), '#');
      bar.resize(width, '.');
      std::fprintf(stderr, "\r[%s] %5.1f%%  %lld/%lld frames  %6.1f fps  ETA %s   ", bar.c_str(), f * 100,
                   static_cast<long long>(p.frames_done), static_cast<long long>(p.frames_total), p.fps,
                   eta(p.eta_seconds).c_str());
      std::fflush(stderr);
    } else if (p.elapsed_seconds - last_ >= 2.0) {
      last_ = p.elapsed_seconds;
      std::fprintf(stderr, "progress %.1f%% frames=%lld/%lld fps=%.1f eta=%s\n", p.fraction() * 100,
                   static_cast<long long>(p.frames_done), static_cast<long long>(p.frames_total), p.fps,
                   eta(p.eta_seconds).c_str());
    }
  }
  void finish() {
    if (tty_) std::fputc('\n', stderr);
  }

 private:
  static std::string eta(double s) {
    if (s < 0) return "--:--";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%02d:%02d", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
    return buf;
  }
  bool tty_;
  double last_ = -10;
};

}  // namespace

Runner add_transcode_command(CLI::App& app) {
  struct Options {
    std::string source, out, ladder;
    int chunks = 0, workers = 0, encoder_threads = 0;
    bool quiet = false, null_output = false;
  };
  auto o = std::make_shared<Options>();
  app.add_option("file", o->source, "source media file")->required();
  auto* out = app.add_option("--out", o->out, "output folder (one MP4 per rendition + report.json)");
  auto* null = app.add_flag("--null", o->null_output, "encode but write nothing (benchmarking, like ffmpeg -f null)");
  out->excludes(null);
  null->excludes(out);
  app.add_option("--ladder", o->ladder, "ladder JSON file (default: the built-in ladder, adapted to the source)");
  app.add_option("--chunked", o->chunks, "split at GOP boundaries into N chunks encoded in parallel");
  app.add_option("--workers", o->workers, "parallel chunk jobs (default: CPU threads)");
  app.add_option("--encoder-threads", o->encoder_threads,
                 "threads per video encoder: 0 = engine decides by rung size, -1 = encoder auto, N");
  app.add_flag("--quiet", o->quiet, "no progress output");
  return [o] {
    LadderSpec spec = LadderSpec::default_ladder();
    if (!o->ladder.empty()) {
      std::ifstream in(o->ladder);
      if (!in) return report_error(NotFoundError("cannot read ladder file " + o->ladder));
      std::stringstream ss;
      ss << in.rdbuf();
      auto parsed = LadderSpec::from_json(ss.str());
      if (!parsed.ok()) return report_error(parsed.status().with_context("ladder " + o->ladder));
      spec = *parsed;
    }
    TranscodeOptions options;
    options.chunks = o->chunks;
    options.chunk_workers = o->workers;
    options.encoder_threads = o->encoder_threads;
    static CancelToken cancel;
    g_cancel = &cancel;
    std::signal(SIGINT, on_sigint);
    std::signal(SIGTERM, on_sigint);
    options.cancel = cancel;
    auto printer = std::make_shared<ProgressPrinter>();
    if (!o->quiet) options.progress = [printer](const Progress& p) { (*printer)(p); };
    if (o->out.empty() && !o->null_output) return report_error(InvalidArgumentError("give --out DIR (or --null)", "out"));
    NullSink null_sink;
    auto report = o->null_output ? transcode(o->source, spec, null_sink, options)
                                 : transcode_to_folder(o->source, o->out, spec, options);
    if (!o->quiet) printer->finish();
    if (!report.ok()) return report_error(report.status());
    for (auto& note : report->ladder.notes) std::printf("note: %s\n", note.c_str());
    for (auto& r : report->renditions) {
      std::printf("  %-18s %-5s %4dx%-4d %6lld packets %5lld keyframes %8.0f kb/s\n", r.name.c_str(),
                  std::string(codec_name(r.codec)).c_str(), r.width, r.height, static_cast<long long>(r.packets),
                  static_cast<long long>(r.keyframes), r.bitrate_kbps);
    }
    std::printf("transcoded %lld frames in %.2f s (%.1f source fps)%s\noutput: %s\n",
                static_cast<long long>(report->source_frames), report->wall_seconds, report->source_fps,
                report->chunks > 1 ? (" in " + std::to_string(report->chunks) + " chunks").c_str() : "",
                o->null_output ? "(discarded: --null)" : o->out.c_str());
    return 0;
  };
}

}  // namespace streamforge::cli

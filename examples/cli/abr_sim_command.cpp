// `streamforge abr-sim`: score ABR algorithms on network traces with the Pensieve/MPC simulator.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "option_file.h"
#include "streamforge/abr/evaluation.h"
#include "streamforge/abr/plot.h"
#include "streamforge/abr/video_sizes.h"

namespace streamforge::cli {
namespace {

using namespace streamforge::abr;

struct AbrSimOptions {
  std::string traces;
  std::string filter = "*";
  std::string video;
  std::string algo = "all";
  std::string config_file;
  bool noise = false;
  uint64_t seed = 42;
  int segments = 48;
  std::string csv, sessions_csv, plot, plot_trace, compare;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Result<std::vector<std::string>> algorithms_from(const std::string& arg) {
  std::vector<std::string> out;
  if (arg == "all") {
    for (std::string_view n : abr_algorithm_names()) out.emplace_back(n);
    return out;
  }
  for (const std::string& name : split(arg, ',')) {
    bool known = false;
    for (std::string_view n : abr_algorithm_names()) known |= n == name;
    if (!known) {
      std::string list;
      for (std::string_view n : abr_algorithm_names()) list += (list.empty() ? "" : ", ") + std::string(n);
      return InvalidArgumentError("unknown algorithm '" + name + "' (all, " + list + ")", "--algo");
    }
    out.push_back(name);
  }
  if (out.empty()) return InvalidArgumentError("no algorithm named", "--algo");
  return out;
}

Result<AbrConfig> config_from(const std::string& path) {
  if (path.empty()) return AbrConfig{};
  SF_ASSIGN_OR_RETURN(std::string text, read_option_file(path, "--config"));
  auto parsed = AbrConfig::from_json(text);
  if (!parsed.ok()) return parsed.status().with_context("ABR config " + path);
  return parsed;
}

Status write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return UnavailableError("cannot write " + path);
  return OkStatus();
}

std::string csv_table(const std::vector<AlgorithmEvaluation>& results) {
  std::string out =
      "algorithm,qoe_lin,qoe_lin_ci95,qoe_log,qoe_hd,rebuffer_ratio,mean_bitrate_kbps,switches,startup_seconds,"
      "rebuffer_seconds,sessions\n";
  char line[512];
  for (const AlgorithmEvaluation& r : results) {
    const MetricsSummary& s = r.summary;
    std::snprintf(line, sizeof line, "%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%.4f,%.4f,%d\n", r.algorithm.c_str(),
                  s.qoe_lin.mean, s.qoe_lin.ci95, s.qoe_log.mean, s.qoe_hd.mean, s.rebuffer_ratio.mean,
                  s.mean_bitrate_kbps.mean, s.switches.mean, s.startup_seconds.mean, s.rebuffer_seconds.mean, s.sessions);
    out += line;
  }
  return out;
}

std::string sessions_table(const std::vector<AlgorithmEvaluation>& results) {
  std::string out = "algorithm,trace,qoe_lin,qoe_log,qoe_hd,rebuffer_seconds,rebuffer_ratio,startup_seconds,"
                    "mean_bitrate_kbps,switches\n";
  char line[1024];
  for (const AlgorithmEvaluation& r : results) {
    for (const SessionMetrics& m : r.sessions) {
      std::snprintf(line, sizeof line, "%s,%s,%.6f,%.6f,%.6f,%.4f,%.6f,%.4f,%.3f,%d\n", r.algorithm.c_str(),
                    m.trace.c_str(), m.qoe_lin, m.qoe_log, m.qoe_hd, m.rebuffer_seconds, m.rebuffer_ratio,
                    m.startup_seconds, m.mean_bitrate_kbps, m.switches);
      out += line;
    }
  }
  return out;
}

void print_table(const std::vector<AlgorithmEvaluation>& results) {
  std::printf("%-16s %16s %8s %8s %10s %9s %8s %8s\n", "algorithm", "QoE_lin (95% CI)", "QoE_log", "QoE_hd",
              "rebuffer%", "startup", "kbit/s", "switches");
  for (const AlgorithmEvaluation& r : results) {
    const MetricsSummary& s = r.summary;
    std::printf("%-16s %7.3f +- %-6.3f %8.3f %8.3f %10.3f %8.2fs %8.0f %8.2f\n", r.algorithm.c_str(), s.qoe_lin.mean,
                s.qoe_lin.ci95, s.qoe_log.mean, s.qoe_hd.mean, 100 * s.rebuffer_ratio.mean, s.startup_seconds.mean,
                s.mean_bitrate_kbps.mean, s.switches.mean);
  }
}

void print_comparison(const PairedComparison& c) {
  std::printf("paired %s: %s - %s = %+.3f +- %.3f over %d traces (wins %d, ties %d, losses %d), t = %.2f, p = %.2g\n",
              c.metric.c_str(), c.a.c_str(), c.b.c_str(), c.mean_difference, c.ci95, c.n, c.wins, c.ties, c.losses, c.t,
              c.p_value);
}

const AlgorithmEvaluation* find(const std::vector<AlgorithmEvaluation>& results, const std::string& name) {
  for (const AlgorithmEvaluation& r : results) {
    if (r.algorithm == name) return &r;
  }
  return nullptr;
}

int run(const AbrSimOptions& o, bool segments_given) {
  auto algorithms = algorithms_from(o.algo);
  if (!algorithms.ok()) return report_error(algorithms.status());
  auto config = config_from(o.config_file);
  if (!config.ok()) return report_error(config.status());
  auto traces = load_traces(o.traces, o.filter);
  if (!traces.ok()) return report_error(traces.status());
  auto video = load_video(o.video);
  if (!video.ok()) return report_error(video.status());
  SimOptions sim;
  sim.noise = o.noise;
  sim.seed = o.seed;
  sim.segments = o.segments;
  // A packaged title shorter than the reference video plays whole unless --segments says otherwise.
  if (!segments_given && video->known_segments() > 0 && video->known_segments() < sim.segments) sim.segments = 0;
  if (sim.first_rendition >= static_cast<int>(video->renditions.size())) sim.first_rendition = 0;
  int lo = video->renditions.front().bitrate_kbps, hi = video->renditions.back().bitrate_kbps;
  std::printf("traces: %zu from %s (%s); video: %zu renditions, %d..%d kbit/s, %d segments of %.3g s played%s\n",
              traces->size(), o.traces.c_str(), o.filter.c_str(), video->renditions.size(), lo, hi,
              sim.segments > 0 ? sim.segments : video->known_segments(), video->segment_seconds,
              o.noise ? ", delay noise +-10%" : "");

  std::vector<AlgorithmEvaluation> results;
  for (const std::string& name : *algorithms) {
    AbrConfig c = *config;
    c.algorithm = name;
    auto r = evaluate(c, *video, *traces, sim);
    if (!r.ok()) return report_error(r.status().with_context(name));
    results.push_back(std::move(*r));
  }
  print_table(results);

  // Paired comparisons: --compare A,B, or streamforge against each other algorithm run.
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!o.compare.empty()) {
    auto names = split(o.compare, ',');
    if (names.size() != 2 || !find(results, names[0]) || !find(results, names[1])) {
      return report_error(InvalidArgumentError("give two of the algorithms run, e.g. streamforge,robust-mpc", "--compare"));
    }
    pairs.emplace_back(names[0], names[1]);
  } else if (find(results, "streamforge")) {
    for (const AlgorithmEvaluation& r : results) {
      if (r.algorithm != "streamforge") pairs.emplace_back("streamforge", r.algorithm);
    }
  }
  for (const auto& [a, b] : pairs) {
    auto c = compare_paired(find(results, a)->sessions, find(results, b)->sessions);
    if (c.ok()) print_comparison(*c);
  }

  if (!o.csv.empty()) {
    Status s = write_file(o.csv, csv_table(results));
    if (!s.ok()) return report_error(s);
  }
  if (!o.sessions_csv.empty()) {
    Status s = write_file(o.sessions_csv, sessions_table(results));
    if (!s.ok()) return report_error(s);
  }
  if (!o.plot.empty()) {
    // The trace: an exact name, else a glob, else the first one.
    const NetworkTrace* trace = &traces->front();
    if (!o.plot_trace.empty()) {
      trace = nullptr;
      for (const NetworkTrace& t : *traces) {
        if (t.name == o.plot_trace) trace = &t;
      }
      for (const NetworkTrace& t : *traces) {
        if (!trace && glob_match(o.plot_trace, t.name)) trace = &t;
      }
      if (!trace) return report_error(InvalidArgumentError("no loaded trace is named '" + o.plot_trace + "'", "--plot-trace"));
    }
    int index = static_cast<int>(trace - traces->data());
    std::vector<SessionLog> logs;
    for (const std::string& name : *algorithms) {
      AbrConfig c = *config;
      c.algorithm = name;
      auto controller = make_abr_controller(c, *video);
      if (!controller.ok()) return report_error(controller.status());
      auto log = simulate(**controller, *trace, sim, index);
      if (!log.ok()) return report_error(log.status());
      logs.push_back(std::move(*log));
    }
    PlotOptions po;
    po.title = trace->name + (o.noise ? " (noise)" : "");
    Status s = write_file(o.plot, sessions_svg(logs, *trace, po));
    if (!s.ok()) return report_error(s);
    std::printf("plot: %s (%s)\n", o.plot.c_str(), trace->name.c_str());
  }
  return 0;
}

}  // namespace

Runner add_abr_sim_command(CLI::App& app) {
  auto o = std::make_shared<AbrSimOptions>();
  app.add_option("--traces", o->traces, "folder of network traces (`time_s throughput_Mbps` per line)")->required();
  app.add_option("--filter", o->filter, "only traces whose file name matches this glob, e.g. 'trace_*'")
      ->capture_default_str();
  app.add_option("--video-sizes", o->video,
                 "the video: a folder of video_size_0..N (bytes per segment, one per line), or a packaged "
                 "title (its folder or summary.json)")
      ->required();
  app.add_option("--algo", o->algo, "all, or a comma-separated list of: streamforge, robust-mpc, mpc, bola, bba, "
                                    "throughput-ewma, throughput-hm")
      ->capture_default_str();
  app.add_option("--config", o->config_file, "AbrConfig JSON with algorithm parameters, device limits, cap");
  app.add_flag("--noise", o->noise, "multiply every download delay by U(0.9, 1.1) (robustness variant)");
  app.add_option("--seed", o->seed, "noise seed")->capture_default_str();
  app.add_option("--segments", o->segments, "segments played per trace (0: all the video has)")->capture_default_str();
  app.add_option("--csv", o->csv, "write one row per algorithm (algorithm,qoe_lin,...,switches)");
  app.add_option("--sessions-csv", o->sessions_csv, "write one row per algorithm and trace");
  app.add_option("--compare", o->compare, "paired comparison A,B (default: streamforge against each other algorithm)");
  app.add_option("--plot", o->plot, "write an SVG of bitrate, throughput and buffer over time for one trace");
  app.add_option("--plot-trace", o->plot_trace, "the trace to plot (name or glob; default: the first)");
  return [o, &app] { return run(*o, app.count("--segments") > 0); };
}

}  // namespace streamforge::cli

// streamforge.abr: ABR controllers, the trace-driven simulator and QoE statistics.
//
// The native classes live in the extension's `abr` submodule; bindings/python/streamforge/abr.py
// re-exports them as `streamforge.abr`. Values (Ladder, Rendition, Trace) are copied in and out;
// a Controller owns its C++ controller. Simulations of built-in algorithms release the GIL; a
// Python policy (any callable) is called with the GIL held.
#include <cstdio>
#include <map>
#include <memory>

#include "common.h"
#include "streamforge/abr/controller.h"
#include "streamforge/abr/evaluation.h"
#include "streamforge/abr/initial_rendition.h"
#include "streamforge/abr/plot.h"
#include "streamforge/abr/video_sizes.h"

namespace streamforge::python {
namespace {

using namespace streamforge::abr;

// ---- Configs: Config, a dict, a JSON string, or an algorithm name -------------------------------

AbrConfig config_from(const py::handle& obj) {
  if (py::isinstance<AbrConfig>(obj)) return obj.cast<AbrConfig>();
  std::string text;
  if (py::isinstance<py::str>(obj)) {
    text = obj.cast<std::string>();
    if (text.empty() || text.front() != '{') text = "{\"algorithm\": " + json_dumps(py::str(text)) + "}";
  } else if (py::isinstance<py::dict>(obj)) {
    text = json_dumps(obj);
  } else {
    throw py::type_error("an ABR config is an abr.Config, a dict, a JSON string or an algorithm name");
  }
  return unwrap(AbrConfig::from_json(text));
}

AbrConfig make_config(const std::string& algorithm, const py::kwargs& sections) {
  py::dict d;
  d["algorithm"] = algorithm;
  for (auto [k, v] : sections) d[k] = v;
  return unwrap(AbrConfig::from_json(json_dumps(d)));
}

py::dict config_dict(const AbrConfig& c) { return json_loads(c.to_json(-1)); }

// ---- Ladders ------------------------------------------------------------------------------------

AbrLadder ladder_from(const py::handle& obj) {
  if (py::isinstance<AbrLadder>(obj)) return obj.cast<AbrLadder>();
  if (py::isinstance<py::dict>(obj)) return unwrap(AbrLadder::from_json(json_dumps(obj)));
  if (py::isinstance<py::str>(obj) && !obj.cast<std::string>().empty() && obj.cast<std::string>().front() == '{') {
    return unwrap(AbrLadder::from_json(obj.cast<std::string>()));
  }
  if (py::isinstance<py::str>(obj) || py::hasattr(obj, "__fspath__")) return unwrap(load_video(fspath(obj)));
  throw py::type_error("a ladder is an abr.Ladder, a dict, a JSON string, or a path (video_size folder / summary.json)");
}

// ---- Traces -------------------------------------------------------------------------------------

NetworkTrace make_trace(const std::vector<double>& times, const std::vector<double>& mbps, const std::string& name) {
  if (times.size() != mbps.size()) {
    throw StatusError(InvalidArgumentError("times and mbps must have the same length", "mbps"));
  }
  // Through the parser, so a hand-made trace is checked exactly like a file.
  std::string text;
  char line[64];
  for (size_t i = 0; i < times.size(); ++i) {
    std::snprintf(line, sizeof line, "%.17g %.17g\n", times[i], mbps[i]);
    text += line;
  }
  return unwrap(parse_trace(text, name));
}

std::vector<NetworkTrace> traces_from(const py::handle& obj) {
  if (py::isinstance<NetworkTrace>(obj)) return {obj.cast<NetworkTrace>()};
  if (py::isinstance<py::str>(obj) || py::hasattr(obj, "__fspath__")) return unwrap(load_traces(fspath(obj)));
  std::vector<NetworkTrace> out;
  for (py::handle t : py::iter(obj)) out.push_back(t.cast<NetworkTrace>());
  return out;
}

// ---- A controller written in Python ---------------------------------------------------------------

// Adapts a callable policy(state, history) -> int (a ladder index) to the AbrController
// interface. state: dict(buffer_seconds, next_segment, segment_count, now_seconds, last_rendition);
// history: the list of download dicts so far (rendition, segment, bytes, seconds, ttfb_seconds,
// rebuffer_seconds). Needs the GIL (simulate keeps it for Python policies).
class PolicyController final : public AbrController {
 public:
  PolicyController(const AbrLadder& ladder, py::object fn, std::string name)
      : AbrController(ladder, AbrConfig{}), fn_(std::move(fn)), name_(std::move(name)) {}
  std::string_view name() const override { return name_; }

 protected:
  AbrDecision decide(const PlaybackState& s) override {
    py::dict state;
    state["buffer_seconds"] = s.buffer_seconds;
    state["next_segment"] = s.next_segment;
    state["segment_count"] = s.segment_count;
    state["now_seconds"] = s.now_seconds;
    state["last_rendition"] = last_level() >= 0 ? levels()[static_cast<size_t>(last_level())] : -1;
    py::object r = fn_(state, history_);
    int rendition = r.cast<int>();
    if (rendition < 0 || rendition >= static_cast<int>(ladder().renditions.size())) {
      throw StatusError(OutOfRangeError("policy returned rendition " + std::to_string(rendition) + ", the ladder has " +
                                        std::to_string(ladder().renditions.size())));
    }
    AbrDecision d;
    d.rendition = std::max(level_of(rendition), 0);
    d.reason = AbrReason::kLookahead;
    return d;
  }
  void observe_download(const DownloadRecord& r, int) override {
    py::dict d;
    d["rendition"] = r.rendition;
    d["segment"] = r.segment;
    d["bytes"] = r.bytes;
    d["seconds"] = r.seconds;
    d["ttfb_seconds"] = r.ttfb_seconds;
    d["rebuffer_seconds"] = 0.0;
    history_.append(d);
  }
  void observe_rebuffer(double seconds) override {
    if (py::len(history_) > 0) history_[py::len(history_) - 1]["rebuffer_seconds"] = seconds;
  }
  void reset_state() override { history_ = py::list(); }

 private:
  py::object fn_;
  std::string name_;
  py::list history_;
};

// A controller handle shared by Python: the C++ object plus its config (for repr).
struct PyController {
  std::shared_ptr<AbrController> c;
};

py::dict decision_dict(const AbrDecision& d) {
  py::dict out;
  out["rendition"] = d.rendition;
  out["reason"] = std::string(d.reason_name());
  out["text"] = std::string(d.reason_text());
  out["throughput_kbps"] = d.throughput_kbps;
  out["buffer_seconds"] = d.buffer_seconds;
  return out;
}

py::dict segment_dict(const SegmentRecord& r) {
  py::dict d;
  d["segment"] = r.segment;
  d["rendition"] = r.rendition;
  d["bitrate_kbps"] = r.bitrate_kbps;
  d["bytes"] = r.bytes;
  d["request_time"] = r.request_time;
  d["download_seconds"] = r.download_seconds;
  d["rebuffer_seconds"] = r.rebuffer_seconds;
  d["sleep_seconds"] = r.sleep_seconds;
  d["buffer_seconds"] = r.buffer_seconds;
  d["throughput_kbps"] = r.throughput_kbps;
  d["reason"] = std::string(abr_reason_name(r.reason));
  return d;
}

py::dict metrics_dict(const SessionMetrics& m) {
  py::dict d;
  d["trace"] = m.trace;
  d["algorithm"] = m.algorithm;
  d["qoe_lin"] = m.qoe_lin;
  d["qoe_log"] = m.qoe_log;
  d["qoe_hd"] = m.qoe_hd;
  d["rebuffer_seconds"] = m.rebuffer_seconds;
  d["rebuffer_ratio"] = m.rebuffer_ratio;
  d["startup_seconds"] = m.startup_seconds;
  d["mean_bitrate_kbps"] = m.mean_bitrate_kbps;
  d["switches"] = m.switches;
  d["scored_segments"] = m.scored_segments;
  return d;
}

py::dict summary_dict(const MetricsSummary& s) {
  py::dict d;
  d["algorithm"] = s.algorithm;
  d["sessions"] = s.sessions;
  auto put = [&](const char* name, const MeanCi& v) { d[name] = py::make_tuple(v.mean, v.ci95); };
  put("qoe_lin", s.qoe_lin);
  put("qoe_log", s.qoe_log);
  put("qoe_hd", s.qoe_hd);
  put("rebuffer_ratio", s.rebuffer_ratio);
  put("rebuffer_seconds", s.rebuffer_seconds);
  put("startup_seconds", s.startup_seconds);
  put("mean_bitrate_kbps", s.mean_bitrate_kbps);
  put("switches", s.switches);
  return d;
}

SimOptions sim_options(bool noise, uint64_t seed, int segments, int first_rendition, double max_buffer_seconds) {
  SimOptions o;
  o.noise = noise;
  o.seed = seed;
  o.segments = segments;
  o.first_rendition = first_rendition;
  o.max_buffer_seconds = max_buffer_seconds;
  check(o.validate());
  return o;
}

// The controller to simulate with: a Controller, a Python callable, or any config form.
std::shared_ptr<AbrController> controller_for(const py::object& policy, const AbrLadder& video, bool* python) {
  *python = false;
  if (py::isinstance<PyController>(policy)) {
    auto& c = policy.cast<PyController&>().c;
    if (c->ladder().to_json(-1) != video.to_json(-1)) {
      throw StatusError(InvalidArgumentError("the Controller was built for another ladder than `video`", "video"));
    }
    return c;
  }
  if (PyCallable_Check(policy.ptr()) && !py::isinstance<py::type>(policy)) {
    *python = true;
    std::string name = py::hasattr(policy, "__name__") ? py::str(policy.attr("__name__")).cast<std::string>() : "python";
    return std::make_shared<PolicyController>(video, policy, name);
  }
  return std::shared_ptr<AbrController>(unwrap(make_abr_controller(config_from(policy), video)).release());
}

}  // namespace

void init_abr(py::module_& parent) {
  py::module_ m = parent.def_submodule("abr", "ABR controllers, the trace-driven QoE simulator and statistics.");
  std::vector<std::string> names;
  for (std::string_view n : abr_algorithm_names()) names.emplace_back(n);
  m.attr("ALGORITHMS") = py::tuple(py::cast(names));

  // ---- Rendition / Ladder ----
  py::class_<AbrRendition>(m, "Rendition", R"doc(
One rendition of a ladder: bitrate_kbps, width, height, codec ("h264", "hevc", "vp9", "av1" or an
RFC 6381 string), hdr, id, and segment_bytes (the size of every segment, when known; a list,
assign a new one to change it).)doc")
      .def(py::init([](int bitrate_kbps, int width, int height, const std::string& codec, bool hdr, const std::string& id,
                       const std::vector<uint64_t>& segment_bytes) {
             AbrRendition r;
             r.bitrate_kbps = bitrate_kbps;
             r.width = width;
             r.height = height;
             r.codec = codec;
             r.hdr = hdr;
             r.id = id;
             r.segment_bytes = segment_bytes;
             return r;
           }),
           py::arg("bitrate_kbps"), py::kw_only(), py::arg("width") = 0, py::arg("height") = 0,
           py::arg("codec") = "h264", py::arg("hdr") = false, py::arg("id") = "",
           py::arg("segment_bytes") = std::vector<uint64_t>{})
      .def_readwrite("bitrate_kbps", &AbrRendition::bitrate_kbps)
      .def_readwrite("width", &AbrRendition::width)
      .def_readwrite("height", &AbrRendition::height)
      .def_readwrite("codec", &AbrRendition::codec)
      .def_readwrite("hdr", &AbrRendition::hdr)
      .def_readwrite("id", &AbrRendition::id)
      .def_readwrite("segment_bytes", &AbrRendition::segment_bytes)
      .def("__repr__", [](const AbrRendition& r) {
        return "Rendition(" + std::to_string(r.bitrate_kbps) + ", height=" + std::to_string(r.height) + ", codec='" +
               r.codec + "', segments=" + std::to_string(r.segment_bytes.size()) + ")";
      });

  py::class_<AbrLadder>(m, "Ladder", R"doc(
What a controller chooses from: renditions (any order) and segment_seconds. Build one with
Ladder([Rendition(...), ...], segment_seconds=4), Ladder.from_dict / from_json, Ladder.reference()
(the 300..4300 kbit/s ladder of the MPC/Pensieve papers) or load_video(path).
``renditions`` returns a copy: assign a new list to change it.)doc")
      .def(py::init([](const std::vector<AbrRendition>& renditions, double segment_seconds) {
             AbrLadder l;
             l.renditions = renditions;
             l.segment_seconds = segment_seconds;
             return l;
           }),
           py::arg("renditions"), py::arg("segment_seconds") = 4.0)
      .def_readwrite("renditions", &AbrLadder::renditions)
      .def_readwrite("segment_seconds", &AbrLadder::segment_seconds)
      .def("segment_size", &AbrLadder::segment_size, py::arg("rendition"), py::arg("segment"),
           "Bytes of a segment: the known size, or bitrate x duration.")
      .def_property_readonly("known_segments", &AbrLadder::known_segments)
      .def("validate", [](const AbrLadder& l) { check(l.validate()); },
           "Raise InvalidArgumentError naming the field (e.g. renditions[2].bitrate_kbps).")
      .def("to_json", &AbrLadder::to_json, py::arg("indent") = 2)
      .def("to_dict", [](const AbrLadder& l) { return json_loads(l.to_json(-1)); })
      .def_static("from_json", [](const std::string& t) { return unwrap(AbrLadder::from_json(t)); }, py::arg("text"))
      .def_static("from_dict", [](const py::dict& d) { return unwrap(AbrLadder::from_json(json_dumps(d))); }, py::arg("d"))
      .def_static("reference", &AbrLadder::pensieve_reference, "The 6-rung reference ladder, nominal sizes.")
      .def("__repr__", [](const AbrLadder& l) {
        return "Ladder(" + std::to_string(l.renditions.size()) + " renditions, segment_seconds=" +
               std::to_string(l.segment_seconds) + ", known_segments=" + std::to_string(l.known_segments()) + ")";
      });

  m.def("load_video", [](const py::object& path) { return unwrap(load_video(fspath(path))); }, py::arg("path"),
        "The simulated video as a Ladder with segment sizes: a folder of video_size_0..N files, or a packaged "
        "title (its folder or summary.json: sizes from its HLS media playlists).");

  // ---- Config ----
  py::class_<AbrConfig>(m, "Config", R"doc(
Which algorithm to run and its parameters, as a value. ``Config("bola", bola={"stable_buffer_seconds":
20}, device={"max_height": 1080, "codecs": ["h264"]}, cap={"data_saver": True})``: the keyword
sections are the JSON form's (objective, throughput, bba, bola, mpc, streamforge, device, cap,
max_buffer_seconds); unknown keys and bad values raise InvalidArgumentError naming the field.
Anywhere a config is expected, a dict, a JSON string or an algorithm name works too.)doc")
      .def(py::init(&make_config), py::arg("algorithm") = "streamforge")
      .def_property_readonly("algorithm", [](const AbrConfig& c) { return c.algorithm; })
      .def("to_json", &AbrConfig::to_json, py::arg("indent") = 2)
      .def("to_dict", &config_dict)
      .def_static("from_json", [](const std::string& t) { return unwrap(AbrConfig::from_json(t)); }, py::arg("text"))
      .def_static("from_dict", [](const py::dict& d) { return unwrap(AbrConfig::from_json(json_dumps(d))); }, py::arg("d"))
      .def("__eq__", [](const AbrConfig& a, const AbrConfig& b) { return a.to_json() == b.to_json(); }, py::is_operator())
      .def("__repr__", [](const AbrConfig& c) { return "Config('" + c.algorithm + "')"; });
  m.attr("Config").attr("__hash__") = py::none();

  // ---- Controller ----
  py::class_<PyController>(m, "Controller", R"doc(
An ABR controller for one playback session (not thread-safe: one per session). Tell it what
happened -- on_download() after each segment, on_rebuffer() after a stall, on_seek() -- and ask
choose() for the next rendition. Decisions are dicts: rendition (ladder index), reason
("lookahead", "buffer_low", ...), text (one line for logs), throughput_kbps, buffer_seconds.)doc")
      .def(py::init([](const py::object& config, const py::object& ladder) {
             AbrConfig c = config_from(config);
             AbrLadder l = ladder_from(ladder);
             return PyController{std::shared_ptr<AbrController>(unwrap(make_abr_controller(c, l)).release())};
           }),
           py::arg("config"), py::arg("ladder"))
      .def_property_readonly("name", [](const PyController& p) { return std::string(p.c->name()); })
      .def_property_readonly("levels", [](const PyController& p) { return p.c->levels(); },
                             "Usable renditions (ladder indices), lowest bitrate first, device limits applied.")
      .def_property_readonly("ladder", [](const PyController& p) { return p.c->ladder(); })
      .def(
          "on_download",
          [](PyController& p, int rendition, uint64_t bytes, double seconds, double ttfb_seconds, int segment) {
            p.c->on_download(DownloadRecord{rendition, segment, bytes, seconds, ttfb_seconds});
          },
          py::arg("rendition"), py::arg("bytes"), py::arg("seconds"), py::arg("ttfb_seconds") = 0.0,
          py::arg("segment") = 0, "A segment finished downloading (seconds: request to last byte).")
      .def("on_rebuffer", [](PyController& p, double s) { p.c->on_rebuffer(s); }, py::arg("seconds"))
      .def("on_seek", [](PyController& p, int segment) { p.c->on_seek(segment); }, py::arg("segment"))
      .def(
          "set_cap",
          [](PyController& p, int max_bitrate_kbps, int max_height, bool data_saver, int data_saver_kbps) {
            p.c->set_cap(ViewerCap{max_bitrate_kbps, max_height, data_saver, data_saver_kbps});
          },
          py::kw_only(), py::arg("max_bitrate_kbps") = 0, py::arg("max_height") = 0, py::arg("data_saver") = false,
          py::arg("data_saver_kbps") = 1200, "Change the viewer cap (data saver, tier) mid-session.")
      .def(
          "choose",
          [](PyController& p, double buffer_seconds, int next_segment, int segment_count, double now_seconds) {
            return decision_dict(p.c->choose(PlaybackState{buffer_seconds, next_segment, segment_count, now_seconds}));
          },
          py::arg("buffer_seconds"), py::arg("next_segment") = 0, py::arg("segment_count") = 0,
          py::arg("now_seconds") = -1.0, "The rendition for the next segment, with the reason.")
      .def("reset", [](PyController& p) { p.c->reset(); }, "Forget the session; keep ladder, limits and cap.")
      .def("__repr__", [](const PyController& p) { return "Controller('" + std::string(p.c->name()) + "')"; });

  m.def(
      "select_initial_rendition",
      [](const py::object& ladder, double bandwidth_kbps, const std::string& device, double rtt_seconds,
         double target_startup_seconds, double safety_factor) {
        StartupEstimate e;
        e.bandwidth_kbps = bandwidth_kbps;
        if (!parse_device_class(device, &e.device)) {
          throw StatusError(InvalidArgumentError("unknown device class '" + device +
                                                 "' (unknown, phone, tablet, desktop, tv, set_top_box)", "device"));
        }
        e.rtt_seconds = rtt_seconds;
        e.target_startup_seconds = target_startup_seconds;
        e.safety_factor = safety_factor;
        return decision_dict(select_initial_rendition(ladder_from(ladder), e));
      },
      py::arg("ladder"), py::kw_only(), py::arg("bandwidth_kbps") = 0.0, py::arg("device") = "unknown",
      py::arg("rtt_seconds") = 0.1, py::arg("target_startup_seconds") = 1.0, py::arg("safety_factor") = 0.8,
      "The first segment's rendition from a bandwidth estimate (0: the device class's default), so it arrives "
      "within target_startup_seconds.");

  // ---- Traces ----
  py::class_<NetworkTrace>(m, "Trace", R"doc(
A network trace: times (s) and mbps, mbps[i] holding from times[i-1] to times[i]. Trace(times,
mbps, name=...) checks it like a file; load_trace / load_traces read the `time_s mbps` format.)doc")
      .def(py::init(&make_trace), py::arg("times"), py::arg("mbps"), py::arg("name") = "trace")
      .def_readonly("name", &NetworkTrace::name)
      .def_readonly("times", &NetworkTrace::time_s)
      .def_readonly("mbps", &NetworkTrace::mbps)
      .def_property_readonly("duration_seconds", &NetworkTrace::duration_seconds)
      .def_property_readonly("mean_mbps", &NetworkTrace::mean_mbps)
      .def("__len__", [](const NetworkTrace& t) { return t.time_s.size(); })
      .def("__repr__", [](const NetworkTrace& t) {
        return "Trace('" + t.name + "', " + std::to_string(t.time_s.size()) + " samples)";
      });
  m.def("load_trace", [](const py::object& p) { return unwrap(load_trace(fspath(p))); }, py::arg("path"));
  m.def(
      "load_traces", [](const py::object& dir, const std::string& pattern) { return unwrap(load_traces(fspath(dir), pattern)); },
      py::arg("dir"), py::arg("pattern") = "*", "Every trace file of a folder whose name matches the glob, by name.");

  // ---- Simulation ----
  m.def(
      "simulate",
      [](const py::object& policy, const NetworkTrace& trace, const py::object& video, bool noise, uint64_t seed,
         int segments, int first_rendition, double max_buffer_seconds, int trace_index) {
        AbrLadder ladder = ladder_from(video);
        SimOptions o = sim_options(noise, seed, segments, first_rendition, max_buffer_seconds);
        bool python = false;
        std::shared_ptr<AbrController> c = controller_for(policy, ladder, &python);
        Result<SessionLog> log = [&]() -> Result<SessionLog> {
          if (python) return simulate(*c, trace, o, trace_index);
          py::gil_scoped_release release;
          return simulate(*c, trace, o, trace_index);
        }();
        SessionLog l = unwrap(std::move(log));
        py::dict out;
        py::list segs;
        for (const SegmentRecord& r : l.segments) segs.append(segment_dict(r));
        out["algorithm"] = l.algorithm;
        out["trace"] = l.trace;
        out["segments"] = segs;
        out["metrics"] = metrics_dict(session_metrics(l, ladder));
        return out;
      },
      py::arg("policy"), py::arg("trace"), py::arg("video"), py::kw_only(), py::arg("noise") = false,
      py::arg("seed") = 42, py::arg("segments") = 48, py::arg("first_rendition") = 1,
      py::arg("max_buffer_seconds") = 60.0, py::arg("trace_index") = 0, R"doc(
Play `video` (a Ladder or path) once over `trace` with the Pensieve/MPC simulator.

policy: an algorithm name ("streamforge", "robust-mpc", ...), a Config or dict, a Controller built
for this video, or any callable ``policy(state, history) -> rendition`` (state: buffer_seconds,
next_segment, segment_count, now_seconds, last_rendition; history: the downloads so far as dicts).
Returns a dict: algorithm, trace, segments (one dict per segment: rendition, bitrate_kbps, bytes,
request_time, download_seconds, rebuffer_seconds, sleep_seconds, buffer_seconds, throughput_kbps,
reason) and metrics (see evaluate()).)doc");

  m.def(
      "evaluate",
      [](const py::object& algorithms, const py::object& traces, const py::object& video, bool noise, uint64_t seed,
         int segments) {
        std::vector<AbrConfig> configs;
        if (py::isinstance<py::str>(algorithms) || py::isinstance<AbrConfig>(algorithms) || py::isinstance<py::dict>(algorithms)) {
          if (py::isinstance<py::str>(algorithms) && algorithms.cast<std::string>() == "all") {
            for (std::string_view n : abr_algorithm_names()) configs.push_back(config_from(py::str(std::string(n))));
          } else {
            configs.push_back(config_from(algorithms));
          }
        } else {
          for (py::handle a : py::iter(algorithms)) configs.push_back(config_from(a));
        }
        std::vector<NetworkTrace> ts = traces_from(traces);
        AbrLadder ladder = ladder_from(video);
        SimOptions o = sim_options(noise, seed, segments, 1, 60);
        std::vector<AlgorithmEvaluation> results;
        {
          py::gil_scoped_release release;
          for (const AbrConfig& c : configs) {
            auto r = evaluate(c, ladder, ts, o);
            if (!r.ok()) {
              py::gil_scoped_acquire gil;
              throw StatusError(r.status().with_context(c.algorithm));
            }
            results.push_back(std::move(*r));
          }
        }
        py::dict out;
        for (const AlgorithmEvaluation& r : results) {
          py::dict e;
          py::list sessions;
          for (const SessionMetrics& m : r.sessions) sessions.append(metrics_dict(m));
          e["sessions"] = sessions;
          e["summary"] = summary_dict(r.summary);
          out[py::str(r.algorithm)] = e;
        }
        return out;
      },
      py::arg("algorithms"), py::arg("traces"), py::arg("video"), py::kw_only(), py::arg("noise") = false,
      py::arg("seed") = 42, py::arg("segments") = 48, R"doc(
Run algorithms over a trace set (one session per trace). algorithms: "all", a name, a Config or
dict, or a list of them; traces: a folder, a Trace or a list of Traces; video: a Ladder or path.
Returns {algorithm: {"sessions": [metrics dict per trace], "summary": {metric: (mean, ci95), ...,
"sessions": n}}}. Metrics: qoe_lin, qoe_log, qoe_hd (per scored segment), rebuffer_ratio,
rebuffer_seconds, startup_seconds, mean_bitrate_kbps, switches. Releases the GIL.)doc");

  m.def(
      "compare",
      [](const py::list& a, const py::list& b, const std::string& metric) {
        auto to_metrics = [](const py::list& l) {
          std::vector<SessionMetrics> out;
          for (py::handle h : l) {
            py::dict d = py::reinterpret_borrow<py::dict>(h);
            SessionMetrics m;
            m.trace = d["trace"].cast<std::string>();
            m.algorithm = d.contains("algorithm") ? d["algorithm"].cast<std::string>() : "";
            for (const char* k : {"qoe_lin", "qoe_log", "qoe_hd", "rebuffer_seconds", "rebuffer_ratio",
                                  "startup_seconds", "mean_bitrate_kbps"}) {
              if (!d.contains(k)) continue;
              double v = d[k].cast<double>();
              std::string key = k;
              if (key == "qoe_lin") m.qoe_lin = v;
              if (key == "qoe_log") m.qoe_log = v;
              if (key == "qoe_hd") m.qoe_hd = v;
              if (key == "rebuffer_seconds") m.rebuffer_seconds = v;
              if (key == "rebuffer_ratio") m.rebuffer_ratio = v;
              if (key == "startup_seconds") m.startup_seconds = v;
              if (key == "mean_bitrate_kbps") m.mean_bitrate_kbps = v;
            }
            if (d.contains("switches")) m.switches = d["switches"].cast<int>();
            out.push_back(m);
          }
          return out;
        };
        PairedComparison c = unwrap(compare_paired(to_metrics(a), to_metrics(b), metric));
        py::dict d;
        d["a"] = c.a;
        d["b"] = c.b;
        d["metric"] = c.metric;
        d["n"] = c.n;
        d["mean_a"] = c.mean_a;
        d["mean_b"] = c.mean_b;
        d["mean_difference"] = c.mean_difference;
        d["ci95"] = c.ci95;
        d["wins"] = c.wins;
        d["ties"] = c.ties;
        d["losses"] = c.losses;
        d["t"] = c.t;
        d["p_value"] = c.p_value;
        return d;
      },
      py::arg("a"), py::arg("b"), py::arg("metric") = "qoe_lin",
      "Paired comparison of two evaluate() session lists (matched by trace): mean difference a - b with its "
      "95% CI, wins/ties/losses of a, and the paired t test's p-value.");

  m.def(
      "plot_svg",
      [](const py::list& sessions, const NetworkTrace& trace, const std::string& title) {
        std::vector<SessionLog> logs;
        for (py::handle h : sessions) {
          py::dict d = py::reinterpret_borrow<py::dict>(h);
          SessionLog l;
          l.algorithm = d["algorithm"].cast<std::string>();
          l.trace = d["trace"].cast<std::string>();
          for (py::handle sh : d["segments"]) {
            py::dict s = py::reinterpret_borrow<py::dict>(sh);
            SegmentRecord r;
            r.segment = s["segment"].cast<int>();
            r.rendition = s["rendition"].cast<int>();
            r.bitrate_kbps = s["bitrate_kbps"].cast<double>();
            r.bytes = s["bytes"].cast<double>();
            r.request_time = s["request_time"].cast<double>();
            r.download_seconds = s["download_seconds"].cast<double>();
            r.rebuffer_seconds = s["rebuffer_seconds"].cast<double>();
            r.sleep_seconds = s["sleep_seconds"].cast<double>();
            r.buffer_seconds = s["buffer_seconds"].cast<double>();
            r.throughput_kbps = s["throughput_kbps"].cast<double>();
            l.segments.push_back(r);
          }
          logs.push_back(std::move(l));
        }
        PlotOptions o;
        o.title = title;
        return sessions_svg(logs, trace, o);
      },
      py::arg("sessions"), py::arg("trace"), py::arg("title") = "",
      "An SVG (str) of simulate() results on one trace: throughput and bitrate, and buffer, over time.");
}

}  // namespace streamforge::python

#include "streamforge/abr/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace streamforge::abr {
namespace {

constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// "Nice" tick step for a range: 1, 2 or 5 times a power of ten, about `target` ticks.
double tick_step(double range, int target) {
  if (!(range > 0)) return 1;
  const double raw = range / target;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * p) return m * p;
  }
  return 10 * p;
}

// One panel: maps data to pixels and draws its frame, grid and labels.
struct Panel {
  double x0, y0, w, h;      // pixels
  double t_max, y_max;      // data
  double px(double t) const { return x0 + w * std::clamp(t / t_max, 0.0, 1.0); }
  double py(double v) const { return y0 + h - h * std::clamp(v / y_max, 0.0, 1.0); }

  void frame(std::string& svg, const std::string& y_label, bool x_labels) const {
    svg += "<rect x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
           "\" fill=\"none\" stroke=\"#444\"/>\n";
    const double ys = tick_step(y_max, 5);
    for (double v = 0; v <= y_max + 1e-9; v += ys) {
      svg += "<line x1=\"" + num(x0) + "\" y1=\"" + num(py(v)) + "\" x2=\"" + num(x0 + w) + "\" y2=\"" + num(py(v)) +
             "\" stroke=\"#ddd\"/>\n";
      svg += "<text x=\"" + num(x0 - 6) + "\" y=\"" + num(py(v) + 4) + "\" text-anchor=\"end\">" + num(v) + "</text>\n";
    }
    const double xs = tick_step(t_max, 10);
    for (double t = 0; t <= t_max + 1e-9; t += xs) {
      svg += "<line x1=\"" + num(px(t)) + "\" y1=\"" + num(y0 + h) + "\" x2=\"" + num(px(t)) + "\" y2=\"" + num(y0 + h + 4) +
             "\" stroke=\"#444\"/>\n";
      if (x_labels) svg += "<text x=\"" + num(px(t)) + "\" y=\"" + num(y0 + h + 17) + "\" text-anchor=\"middle\">" + num(t) + "</text>\n";
    }
    svg += "<text transform=\"translate(" + num(x0 - 42) + "," + num(y0 + h / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
           escape(y_label) + "</text>\n";
  }
};

void polyline(std::string& svg, const std::vector<std::pair<double, double>>& pts, const char* color, double width,
              const char* extra = "") {
  if (pts.empty()) return;
  svg += "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"" + num(width) + "\" " + extra + " points=\"";
  for (const auto& [x, y] : pts) svg += num(x) + "," + num(y) + " ";
  svg += "\"/>\n";
}

double session_end(const SessionLog& s) {
  if (s.segments.empty()) return 0;
  const SegmentRecord& last = s.segments.back();
  // Playback of what is buffered continues after the last download.
  return last.request_time + last.download_seconds + last.sleep_seconds + last.buffer_seconds;
}

}  // namespace

std::string sessions_svg(const std::vector<SessionLog>& sessions, const NetworkTrace& trace, const PlotOptions& o) {
  double t_max = 1;
  double rate_max = 1, buffer_max = 10;
  for (const SessionLog& s : sessions) {
    t_max = std::max(t_max, session_end(s));
    for (const SegmentRecord& r : s.segments) {
      rate_max = std::max({rate_max, r.bitrate_kbps / 1000.0, r.throughput_kbps / 1000.0});
      buffer_max = std::max(buffer_max, r.buffer_seconds + r.sleep_seconds);
    }
  }
  // The link over session time (the simulator starts at the first row and wraps to time 0).
  std::vector<std::pair<double, double>> link;  // (session time, Mbit/s), step ends
  if (trace.time_s.size() >= 2) {
    double clock = 0, from = trace.time_s[0];
    size_t i = 1;
    for (int guard = 0; clock < t_max && guard < 1000000; ++guard) {
      const double to = trace.time_s[i];
      const double mbps = trace.mbps[i];
      if (to > from) {
        link.emplace_back(clock, mbps);
        clock += to - from;
        link.emplace_back(clock, mbps);
      }
      from = to;
      if (++i >= trace.time_s.size()) {
        i = 1;
        from = 0;
      }
    }
  }
  double link_max = 0;
  for (const auto& p : link) link_max = std::max(link_max, p.second);
  rate_max = std::max(rate_max, std::min(link_max, 2 * rate_max));  // a spike must not flatten the rest
  rate_max *= 1.05;

  const double left = 70, right = 20, top = 50, gap = 40, bottom = 70;
  const double plot_w = o.width - left - right;
  const double avail = o.height - top - gap - bottom;
  Panel rate{left, top, plot_w, avail * 0.55, t_max, rate_max};
  Panel buf{left, top + avail * 0.55 + gap, plot_w, avail * 0.45, t_max, buffer_max * 1.05};

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(o.width) + "\" height=\"" +
                    std::to_string(o.height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"" + num(left) + "\" y=\"22\" font-size=\"14\" font-weight=\"bold\">" +
         escape(o.title.empty() ? trace.name : o.title) + "</text>\n";
  rate.frame(svg, "Mbit/s", false);
  buf.frame(svg, "buffer (s)", true);
  svg += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(o.height - bottom + 32) +
         "\" text-anchor=\"middle\">session time (s)</text>\n";

  std::vector<std::pair<double, double>> pts;
  for (const auto& [t, v] : link) pts.emplace_back(rate.px(t), rate.py(v));
  polyline(svg, pts, "#999", 1.2);

  for (size_t a = 0; a < sessions.size(); ++a) {
    const SessionLog& s = sessions[a];
    const char* color = kColors[a % (sizeof(kColors) / sizeof(kColors[0]))];
    // Bitrate: the rendition being fetched, as a step over each download.
    pts.clear();
    for (const SegmentRecord& r : s.segments) {
      pts.emplace_back(rate.px(r.request_time), rate.py(r.bitrate_kbps / 1000.0));
      pts.emplace_back(rate.px(r.request_time + r.download_seconds + r.sleep_seconds), rate.py(r.bitrate_kbps / 1000.0));
    }
    polyline(svg, pts, color, 2);
    for (const SegmentRecord& r : s.segments) {
      svg += "<circle cx=\"" + num(rate.px(r.request_time + r.download_seconds)) + "\" cy=\"" +
             num(rate.py(r.throughput_kbps / 1000.0)) + "\" r=\"2.2\" fill=\"" + color + "\" fill-opacity=\"0.6\"/>\n";
    }
    // Buffer: drains while a segment downloads (stalling at 0), jumps by one segment when it
    // arrives, drains again through a buffer-full pause.
    pts.clear();
    double before = 0;
    for (const SegmentRecord& r : s.segments) {
      const double t0 = r.request_time, t1 = t0 + r.download_seconds;
      pts.emplace_back(buf.px(t0), buf.py(before));
      if (r.rebuffer_seconds > 0) {
        const double empty_at = t1 - r.rebuffer_seconds;
        pts.emplace_back(buf.px(empty_at), buf.py(0));
        pts.emplace_back(buf.px(t1), buf.py(0));
        svg += "<rect x=\"" + num(buf.px(empty_at)) + "\" y=\"" + num(buf.y0) + "\" width=\"" +
               num(std::max(buf.px(t1) - buf.px(empty_at), 0.5)) + "\" height=\"" + num(buf.h) +
               "\" fill=\"#d62728\" fill-opacity=\"0.12\"/>\n";
      } else {
        pts.emplace_back(buf.px(t1), buf.py(before - r.download_seconds));
      }
      const double arrived = r.buffer_seconds + r.sleep_seconds;
      pts.emplace_back(buf.px(t1), buf.py(arrived));
      pts.emplace_back(buf.px(t1 + r.sleep_seconds), buf.py(r.buffer_seconds));
      before = r.buffer_seconds;
    }
    if (!s.segments.empty()) pts.emplace_back(buf.px(session_end(s)), buf.py(0));
    polyline(svg, pts, color, 1.5);
    // Legend.
    const double lx = left + 10 + 150.0 * static_cast<double>(a % 6), ly = o.height - 22 - 16.0 * static_cast<double>(a / 6);
    svg += "<line x1=\"" + num(lx) + "\" y1=\"" + num(ly - 4) + "\" x2=\"" + num(lx + 20) + "\" y2=\"" + num(ly - 4) +
           "\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n";
    svg += "<text x=\"" + num(lx + 25) + "\" y=\"" + num(ly) + "\">" + escape(s.algorithm) + "</text>\n";
  }
  const double lx = left + plot_w - 230, ly = top - 8;
  svg += "<line x1=\"" + num(lx) + "\" y1=\"" + num(ly - 4) + "\" x2=\"" + num(lx + 20) + "\" y2=\"" + num(ly - 4) +
         "\" stroke=\"#999\" stroke-width=\"1.2\"/>\n<text x=\"" + num(lx + 25) + "\" y=\"" + num(ly) +
         "\">link throughput (dots: measured)</text>\n";
  svg += "</svg>\n";
  return svg;
}

}  // namespace streamforge::abr

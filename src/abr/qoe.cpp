#include "streamforge/abr/qoe.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "abr/stats.h"

namespace streamforge::abr {
namespace {

double hd_reward(const QoeWeights& w, const AbrLadder& ladder, int rendition) {
  if (w.hd_reward.empty()) return 0;
  // Rank of the rendition by bitrate (ties by index), when the ladder matches the table's size.
  if (ladder.renditions.size() == w.hd_reward.size()) {
    int rank = 0;
    const AbrRendition& r = ladder.renditions[static_cast<size_t>(rendition)];
    for (size_t i = 0; i < ladder.renditions.size(); ++i) {
      const int b = ladder.renditions[i].bitrate_kbps;
      if (b < r.bitrate_kbps || (b == r.bitrate_kbps && static_cast<int>(i) < rendition)) ++rank;
    }
    return w.hd_reward[static_cast<size_t>(rank)];
  }
  const double kbps = ladder.renditions[static_cast<size_t>(rendition)].bitrate_kbps;
  size_t best = 0;
  for (size_t i = 0; i < w.hd_reward.size() && i < w.hd_reference_kbps.size(); ++i) {
    if (std::abs(w.hd_reference_kbps[i] - kbps) < std::abs(w.hd_reference_kbps[best] - kbps)) best = i;
  }
  return w.hd_reward[best];
}

bool lower_is_better(std::string_view metric) {
  return metric == "rebuffer_ratio" || metric == "rebuffer_seconds" || metric == "startup_seconds" ||
         metric == "switches";
}

}  // namespace

SessionMetrics session_metrics(const SessionLog& log, const AbrLadder& ladder, const QoeWeights& w) {
  SessionMetrics m;
  m.trace = log.trace;
  m.algorithm = log.algorithm;
  if (log.segments.empty()) return m;
  double r_min = 1e300;
  for (const AbrRendition& r : ladder.renditions) r_min = std::min<double>(r_min, r.bitrate_kbps);
  m.startup_seconds = log.segments[0].download_seconds;
  double lin = 0, lg = 0, hd = 0, bitrate = 0;
  for (size_t k = 1; k < log.segments.size(); ++k) {
    const SegmentRecord& s = log.segments[k];
    const SegmentRecord& p = log.segments[k - 1];
    const double stall = s.rebuffer_seconds;
    lin += s.bitrate_kbps / 1000.0 - w.lin_rebuffer * stall - w.switch_penalty * std::abs(s.bitrate_kbps - p.bitrate_kbps) / 1000.0;
    const double u = std::log(s.bitrate_kbps / r_min), up = std::log(p.bitrate_kbps / r_min);
    lg += u - w.log_rebuffer * stall - w.switch_penalty * std::abs(u - up);
    const double h = hd_reward(w, ladder, s.rendition), hp = hd_reward(w, ladder, p.rendition);
    hd += h - w.hd_rebuffer * stall - w.switch_penalty * std::abs(h - hp);
    bitrate += s.bitrate_kbps;
    m.rebuffer_seconds += stall;
    if (s.rendition != p.rendition) ++m.switches;
  }
  m.scored_segments = static_cast<int>(log.segments.size()) - 1;
  if (m.scored_segments > 0) {
    const double n = m.scored_segments;
    m.qoe_lin = lin / n;
    m.qoe_log = lg / n;
    m.qoe_hd = hd / n;
    m.mean_bitrate_kbps = bitrate / n;
  }
  const double content = log.segment_seconds * static_cast<double>(log.segments.size());
  m.rebuffer_ratio = m.rebuffer_seconds / (m.rebuffer_seconds + content);
  return m;
}

MeanCi mean_ci(const std::vector<double>& v) {
  MeanCi out;
  out.n = static_cast<int>(v.size());
  if (v.empty()) return out;
  double sum = 0;
  for (double x : v) sum += x;
  out.mean = sum / out.n;
  if (out.n < 2) return out;
  double ss = 0;
  for (double x : v) ss += (x - out.mean) * (x - out.mean);
  const double sd = std::sqrt(ss / (out.n - 1));
  out.ci95 = t_critical_95(out.n - 1) * sd / std::sqrt(static_cast<double>(out.n));
  return out;
}

const std::vector<std::string_view>& metric_names() {
  static const std::vector<std::string_view> kNames = {"qoe_lin",          "qoe_log",         "qoe_hd",
                                                       "rebuffer_ratio",   "rebuffer_seconds", "startup_seconds",
                                                       "mean_bitrate_kbps", "switches"};
  return kNames;
}

Result<double> metric_value(const SessionMetrics& m, std::string_view metric) {
  if (metric == "qoe_lin") return m.qoe_lin;
  if (metric == "qoe_log") return m.qoe_log;
  if (metric == "qoe_hd") return m.qoe_hd;
  if (metric == "rebuffer_ratio") return m.rebuffer_ratio;
  if (metric == "rebuffer_seconds") return m.rebuffer_seconds;
  if (metric == "startup_seconds") return m.startup_seconds;
  if (metric == "mean_bitrate_kbps") return m.mean_bitrate_kbps;
  if (metric == "switches") return static_cast<double>(m.switches);
  return InvalidArgumentError("unknown metric '" + std::string(metric) +
                              "' (qoe_lin, qoe_log, qoe_hd, rebuffer_ratio, rebuffer_seconds, startup_seconds, "
                              "mean_bitrate_kbps, switches)", "metric");
}

MetricsSummary summarize(const std::vector<SessionMetrics>& sessions) {
  MetricsSummary s;
  s.sessions = static_cast<int>(sessions.size());
  if (!sessions.empty()) s.algorithm = sessions[0].algorithm;
  auto column = [&](auto field) {
    std::vector<double> v;
    v.reserve(sessions.size());
    for (const SessionMetrics& m : sessions) v.push_back(static_cast<double>(m.*field));
    return mean_ci(v);
  };
  s.qoe_lin = column(&SessionMetrics::qoe_lin);
  s.qoe_log = column(&SessionMetrics::qoe_log);
  s.qoe_hd = column(&SessionMetrics::qoe_hd);
  s.rebuffer_ratio = column(&SessionMetrics::rebuffer_ratio);
  s.rebuffer_seconds = column(&SessionMetrics::rebuffer_seconds);
  s.startup_seconds = column(&SessionMetrics::startup_seconds);
  s.mean_bitrate_kbps = column(&SessionMetrics::mean_bitrate_kbps);
  s.switches = column(&SessionMetrics::switches);
  return s;
}

Result<PairedComparison> compare_paired(const std::vector<SessionMetrics>& a, const std::vector<SessionMetrics>& b,
                                        std::string_view metric) {
  PairedComparison c;
  c.metric = std::string(metric);
  if (!a.empty()) c.a = a[0].algorithm;
  if (!b.empty()) c.b = b[0].algorithm;
  std::map<std::string, const SessionMetrics*> by_trace;
  for (const SessionMetrics& m : b) by_trace[m.trace] = &m;
  std::vector<double> diffs, va, vb;
  for (const SessionMetrics& m : a) {
    auto it = by_trace.find(m.trace);
    if (it == by_trace.end()) continue;
    SF_ASSIGN_OR_RETURN(double x, metric_value(m, metric));
    SF_ASSIGN_OR_RETURN(double y, metric_value(*it->second, metric));
    va.push_back(x);
    vb.push_back(y);
    diffs.push_back(x - y);
    const double better = lower_is_better(metric) ? y - x : x - y;
    if (std::abs(x - y) <= 1e-12 * std::max(1.0, std::abs(x))) {
      ++c.ties;
    } else if (better > 0) {
      ++c.wins;
    } else {
      ++c.losses;
    }
  }
  if (diffs.empty()) return InvalidArgumentError("the two result sets share no trace", "traces");
  c.n = static_cast<int>(diffs.size());
  c.mean_a = mean_ci(va).mean;
  c.mean_b = mean_ci(vb).mean;
  MeanCi d = mean_ci(diffs);
  c.mean_difference = d.mean;
  c.ci95 = d.ci95;
  if (c.n >= 2) {
    double ss = 0;
    for (double x : diffs) ss += (x - d.mean) * (x - d.mean);
    const double se = std::sqrt(ss / (c.n - 1)) / std::sqrt(static_cast<double>(c.n));
    c.t = se > 0 ? d.mean / se : (d.mean == 0 ? 0 : std::copysign(INFINITY, d.mean));
    c.p_value = t_two_sided_p(c.t, c.n - 1);
  }
  return c;
}

}  // namespace streamforge::abr

#include "streamforge/abr/abr_config.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_fields.h"

namespace streamforge::abr {
namespace {

using nlohmann::json;

// One field list per struct, used by from_json, to_json and the unknown-key check, so they
// cannot drift apart.
template <typename F> void visit(AbrObjective& p, F&& f) {
  f("utility", p.utility);
  f("rebuffer_penalty", p.rebuffer_penalty);
  f("switch_penalty", p.switch_penalty);
}
template <typename F> void visit(ThroughputParams& p, F&& f) {
  f("fast_half_life_seconds", p.fast_half_life_seconds);
  f("slow_half_life_seconds", p.slow_half_life_seconds);
  f("window", p.window);
  f("safety_factor", p.safety_factor);
  f("default_kbps", p.default_kbps);
}
template <typename F> void visit(BbaParams& p, F&& f) {
  f("reservoir_seconds", p.reservoir_seconds);
  f("cushion_seconds", p.cushion_seconds);
}
template <typename F> void visit(BolaParams& p, F&& f) {
  f("stable_buffer_seconds", p.stable_buffer_seconds);
  f("minimum_buffer_seconds", p.minimum_buffer_seconds);
  f("buffer_per_level_seconds", p.buffer_per_level_seconds);
  f("safety_factor", p.safety_factor);
}
template <typename F> void visit(MpcParams& p, F&& f) {
  f("horizon", p.horizon);
  f("window", p.window);
}
template <typename F> void visit(StreamforgeParams& p, F&& f) {
  f("horizon", p.horizon);
  f("throughput_window", p.throughput_window);
  f("error_window", p.error_window);
  f("scenarios", p.scenarios);
  f("prior_weight", p.prior_weight);
  f("collapse_share", p.collapse_share);
  f("shift_ratio", p.shift_ratio);
  f("drift_ratio", p.drift_ratio);
  f("persistence", p.persistence);
  f("buffer_value", p.buffer_value);
  f("target_buffer_seconds", p.target_buffer_seconds);
}
template <typename F> void visit(DeviceLimits& p, F&& f) {
  f("max_width", p.max_width);
  f("max_height", p.max_height);
  f("codecs", p.codecs);
  f("hdr", p.hdr);
  f("screen_width", p.screen_width);
  f("screen_height", p.screen_height);
}
template <typename F> void visit(ViewerCap& p, F&& f) {
  f("max_bitrate_kbps", p.max_bitrate_kbps);
  f("max_height", p.max_height);
  f("data_saver", p.data_saver);
  f("data_saver_kbps", p.data_saver_kbps);
}

// Reads one nested object with field-named errors ("bola.safety_factor: must be a number").
template <typename T>
Status read_section(const json& j, const char* key, T& out) {
  if (!j.contains(key)) return OkStatus();
  const json& o = j.at(key);
  if (!o.is_object()) return InvalidArgumentError("must be an object", key);
  core::JsonFieldReader rd(o, key);
  std::set<std::string> known;
  visit(out, [&](const char* name, auto& field) {
    known.insert(name);
    using F = std::decay_t<decltype(field)>;
    if constexpr (std::is_same_v<F, std::vector<std::string>>) {
      if (!o.contains(name) || !rd.status().ok()) return;
      const json& a = o.at(name);
      if (!a.is_array()) return rd.fail(name, "must be an array of strings");
      field.clear();
      for (const json& s : a) {
        if (!s.is_string()) return rd.fail(name, "must be an array of strings");
        field.push_back(s.get<std::string>());
      }
    } else {
      rd.get(name, field);
    }
  });
  for (auto& [k, _] : o.items()) {
    if (!known.count(k)) rd.fail(k.c_str(), "unknown key (typo?)");
  }
  return rd.status();
}

template <typename T>
nlohmann::ordered_json write_section(const T& in) {
  nlohmann::ordered_json o;
  T copy = in;
  visit(copy, [&](const char* name, auto& field) { o[name] = field; });
  return o;
}

Status positive(double v, const char* field) {
  if (!(v > 0) || !std::isfinite(v)) return InvalidArgumentError("must be positive", field);
  return OkStatus();
}
Status in_range(double v, double lo, double hi, const char* field) {
  if (!(v >= lo && v <= hi)) {
    return InvalidArgumentError("must be in [" + json(lo).dump() + ", " + json(hi).dump() + "]", field);
  }
  return OkStatus();
}

}  // namespace

const std::vector<std::string_view>& abr_algorithm_names() {
  static const std::vector<std::string_view> kNames = {"streamforge", "robust-mpc", "mpc", "bola", "bba",
                                                       "throughput-ewma", "throughput-hm"};
  return kNames;
}

Status AbrConfig::validate() const {
  bool known = false;
  for (std::string_view n : abr_algorithm_names()) known |= n == algorithm;
  if (!known) {
    std::string list;
    for (std::string_view n : abr_algorithm_names()) list += (list.empty() ? "" : ", ") + std::string(n);
    return InvalidArgumentError("unknown algorithm '" + algorithm + "' (" + list + ")", "algorithm");
  }
  SF_RETURN_IF_ERROR(in_range(max_buffer_seconds, 1, 3600, "max_buffer_seconds"));
  if (objective.utility != "linear" && objective.utility != "log") {
    return InvalidArgumentError("must be \"linear\" or \"log\"", "objective.utility");
  }
  SF_RETURN_IF_ERROR(in_range(objective.rebuffer_penalty, 0, 1000, "objective.rebuffer_penalty"));
  SF_RETURN_IF_ERROR(in_range(objective.switch_penalty, 0, 1000, "objective.switch_penalty"));
  SF_RETURN_IF_ERROR(positive(throughput.fast_half_life_seconds, "throughput.fast_half_life_seconds"));
  SF_RETURN_IF_ERROR(positive(throughput.slow_half_life_seconds, "throughput.slow_half_life_seconds"));
  SF_RETURN_IF_ERROR(in_range(throughput.window, 1, 32, "throughput.window"));
  SF_RETURN_IF_ERROR(in_range(throughput.safety_factor, 0.05, 2, "throughput.safety_factor"));
  SF_RETURN_IF_ERROR(positive(throughput.default_kbps, "throughput.default_kbps"));
  SF_RETURN_IF_ERROR(in_range(bba.reservoir_seconds, 0, 3600, "bba.reservoir_seconds"));
  SF_RETURN_IF_ERROR(positive(bba.cushion_seconds, "bba.cushion_seconds"));
  SF_RETURN_IF_ERROR(positive(bola.stable_buffer_seconds, "bola.stable_buffer_seconds"));
  SF_RETURN_IF_ERROR(positive(bola.minimum_buffer_seconds, "bola.minimum_buffer_seconds"));
  SF_RETURN_IF_ERROR(in_range(bola.buffer_per_level_seconds, 0, 60, "bola.buffer_per_level_seconds"));
  SF_RETURN_IF_ERROR(in_range(bola.safety_factor, 0.05, 2, "bola.safety_factor"));
  SF_RETURN_IF_ERROR(in_range(mpc.horizon, 1, 8, "mpc.horizon"));
  SF_RETURN_IF_ERROR(in_range(mpc.window, 1, 32, "mpc.window"));
  SF_RETURN_IF_ERROR(in_range(streamforge.horizon, 1, 8, "streamforge.horizon"));
  SF_RETURN_IF_ERROR(in_range(streamforge.throughput_window, 1, 32, "streamforge.throughput_window"));
  SF_RETURN_IF_ERROR(in_range(streamforge.error_window, 1, 32, "streamforge.error_window"));
  SF_RETURN_IF_ERROR(in_range(streamforge.scenarios, 1, 16, "streamforge.scenarios"));
  SF_RETURN_IF_ERROR(in_range(streamforge.prior_weight, 0, 100, "streamforge.prior_weight"));
  SF_RETURN_IF_ERROR(in_range(streamforge.collapse_share, 0, 0.9, "streamforge.collapse_share"));
  SF_RETURN_IF_ERROR(in_range(streamforge.shift_ratio, 0, 0.99, "streamforge.shift_ratio"));
  SF_RETURN_IF_ERROR(in_range(streamforge.drift_ratio, 0, 0.99, "streamforge.drift_ratio"));
  SF_RETURN_IF_ERROR(in_range(streamforge.persistence, 0, 1, "streamforge.persistence"));
  SF_RETURN_IF_ERROR(in_range(streamforge.buffer_value, 0, 100, "streamforge.buffer_value"));
  SF_RETURN_IF_ERROR(in_range(streamforge.target_buffer_seconds, 0, 3600, "streamforge.target_buffer_seconds"));
  if (device.max_width < 0) return InvalidArgumentError("must not be negative", "device.max_width");
  if (device.max_height < 0) return InvalidArgumentError("must not be negative", "device.max_height");
  if (device.screen_width < 0) return InvalidArgumentError("must not be negative", "device.screen_width");
  if (device.screen_height < 0) return InvalidArgumentError("must not be negative", "device.screen_height");
  if (cap.max_bitrate_kbps < 0) return InvalidArgumentError("must not be negative", "cap.max_bitrate_kbps");
  if (cap.max_height < 0) return InvalidArgumentError("must not be negative", "cap.max_height");
  if (cap.data_saver_kbps <= 0) return InvalidArgumentError("must be positive", "cap.data_saver_kbps");
  return OkStatus();
}

Result<AbrConfig> AbrConfig::from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgumentError("ABR config JSON does not parse (check commas and quotes)");
  if (!j.is_object()) return InvalidArgumentError("ABR config JSON must be an object");
  AbrConfig c;
  core::JsonFieldReader top(j, "");
  top.reject_unknown({"algorithm", "max_buffer_seconds", "objective", "throughput", "bba", "bola", "mpc",
                      "streamforge", "device", "cap"});
  top.get("algorithm", c.algorithm);
  top.get("max_buffer_seconds", c.max_buffer_seconds);
  SF_RETURN_IF_ERROR(top.status());
  SF_RETURN_IF_ERROR(read_section(j, "objective", c.objective));
  SF_RETURN_IF_ERROR(read_section(j, "throughput", c.throughput));
  SF_RETURN_IF_ERROR(read_section(j, "bba", c.bba));
  SF_RETURN_IF_ERROR(read_section(j, "bola", c.bola));
  SF_RETURN_IF_ERROR(read_section(j, "mpc", c.mpc));
  SF_RETURN_IF_ERROR(read_section(j, "streamforge", c.streamforge));
  SF_RETURN_IF_ERROR(read_section(j, "device", c.device));
  SF_RETURN_IF_ERROR(read_section(j, "cap", c.cap));
  SF_RETURN_IF_ERROR(c.validate());
  return c;
}

std::string AbrConfig::to_json(int indent) const {
  nlohmann::ordered_json j;
  j["algorithm"] = algorithm;
  j["max_buffer_seconds"] = max_buffer_seconds;
  j["objective"] = write_section(objective);
  j["throughput"] = write_section(throughput);
  j["bba"] = write_section(bba);
  j["bola"] = write_section(bola);
  j["mpc"] = write_section(mpc);
  j["streamforge"] = write_section(streamforge);
  j["device"] = write_section(device);
  j["cap"] = write_section(cap);
  return j.dump(indent);
}

}  // namespace streamforge::abr

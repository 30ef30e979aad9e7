// AbrConfig: which ABR algorithm to run and its parameters, plus the device limits and viewer
// cap, as one value (JSON-loadable, validated up front with field-named errors such as
// "bola.minimum_buffer_seconds"). Defaults are the published ones unless a comment says otherwise.
//
// Thread-safety: a value; concurrent const use is safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/abr/limits.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::abr {

// The per-segment QoE the lookahead controllers (MPC, streamforge) maximise. "linear" is QoE_lin of
// the MPC/Pensieve papers: bitrate (Mbit/s) - rebuffer_penalty * stall (s) - switch_penalty * |change|
// (Mbit/s); "log" uses log(R/R_min) as the utility (QoE_log, rebuffer_penalty 2.66).
struct AbrObjective {
  std::string utility = "linear";  // "linear" or "log"
  double rebuffer_penalty = 4.3;
  double switch_penalty = 1.0;
};

// Throughput rules (hls.js / Shaka Player style EWMA, and the harmonic mean of recent downloads).
struct ThroughputParams {
  double fast_half_life_seconds = 3;  // hls.js VOD defaults (abrEwmaFastVoD / abrEwmaSlowVoD)
  double slow_half_life_seconds = 9;
  int window = 5;                     // downloads in the harmonic mean
  double safety_factor = 0.9;         // pick the highest bitrate <= safety_factor * estimate
  double default_kbps = 1000;         // estimate before the first download
};

// BBA-0 (Huang et al., SIGCOMM 2014): lowest rendition below the reservoir, a linear rate map
// over the cushion, highest above it. 5 s / 10 s as in the Pensieve evaluation's 4 s segments.
struct BbaParams {
  double reservoir_seconds = 5;
  double cushion_seconds = 10;
};

// BOLA (Spiteri et al., INFOCOM 2016) as dash.js runs it (BOLA-E: throughput-based startup and a
// placeholder buffer, BOLA-O oscillation guard).
struct BolaParams {
  double stable_buffer_seconds = 12;   // dash.js streaming.buffer.stableBufferTime
  double minimum_buffer_seconds = 10;  // never prefer more than the lowest rendition below this
  double buffer_per_level_seconds = 2; // buffer target grows by this per rendition
  double safety_factor = 0.9;          // on throughput in startup / BOLA-O
};

// MPC / RobustMPC (Yin et al., SIGCOMM 2015): exhaustive search of the next `horizon` segments
// under the harmonic-mean prediction (RobustMPC divides it by 1 + max recent relative error).
struct MpcParams {
  int horizon = 5;
  int window = 5;   // downloads in the harmonic mean and in the error maximum
};

// streamforge's own controller (see the README's ABR section for the design).
struct StreamforgeParams {
  int horizon = 5;                    // segments planned ahead
  int throughput_window = 5;          // downloads in the harmonic-mean prediction
  int error_window = 32;              // past prediction errors kept (actual / predicted rate)
  int scenarios = 8;                  // throughput scenarios a plan is scored against (error quantiles)
  double prior_weight = 2;            // weight of the startup error prior, in downloads (fades as errors are seen)
  double collapse_share = 0.1;        // share of the error distribution kept for a collapse never seen (never fades)
  double shift_ratio = 0.5;           // a download below this x the prediction restarts the prediction
                                      // window at it (a level shift down; 0 = never)
  double drift_ratio = 0.85;          // two downloads in a row below this x their predictions restart it
                                      // at the last two (a drift down; 0 = never)
  double persistence = 1;             // a scenario's error per planned step: ratio^(persistence^step)
                                      // (1 = held for the whole plan; < 1 fades it, see the README)
  double buffer_value = 0.15;         // QoE per second of buffer left at the plan's end ...
  double target_buffer_seconds = 20;  // ... up to this much (less near the end of the video)
};

struct AbrConfig {
  // "streamforge", "robust-mpc", "mpc", "bola", "bba", "throughput-ewma", "throughput-hm".
  std::string algorithm = "streamforge";
  double max_buffer_seconds = 60;  // the player's buffer cap (it stops fetching above it)
  AbrObjective objective;
  ThroughputParams throughput;
  BbaParams bba;
  BolaParams bola;
  MpcParams mpc;
  StreamforgeParams streamforge;
  DeviceLimits device;
  ViewerCap cap;

  Status validate() const;
  static Result<AbrConfig> from_json(std::string_view json);
  std::string to_json(int indent = 2) const;
};

// Every algorithm name make_abr_controller() accepts, ours first.
const std::vector<std::string_view>& abr_algorithm_names();

}  // namespace streamforge::abr

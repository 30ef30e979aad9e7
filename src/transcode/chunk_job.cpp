// ChunkJob's JSON form; see chunk_job.h.
#include "transcode/chunk_job.h"

#include <nlohmann/json.hpp>

#include "core/json_fields.h"

namespace streamforge {

std::string ChunkJob::to_json() const {
  nlohmann::json j;
  j["source"] = source;
  j["spec"] = nlohmann::json::parse(spec.to_json());
  j["index"] = index;
  j["count"] = count;
  j["start_pts"] = start_pts;
  j["end_pts"] = end_pts;
  j["warmup_start_pts"] = warmup_start_pts;
  j["origin_pts"] = origin_pts;
  j["time_base"] = {time_base.num, time_base.den};
  j["encoder_threads"] = encoder_threads;
  j["fail_on_damage"] = fail_on_damage;
  return j.dump();
}

// A job may arrive from another machine: every field is checked, so a worker never seeks, cuts or
// rescales with values that make no sense (a zero time base, an empty or inverted range).
Result<ChunkJob> ChunkJob::from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgumentError("chunk job JSON does not parse as an object");
  for (const char* key : {"source", "spec", "index", "count", "start_pts", "end_pts", "origin_pts", "time_base",
                          "encoder_threads"}) {
    if (!j.contains(key)) return InvalidArgumentError("missing (required in a chunk job)", key);
  }
  ChunkJob job;
  core::JsonFieldReader rd(j, "");
  rd.reject_unknown({"source", "spec", "index", "count", "start_pts", "end_pts", "warmup_start_pts", "origin_pts",
                     "time_base", "encoder_threads", "fail_on_damage"});
  rd.get("source", job.source);
  rd.get("index", job.index);
  rd.get("count", job.count);
  rd.get("start_pts", job.start_pts);
  rd.get("end_pts", job.end_pts);
  rd.get("warmup_start_pts", job.warmup_start_pts);  // optional: jobs from before warm-up have none
  rd.get("origin_pts", job.origin_pts);
  rd.get("encoder_threads", job.encoder_threads);
  rd.get("fail_on_damage", job.fail_on_damage);  // optional: jobs from before it have none
  SF_RETURN_IF_ERROR(rd.status());
  if (!j["spec"].is_object()) return InvalidArgumentError("must be an object", "spec");
  auto spec = LadderSpec::from_json(j["spec"].dump());
  if (!spec.ok()) return spec.status().with_field_prefix("spec");
  job.spec = std::move(*spec);
  const nlohmann::json& tb = j["time_base"];
  if (!tb.is_array() || tb.size() != 2 || !tb[0].is_number_integer() || !tb[1].is_number_integer() ||
      tb[0].get<int64_t>() <= 0 || tb[1].get<int64_t>() <= 0 || tb[0].get<int64_t>() > INT32_MAX ||
      tb[1].get<int64_t>() > INT32_MAX) {
    return InvalidArgumentError("must be [num, den] with 0 < num, den <= 2^31-1", "time_base");
  }
  job.time_base = {tb[0].get<int64_t>(), tb[1].get<int64_t>()};
  if (job.source.empty()) return InvalidArgumentError("must not be empty", "source");
  if (job.count < 1) return InvalidArgumentError("must be at least 1", "count");
  if (job.index < 0 || job.index >= job.count) return InvalidArgumentError("must be in 0..count-1", "index");
  if (job.start_pts >= job.end_pts) return InvalidArgumentError("must be after start_pts", "end_pts");
  if (job.warmup_start_pts != INT64_MAX && job.warmup_start_pts > job.start_pts) {
    return InvalidArgumentError("must not be after start_pts", "warmup_start_pts");
  }
  if (job.encoder_threads < 0 || job.encoder_threads > 256) return InvalidArgumentError("must be 0..256", "encoder_threads");
  return job;
}

}  // namespace streamforge

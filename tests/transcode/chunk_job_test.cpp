// A chunk job is a value that can travel (a later job queue sends it to another machine): it must
// survive JSON unchanged, and a worker holding only the JSON must encode the same chunk.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "streamforge/av/probe.h"
#include "test_media.h"
#include "transcode/chunked.h"

namespace streamforge {
namespace {

ChunkJob sample_job(const std::string& source) {
  ChunkJob job;
  job.source = source;
  auto spec = LadderSpec::from_json(R"({"gop_seconds": 1, "video": [
      {"name": "120p", "height": 120, "bitrate_kbps": 150, "preset": "ultrafast"}]})");
  EXPECT_TRUE(spec.ok());
  job.spec = *spec;
  job.index = 1;
  job.count = 2;
  job.origin_pts = 0;
  job.time_base = {1, 15360};
  job.start_pts = 15360;     // second 1 ..
  job.end_pts = 2 * 15360;   // .. to second 2
  job.encoder_threads = 1;
  job.fail_on_damage = true;
  return job;
}

// 3 s, 30 fps, video only.
std::string three_second_clip() {
  TestClipSpec clip;
  clip.duration_seconds = 3;
  clip.audio = false;
  return testing::cached_clip("chunk3s", clip);
}

TEST(ChunkJob, JsonRoundTrip) {
  ChunkJob a = sample_job("/media/title.mp4");
  auto b = ChunkJob::from_json(a.to_json());
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(b->to_json(), a.to_json());
  EXPECT_EQ(b->source, a.source);
  EXPECT_EQ(b->start_pts, a.start_pts);
  EXPECT_EQ(b->end_pts, a.end_pts);
  EXPECT_EQ(b->warmup_start_pts, a.warmup_start_pts);
  EXPECT_EQ(b->time_base, a.time_base);
  EXPECT_TRUE(b->fail_on_damage);
  EXPECT_EQ(b->spec.to_json(), a.spec.to_json());
}

TEST(ChunkJob, JsonWithoutWarmUpMeansNone) {
  nlohmann::json j = nlohmann::json::parse(sample_job("/media/title.mp4").to_json());
  j.erase("warmup_start_pts");
  auto job = ChunkJob::from_json(j.dump());
  ASSERT_TRUE(job.ok()) << job.status().to_string();
  EXPECT_EQ(job->warmup_start_pts, INT64_MAX);
}

TEST(ChunkJob, JsonWithoutFailOnDamageConceals) {
  nlohmann::json j = nlohmann::json::parse(sample_job("/media/title.mp4").to_json());
  j.erase("fail_on_damage");
  auto job = ChunkJob::from_json(j.dump());
  ASSERT_TRUE(job.ok()) << job.status().to_string();
  EXPECT_FALSE(job->fail_on_damage);
}

TEST(ChunkJob, RejectsBrokenJson) {
  EXPECT_FALSE(ChunkJob::from_json("{").ok());
  EXPECT_FALSE(ChunkJob::from_json(R"({"source": "x"})").ok());
  auto bad_spec = ChunkJob::from_json(R"({"source": "x", "spec": {"gop_seconds": -1}, "index": 0, "count": 1,
      "start_pts": 0, "end_pts": 1, "origin_pts": 0, "time_base": [1, 1], "encoder_threads": 1})");
  ASSERT_FALSE(bad_spec.ok());
  EXPECT_EQ(bad_spec.status().field(), "spec.gop_seconds");
}

// A job may come from another machine: values a worker could not use are refused by name.
TEST(ChunkJob, RejectsValuesAWorkerCannotUse) {
  const nlohmann::json good = nlohmann::json::parse(sample_job("/media/title.mp4").to_json());
  auto field_of = [&](const char* key, nlohmann::json value) {
    nlohmann::json j = good;
    j[key] = std::move(value);
    auto job = ChunkJob::from_json(j.dump());
    return job.ok() ? std::string("(accepted)") : job.status().field();
  };
  EXPECT_EQ(field_of("time_base", {1, 0}), "time_base");
  EXPECT_EQ(field_of("time_base", {1}), "time_base");
  EXPECT_EQ(field_of("index", 2), "index");  // count is 2
  EXPECT_EQ(field_of("count", 0), "count");
  EXPECT_EQ(field_of("end_pts", 15360), "end_pts");  // = start_pts
  EXPECT_EQ(field_of("warmup_start_pts", 20000), "warmup_start_pts");
  EXPECT_EQ(field_of("encoder_threads", 100000), "encoder_threads");
  EXPECT_EQ(field_of("index", 4294967297LL), "index");  // would wrap to 1 in an int
  EXPECT_EQ(field_of("source", ""), "source");
  EXPECT_EQ(field_of("start_pts", "0"), "start_pts");
  EXPECT_EQ(field_of("extra", 1), "extra");
  nlohmann::json missing = good;
  missing.erase("end_pts");
  auto job = ChunkJob::from_json(missing.dump());
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().field(), "end_pts");
}

TEST(ChunkJob, AWorkerWithOnlyTheJsonEncodesTheChunk) {
  const std::string src = three_second_clip();
  auto info = probe(src);
  ASSERT_TRUE(info.ok());
  ChunkJob job = sample_job(src);
  auto shipped = ChunkJob::from_json(job.to_json());  // what the remote worker receives
  ASSERT_TRUE(shipped.ok());
  auto ladder = resolve_ladder(shipped->spec, *info);
  ASSERT_TRUE(ladder.ok());
  auto result = encode_chunk(*shipped, *ladder, CancelToken::none());
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  ASSERT_EQ(result->packets.size(), 1u);
  EXPECT_EQ(result->source_frames, 30);  // exactly second 1..2 of a 30 fps clip
  ASSERT_EQ(result->packets[0].size(), 30u);
  int keyframes = 0;
  for (auto& p : result->packets[0]) {
    EXPECT_GE(p.pts, job.start_pts);
    EXPECT_LT(p.pts, job.end_pts);
    keyframes += p.keyframe ? 1 : 0;
  }
  EXPECT_EQ(keyframes, 1);  // the chunk starts on a GOP boundary and holds one 1 s GOP
}

// With warm-up the chunk's encoder also sees second 0..1, and only second 1..2 comes out: the same
// frames and keyframe, different bytes (the rate control started from what it learnt).
TEST(ChunkJob, WarmUpFramesAreEncodedAndTheirPacketsDropped) {
  const std::string src = three_second_clip();
  auto info = probe(src);
  ASSERT_TRUE(info.ok());
  ChunkJob cold = sample_job(src);
  ChunkJob warm = cold;
  warm.warmup_start_pts = 0;
  auto ladder = resolve_ladder(cold.spec, *info);
  ASSERT_TRUE(ladder.ok());
  auto a = encode_chunk(cold, *ladder, CancelToken::none());
  auto b = encode_chunk(*ChunkJob::from_json(warm.to_json()), *ladder, CancelToken::none());
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(b->source_frames, 30);
  ASSERT_EQ(b->packets[0].size(), a->packets[0].size());
  EXPECT_TRUE(b->packets[0].front().keyframe);
  EXPECT_EQ(b->packets[0].front().pts, warm.start_pts);
  size_t bytes_a = 0, bytes_b = 0;
  for (size_t i = 0; i < a->packets[0].size(); ++i) {
    EXPECT_EQ(a->packets[0][i].pts, b->packets[0][i].pts);
    EXPECT_EQ(a->packets[0][i].keyframe, b->packets[0][i].keyframe);
    bytes_a += a->packets[0][i].data.size();
    bytes_b += b->packets[0][i].data.size();
  }
  EXPECT_NE(bytes_a, bytes_b);
}

}  // namespace
}  // namespace streamforge

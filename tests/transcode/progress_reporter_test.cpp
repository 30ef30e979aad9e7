// What progress says about the total: the source's count, an estimate that gives way to the
// frames done once the job has succeeded, or "unknown" (0) -- never the frames done so far
// presented as the total, which reads as 100 % from the first report.
#include "transcode/progress_reporter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>


namespace streamforge {
namespace {

// Reports of a job that has done `done` frames, stopped by finish(succeeded).
std::vector<Progress> reports_of(int64_t total, bool estimate, int64_t done, bool succeeded) {
  std::vector<Progress> seen;
  std::mutex mu;
  JobState job{CancelToken()};
  ProgressReporter reporter(
      [&](const Progress& p) {
        std::lock_guard lock(mu);
        seen.push_back(p);
      },
      job, "transcode", total, estimate, [done] { return done; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // at least one report while running
  reporter.finish(succeeded);
  return seen;
}

TEST(ProgressReporter, AnUnknownTotalIsReportedAsUnknownUntilTheJobSucceeds) {
  auto seen = reports_of(0, false, 40, true);
  ASSERT_GE(seen.size(), 2u);
  for (size_t i = 0; i + 1 < seen.size(); ++i) {
    EXPECT_EQ(seen[i].frames_total, 0);
    EXPECT_EQ(seen[i].fraction(), 0.0);
    EXPECT_EQ(seen[i].eta_seconds, -1.0);
  }
  EXPECT_EQ(seen.back().frames_total, 40);
  EXPECT_EQ(seen.back().fraction(), 1.0);

  seen = reports_of(0, false, 40, false);  // failed or cancelled: still unknown
  EXPECT_EQ(seen.back().frames_total, 0);
}

TEST(ProgressReporter, AnEstimateGivesWayToTheFramesDoneOnSuccess) {
  auto seen = reports_of(90, true, 61, true);
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front().frames_total, 90);
  EXPECT_GT(seen.front().eta_seconds, 0);
  EXPECT_EQ(seen.back().frames_total, 61);

  seen = reports_of(90, true, 61, false);
  EXPECT_EQ(seen.back().frames_total, 90);  // not done: the job stopped short
}

TEST(ProgressReporter, TheSourcesOwnCountStands) {
  auto seen = reports_of(90, false, 61, true);
  EXPECT_EQ(seen.back().frames_total, 90);
}

}  // namespace
}  // namespace streamforge

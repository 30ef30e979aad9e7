// OrderedWorker: jobs run in submission order on one background thread; the first failure is
// sticky (later submits and drain return it); abandon() drops what has not started.
#include "package/ordered_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <vector>

namespace streamforge::package {
namespace {

TEST(OrderedWorker, RunsJobsInOrderAndDrains) {
  OrderedWorker worker(2);
  std::vector<int> seen;  // written by the worker only, read after drain()
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(worker.submit([&seen, i] {
      seen.push_back(i);
      return OkStatus();
    }).ok());
  }
  ASSERT_TRUE(worker.drain().ok());
  ASSERT_EQ(seen.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], i);
  EXPECT_TRUE(worker.drain().ok());  // idle: returns at once
}

TEST(OrderedWorker, FirstFailureIsStickyAndLaterJobsDoNotRun) {
  OrderedWorker worker(1);
  std::atomic<int> ran{0};
  ASSERT_TRUE(worker.submit([] { return DataLossError("disk full"); }).ok());
  Status later = OkStatus();
  for (int i = 0; i < 5 && later.ok(); ++i) {
    later = worker.submit([&ran] {
      ++ran;
      return OkStatus();
    });
  }
  Status drained = worker.drain();
  EXPECT_EQ(drained.code(), StatusCode::kDataLoss);
  EXPECT_NE(drained.message().find("disk full"), std::string::npos);
  // Jobs queued behind the failure were dropped, and once it was known nothing more was queued.
  EXPECT_EQ(worker.submit([] { return OkStatus(); }).code(), StatusCode::kDataLoss);
  EXPECT_LE(ran.load(), 1);
}

TEST(OrderedWorker, AbandonDropsQueuedJobsAndWaitsForTheRunningOne) {
  OrderedWorker worker(4);
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  std::atomic<int> after{0};
  ASSERT_TRUE(worker.submit([&] {
    started = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return OkStatus();
  }).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(worker.submit([&after] {
      ++after;
      return OkStatus();
    }).ok());
  }
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    release = true;
  });
  worker.abandon();  // returns only after the running job finished
  EXPECT_TRUE(release.load());
  releaser.join();
  EXPECT_EQ(after.load(), 0);
}

TEST(OrderedWorker, DestructorJoinsWithoutRunningQueuedJobs) {
  std::atomic<int> ran{0};
  {
    OrderedWorker worker(8);
    for (int i = 0; i < 8; ++i) {
      ASSERT_TRUE(worker.submit([&ran] {
        ++ran;
        return OkStatus();
      }).ok());
    }
  }
  EXPECT_LE(ran.load(), 8);  // some may have run; none runs after destruction (no crash, no hang)
}

}  // namespace
}  // namespace streamforge::package

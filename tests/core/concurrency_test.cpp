#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "streamforge/core/bounded_queue.h"
#include "streamforge/core/cancel.h"
#include "streamforge/core/thread_pool.h"

namespace streamforge {
namespace {

TEST(ThreadPool, RunsEveryTaskAndReturnsValues) {
  ThreadPool pool(3);
  std::vector<std::future<int>> futures;
  for (int i = 0; i < 100; ++i) futures.push_back(pool.submit([i] { return i * i; }));
  int sum = 0;
  for (auto& f : futures) sum += f.get();
  EXPECT_EQ(sum, 328350);
}

TEST(BoundedQueue, BlocksProducerAtCapacityAndDrainsAfterClose) {
  BoundedQueue<int> q(2);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(q.push(i));
      ++pushed;
    }
    q.close();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_LE(pushed.load(), 3);  // capacity 2 (+1 possibly in flight)
  int expected = 0;
  while (auto v = q.pop()) EXPECT_EQ(*v, expected++);
  EXPECT_EQ(expected, 10);
  producer.join();
}

TEST(BoundedQueue, AbortWakesBlockedProducer) {
  BoundedQueue<int> q(1);
  ASSERT_TRUE(q.push(1));
  std::thread producer([&] { EXPECT_FALSE(q.push(2)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  q.abort();
  producer.join();
  EXPECT_FALSE(q.pop().has_value());
}

TEST(CancelToken, CopiesShareTheFlag) {
  CancelToken a;
  CancelToken b = a;
  EXPECT_FALSE(b.cancelled());
  std::thread([a] { a.cancel(); }).join();
  EXPECT_TRUE(b.cancelled());
}

}  // namespace
}  // namespace streamforge

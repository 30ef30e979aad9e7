// Storage contract, run against every backend (file://, memory://, and s3:// against a real
// s3rver when STREAMFORGE_TEST_S3=1): whole-object atomic writes, ranged reads, listing, paging,
// streaming puts, and keys that cannot escape the root.
#include "streamforge/storage/storage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "s3_test_server.h"
#include "test_media.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;

ByteBuffer bytes_of(std::string_view s) { return ByteBuffer(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }
std::string text_of(const ByteBuffer& b) { return std::string(b.view().begin(), b.view().end()); }

class StorageContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string uri = GetParam() == "file" ? "file://" + dir_.path().string() + "/root" : "memory://t";
    if (GetParam() == "s3") {
      auto* server = testing::S3TestServer::get();
      if (!server) GTEST_SKIP() << testing::S3TestServer::skip_reason();
      // A fresh prefix per test: the server is shared. Small parts so writers go multipart.
      static int n = 0;
      uri = "s3://" + std::string(testing::S3TestServer::kBucket) + "/contract-" + std::to_string(::getpid()) + "-" +
            std::to_string(n++) + "?endpoint=" + server->endpoint() + "&part_size=65536";
    }
    auto opened = open_storage(uri);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    storage_ = std::move(*opened);
  }
  testing::TempDir dir_;
  std::unique_ptr<Storage> storage_;
};

TEST_P(StorageContract, PutGetStatListRemove) {
  ASSERT_TRUE(storage_->put("a/b/seg-1.m4s", bytes_of("hello world")).ok());
  ASSERT_TRUE(storage_->put("a/init.mp4", bytes_of("init")).ok());
  ASSERT_TRUE(storage_->put("z.txt", bytes_of("z")).ok());

  auto whole = storage_->get("a/b/seg-1.m4s");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(text_of(*whole), "hello world");
  auto range = storage_->get("a/b/seg-1.m4s", 6, 5);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(text_of(*range), "world");
  auto clipped = storage_->get("a/b/seg-1.m4s", 6, 100);
  ASSERT_TRUE(clipped.ok());
  EXPECT_EQ(text_of(*clipped), "world");
  auto past_end = storage_->get("a/b/seg-1.m4s", 100, 4);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->empty());

  auto info = storage_->stat("a/init.mp4");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 4u);

  auto listed = storage_->list("a/");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].key, "a/b/seg-1.m4s");
  EXPECT_EQ((*listed)[1].key, "a/init.mp4");

  ASSERT_TRUE(storage_->remove("a/init.mp4").ok());
  EXPECT_EQ(storage_->stat("a/init.mp4").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(storage_->remove("a/init.mp4").ok()) << "removing a missing object is not an error";
  EXPECT_EQ(storage_->get("nope").status().code(), StatusCode::kNotFound);
}

TEST_P(StorageContract, PutReplacesWholeObject) {
  ASSERT_TRUE(storage_->put("k", bytes_of("a long first version")).ok());
  ASSERT_TRUE(storage_->put("k", bytes_of("short")).ok());
  EXPECT_EQ(text_of(*storage_->get("k")), "short");
}

TEST_P(StorageContract, WriterIsInvisibleUntilCommit) {
  auto writer = storage_->open_writer("big/file.mp4");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->write(bytes_of("part1-")).ok());
  ASSERT_TRUE((*writer)->write(bytes_of("part2")).ok());
  EXPECT_EQ((*writer)->bytes_written(), 11u);
  EXPECT_EQ(storage_->stat("big/file.mp4").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(storage_->list("")->empty()) << "temp files must not be listed";
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_EQ(text_of(*storage_->get("big/file.mp4")), "part1-part2");
  EXPECT_FALSE((*writer)->write(bytes_of("x")).ok());
  EXPECT_FALSE((*writer)->commit().ok());
}

TEST_P(StorageContract, AbandonedWriterLeavesNothing) {
  {
    auto writer = storage_->open_writer("gone.mp4");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->write(bytes_of("half")).ok());
  }
  EXPECT_EQ(storage_->stat("gone.mp4").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(storage_->list("")->empty());
  if (GetParam() == "file") {
    for (auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      if (entry.is_regular_file()) ADD_FAILURE() << "left behind: " << entry.path();
    }
  }
}

TEST_P(StorageContract, HostileKeysAreRejectedBeforeAnyWrite) {
  for (std::string key : {std::string(""), std::string("/etc/passwd"), std::string("../escape"),
                          std::string("a/../../escape"), std::string("a/./b"), std::string("a//b"),
                          std::string("a/"), std::string("a\\b"), std::string("nul\0byte", 8),
                          std::string("tab\tname"), std::string(2000, 'k')}) {
    Status s = storage_->put(key, bytes_of("x"));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << "key " << key;
    EXPECT_NE(s.message().find("storage key"), std::string::npos) << s.message();
    EXPECT_EQ(storage_->get(key).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(storage_->open_writer(key).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(storage_->remove(key).code(), StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(storage_->list("")->empty());
  EXPECT_FALSE(fs::exists(dir_.path() / "escape"));
}

TEST_P(StorageContract, ListPagesByPrefix) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(storage_->put("p/k" + std::to_string(i), bytes_of("x")).ok());
  ASSERT_TRUE(storage_->put("q/other", bytes_of("y")).ok());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = storage_->list_page("p/", token, 3);
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_LE(page->objects.size(), 3u);
    for (const auto& o : page->objects) seen.push_back(o.key);
    token = page->next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], "p/k" + std::to_string(i));
  EXPECT_EQ(storage_->list_page("p/", "", 0).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StorageContract, PutStreamIsAtomicAndLarge) {
  // 300 KiB through a source in odd-sized chunks (several multipart parts on s3://).
  std::string expected;
  for (int i = 0; i < 300 * 1024; ++i) expected.push_back(static_cast<char>('a' + (i * 7) % 26));
  size_t pos = 0;
  Status s = storage_->put_stream("big/stream.bin", [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    size_t n = std::min<size_t>({cap, 12345, expected.size() - pos});
    std::memcpy(buf, expected.data() + pos, n);
    pos += n;
    return n;
  });
  ASSERT_TRUE(s.ok()) << s.message();
  auto back = storage_->get("big/stream.bin");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(text_of(*back) == expected);
  EXPECT_EQ(storage_->stat("big/stream.bin")->size, expected.size());
  auto mid = storage_->get("big/stream.bin", 70000, 10);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(text_of(*mid), expected.substr(70000, 10));

  // A failing source leaves nothing behind.
  int calls = 0;
  Status failed = storage_->put_stream("big/failed.bin", [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    if (++calls > 3) return UnavailableError("source broke");
    std::memset(buf, 'z', std::min<size_t>(cap, 50000));
    return std::min<size_t>(cap, 50000);
  });
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_EQ(storage_->stat("big/failed.bin").status().code(), StatusCode::kNotFound);
}

TEST_P(StorageContract, CancelledPutLeavesNothing) {
  PutOptions options;
  options.cancel.cancel();
  std::string data(200 * 1024, 'c');
  Status s = storage_->put_stream("cancelled.bin", [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    std::memset(buf, 'c', std::min<size_t>(cap, 1000));
    return std::min<size_t>(cap, 1000);
  }, options);
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_EQ(storage_->stat("cancelled.bin").status().code(), StatusCode::kNotFound);
}

TEST_P(StorageContract, CancelMidStreamLeavesNothing) {
  PutOptions options;
  int calls = 0;
  Status s = storage_->put_stream("midway.bin", [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    if (++calls == 4) options.cancel.cancel();  // after ~120 KB: s3:// has parts in flight by now
    size_t n = std::min<size_t>(cap, 40000);
    std::memset(buf, 'm', n);
    return n;
  }, options);
  EXPECT_EQ(s.code(), StatusCode::kCancelled) << s.message();
  EXPECT_EQ(storage_->stat("midway.bin").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(storage_->list("")->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract, ::testing::Values("file", "memory", "s3"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(OpenStorage, SchemesAndErrors) {
  testing::TempDir dir;
  auto plain = open_storage(dir.file("plain"));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->uri(), "file://" + dir.file("plain"));
  EXPECT_TRUE(fs::is_directory(dir.file("plain")));

  EXPECT_EQ(open_storage("s4://bucket").status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(open_storage("s4://bucket").status().message().find("unknown storage scheme 's4'"), std::string::npos);
  EXPECT_EQ(open_storage("file://relative/path").status().code(), StatusCode::kInvalidArgument);

  testing::write_file(dir.file("a-file"), "x");
  auto not_dir = open_storage(dir.file("a-file"));
  EXPECT_FALSE(not_dir.ok());
}

TEST(OpenStorage, FsyncOptionStillWrites) {
  testing::TempDir dir;
  auto storage = open_storage(dir.file("synced"), StorageOptions{.fsync = true});
  ASSERT_TRUE(storage.ok());
  ASSERT_TRUE((*storage)->put("x/y.bin", bytes_of("data")).ok());
  EXPECT_EQ(testing::read_file(dir.file("synced/x/y.bin")), "data");
}

}  // namespace
}  // namespace streamforge

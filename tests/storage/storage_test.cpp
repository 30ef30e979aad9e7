// Storage contract, run against every embedded backend: whole-object atomic writes, ranged
// reads, listing, and keys that cannot escape the root.
#include "streamforge/storage/storage.h"

#include <gtest/gtest.h>

#include <filesystem>

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

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract, ::testing::Values("file", "memory"));

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

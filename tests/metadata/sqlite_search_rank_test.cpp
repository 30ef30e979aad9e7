// How the SQLite store ranks search results (sf_rank, src/metadata/sqlite_search_rank.h) and
// pages through them (ranked hits joined in rank order). PostgreSQL ranks with ts_rank and is
// covered by the shared contract in metadata_store_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "streamforge/metadata/metadata_store.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;

class SqliteSearchRank : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sf-rank-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    folder_ = tmpl;
    auto opened = open_metadata_store("sqlite://" + (folder_ / "meta.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }

  // A public, ready video; created_at_ms orders "newest first" among equal scores.
  void add(const std::string& title, const std::string& description = "", std::vector<std::string> tags = {},
           const std::string& category = "music") {
    Video v;
    v.owner = "alice";
    v.title = title;
    v.description = description;
    v.tags = std::move(tags);
    v.category = category;
    v.visibility = Visibility::kPublic;
    v.status = VideoStatus::kReady;
    v.created_at_ms = 1700000000000 + static_cast<int64_t>(++added_) * 1000;
    auto created = store_->create_video(v);
    ASSERT_TRUE(created.ok()) << created.status().to_string();
  }

  std::vector<std::string> search_titles(const std::string& text, int limit = 20) {
    SearchQuery q;
    q.text = text;
    q.limit = limit;
    auto page = store_->search(q);
    EXPECT_TRUE(page.ok()) << page.status().to_string();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& v : page->videos) out.push_back(v.title);
    }
    return out;
  }

  fs::path folder_;
  std::unique_ptr<MetadataStore> store_;
  int added_ = 0;
};

TEST_F(SqliteSearchRank, TitleThenTagsThenDescription) {
  add("weekend vlog", "we cooked risotto");
  add("italian basics", "", {"risotto"});
  add("risotto at home");
  EXPECT_EQ(search_titles("risotto"), (std::vector<std::string>{"risotto at home", "italian basics", "weekend vlog"}));
}

TEST_F(SqliteSearchRank, WholeWordOutweighsThePrefixBeingTyped) {
  // The completed word "velvet" in the title beats the typed prefix "gui" in the title: the
  // prefix weighs half the query's rarest whole word.
  add("guitar hero", "velvet curtains");
  add("velvet road", "a guitar lesson");
  for (int i = 0; i < 5; ++i) add("guitar practice " + std::to_string(i));
  EXPECT_EQ(search_titles("velvet gui"), (std::vector<std::string>{"velvet road", "guitar hero"}));
}

TEST_F(SqliteSearchRank, RareWordsCountMoreThanCommonOnes) {
  // Both match "solo drums"; the video with the rare word in its title comes first.
  for (int i = 0; i < 20; ++i) add("drums cover " + std::to_string(i), "", {}, "gaming");
  add("drums backing track", "solo");
  add("solo session", "drums");
  EXPECT_EQ(search_titles("solo drums", 2), (std::vector<std::string>{"solo session", "drums backing track"}));
}

TEST_F(SqliteSearchRank, RepeatsSaturateAndEqualScoresListTheNewestFirst) {
  // A word three times in a description (BM25 term saturation) still scores below one tag hit.
  add("clip one", "jazz jazz jazz");
  add("clip two", "", {"jazz"});
  add("clip three", "", {"jazz"});
  EXPECT_EQ(search_titles("jazz"), (std::vector<std::string>{"clip three", "clip two", "clip one"}));
}

TEST_F(SqliteSearchRank, PagesOfABroadPrefixWithAFilterCoverEveryMatchOnce) {
  // 240 videos match the prefix "epi"; a category filter keeps every third one. The ranked walk
  // must page through exactly those 80, none twice, scores never rising.
  for (int i = 0; i < 240; ++i) {
    add((i % 4 == 0 ? "episode " : "clip ") + std::to_string(i), i % 4 == 0 ? "" : "an episode", {},
        i % 3 == 0 ? "news" : "music");
  }
  SearchQuery q;
  q.text = "epi";
  q.category = "news";
  q.limit = 7;
  std::set<std::string> seen;
  bool description_hit_seen = false;
  for (;;) {
    auto page = store_->search(q);
    ASSERT_TRUE(page.ok()) << page.status().to_string();
    for (const auto& v : page->videos) {
      EXPECT_EQ(v.category, "news");
      EXPECT_TRUE(seen.insert(v.id).second) << "repeated " << v.title;
      bool title_hit = v.title.rfind("episode", 0) == 0;
      // Title hits rank above description hits: none may follow a description hit.
      if (title_hit) EXPECT_FALSE(description_hit_seen) << v.title << " after a description hit";
      description_hit_seen |= !title_hit;
    }
    if (!page->next_offset) break;
    q.offset = *page->next_offset;
  }
  EXPECT_EQ(seen.size(), 80u);
}

}  // namespace
}  // namespace streamforge

// The MetadataStore contract, run against every backend: SQLite (a WAL file) and PostgreSQL (a
// real server started by the test, see postgres_test_server.h).
#include "streamforge/metadata/metadata_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "postgres_test_server.h"

namespace streamforge {
namespace {

namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    char tmpl[] = "/tmp/sf-meta-XXXXXX";
    path_ = ::mkdtemp(tmpl) ? tmpl : "/tmp";
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// "[t:k]", built by appending (GCC 12 warns falsely, -Wrestrict, on chained operator+ here).
std::string marker(int t, int k) {
  std::string m = "[";
  m += std::to_string(t);
  m += ':';
  m += std::to_string(k);
  m += ']';
  return m;
}

class MetadataContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      uri_ = "sqlite://" + dir_.file("meta.db");
    } else {
      std::string why;
      auto* server = testing::PostgresTestServer::get(&why);
      if (!server) GTEST_SKIP() << why;
      uri_ = server->new_database();
      ASSERT_FALSE(uri_.empty()) << "could not create a test database";
    }
    auto opened = open_metadata_store(uri_);
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    store_ = std::move(*opened);
  }

  Video make_video(const std::string& title, const std::string& description = "",
                   std::vector<std::string> tags = {}) {
    Video v;
    v.owner = "alice";
    v.title = title;
    v.description = description;
    v.tags = std::move(tags);
    v.category = "music";
    v.duration_ms = 60000;
    return v;
  }
  // A public, ready video (what search shows by default).
  Video publish(Video v) {
    auto created = store_->create_video(v);
    EXPECT_TRUE(created.ok()) << created.status().to_string();
    EXPECT_TRUE(store_->set_video_status(created->id, VideoStatus::kProcessing).ok());
    auto ready = store_->set_video_status(created->id, VideoStatus::kReady);
    EXPECT_TRUE(ready.ok()) << ready.status().to_string();
    return *ready;
  }
  std::vector<std::string> titles(const SearchPage& page) {
    std::vector<std::string> out;
    for (const auto& v : page.videos) out.push_back(v.title);
    return out;
  }

  TempFolder dir_;
  std::string uri_;
  std::unique_ptr<MetadataStore> store_;
};

TEST_P(MetadataContract, VideoRoundTripsEveryField) {
  Video v = make_video("Nachtmusik — Ω live", "line one\nline two\ttabbed", {"classical", "live", "日本語"});
  v.visibility = Visibility::kUnlisted;
  v.probe_json = R"({"format":"mp4","streams":[{"codec":"h264","width":1920}]})";
  v.created_at_ms = 1700000000000;
  auto created = store_->create_video(v);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  EXPECT_EQ(created->id.size(), 32u);
  EXPECT_EQ(created->version, 1);
  auto got = store_->get_video(created->id);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(got->owner, "alice");
  EXPECT_EQ(got->title, v.title);
  EXPECT_EQ(got->description, v.description);
  EXPECT_EQ(got->tags, v.tags);
  EXPECT_EQ(got->category, "music");
  EXPECT_EQ(got->visibility, Visibility::kUnlisted);
  EXPECT_EQ(got->status, VideoStatus::kUploading);
  EXPECT_EQ(got->probe_json, v.probe_json);
  EXPECT_EQ(got->duration_ms, 60000);
  EXPECT_EQ(got->created_at_ms, 1700000000000);
  EXPECT_EQ(got->version, 1);

  Video dup = v;
  dup.id = created->id;
  EXPECT_EQ(store_->create_video(dup).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->get_video("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->get_video("bad id!").status().code(), StatusCode::kInvalidArgument);
  auto version = store_->schema_version();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);
}

TEST_P(MetadataContract, BatchCreateIsAllOrNothing) {
  std::vector<Video> batch = {make_video("one"), make_video("two"), make_video("three")};
  auto created = store_->create_videos(batch);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  ASSERT_EQ(created->size(), 3u);
  EXPECT_EQ(store_->get_video((*created)[2].id)->title, "three");
  // A bad element is named; a duplicate id rolls the whole batch back.
  batch[1].title = "";
  EXPECT_EQ(store_->create_videos(batch).status().field(), "[1].title");
  batch[1].title = "ok";
  batch[2].id = (*created)[0].id;
  EXPECT_EQ(store_->create_videos(batch).status().code(), StatusCode::kAlreadyExists);
  SearchQuery all;
  all.include_unlisted_and_unready = true;
  EXPECT_EQ(store_->search(all)->videos.size(), 3u);
}

TEST_P(MetadataContract, OverLongAndMalformedFieldsAreRejectedByName) {
  auto field_of = [&](const Video& v) {
    auto r = store_->create_video(v);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().to_string();
    return r.status().field();
  };
  Video v = make_video("ok");
  v.title = std::string(MetadataLimits::kMaxTitleBytes + 1, 'x');
  EXPECT_EQ(field_of(v), "title");
  v = make_video("");
  EXPECT_EQ(field_of(v), "title");
  v = make_video("ok", std::string("bad \xC3\x28 utf8"));
  EXPECT_EQ(field_of(v), "description");
  v = make_video("ok", std::string("overlong \xC0\xAF slash"));
  EXPECT_EQ(field_of(v), "description");
  v = make_video("ok");
  v.owner = std::string("al\0ice", 6);
  EXPECT_EQ(field_of(v), "owner");
  v = make_video("ok", "", {"fine", "bad\ntag"});
  EXPECT_EQ(field_of(v), "tags[1]");
  v = make_video("ok", "", std::vector<std::string>(MetadataLimits::kMaxTags + 1, "t"));
  EXPECT_EQ(field_of(v), "tags");
  v = make_video("ok");
  v.probe_json = "{not json";
  EXPECT_EQ(field_of(v), "probe_json");
  v.probe_json = "[1,2]";
  EXPECT_EQ(field_of(v), "probe_json");
  v = make_video("ok");
  v.id = "../etc";
  EXPECT_EQ(field_of(v), "id");
  v = make_video("ok");
  v.duration_ms = -1;
  EXPECT_EQ(field_of(v), "duration_ms");
  // Nothing was stored by any of the failures.
  SearchQuery all;
  all.include_unlisted_and_unready = true;
  EXPECT_TRUE(store_->search(all)->videos.empty());
}

TEST_P(MetadataContract, StatusLifecycleWithOptimisticConcurrency) {
  auto v = store_->create_video(make_video("clip"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(store_->set_video_status(v->id, VideoStatus::kReady).status().code(), StatusCode::kFailedPrecondition);
  auto processing = store_->set_video_status(v->id, VideoStatus::kProcessing, "", v->version);
  ASSERT_TRUE(processing.ok()) << processing.status().to_string();
  EXPECT_EQ(processing->version, 2);
  // A writer holding the old version loses.
  EXPECT_EQ(store_->set_video_status(v->id, VideoStatus::kFailed, "x", v->version).status().code(),
            StatusCode::kAborted);
  auto failed = store_->set_video_status(v->id, VideoStatus::kFailed, "decoder error: moov atom not found");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, VideoStatus::kFailed);
  EXPECT_EQ(failed->failure_reason, "decoder error: moov atom not found");
  auto retried = store_->set_video_status(v->id, VideoStatus::kProcessing);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->failure_reason, "");
  auto ready = store_->set_video_status(v->id, VideoStatus::kReady);
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(ready->status, VideoStatus::kReady);
  EXPECT_EQ(ready->version, 5);
  EXPECT_EQ(store_->set_video_status("missing", VideoStatus::kReady).status().code(), StatusCode::kNotFound);

  // Edits: a stale copy cannot overwrite a newer one.
  Video a = *ready, b = *ready;
  a.title = "first";
  ASSERT_TRUE(store_->update_video(a).ok());
  b.title = "second";
  auto lost = store_->update_video(b);
  EXPECT_EQ(lost.status().code(), StatusCode::kAborted) << lost.status().to_string();
  EXPECT_EQ(store_->get_video(v->id)->title, "first");
}

TEST_P(MetadataContract, ConcurrentWritersLoseNoUpdate) {
  auto v = store_->create_video(make_video("contended"));
  ASSERT_TRUE(v.ok());
  constexpr int kThreads = 8, kEdits = 15, kViews = 40;
  std::atomic<int> conflicts{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kEdits; ++k) {
        // Read-modify-write with retry: the version check is what stops a lost update.
        for (;;) {
          auto cur = store_->get_video(v->id);
          if (!cur.ok()) { ++errors; return; }
          Video next = *cur;
          next.description += marker(t, k);
          auto r = store_->update_video(next);
          if (r.ok()) break;
          if (r.status().code() != StatusCode::kAborted) { ++errors; return; }
          ++conflicts;
        }
      }
      for (int k = 0; k < kViews; ++k) {
        if (!store_->record_view(v->id).ok()) ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  auto final = store_->get_video(v->id);
  ASSERT_TRUE(final.ok());
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < kEdits; ++k) {
      EXPECT_NE(final->description.find(marker(t, k)), std::string::npos);
    }
  }
  EXPECT_EQ(final->version, 1 + kThreads * kEdits);
  EXPECT_EQ(final->view_count, kThreads * kViews);

  // Many workers race to move the same version processing -> ready: exactly one wins.
  auto p = store_->set_video_status(v->id, VideoStatus::kProcessing);
  ASSERT_TRUE(p.ok());
  std::atomic<int> winners{0};
  threads.clear();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto r = store_->set_video_status(v->id, VideoStatus::kReady, "", p->version);
      if (r.ok()) ++winners;
      else if (r.status().code() != StatusCode::kAborted && r.status().code() != StatusCode::kFailedPrecondition) ++errors;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(errors.load(), 0);
}

const std::vector<std::string>& injections() {
  static const std::vector<std::string> list = {
      "'; DROP TABLE videos; --",
      "Robert'); DROP TABLE jobs;--",
      "\" OR \"1\"=\"1",
      "' OR 1=1 --",
      "' UNION SELECT version, applied_at_ms FROM schema_migrations --",
      "$1 ?1 :name @x",
      "%_\\ LIKE '%'",
      "title:* OR NEAR(a b) NOT c",
      "a & !b | (c:* <-> d)",
      "1; DELETE FROM videos WHERE 1=1",
  };
  return list;
}

TEST_P(MetadataContract, SqlInjectionStringsAreJustText) {
  auto victim = publish(make_video("innocent bystander", "", {"safe"}));
  for (size_t i = 0; i < injections().size(); ++i) {
    const std::string& evil = injections()[i];
    SCOPED_TRACE(evil);
    Video v;
    v.owner = evil;
    v.title = evil;
    v.description = evil;
    v.tags = {evil, "t" + std::to_string(i)};
    v.category = evil;
    v.probe_json = nlohmann::json{{"note", evil}}.dump();
    auto created = store_->create_video(v);
    ASSERT_TRUE(created.ok()) << created.status().to_string();
    auto failed = store_->set_video_status(created->id, VideoStatus::kFailed, evil);
    ASSERT_TRUE(failed.ok()) << failed.status().to_string();
    auto got = store_->get_video(created->id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->owner, evil);
    EXPECT_EQ(got->title, evil);
    EXPECT_EQ(got->description, evil);
    EXPECT_EQ(got->tags[0], evil);
    EXPECT_EQ(got->category, evil);
    EXPECT_EQ(got->failure_reason, evil);
    EXPECT_EQ(got->probe_json, v.probe_json);

    Rendition r;
    r.video_id = created->id;
    r.name = evil;
    r.codec = evil;
    r.hls_url = evil;
    r.dash_url = evil;
    r.storage_key = evil;
    ASSERT_TRUE(store_->put_rendition(r).ok());
    auto rs = store_->list_renditions(created->id);
    ASSERT_TRUE(rs.ok());
    ASSERT_EQ(rs->size(), 1u);
    EXPECT_EQ((*rs)[0].name, evil);
    EXPECT_EQ((*rs)[0].hls_url, evil);

    WatchProgress wp{evil, created->id, 1234, evil, 0};
    ASSERT_TRUE(store_->set_watch_progress(wp).ok());
    auto back = store_->get_watch_progress(evil, created->id);
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ((*back)->device, evil);

    UploadSession s;
    s.video_id = created->id;
    s.storage_key = evil;
    auto session = store_->create_upload_session(s);
    ASSERT_TRUE(session.ok());
    EXPECT_EQ(store_->get_upload_session(session->id)->storage_key, evil);

    Job j;
    j.kind = evil;
    j.video_id = created->id;
    ASSERT_TRUE(store_->enqueue_job(j).ok());
    auto leased = store_->lease_job(evil, evil, 60000);
    ASSERT_TRUE(leased.ok() && leased->has_value()) << leased.status().to_string();
    EXPECT_EQ((*leased)->worker_id, evil);
    ASSERT_TRUE(store_->finish_job((*leased)->id, evil, false, evil).ok());

    // Search text and filters: no error, no match beyond what the words say, no damage.
    SearchQuery q;
    q.text = evil;
    q.include_unlisted_and_unready = true;
    auto found = store_->search(q);
    ASSERT_TRUE(found.ok()) << found.status().to_string();
    SearchQuery qc;
    qc.category = evil;
    qc.include_unlisted_and_unready = true;
    auto by_cat = store_->search(qc);
    ASSERT_TRUE(by_cat.ok()) << by_cat.status().to_string();
    ASSERT_EQ(by_cat->videos.size(), 1u);
    EXPECT_EQ(by_cat->videos[0].id, created->id);
    // Ids are checked, not quoted: an injection in an id is refused outright.
    EXPECT_EQ(store_->get_video(evil).status().code(), StatusCode::kInvalidArgument);
  }
  // Every table is still there and the bystander untouched.
  auto again = store_->get_video(victim.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->title, "innocent bystander");
  EXPECT_EQ(*store_->schema_version(), 2);
  SearchQuery all;
  all.include_unlisted_and_unready = true;
  all.limit = 100;
  EXPECT_EQ(store_->search(all)->videos.size(), injections().size() + 1);
}

TEST_P(MetadataContract, SearchRanksFiltersAndPages) {
  // Title hits outrank tag hits, which outrank description hits.
  publish(make_video("Cooking pasta at home", "quick dinner", {"food"}));
  publish(make_video("Weekend vlog", "we made pasta on the beach", {"travel"}));
  publish(make_video("Italian basics", "", {"pasta", "food"}));
  Video priv = make_video("Secret pasta recipe");
  priv.visibility = Visibility::kPrivate;
  publish(priv);
  ASSERT_TRUE(store_->create_video(make_video("Pasta still uploading")).ok());

  SearchQuery q;
  q.text = "PASTA";
  auto page = store_->search(q);
  ASSERT_TRUE(page.ok()) << page.status().to_string();
  EXPECT_EQ(titles(*page), (std::vector<std::string>{"Cooking pasta at home", "Italian basics", "Weekend vlog"}));
  // Several words (all must match), the last one as a prefix.
  q.text = "pasta coo";
  EXPECT_EQ(titles(*store_->search(q)), (std::vector<std::string>{"Cooking pasta at home"}));
  q.text = "pasta";
  q.include_unlisted_and_unready = true;
  EXPECT_EQ(store_->search(q)->videos.size(), 5u);
  q.text = "nothing-matches-this";
  EXPECT_TRUE(store_->search(q)->videos.empty());
  q.text = "!!! ***";  // no words at all: browse
  EXPECT_EQ(store_->search(q)->videos.size(), 5u);
}

TEST_P(MetadataContract, SearchFiltersAndPagination) {
  for (int i = 0; i < 25; ++i) {
    Video v = make_video("episode " + std::to_string(i), "series", {"show"});
    v.category = i % 2 ? "gaming" : "news";
    v.duration_ms = 1000 * i;
    v.created_at_ms = 1700000000000 + i * 1000;
    publish(v);
  }
  SearchQuery q;
  q.text = "episode";
  q.category = "gaming";
  auto page = store_->search(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->videos.size(), 12u);
  for (const auto& v : page->videos) EXPECT_EQ(v.category, "gaming");

  q.category.reset();
  q.min_duration_ms = 5000;
  q.max_duration_ms = 9000;
  EXPECT_EQ(store_->search(q)->videos.size(), 5u);

  q = SearchQuery{};
  q.created_after_ms = 1700000000000 + 20 * 1000;
  q.created_before_ms = 1700000000000 + 23 * 1000;
  // Browse mode: newest first.
  EXPECT_EQ(titles(*store_->search(q)), (std::vector<std::string>{"episode 22", "episode 21", "episode 20"}));

  // Pages of 10 cover all 25 exactly once.
  q = SearchQuery{};
  q.text = "series";
  q.limit = 10;
  std::set<std::string> seen;
  int pages = 0;
  for (;;) {
    auto p = store_->search(q);
    ASSERT_TRUE(p.ok());
    ++pages;
    for (const auto& v : p->videos) EXPECT_TRUE(seen.insert(v.id).second) << "repeated " << v.title;
    if (!p->next_offset) break;
    q.offset = *p->next_offset;
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(pages, 3);

  SearchQuery bad;
  bad.limit = 0;
  EXPECT_EQ(store_->search(bad).status().field(), "limit");
  bad = SearchQuery{};
  bad.text = std::string(MetadataLimits::kMaxQueryBytes + 1, 'a');
  EXPECT_EQ(store_->search(bad).status().field(), "text");
}

TEST_P(MetadataContract, RenditionsUploadsAndCascadingDelete) {
  auto v = store_->create_video(make_video("ladder"));
  ASSERT_TRUE(v.ok());
  Rendition r{v->id, "720p", "avc1.64001f", 3000000, 1280, 720, "https://cdn/x/720.m3u8", "https://cdn/x/m.mpd",
              "x/720/", 1 << 20};
  ASSERT_TRUE(store_->put_rendition(r).ok());
  r.name = "1080p";
  r.bitrate_bps = 6000000;
  ASSERT_TRUE(store_->put_rendition(r).ok());
  r.bytes = 99;  // put again replaces
  ASSERT_TRUE(store_->put_rendition(r).ok());
  auto list = store_->list_renditions(v->id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "1080p");
  EXPECT_EQ((*list)[0].bytes, 99);
  EXPECT_EQ((*list)[1].width, 1280);
  r.video_id = "missing";
  EXPECT_EQ(store_->put_rendition(r).code(), StatusCode::kNotFound);

  UploadSession s;
  s.video_id = v->id;
  s.total_bytes = 100;
  auto session = store_->create_upload_session(s);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(store_->advance_upload(session->id, 0, 40).ok());
  // A second client resending the same chunk from offset 0 loses.
  EXPECT_EQ(store_->advance_upload(session->id, 0, 40).status().code(), StatusCode::kAborted);
  EXPECT_EQ(store_->advance_upload(session->id, 40, 101).status().field(), "new_offset");
  auto done = store_->advance_upload(session->id, 40, 100, true);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->completed);
  EXPECT_EQ(store_->advance_upload(session->id, 100, 100).status().code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(store_->record_view(v->id).ok());
  ASSERT_TRUE(store_->set_watch_progress({"bob", v->id, 5, "tv", 0}).ok());
  ASSERT_TRUE(store_->delete_video(v->id).ok());
  EXPECT_EQ(store_->get_video(v->id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->list_renditions(v->id)->empty());
  EXPECT_EQ(store_->get_upload_session(session->id).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(store_->get_watch_progress("bob", v->id)->has_value());
  EXPECT_TRUE(store_->trending(3600000, 10)->empty());
  EXPECT_EQ(store_->delete_video(v->id).code(), StatusCode::kNotFound);
}

TEST_P(MetadataContract, JobsLeaseHeartbeatRetryAndFail) {
  Job j;
  j.kind = "transcode";
  j.payload_json = R"({"ladder":"default"})";
  j.max_attempts = 2;
  auto queued = store_->enqueue_job(j);
  ASSERT_TRUE(queued.ok()) << queued.status().to_string();
  EXPECT_FALSE(store_->lease_job("package", "w1", 1000)->has_value());

  auto l1 = store_->lease_job("transcode", "w1", 60000);
  ASSERT_TRUE(l1.ok() && l1->has_value());
  EXPECT_EQ((*l1)->state, JobState::kRunning);
  EXPECT_EQ((*l1)->attempts, 1);
  EXPECT_FALSE(store_->lease_job("transcode", "w2", 60000)->has_value());  // held
  EXPECT_TRUE(store_->heartbeat_job(queued->id, "w1", 60000).ok());
  EXPECT_EQ(store_->heartbeat_job(queued->id, "w2", 60000).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->finish_job(queued->id, "w2", true).status().code(), StatusCode::kFailedPrecondition);

  auto requeued = store_->finish_job(queued->id, "w1", false, "encoder crashed");
  ASSERT_TRUE(requeued.ok());
  EXPECT_EQ(requeued->state, JobState::kQueued);
  EXPECT_EQ(requeued->last_error, "encoder crashed");

  // Second attempt: the worker dies (lease runs out) and another worker may take it -- but it
  // was the last attempt, so the job fails instead.
  auto l2 = store_->lease_job("transcode", "w2", 1);
  ASSERT_TRUE(l2.ok() && l2->has_value());
  EXPECT_EQ((*l2)->attempts, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(store_->lease_job("transcode", "w3", 60000)->has_value());
  auto failed = store_->get_job(queued->id);
  EXPECT_EQ(failed->state, JobState::kFailed);
  EXPECT_NE(failed->last_error.find("lease expired"), std::string::npos);

  // An expired lease with attempts left is taken over.
  j.max_attempts = 3;
  auto second = store_->enqueue_job(j);
  ASSERT_TRUE(store_->lease_job("transcode", "w1", 1)->has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto taken = store_->lease_job("transcode", "w2", 60000);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->id, second->id);
  EXPECT_EQ((*taken)->worker_id, "w2");
  EXPECT_EQ(store_->finish_job(second->id, "w1", true).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->finish_job(second->id, "w2", true)->state, JobState::kSucceeded);

  Job bad;
  bad.kind = "x";
  bad.payload_json = "nope";
  EXPECT_EQ(store_->enqueue_job(bad).status().field(), "payload_json");
}

TEST_P(MetadataContract, ConcurrentWorkersLeaseEachJobOnce) {
  constexpr int kJobs = 30, kWorkers = 6;
  for (int i = 0; i < kJobs; ++i) {
    Job j;
    j.kind = "package";
    ASSERT_TRUE(store_->enqueue_job(j).ok());
  }
  std::mutex mu;
  std::vector<std::string> done;
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      std::string me = "worker-" + std::to_string(w);
      for (;;) {
        auto job = store_->lease_job("package", me, 60000);
        if (!job.ok()) { ++errors; return; }
        if (!job->has_value()) return;
        if (!store_->finish_job((*job)->id, me, true).ok()) ++errors;
        std::lock_guard lock(mu);
        done.push_back((*job)->id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(done.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(done.begin(), done.end()).size(), static_cast<size_t>(kJobs));
}

TEST_P(MetadataContract, WatchProgressLatestReportWins) {
  auto v = store_->create_video(make_video("film"));
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(store_->get_watch_progress("bob", v->id)->has_value());
  ASSERT_TRUE(store_->set_watch_progress({"bob", v->id, 60000, "phone", 2000}).ok());
  // A late-arriving older report from the TV does not rewind the position.
  ASSERT_TRUE(store_->set_watch_progress({"bob", v->id, 10000, "tv", 1000}).ok());
  auto p = store_->get_watch_progress("bob", v->id);
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->position_ms, 60000);
  EXPECT_EQ((*p)->device, "phone");
  ASSERT_TRUE(store_->set_watch_progress({"bob", v->id, 90000, "tv", 3000}).ok());
  EXPECT_EQ((*store_->get_watch_progress("bob", v->id))->device, "tv");
  EXPECT_EQ(store_->set_watch_progress({"bob", "missing", 1, "", 0}).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->set_watch_progress({"bob", v->id, -1, "", 0}).field(), "position_ms");
}

TEST_P(MetadataContract, TrendingCountsViewsInTheWindow) {
  const int64_t hour = 3600000, now = 1700000000000 / hour * hour + hour / 2;
  auto a = store_->create_video(make_video("a"));
  auto b = store_->create_video(make_video("b"));
  auto c = store_->create_video(make_video("c"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->record_view(a->id, now - 48 * hour).ok());  // old news
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->record_view(b->id, now - hour).ok());
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(store_->record_view(c->id, now).ok());
  ASSERT_TRUE(store_->record_view(a->id, now).ok());
  auto day = store_->trending(24 * hour, 10, now);
  ASSERT_TRUE(day.ok()) << day.status().to_string();
  ASSERT_EQ(day->size(), 3u);
  EXPECT_EQ((*day)[0].video_id, b->id);
  EXPECT_EQ((*day)[0].views, 3);
  EXPECT_EQ((*day)[1].video_id, c->id);
  EXPECT_EQ((*day)[2].views, 1);
  auto week = store_->trending(7 * 24 * hour, 1, now);
  ASSERT_EQ(week->size(), 1u);
  EXPECT_EQ((*week)[0].video_id, a->id);
  EXPECT_EQ((*week)[0].views, 6);
  EXPECT_EQ(store_->get_video(a->id)->view_count, 6);
  EXPECT_EQ(store_->record_view("missing").code(), StatusCode::kNotFound);
}

TEST_P(MetadataContract, ReopeningKeepsDataAndSchema) {
  auto v = store_->create_video(make_video("persisted"));
  ASSERT_TRUE(v.ok());
  store_.reset();
  auto reopened = open_metadata_store(uri_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().to_string();
  EXPECT_EQ((*reopened)->get_video(v->id)->title, "persisted");
  EXPECT_EQ(*(*reopened)->schema_version(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetadataContract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(MetadataOpen, UnknownSchemesAndUnreachableDatabasesAreClearErrors) {
  auto r = open_metadata_store("mysql://x");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("sqlite://"), std::string::npos);
  EXPECT_EQ(open_metadata_store("sqlite:///no/such/folder/x.db").status().code(), StatusCode::kUnavailable);
  auto pg = open_metadata_store("postgresql:///x?host=/nonexistent-socket-dir&connect_timeout=2");
  EXPECT_TRUE(pg.status().code() == StatusCode::kUnavailable || pg.status().code() == StatusCode::kUnimplemented)
      << pg.status().to_string();
  auto mem = open_metadata_store("sqlite://:memory:");
  ASSERT_TRUE(mem.ok()) << mem.status().to_string();
  Video v;
  v.owner = "o";
  v.title = "in memory";
  EXPECT_TRUE((*mem)->create_video(v).ok());
}

TEST(MetadataTypes, LifecycleAndNames) {
  EXPECT_TRUE(video_status_transition_allowed(VideoStatus::kUploading, VideoStatus::kProcessing));
  EXPECT_FALSE(video_status_transition_allowed(VideoStatus::kUploading, VideoStatus::kReady));
  EXPECT_FALSE(video_status_transition_allowed(VideoStatus::kReady, VideoStatus::kFailed));
  VideoStatus s;
  EXPECT_TRUE(parse_video_status("failed", s));
  EXPECT_EQ(s, VideoStatus::kFailed);
  EXPECT_FALSE(parse_video_status("done", s));
  EXPECT_EQ(visibility_name(Visibility::kUnlisted), "unlisted");
  EXPECT_EQ(job_state_name(JobState::kSucceeded), "succeeded");
}

}  // namespace
}  // namespace streamforge

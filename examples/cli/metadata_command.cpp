// `streamforge metadata put-video|get|search --db URI ...`: the metadata store from a shell
// (sqlite:///path.db or postgresql://...). Output is JSON on stdout, for scripts and jq.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "streamforge/metadata/metadata_store.h"

namespace streamforge::cli {
namespace {

nlohmann::json video_json(const Video& v) {
  nlohmann::json j = {{"id", v.id},
                      {"owner", v.owner},
                      {"title", v.title},
                      {"description", v.description},
                      {"tags", v.tags},
                      {"category", v.category},
                      {"visibility", std::string(visibility_name(v.visibility))},
                      {"status", std::string(video_status_name(v.status))},
                      {"duration_ms", v.duration_ms},
                      {"created_at_ms", v.created_at_ms},
                      {"view_count", v.view_count},
                      {"version", v.version}};
  if (!v.failure_reason.empty()) j["failure_reason"] = v.failure_reason;
  if (!v.probe_json.empty()) j["probe"] = nlohmann::json::parse(v.probe_json, nullptr, false);
  return j;
}

void print(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

struct MetadataOptionsCli {
  std::string db;
  // put-video
  Video video;
  std::string visibility = "public";
  std::string status = "uploading";
  // get
  std::string id;
  // search
  std::string text;
  std::optional<std::string> category;
  std::optional<int64_t> min_duration, max_duration, after, before;
  int limit = 20;
  int64_t offset = 0;
  bool all = false;
};

Result<std::unique_ptr<MetadataStore>> open(const MetadataOptionsCli& o) {
  auto store = open_metadata_store(o.db);
  if (!store.ok()) return store.status().with_field_prefix("--db");
  return store;
}

int run_put(const MetadataOptionsCli& o) {
  Video v = o.video;
  if (!parse_visibility(o.visibility, v.visibility)) {
    return report_error(InvalidArgumentError("expected public, unlisted or private", "--visibility"));
  }
  VideoStatus target;
  if (!parse_video_status(o.status, target)) {
    return report_error(InvalidArgumentError("expected uploading, processing, ready or failed", "--status"));
  }
  auto store = open(o);
  if (!store.ok()) return report_error(store.status());
  auto created = (*store)->create_video(v);
  if (!created.ok()) return report_error(created.status());
  Video out = *created;
  // Walk the lifecycle to the requested status (uploading -> processing -> ready|failed).
  std::vector<VideoStatus> path;
  if (target != VideoStatus::kUploading) path.push_back(VideoStatus::kProcessing);
  if (target == VideoStatus::kReady || target == VideoStatus::kFailed) path.push_back(target);
  for (VideoStatus s : path) {
    auto moved = (*store)->set_video_status(out.id, s, s == VideoStatus::kFailed ? "marked failed from the CLI" : "");
    if (!moved.ok()) return report_error(moved.status());
    out = *moved;
  }
  print(video_json(out));
  return 0;
}

int run_get(const MetadataOptionsCli& o) {
  auto store = open(o);
  if (!store.ok()) return report_error(store.status());
  auto v = (*store)->get_video(o.id);
  if (!v.ok()) return report_error(v.status());
  nlohmann::json j = video_json(*v);
  auto renditions = (*store)->list_renditions(o.id);
  if (!renditions.ok()) return report_error(renditions.status());
  j["renditions"] = nlohmann::json::array();
  for (const auto& r : *renditions) {
    j["renditions"].push_back({{"name", r.name}, {"codec", r.codec}, {"bitrate_bps", r.bitrate_bps},
                               {"width", r.width}, {"height", r.height}, {"hls_url", r.hls_url},
                               {"dash_url", r.dash_url}});
  }
  print(j);
  return 0;
}

int run_search(const MetadataOptionsCli& o) {
  auto store = open(o);
  if (!store.ok()) return report_error(store.status());
  SearchQuery q;
  q.text = o.text;
  q.category = o.category;
  q.min_duration_ms = o.min_duration;
  q.max_duration_ms = o.max_duration;
  q.created_after_ms = o.after;
  q.created_before_ms = o.before;
  q.limit = o.limit;
  q.offset = o.offset;
  q.include_unlisted_and_unready = o.all;
  auto page = (*store)->search(q);
  if (!page.ok()) return report_error(page.status());
  nlohmann::json j = {{"videos", nlohmann::json::array()}};
  for (const auto& v : page->videos) j["videos"].push_back(video_json(v));
  j["next_offset"] = page->next_offset ? nlohmann::json(*page->next_offset) : nlohmann::json();
  print(j);
  return 0;
}

}  // namespace

Runner add_metadata_command(CLI::App& app) {
  auto o = std::make_shared<MetadataOptionsCli>();
  app.require_subcommand(1);
  auto db = [&](CLI::App* sub) {
    sub->add_option("--db", o->db, "Metadata store URI: sqlite:///path.db or postgresql://...")->required();
  };
  CLI::App* put = app.add_subcommand("put-video", "Create a video (prints it as JSON, with its id)");
  db(put);
  put->add_option("--id", o->video.id, "Video id (default: generated)");
  put->add_option("--owner", o->video.owner, "Owner")->required();
  put->add_option("--title", o->video.title, "Title")->required();
  put->add_option("--description", o->video.description, "Description");
  put->add_option("--tag", o->video.tags, "Tag (repeatable)");
  put->add_option("--category", o->video.category, "Category");
  put->add_option("--duration-ms", o->video.duration_ms, "Duration in milliseconds");
  put->add_option("--visibility", o->visibility, "public|unlisted|private")->capture_default_str();
  put->add_option("--status", o->status, "uploading|processing|ready|failed")->capture_default_str();

  CLI::App* get = app.add_subcommand("get", "Print one video and its renditions as JSON");
  db(get);
  get->add_option("id", o->id, "Video id")->required();

  CLI::App* search = app.add_subcommand("search", "Full-text search over titles, tags and descriptions");
  db(search);
  search->add_option("query", o->text, "Words to match (prefixes; empty lists newest first)");
  search->add_option("--category", o->category, "Only this category");
  search->add_option("--min-duration-ms", o->min_duration, "Minimum duration");
  search->add_option("--max-duration-ms", o->max_duration, "Maximum duration");
  search->add_option("--after-ms", o->after, "Created at or after (Unix ms)");
  search->add_option("--before-ms", o->before, "Created before (Unix ms)");
  search->add_option("--limit", o->limit, "Results per page (1..100)")->capture_default_str();
  search->add_option("--offset", o->offset, "Skip this many (next_offset of the previous page)");
  search->add_flag("--all", o->all, "Include private, unlisted and not-ready videos");

  return [o, put, get, search]() {
    if (put->parsed()) return run_put(*o);
    if (get->parsed()) return run_get(*o);
    if (search->parsed()) return run_search(*o);
    return 2;
  };
}

}  // namespace streamforge::cli

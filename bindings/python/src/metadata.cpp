// streamforge.metadata: the MetadataStore (sqlite:// / postgresql://) and its value types. Enums
// are strings ("ready", "public", "queued"), times Unix milliseconds; every store call releases
// the GIL (a database round trip can block) and raises a streamforge.Error subclass on failure.
#include <memory>
#include <optional>
#include <string>

#include "common.h"
#include "streamforge/metadata/metadata_store.h"

namespace streamforge::python {
namespace {

template <typename E>
E parse_enum(const std::string& name, bool (*parse)(std::string_view, E&), const char* field, const char* choices) {
  E out{};
  if (!parse(name, out)) throw StatusError(InvalidArgumentError("'" + name + "': expected " + choices, field));
  return out;
}

}  // namespace

void init_metadata(py::module_& parent) {
  py::module_ m = parent.def_submodule("metadata", "Metadata store: videos, renditions, jobs, search, trending.");
  using release = py::call_guard<py::gil_scoped_release>;

  py::class_<Video>(m, "Video", "A video's catalogue entry (a value; the store assigns id and version).")
      .def(py::init([](const std::string& owner, const std::string& title, const std::string& description,
                       std::vector<std::string> tags, const std::string& category, const std::string& visibility,
                       int64_t duration_ms, const std::string& id, const std::string& probe_json) {
             Video v;
             v.owner = owner;
             v.title = title;
             v.description = description;
             v.tags = std::move(tags);
             v.category = category;
             v.visibility = parse_enum(visibility, &parse_visibility, "visibility", "public, unlisted or private");
             v.duration_ms = duration_ms;
             v.id = id;
             v.probe_json = probe_json;
             return v;
           }),
           py::arg("owner") = "", py::arg("title") = "", py::arg("description") = "",
           py::arg("tags") = std::vector<std::string>{}, py::arg("category") = "", py::arg("visibility") = "public",
           py::arg("duration_ms") = 0, py::arg("id") = "", py::arg("probe_json") = "")
      .def_readwrite("id", &Video::id)
      .def_readwrite("owner", &Video::owner)
      .def_readwrite("title", &Video::title)
      .def_readwrite("description", &Video::description)
      .def_readwrite("tags", &Video::tags)
      .def_readwrite("category", &Video::category)
      .def_property(
          "visibility", [](const Video& v) { return std::string(visibility_name(v.visibility)); },
          [](Video& v, const std::string& s) {
            v.visibility = parse_enum(s, &parse_visibility, "visibility", "public, unlisted or private");
          })
      .def_property_readonly("status", [](const Video& v) { return std::string(video_status_name(v.status)); })
      .def_readonly("failure_reason", &Video::failure_reason)
      .def_readwrite("probe_json", &Video::probe_json)
      .def_readwrite("duration_ms", &Video::duration_ms)
      .def_readwrite("created_at_ms", &Video::created_at_ms)
      .def_readonly("updated_at_ms", &Video::updated_at_ms)
      .def_readonly("view_count", &Video::view_count)
      .def_readwrite("version", &Video::version)
      .def("validate", [](const Video& v) { check(v.validate()); })
      .def("__repr__", [](const Video& v) {
        return "Video(id='" + v.id + "', title='" + v.title + "', status='" +
               std::string(video_status_name(v.status)) + "', version=" + std::to_string(v.version) + ")";
      });

  py::class_<Rendition>(m, "Rendition")
      .def(py::init([](const std::string& video_id, const std::string& name, const std::string& codec,
                       int64_t bitrate_bps, int32_t width, int32_t height, const std::string& hls_url,
                       const std::string& dash_url, const std::string& storage_key, int64_t bytes) {
             return Rendition{video_id, name, codec, bitrate_bps, width, height, hls_url, dash_url, storage_key, bytes};
           }),
           py::arg("video_id"), py::arg("name"), py::arg("codec") = "", py::arg("bitrate_bps") = 0,
           py::arg("width") = 0, py::arg("height") = 0, py::arg("hls_url") = "", py::arg("dash_url") = "",
           py::arg("storage_key") = "", py::arg("bytes") = 0)
      .def_readwrite("video_id", &Rendition::video_id)
      .def_readwrite("name", &Rendition::name)
      .def_readwrite("codec", &Rendition::codec)
      .def_readwrite("bitrate_bps", &Rendition::bitrate_bps)
      .def_readwrite("width", &Rendition::width)
      .def_readwrite("height", &Rendition::height)
      .def_readwrite("hls_url", &Rendition::hls_url)
      .def_readwrite("dash_url", &Rendition::dash_url)
      .def_readwrite("storage_key", &Rendition::storage_key)
      .def_readwrite("bytes", &Rendition::bytes);

  py::class_<Job>(m, "Job")
      .def_readonly("id", &Job::id)
      .def_readonly("kind", &Job::kind)
      .def_readonly("video_id", &Job::video_id)
      .def_readonly("payload_json", &Job::payload_json)
      .def_property_readonly("state", [](const Job& j) { return std::string(job_state_name(j.state)); })
      .def_readonly("attempts", &Job::attempts)
      .def_readonly("max_attempts", &Job::max_attempts)
      .def_readonly("worker_id", &Job::worker_id)
      .def_readonly("lease_expires_at_ms", &Job::lease_expires_at_ms)
      .def_readonly("last_error", &Job::last_error);

  py::class_<WatchProgress>(m, "WatchProgress")
      .def_readonly("user_id", &WatchProgress::user_id)
      .def_readonly("video_id", &WatchProgress::video_id)
      .def_readonly("position_ms", &WatchProgress::position_ms)
      .def_readonly("device", &WatchProgress::device)
      .def_readonly("updated_at_ms", &WatchProgress::updated_at_ms);

  py::class_<SearchPage>(m, "SearchPage")
      .def_readonly("videos", &SearchPage::videos)
      .def_readonly("next_offset", &SearchPage::next_offset);

  py::class_<MetadataStore, std::unique_ptr<MetadataStore>>(
      m, "MetadataStore", "Thread-safe. Open with streamforge.metadata.open(uri).")
      .def_property_readonly("uri", &MetadataStore::uri)
      .def("create_video", [](MetadataStore& s, const Video& v) { return unwrap(s.create_video(v)); }, release())
      .def("get_video", [](MetadataStore& s, const std::string& id) { return unwrap(s.get_video(id)); }, release())
      .def("update_video", [](MetadataStore& s, const Video& v) { return unwrap(s.update_video(v)); }, release(),
           "Replaces the editable fields; AbortedError when video.version is stale.")
      .def(
          "set_status",
          [](MetadataStore& s, const std::string& id, const std::string& status, const std::string& reason,
             std::optional<int64_t> expected_version) {
            VideoStatus st = parse_enum(status, &parse_video_status, "status", "uploading, processing, ready or failed");
            return unwrap(s.set_video_status(id, st, reason, expected_version));
          },
          py::arg("id"), py::arg("status"), py::arg("reason") = "", py::arg("expected_version") = py::none(),
          release())
      .def("delete_video", [](MetadataStore& s, const std::string& id) { check(s.delete_video(id)); }, release())
      .def("put_rendition", [](MetadataStore& s, const Rendition& r) { check(s.put_rendition(r)); }, release())
      .def("list_renditions", [](MetadataStore& s, const std::string& id) { return unwrap(s.list_renditions(id)); },
           release())
      .def(
          "enqueue_job",
          [](MetadataStore& s, const std::string& kind, const std::string& video_id, const std::string& payload_json,
             int32_t max_attempts) {
            Job j;
            j.kind = kind;
            j.video_id = video_id;
            j.payload_json = payload_json;
            j.max_attempts = max_attempts;
            return unwrap(s.enqueue_job(j));
          },
          py::arg("kind"), py::arg("video_id") = "", py::arg("payload_json") = "", py::arg("max_attempts") = 3,
          release())
      .def("lease_job",
           [](MetadataStore& s, const std::string& kind, const std::string& worker, int64_t lease_ms) {
             return unwrap(s.lease_job(kind, worker, lease_ms));
           },
           py::arg("kind"), py::arg("worker_id"), py::arg("lease_ms") = 60000, release())
      .def("heartbeat_job",
           [](MetadataStore& s, const std::string& id, const std::string& worker, int64_t lease_ms) {
             check(s.heartbeat_job(id, worker, lease_ms));
           },
           py::arg("id"), py::arg("worker_id"), py::arg("lease_ms") = 60000, release())
      .def("finish_job",
           [](MetadataStore& s, const std::string& id, const std::string& worker, bool success,
              const std::string& error) { return unwrap(s.finish_job(id, worker, success, error)); },
           py::arg("id"), py::arg("worker_id"), py::arg("success"), py::arg("error") = "", release())
      .def("set_watch_progress",
           [](MetadataStore& s, const std::string& user, const std::string& video, int64_t position_ms,
              const std::string& device, int64_t at_ms) {
             check(s.set_watch_progress({user, video, position_ms, device, at_ms}));
           },
           py::arg("user_id"), py::arg("video_id"), py::arg("position_ms"), py::arg("device") = "",
           py::arg("at_ms") = 0, release())
      .def("get_watch_progress",
           [](MetadataStore& s, const std::string& user, const std::string& video) {
             return unwrap(s.get_watch_progress(user, video));
           },
           release())
      .def("record_view", [](MetadataStore& s, const std::string& id, int64_t at_ms) { check(s.record_view(id, at_ms)); },
           py::arg("video_id"), py::arg("at_ms") = 0, release())
      .def("trending",
           [](MetadataStore& s, int64_t window_ms, int32_t limit, int64_t now_ms) {
             std::vector<std::pair<std::string, int64_t>> out;
             for (const auto& e : unwrap(s.trending(window_ms, limit, now_ms))) out.emplace_back(e.video_id, e.views);
             return out;
           },
           py::arg("window_ms"), py::arg("limit") = 20, py::arg("now_ms") = 0, release(),
           "[(video_id, views)] in the window, most viewed first.")
      .def(
          "search",
          [](MetadataStore& s, const std::string& text, std::optional<std::string> category,
             std::optional<int64_t> min_duration_ms, std::optional<int64_t> max_duration_ms,
             std::optional<int64_t> created_after_ms, std::optional<int64_t> created_before_ms, bool include_all,
             int32_t limit, int64_t offset) {
            SearchQuery q;
            q.text = text;
            q.category = std::move(category);
            q.min_duration_ms = min_duration_ms;
            q.max_duration_ms = max_duration_ms;
            q.created_after_ms = created_after_ms;
            q.created_before_ms = created_before_ms;
            q.include_unlisted_and_unready = include_all;
            q.limit = limit;
            q.offset = offset;
            return unwrap(s.search(q));
          },
          py::arg("text") = "", py::kw_only(), py::arg("category") = py::none(), py::arg("min_duration_ms") = py::none(),
          py::arg("max_duration_ms") = py::none(), py::arg("created_after_ms") = py::none(),
          py::arg("created_before_ms") = py::none(), py::arg("include_all") = false, py::arg("limit") = 20,
          py::arg("offset") = 0, release())
      .def("schema_version", [](MetadataStore& s) { return unwrap(s.schema_version()); }, release());

  m.def(
      "open",
      [](const std::string& uri, int pool_size) {
        MetadataOptions o;
        o.pool_size = pool_size;
        return unwrap(open_metadata_store(uri, o));
      },
      py::arg("uri"), py::arg("pool_size") = 4, release(),
      "Opens (and migrates) a store: 'sqlite:///path.db', 'sqlite://:memory:' or 'postgresql://...'.");
}

}  // namespace streamforge::python

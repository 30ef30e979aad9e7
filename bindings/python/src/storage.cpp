// streamforge.storage: Storage by URI (file://, memory://, s3://), presigned S3 URLs, and the
// SigV4 signer itself (exposed so tests can compare it with botocore). Every storage call
// releases the GIL (S3 calls are network round trips) and raises a streamforge.Error subclass.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common.h"
#include <cstdio>

#include "streamforge/storage/s3.h"
#include "streamforge/storage/sigv4.h"
#include "streamforge/storage/storage.h"
#include "streamforge/storage/tiering.h"

namespace streamforge::python {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

py::dict sigv4_dict(const storage::SigV4Result& r) {
  py::dict d;
  d["signature"] = r.signature;
  d["canonical_request"] = r.canonical_request;
  d["string_to_sign"] = r.string_to_sign;
  d["encoded_path"] = r.encoded_path;
  d["encoded_query"] = r.encoded_query;
  d["headers"] = r.headers;
  return d;
}

std::unique_ptr<storage::SigV4Signer> make_signer(const std::string& access_key, const std::string& secret,
                                                  const std::string& token, const std::string& region) {
  return unwrap(storage::SigV4Signer::create({access_key, secret, token}, region));
}

storage::SigV4Request make_request(const std::string& method, const std::string& host, const std::string& path,
                                   Pairs query, Pairs headers, const std::string& payload) {
  storage::SigV4Request r;
  r.method = method;
  r.host = host;
  r.path = path;
  r.query = std::move(query);
  r.headers = std::move(headers);
  r.payload_sha256 = payload;
  return r;
}

py::bytes to_bytes(const ByteBuffer& b) { return py::bytes(reinterpret_cast<const char*>(b.data()), b.size()); }

}  // namespace

void init_storage(py::module_& parent) {
  py::module_ m = parent.def_submodule("storage", "Object storage: file://, memory://, s3://.");
  using release = py::call_guard<py::gil_scoped_release>;

  py::class_<ObjectInfo>(m, "ObjectInfo", "An object's key (relative to the storage root), size and ETag.")
      .def_readonly("key", &ObjectInfo::key)
      .def_readonly("size", &ObjectInfo::size)
      .def_readonly("etag", &ObjectInfo::etag)
      .def("__repr__", [](const ObjectInfo& o) {
        return "ObjectInfo(key=" + py::repr(py::str(o.key)).cast<std::string>() + ", size=" + std::to_string(o.size) + ")";
      });

  py::class_<Storage, std::shared_ptr<Storage>>(m, "Storage", "A storage opened by URI; thread-safe.")
      .def_property_readonly("uri", &Storage::uri)
      .def(
          "put",
          [](Storage& s, const std::string& key, py::bytes data, const std::string& content_type,
             const std::string& cache_control, bool checksum) {
            std::string bytes = data;  // copied with the GIL held
            py::gil_scoped_release unlocked;
            PutOptions o;
            o.content_type = content_type;
            o.cache_control = cache_control;
            o.checksum = checksum;
            check(s.put(key, ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), o));
          },
          py::arg("key"), py::arg("data"), py::arg("content_type") = "", py::arg("cache_control") = "",
          py::arg("checksum") = true, "Stores a whole object atomically (s3: multipart when over one part).")
      .def(
          "put_file",
          [](Storage& s, const std::string& key, py::object path, const std::string& content_type, bool checksum) {
            std::string file = fspath(path);
            py::gil_scoped_release unlocked;
            std::FILE* f = std::fopen(file.c_str(), "rb");
            if (!f) throw StatusError(NotFoundError("cannot open '" + file + "'"));
            PutOptions o;
            o.content_type = content_type;
            o.checksum = checksum;
            Status st = s.put_stream(
                key,
                [&](uint8_t* buf, size_t cap) -> Result<size_t> {
                  size_t n = std::fread(buf, 1, cap, f);
                  if (n == 0 && std::ferror(f)) return UnavailableError("reading '" + file + "' failed");
                  return n;
                },
                o);
            std::fclose(f);
            check(st);
          },
          py::arg("key"), py::arg("path"), py::arg("content_type") = "", py::arg("checksum") = true,
          "Streams a local file into one object (s3: parallel multipart upload).")
      .def(
          "get",
          [](Storage& s, const std::string& key, uint64_t offset, std::optional<uint64_t> length) {
            ByteBuffer b;
            {
              py::gil_scoped_release unlocked;
              b = unwrap(s.get(key, offset, length));
            }
            return to_bytes(b);
          },
          py::arg("key"), py::arg("offset") = 0, py::arg("length") = std::nullopt)
      .def("stat", [](Storage& s, const std::string& key) { return unwrap(s.stat(key)); }, py::arg("key"), release())
      .def("list", [](Storage& s, const std::string& prefix) { return unwrap(s.list(prefix)); },
           py::arg("prefix") = "", release())
      .def(
          "list_page",
          [](Storage& s, const std::string& prefix, const std::string& token, size_t limit) {
            ListPage p = unwrap(s.list_page(prefix, token, limit));
            return std::make_pair(std::move(p.objects), std::move(p.next_page_token));
          },
          py::arg("prefix") = "", py::arg("page_token") = "", py::arg("limit") = 1000, release(),
          "(objects, next_page_token); an empty token means the last page.")
      .def("remove", [](Storage& s, const std::string& key) { check(s.remove(key)); }, py::arg("key"), release());

  m.def(
      "open",
      [](const std::string& uri, bool fsync, uint64_t part_size, int concurrency, int max_attempts) {
        StorageOptions o;
        o.fsync = fsync;
        o.part_size = part_size;
        o.concurrency = concurrency;
        o.max_attempts = max_attempts;
        return std::shared_ptr<Storage>(unwrap(open_storage(uri, o)));
      },
      py::arg("uri"), py::arg("fsync") = false, py::arg("part_size") = 8u << 20, py::arg("concurrency") = 4,
      py::arg("max_attempts") = 5, py::call_guard<py::gil_scoped_release>());

  m.def(
      "presign",
      [](const std::string& uri, const std::string& key, const std::string& method, int64_t expires,
         const std::string& content_type, int64_t now) {
        PresignOptions o{method, expires, content_type, now};
        return unwrap(presign_s3_url(uri, key, o));
      },
      py::arg("uri"), py::arg("key"), py::arg("method") = "GET", py::arg("expires") = 3600,
      py::arg("content_type") = "", py::arg("now") = 0, "A presigned s3:// URL for key.");

  // Tiering: assets are dicts in, transitions dicts out (tiers as "hot", "warm", "cold", "archive").
  auto tier_from = [](const std::string& name) {
    for (StorageTier t : {StorageTier::kHot, StorageTier::kWarm, StorageTier::kCold, StorageTier::kArchive}) {
      if (storage_tier_name(t) == name) return t;
    }
    throw StatusError(InvalidArgumentError("'" + name + "': expected hot, warm, cold or archive", "current"));
  };
  py::class_<TieringPolicy>(m, "TieringPolicy",
                            "Hot/warm/cold/archive by view velocity, age and idle days -> S3 storage classes.")
      .def(py::init<>())
      .def_readwrite("hot_min_views_per_day", &TieringPolicy::hot_min_views_per_day)
      .def_readwrite("warm_min_views_per_day", &TieringPolicy::warm_min_views_per_day)
      .def_readwrite("min_age_days_before_warm", &TieringPolicy::min_age_days_before_warm)
      .def_readwrite("cold_after_idle_days", &TieringPolicy::cold_after_idle_days)
      .def_readwrite("archive_after_idle_days", &TieringPolicy::archive_after_idle_days)
      .def_readwrite("min_bytes_to_tier", &TieringPolicy::min_bytes_to_tier)
      .def(
          "plan",
          [tier_from](const TieringPolicy& p, const py::list& assets) {
            std::vector<AssetUsage> in;
            for (py::handle h : assets) {
              py::dict d = py::reinterpret_borrow<py::dict>(h);
              AssetUsage a;
              a.key = d["key"].cast<std::string>();
              a.bytes = d.contains("bytes") ? d["bytes"].cast<uint64_t>() : 0;
              a.age_days = d.contains("age_days") ? d["age_days"].cast<int64_t>() : 0;
              a.views_per_day = d.contains("views_per_day") ? d["views_per_day"].cast<double>() : 0.0;
              a.days_since_last_view = d.contains("days_since_last_view") ? d["days_since_last_view"].cast<int64_t>()
                                                                           : a.age_days;
              a.current = d.contains("current") ? tier_from(d["current"].cast<std::string>()) : StorageTier::kHot;
              in.push_back(std::move(a));
            }
            py::list out;
            for (const auto& t : unwrap(p.plan(in))) {
              py::dict d;
              d["key"] = t.key;
              d["from"] = std::string(storage_tier_name(t.from));
              d["to"] = std::string(storage_tier_name(t.to));
              d["storage_class"] = t.storage_class;
              d["needs_restore"] = t.needs_restore;
              d["reason"] = t.reason;
              out.append(d);
            }
            return out;
          },
          py::arg("assets"), "Transitions for assets (dicts: key, bytes, age_days, views_per_day, ...).")
      .def("lifecycle_json", [](const TieringPolicy& p, const std::string& prefix) {
        return unwrap(p.lifecycle_json(prefix));
      }, py::arg("prefix") = "");

  m.def(
      "sigv4_sign",
      [](const std::string& access_key, const std::string& secret, const std::string& token, const std::string& region,
         const std::string& method, const std::string& host, const std::string& path, Pairs query, Pairs headers,
         const std::string& payload_sha256, const std::string& timestamp) {
        auto signer = make_signer(access_key, secret, token, region);
        return sigv4_dict(unwrap(signer->sign(
            make_request(method, host, path, std::move(query), std::move(headers), payload_sha256), timestamp)));
      },
      py::arg("access_key"), py::arg("secret"), py::arg("token"), py::arg("region"), py::arg("method"), py::arg("host"),
      py::arg("path"), py::arg("query"), py::arg("headers"), py::arg("payload_sha256"), py::arg("timestamp"),
      "SigV4 Authorization-header signing of one S3 request (path and query not encoded).");
  m.def(
      "sigv4_presign",
      [](const std::string& access_key, const std::string& secret, const std::string& token, const std::string& region,
         const std::string& method, const std::string& host, const std::string& path, Pairs query, Pairs headers,
         const std::string& timestamp, int64_t expires) {
        auto signer = make_signer(access_key, secret, token, region);
        return sigv4_dict(unwrap(signer->presign(
            make_request(method, host, path, std::move(query), std::move(headers), std::string(storage::kUnsignedPayload)),
            timestamp, expires)));
      },
      py::arg("access_key"), py::arg("secret"), py::arg("token"), py::arg("region"), py::arg("method"), py::arg("host"),
      py::arg("path"), py::arg("query"), py::arg("headers"), py::arg("timestamp"), py::arg("expires"));
}

}  // namespace streamforge::python

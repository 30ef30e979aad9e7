// `streamforge storage put|get|ls|rm|presign URI ...`: objects in any Storage (file://, memory://,
// s3://) from a shell. put streams a file (or stdin) through put_stream -- on s3:// a parallel
// multipart upload -- and prints what it did as JSON; get writes the object (or a range) to a file
// or stdout; ls prints JSON (all objects, or one page with --limit); rm removes keys.
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "streamforge/storage/s3.h"
#include "streamforge/storage/storage.h"

namespace streamforge::cli {
namespace {

struct StorageCli {
  std::string uri;
  std::string key;
  std::vector<std::string> keys;
  std::string file = "-";
  std::string content_type;
  std::string cache_control;
  uint64_t part_size = 8u << 20;
  int concurrency = 4;
  bool no_checksum = false;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  std::string prefix;
  std::optional<size_t> limit;
  std::string page_token;
  std::string method = "GET";
  int64_t expires = 3600;
};

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

Result<std::unique_ptr<Storage>> open(const StorageCli& o) {
  StorageOptions options;
  options.part_size = o.part_size;
  options.concurrency = o.concurrency;
  auto s = open_storage(o.uri, options);
  if (!s.ok()) return s.status().with_field_prefix("URI");
  return s;
}

int run_put(const StorageCli& o) {
  auto storage = open(o);
  if (!storage.ok()) return report_error(storage.status());
  std::FILE* in = o.file == "-" ? stdin : std::fopen(o.file.c_str(), "rb");
  if (!in) return report_error(NotFoundError("cannot open '" + o.file + "' for reading"));
  PutOptions put;
  put.content_type = o.content_type;
  put.cache_control = o.cache_control;
  put.checksum = !o.no_checksum;
  uint64_t total = 0;
  auto start = std::chrono::steady_clock::now();
  Status s = (*storage)->put_stream(
      o.key,
      [&](uint8_t* buf, size_t cap) -> Result<size_t> {
        size_t n = std::fread(buf, 1, cap, in);
        if (n == 0 && std::ferror(in)) return UnavailableError("reading '" + o.file + "' failed");
        total += n;
        return n;
      },
      put);
  if (in != stdin) std::fclose(in);
  if (!s.ok()) return report_error(s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_json({{"key", o.key},
         {"bytes", total},
         {"seconds", seconds},
         {"mb_per_s", seconds > 0 ? static_cast<double>(total) / 1e6 / seconds : 0.0}});
  return 0;
}

int run_get(const StorageCli& o) {
  auto storage = open(o);
  if (!storage.ok()) return report_error(storage.status());
  auto data = (*storage)->get(o.key, o.offset, o.length);
  if (!data.ok()) return report_error(data.status());
  std::FILE* out = o.file == "-" ? stdout : std::fopen(o.file.c_str(), "wb");
  if (!out) return report_error(PermissionDeniedError("cannot open '" + o.file + "' for writing"));
  size_t written = std::fwrite(data->data(), 1, data->size(), out);
  bool ok = written == data->size() && std::fflush(out) == 0;
  if (out != stdout) ok = (std::fclose(out) == 0) && ok;
  if (!ok) return report_error(UnavailableError("writing '" + o.file + "' failed"));
  return 0;
}

nlohmann::json objects_json(const std::vector<ObjectInfo>& objects) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& obj : objects) {
    nlohmann::json j = {{"key", obj.key}, {"size", obj.size}};
    if (!obj.etag.empty()) j["etag"] = obj.etag;
    list.push_back(std::move(j));
  }
  return list;
}

int run_ls(const StorageCli& o) {
  auto storage = open(o);
  if (!storage.ok()) return report_error(storage.status());
  if (o.limit) {
    auto page = (*storage)->list_page(o.prefix, o.page_token, *o.limit);
    if (!page.ok()) return report_error(page.status());
    print_json({{"objects", objects_json(page->objects)}, {"next_page_token", page->next_page_token}});
    return 0;
  }
  auto all = (*storage)->list(o.prefix);
  if (!all.ok()) return report_error(all.status());
  print_json({{"objects", objects_json(*all)}});
  return 0;
}

int run_rm(const StorageCli& o) {
  auto storage = open(o);
  if (!storage.ok()) return report_error(storage.status());
  for (const auto& key : o.keys) {
    if (Status s = (*storage)->remove(key); !s.ok()) return report_error(s);
  }
  return 0;
}

int run_presign(const StorageCli& o) {
  auto url = presign_s3_url(o.uri, o.key, {o.method, o.expires, o.content_type, 0});
  if (!url.ok()) return report_error(url.status());
  std::printf("%s\n", url->c_str());
  return 0;
}

}  // namespace

Runner add_storage_command(CLI::App& app) {
  auto o = std::make_shared<StorageCli>();
  app.require_subcommand(1);
  auto uri = [&](CLI::App* sub) {
    sub->add_option("uri", o->uri, "file:///path, memory://, or s3://bucket/prefix?endpoint=...&region=...")
        ->required();
  };
  CLI::App* put = app.add_subcommand("put", "Store a file (or stdin) as one object; prints JSON with MB/s");
  uri(put);
  put->add_option("key", o->key, "Object key (relative to the URI)")->required();
  put->add_option("file", o->file, "Input file ('-': stdin)")->capture_default_str();
  put->add_option("--content-type", o->content_type, "Content-Type to store");
  put->add_option("--cache-control", o->cache_control, "Cache-Control to store");
  put->add_option("--part-size", o->part_size, "s3:// multipart part size in bytes")->capture_default_str();
  put->add_option("--concurrency", o->concurrency, "s3:// parts uploaded at once")->capture_default_str();
  put->add_flag("--no-checksum", o->no_checksum, "Skip x-amz-checksum-sha256 (UNSIGNED-PAYLOAD)");

  CLI::App* get = app.add_subcommand("get", "Write an object (or a byte range of it) to a file or stdout");
  uri(get);
  get->add_option("key", o->key, "Object key")->required();
  get->add_option("file", o->file, "Output file ('-': stdout)")->capture_default_str();
  get->add_option("--offset", o->offset, "First byte");
  get->add_option("--length", o->length, "Number of bytes (default: to the end)");

  CLI::App* ls = app.add_subcommand("ls", "List objects by prefix as JSON (one page with --limit)");
  uri(ls);
  ls->add_option("prefix", o->prefix, "Key prefix");
  ls->add_option("--limit", o->limit, "Objects per page (1..1000); prints next_page_token");
  ls->add_option("--page-token", o->page_token, "Continue after a previous page");

  CLI::App* rm = app.add_subcommand("rm", "Remove objects (a missing one is not an error)");
  uri(rm);
  rm->add_option("keys", o->keys, "Object keys")->required();

  CLI::App* presign = app.add_subcommand("presign", "Print a presigned s3:// URL (SigV4 query string)");
  uri(presign);
  presign->add_option("key", o->key, "Object key")->required();
  presign->add_option("--method", o->method, "GET, PUT, HEAD or DELETE")->capture_default_str();
  presign->add_option("--expires", o->expires, "Lifetime in seconds (max 604800)")->capture_default_str();
  presign->add_option("--content-type", o->content_type, "PUT: the Content-Type the uploader must send");

  return [o, put, get, ls, rm, presign]() {
    if (put->parsed()) return run_put(*o);
    if (get->parsed()) return run_get(*o);
    if (ls->parsed()) return run_ls(*o);
    if (rm->parsed()) return run_rm(*o);
    if (presign->parsed()) return run_presign(*o);
    return 2;
  };
}

}  // namespace streamforge::cli

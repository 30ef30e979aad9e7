#include "storage/local_storage.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace streamforge::storage {
namespace fs = std::filesystem;
namespace {

Status io_error(std::string_view what, const fs::path& path, int err) {
  std::string message = fmt::format("{} '{}': {}", what, path.string(), std::strerror(err));
  if (err == ENOSPC || err == EDQUOT) return ResourceExhaustedError(std::move(message));
  if (err == EACCES || err == EPERM || err == EROFS) return PermissionDeniedError(std::move(message));
  return UnavailableError(std::move(message));
}

Status fsync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return io_error("opening for fsync", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? OkStatus() : io_error("fsync", path, err);
}

std::atomic<uint64_t> temp_counter{0};

fs::path temp_path_for(const fs::path& final_path) {
  return final_path.parent_path() /
         fmt::format("{}{}-{}-{}", kPartialPrefix, ::getpid(), temp_counter.fetch_add(1), final_path.filename().string());
}

// An open temp file that becomes `final_path` on commit and disappears otherwise.
class LocalWriter final : public ObjectWriter {
 public:
  static Result<std::unique_ptr<LocalWriter>> open(fs::path final_path, bool fsync) {
    std::error_code ec;
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) return io_error("creating folder", final_path.parent_path(), ec.value());
    fs::path temp = temp_path_for(final_path);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("creating", temp, errno);
    return std::unique_ptr<LocalWriter>(new LocalWriter(std::move(final_path), std::move(temp), fd, fsync));
  }
  ~LocalWriter() override { discard(); }

  Status write(ByteView bytes) override {
    if (fd_ < 0) return FailedPreconditionError(fmt::format("write to '{}' after commit", final_.string()));
    const uint8_t* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io_error("writing", temp_, errno);
      p += n;
      left -= static_cast<size_t>(n);
    }
    written_ += bytes.size();
    return OkStatus();
  }
  uint64_t bytes_written() const override { return written_; }

  Status commit() override {
    if (fd_ < 0) return FailedPreconditionError(fmt::format("'{}' was already committed", final_.string()));
    if (fsync_ && ::fsync(fd_) != 0) {
      Status s = io_error("fsync", temp_, errno);
      discard();
      return s;
    }
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
      Status s = io_error("renaming into place", final_, errno);
      ::unlink(temp_.c_str());
      return s;
    }
    if (fsync_) return fsync_path(final_.parent_path(), /*directory=*/true);
    return OkStatus();
  }

 private:
  LocalWriter(fs::path final_path, fs::path temp, int fd, bool fsync)
      : final_(std::move(final_path)), temp_(std::move(temp)), fd_(fd), fsync_(fsync) {}
  void discard() {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_.c_str());
  }

  fs::path final_;
  fs::path temp_;
  int fd_ = -1;
  bool fsync_ = false;
  uint64_t written_ = 0;
};

class LocalStorage final : public Storage {
 public:
  LocalStorage(fs::path root, bool fsync) : root_(std::move(root)), fsync_(fsync) {}

  Status put(std::string_view key, ByteView bytes, const PutOptions& options) override {
    SF_ASSIGN_OR_RETURN(auto writer, open_writer(key, options));
    SF_RETURN_IF_ERROR(writer->write(bytes));
    return writer->commit();
  }
  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, const PutOptions&) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    SF_ASSIGN_OR_RETURN(auto writer, LocalWriter::open(root_ / fs::path(std::string(key)), fsync_));
    return std::unique_ptr<ObjectWriter>(std::move(writer));
  }
  Result<ByteBuffer> get(std::string_view key, uint64_t offset, std::optional<uint64_t> length) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    fs::path path = root_ / fs::path(std::string(key));
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
    if (fd < 0) return io_error("opening", path, errno);
    off_t size = ::lseek(fd, 0, SEEK_END);
    uint64_t begin = std::min<uint64_t>(offset, size < 0 ? 0 : static_cast<uint64_t>(size));
    uint64_t end = static_cast<uint64_t>(size);
    if (length) end = std::min(end, begin + *length);
    ByteBuffer out(end - begin);
    uint64_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(begin + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int err = n < 0 ? errno : EIO;
        ::close(fd);
        return io_error("reading", path, err);
      }
      done += static_cast<uint64_t>(n);
    }
    ::close(fd);
    return out;
  }
  Result<ObjectInfo> stat(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    std::error_code ec;
    fs::path path = root_ / fs::path(std::string(key));
    auto size = fs::file_size(path, ec);
    if (ec == std::errc::no_such_file_or_directory) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
    if (ec) return io_error("stat", path, ec.value());
    return ObjectInfo{std::string(key), size};
  }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    std::vector<ObjectInfo> out;
    std::error_code ec;
    if (!fs::exists(root_, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      if (it->path().filename().string().starts_with(kPartialPrefix)) continue;
      std::string key = it->path().lexically_relative(root_).generic_string();
      if (!key.starts_with(prefix)) continue;
      out.push_back({std::move(key), it->file_size(ec)});
    }
    if (ec) return io_error("listing", root_, ec.value());
    std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }
  Status remove(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    fs::path path = root_ / fs::path(std::string(key));
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error("removing", path, errno);
    return OkStatus();
  }
  std::string uri() const override { return "file://" + root_.string(); }

 private:
  fs::path root_;
  bool fsync_;
};

}  // namespace

Result<std::unique_ptr<Storage>> make_local_storage(const fs::path& root, bool fsync) {
  if (root.empty()) return InvalidArgumentError("local storage needs a folder path");
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) return io_error("resolving", root, ec.value());
  fs::create_directories(absolute, ec);
  if (ec) return io_error("creating output folder", absolute, ec.value());
  if (!fs::is_directory(absolute, ec)) {
    return InvalidArgumentError(fmt::format("'{}' exists and is not a folder", absolute.string()));
  }
  return std::unique_ptr<Storage>(std::make_unique<LocalStorage>(absolute.lexically_normal(), fsync));
}

}  // namespace streamforge::storage

#include "storage/memory_storage.h"

#include <fmt/format.h>

#include <map>
#include <mutex>

namespace streamforge::storage {
namespace {

using Objects = std::map<std::string, std::shared_ptr<const ByteBuffer>, std::less<>>;

struct Shared {
  std::mutex mutex;
  Objects objects;
};

class MemoryWriter final : public ObjectWriter {
 public:
  MemoryWriter(std::shared_ptr<Shared> shared, std::string key)
      : shared_(std::move(shared)), key_(std::move(key)) {}
  Status write(ByteView bytes) override {
    if (done_) return FailedPreconditionError("write after commit of '" + key_ + "'");
    buffer_.append(bytes);
    return OkStatus();
  }
  uint64_t bytes_written() const override { return buffer_.size(); }
  Status commit() override {
    if (done_) return FailedPreconditionError("'" + key_ + "' was already committed");
    done_ = true;
    auto object = std::make_shared<const ByteBuffer>(std::move(buffer_));
    std::lock_guard lock(shared_->mutex);
    shared_->objects[key_] = std::move(object);
    return OkStatus();
  }

 private:
  std::shared_ptr<Shared> shared_;
  std::string key_;
  ByteBuffer buffer_;
  bool done_ = false;
};

class MemoryStorage final : public Storage {
 public:
  explicit MemoryStorage(std::string name) : name_(std::move(name)), shared_(std::make_shared<Shared>()) {}

  Status put(std::string_view key, ByteView bytes, const PutOptions&) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    auto object = std::make_shared<const ByteBuffer>(bytes);
    std::lock_guard lock(shared_->mutex);
    shared_->objects[std::string(key)] = std::move(object);
    return OkStatus();
  }
  Result<std::unique_ptr<ObjectWriter>> open_writer(std::string_view key, const PutOptions&) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    return std::unique_ptr<ObjectWriter>(std::make_unique<MemoryWriter>(shared_, std::string(key)));
  }
  Result<ByteBuffer> get(std::string_view key, uint64_t offset, std::optional<uint64_t> length) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    std::shared_ptr<const ByteBuffer> object;
    {
      std::lock_guard lock(shared_->mutex);
      auto it = shared_->objects.find(key);
      if (it == shared_->objects.end()) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
      object = it->second;
    }
    uint64_t begin = std::min<uint64_t>(offset, object->size());
    uint64_t end = length ? std::min<uint64_t>(object->size(), begin + *length) : object->size();
    return ByteBuffer(ByteView(object->data() + begin, end - begin));
  }
  Result<ObjectInfo> stat(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    std::lock_guard lock(shared_->mutex);
    auto it = shared_->objects.find(key);
    if (it == shared_->objects.end()) return NotFoundError(fmt::format("no object '{}' in {}", key, uri()));
    return ObjectInfo{it->first, it->second->size()};
  }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override {
    std::vector<ObjectInfo> out;
    std::lock_guard lock(shared_->mutex);
    for (auto it = shared_->objects.lower_bound(prefix); it != shared_->objects.end(); ++it) {
      if (!it->first.starts_with(prefix)) break;
      out.push_back({it->first, it->second->size()});
    }
    return out;
  }
  Status remove(std::string_view key) override {
    SF_RETURN_IF_ERROR(validate_storage_key(key));
    std::lock_guard lock(shared_->mutex);
    if (auto it = shared_->objects.find(key); it != shared_->objects.end()) shared_->objects.erase(it);
    return OkStatus();
  }
  std::string uri() const override { return "memory://" + name_; }

 private:
  std::string name_;
  std::shared_ptr<Shared> shared_;  // writers keep it alive
};

}  // namespace

std::unique_ptr<Storage> make_memory_storage(std::string name) {
  return std::make_unique<MemoryStorage>(std::move(name));
}

}  // namespace streamforge::storage

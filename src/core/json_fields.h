// Private: reading a JSON object into a spec struct with field-named errors
// ("video[2].height: must be an integer"), shared by every *Spec::from_json.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <type_traits>

#include "streamforge/core/status.h"

namespace streamforge::core {

// Reads optional members, checking their JSON type; keeps the first error with its path.
class JsonFieldReader {
 public:
  JsonFieldReader(const nlohmann::json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  template <typename T>
  void get(const char* key, T& out) {
    if (!status_.ok() || !obj_.contains(key)) return;
    const nlohmann::json& v = obj_.at(key);
    try {
      if constexpr (std::is_same_v<T, std::string>) {
        if (!v.is_string()) return fail(key, "must be a string");
      } else if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_boolean()) return fail(key, "must be true or false");
      } else if constexpr (std::is_integral_v<T>) {
        if (!v.is_number_integer()) return fail(key, "must be an integer");
        // nlohmann converts with a plain cast: 4294967536 would read as 240 into an int.
        constexpr auto max = static_cast<uint64_t>(std::numeric_limits<T>::max());
        bool fits;
        if (v.is_number_unsigned()) {
          fits = v.get<uint64_t>() <= max;
        } else {
          const int64_t x = v.get<int64_t>();
          fits = x >= 0 ? static_cast<uint64_t>(x) <= max
                        : std::is_signed_v<T> && x >= static_cast<int64_t>(std::numeric_limits<T>::min());
        }
        if (!fits) return fail(key, "is out of range");
      } else if constexpr (std::is_floating_point_v<T>) {
        if (!v.is_number()) return fail(key, "must be a number");
      }
      out = v.get<T>();
    } catch (const std::exception& e) {
      fail(key, e.what());
    }
  }

  void reject_unknown(std::initializer_list<const char*> known) {
    if (!status_.ok()) return;
    std::set<std::string> k(known.begin(), known.end());
    for (auto& [key, _] : obj_.items()) {
      if (!k.count(key)) return fail(key.c_str(), "unknown key (typo?)");
    }
  }

  void fail(const char* key, std::string msg) {
    if (status_.ok()) status_ = InvalidArgumentError(std::move(msg), path_.empty() ? key : path_ + "." + key);
  }
  const Status& status() const { return status_; }
  const nlohmann::json& object() const { return obj_; }
  const std::string& path() const { return path_; }

 private:
  const nlohmann::json& obj_;
  std::string path_;
  Status status_;
};

}  // namespace streamforge::core

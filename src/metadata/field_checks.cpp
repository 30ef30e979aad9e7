#include "metadata/field_checks.h"

#include <nlohmann/json.hpp>

#include <string>

#include "core/utf8.h"
#include "streamforge/metadata/metadata_types.h"

namespace streamforge::metadata {
namespace {

// Offset of the first invalid UTF-8 sequence, or npos. Rejects overlongs and surrogates.
size_t invalid_utf8_at(std::string_view s) {
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    if (core::decode_utf8_at(s, i, &len) < 0) return i;
  }
  return std::string_view::npos;
}

}  // namespace

Status check_id(std::string_view value, std::string_view field) {
  std::string f(field);
  if (value.empty()) return InvalidArgumentError("must not be empty", f);
  if (value.size() > MetadataLimits::kMaxIdBytes) {
    return InvalidArgumentError("at most " + std::to_string(MetadataLimits::kMaxIdBytes) + " bytes, got " +
                                    std::to_string(value.size()),
                                f);
  }
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.';
    if (!ok) return InvalidArgumentError("only letters, digits, '_', '-' and '.' are allowed in ids", f);
  }
  return OkStatus();
}

Status check_text(std::string_view value, std::string_view field, size_t max_bytes, bool required, bool multiline) {
  std::string f(field);
  if (required && value.empty()) return InvalidArgumentError("must not be empty", f);
  if (value.size() > max_bytes) {
    return InvalidArgumentError(
        "too long: at most " + std::to_string(max_bytes) + " bytes, got " + std::to_string(value.size()), f);
  }
  if (size_t at = invalid_utf8_at(value); at != std::string_view::npos) {
    return InvalidArgumentError("not valid UTF-8 (byte " + std::to_string(at) + ")", f);
  }
  for (size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c == 0) return InvalidArgumentError("contains a NUL byte at " + std::to_string(i), f);
    bool allowed_ws = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 || c == 0x7F) && !allowed_ws) {
      return InvalidArgumentError("contains a control character at byte " + std::to_string(i), f);
    }
  }
  return OkStatus();
}

Status check_json_object(std::string_view value, std::string_view field, size_t max_bytes) {
  if (value.empty()) return OkStatus();
  std::string f(field);
  if (value.size() > max_bytes) {
    return InvalidArgumentError("too long: at most " + std::to_string(max_bytes) + " bytes", f);
  }
  auto j = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("not valid JSON", f);
  if (!j.is_object()) return InvalidArgumentError("must be a JSON object", f);
  if (value.find('\0') != std::string_view::npos) return InvalidArgumentError("contains a NUL byte", f);
  return OkStatus();
}

}  // namespace streamforge::metadata

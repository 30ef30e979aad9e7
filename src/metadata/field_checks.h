// Private: field checks shared by the metadata value types and the store. Every text value is
// checked here before it is bound to a statement: valid UTF-8 (PostgreSQL rejects anything else
// with an unhelpful message), no NUL (libpq passes C strings), a byte limit, and no control
// characters in one-line fields (tags are stored newline-separated).
#pragma once

#include <string>
#include <string_view>

#include "streamforge/core/status.h"

namespace streamforge::metadata {

// Identifiers: 1..64 bytes of [A-Za-z0-9_.-].
Status check_id(std::string_view value, std::string_view field);
Status check_text(std::string_view value, std::string_view field, size_t max_bytes, bool required, bool multiline);
// "" or a JSON object of at most max_bytes.
Status check_json_object(std::string_view value, std::string_view field, size_t max_bytes);

}  // namespace streamforge::metadata

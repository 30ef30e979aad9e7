// Private: the one rule for names that become output file names (rendition names, stream
// names). Checked when a spec is validated and again by every sink that writes files, so a name
// can never reach outside the output folder or be a hidden or dot-only entry.
#pragma once

#include <cctype>
#include <string_view>

namespace streamforge {

inline constexpr const char* kPlainFileNameRule =
    "must start with a letter or digit and hold only letters, digits, '_', '-' and '.' (at most 128 "
    "characters; it names output files)";

inline bool is_plain_file_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  if (!std::isalnum(static_cast<unsigned char>(name.front()))) return false;  // no "..", ".hidden", "-flag"
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

}  // namespace streamforge

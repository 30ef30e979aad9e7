// Private: the one rule for language tags that reach manifests, file names and specs. A tag read
// from a source file is untrusted; one that fails this never goes further.
#pragma once

#include <string_view>

namespace streamforge {

// BCP 47 shape as XML Schema's xs:language pattern, [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*, which is
// what both manifests accept ("en", "pt-BR", "und", "zh-Hant").
inline bool is_language_tag(std::string_view tag) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (tag.empty()) return false;
  size_t pos = 0;
  bool first = true;
  while (true) {
    size_t dash = tag.find('-', pos);
    std::string_view sub = tag.substr(pos, dash == std::string_view::npos ? std::string_view::npos : dash - pos);
    if (sub.empty() || sub.size() > 8) return false;
    for (char c : sub) {
      if (!(alpha(c) || (!first && digit(c)))) return false;
    }
    if (dash == std::string_view::npos) return true;
    first = false;
    pos = dash + 1;
  }
}

}  // namespace streamforge

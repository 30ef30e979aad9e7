#include "streamforge/cdn/url_signer.h"

namespace streamforge::cdn {

std::string_view url_path(std::string_view url) {
  size_t start = 0;
  size_t scheme = url.find("://");
  size_t first_special = url.find_first_of("/?#");
  if (scheme != std::string_view::npos && scheme < first_special) {
    // Skip "scheme://authority".
    start = url.find_first_of("/?#", scheme + 3);
    if (start == std::string_view::npos || url[start] != '/') return "/";
  }
  size_t end = url.find_first_of("?#", start);
  std::string_view path = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  return path.empty() ? std::string_view("/") : path;
}

std::string append_query(std::string_view url, std::string_view params) {
  size_t hash = url.find('#');
  std::string_view base = url.substr(0, hash);
  std::string out;
  out.reserve(url.size() + params.size() + 1);
  out.append(base);
  if (base.find('?') == std::string_view::npos) {
    out.push_back('?');
  } else if (base.back() != '?' && base.back() != '&') {
    out.push_back('&');
  }
  out.append(params);
  if (hash != std::string_view::npos) out.append(url.substr(hash));
  return out;
}

}  // namespace streamforge::cdn

#include "storage/s3/aws_config.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace streamforge::storage::s3 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  return out;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string home_file(const char* override_env, const char* relative) {
  if (auto v = env(override_env); !v.empty()) return v;
  if (auto home = env("HOME"); !home.empty()) return home + "/" + relative;
  return {};
}

// A file's text; empty when missing or over 1 MiB (a credentials file is tiny; do not slurp junk).
std::string read_small_file(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text(1u << 20, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

std::string profile_name() {
  std::string p = env("AWS_PROFILE");
  return p.empty() ? "default" : p;
}

const std::map<std::string, std::string>* config_section(const IniFile& config, const std::string& profile) {
  // The config file names profiles "[profile x]" but the default "[default]"; some tools write the
  // other form, so accept it second.
  std::string first = profile == "default" ? "default" : "profile " + profile;
  std::string second = profile == "default" ? "profile default" : profile;
  for (const std::string* name : {&first, &second}) {
    if (auto it = config.sections.find(*name); it != config.sections.end()) return &it->second;
  }
  return nullptr;
}

bool credentials_from(const std::map<std::string, std::string>& section, AwsCredentials& out) {
  auto get = [&](const char* k) {
    auto it = section.find(k);
    return it == section.end() ? std::string() : it->second;
  };
  AwsCredentials c{get("aws_access_key_id"), get("aws_secret_access_key"), get("aws_session_token")};
  if (c.empty()) return false;
  out = std::move(c);
  return true;
}

}  // namespace

IniFile parse_ini(std::string_view text) {
  IniFile out;
  std::string section;
  bool in_section = false;
  bool in_nested = false;  // inside "key =" followed by indented sub-keys
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      in_nested = false;
      size_t close = line.find(']');
      if (close == std::string_view::npos) {
        ++out.ignored_lines;
        in_section = false;
        continue;
      }
      section = lower(trim(line.substr(1, close - 1)));
      // Collapse inner whitespace in "profile   name".
      std::string collapsed;
      for (char c : section) {
        if ((c == ' ' || c == '\t') && (!collapsed.empty() && collapsed.back() == ' ')) continue;
        collapsed.push_back(c == '\t' ? ' ' : c);
      }
      section = collapsed;
      in_section = !section.empty();
      if (in_section) out.sections[section];
      continue;
    }
    if (indented && in_nested) continue;  // a sub-key of a nested block (e.g. "s3 =\n  max_concurrent_requests = 4")
    size_t eq = line.find('=');
    if (!in_section || eq == std::string_view::npos || eq == 0) {
      ++out.ignored_lines;
      continue;
    }
    std::string key = lower(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    in_nested = value.empty();
    if (in_nested) continue;
    out.sections[section][key] = std::string(value);
  }
  return out;
}

Result<AwsCredentials> load_aws_credentials() {
  AwsCredentials c{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN")};
  if (!c.empty()) return c;
  std::string profile = profile_name();
  std::string credentials_path = home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
  IniFile credentials = parse_ini(read_small_file(credentials_path));
  if (auto it = credentials.sections.find(lower(profile)); it != credentials.sections.end()) {
    if (credentials_from(it->second, c)) return c;
  }
  std::string config_path = home_file("AWS_CONFIG_FILE", ".aws/config");
  IniFile config = parse_ini(read_small_file(config_path));
  if (auto* section = config_section(config, lower(profile)); section && credentials_from(*section, c)) return c;
  return NotFoundError(fmt::format(
      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add aws_access_key_id and "
      "aws_secret_access_key to profile '{}' in {} or {}",
      profile, credentials_path.empty() ? "~/.aws/credentials" : credentials_path,
      config_path.empty() ? "~/.aws/config" : config_path));
}

std::string default_aws_region() {
  if (auto r = env("AWS_REGION"); !r.empty()) return r;
  if (auto r = env("AWS_DEFAULT_REGION"); !r.empty()) return r;
  IniFile config = parse_ini(read_small_file(home_file("AWS_CONFIG_FILE", ".aws/config")));
  if (auto* section = config_section(config, lower(profile_name()))) {
    if (auto it = section->find("region"); it != section->end() && !it->second.empty()) return it->second;
  }
  return "us-east-1";
}

}  // namespace streamforge::storage::s3

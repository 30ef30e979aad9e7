// Helpers shared by the manifest writer tests (HLS playlists, DASH MPDs, protection signalling):
// finding a rendition, reading text back, and validating an MPD against the DASH schema.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "package/dash_mpd.h"
#include "package/presentation.h"
#include "test_commands.h"

namespace streamforge::package::manifest_test {

// Defined in hls_playlist_test.cpp: 3 H.264 rungs, English + Spanish AAC, English WebVTT,
// thumbnails; 20.02 s at 29.97 fps.
Presentation sample_title(bool single_file);

inline const Rendition& find(const Presentation& p, const std::string& id) {
  for (const Rendition& r : p.renditions) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no rendition " << id;
  return p.renditions.front();
}
inline Rendition& find(Presentation& p, const std::string& id) {
  return const_cast<Rendition&>(find(static_cast<const Presentation&>(p), id));
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline size_t count_of(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1)) ++n;
  return n;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

inline std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(text)) {
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  }
  return out;
}

inline std::string mpd_of(const Presentation& p, const DashOptions& options = {}) {
  auto mpd = write_dash_mpd(p, options);
  EXPECT_TRUE(mpd.ok()) << mpd.status().to_string();
  return mpd.ok() ? *mpd : std::string();
}

// xmllint --noout --schema DASH-MPD.xsd: the MPD must be schema-valid. `name` names the file the
// MPD is written to for xmllint (and the failure message).
inline void expect_schema_valid(const std::string& mpd, const std::string& name) {
  ASSERT_FALSE(mpd.empty());
  auto r = testing::check_mpd_schema(mpd, name);
  EXPECT_EQ(r.exit_code, 0) << name << ": xmllint says:\n" << r.output << "\nMPD:\n" << mpd;
}

}  // namespace streamforge::package::manifest_test

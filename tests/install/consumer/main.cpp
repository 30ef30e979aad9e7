// Uses the installed headers and library: parse a ladder, probe a missing file.
#include <cstdio>
#include <streamforge/streamforge.h>

int main() {
  auto spec = streamforge::LadderSpec::from_json(R"({"video": [{"height": 360, "bitrate_kbps": 700}]})");
  if (!spec.ok()) return 1;
  auto info = streamforge::probe("/definitely/not/here.mp4");
  if (info.ok() || info.status().code() != streamforge::StatusCode::kNotFound) return 2;
  std::printf("consumer ok: %zu rung(s), probe says %s\n", spec->video.size(), info.status().to_string().c_str());
  return 0;
}

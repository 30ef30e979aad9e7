// Private to the module: the Python LadderSpec and its conversion to the C++ value.
#pragma once

#include "common.h"
#include "streamforge/transcode/ladder_spec.h"

namespace streamforge::python {

// The Python-side LadderSpec. `video` and `audio` are real Python lists of VideoRung /
// AudioRendition objects, so `spec.video.append(VideoRung(...))`, `spec.video[0].height = 720`,
// `del spec.audio[:]` all work, and a rung object held elsewhere never dangles. The C++ value is
// built from them (copies) whenever the spec is used.
struct PyLadderSpec {
  double gop_seconds = 2.0;
  bool scene_cut_keyframes = false;
  std::string deinterlace = "auto";  // "auto" | "on" | "off"
  std::string deinterlace_rate = "frame";  // "frame" | "field" | "film" | "auto"
  std::string tone_map = "auto";     // "auto" | "off"
  std::string tone_curve = "bt2390";  // "bt2390" | "hable"
  py::list video;
  py::list audio;
};

// Needs the GIL. Raises TypeError for a list element that is neither a rung object nor a dict.
LadderSpec to_cpp(const PyLadderSpec& spec);
PyLadderSpec from_cpp(const LadderSpec& spec);

// What transcode(ladder=...) accepts: None (the default ladder), a LadderSpec, a dict or a JSON
// string (both validated). Needs the GIL.
LadderSpec ladder_from_python(const py::object& ladder);

}  // namespace streamforge::python

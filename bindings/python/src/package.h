// Private to the module: the Python PackageSpec and its conversion to the C++ value, shared by
// package.cpp (package()) and transcode.cpp (transcode(..., package=...)).
#pragma once

#include "common.h"
#include "streamforge/package/package_spec.h"

namespace streamforge::python {

// The Python-side PackageSpec: the scalar fields in `spec` (its `subtitles` stays empty) and the
// subtitles as a real Python list of SubtitleInput objects, so `spec.subtitles.append(...)` and
// `spec.subtitles[0].language = "fr"` change the spec (a plain def_readwrite would hand out a
// copy and silently drop such edits). The C++ value is built from them whenever the spec is used.
struct PyPackageSpec {
  PackageSpec spec;
  py::list subtitles;
};

// Needs the GIL. Raises TypeError for a list element that is neither a SubtitleInput nor a dict.
PackageSpec to_cpp(const PyPackageSpec& spec);
PyPackageSpec from_cpp(const PackageSpec& spec);

// What package(spec=...) and transcode(package=...) accept: a PackageSpec, a dict or a JSON
// string (all validated), or None (the defaults: HLS + DASH, 4 s CMAF segments). Needs the GIL.
PackageSpec package_spec_from_python(const py::object& spec);

// Registers PackageSpec, SubtitleInput, PackageSummary, RenditionSummary and package(). Called
// from module.cpp before init_transcode (transcode() returns a PackageSummary too).
void init_package(py::module_& m);

}  // namespace streamforge::python

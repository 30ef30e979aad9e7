// The _streamforge extension module. The Python package `streamforge` (bindings/python/streamforge)
// re-exports it; import that, not this.
#include "common.h"
#include "package.h"

PYBIND11_MODULE(_streamforge, m) {
  m.doc() = "streamforge native bindings (import `streamforge`, which re-exports this module).";
  using namespace streamforge::python;
  init_errors(m);  // first: the others raise these
  init_core(m);
  init_probe(m);
  init_ladder(m);
  init_package(m);  // before transcode: transcode(package=...) returns a PackageSummary too
  init_transcode(m);
  init_test_clip(m);
  init_abr(m);  // the streamforge.abr submodule
  init_metadata(m);  // the streamforge.metadata submodule
  init_cdn_signing(m);  // the cdn_signing submodule, re-exported by streamforge.cdn
  init_cdn_delivery(m);  // the cdn_delivery submodule, re-exported by streamforge.cdn
  init_storage(m);  // the streamforge.storage submodule
#ifdef STREAMFORGE_VERSION
  m.attr("__version__") = STREAMFORGE_VERSION;
#endif
}

#include <cstdio>

#include "commands.h"
#include "job_support.h"
#include "package_support.h"
#include "streamforge/package/packager.h"

namespace streamforge::cli {

Runner add_package_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> inputs;
    std::string out;
    bool quiet = false;
    PackageCliOptions package;
  };
  auto o = std::make_shared<Options>();
  app.add_option("inputs", o->inputs, "encoded files (MP4/MOV/MKV/TS): one per rendition, or several streams in one")
      ->required();
  app.add_option("--out", o->out, "output folder (created when missing)")->required();
  app.add_flag("--quiet", o->quiet, "no progress output");
  add_package_options(app, o->package);
  return [o, &app] {
    auto spec = package_spec_from(o->package, app);
    if (!spec.ok()) return report_error(spec.status());
    PackageOptions options;
    options.cancel = interrupt_token();
    auto printer = std::make_shared<ProgressPrinter>();
    if (!o->quiet) options.progress = [printer](const Progress& p) { (*printer)(p); };
    auto summary = package_to_folder(o->inputs, o->out, *spec, options);
    if (!o->quiet) printer->finish();
    if (!summary.ok()) return report_error(summary.status());
    print_package_summary(*summary, o->out);
    return 0;
  };
}

}  // namespace streamforge::cli

#include <cstdio>

#include "commands.h"
#include "streamforge/package/decrypt.h"

namespace streamforge::cli {

Runner add_decrypt_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> inputs, keys;
    std::string out;
  };
  auto o = std::make_shared<Options>();
  app.add_option("inputs", o->inputs, "init segment then media segments in order, or one single-file rendition")
      ->required();
  app.add_option("--out", o->out, "clear fragmented MP4 to write")->required();
  app.add_option("--key", o->keys, "KID:KEY in hex (repeatable)")->required();
  return [o] {
    auto report = decrypt_rendition(o->inputs, o->out, o->keys);
    if (!report.ok()) return report_error(report.status());
    std::printf("decrypted %lld of %lld samples in %d fragments (%s, KID %s) -> %s\n",
                static_cast<long long>(report->encrypted_samples), static_cast<long long>(report->samples),
                report->fragments, report->scheme.empty() ? "clear input" : report->scheme.c_str(),
                report->key_id.c_str(), o->out.c_str());
    return 0;
  };
}

}  // namespace streamforge::cli

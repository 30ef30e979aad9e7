// The packager: encoded renditions in, CMAF (or MPEG-TS) segments plus HLS and DASH manifests
// out, written through a Storage. Two ways in:
//  - as a PacketSink: hand a Packager to transcode() and the ladder is encoded and packaged in
//    one pass with no intermediate files;
//  - package_files(): stream-copy already-encoded files (MP4/MOV/MKV/TS, one per rendition or several
//    streams in one file), plus sidecar WebVTT subtitles.
// Segments are stored as they complete; the manifests and summary.json are stored last, after
// every segment they reference. A failed or cancelled run removes what it stored and never
// leaves a manifest behind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "streamforge/core/cancel.h"
#include "streamforge/core/progress.h"
#include "streamforge/core/result.h"
#include "streamforge/media/packet_sink.h"
#include "streamforge/package/package_spec.h"
#include "streamforge/storage/storage.h"

namespace streamforge {

// Thread-safety: one instance per job. Calls follow PacketSink's contract (serialised).
class Packager : public PacketSink {
 public:
  // `storage` is borrowed and must outlive the packager. Validates the spec. With
  // encryption.cpix_url, fetches the content keys from the key server first (package/cpix_keys.h;
  // `cancel` aborts that request).
  static Result<std::unique_ptr<Packager>> create(Storage& storage, const PackageSpec& spec,
                                                  const CancelToken& cancel = CancelToken::none());
  ~Packager() override;

  Status on_stream(int index, const StreamInfo& info) override;
  Status on_packet(const Packet& packet) override;
  Status on_end() override;
  void on_abort(const Status& reason) override;

  // What was produced; complete after on_end() returned OK.
  const PackageSummary& summary() const;

  // The title's duration when known before the first packet (from the container or a probe):
  // posters are then picked at their exact fractions while streaming. Optional.
  void set_expected_duration(double seconds);

 private:
  Packager();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct PackageOptions {
  ProgressFn progress;   // phase "package", frames_done = packets read; from the calling thread
  CancelToken cancel;    // cancel() from any thread; the run stops and cleans up
};

// Packages already-encoded inputs (stream copy). Every video and audio stream of every input
// becomes a rendition. Thread-safety: independent calls may run concurrently.
Result<PackageSummary> package_files(const std::vector<std::string>& inputs, Storage& storage, const PackageSpec& spec,
                               const PackageOptions& options = {});

// package_files() into a local folder (created when missing).
Result<PackageSummary> package_to_folder(const std::vector<std::string>& inputs, const std::string& folder,
                                         const PackageSpec& spec, const PackageOptions& options = {});

}  // namespace streamforge
